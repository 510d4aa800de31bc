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
from handlers.needs.phrases import NEEDS, status_name


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
        raise UsageError(NEEDS.text("no_list", command="!needs"))
    await show_page(ctx, scoped(ctx, Filters.from_dict(listing.filters)), listing.offset)


async def show_page(ctx: CommandContext, filters: Filters, offset: int) -> None:
    size = service_of(ctx).config.page_size
    async with ctx.db.begin() as session:
        needs, total = await store.list_needs(session, filters, offset, size)
        await store.save_listing(session, ctx.room_id, ctx.sender, filters, offset + len(needs))
    lang = ctx.language
    if not needs:
        await ctx.reply(
            NEEDS.say("none_match", lang, filters=filters.describe(lang))
            if offset == 0
            else NEEDS.say("last_page", lang)
        )
        return
    names = service_of(ctx).categories.by_id
    lines, items = [], []
    for need in needs:
        name = names[need.category].name(lang) if need.category in names else need.category
        where, status = f", {need.country}" if need.country else "", status_name(need.status, lang)
        lines.append(f"#{need.id} [{status}] {name}{where} · +{need.supporters} · {need.text}")
        items.append(
            f"<li><b>#{need.id}</b> [{escape(status)}] {escape(name)}{escape(where)} · +{need.supporters} · "
            f"{escape(need.text)}</li>"
        )
    key = "needs_head_more" if offset + len(needs) < total else "needs_head"
    values = {"first": str(offset + 1), "last": str(offset + len(needs)), "total": str(total)}
    head = NEEDS.say(key, lang, filters=filters.describe(lang), command="!needs more", **values)
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
        raise UsageError(NEEDS.text("status_args"))
    need_id, status = parse_id(words[0]), parse_status(words[1])
    note = words[2].strip() if len(words) > 2 else None
    async with ctx.db.begin() as session:
        need = await managed(ctx, session, need_id)
        if need.status == "merged":
            raise UsageError(NEEDS.text("merged_change_that", id=str(need.id), into=str(need.merged_into)))
        need.status, need.status_note = status, note
        session.add(History(need_id=need.id, user_id=ctx.sender, kind="status", detail=f"{status}: {note or ''}"))
        author, text, need_lang = need.user_id, need.text, need.lang
    if author:  # the author's own language: their `!lang`, else the one they wrote the need in
        lang = ctx.services.languages.of(author) or need_lang
        message = NEEDS.say("status_dm", lang, id=str(need_id), text=text, status=status_name(status, lang))
        message += ("\n" + NEEDS.say("status_dm_note", lang, note=note)) if note else ""
        await ctx.services.dms.notify(author, notice(message), tx_key=ctx.next_tx_key())
    key = "status_set_told" if author else "status_set"
    await ctx.reply(NEEDS.say(key, ctx.language, id=str(need_id), status=status_name(status, ctx.language)))


@feature.command(
    "need merge",
    usage="<id> <into-id>",
    requires=Authority.ROOM_MODERATOR,
    help="Merge a need into another: supporters and text history carried over.",
)
async def merge(ctx: CommandContext, args: str) -> None:
    words = args.split()
    if len(words) != 2:
        raise UsageError(NEEDS.text("merge_args"))
    source_id, target_id = parse_id(words[0]), parse_id(words[1])
    if source_id == target_id:
        raise UsageError(NEEDS.text("merge_self"))
    async with ctx.db.begin() as session:
        source, target = await managed(ctx, session, source_id), await managed(ctx, session, target_id)
        if source.status == "merged" or target.status in CLOSED:
            raise UsageError(
                NEEDS.text(
                    "merge_open_only",
                    first=str(source.id),
                    first_status=status_name(source.status, ctx.language),
                    second=str(target.id),
                    second_status=status_name(target.status, ctx.language),
                )
            )
        moved = await store.merge(session, source, target, ctx.sender)
        count = target.supporters
    values = {"first": str(source_id), "second": str(target_id), "moved": str(moved), "count": str(count)}
    await ctx.reply(NEEDS.say("merged", ctx.language, **values))


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
        await ctx.reply(NEEDS.say("no_needs", ctx.language))
        return
    names = service_of(ctx).categories.by_id
    text, html = summary_table(by_category, by_country, names, ctx.language)
    await ctx.reply(text, html)
    if chart.available():
        labels = {c: names[c].name(ctx.language) if c in names else c for c, _ in by_category}
        png, width, height = await asyncio.to_thread(chart.summary_png, by_category, labels)  # CPU: off the loop
        await ctx.send_file(png, "needs-summary.png", "image/png", image_size=(width, height))


def summary_table(
    by_category: Counter[tuple[str, str]], by_country: Counter[str], names: dict, lang: str = "en"
) -> tuple[str, str]:
    """One line per category, busiest first, with its counts by status: a list, since Element X drops tables."""
    statuses = ["open", "in-progress", "addressed", "declined", "withdrawn", "merged"]
    totals = Counter({category: 0 for category, _ in by_category})
    for (category, _status), count in by_category.items():
        totals[category] += count
    lines, items = [], []
    for category, total in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        label = names[category].name(lang) if category in names else category
        counts = [
            (status_name(s, lang), by_category[(category, s)]) for s in statuses if by_category.get((category, s))
        ]
        parts = ", ".join(f"{name} {count}" for name, count in counts)
        lines.append(f"• {label}: {total} ({parts})")
        items.append(f"<li><b>{escape(label)}</b>: {total} ({escape(parts)})</li>")
    countries = ", ".join(f"{c} {n}" for c, n in by_country.most_common()) or "—"
    head, tail = NEEDS.say("summary_head", lang), NEEDS.say("by_country", lang, countries=countries)
    text = head + "\n" + "\n".join(lines) + f"\n\n{tail}"
    html = f"<p>{escape(head)}</p><ul>{''.join(items)}</ul><p>{escape(tail)}</p>"
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
    await ctx.reply(NEEDS.say("export_preparing", ctx.language, filters=filters.describe(ctx.language)))
    async with ctx.db.session() as session:
        needs = await store.export_needs(session, filters)
    stamp = ctx.now().strftime("%Y%m%d-%H%M")
    label = hiding_direct(ctx.services.rooms.is_direct)
    data = await asyncio.to_thread(to_csv, needs, label)  # CPU work: off the event loop
    await ctx.send_file(data, f"ncc-needs-{stamp}.csv", "text/csv")
    await ctx.reply(NEEDS.say("exported", ctx.language, count=str(len(needs))))
