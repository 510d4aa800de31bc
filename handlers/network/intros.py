"""Answering an introduction (`!intro yes|no <id>`), the room the bot opens once both said yes, the
introduction posted there once both joined, `!need peers <id>`, coordinators' `!needs peers`, privacy hooks."""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from nio import RoomCreateResponse, RoomPreset, RoomVisibility
from sqlalchemy import delete, or_, select

from bot.commands import parse_id
from bot.context import CommandContext, EventContext, Services
from bot.errors import NotFound, UsageError
from bot.feature import Order
from bot.matrix import ENCRYPTION_STATE, MatrixError
from bot.messages import notice
from bot.permissions import Authority
from handlers.needs import feature as needs_feature
from handlers.network.feature import feature
from handlers.network.models import Introduction
from handlers.network.peers import eligible, involving, propose
from handlers.network.phrases import PEERS, in_quotes
from handlers.network.service import ncc_names

_ANSWERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


def answers_lock() -> asyncio.Lock:
    """One answer at a time (one process answers: see "One active instance"; answers are rare)."""
    loop = asyncio.get_running_loop()
    return _ANSWERS.setdefault(loop, asyncio.Lock())


async def create_room(services: Services, name: str, invite: list[str]) -> str:
    """A private room (encrypted when the bot encrypts) with `invite` invited; returns its id."""
    matrix = services.matrix
    initial_state = [ENCRYPTION_STATE] if matrix.encryption else []
    response = await matrix.call(
        "room_create",
        lambda: matrix.client.room_create(
            visibility=RoomVisibility.private, preset=RoomPreset.private_chat, name=name, invite=invite,
            initial_state=initial_state,
        ),
    )  # fmt: skip
    if not isinstance(response, RoomCreateResponse):
        raise MatrixError("create an introduction room", response)
    return response.room_id


async def yours(ctx: CommandContext, text: str) -> tuple[Introduction, str]:
    """The introduction `text` names if the sender is one of its two; which side ("a" / "b")."""
    intro_id = parse_id(text.strip(), PEERS.text("ids_in_dm"))
    async with ctx.db.session() as session:
        row = await session.get(Introduction, intro_id)
    if row is None or ctx.sender not in (row.user_a, row.user_b):
        raise NotFound(PEERS.text("no_intro", id=str(intro_id)))
    return row, "a" if ctx.sender == row.user_a else "b"


@feature.command("intro yes", usage="<id>", help="Yes, introduce me to the member with a similar need.")
async def accept(ctx: CommandContext, args: str) -> None:
    await answer(ctx, args, True)


@feature.command("intro no", usage="<id>", help="No thanks: no introduction for this one.")
async def decline(ctx: CommandContext, args: str) -> None:
    await answer(ctx, args, False)


async def answer(ctx: CommandContext, args: str, said_yes: bool) -> None:
    row, side = await yours(ctx, args)
    lang = ctx.language
    if row.settled_at is not None:
        await ctx.reply(PEERS.say("settled_room" if row.room_id else "settled_no", lang, id=str(row.id)))
        return
    async with answers_lock():  # both saying yes at the same moment, in two DMs: one of them sees the other's yes
        async with ctx.db.begin() as session:
            current = await session.get(Introduction, row.id)
            assert current is not None
            setattr(current, f"answer_{side}", said_yes)
            other_answer = current.answer_b if side == "a" else current.answer_a
            if not said_yes:
                current.settled_at = ctx.now()
        room_id = await open_room(ctx.services, row.id) if said_yes and other_answer else None
    other = row.user_b if side == "a" else row.user_a
    if not said_yes:
        await ctx.reply(PEERS.say("declined", lang))
        if other_answer:  # they said yes: tell them it will not happen, nothing more
            other_lang = ctx.services.languages.of(other) or lang
            await ctx.services.dms.send(other, notice(PEERS.say("not_this_time", other_lang, id=str(row.id))),
                                        tx_key=f"intro-off:{row.id}")  # fmt: skip
        return
    if room_id is None:
        await ctx.reply(PEERS.say("waiting", lang))
        return
    await ctx.reply(PEERS.say("opened", lang, room=f"https://matrix.to/#/{room_id}"))
    other_lang = ctx.services.languages.of(other) or lang
    text = PEERS.say("opened_other", other_lang, room=f"https://matrix.to/#/{room_id}")
    await ctx.services.dms.send(other, notice(text), tx_key=f"intro-open:{row.id}")


async def open_room(services: Services, intro_id: int) -> str:
    async with services.db.session() as session:
        row = await session.get(Introduction, intro_id)
        assert row is not None
        names = await ncc_names(session)
    if row.room_id:
        return row.room_id
    title = f"{names.get(row.ncc_a or 0, 'NCC')} ↔ {names.get(row.ncc_b or 0, 'NCC')}"
    room_id = await create_room(services, title, [row.user_a, row.user_b])
    async with services.db.begin() as session:
        current = await session.get(Introduction, intro_id)
        if current is not None:
            current.room_id, current.settled_at = room_id, services.now()
    return room_id


