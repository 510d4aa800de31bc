"""What the room hears when an event changes: nothing about an event changes silently."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.context import CommandContext
from bot.messages import notice
from handlers.events.models import Rsvp
from handlers.events.phrases import EVENTS
from handlers.shared.dates import describe


async def tell_moved(
    ctx: CommandContext, event_id: int, room_id: str, title: str, was: datetime, now: datetime
) -> None:
    """A moved event is never a silent change: its room is told, and so are those who asked for DM reminders."""
    zone, lang = ctx.settings.room_timezone(room_id), ctx.settings.room_language(room_id)
    text = EVENTS.say("moved_notice", lang, title=title, when=describe(now, zone, lang), was=describe(was, zone, lang))
    await ctx.send(room_id, notice(text))
    async with ctx.db.session() as session:
        wanted = (Rsvp.event_row_id == event_id, Rsvp.remind_by_dm.is_(True), Rsvp.answer != "no")
        opted = list(await session.scalars(select(Rsvp.user_id).where(*wanted)))
    for user_id in opted:
        await ctx.services.dms.notify(user_id, notice(text), tx_key=f"{ctx.event_id}:moved:{user_id}")
