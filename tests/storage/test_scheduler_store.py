"""The scheduler's persistent job store and firing ledger, on SQLite and PostgreSQL, with the injected clock."""

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.clock import ShiftedClock, SystemClock
from bot.feature import Feature, JobKind
from bot.registry import Registry
from bot.scheduler import JOBS_TABLE, Scheduler, firing_key
from bot.storage import Database

feature: Feature[None, None] = Feature("events")


@feature.job("reminder")
async def reminder(ctx: object, entity_id: str) -> None:
    return None


@feature.job("announcement")
async def announcement(ctx: object, entity_id: str) -> None:
    return None


REGISTRY = Registry([feature])


def recorder() -> tuple[list[tuple[str, str]], asyncio.Event, object]:
    fired: list[tuple[str, str]] = []
    done = asyncio.Event()

    async def run(job: JobKind, entity_id: str) -> None:
        fired.append((job.name, entity_id))
        done.set()

    return fired, done, run


async def test_jobs_persist_fire_and_cancel(db: Database) -> None:
    fired, done, run = recorder()
    first = Scheduler(db, SystemClock(), REGISTRY, run)  # type: ignore[arg-type]
    await first.start()
    later = datetime.now(UTC) + timedelta(hours=1)
    await first.at(reminder, 1, later)
    await first.at(reminder, 1, later + timedelta(minutes=5))  # same id: replaced, not duplicated
    await first.at(reminder, 2, later)
    await first.stop()

    second = Scheduler(db, SystemClock(), REGISTRY, run)  # type: ignore[arg-type]  # a restart: jobs still there
    await second.start()
    try:
        assert await second.job_ids() == {"events.reminder:1", "events.reminder:2"}
        await second.cancel(reminder, 2)
        await second.cancel(reminder, 99)  # unknown: harmless
        await second.at(announcement, 7, datetime.now(UTC) + timedelta(milliseconds=300))
        await asyncio.wait_for(done.wait(), 10)
        assert fired == [("events.announcement", "7")]
        assert await second.job_ids() == {"events.reminder:1"}  # a fired one-off job is gone
    finally:
        await second.stop()


async def test_a_moved_clock_brings_wake_ups_forward(db: Database) -> None:
    fired, done, run = recorder()
    clock = ShiftedClock()
    scheduler = Scheduler(db, clock, REGISTRY, run)  # type: ignore[arg-type]
    await scheduler.start()
    try:
        await scheduler.at(reminder, 5, clock.now() + timedelta(hours=2))
        await asyncio.sleep(0.3)
        assert fired == []
        clock.advance(timedelta(hours=2) - timedelta(milliseconds=200))
        await asyncio.wait_for(done.wait(), 10)
        assert fired == [("events.reminder", "5")]
    finally:
        await scheduler.stop()


async def test_stored_jobs_carry_no_database_url(db: Database) -> None:
    _, _, run = recorder()
    scheduler = Scheduler(db, SystemClock(), REGISTRY, run)  # type: ignore[arg-type]
    await scheduler.start()
    try:
        await scheduler.at(reminder, 1, datetime.now(UTC) + timedelta(hours=1))
    finally:
        await scheduler.stop()
    async with db.session() as session:
        state = (await session.execute(text(f"SELECT job_state FROM {JOBS_TABLE}"))).scalar_one()
    assert b"sqlite" not in state and b"postgresql" not in state and b"events.reminder" in state


async def test_firing_ledger(db: Database) -> None:
    _, _, run = recorder()
    scheduler = Scheduler(db, SystemClock(), REGISTRY, run)  # type: ignore[arg-type]
    key = firing_key("events.announcement", 3, datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    assert key == "events.announcement:3@20261207T080000Z"
    assert scheduler.firing_key(announcement, 3, datetime(2026, 12, 7, 8, 0, tzinfo=UTC)) == key
    assert not await scheduler.fired(key)
    await scheduler.record(key)
    await scheduler.record(key)  # twice is harmless
    assert await scheduler.fired(key)


async def test_jobs_stored_with_the_old_url_argument_lose_it_at_start(db: Database) -> None:
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.date import DateTrigger

    from bot.config import sync_db_url
    from bot.scheduler import run_job

    old = BackgroundScheduler(jobstores={"default": SQLAlchemyJobStore(url=sync_db_url(db.url), tablename=JOBS_TABLE)})
    old.add_job(
        run_job,
        DateTrigger(datetime.now(UTC) + timedelta(hours=1)),
        args=["postgresql://u:secret@h/db", "events.reminder", "4"],
        id="events.reminder:4",
    )
    old.start(paused=True)
    old.shutdown(wait=False)
    _, _, run = recorder()
    scheduler = Scheduler(db, SystemClock(), REGISTRY, run)  # type: ignore[arg-type]
    await scheduler.start()
    await scheduler.stop()
    async with db.session() as session:
        state = (await session.execute(text(f"SELECT job_state FROM {JOBS_TABLE}"))).scalar_one()
    assert b"secret" not in state and b"events.reminder" in state
