"""The core through a real Synapse: replies, help, permissions, auto-join, restarts, bursts, no loops."""

from __future__ import annotations

from devtools.synapse import Synapse
from tests.e2e.harness import FLOODS_ALLOWED, World, eventually, refused


async def test_ping_is_answered_as_a_notice_reply(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    event_id = await member.send_text(world.room_id, "!ping")
    reply = await member.reply_to(event_id)
    assert reply.sender == world.bot_id
    assert reply.body == "pong"
    assert reply.content["msgtype"] == "m.notice"
    assert reply.content["m.mentions"] == {"user_ids": []}


async def test_help_shows_what_the_asker_may_use(world: World) -> None:
    await world.start_bot()
    member, coordinator = await world.member(), await world.coordinator()
    member_help = await member.ask(world.room_id, "!help")
    assert "!ping" in member_help.body and "!help [command]" in member_help.body
    assert "!status" not in member_help.body
    assert "<code>!ping</code>" in member_help.content["formatted_body"]
    coordinator_help = await coordinator.ask(world.room_id, "!help")
    assert "!status" in coordinator_help.body
    detail = await member.ask(world.room_id, "!help help")
    assert detail.body.startswith("Usage: !help [command]") and "!help need" in detail.body


async def test_unknown_command_gets_a_suggestion(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    reply = await member.ask(world.room_id, "!hlep")
    assert "Unknown command !hlep — did you mean !help?" in reply.body
    reply = await member.ask(world.room_id, "!zzzzzz")
    assert "Unknown command !zzzzzz." in reply.body and "did you mean" not in reply.body


async def test_coordinator_commands_are_refused_to_members(world: World) -> None:
    await world.start_bot()
    member, coordinator = await world.member(), await world.coordinator()
    refusal = await member.ask(world.room_id, "!status")
    assert refused(refusal)
    allowed = await coordinator.ask(world.room_id, "!status")  # power level: the room's creator
    assert allowed.body.startswith("ncc-bot ") and "Counters:" in allowed.body


async def test_in_a_dm_only_listed_coordinators_count(world: World, synapse: Synapse) -> None:
    listed = synapse.register(f"listed-{world.room_id[1:7].lower()}")
    await world.start_bot("", NCC_BOT_COORDINATORS=listed.user_id)
    dm_member = synapse.create_room(world.member_account.access_token, name="dm", invite=[world.bot_id], is_direct=True)
    dm_listed = synapse.create_room(listed.access_token, name="dm", invite=[world.bot_id], is_direct=True)
    member, coordinator = await world.member(), await world.user(listed)
    await eventually(lambda: synapse.membership(listed.access_token, dm_listed, world.bot_id) == "join")
    await eventually(lambda: synapse.membership(world.member_account.access_token, dm_member, world.bot_id) == "join")
    refusal = await member.ask(dm_member, "!status")  # power 100 as the DM's creator, but not listed
    assert refused(refusal)
    allowed = await coordinator.ask(dm_listed, "!status")
    assert "Counters:" in allowed.body


async def test_user_text_is_escaped_in_html(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    reply = await member.ask(world.room_id, "!help <script>alert(1)</script>")
    html = reply.content["formatted_body"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>alert(1)</script>" in reply.body


async def test_no_bot_loops(world: World, synapse: Synapse) -> None:
    await world.start_bot()
    member = await world.member()
    other_bot = await world.user(world.coordinator_account)
    notice_id = await other_bot.send(world.room_id, {"msgtype": "m.notice", "body": "!ping"})
    text_id = await member.send_text(world.room_id, "!ping")
    await member.reply_to(text_id)
    pong = await world.barrier(member)  # a wrong answer to the notice would have come before this pong
    assert world.replies_from_bot(member, notice_id) == []
    # the bot's own messages never trigger it: everything it said is a reply to the one text
    bot_messages = [m for m in member.messages if m.sender == world.bot_id and m.event_id != pong.event_id]
    assert [m.reply_to for m in bot_messages] == [text_id]


async def test_replies_stay_in_the_thread(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    root = await member.send_text(world.room_id, "Thread about the workshop")
    in_thread = await member.send_text(
        world.room_id, "!ping", **{"m.relates_to": {"rel_type": "m.thread", "event_id": root}}
    )
    reply = await member.reply_to(in_thread)
    assert reply.content["m.relates_to"]["rel_type"] == "m.thread"
    assert reply.content["m.relates_to"]["event_id"] == root


async def test_auto_join_policy(world: World, synapse: Synapse) -> None:
    await world.start_bot(
        "auto_join:\n  from_own_server: false\n", NCC_BOT_COORDINATORS=world.coordinator_account.user_id
    )
    from_member = synapse.create_room(world.member_account.access_token, name="x", invite=[world.bot_id])
    from_coordinator = synapse.create_room(world.coordinator_account.access_token, name="y", invite=[world.bot_id])
    token_m, token_c = world.member_account.access_token, world.coordinator_account.access_token
    await eventually(lambda: synapse.membership(token_c, from_coordinator, world.bot_id) == "join")
    await eventually(lambda: synapse.membership(token_m, from_member, world.bot_id) == "leave")


async def test_restart_answers_what_came_while_down_and_nothing_twice(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    before = await member.send_text(world.room_id, "!ping")
    await member.reply_to(before)
    await world.stop_bot()
    while_down = await member.send_text(world.room_id, "!ping")
    await world.start_bot()
    await member.reply_to(while_down)
    after = await member.send_text(world.room_id, "!ping")
    await member.reply_to(after)
    assert [len(world.replies_from_bot(member, e)) for e in (before, while_down, after)] == [1, 1, 1]


async def test_first_start_ignores_history(world: World) -> None:
    member = await world.member()
    old = await member.send_text(world.room_id, "!ping")  # the bot is invited, not joined, not running
    await world.start_bot()
    fresh = await member.send_text(world.room_id, "!ping")
    await member.reply_to(fresh)
    await world.barrier(member)
    assert world.replies_from_bot(member, old) == []


async def test_burst_beyond_one_sync_page_loses_nothing(world: World) -> None:
    """Synapse hands out at most 100 timeline events per sync: the rest must be paged back, not dropped."""
    await world.start_bot(FLOODS_ALLOWED)
    member = await world.member()
    await member.ask(world.room_id, "!ping")
    await world.stop_bot()
    sent = [await member.send_text(world.room_id, f"!ping {i}") for i in range(250)]
    bot = await world.start_bot(FLOODS_ALLOWED)
    await eventually(lambda: all(world.replies_from_bot(member, e) for e in sent), timeout=90)
    assert bot.metrics.totals["gap_events"] >= 150  # paged back, not dropped
    await world.barrier(member)
    counts = [len(world.replies_from_bot(member, e)) for e in sent]
    assert counts == [1] * len(sent)
    replies = [m.reply_to for m in member.messages if m.sender == world.bot_id and m.reply_to in set(sent)]
    assert replies == sent  # answered in the order they were sent


async def test_a_flooding_member_is_slowed_down_politely_once(world: World) -> None:
    await world.start_bot()
    member, coordinator = await world.member(), await world.coordinator()
    sent = [await member.send_text(world.room_id, f"!ping {i}") for i in range(14)]
    pong = await world.barrier(coordinator)  # a coordinator is not slowed down by someone else's flood
    await member.wait_for(lambda m: m.event_id == pong.event_id)  # the member's client has seen it all too
    replies = [m for e in sent for m in world.replies_from_bot(member, e)]
    pongs = [m for m in replies if m.body == "pong"]
    warnings = [m for m in replies if m.body.startswith("You're sending messages faster")]
    assert 10 <= len(pongs) <= 11 and len(warnings) == 1 and len(replies) == len(pongs) + 1
