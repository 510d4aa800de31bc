"""Queries on the needs' tables. Each function takes the caller's session: one unit of work per command."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.needs.models import CLOSED, Dialogue, History, Listing, Need, Profile, Support
from handlers.needs.parse import Filters

OPEN = ("open", "in-progress")


def score_similar(norm: str, candidates: list[tuple[int, str]], threshold: float) -> list[tuple[int, float]]:
    """(need id, score) of the candidates that say the same as `norm`, best first. CPU work: run in a thread."""
    norms = [text for _, text in candidates]
    rough = process.extract(norm, norms, scorer=fuzz.token_set_ratio, score_cutoff=threshold - 15, limit=20)
    scored = []
    for _, set_score, index in rough:
        score = 0.5 * set_score + 0.5 * fuzz.token_sort_ratio(norm, norms[index])
        if score >= threshold:
            scored.append((candidates[index][0], score))
    scored.sort(key=lambda item: item[1], reverse=True)
    return scored


async def similar_open(
    session: AsyncSession,
    norm: str,
    category: str,
    threshold: float,
    limit: int = 3,
    *,
    room_id: str | None = None,
    other_than: str | None = None,
) -> list[tuple[Need, float]]:
    """Open needs that say the same thing. Same category first (where almost all duplicates are), which keeps
    the check fast at tens of thousands of needs; two scorers so a short text is not "similar" to everything.
    `room_id` keeps to one room's needs and `other_than` leaves out one person's own."""
    if not norm:
        return []
    where = open_in([category], room_id, other_than)
    rows = (await session.execute(select(Need.id, Need.norm).where(*where))).all()
    if not rows:
        return []
    scored = await asyncio.to_thread(score_similar, norm, [(r.id, r.norm) for r in rows], threshold)
    result = []
    for need_id, score in scored[:limit]:
        need = await session.get(Need, need_id)
        if need is not None:
            result.append((need, round(score, 1)))
    return result


async def open_needs(
    session: AsyncSession,
    categories: list[str],
    limit: int,
    *,
    room_id: str | None = None,
    other_than: str | None = None,
) -> list[Need]:
    """The newest open needs of some categories, in the same scope as `similar_open`: what a new need is
    compared with by meaning (a reworded duplicate shares too few words for the lexical search)."""
    where = open_in(categories, room_id, other_than)
    return list((await session.scalars(select(Need).where(*where).order_by(Need.id.desc()).limit(limit))).all())


def open_in(categories: list[str], room_id: str | None, other_than: str | None) -> list[Any]:
    """The scope a new need is compared in: open needs of these categories, of one room, not one person's own."""
    where = [Need.status.in_(OPEN), Need.category.in_(categories)]
    where += [Need.room_id == room_id] if room_id else []
    where += [(Need.user_id != other_than) | Need.user_id.is_(None)] if other_than else []
    return where


async def add_support(session: AsyncSession, need: Need, user_id: str) -> bool:
    exists = await session.scalar(select(Support.id).where(Support.need_id == need.id, Support.user_id == user_id))
    if exists:
        return False
    session.add(Support(need_id=need.id, user_id=user_id))
    need.supporters += 1
    return True


def _where(filters: Filters) -> list[Any]:
    clauses: list[Any] = []
    if filters.scope == "open":
        clauses.append(Need.status.in_(OPEN))
    elif filters.scope != "all":
        clauses.append(Need.status == filters.scope)
    if filters.category:
        clauses.append(Need.category == filters.category)
    if filters.country:
        clauses.append(func.lower(Need.country) == filters.country.lower())
    if filters.since:
        clauses.append(Need.created_at >= datetime.combine(filters.since, time(0), tzinfo=UTC))
    if filters.room_id:
        clauses.append(Need.room_id == filters.room_id)
    return clauses


