"""What other features may know of and do with needs, through the needs service: a need as plain facts, open
needs similar to one (across rooms: the caller decides what may be shown to whom), and a guided dialogue opened
in someone's DM on another feature's behalf (a post-event round), whose need then carries that source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

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


def info(need: Need) -> NeedInfo:
    return NeedInfo(
        need.id, need.user_id, need.room_id, need.text, need.category, need.status, need.contact_ok, need.lang,
        need.country, need.source, need.created_at,
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
