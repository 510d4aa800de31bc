"""Coordinators' needs commands: list (paginated), status (author told by DM), merge, summary, export."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from html import escape

from bot.context import CommandContext
from bot.errors import UsageError
from bot.messages import notice
from bot.permissions import Authority
from handlers.needs import chart, store
from handlers.needs.commands import managed
from handlers.needs.export import hiding_direct, to_csv
from handlers.needs.feature import feature, service_of
from handlers.needs.models import CLOSED, History
from handlers.needs.parse import Filters, parse_filters, parse_id, parse_status


@feature.command(
    "needs",
    read_only=True,
    usage="[open|all] [category=…] [country=…] [since=YYYY-MM-DD]",
    requires=Authority.ROOM_MODERATOR,
    instead="needs mine",
    help="List needs, most supported first (`!needs more` for the next page).",
    examples=("!needs", "!needs all category=financing since=2026-01-01"),
)
async def list_needs(ctx: CommandContext, args: str) -> None:
    await show_page(ctx, scoped(ctx, parse_filters(args, service_of(ctx).categories)), 0)


def scoped(ctx: CommandContext, filters: Filters) -> Filters:
    """Network coordinators see every room's needs; a room moderator sees the needs filed in their room."""
    return filters if ctx.is_network_coordinator else replace(filters, room_id=ctx.room_id)


@feature.command(
    "needs more", read_only=True, requires=Authority.ROOM_MODERATOR, help="The next page of the last `!needs` list."
)
async def more(ctx: CommandContext, args: str) -> None:
    async with ctx.db.session() as session:
        listing = await store.load_listing(session, ctx.room_id, ctx.sender)
    if listing is None:
        raise UsageError("There is no list to continue; start with !needs.")
    await show_page(ctx, scoped(ctx, Filters.from_dict(listing.filters)), listing.offset)


async def show_page(ctx: CommandContext, filters: Filters, offset: int) -> None:
    size = service_of(ctx).config.page_size
    async with ctx.db.begin() as session:
        needs, total = await store.list_needs(session, filters, offset, size)
        await store.save_listing(session, ctx.room_id, ctx.sender, filters, offset + len(needs))
    if not needs:
        await ctx.reply(f"No needs match ({filters.describe()})." if offset == 0 else "That was the last page.")
        return
    names = service_of(ctx).categories.by_id
    lines, items = [], []
    for need in needs:
        name = names[need.category].name("en") if need.category in names else need.category
        where = f", {need.country}" if need.country else ""
        lines.append(f"#{need.id} [{need.status}] {name}{where} · +{need.supporters} · {need.text}")
        items.append(
            f"<li><b>#{need.id}</b> [{need.status}] {escape(name)}{escape(where)} · +{need.supporters} · "
            f"{escape(need.text)}</li>"
        )
    shown = f"{offset + 1}–{offset + len(needs)} of {total}"
    tail = " — !needs more for the next page" if offset + len(needs) < total else ""
    head = f"Needs ({filters.describe()}), {shown}{tail}:"
    await ctx.reply(head + "\n" + "\n".join(lines), f"<p>{escape(head)}</p><ul>{''.join(items)}</ul>")


@feature.command(
    "need status",
    usage="<id> open|in-progress|addressed|declined [note]",
    requires=Authority.ROOM_MODERATOR,
    instead="need withdraw",
    help="Set a need's status; its author is told by DM, with your note.",
    examples=("!need status 12 in-progress We are preparing a webinar on this.",),
)
async def set_status(ctx: CommandContext, args: str) -> None:
    words = args.split(maxsplit=2)
    if len(words) < 2:
        raise UsageError("Give the need id and the new status.")
    need_id, status = parse_id(words[0]), parse_status(words[1])
    note = words[2].strip() if len(words) > 2 else None
    async with ctx.db.begin() as session:
        need = await managed(ctx, session, need_id)
        if need.status == "merged":
            raise UsageError(f"Need #{need.id} was merged into #{need.merged_into}; change that one.")
        need.status, need.status_note = status, note
        session.add(History(need_id=need.id, user_id=ctx.sender, kind="status", detail=f"{status}: {note or ''}"))
        author, text = need.user_id, need.text
    told = ""
    if author:
        message = f"Your need #{need_id} “{text}” is now {status}." + (
            f"\nNote from the coordinators: {note}" if note else ""
        )
        await ctx.services.dms.notify(author, notice(message), tx_key=ctx.next_tx_key())
        told = " Its author has been told by direct message."
    await ctx.reply(f"Need #{need_id} is now {status}.{told}")


