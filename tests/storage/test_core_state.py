"""The core's tables on SQLite and PostgreSQL: sync token, ledger, aware UTC times, migrations in sync."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic import command
from sqlalchemy import select

from bot import state
from bot.storage import Database, alembic_config


async def test_values_round_trip(db: Database) -> None:
    async with db.begin() as session:
        await state.set_value(session, state.SYNC_TOKEN, "s1_2_3")
    async with db.begin() as session:
        await state.set_value(session, state.SYNC_TOKEN, "s9_9_9")
    async with db.session() as session:
        assert await state.get_value(session, state.SYNC_TOKEN) == "s9_9_9"
        assert await state.get_value(session, "missing") is None


async def test_ledger_reports_only_unhandled_events(db: Database) -> None:
    ids = [f"$event{i}" for i in range(1200)]  # more than one IN(...) chunk
    async with db.begin() as session:
        for event_id in ids[:700]:
            await state.mark_handled(session, event_id)
    async with db.begin() as session:
        await state.mark_handled(session, "$event1")  # marking twice is harmless
    async with db.session() as session:
        assert await state.unhandled(session, ids) == set(ids[700:])
        assert await state.unhandled(session, []) == set()


async def test_times_come_back_aware_utc(db: Database) -> None:
    brussels_noon = datetime(2026, 12, 3, 14, 0, tzinfo=timezone(timedelta(hours=1)))
    async with db.begin() as session:
        session.add(state.ProcessedEvent(event_key=state.event_key("$t"), handled_at=brussels_noon))
    async with db.session() as session:
        row = (await session.scalars(select(state.ProcessedEvent))).one()
    assert row.handled_at == brussels_noon and row.handled_at.tzinfo is not None
    assert row.handled_at.utcoffset() == timedelta(0) and row.handled_at.hour == 13


async def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        async with db.begin() as session:
            session.add(state.ProcessedEvent(event_key=state.event_key("$n"), handled_at=datetime(2026, 1, 1)))


async def test_prune_removes_only_old_entries(db: Database) -> None:
    now = datetime.now(UTC)
    async with db.begin() as session:
        session.add(state.ProcessedEvent(event_key=state.event_key("$old"), handled_at=now - timedelta(days=40)))
        session.add(state.ProcessedEvent(event_key=state.event_key("$new"), handled_at=now))
    async with db.begin() as session:
        assert await state.prune_ledger(session, timedelta(days=30), now) == 1
    async with db.session() as session:
        assert await state.unhandled(session, ["$old", "$new"]) == {"$old"}


async def test_upgrade_is_idempotent_and_models_match_migrations(db: Database) -> None:
    first = await db.upgrade()
    assert (
        await db.upgrade() == first
        and {"core_0012", "faq_0004", "needs_0004", "events_0004", "network_0002", "dashboard_0001"} == set(first)
        and first[0].startswith("core_")
    )
    async with db.engine.begin() as conn:  # `alembic check`: autogenerate finds nothing to add
        await conn.run_sync(lambda c: command.check(alembic_config(c)))
