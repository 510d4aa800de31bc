"""Finding events by id within what the asker may see or manage: any other id is "not found", so ids reveal
nothing of other rooms."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import CommandContext
from bot.storage import get_or_not_found
from handlers.events.models import Event, Rsvp
from handlers.events.phrases import EVENTS


async def readable(ctx: CommandContext, session: AsyncSession, event_id: int) -> Event:
    """An event of a room the sender is in (or moderates); any other is "not found"."""
    missing = EVENTS.text("no_event", id=str(event_id), command="!events")
    return await get_or_not_found(session, Event, event_id, missing, visible=lambda e: ctx.may_read(e.room_id))


async def managed(ctx: CommandContext, session: AsyncSession, event_id: int) -> Event:
    """An event of a room the sender moderates (network coordinators: any)."""
    missing = EVENTS.text("no_event_managed", id=str(event_id), command="!events")
    return await get_or_not_found(session, Event, event_id, missing, visible=lambda e: ctx.can_moderate(e.room_id))


async def rsvp_counts(session: AsyncSession, event_ids: list[int]) -> dict[int, dict[str, int]]:
    if not event_ids:
        return {}
    rows = (
        await session.execute(
            select(Rsvp.event_row_id, Rsvp.answer, func.count())
            .where(Rsvp.event_row_id.in_(event_ids))
            .group_by(Rsvp.event_row_id, Rsvp.answer)
        )
    ).all()
    counts: dict[int, Counter[str]] = {}
    for event_id, answer, count in rows:
        counts.setdefault(event_id, Counter())[answer] = count
    return {k: dict(v) for k, v in counts.items()}
