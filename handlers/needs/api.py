"""What other features may know of and do with needs, through the needs service: a need as plain facts, open
needs similar to one (across rooms: the caller decides what may be shown to whom), and a guided dialogue opened
in someone's DM on another feature's behalf (a post-event round), whose need then carries that source."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from bot.messages import markdown_notice
from handlers.needs import dialogue, store
from handlers.needs.models import Dialogue, Need, Profile

if TYPE_CHECKING:
    from bot.context import Services


@dataclass(frozen=True)
class NeedInfo:
    id: int
    user_id: str | None
    room_id: str
    text: str
    category: str
    status: str
    contact_ok: bool
    lang: str
    country: str | None
    source: str | None
    created_at: datetime
    supporters: int = 0
    status_note: str | None = None


def info(need: Need) -> NeedInfo:
    return NeedInfo(
        need.id, need.user_id, need.room_id, need.text, need.category, need.status, need.contact_ok, need.lang,
        need.country, need.source, need.created_at, need.supporters, need.status_note,
    )  # fmt: skip


async def need_info(services: Services, need_id: int) -> NeedInfo | None:
    async with services.db.session() as session:
        need = await session.get(Need, need_id)
        return info(need) if need is not None else None


async def similar_needs(services: Services, need_id: int, threshold: float, limit: int) -> list[tuple[NeedInfo, float]]:
    """Open needs of other authors, in the same category, whose words are close to this one's (any room)."""
    async with services.db.session() as session:
        need = await session.get(Need, need_id)
        if need is None or need.user_id is None:
            return []
        found = await store.similar_open(session, need.norm, need.category, threshold, limit, other_than=need.user_id)
        return [(info(other), score) for other, score in found if other.id != need_id]


@dataclass(frozen=True)
class Browse:
    """What a reader asks of the needs list: `rooms` None for every room (a network coordinator)."""

    rooms: frozenset[str] | None
    status: str = "open"  # open (open and in progress) | all | one status
    category: str | None = None
    since: datetime | None = None
    words: str = ""  # each must appear in the text (case-insensitive)
    sort: str = "newest"  # newest | oldest | supported
    offset: int = 0
    limit: int = 50


SORTS = {"newest": (Need.created_at.desc(), Need.id.desc()), "oldest": (Need.created_at, Need.id),
         "supported": (Need.supporters.desc(), Need.created_at.desc())}  # fmt: skip


def browse_where(query: Browse) -> list[Any]:
    where: list[Any] = []
    if query.rooms is not None:
        where.append(Need.room_id.in_(sorted(query.rooms)))
    if query.status == "open":
        where.append(Need.status.in_(store.OPEN))
    elif query.status != "all":
        where.append(Need.status == query.status)
    if query.category:
        where.append(Need.category == query.category)
    if query.since:
        where.append(Need.created_at >= query.since)
    for word in query.words.split()[:8]:
        escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(func.lower(Need.text).like(f"%{escaped}%", escape="\\"))
    return where


async def browse(services: Services, query: Browse) -> tuple[list[NeedInfo], int]:
    """One page of needs and how many match, in the reader's scope."""
    where = browse_where(query)
    async with services.db.session() as session:
        total = await session.scalar(select(func.count(Need.id)).where(*where)) or 0
        rows = await session.scalars(
            select(Need)
            .where(*where)
            .order_by(*SORTS.get(query.sort, SORTS["newest"]))
            .offset(query.offset)
            .limit(query.limit)
        )
        return [info(n) for n in rows], int(total)


async def tallies(services: Services, rooms: frozenset[str] | None) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """(category, status) counts and needs per month ("2026-11"), in the reader's scope."""
    where = [Need.room_id.in_(sorted(rooms))] if rooms is not None else []
    async with services.db.session() as session:
        grouped = select(Need.category, Need.status, func.count()).where(*where).group_by(Need.category, Need.status)
        by_category = Counter({(c, s): int(n) for c, s, n in (await session.execute(grouped)).all()})
        month = month_of(services.db.dialect)
        per_month = select(month, func.count()).where(*where).group_by(month)
        by_month = Counter({str(m): int(n) for m, n in (await session.execute(per_month)).all()})
    return by_category, by_month


def month_of(dialect: str) -> Any:
    """ "2026-11" of a need's creation, computed by the database (UTC is what is stored)."""
    if dialect == "sqlite":
        return func.strftime("%Y-%m", Need.created_at)
    return func.to_char(Need.created_at, "YYYY-MM")


async def filed_since(services: Services, since: datetime) -> list[int]:
    async with services.db.session() as session:
        return list(await session.scalars(select(Need.id).where(Need.created_at >= since).order_by(Need.id)))


async def needs_from(services: Services, source: str) -> list[NeedInfo]:
    async with services.db.session() as session:
        return [info(n) for n in await session.scalars(select(Need).where(Need.source == source).order_by(Need.id))]


async def open_dialogue(services: Services, user_id: str, lang: str, intro: str, *, source: str, tx_key: str) -> bool:
    """Start the guided `!need` in `user_id`'s DM, introduced by `intro`. False (and nothing sent) when another
    dialogue of theirs is in progress: it is never replaced by an invitation. True without a second message when
    this source's dialogue is already open (the invitation was sent before a restart)."""
    async with services.db.begin() as session:
        current = await session.get(Dialogue, user_id)
        if current is not None:
            return current.state.get("source") == source
        profile = await session.get(Profile, user_id)
        step = dialogue.start(profile.country if profile else None, lang)
        state = {**step.state, "source": source}
        session.add(Dialogue(user_id=user_id, room_id=None, state=state, updated_at=services.now()))
    await services.dms.send(user_id, markdown_notice(f"{intro}\n\n{step.say}"), tx_key=tx_key)
    room_id = await services.dms.room_of(user_id)
    async with services.db.begin() as session:
        row = await session.get(Dialogue, user_id)
        if row is not None and row.room_id is None:
            row.room_id = room_id
    return True
