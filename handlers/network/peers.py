"""Peer introductions, with consent. When a need is filed (or on `!need peers <id>`), open needs of *other* NCCs
in the same category with similar words are looked for; the authors of both, if each agreed to be contacted, are
asked by DM whether they want to be introduced. The invitation says nothing of the other person, their NCC or
their text; only when both say yes does the bot open a small private (encrypted) room with the two and post the
introduction there, once both have joined."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import or_, select

from bot.context import Services
from bot.messages import markdown_notice
from handlers.needs import feature as needs_feature
from handlers.needs.api import NeedInfo
from handlers.network.feature import feature
from handlers.network.models import Introduction, Ncc, PeerCheck
from handlers.network.phrases import PEERS

log = logging.getLogger(__name__)
OPEN = ("open", "in-progress")
CATCH_UP = timedelta(days=7)  # needs filed this recently that were never looked at (a restart) are looked at


async def ncc_of_need(services: Services, need: NeedInfo) -> int | None:
    """The author's confirmed NCC, else the NCC of the room it was filed in, else the NCC its country names."""
    network = feature.service_of(services)
    ncc = (await network.ncc_of_person(need.user_id) if need.user_id else None) or await network.ncc_of_room(
        need.room_id
    )
    if ncc is not None:
        return ncc.id
    wanted = (need.country or "").strip().casefold()
    if not wanted:
        return None
    async with services.db.session() as session:
        for row in await session.scalars(select(Ncc).order_by(Ncc.id)):
            if wanted in (row.name.casefold(), (row.country or "").casefold()):
                return row.id
    return None


def eligible(need: NeedInfo | None) -> bool:
    return need is not None and need.user_id is not None and need.contact_ok and need.status in OPEN


async def propose(services: Services, need_id: int) -> int:
    """Ask the authors of up to `peers_per_need` similar needs of other NCCs (and this need's author) whether
    they want to meet. Idempotent: a pair of needs is proposed once. Returns how many pairs are new."""
    config = feature.config_of(services.settings)
    needs = needs_feature.optional_service(services)
    if not config.introductions or needs is None:
        return 0
    need = await needs.need(need_id)
    ncc = await ncc_of_need(services, need) if need is not None and eligible(need) else None
    fresh: list[Introduction] = []
    if need is not None and ncc is not None:
        for other, _score in await needs.similar_to(need_id, config.peer_threshold, limit=10):
            if len(fresh) >= config.peers_per_need:
                break
            other_ncc = await ncc_of_need(services, other) if eligible(other) else None
            if other_ncc is None or other_ncc == ncc or other.user_id == need.user_id:
                continue
            row = await pair(services, (need, ncc), (other, other_ncc))
            if row is not None:
                fresh.append(row)
    async with services.db.begin() as session:
        await session.merge(PeerCheck(need_id=need_id, checked_at=services.now()))
    for row in fresh:
        for user_id, own_need in ((row.user_a, row.need_a), (row.user_b, row.need_b)):
            await invite(services, row, user_id, own_need)
    return len(fresh)


async def pair(services: Services, one: tuple[NeedInfo, int], two: tuple[NeedInfo, int]) -> Introduction | None:
    (a, ncc_a), (b, ncc_b) = sorted((one, two), key=lambda item: item[0].id)
    assert a.user_id is not None and b.user_id is not None
    async with services.db.begin() as session:
        known = await session.scalar(
            select(Introduction).where(Introduction.need_a == a.id, Introduction.need_b == b.id)
        )
        if known is not None:
            return None
        row = Introduction(need_a=a.id, need_b=b.id, user_a=a.user_id, user_b=b.user_id, ncc_a=ncc_a, ncc_b=ncc_b,
                           created_at=services.now())  # fmt: skip
        session.add(row)
        await session.flush()
        return row


async def invite(services: Services, row: Introduction, user_id: str, own_need: int) -> None:
    needs = needs_feature.service_of(services)
    need = await needs.need(own_need)
    lang = services.languages.of(user_id) or (need.lang if need else "en")
    category = needs.categories.by_id.get(need.category) if need else None
    values = {"id": str(row.id), "need": str(own_need), "category": category.name(lang) if category else "—"}
    text = PEERS.say("invite", lang, yes=f"`!intro yes {row.id}`", no=f"`!intro no {row.id}`", **values)
    await services.dms.send(user_id, markdown_notice(text), tx_key=f"intro-ask:{row.id}:{user_id}")


async def catch_up(services: Services) -> None:
    """Needs filed while the bot was stopping or starting (their hook never ran) are looked at now."""
    needs = needs_feature.optional_service(services)
    if needs is None or not feature.config_of(services.settings).introductions:
        return
    recent = await needs.filed_since(services.now() - CATCH_UP)
    async with services.db.session() as session:
        checked = set(await session.scalars(select(PeerCheck.need_id).where(PeerCheck.need_id.in_(recent))))
    for need_id in recent:
        if need_id not in checked:
            await propose(services, need_id)


@feature.on_start
async def listen_for_needs(services: Services) -> None:
    needs = needs_feature.optional_service(services)
    if needs is None:
        return

    async def on_filed(need_id: int) -> None:
        await propose(services, need_id)

    needs.when_filed(on_filed)
    try:
        await catch_up(services)
    except Exception:
        log.exception("could not look for peers of recent needs")


async def involving(services: Services, user_id: str) -> list[Introduction]:
    async with services.db.session() as session:
        query = select(Introduction).where(or_(Introduction.user_a == user_id, Introduction.user_b == user_id))
        return list(await session.scalars(query.order_by(Introduction.id)))