async def list_needs(session: AsyncSession, filters: Filters, offset: int, limit: int) -> tuple[list[Need], int]:
    """Most supported first, then newest: what coordinators should look at first."""
    where = _where(filters)
    total = await session.scalar(select(func.count(Need.id)).where(*where)) or 0
    rows = await session.scalars(
        select(Need)
        .where(*where)
        .order_by(Need.supporters.desc(), Need.created_at.desc(), Need.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total


EXPORT_SLICE = 200


async def export_needs(session: AsyncSession, filters: Filters) -> list[Any]:
    """Plain rows (attributes as on Need), fetched in slices that give the event loop a turn in between: an
    export of tens of thousands of needs must not hold up everyone else's messages."""
    result = await session.stream(select(Need.__table__).where(*_where(filters)).order_by(Need.id))
    rows: list[Any] = []
    async for part in result.partitions(EXPORT_SLICE):
        rows.extend(part)
        await asyncio.sleep(0)
    return rows


async def save_listing(session: AsyncSession, room_id: str, user_id: str, filters: Filters, offset: int) -> None:
    row = await session.scalar(select(Listing).where(Listing.room_id == room_id, Listing.user_id == user_id))
    if row is None:
        session.add(Listing(room_id=room_id, user_id=user_id, filters=filters.as_dict(), offset=offset))
    else:
        row.filters, row.offset = filters.as_dict(), offset


async def load_listing(session: AsyncSession, room_id: str, user_id: str) -> Listing | None:
    return await session.scalar(select(Listing).where(Listing.room_id == room_id, Listing.user_id == user_id))


async def summary(session: AsyncSession, room_id: str | None = None) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """Counts by category and status, and open needs by country (of one room's needs, for its moderators)."""
    scope = [Need.room_id == room_id] if room_id else []
    by_category = Counter(
        {
            (c, s): n
            for c, s, n in (
                await session.execute(
                    select(Need.category, Need.status, func.count()).where(*scope).group_by(Need.category, Need.status)
                )
            ).all()
        }
    )
    by_country = Counter(
        {
            (c or "unknown"): n
            for c, n in (
                await session.execute(
                    select(Need.country, func.count()).where(Need.status.in_(OPEN), *scope).group_by(Need.country)
                )
            ).all()
        }
    )
    return by_category, by_country


async def merge(session: AsyncSession, source: Need, target: Need, actor: str) -> int:
    """Move supporters (and the author, as a supporter) to the target; record the text in its history."""
    moved = 0
    supporters = list(await session.scalars(select(Support.user_id).where(Support.need_id == source.id)))
    for user_id in {*supporters, *([source.user_id] if source.user_id else [])}:
        if user_id != target.user_id and await add_support(session, target, user_id):
            moved += 1
    await session.execute(delete(Support).where(Support.need_id == source.id))
    source.supporters, source.status, source.merged_into = 0, "merged", target.id
    session.add(History(need_id=target.id, user_id=actor, kind="merged", detail=f"#{source.id}: {source.text}"))
    session.add(History(need_id=source.id, user_id=actor, kind="merged", detail=f"into #{target.id}"))
    return moved


async def personal_data(session: AsyncSession, user_id: str) -> dict[str, Any]:
    needs = list(await session.scalars(select(Need).where(Need.user_id == user_id)))
    supports = list(await session.scalars(select(Support.need_id).where(Support.user_id == user_id)))
    dialogue = await session.get(Dialogue, user_id)
    profile = await session.get(Profile, user_id)
    actions = list(await session.scalars(select(History).where(History.user_id == user_id)))
    listings = list(await session.scalars(select(Listing).where(Listing.user_id == user_id)))
    return {
        "needs_listings_in_progress": [
            {"room_id": x.room_id, "filters": x.filters, "offset": x.offset} for x in listings
        ],
        "needs_filed": [
            {
                c: _plain(getattr(n, c))
                for c in (
                    "id",
                    "text",
                    "lang",
                    "category",
                    "status",
                    "status_note",
                    "country",
                    "urgency",
                    "due_on",
                    "contact_ok",
                    "room_id",
                    "supporters",
                    "created_at",
                    "updated_at",
                )
            }
            for n in needs
        ],
        "needs_supported": supports,
        "needs_dialogue_in_progress": dialogue.state if dialogue else None,
        "profile": {"country": profile.country} if profile else None,
        "actions_on_needs": [
            {"need_id": h.need_id, "at": _plain(h.at), "kind": h.kind, "detail": h.detail} for h in actions
        ],
    }


async def forget(session: AsyncSession, user_id: str, is_direct: Callable[[str], bool]) -> None:
    """Needs stay, anonymised (so counts stay true); everything else about the user goes. A DM's room id is
    1:1 with its person, so needs filed in one keep no room."""
    rooms = set(await session.scalars(select(Need.room_id).where(Need.user_id == user_id)))
    direct = [room for room in rooms if is_direct(room)]
    if direct:
        await session.execute(update(Need).where(Need.user_id == user_id, Need.room_id.in_(direct)).values(room_id=""))
    await session.execute(update(Need).where(Need.user_id == user_id).values(user_id=None, source_event_id=None))
    await session.execute(delete(Support).where(Support.user_id == user_id))
    await session.execute(update(History).where(History.user_id == user_id).values(user_id=None))
    await session.execute(delete(Dialogue).where(Dialogue.user_id == user_id))
    await session.execute(delete(Profile).where(Profile.user_id == user_id))
    await session.execute(delete(Listing).where(Listing.user_id == user_id))


async def purge_closed(session: AsyncSession, older_than: timedelta, now: datetime) -> int:
    """Retention: closed needs not touched for `older_than` are deleted with their history."""
    cutoff = now - older_than
    ids = list(await session.scalars(select(Need.id).where(Need.status.in_(CLOSED), Need.updated_at < cutoff)))
    if not ids:
        return 0
    await session.execute(update(Need).where(Need.merged_into.in_(ids)).values(merged_into=None))
    await session.execute(delete(History).where(History.need_id.in_(ids)))
    await session.execute(delete(Support).where(Support.need_id.in_(ids)))
    await session.execute(delete(Need).where(Need.id.in_(ids)))
    return len(ids)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
