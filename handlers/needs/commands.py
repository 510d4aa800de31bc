"""Members' needs commands: file a need (one line or guided), support one, change its category, withdraw, list."""

from __future__ import annotations

import logging
from html import escape

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import CommandContext, EventContext
from bot.errors import NotAllowed, UsageError, UserError
from bot.messages import quoted
from bot.storage import get_or_not_found
from handlers.needs import dialogue, store
from handlers.needs import profile as profile_module
from handlers.needs.feature import NEEDS_FILED, feature, language_of, service_of
from handlers.needs.models import CLOSED, Dialogue, History, Need, Profile
from handlers.needs.parse import normalise, parse_id, parse_text
from handlers.needs.phrases import NEEDS, status_name
from handlers.needs.replies import say as reply

log = logging.getLogger(__name__)


@feature.command(
    "need",
    usage="[what your NCC needs]",
    help="Tell the coordinators what your NCC needs; alone, starts a short guided conversation by DM.",
    examples=("!need a simple framework to measure our social impact", "!need"),
)
async def add_need(ctx: CommandContext, args: str) -> None:
    if not args.strip() or args.strip().lower() == "start":
        await start_dialogue(ctx)
        return
    await file_need(ctx, args, check_duplicates=True)


@feature.command("need new", usage="<text>", help="File a need even though a similar one exists.")
async def add_need_anyway(ctx: CommandContext, args: str) -> None:
    await file_need(ctx, args, check_duplicates=False)


async def file_need(ctx: CommandContext, args: str, *, check_duplicates: bool) -> None:
    needs = service_of(ctx)
    text = parse_text(args, needs.config.max_chars)
    lang = language_of(ctx, text)
    likely = await needs.likely_categories(text, lang)
    category = likely[0]
    norm = normalise(text, lang)
    ask_country, new = False, False
    async with ctx.db.begin() as session:
        need = await session.scalar(select(Need).where(Need.source_event_id == ctx.event_id))
        similar = (
            []
            if need or not check_duplicates
            else await store.similar_open(
                session,
                norm,
                category,
                needs.config.duplicate_threshold,
                room_id=ctx.room_id,  # only needs this room has seen; in a DM, that is none of anyone else's
                other_than=ctx.sender,
            )
        )
        if need is None and check_duplicates and needs.encoder is not None:
            rule = needs.duplicates
            nearby = await store.open_needs(
                session, likely[: rule.categories], rule.candidates, room_id=ctx.room_id, other_than=ctx.sender
            )
            similar = await needs.same_need(text, lang, similar, nearby)
        if need is None and not similar:
            profile = await session.get(Profile, ctx.sender)
            need = Need(
                user_id=ctx.sender,
                room_id=ctx.room_id,
                source_event_id=ctx.event_id,
                text=text,
                norm=norm,
                lang=lang,
                category=category,
                country=profile.country if profile else None,
            )
            session.add(need)
            await session.flush()
            session.add(History(need_id=need.id, user_id=ctx.sender, kind="created", detail=category))
            NEEDS_FILED.inc(ctx.services, how="command")
            new = True
            ask_country = await profile_module.ask_once(session, ctx.sender)
    if similar:
        await offer_similar(ctx, similar[0][0])
        return
    assert need is not None
    name = needs.categories.by_id[need.category].name(lang)
    log.info("need recorded", extra={"need_id": need.id, "room_id": ctx.room_id, "category": need.category})
    ask = "\n" + profile_module.question(lang, ctx.prefix) if ask_country else ""
    await ctx.reply(reply("noted", lang, id=str(need.id), category=name, prefix=ctx.prefix) + ask)
    if new:
        await needs.filed(need.id)


async def offer_similar(ctx: CommandContext, other: Need) -> None:
    """Its text is someone else's: say what it is about, never quote it."""
    categories = service_of(ctx).categories
    lang = ctx.language
    name = categories.by_id[other.category].name(lang) if other.category in categories.by_id else ""
    values = {"id": str(other.id), "category": name, "status": other.status, "prefix": ctx.prefix}
    text = reply("similar", lang, supporters=str(other.supporters), **values)
    await ctx.reply(text + "\n" + reply("similar_how", lang, **values))


@feature.command(
    "need +1", usage="<id>", help="Support an existing need instead of filing a copy.", examples=("!need +1 12",)
)
async def support(ctx: CommandContext, args: str) -> None:
    need_id = parse_id(args)
    async with ctx.db.begin() as session:
        need = await visible(ctx, session, need_id)
        if need.status in CLOSED:
            status = status_name(need.status, ctx.language)
            raise UsageError(reply("closed_need", ctx.language, id=str(need.id), status=status, prefix=ctx.prefix))
        if need.user_id == ctx.sender:
            raise UserError(reply("own_need", ctx.language, id=str(need.id)))
        added = await store.add_support(session, need, ctx.sender)
        count = need.supporters
    key = "supported" if added else "already_supported"
    await ctx.reply(reply(key, ctx.language, id=str(need_id), count=str(count)))


