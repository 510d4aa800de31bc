"""The scheduler's persistent job store and firing ledger, on SQLite and PostgreSQL."""

import asyncio
from datetime import UTC, datetime, timedelta

from bot.scheduler import Scheduler, firing_key
from bot.storage import Database


async def test_jobs_persist_fire_and_cancel(db: Database) -> None:
    fired: list[tuple[str, str]] = []
    done = asyncio.Event()

    async def runner(kind: str, entity_id: str) -> None:
        fired.append((kind, entity_id))
        done.set()

    first = Scheduler(db, runner)
    await first.start()
    later = datetime.now(UTC) + timedelta(hours=1)
    await first.at("events.reminder", 1, later)
    await first.at("events.reminder", 1, later + timedelta(minutes=5))  # same id: replaced, not duplicated
    await first.at("events.reminder", 2, later)
    await first.stop()

    second = Scheduler(db, runner)  # a restart: the jobs are still there
    await second.start()
    try:
        assert await second.job_ids() == {"events.reminder:1", "events.reminder:2"}
        await second.cancel("events.reminder", 2)
        await second.cancel("events.reminder", 99)  # unknown: harmless
        await second.at("events.announcement", 7, datetime.now(UTC) + timedelta(milliseconds=300))
        await asyncio.wait_for(done.wait(), 10)
        assert fired == [("events.announcement", "7")]
        assert await second.job_ids() == {"events.reminder:1"}  # a fired one-off job is gone
    finally:
        await second.stop()


async def test_firing_ledger(db: Database) -> None:
    async def runner(kind: str, entity_id: str) -> None:
        return None

    scheduler = Scheduler(db, runner)
    key = firing_key("events.announcement", 3, datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    assert key == "events.announcement:3@20261207T080000Z"
    assert not await scheduler.fired(key)
    await scheduler.record(key)
    await scheduler.record(key)  # twice is harmless
    assert await scheduler.fired(key)
