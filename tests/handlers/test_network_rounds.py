"""Participation, the post-event needs round and peer introductions on the fake edge (fake clock): attendance from
RSVPs, confirmed by reaction and corrected by a coordinator; per-NCC counts with the missed-in-a-row flag and the
CSV; attendees asked by DM and their needs carrying the event; two authors in two NCCs introduced only after both
say yes, neither learning anything of the other before."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.context import JobContext
from handlers.events.models import Event
from handlers.needs.models import Need
from handlers.network import followup as followup_module
from handlers.network import intros
from tests.fakes import BOT, COORDINATOR, MEMBER, FakeRoom, PowerLevels, TestBed

LISBON, VILNIUS, VALLETTA = "!lisbon:test", "!vilnius:test", "!valletta:test"
ANA, JONAS, MODERATOR = "@ana:test", "@jonas:test", "@vilnius-mod:test"
MEMBER_DM = "!dm-member:test"
CONFIG = f"""network:
  nccs:
    - {{name: NCC Portugal, country: Portugal, rooms: ['{LISBON}']}}
    - {{name: NCC Lithuania, country: Lithuania, rooms: ['{VILNIUS}']}}
    - {{name: NCC Malta, country: Malta, rooms: ['{VALLETTA}']}}
  groups:
    A: [NCC Portugal, NCC Lithuania, NCC Malta]
  missed_flag: 2
