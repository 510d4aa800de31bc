"""RSVPs by reaction, start-up reconciliation of timed jobs, config-declared announcements, privacy hooks."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update

from bot.context import EventContext, Services
from bot.errors import ConfigError, UsageError
from bot.messages import reaction_of
from handlers.events.feature import feature
from handlers.events.jobs import send_announcement, send_reminder
from handlers.events.models import Announcement, Event, Reminder, Rsvp
from handlers.events.render import RSVP_KEYS
from handlers.events.when import parse_schedule

log = logging.getLogger(__name__)


@feature.on_event("m.reaction")
async def rsvp(ctx: EventContext) -> bool:
    """✅/❔/❌ on an event's announcement (claimed only when the target is one)."""
    reaction = reaction_of(ctx.content)
    answer = RSVP_KEYS.get(reaction[0]) if reaction else None
    if reaction is None or answer is None:
        return False
    target = reaction[1]
    async with ctx.db.begin() as session:
        found = await session.scalar(select(Event).where(Event.announcement_event_id == target))
        if found is None:
            return False
        row = await session.scalar(select(Rsvp).where(Rsvp.event_row_id == found.id, Rsvp.user_id == ctx.sender))
        if row is None:
            session.add(Rsvp(event_row_id=found.id, user_id=ctx.sender, answer=answer))
        else:
            row.answer = answer
    return True


@feature.on_start
async def reconcile(services: Services) -> None:
    """Pending rows without a job get one (overdue ones run now, under the misfire policy); config
    announcements are added, rescheduled or removed to match config.yaml."""
    await sync_config_announcements(services)
    scheduler = services.scheduler
    have = await scheduler.job_ids()
    async with services.db.session() as session:
        reminders = (
            await session.execute(
                select(Reminder.id, Reminder.due_at)
                .join(Event)
                .where(Reminder.sent_at.is_(None), Reminder.skipped_at.is_(None), Event.cancelled_at.is_(None))
            )
        ).all()
        announcements = (
            await session.execute(
                select(Announcement.id, Announcement.next_run_at).where(
                    Announcement.cancelled_at.is_(None), Announcement.next_run_at.is_not(None)
                )
            )
        ).all()
    added = 0
    for job, rows in ((send_reminder, reminders), (send_announcement, announcements)):
        for entity_id, due in rows:
            if scheduler.job_id_for(job, entity_id) not in have:
                await scheduler.at(job, entity_id, due)
                added += 1
    log.info("timed jobs reconciled", extra={"jobs": len(have), "added": added})


def config_hash(item: Any) -> str:
    return hashlib.sha256(json.dumps(item.model_dump(), sort_keys=True).encode()).hexdigest()


async def sync_config_announcements(services: Services) -> None:
    config = feature.config_of(services.settings)
    declared = {a.id: a for a in config.announcements}
    scheduler = services.scheduler
    now = services.now()
    async with services.db.begin() as session:
        rows = {
            r.config_id: r
            for r in await session.scalars(select(Announcement).where(Announcement.config_id.is_not(None)))
        }
        changes: list[tuple[str, int, datetime | None]] = []
        for config_id, row in rows.items():
            if config_id not in declared and row.cancelled_at is None:
                row.cancelled_at, row.next_run_at = now, None
                changes.append(("remove", row.id, None))
        for config_id, item in declared.items():
            digest = config_hash(item)
            row = rows.get(config_id)
            if row is not None and row.config_hash == digest and row.cancelled_at is None:
                continue  # unchanged: restarting with the same config changes nothing
            zone = item.timezone or str(services.settings.room_timezone(item.rooms[0]))
            schedule = parse_schedule(item.schedule)
            first = schedule.next_after(now, ZoneInfo(zone))
            if row is None:
                row = Announcement(
                    config_id=config_id,
                    rooms=list(item.rooms),
                    text=item.text,
                    schedule=schedule.cron,
                    zone=zone,
                    next_run_at=first,
                )
                session.add(row)
            else:
                row.rooms, row.text, row.schedule, row.zone = list(item.rooms), item.text, schedule.cron, zone
                row.next_run_at, row.cancelled_at = first, None
            row.config_hash = digest
            await session.flush()
            changes.append(("schedule", row.id, first))
    for action, announcement_id, when in changes:
        if action == "remove":
            await scheduler.cancel(send_announcement, announcement_id)
        elif when is not None:
            await scheduler.at(send_announcement, announcement_id, when)
    if changes:
        log.info("config announcements synced", extra={"changes": len(changes)})


@feature.check
def check_announcements(settings: Any) -> None:
    for item in feature.config_of(settings).announcements:
        try:
            parse_schedule(item.schedule)
        except UsageError as exc:
            raise ConfigError(f"events.announcements[{item.id}].schedule: {exc}") from None


@feature.personal_data
async def personal_data(services: Services, user_id: str) -> dict[str, Any]:
    async with services.db.session() as session:
        rsvps = list(await session.scalars(select(Rsvp).where(Rsvp.user_id == user_id)))
        events = list(await session.scalars(select(Event).where(Event.user_id == user_id)))
        announcements = list(await session.scalars(select(Announcement).where(Announcement.user_id == user_id)))
    return {
        "rsvps": [{"event": r.event_row_id, "answer": r.answer, "reminders_by_dm": r.remind_by_dm} for r in rsvps],
        "events_added": [{"event": e.id, "title": e.title, "starts_at": e.starts_at.isoformat()} for e in events],
        "announcements_scheduled": [{"announcement": a.id, "text": a.text, "rooms": a.rooms} for a in announcements],
    }


@feature.forget
async def forget(services: Services, user_id: str) -> None:
    async with services.db.begin() as session:
        await session.execute(delete(Rsvp).where(Rsvp.user_id == user_id))
        await session.execute(update(Event).where(Event.user_id == user_id).values(user_id=None, source_event_id=None))
        await session.execute(
            update(Announcement).where(Announcement.user_id == user_id).values(user_id=None, source_event_id=None)
        )


@feature.on_room_moved
async def follow_upgrade(services: Services, old_room_id: str, new_room_id: str) -> None:
    """An upgraded room keeps its events (their reminders follow: jobs are keyed by event) and announcements."""
    async with services.db.begin() as session:
        await session.execute(update(Event).where(Event.room_id == old_room_id).values(room_id=new_room_id))
        for row in await session.scalars(select(Announcement)):
            if old_room_id in row.rooms:
                row.rooms = [new_room_id if r == old_room_id else r for r in row.rooms]
