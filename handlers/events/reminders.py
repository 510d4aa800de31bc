"""An event's reminders: computed from its time and offsets, one wake-up each (fixed job ids), unscheduled when
it moves or is cancelled. Shared by the commands and the service other features use."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Services
from handlers.events.jobs import send_reminder
from handlers.events.models import Event, Reminder


async def replace_reminders(session: AsyncSession, event: Event, offsets: list[timedelta], now: datetime) -> None:
    """Unsent reminders are recomputed from the event's time; those already due are not created."""
    await session.execute(delete(Reminder).where(Reminder.event_row_id == event.id, Reminder.sent_at.is_(None)))
    sent = set(await session.scalars(select(Reminder.offset_seconds).where(Reminder.event_row_id == event.id)))
    for offset in offsets:
        seconds = int(offset.total_seconds())
        due = event.starts_at - offset
        if due > now and seconds not in sent:
            session.add(Reminder(event_row_id=event.id, offset_seconds=seconds, due_at=due))


async def schedule_reminders(services: Services, event_id: int) -> None:
    """One wake-up per pending reminder (fixed job ids: rescheduling replaces, never duplicates)."""
    async with services.db.session() as session:
        pending = list(
            await session.scalars(
                select(Reminder).where(
                    Reminder.event_row_id == event_id, Reminder.sent_at.is_(None), Reminder.skipped_at.is_(None)
                )
            )
        )
    for reminder in pending:
        await services.scheduler.at(send_reminder, reminder.id, reminder.due_at)


async def unschedule_reminders(services: Services, event_id: int) -> None:
    async with services.db.session() as session:
        ids = list(await session.scalars(select(Reminder.id).where(Reminder.event_row_id == event_id)))
    for reminder_id in ids:
        await services.scheduler.cancel(send_reminder, reminder_id)
