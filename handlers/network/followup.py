"""The post-event needs round: each attendee is asked by DM, in their language, whether their NCC has a new need,
through the needs feature's guided dialogue (the need then carries the event as its source); coordinators get a
summary per event. By `!event followup <id>`, or by itself `network.followup_after_hours` after an event."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.context import CommandContext, JobContext, Services
from bot.messages import quoted
from bot.permissions import Authority
from handlers.events import feature as events_feature
from handlers.events.models import Event
from handlers.needs import feature as needs_feature
from handlers.network.attendance import managed_event, take_from_rsvps
from handlers.network.feature import feature
from handlers.network.models import Attendance, FollowUp, Round
from handlers.network.phrases import ROUNDS, in_quotes

log = logging.getLogger(__name__)
SCAN_EVERY = timedelta(minutes=10)
LOOK_BACK = timedelta(days=2)  # events older than this (plus the delay) are not followed up by themselves


def source_of(event_id: int) -> str:
    return f"event:{event_id}"


async def send_round(services: Services, event: Event) -> tuple[int, int]:
    """DM every present attendee not yet asked; (asked now, busy: in another dialogue, asked next time)."""
    needs = needs_feature.service_of(services)
    async with services.db.session() as session:
        present = list(await session.scalars(select(Attendance.user_id).where(
            Attendance.event_id == event.id, Attendance.present.is_(True))))  # fmt: skip
        asked = set(await session.scalars(select(FollowUp.user_id).where(FollowUp.event_id == event.id)))
    sent = busy = 0
    for user_id in sorted(set(present) - asked):
        lang = services.languages.of(user_id) or services.settings.room_language(event.room_id)
        intro = ROUNDS.say("followup_intro", lang, title=quoted(event.title))
        invited = await needs.invite(
            user_id, lang, intro, source=source_of(event.id), tx_key=f"followup:{event.id}:{user_id}"
        )
        if not invited:
            busy += 1
            continue
        async with services.db.begin() as session:
            await session.merge(FollowUp(event_id=event.id, user_id=user_id, asked_at=services.now()))
        sent += 1
    async with services.db.begin() as session:
        row = await session.get(Round, event.id) or Round(event_id=event.id)
        row.followup_at = row.followup_at or services.now()
        session.add(row)
    log.info("post-event round sent", extra={"event_id": event.id, "sent": sent, "busy": busy})
    return sent, busy


@feature.command(
    "event followup",
    usage="<id>",
    requires=Authority.ROOM_MODERATOR,
    help="After an event: ask each attendee by DM about new needs (once each), and see what came of it.",
    examples=("!event followup 4",),
)
async def followup(ctx: CommandContext, args: str) -> None:
    event = await managed_event(ctx, args)
    async with ctx.db.session() as session:
        taken = await session.get(Round, event.id)
    if taken is None or taken.attendance_at is None:
        await take_from_rsvps(ctx.services, event)
    sent, busy = await send_round(ctx.services, event)
    await ctx.reply(await round_summary(ctx, event, sent, busy))


async def round_summary(ctx: CommandContext, event: Event, sent: int, busy: int) -> str:
    lang = ctx.language
    async with ctx.db.session() as session:
        asked = set(await session.scalars(select(FollowUp.user_id).where(FollowUp.event_id == event.id)))
    needs_service = needs_feature.service_of(ctx.services)
    filed = await needs_service.from_source(source_of(event.id))
    answered = {n.user_id for n in filed if n.user_id}
    categories = needs_service.categories.by_id
    by_category = Counter(categories[n.category].name(lang) if n.category in categories else n.category for n in filed)
    lines = [ROUNDS.say("round_head", lang, id=str(event.id), title=in_quotes(event.title), asked=str(len(asked)),
                        sent=str(sent), answered=str(len(answered)), needs=str(len(filed)))]  # fmt: skip
    if busy:
        lines.append(ROUNDS.say("round_busy", lang, count=str(busy)))
    lines += [f"• {name}: {count}" for name, count in sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines)


@feature.on_start
async def start_scanning(services: Services) -> None:
    if feature.config_of(services.settings).followup_after_hours:
        await services.scheduler.at(scan, "all", services.now() + timedelta(seconds=5))


@feature.job("followups")
async def scan(ctx: JobContext, entity_id: str) -> None:
    """Events that ended `followup_after_hours` ago and had no round yet: attendance from their RSVPs (where
    none was taken), then the round."""
    services = ctx.services
    hours = feature.config_of(services.settings).followup_after_hours
    if not hours:
        return
    try:
        until = services.now() - timedelta(hours=hours)
        events = await unfollowed(services, until - LOOK_BACK, until)
        for event in events:
            await take_from_rsvps(services, event)
            await send_round(services, event)
    except Exception:
        log.exception("post-event rounds failed")
    finally:
        await services.scheduler.at(scan, "all", services.now() + SCAN_EVERY)


async def unfollowed(services: Services, start: datetime, end: datetime) -> list[Event]:
    events = await events_feature.service_of(services).started_between(start, end)
    async with services.db.session() as session:
        done = set(await session.scalars(select(Round.event_id).where(Round.followup_at.is_not(None))))
    return [e for e in events if e.id not in done]
