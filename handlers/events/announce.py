"""Announcements: one-off or recurring messages, from the chat or declared in config.yaml."""

from __future__ import annotations

import textwrap
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands import parse_id, split_fields
from bot.context import CommandContext
from bot.errors import UsageError
from bot.messages import markdown_notice, markdown_to_plain, quoted
from bot.permissions import Authority
from bot.storage import get_or_not_found
from handlers.events.feature import feature
from handlers.events.jobs import send_announcement
from handlers.events.models import Announcement
from handlers.events.phrases import EVENTS
from handlers.events.service import Scheduled
from handlers.shared.dates import describe


def announcement_id_of(word: str) -> int:
    return parse_id(word, EVENTS.text("ids_listed", command="`!announcements`"))


@feature.command(
    "announce",
    usage="at <when> | <text>  or  every <schedule> | <text>",
    requires=Authority.ROOM_MODERATOR,
    help="Post a message later, once or on a schedule (cron or words like `monday 09:00`, `every weekday 8:30`); "
    "network coordinators may name a group, an NCC or the network instead of this room.",
    examples=(
        "!announce at 1 Dec 09:00 | Registration for the onsite event closes on Friday.",
        "!announce every first day of month 10:00 | Tell us what your NCC needs: !need",
        "!announce group A at 3 Dec 09:00 | The mutual-learning call starts in an hour.",
    ),
)
async def announce(ctx: CommandContext, args: str) -> None:
    targeted = feature.service_of(ctx.services).targeted_handler("announce", args)
    if targeted is not None:
        await targeted(ctx, args)
        return
    head, text = split_fields(args, 2, required=2)
    mode, _, spec = head.strip().partition(" ")
    if mode.lower() not in ("at", "every"):
        raise UsageError(EVENTS.text("announce_mode"))
    scheduled = await feature.service_of(ctx.services).announce(
        [ctx.room_id], text, mode=mode.lower(), when=spec, zone=ctx.timezone, user_id=ctx.sender,
        source_event_id=ctx.event_id,
    )  # fmt: skip
    await ctx.reply(confirmation(ctx, scheduled))


def confirmation(ctx: CommandContext, scheduled: Scheduled) -> str:
    """What the coordinator is told: the first time in their language, and the schedule if it repeats."""
    key = "announce_scheduled_repeat" if scheduled.schedule else "announce_scheduled"
    when = describe(scheduled.first, ctx.timezone, ctx.language)
    preview = f"{ctx.prefix}announce preview {scheduled.id}"
    values = {"id": str(scheduled.id), "when": when, "schedule": quoted(scheduled.schedule or ""), "command": preview}
    return EVENTS.say(key, ctx.language, **values)


@feature.command("announcements", read_only=True, help="The scheduled announcements of this room, with their next run.")
async def list_announcements(ctx: CommandContext, args: str) -> None:
    async with ctx.db.session() as session:
        rows = [
            r
            for r in await session.scalars(
                select(Announcement).where(Announcement.cancelled_at.is_(None), Announcement.next_run_at.is_not(None))
            )
            if ctx.room_id in r.rooms
        ]
    if not rows:
        await ctx.reply(EVENTS.say("no_announcements", ctx.language))
        return
    lang, lines = ctx.language, []
    for row in rows:
        zone = ZoneInfo(row.zone)
        nxt = EVENTS.say("announcement_next", lang, when=describe(row.next_run_at, zone, lang))
        origin = EVENTS.say("announcement_from_config", lang, id=row.config_id) if row.config_id else ""
        gist = textwrap.shorten(markdown_to_plain(row.text), 60, placeholder="…")  # never cut inside markup
        lines.append(f"#{row.id} {nxt}{' · ' + row.schedule if row.schedule else ''}{origin} — {gist}")
    await ctx.reply(EVENTS.say("announcements", lang) + "\n" + "\n".join(lines))


@feature.command(
    "announce cancel", usage="<id>", requires=Authority.ROOM_MODERATOR, help="Stop a scheduled announcement."
)
async def cancel(ctx: CommandContext, args: str) -> None:
    announcement_id = announcement_id_of(args)
    async with ctx.db.begin() as session:
        row = await managed(ctx, session, announcement_id)
        if row.config_id:
            raise UsageError(EVENTS.text("announcement_in_config", id=str(announcement_id), config_id=row.config_id))
        row.cancelled_at, row.next_run_at = ctx.now(), None
    await ctx.services.scheduler.cancel(send_announcement, announcement_id)
    await ctx.reply(EVENTS.say("announcement_cancelled", ctx.language, id=str(announcement_id)))


@feature.command(
    "announce preview",
    read_only=True,
    usage="<id>",
    requires=Authority.ROOM_MODERATOR,
    help="Show an announcement as it will be posted.",
)
async def preview(ctx: CommandContext, args: str) -> None:
    announcement_id = announcement_id_of(args)
    async with ctx.db.session() as session:
        row = await managed(ctx, session, announcement_id)
    content = markdown_notice(row.text, reply_to=ctx.event_id)
    await ctx.send(ctx.room_id, content)


async def managed(ctx: CommandContext, session: AsyncSession, announcement_id: int) -> Announcement:
    """An announcement whose every room the sender moderates (network coordinators: any); else "not found"."""
    missing = EVENTS.text("no_announcement", id=str(announcement_id), command="!announcements")
    return await get_or_not_found(
        session, Announcement, announcement_id, missing, visible=lambda a: all(ctx.can_moderate(r) for r in a.rooms)
    )