@feature.command(
    "need merge",
    usage="<id> <into-id>",
    requires=Authority.ROOM_MODERATOR,
    help="Merge a need into another: supporters and text history carried over.",
)
async def merge(ctx: CommandContext, args: str) -> None:
    words = args.split()
    if len(words) != 2:
        raise UsageError("Give two ids: the need to merge, then the need it goes into.")
    source_id, target_id = parse_id(words[0]), parse_id(words[1])
    if source_id == target_id:
        raise UsageError("A need cannot be merged into itself.")
    async with ctx.db.begin() as session:
        source, target = await managed(ctx, session, source_id), await managed(ctx, session, target_id)
        if source.status == "merged" or target.status in CLOSED:
            raise UsageError(
                f"Merge open needs only (#{source.id} is {source.status}, #{target.id} is {target.status})."
            )
        moved = await store.merge(session, source, target, ctx.sender)
        count = target.supporters
    await ctx.reply(f"Need #{source_id} merged into #{target_id}: {moved} supporter(s) moved, {count} in all.")


@feature.command(
    "needs summary",
    read_only=True,
    requires=Authority.ROOM_MODERATOR,
    help="Counts of needs by category and status (with a chart), and open needs by country.",
)
async def summary(ctx: CommandContext, args: str) -> None:
    async with ctx.db.session() as session:
        by_category, by_country = await store.summary(session, None if ctx.is_network_coordinator else ctx.room_id)
    if not by_category:
        await ctx.reply("No needs yet.")
        return
    names = service_of(ctx).categories.by_id
    text, html = summary_table(by_category, by_country, names)
    await ctx.reply(text, html)
    if chart.available():
        labels = {c: names[c].name("en") if c in names else c for c, _ in by_category}
        png, width, height = await asyncio.to_thread(chart.summary_png, by_category, labels)  # CPU: off the loop
        await ctx.send_file(png, "needs-summary.png", "image/png", image_size=(width, height))


def summary_table(by_category: Counter[tuple[str, str]], by_country: Counter[str], names: dict) -> tuple[str, str]:
    """One line per category, busiest first, with its counts by status: a list, since Element X drops tables."""
    statuses = ["open", "in-progress", "addressed", "declined", "withdrawn", "merged"]
    totals = Counter({category: 0 for category, _ in by_category})
    for (category, _status), count in by_category.items():
        totals[category] += count
    lines, items = [], []
    for category, total in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        label = names[category].name("en") if category in names else category
        parts = ", ".join(f"{s} {by_category[(category, s)]}" for s in statuses if by_category.get((category, s)))
        lines.append(f"• {label}: {total} ({parts})")
        items.append(f"<li><b>{escape(label)}</b>: {total} ({escape(parts)})</li>")
    countries = ", ".join(f"{c} {n}" for c, n in by_country.most_common()) or "—"
    text = "Needs by category and status:\n" + "\n".join(lines) + f"\n\nOpen needs by country: {countries}"
    html = (
        f"<p>Needs by category and status:</p><ul>{''.join(items)}</ul>"
        f"<p>Open needs by country: {escape(countries)}</p>"
    )
    return text, html


@feature.command(
    "needs export",
    usage="[open|all] [category=…] [country=…] [since=YYYY-MM-DD]",
    requires=Authority.ROOM_MODERATOR,
    help="Upload the needs as a CSV file (one row per need).",
    examples=("!needs export all",),
)
async def export(ctx: CommandContext, args: str) -> None:
    filters = scoped(ctx, parse_filters(args or "all", service_of(ctx).categories))
    await ctx.reply(f"Preparing the export ({filters.describe()})…")
    async with ctx.db.session() as session:
        needs = await store.export_needs(session, filters)
    stamp = ctx.now().strftime("%Y%m%d-%H%M")
    label = hiding_direct(ctx.services.rooms.is_direct)
    data = await asyncio.to_thread(to_csv, needs, label)  # CPU work: off the event loop
    await ctx.send_file(data, f"ncc-needs-{stamp}.csv", "text/csv")
    await ctx.reply(f"{len(needs)} need(s) exported.")