@feature.command(
    "need category",
    usage="<id> <category>",
    help="Change the category of your need.",
    examples=("!need category 12 financing",),
)
async def change_category(ctx: CommandContext, args: str) -> None:
    word, _, name = args.strip().partition(" ")
    need_id = parse_id(word)
    categories = service_of(ctx).categories
    category = categories.resolve(name) if name.strip() else None
    if category is None:
        close = categories.closest(name) if name.strip() else None
        hint = reply("category_guess", ctx.language, close=quoted(close)) if close else ""
        raise UsageError(
            reply("category_unknown", ctx.language, name=quoted(name.strip() or "?"), hint=hint, prefix=ctx.prefix)
        )
    async with ctx.db.begin() as session:
        need = await visible(ctx, session, need_id)
        if need.user_id != ctx.sender and not ctx.can_moderate(need.room_id):
            raise NotAllowed(reply("not_yours_change", ctx.language, id=str(need.id)))
        session.add(
            History(need_id=need.id, user_id=ctx.sender, kind="category", detail=f"{need.category} -> {category}")
        )
        need.category = category
    name = categories.by_id[category].name(ctx.language)
    await ctx.reply(reply("category_changed", ctx.language, id=str(need_id), category=name))


@feature.command("need withdraw", usage="<id>", help="Withdraw one of your needs.")
async def withdraw(ctx: CommandContext, args: str) -> None:
    need_id = parse_id(args)
    async with ctx.db.begin() as session:
        need = await visible(ctx, session, need_id)
        if need.user_id != ctx.sender:
            raise NotAllowed(reply("not_yours_withdraw", ctx.language, id=str(need.id)))
        if need.status in CLOSED:
            status = status_name(need.status, ctx.language)
            raise UsageError(reply("already_status", ctx.language, id=str(need.id), status=status))
        need.status = "withdrawn"
        session.add(History(need_id=need.id, user_id=ctx.sender, kind="status", detail="withdrawn"))
    await ctx.reply(reply("withdrawn", ctx.language, id=str(need_id)))


@feature.command("needs mine", read_only=True, help="Your needs and where they stand.")
async def mine(ctx: CommandContext, args: str) -> None:
    async with ctx.db.session() as session:
        needs = list(await session.scalars(select(Need).where(Need.user_id == ctx.sender).order_by(Need.id)))
    if not needs:
        await ctx.reply(reply("none_yet", ctx.language, prefix=ctx.prefix))
        return
    lang = ctx.language
    lines = [
        f"#{n.id} [{status_of(n, lang)}] {n.text}" + (f" — {n.status_note}" if n.status_note else "") for n in needs
    ]
    html = "".join(
        f"<li><b>#{n.id}</b> [{escape(status_of(n, lang))}] {escape(n.text)}"
        + (f" — <i>{escape(n.status_note)}</i>" if n.status_note else "")
        + "</li>"
        for n in needs
    )
    title = reply("your_needs", ctx.language)
    await ctx.reply(f"{title}\n" + "\n".join(lines), f"<p>{escape(title)}</p><ul>{html}</ul>")


def status_of(need: Need, lang: str) -> str:
    """A merged need says into which: its author can follow that one."""
    if need.status == "merged" and need.merged_into:
        return NEEDS.say("merged_into", lang, id=str(need.merged_into))
    return status_name(need.status, lang)


@feature.command("needs categories", read_only=True, help="The categories of needs.")
async def categories_list(ctx: CommandContext, args: str) -> None:
    cats = service_of(ctx).categories.categories
    lines = [
        f"{n}) {c.id} — {c.name(ctx.language)}: {c.description.get(ctx.language) or c.description.get('en', '')}"
        for n, c in enumerate(cats, start=1)
    ]
    await ctx.reply(reply("categories_title", ctx.language) + "\n" + "\n".join(lines))


async def visible(ctx: CommandContext, session: AsyncSession, need_id: int) -> Need:
    """A need the sender may see: their own, one filed in a group room they are in, or one of a room they
    moderate. Any other is "not found", so ids reveal nothing about other rooms or people."""
    rooms = ctx.services.rooms

    def may_see(need: Need) -> bool:
        group_member = not rooms.is_direct(need.room_id) and rooms.has_joined(need.room_id, ctx.sender)
        return need.user_id == ctx.sender or group_member or ctx.can_moderate(need.room_id)

    missing = reply("no_such_need", ctx.language, id=str(need_id), prefix=ctx.prefix)
    return await get_or_not_found(session, Need, need_id, missing, visible=may_see)


async def managed(ctx: CommandContext, session: AsyncSession, need_id: int) -> Need:
    """A need the sender may act on as a moderator: one filed in a room they moderate (network: any)."""
    missing = NEEDS.text("no_need_managed", id=str(need_id), command="!needs")
    return await get_or_not_found(session, Need, need_id, missing, visible=lambda n: ctx.can_moderate(n.room_id))


async def start_dialogue(ctx: EventContext) -> None:
    """Open (or restart) the guided conversation in the member's DM with the bot."""
    async with ctx.db.begin() as session:
        profile = await session.get(Profile, ctx.sender)
        step = dialogue.start(profile.country if profile else None, ctx.language)
        row = await session.get(Dialogue, ctx.sender)
        room_id = ctx.room_id if ctx.is_direct else None
        if row is None:
            session.add(Dialogue(user_id=ctx.sender, room_id=room_id, state=step.state, updated_at=ctx.now()))
        else:
            row.state, row.room_id, row.updated_at = step.state, room_id, ctx.now()
    if ctx.is_direct:
        await ctx.reply(step.say, markdown=True)
        return
    await ctx.send_direct(ctx.sender, step.say, markdown=True)
    dm_room = await ctx.services.dms.room_of(ctx.sender)
    async with ctx.db.begin() as session:
        row = await session.get(Dialogue, ctx.sender)
        if row is not None:
            row.room_id = dm_room
    await ctx.reply(reply("dm_sent", ctx.language))
