"""The network layer on the fake edge: NCCs and groups from config and from the chat, a group announcement that
reaches each room of the group once (and no other room), members confirmed only by their own NCC's
moderators, and nothing of it open to a member."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.context import JobContext
from handlers.events.jobs import send_announcement
from tests.fakes import BOT, COORDINATOR, MEMBER, FakeRoom, PowerLevels, TestBed

LISBON, PORTO, VILNIUS, VALLETTA = "!lisbon:test", "!porto:test", "!vilnius:test", "!valletta:test"
MODERATOR = "@vilnius-mod:test"
CONFIG = f"""network:
  nccs:
    - {{name: NCC Portugal, country: Portugal, rooms: ['{LISBON}', '{PORTO}']}}
    - {{name: NCC Lithuania, country: Lithuania, rooms: ['{VILNIUS}']}}
    - {{name: NCC Malta, country: Malta, rooms: ['{VALLETTA}']}}
  groups:
    A: [NCC Portugal, NCC Lithuania]
    B: [NCC Malta]
"""


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    everyone = {BOT: None, MEMBER: None, COORDINATOR: None, MODERATOR: None}
    rooms = {room: FakeRoom(users=dict(everyone), display_name=room) for room in (LISBON, PORTO, VALLETTA)}
    rooms[VILNIUS] = FakeRoom(users=dict(everyone), power_levels=PowerLevels({MODERATOR: 50}), display_name="Vilnius")
    test_bed = await TestBed.start(tmp_path, CONFIG, rooms=rooms)
    for hook in test_bed.services.registry.features:
        for start in hook.start_hooks:
            if hook.name == "network":
                await start(test_bed.services)
    yield test_bed
    await test_bed.close()


async def fire(bed: TestBed, announcement_id: int) -> list[str]:
    bed.advance(days=3)
    before = len(bed.matrix.sent)
    await send_announcement(JobContext(bed.services, "events.announcement", str(announcement_id)), str(announcement_id))
    return [s.room_id for s in bed.matrix.sent[before:]]


async def test_a_group_announcement_reaches_each_room_of_the_group_once(bed: TestBed) -> None:
    text = await bed.ask(
        "!network announce group A at in 2 days 10:00 | Mutual learning call", sender=COORDINATOR, room=LISBON
    )
    assert text.startswith("For group A, in 3 room(s). Announcement #1")
    assert "Mutual learning call" in await bed.ask("!announcements", room=VILNIUS)  # each room lists it
    assert "No scheduled announcements" in await bed.ask("!announcements", room=VALLETTA)
    assert sorted(await fire(bed, 1)) == sorted([LISBON, PORTO, VILNIUS])
    assert await fire(bed, 1) == []  # exactly once


async def test_a_replayed_request_is_one_announcement(bed: TestBed) -> None:
    body = "!network announce ncc NCC Malta at in 2 days 10:00 | Hello Malta"
    first = await bed.say(body, sender=COORDINATOR, room=LISBON, event_id="$same")
    again = await bed.say(body, sender=COORDINATOR, room=LISBON, event_id="$same")
    assert first and [s.tx_key for s in again] == [s.tx_key for s in first]  # the homeserver keeps one
    assert await fire(bed, 1) == [VALLETTA]


async def test_the_whole_network_and_a_bad_target(bed: TestBed) -> None:
    text = await bed.ask("!network announce network at in 2 days 10:00 | To all", sender=COORDINATOR, room=LISBON)
    assert "in 4 room(s)" in text
    assert "Say whom to tell" in await bed.ask("!network announce everyone | hi", sender=COORDINATOR, room=LISBON)
    assert "There is no NCC called NCC Atlantis" in await bed.ask(
        "!network announce ncc NCC Atlantis at in 2 days 10:00 | hi", sender=COORDINATOR, room=LISBON
    )
    assert "is for the network's coordinators" in await bed.ask(
        "!network announce network at in 2 days | x", room=LISBON
    )


async def test_ncc_and_groups_from_the_chat(bed: TestBed) -> None:
    assert "NCC Greece added" in await bed.ask("!ncc add NCC Greece | Greece", sender=COORDINATOR, room=LISBON)
    assert "already" in await bed.ask("!ncc add ncc greece", sender=COORDINATOR, room=LISBON)
    assert "NCC Greece is now in group B" in await bed.ask("!group put B | NCC Greece", sender=COORDINATOR, room=LISBON)
    listing = await bed.ask("!nccs", room=LISBON)
    assert "NCC Greece (Greece) · groups: B · rooms: 0" in listing and "NCC Portugal (Portugal) · groups: A" in listing
    assert "has no rooms yet" in await bed.ask(
        "!network announce ncc NCC Greece at in 2 days 10:00 | x", sender=COORDINATOR, room=LISBON
    )
    assert "declared in config.yaml" in await bed.ask("!ncc remove NCC Malta", sender=COORDINATOR, room=LISBON)
    assert "NCC Greece removed" in await bed.ask("!ncc remove NCC Greece", sender=COORDINATOR, room=LISBON)
    assert "is for the network's coordinators" in await bed.ask("!ncc add NCC Member", room=LISBON)


async def test_a_member_is_confirmed_only_by_a_moderator_of_their_ncc(bed: TestBed) -> None:
    assert "You have not joined an NCC" in await bed.ask("!ncc", room=VILNIUS)
    assert "A coordinator of NCC Portugal confirms it" in await bed.ask("!ncc join NCC Portugal", room=VILNIUS)
    refused = await bed.ask(f"!ncc confirm {MEMBER}", sender=MODERATOR, room=VILNIUS)
    assert "Only a moderator of one of NCC Portugal's rooms" in refused  # Vilnius' moderator: not Portugal's
    assert "none of its coordinators has confirmed" in await bed.ask("!ncc", room=VILNIUS)
    assert f"{MEMBER} now belongs to NCC Portugal" in await bed.ask(
        f"!ncc confirm {MEMBER}", sender=COORDINATOR, room=LISBON
    )
    mine = await bed.ask("!ncc", room=VILNIUS)
    assert "You belong to NCC Portugal" in mine and "This room belongs to NCC Lithuania" in mine
    await bed.ask("!ncc join NCC Lithuania", room=VILNIUS)
    assert "now belongs to NCC Lithuania" in await bed.ask(f"!ncc confirm {MEMBER}", sender=MODERATOR, room=VILNIUS)


async def test_a_group_event_is_one_event_in_each_room_with_its_own_reminders(bed: TestBed) -> None:
    sent = await bed.say(
        "!network event group A at in 2 days 10:00 | Mutual learning call", sender=COORDINATOR, room=LISBON
    )
    announced = sorted(s.room_id for s in sent if s.body.startswith("📅 Mutual learning call"))
    assert announced == sorted([LISBON, PORTO, VILNIUS])
    assert sent[-1].body.startswith("For group A, in 3 room(s): events #1, #2, #3")
    assert "Mutual learning call" in await bed.ask("!events", room=PORTO)
    assert "No upcoming events" in await bed.ask("!events", room=VALLETTA)
    again = await bed.say(
        "!network event group A at in 2 days 10:00 | Mutual learning call", sender=COORDINATOR, room=LISBON
    )
    assert "events #4, #5, #6" in again[-1].body  # a new message is a new event; a replay (same id) is not
    assert "happens once" in await bed.ask(
        "!network event network every monday 10:00 | x", sender=COORDINATOR, room=LISBON
    )


async def test_a_group_listing_shows_only_the_rooms_one_is_in(bed: TestBed) -> None:
    await bed.say("!network event group A at in 2 days 10:00 | Mutual learning call", sender=COORDINATOR, room=LISBON)
    assert (await bed.ask("!network events group A", room=VALLETTA)).count("Mutual learning call") == 3
    del bed.matrix.rooms[PORTO].users[MEMBER]  # she leaves Porto's room
    listing = await bed.ask("!network events group A", room=VALLETTA)
    assert listing.count("Mutual learning call") == 2 and PORTO not in listing
    assert "No upcoming events for group B" in await bed.ask("!network events group B", room=VALLETTA)
    assert "Say whom to tell" in await bed.ask("!network events everyone", room=VALLETTA)


async def test_event_add_and_announce_take_a_target_for_network_coordinators(bed: TestBed) -> None:
    sent = await bed.say(
        "!event add group A at in 2 days 10:00 | Mutual learning call", sender=COORDINATOR, room=LISBON
    )
    assert sent[-1].body.startswith("For group A, in 3 room(s): events #1, #2, #3")
    text = await bed.ask("!announce ncc NCC Malta at in 2 days 10:00 | Hello Malta", sender=COORDINATOR, room=LISBON)
    assert text.startswith("For NCC Malta, in 1 room(s). Announcement #1")
    assert sorted(await fire(bed, 1)) == [VALLETTA]
    refused = await bed.ask("!event add network at in 2 days 10:00 | x", sender=MODERATOR, room=VILNIUS)
    assert "is for the network's coordinators; without it, the command is for this room" in refused
    own = await bed.say("!event add in 2 days 10:00 | Vilnius only", sender=MODERATOR, room=VILNIUS)
    assert own[-1].body.startswith("Event #4 added")  # the room's own event, as before
