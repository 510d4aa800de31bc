"""Bounded rooms: the bot leaves a DM its person left, and does not force a new one on them for a day."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import DM, MEMBER, TestBed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await TestBed.start(tmp_path)
    yield test_bed
    await test_bed.close()


async def test_a_dm_the_member_left_is_left_and_not_recreated_at_once(bed: TestBed) -> None:
    await bed.event("m.room.member", {"membership": "leave"}, room=DM, sender=MEMBER, state_key=MEMBER)
    assert bed.matrix.left == [DM]
    for _ in range(3):  # asking again and again opens no room
        answer = await bed.ask("!mydata")
        assert answer.startswith("You left our direct chat recently")
    assert bed.matrix.created == []
    bed.advance(hours=25)
    await bed.say("!mydata")
    await bed.say("!mydata")
    assert len(bed.matrix.created) == 1  # one new DM, then reused


async def test_notes_nobody_asked_for_are_dropped_not_forced_into_a_room(bed: TestBed) -> None:
    await bed.event("m.room.member", {"membership": "leave"}, room=DM, sender=MEMBER, state_key=MEMBER)
    from bot.messages import notice

    assert await bed.services.dms.notify(MEMBER, notice("Your need #1 is now addressed."), tx_key="t") is None
    assert bed.matrix.created == []


async def test_a_dm_created_but_never_recorded_is_adopted_not_made_again(tmp_path: Path) -> None:
    from tests.fakes import BOT, COORDINATOR, GROUP, FakeRoom

    newcomer = "@newcomer:test"
    orphan = "!orphan:test"  # the bot made it for her, then was killed before it wrote it down
    rooms = {
        GROUP: FakeRoom(users={BOT: None, MEMBER: None, COORDINATOR: None, newcomer: None}),
        orphan: FakeRoom(users={BOT: None}, invited_users={newcomer: None}),
        "!someone-elses:test": FakeRoom(users={BOT: None, newcomer: None, MEMBER: None}),
    }
    bed = await TestBed.start(tmp_path, rooms=rooms)
    try:
        bed.services.rooms._creators.update({orphan: {BOT}, "!someone-elses:test": {MEMBER}})
        await bed.say("!mydata", sender=newcomer)
        assert bed.matrix.created == []
        assert await bed.services.dms.room_of(newcomer) == orphan
        assert bed.services.rooms.is_direct(orphan)
    finally:
        await bed.close()
