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
from handlers.events.when import parse_schedule
from handlers.shared.dates import describe, parse_when


def announcement_id_of(word: str) -> int:
    return parse_id(word, "an announcement", "`!announcements` lists them")


@feature.command(
    "announce",
    usage="at <when> | <text>  or  every <schedule> | <text>",
    requires=Authority.ROOM_MODERATOR,
    help="Post a message later, once or on a schedule (cron or words like `monday 09:00`, `every weekday 8:30`).",
    examples=(
        "!announce at 1 Dec 09:00 | Registration for the onsite event closes on Friday.",
        "!announce every first day of month 10:00 | Tell us what your NCC needs: !need",
    ),
)
async def announce(ctx: CommandContext, args: str) -> None:
    head, text = split_fields(args, 2, required=2)
    mode, _, spec = head.strip().partition(" ")
    zone = ctx.timezone
    now = ctx.now()
    if mode.lower() == "at":
        schedule, first = None, parse_when(spec, zone, now)
    elif mode.lower() == "every":
        parsed = parse_schedule(spec)
        schedule, first = parsed.cron, parsed.next_after(now, zone)
    else:
        raise UsageError("Start with `at <when>` for once or `every <schedule>` for a recurring announcement.")
    async with ctx.db.begin() as session:
        row = await session.scalar(select(Announcement).where(Announcement.source_event_id == ctx.event_id))
        if row is None:  # else: this message was handled before a crash; the same row, the same job
            row = Announcement(
                rooms=[ctx.room_id],
                text=text,
                schedule=schedule,
                zone=str(zone),
                next_run_at=first,
                user_id=ctx.sender,
                source_event_id=ctx.event_id,
            )
            session.add(row)
            await session.flush()
        announcement_id, first = row.id, row.next_run_at or first
    await ctx.services.scheduler.at(send_announcement, announcement_id, first)
    repeat = f" then on schedule {quoted(schedule)}" if schedule else ""
    await ctx.reply(
        f"Announcement #{announcement_id}: first at {describe(first, zone)}{repeat}. "
        f"!announce preview {announcement_id} shows it."
    )


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
        await ctx.reply("No scheduled announcements here.")
        return
    lines = []
    for row in rows:
        zone = ZoneInfo(row.zone)
        nxt = describe(row.next_run_at, zone) if row.next_run_at else "done"
        origin = f" (config: {row.config_id})" if row.config_id else ""
        gist = textwrap.shorten(markdown_to_plain(row.text), 60, placeholder="…")  # never cut inside markup
        lines.append(f"#{row.id} next: {nxt}{' · ' + row.schedule if row.schedule else ''}{origin} — {gist}")
    await ctx.reply("Announcements:\n" + "\n".join(lines))


@feature.command(
    "announce cancel", usage="<id>", requires=Authority.ROOM_MODERATOR, help="Stop a scheduled announcement."
)
async def cancel(ctx: CommandContext, args: str) -> None:
    announcement_id = announcement_id_of(args)
    async with ctx.db.begin() as session:
        row = await managed(ctx, session, announcement_id)
        if row.config_id:
            raise UsageError(f"#{announcement_id} is declared in config.yaml ({row.config_id}); remove it there.")
        row.cancelled_at, row.next_run_at = ctx.now(), None
    await ctx.services.scheduler.cancel(send_announcement, announcement_id)
    await ctx.reply(f"Announcement #{announcement_id} cancelled.")


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
    missing = f"There is no announcement #{announcement_id} you can manage here; !announcements lists them."
    return await get_or_not_found(
        session, Announcement, announcement_id, missing, visible=lambda a: all(ctx.can_moderate(r) for r in a.rooms)
    )
