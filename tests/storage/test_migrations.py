"""Schema upgrades keep the data: rows written at the previous revisions read back through today's models
(column renames of 0.2), on SQLite and PostgreSQL; and every branch downgrades and upgrades again."""

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from bot import state
from bot.errors import ConfigError
from bot.storage import Database, alembic_config
from handlers.events.models import Event, Reminder, Rsvp
from handlers.faq import models as faq_models
from handlers.needs.models import History, Need

BEFORE = ["core_0004", "faq_0001", "needs_0001", "events_0001"]
WHEN = datetime(2027, 3, 1, 9, 0)


async def migrate(db_url: str, target: list[str], *, down: bool = False) -> None:
    engine = Database(db_url).engine
    async with engine.begin() as conn:
        action = command.downgrade if down else command.upgrade
        for revision in target:
            await conn.run_sync(lambda c, r=revision: action(alembic_config(c), r))
    await engine.dispose()


async def write_old_rows(db: Database) -> None:
    """Rows as the previous revisions stored them (old column names)."""
    stamp = {"t": WHEN}
    async with db.begin() as session:
        await session.execute(
            text(
                "INSERT INTO faq_question (room_id, sender, event_id, text, lang, outcome, score, asked_at) "
                "VALUES ('!r:x', '@asker:x', '$asked', 'q?', 'en', 'none', 0, :t)"
            ),
            stamp,
        )
        await session.execute(
            text(
                "INSERT INTO needs_need (author_id, room_id, text, norm, lang, category, status, contact_ok, "
                "supporters, created_at, updated_at) VALUES ('@author:x', '!r:x', 'help', 'help', 'en', 'financing', "
                "'open', false, 0, :t, :t)"
            ),
            stamp,
        )
        await session.execute(
            text(
                "INSERT INTO needs_history (need_id, actor_id, kind, detail, at) "
                "VALUES (1, '@actor:x', 'created', '', :t)"
            ),
            stamp,
        )
        await session.execute(
            text(
                "INSERT INTO events_event (room_id, title, starts_at, created_by, created_at) "
                "VALUES ('!r:x', 'Call', :t, '@coordinator:x', :t)"
            ),
            stamp,
        )
        await session.execute(
            text("INSERT INTO events_reminder (event_id, offset_seconds, due_at) VALUES (1, 3600, :t)"), stamp
        )
        await session.execute(
            text(
                "INSERT INTO events_rsvp (event_id, user_id, answer, remind_by_dm, updated_at) "
                "VALUES (1, '@member:x', 'going', false, :t)"
            ),
            stamp,
        )
        await session.execute(
            text("INSERT INTO core_processed_event (event_id, room_id, handled_at) VALUES ('$handled', '!r:x', :t)"),
            stamp,
        )
        await session.execute(
            text(
                "INSERT INTO core_undecrypted (event_id, room_id, sender, source, first_seen_at) "
                "VALUES ('$enc', '!r:x', '@sender:x', '{}', :t)"
            ),
            stamp,
        )


async def test_rows_written_before_the_renames_read_back_after(db_url: str) -> None:
    await migrate(db_url, BEFORE)
    db = Database(db_url)
    await write_old_rows(db)
    await db.upgrade()
    async with db.session() as session:
        question = (await session.scalars(select(faq_models.Question))).one()
        assert (question.user_id, question.source_event_id) == ("@asker:x", "$asked")
        assert (await session.scalars(select(Need.user_id))).one() == "@author:x"
        assert (await session.scalars(select(History.user_id))).one() == "@actor:x"
        assert (await session.scalars(select(Event.user_id))).one() == "@coordinator:x"
        assert (await session.scalars(select(Reminder.event_row_id))).one() == 1
        assert (await session.scalars(select(Rsvp.event_row_id))).one() == 1
        assert (await session.scalars(select(state.Undecrypted.user_id))).one() == "@sender:x"
        assert await state.unhandled(session, ["$handled", "$new"]) == {"$new"}  # the ledger survives, hashed
    async with db.begin() as session:  # the renamed foreign key still cascades
        await session.delete(await session.get(Event, 1))
    async with db.session() as session:
        assert list(await session.scalars(select(Reminder.id))) == []
    await db.dispose()


async def test_the_renames_downgrade_and_upgrade_again(db_url: str) -> None:
    db = Database(db_url)
    heads = await db.upgrade()
    await migrate(db_url, BEFORE, down=True)
    assert sorted(await db.upgrade()) == sorted(heads)
    async with db.begin() as session:
        session.add(Event(room_id="!r:x", title="x", starts_at=datetime.now(UTC), user_id="@u:x"))
    await db.dispose()


async def test_a_database_from_a_newer_version_is_a_clear_error(db_url: str) -> None:
    db = Database(db_url)
    try:
        await db.upgrade()
        async with db.begin() as session:
            await session.execute(
                text("UPDATE alembic_version SET version_num = 'core_9999' WHERE version_num LIKE 'core_%'")
            )
        with pytest.raises(ConfigError, match="migrated by a newer ncc-bot"):
            await db.upgrade()
    finally:
        await db.dispose()


async def test_migrate_creates_the_scheduler_table_that_apscheduler_then_uses(db_url: str) -> None:
    """`ncc-bot migrate` leaves a database the bot needs nothing more from, the job store's table included."""
    from datetime import timedelta

    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.date import DateTrigger

    from bot.config import sync_db_url

    db = Database(db_url)
    try:
        await db.upgrade()
        async with db.engine.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert "apscheduler_jobs" in names
    finally:
        await db.dispose()
    scheduler = BackgroundScheduler(jobstores={"default": SQLAlchemyJobStore(url=sync_db_url(db_url))})
    scheduler.start(paused=True)
    try:
        scheduler.add_job(print, DateTrigger(datetime.now(UTC) + timedelta(days=1)), id="probe")
        assert [job.id for job in scheduler.get_jobs()] == ["probe"]
    finally:
        scheduler.shutdown(wait=False)
