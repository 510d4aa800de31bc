"""Timed jobs on the fake edge with a frozen clock: a reminder once and on time, late, or skipped; an abandoned
guided need expiring. What took real minutes end to end takes milliseconds here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.context import JobContext
from handlers.events.jobs import send_reminder
from handlers.events.models import Reminder
from handlers.needs.listeners import maintain
from handlers.needs.models import Dialogue
from tests.fakes import COORDINATOR, DM, GROUP, MEMBER, TestBed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await TestBed.start(tmp_path, "events:\n  default_reminders: [1h]\n")
    yield test_bed
    await test_bed.close()


async def reminder_id(bed: TestBed) -> int:
    async with bed.services.db.session() as session:
        return (await session.scalars(select(Reminder.id))).one()


async def run_reminder(bed: TestBed, reminder: int) -> list[str]:
    before = len(bed.matrix.sent)
    await send_reminder(JobContext(bed.services, "events.reminder", str(reminder)), str(reminder))
    return [s.body for s in bed.matrix.sent[before:]]


def sample(bed: TestBed, name: str, **labels: str) -> float | None:
    return bed.services.metrics.registry.get_sample_value(name, labels)


async def test_a_reminder_is_sent_once_when_due(bed: TestBed) -> None:
    posted, added = await bed.say("!event add in 3 hours | Working Group call", sender=COORDINATOR)
    assert posted.body.startswith("📅 Working Group call")
    assert added.body.startswith("Event #1 added: Working Group call, ")
    reminder = await reminder_id(bed)
    assert bed.services.scheduler.job_id_for(send_reminder, reminder) in await bed.services.scheduler.job_ids()
    bed.advance(hours=2)  # due: 1 h before the start
    sent = await run_reminder(bed, reminder)
    assert len(sent) == 1 and sent[0].startswith("Reminder: starts in 1 hour\n") and "late" not in sent[0]
    assert await run_reminder(bed, reminder) == []  # a second wake-up (a replay) sends nothing
    assert sample(bed, "ncc_bot_reminders_total", outcome="on_time") == 1  # counted once, replay or not


async def test_a_late_reminder_says_so_and_one_after_the_start_is_skipped(bed: TestBed) -> None:
    await bed.say("!event add in 3 hours | Capacity group", sender=COORDINATOR)
    await bed.say("!event add in 5 hours | Onsite event", sender=COORDINATOR)
    async with bed.services.db.session() as session:
        first, second = list(await session.scalars(select(Reminder.id).order_by(Reminder.id)))
    bed.advance(hours=2, minutes=30)  # the bot was down when the first fell due
    late = await run_reminder(bed, first)
    assert late and "this reminder is late" in late[0]
    bed.advance(hours=3)  # past the second event's start
    assert await run_reminder(bed, second) == []
    async with bed.services.db.session() as session:
        assert (await session.get(Reminder, second)).skipped_at == bed.clock.now()  # type: ignore[union-attr]
    assert sample(bed, "ncc_bot_reminders_total", outcome="late") == 1
    assert sample(bed, "ncc_bot_reminders_total", outcome="skipped") == 1
    assert sample(bed, "ncc_bot_reminders_total", outcome="on_time") is None


async def test_an_abandoned_guided_need_expires_with_a_note(bed: TestBed) -> None:
    await bed.ask("!need", room=DM)
    await maintain(JobContext(bed.services, "needs.maintenance", "all"), "all")
    async with bed.services.db.session() as session:
        assert await session.get(Dialogue, MEMBER) is not None  # not yet
    bed.advance(hours=24, minutes=1)
    before = len(bed.matrix.sent)
    await maintain(JobContext(bed.services, "needs.maintenance", "all"), "all")
    notes = bed.matrix.sent[before:]
    assert [n.room_id for n in notes] == [DM] and "timed out" in notes[0].body
    async with bed.services.db.session() as session:
        assert await session.get(Dialogue, MEMBER) is None
    assert "needs.maintenance:all" in await bed.services.scheduler.job_ids()  # it scheduled its next round
    assert GROUP not in {s.room_id for s in notes}


async def test_a_reminder_is_a_text_that_mentions_who_is_coming(bed: TestBed) -> None:
    from handlers.events.models import Rsvp

    await bed.say("!event add in 3 hours | Working Group call", sender=COORDINATOR)
    async with bed.services.db.begin() as session:
        session.add_all(
            [
                Rsvp(event_row_id=1, user_id=MEMBER, answer="going"),
                Rsvp(event_row_id=1, user_id="@maybe:test", answer="maybe"),
                Rsvp(event_row_id=1, user_id="@no:test", answer="no"),
                Rsvp(event_row_id=1, user_id="@dm:test", answer="going", remind_by_dm=True),
            ]
        )
    bed.advance(hours=2)
    before = len(bed.matrix.sent)
    reminder = await reminder_id(bed)
    await send_reminder(JobContext(bed.services, "events.reminder", str(reminder)), str(reminder))
    room = [s for s in bed.matrix.sent[before:] if s.room_id == GROUP]
    assert len(room) == 1 and room[0].content["msgtype"] == "m.text"  # an m.notice would never notify
    assert room[0].content["m.mentions"] == {"user_ids": ["@maybe:test", MEMBER]}  # the DM one is told there
    assert not room[0].body.startswith("@room")  # not allowed in this room's config


async def test_a_reminder_speaks_the_rooms_language_in_words(tmp_path: Path) -> None:
    config = f"rooms:\n  - {{id: '{GROUP}', language: fr}}\nevents:\n  default_reminders: [2h]\n"
    bed = await TestBed.start(tmp_path, config)
    try:
        await bed.say("!event add in 5 hours | Atelier", sender=COORDINATOR)
        bed.advance(hours=3)
        sent = await run_reminder(bed, await reminder_id(bed))
        assert sent[0].startswith("Rappel : commence dans 2 heures\n")
    finally:
        await bed.close()