"""


async def start_bed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "") -> TestBed:
    def room(*users: str, **kw: object) -> FakeRoom:
        return FakeRoom(users=dict.fromkeys((BOT, COORDINATOR, *users)), **kw)  # type: ignore[arg-type]

    rooms = {
        LISBON: room(MEMBER, display_name="Lisbon"),
        VILNIUS: room(ANA, MODERATOR, power_levels=PowerLevels({MODERATOR: 50}), display_name="Vilnius"),
        VALLETTA: room(JONAS, display_name="Valletta"),
        MEMBER_DM: FakeRoom(users={BOT: None, MEMBER: None}),
    }
    test_bed = await TestBed.start(tmp_path, CONFIG + extra, rooms=rooms, direct=[MEMBER_DM])
    for hook in test_bed.services.registry.features:
        if hook.name == "network":
            for start in hook.start_hooks:
                await start(test_bed.services)

    async def create_room(services: object, name: str, invite: list[str]) -> str:
        room_id = f"!intro-{len(test_bed.matrix.created)}:test"
        test_bed.matrix.rooms[room_id] = FakeRoom(
            users={BOT: None}, invited_users=dict.fromkeys(invite), display_name=name
        )
        test_bed.matrix.created.append(room_id)
        return room_id

    monkeypatch.setattr(intros, "create_room", create_room)
    return test_bed


@pytest.fixture
async def bed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[TestBed]:
    test_bed = await start_bed(tmp_path, monkeypatch)
    yield test_bed
    await test_bed.close()


async def group_event(bed: TestBed, title: str = "Mutual learning call") -> dict[str, Event]:
    await bed.say(f"!network event group A at in 2 days 10:00 | {title}", sender=COORDINATOR, room=LISBON)
    async with bed.services.db.session() as session:
        rows = list(await session.scalars(select(Event).where(Event.title == title)))
    return {e.room_id: e for e in rows}


async def rsvp(bed: TestBed, event: Event, user: str, emoji: str = "✅") -> None:
    relates = {"rel_type": "m.annotation", "event_id": event.announcement_event_id, "key": emoji}
    await bed.event("m.reaction", {"m.relates_to": relates}, room=event.room_id, sender=user)


def sent_to(bed: TestBed, room_prefix: str, since: int = 0) -> list[str]:
    return [s.body for s in bed.matrix.sent[since:] if s.room_id.startswith(room_prefix)]


async def test_attendance_from_rsvps_reactions_and_corrections_counts_per_ncc(bed: TestBed) -> None:
    events = await group_event(bed)
    await rsvp(bed, events[LISBON], MEMBER)
    await rsvp(bed, events[VILNIUS], ANA, "❌")  # not going
    early = await bed.ask(f"!event attendance {events[LISBON].id}", sender=COORDINATOR, room=LISBON)
    assert "has not started yet" in early
    bed.advance(days=3)
    taken = await bed.say(f"!event attendance {events[LISBON].id}", sender=COORDINATOR, room=LISBON)
    prompt = next(s for s in taken if s.body.startswith("Attendance for “Mutual learning call”"))
    assert prompt.room_id == LISBON and "1 present. NCC Portugal 1" in taken[-1].body
    vilnius = await bed.say(f"!event attendance {events[VILNIUS].id}", sender=MODERATOR, room=VILNIUS)
    vilnius_prompt = next(s for s in vilnius if s.room_id == VILNIUS and "react ✅" in s.body)
    assert "0 present" in vilnius[-1].body
    prompt_id = f"$bot{bed.matrix.sent.index(vilnius_prompt) + 1}"  # the fake edge numbers sends in order
    relates = {"rel_type": "m.annotation", "event_id": prompt_id, "key": "✅"}
    await bed.event("m.reaction", {"m.relates_to": relates}, room=VILNIUS, sender=ANA)  # "I was there after all"
    shown = await bed.ask(f"!event attendance {events[VILNIUS].id}", sender=MODERATOR, room=VILNIUS)
    assert "1 present. NCC Lithuania 1" in shown and "confirmed by reaction 1" in shown
    refused = await bed.ask(f"!event attended {events[LISBON].id} {JONAS}", sender=MODERATOR, room=VILNIUS)
    assert f"no event #{events[LISBON].id} that you manage" in refused  # Vilnius' moderator: not Lisbon's
    corrected = await bed.ask(f"!event absent {events[LISBON].id} {MEMBER}", sender=COORDINATOR, room=LISBON)
    assert "0 present" in corrected and "marked absent 1" in corrected
    await bed.ask(f"!event attended {events[LISBON].id} {MEMBER}", sender=COORDINATOR, room=LISBON)

    report = await bed.say("!participation group A", sender=COORDINATOR, room=LISBON)
    dm = next(s.body for s in report if s.room_id.startswith("!dm-coordinator"))
    assert "I sent it to you in a direct message" in report[-1].body and report[-1].room_id == LISBON
    assert "NCC Portugal: took part in 1 of 1 ✓" in dm and "NCC Lithuania: took part in 1 of 1 ✓" in dm
    assert "NCC Malta: took part in 0 of 0" in dm  # Valletta's copy has no attendance taken: no absence counted
    assert "1 event(s) still have no attendance in some of their rooms" in dm
    assert "is for the network's coordinators" in await bed.ask("!participation", room=LISBON)


async def test_ncc_missing_the_last_events_is_flagged_and_exported(bed: TestBed) -> None:
    for title in ("Call one", "Call two"):
        events = await group_event(bed, title)
        await rsvp(bed, events[LISBON], MEMBER)
        bed.advance(days=3)
        for event in events.values():
            await bed.say(f"!event attendance {event.id}", sender=COORDINATOR, room=LISBON)
    dm = await bed.say("!participation", sender=COORDINATOR, room=MEMBER_DM)  # a DM: answered there
    text = next(s.body for s in dm if "Participation, the whole network" in s.body)
    assert "NCC Portugal: took part in 2 of 2 ✓✓" in text and "NCC Portugal: took part in 2 of 2 ✓✓ ⚠" not in text
    assert "NCC Malta: took part in 0 of 2 ✗✗ ⚠ missed the last 2" in text
    await bed.say("!participation export group A since 1 January 2027", sender=COORDINATOR, room=LISBON)
    upload = next(s for s in reversed(bed.matrix.sent) if s.content.get("msgtype") == "m.file")
    assert upload.room_id.startswith("!dm-coordinator") and upload.content["body"].endswith(".csv")
    assert "I could not read the day" in await bed.ask(
        "!participation since the dawn of time", sender=COORDINATOR, room=LISBON
    )


async def test_csv_rows_neutralise_formulas(bed: TestBed, monkeypatch: pytest.MonkeyPatch) -> None:
    captured: list[bytes] = []

    async def send_file(user_id: str, data: bytes, *args: object, **kwargs: object) -> None:
        captured.append(data)

    events = await group_event(bed, "=HYPERLINK(evil)")
    bed.advance(days=3)
    await bed.say(f"!event attended {events[VALLETTA].id} {JONAS}", sender=COORDINATOR, room=LISBON)
    monkeypatch.setattr(bed.services.dms, "send_file", send_file)
    await bed.say("!participation export", sender=COORDINATOR, room=LISBON)
    rows = list(csv.DictReader(io.StringIO(captured[0].decode("utf-8-sig"))))
    malta = [r for r in rows if r["ncc"] == "NCC Malta"]
    assert len(rows) == 3 and malta[0]["took_part"] == "yes" and malta[0]["title"] == "'=HYPERLINK(evil)"
    assert {r["took_part"] for r in rows if r["ncc"] != "NCC Malta"} == {"not taken"}


async def test_the_needs_round_asks_attendees_once_and_files_needs_with_the_event_as_source(bed: TestBed) -> None:
    events = await group_event(bed)
    await rsvp(bed, events[LISBON], MEMBER)
    bed.advance(days=3)
    first = await bed.say(f"!event followup {events[LISBON].id}", sender=COORDINATOR, room=LISBON)
    invitation = [s.body for s in first if s.room_id == MEMBER_DM]
    assert len(invitation) == 1 and invitation[0].startswith("Thank you for taking part in Mutual learning call")
    assert "What does your NCC need?" in invitation[0]
    assert "1 attendee(s) asked (1 just now), 0 answered, 0 need(s) filed" in first[-1].body
    again = await bed.say(f"!event followup {events[LISBON].id}", sender=COORDINATOR, room=LISBON)
    assert [s.room_id for s in again] == [LISBON] and "(0 just now)" in again[-1].body  # nobody asked twice
    for answer in ("A toolkit to measure the social impact of our members", "ok", "1", "Portugal", "yes", "yes"):
        await bed.say(answer, room=MEMBER_DM)
    async with bed.services.db.session() as session:
        need = (await session.scalars(select(Need))).one()
    assert need.source == f"event:{events[LISBON].id}" and need.contact_ok
    summary = await bed.ask(f"!event followup {events[LISBON].id}", sender=COORDINATOR, room=LISBON)
    assert "1 answered, 1 need(s) filed" in summary and "• Impact measurement: 1" in summary


async def test_the_round_goes_by_itself_after_the_configured_hours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bed = await start_bed(tmp_path, monkeypatch, "  followup_after_hours: 4\n")
    events = await group_event(bed)
    await rsvp(bed, events[LISBON], MEMBER)
    bed.advance(days=2, hours=2)  # the event started 1 hour ago: too early
    job = JobContext(bed.services, "network.followups", "all")
    before = len(bed.matrix.sent)
    await followup_module.scan(job, "all")
    assert sent_to(bed, "!dm-member", before) == []
    bed.advance(hours=4)
    await followup_module.scan(job, "all")
    assert len(sent_to(bed, "!dm-member", before)) == 1
    await followup_module.scan(job, "all")
    assert len(sent_to(bed, "!dm-member", before)) == 1  # once
    await bed.close()


async def guided_need(bed: TestBed, user: str, room: str, text: str, country: str) -> None:
    await bed.say("!need", room=room, sender=user)
    dm = next(r for r, f in bed.matrix.rooms.items() if r.startswith("!dm-") and user in f.users)
    for answer in (text, "ok", "1", country, "yes", "yes"):
        await bed.say(answer, room=dm, sender=user)


async def test_peers_in_two_nccs_are_introduced_only_after_both_agree(bed: TestBed) -> None:
    before = len(bed.matrix.sent)
    await guided_need(bed, MEMBER, LISBON, "A method to measure the social impact of our members", "Portugal")
    assert not any("similar to yours" in s.body for s in bed.matrix.sent[before:])  # nobody to meet yet
    await guided_need(
        bed, ANA, VILNIUS, "We need a way to measure the social impact of our members' projects", "Lithuania"
    )
    invitations = [s for s in bed.matrix.sent[before:] if "similar to yours" in s.body]
    assert sorted(s.room_id.split("-")[1].split(":")[0] for s in invitations) == ["ana", "member"]
    for invitation in invitations:  # nothing of the other: neither NCC, nor name, nor text
        for secret in ("Lithuania", "Portugal", "Lisbon", "Vilnius", "@ana", "@member", "projects", "method"):
            assert secret not in invitation.body
    intro_id = invitations[0].body.split("!intro yes ")[1].split("`")[0].split()[0]
    assert "no introduction #" in await bed.ask(f"!intro yes {intro_id}", room=VALLETTA, sender=JONAS)
    waiting = await bed.ask(f"!intro yes {intro_id}", room=MEMBER_DM)
    assert "waiting for the other member" in waiting and not bed.matrix.created[2:]
    ana_dm = next(r for r, f in bed.matrix.rooms.items() if r.startswith("!dm-ana"))
    opened = await bed.say(f"!intro yes {intro_id}", room=ana_dm, sender=ANA)
    room_id = bed.matrix.created[-1]
    assert room_id.startswith("!intro-") and bed.matrix.rooms[room_id].invited_users.keys() == {MEMBER, ANA}
    assert any("invited you both" in s.body for s in opened if s.room_id == MEMBER_DM)
    assert sent_to(bed, room_id) == []  # the introduction waits until both joined
    for user in (MEMBER, ANA):
        bed.matrix.rooms[room_id].users[user] = None
        await bed.event("m.room.member", {"membership": "join"}, room=room_id, sender=user, state_key=user)
    intro = sent_to(bed, room_id)
    assert len(intro) == 1 and "NCC Portugal" in intro[0] and "NCC Lithuania" in intro[0] and "projects" in intro[0]
    listing = await bed.ask("!needs peers", sender=COORDINATOR, room=LISBON)
    assert "introduced" in listing and "NCC Portugal" in listing
    assert "No peer introductions" in await bed.ask("!needs peers", sender=MODERATOR, room=VILNIUS)  # DM needs


async def test_a_no_closes_it_and_forgetting_removes_it(bed: TestBed) -> None:
    await guided_need(bed, MEMBER, LISBON, "A method to measure the social impact of our members", "Portugal")
    await guided_need(
        bed, ANA, VILNIUS, "We need a way to measure the social impact of our members' projects", "Lithuania"
    )
    await bed.ask("!intro yes 1", room=MEMBER_DM)
    ana_dm = next(r for r, f in bed.matrix.rooms.items() if r.startswith("!dm-ana"))
    said_no = await bed.say("!intro no 1", room=ana_dm, sender=ANA)
    assert any("would rather not this time" in s.body for s in said_no if s.room_id == MEMBER_DM)
    assert "closed" in await bed.ask("!intro yes 1", room=MEMBER_DM)
    assert "found 0" not in await bed.ask("!need peers 1", room=MEMBER_DM)  # the pair is not asked again
    bed.advance(minutes=5)  # a member's quick messages are rate-limited
    assert "I no longer hold any data" in await bed.ask("!forgetme confirm", room=MEMBER_DM)
    assert "No peer introductions" in await bed.ask("!needs peers", sender=COORDINATOR, room=LISBON)