@feature.on_event("m.room.member", order=Order.OBSERVE)
async def both_joined(ctx: EventContext) -> bool:
    """Post the introduction in its room once both have joined (so both can read it, encrypted)."""
    if ctx.content.get("membership") != "join":
        return False
    async with ctx.db.session() as session:
        row = await session.scalar(select(Introduction).where(Introduction.room_id == ctx.room_id))
        if row is None or row.posted_at is not None:
            return False
        names = await ncc_names(session)
    joined = {ctx.source.get("state_key")} | {
        u for u in (row.user_a, row.user_b) if ctx.services.rooms.has_joined(ctx.room_id, u)
    }
    if not {row.user_a, row.user_b} <= joined:
        return False
    needs = needs_feature.service_of(ctx.services)
    a, b = await needs.need(row.need_a), await needs.need(row.need_b)
    langs = list(
        dict.fromkeys(
            ctx.services.languages.of(u) or (n.lang if n else "en") for u, n in ((row.user_a, a), (row.user_b, b))
        )
    )
    for lang in langs:
        lines = [PEERS.say("introduction", lang)]
        for user_id, need, ncc in ((row.user_a, a, row.ncc_a), (row.user_b, b, row.ncc_b)):
            said = in_quotes(need.text, 160) if need else "—"
            lines.append(f"• {user_id} ({names.get(ncc or 0, '—')}): {said}")
        await ctx.services.matrix.send(ctx.room_id, notice("\n".join(lines)), tx_key=f"intro-room:{row.id}:{lang}")
    async with ctx.db.begin() as session:
        current = await session.get(Introduction, row.id)
        if current is not None:
            current.posted_at = ctx.now()
    return False


@feature.command(
    "need peers",
    usage="<id>",
    help="Look for members of other NCCs with a similar need; both of you are asked before any introduction.",
    examples=("!need peers 12",),
)
async def need_peers(ctx: CommandContext, args: str) -> None:
    needs = needs_feature.service_of(ctx.services)
    need_id = parse_id(args.strip(), PEERS.text("need_ids", command=f"`{ctx.prefix}needs mine`"))
    need = await needs.need(need_id)
    if need is None or not (need.user_id == ctx.sender or ctx.can_moderate(need.room_id)):
        raise NotFound(PEERS.text("no_need", id=str(need_id), command=f"`{ctx.prefix}needs mine`"))
    if not eligible(need):
        raise UsageError(PEERS.text("not_eligible", id=str(need_id), command=f"`{ctx.prefix}need`"))
    made = await propose(ctx.services, need_id)
    await ctx.reply(PEERS.say("asked" if made else "none_found", ctx.language, count=str(made)))


@feature.command(
    "needs peers",
    read_only=True,
    requires=Authority.ROOM_MODERATOR,
    help="The peer introductions proposed for needs of your rooms (network coordinators: all).",
)
async def list_introductions(ctx: CommandContext, args: str) -> None:
    needs = needs_feature.service_of(ctx.services)
    async with ctx.db.session() as session:
        rows = list(await session.scalars(select(Introduction).order_by(Introduction.id.desc()).limit(200)))
        names = await ncc_names(session)
    lang, lines = ctx.language, []
    for row in rows:
        a, b = await needs.need(row.need_a), await needs.need(row.need_b)
        if not ctx.is_network_coordinator and not any(n and ctx.can_moderate(n.room_id) for n in (a, b)):
            continue
        state = "made" if row.room_id else "declined" if row.settled_at else "waiting"
        values = {
            "a": f"#{row.need_a} {names.get(row.ncc_a or 0, '—')}",
            "b": f"#{row.need_b} {names.get(row.ncc_b or 0, '—')}",
        }
        lines.append(f"{row.id}. " + PEERS.say(f"line_{state}", lang, **values))
    head = PEERS.say("list_head", lang, count=str(len(lines))) if lines else PEERS.say("list_none", lang)
    await ctx.reply("\n".join([head, *lines[:30]]))


@feature.personal_data
async def personal_data(services: Services, user_id: str) -> dict[str, Any]:
    rows = await involving(services, user_id)
    if not rows:
        return {}
    mine = [(r.need_a if r.user_a == user_id else r.need_b, r) for r in rows]
    return {"introductions": [{"introduction": r.id, "your_need": need, "room": r.room_id} for need, r in mine]}


@feature.forget
async def forget(services: Services, user_id: str) -> None:
    async with services.db.begin() as session:
        await session.execute(
            delete(Introduction).where(or_(Introduction.user_a == user_id, Introduction.user_b == user_id))
        )
