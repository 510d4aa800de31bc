"""The timed jobs: event reminders and announcements, exactly once, with a misfire policy for downtime.

Misfire policy (after the bot was down): a reminder for an event that has not started is still sent, marked
late; one for an event that has started is skipped and logged. A recurring announcement later than its grace
time (`announcement_grace_minutes`, default 60) is skipped — never a burst of copies — and the next one
scheduled; a one-off announcement is sent late with no limit.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.context import JobContext
from bot.messages import markdown_notice, notice
from handlers.events.feature import ANNOUNCEMENTS, REMINDERS, feature
from handlers.events.models import Announcement, Event, Reminder, Rsvp
from handlers.events.render import reminder as render_reminder
from handlers.events.when import Schedule

log = logging.getLogger(__name__)


@feature.job("reminder")
async def send_reminder(ctx: JobContext, reminder_id: str) -> None:
    """Safe to run twice: a kill -9 between send and record must not post a second reminder."""
    config = feature.config_of(ctx.settings)
    async with ctx.db.session() as session:
        reminder = await session.get(Reminder, int(reminder_id))
        event = await session.get(Event, reminder.event_row_id) if reminder else None
        rsvps = (
            list(
                await session.execute(
                    select(Rsvp.user_id, Rsvp.answer, Rsvp.remind_by_dm).where(Rsvp.event_row_id == event.id)
                )
            )
            if event
            else []
        )
    dm_users = [user for user, answer, by_dm in rsvps if by_dm and answer == "going"]
    mentioned = sorted(user for user, answer, by_dm in rsvps if answer in ("going", "maybe") and user not in dm_users)
    if reminder is None or event is None or reminder.sent_at or reminder.skipped_at or event.cancelled_at:
        return
    scheduler = ctx.services.scheduler
    key = scheduler.firing_key(send_reminder, reminder.id, reminder.due_at)
    moment = ctx.now()
    if moment >= event.starts_at:
        await mark(ctx, reminder.id, skipped=True)
        REMINDERS.inc(ctx.services, outcome="skipped")
        log.warning("reminder skipped: the event has started", extra={"reminder_id": reminder.id, "event_id": event.id})
        return
    zone = ctx.settings.room_timezone(event.room_id)
    late = moment - reminder.due_at > timedelta(seconds=config.late_note_after_seconds)
    lang = ctx.settings.room_language(event.room_id)
    text, html = render_reminder(event, zone, event.starts_at - moment, late=late, lang=lang)
    allowed = config.room_mention_allowed(ctx.settings.config_room_id(event.room_id))
    mention_room = allowed and ctx.services.rooms.can_notify_room(event.room_id, ctx.services.user_id)
    # m.text with intentional mentions: it notifies those who said they come (an m.notice never notifies)
    content = notice(("@room " + text) if mention_room else text, html, mention_ids=mentioned, msgtype="m.text")
    if mention_room:
        content["m.mentions"]["room"] = True
    await ctx.send(event.room_id, content, tx_key=key)
    for user_id in dm_users:
        await ctx.services.dms.notify(user_id, notice(text, html), tx_key=f"{key}:dm:{user_id}")
    await mark(ctx, reminder.id, skipped=False)
    REMINDERS.inc(ctx.services, outcome="late" if late else "on_time")
    if late:
        log.info(
            "late reminder sent",
            extra={"reminder_id": reminder.id, "late_s": int((moment - reminder.due_at).total_seconds())},
        )


async def mark(ctx: JobContext, reminder_id: int, *, skipped: bool) -> None:
    async with ctx.db.begin() as session:
        row = await session.get(Reminder, reminder_id)
        if row is not None:
            if skipped:
                row.skipped_at = ctx.now()
            else:
                row.sent_at = ctx.now()


@feature.job("announcement")
async def send_announcement(ctx: JobContext, announcement_id: str) -> None:
    config = feature.config_of(ctx.settings)
    async with ctx.db.session() as session:
        row = await session.get(Announcement, int(announcement_id))
    if row is None or row.cancelled_at or row.next_run_at is None:
        return
    occurrence, moment = row.next_run_at, ctx.now()
    scheduler = ctx.services.scheduler
    if occurrence > moment + timedelta(seconds=1):  # woken early (rescheduled meanwhile): wait for the real time
        await scheduler.at(send_announcement, row.id, occurrence)
        return
    key = scheduler.firing_key(send_announcement, row.id, occurrence)
    grace = timedelta(minutes=config.announcement_grace_minutes)
    if row.schedule and moment - occurrence > grace:
        log.warning(
            "announcement skipped: missed by more than its grace time",
            extra={"announcement_id": row.id, "late_s": int((moment - occurrence).total_seconds())},
        )
        ANNOUNCEMENTS.inc(ctx.services, outcome="skipped")
        await advance(ctx, row.id, occurrence, sent=False)
        return
    if not await scheduler.fired(key):
        for room_id in row.rooms:
            content = markdown_notice(row.text, msgtype="m.text")  # an announcement is news: it may notify
            await ctx.send(room_id, content, tx_key=f"{key}:{room_id}")
        await scheduler.record(key)
        late = moment - occurrence > timedelta(seconds=config.late_note_after_seconds)
        ANNOUNCEMENTS.inc(ctx.services, outcome="late" if late else "on_time")
    await advance(ctx, row.id, occurrence)


async def advance(ctx: JobContext, announcement_id: int, after: datetime, *, sent: bool = True) -> None:
    """The next occurrence in the announcement's zone (09:00 stays 09:00 across DST), or done for a one-off;
    `after` recorded as sent, or as skipped (shown to coordinators)."""
    async with ctx.db.begin() as session:
        row = await session.get(Announcement, announcement_id)
        if row is None:
            return
        if sent:
            row.last_sent_at = after
        else:
            row.skipped, row.last_skipped_at = (row.skipped or 0) + 1, after
        if row.schedule:
            row.next_run_at = Schedule(row.schedule).next_after(max(after, ctx.now()), ZoneInfo(row.zone))
        else:
            row.next_run_at = None
        next_run = row.next_run_at
    if next_run is not None:
        await ctx.services.scheduler.at(send_announcement, announcement_id, next_run)
