"""Participation, the post-event needs round and peer introductions through a real Synapse with real clients:
RSVPs by reaction and a coordinator's correction counted per NCC; attendees asked by DM, whose answers file needs
linked to the event; two members in two NCCs' rooms introduced in an encrypted room only after both agreed, neither
having learnt anything of the other before."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from devtools.chat import ChatUser
from handlers.needs.models import Need
from tests.e2e.harness import World, eventually, next_in


def second_ncc_room(world: World, name: str, user_id: str, token: str) -> str:
    room_id = world.synapse.create_room(
        world.coordinator_account.access_token, name=name, encrypted=False, invite=[world.bot_id, user_id]
    )
    world.synapse.join(token, room_id)
    return room_id


def network_config(lisbon: str, valletta: str, extra: str = "") -> str:
    return (
        "network:\n  nccs:\n"
        f"    - {{name: NCC Portugal, country: Portugal, rooms: ['{lisbon}']}}\n"
        f"    - {{name: NCC Malta, country: Malta, rooms: ['{valletta}']}}\n"
        "  groups:\n    A: [NCC Portugal, NCC Malta]\n" + extra
    )


async def react(user: ChatUser, room_id: str, event_id: str, key: str) -> None:
    relates = {"rel_type": "m.annotation", "event_id": event_id, "key": key}
    await user.send(room_id, {"m.relates_to": relates}, event_type="m.reaction")


async def answer_guided_need(world: World, user: ChatUser, dm: str, text: str, country: str, seen: int) -> int:
    """The guided dialogue from its first question on; returns how many bot messages the DM then holds."""
    for answer in (text, "ok", "1", country, "yes", "yes"):
        await user.send_text(dm, answer)
        await next_in(user, dm, world.bot_id, seen)
        seen += 1
    return seen


async def test_participation_after_rsvps_and_a_correction_then_a_needs_round(world: World) -> None:
    ana_account = world.synapse.register(f"ana-{uuid.uuid4().hex[:8]}")
    valletta = second_ncc_room(world, "NCC Malta", ana_account.user_id, ana_account.access_token)
    await world.start_bot(network_config(world.room_id, valletta))
    coordinator, member = await world.coordinator(encrypted=True), await world.member(encrypted=True)
    ana = await world.user(ana_account)
    token = world.coordinator_account.access_token
    await eventually(lambda: world.synapse.membership(token, valletta, world.bot_id) == "join", timeout=30)
    added = await coordinator.ask(world.room_id, "!network event group A at in 2 hours | Mutual learning call")
    assert "For group A, in 2 room(s): events #1, #2" in added.body, added.body
    ids = {}
    for user, room_id, key in ((member, world.room_id, "✅"), (ana, valletta, "❌")):  # Ana said no, came anyway
        shown = await user.wait_for(lambda m, r=room_id: m.room_id == r and m.body.startswith("📅 Mutual"))
        await react(user, room_id, shown.event_id, key)
        listing = await user.ask(room_id, "!events")
        ids[room_id] = listing.body.split("#")[1].split()[0]
    world.advance(hours=3)
    for room_id in (world.room_id, valletta):
        taken = await coordinator.ask(room_id, f"!event attendance {ids[room_id]}")
        assert "Attendance at #" in taken.body, taken.body
    prompt = await member.wait_for(lambda m: m.room_id == world.room_id and "react ✅" in m.body)
    assert prompt.sender == world.bot_id and prompt.content["msgtype"] == "m.notice"
    corrected = await coordinator.ask(valletta, f"!event attended {ids[valletta]} {ana_account.user_id}")
    assert "1 present. NCC Malta 1" in corrected.body and "set by a coordinator 1" in corrected.body
    asked = await coordinator.ask(world.room_id, "!participation group A")
    assert "direct message" in asked.body
    dm = await coordinator.accept_invite()
    report = await coordinator.wait_for(lambda m: m.room_id == dm and "Participation" in m.body, timeout=30)
    assert "NCC Portugal: took part in 1 of 1 ✓" in report.body and "NCC Malta: took part in 1 of 1 ✓" in report.body

    round_sent = await coordinator.ask(world.room_id, f"!event followup {ids[world.room_id]}")
    assert "1 attendee(s) asked (1 just now)" in round_sent.body, round_sent.body
    member_dm = await member.accept_invite()
    invitation = await next_in(member, member_dm, world.bot_id, 0)
    assert invitation.body.startswith("Thank you for taking part in Mutual learning call")
    await answer_guided_need(world, member, member_dm, "Coaching on impact measurement for our partners", "Portugal", 1)
    summary = await coordinator.ask(world.room_id, f"!event followup {ids[world.room_id]}")
    assert "(0 just now), 1 answered, 1 need(s) filed" in summary.body and "Impact measurement: 1" in summary.body
    assert world.bot is not None and world.bot.services is not None
    async with world.bot.services.db.session() as session:
        needs = list(await session.scalars(select(Need)))
    assert [(n.source, n.user_id) for n in needs] == [(f"event:{ids[world.room_id]}", world.member_account.user_id)]


async def test_two_members_of_two_nccs_meet_only_after_both_agree(world: World) -> None:
    ana_account = world.synapse.register(f"ana-{uuid.uuid4().hex[:8]}")
    valletta = second_ncc_room(world, "NCC Malta", ana_account.user_id, ana_account.access_token)
    await world.start_bot(network_config(world.room_id, valletta))
    member, ana = await world.member(encrypted=True), await world.user(ana_account, encrypted=True)
    token = world.coordinator_account.access_token
    await eventually(lambda: world.synapse.membership(token, valletta, world.bot_id) == "join", timeout=30)
    dms = {}
    texts = {
        "member": "A method to measure the social impact of our member organisations",
        "ana": "We need a way to measure the social impact of our member organisations' projects",
    }
    for name, user, room_id, country in (
        ("member", member, world.room_id, "Portugal"),
        ("ana", ana, valletta, "Malta"),
    ):
        await user.ask(room_id, "!need")
        dms[name] = await user.accept_invite()
        await next_in(user, dms[name], world.bot_id, 0)
        await answer_guided_need(world, user, dms[name], texts[name], country, 1)
    invitations = {}
    for name, user in (("member", member), ("ana", ana)):
        invitations[name] = await user.wait_for(lambda m, d=dms[name]: m.room_id == d and "similar to yours" in m.body)
        for secret in ("Portugal", "Malta", "ana-", "member-", "projects", "method", texts["ana"][:20]):
            assert secret not in invitations[name].body, (name, secret)
    intro_id = invitations["member"].body.split("!intro yes ")[1].split()[0].strip("`.")
    waiting = await member.ask(dms["member"], f"!intro yes {intro_id}")
    assert "waiting for the other member" in waiting.body
    await world.barrier(ana, valletta)
    assert not member.invites and not ana.invites  # no room before both said yes
    opened = await ana.ask(dms["ana"], f"!intro yes {intro_id}")
    assert "I invited you both to a private room" in opened.body
    room_a, room_b = await member.accept_invite(), await ana.accept_invite()
    assert room_a == room_b
    introduction = await ana.wait_for(lambda m: m.room_id == room_a and m.sender == world.bot_id, timeout=30)
    assert introduction.encrypted and "NCC Portugal" in introduction.body and "NCC Malta" in introduction.body
    assert "projects" in introduction.body and "method" in introduction.body
    await eventually(lambda: any(m.room_id == room_a and m.sender == world.bot_id for m in member.messages), timeout=30)
