"""The guided dialogue's answers in DMs, its expiry, retention of closed needs, and the privacy hooks."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from bot.context import EventContext, Services
from bot.errors import UsageError
from bot.messages import notice
from bot.storage import utcnow
from handlers.needs import dialogue, store
from handlers.needs.categories import Categoriser, load_categories
from handlers.needs.commands import NeedsService, language_of, router, service_of
from handlers.needs.config import NeedsConfig
from handlers.needs.models import Dialogue, History, Need, Profile
from handlers.needs.parse import normalise
from handlers.needs.texts import say

log = logging.getLogger(__name__)


@router.on("check")
def check_categories(settings: Any) -> None:
    load_categories(settings.section("needs").categories_file)


@router.on("startup")
async def start(services: Services) -> None:
    config: NeedsConfig = services.settings.section("needs")
    categories = await asyncio.to_thread(load_categories, config.categories_file)
    services.extras["needs"] = NeedsService(config, Categoriser(categories))
    services.tasks.spawn(maintain(services, config), "needs-maintenance")


async def maintain(services: Services, config: NeedsConfig) -> None:
    """Every little while: end abandoned dialogues (with a note), and apply the retention of closed needs."""
    expiry = timedelta(hours=config.dialogue_expiry_hours)
    interval = max(0.5, min(60.0, expiry.total_seconds() / 4))
    while True:
        await asyncio.sleep(interval)
        try:
            await expire_dialogues(services, expiry)
            if config.closed_retention_days:
                async with services.db.begin() as session:
                    await store.purge_closed(session, timedelta(days=config.closed_retention_days))
        except Exception:
            log.exception("needs maintenance failed")


async def expire_dialogues(services: Services, expiry: timedelta) -> None:
    async with services.db.session() as session:
        stale = list(await session.scalars(select(Dialogue).where(Dialogue.updated_at < utcnow() - expiry)))
    for row in stale:
        if services.dms is not None:
            text = "Your need was not filed: the conversation timed out. Start again any time with !need."
            await services.dms.send(row.user_id, notice(text), tx_key=f"needs-expired:{row.user_id}:{row.updated_at}")
        async with services.db.begin() as session:
            current = await session.get(Dialogue, row.user_id)
            if current is not None and current.updated_at == row.updated_at:
                await session.delete(current)
        log.info("needs dialogue expired", extra={"user_id": row.user_id})


@router.on("message")
async def on_dialogue_answer(ctx: EventContext, event: Any) -> None:
    body = ctx.content.get("body")
    if not isinstance(body, str) or not ctx.is_direct:
        return
    async with ctx.db.session() as session:
        row = await session.get(Dialogue, ctx.sender)
    if row is None or (row.room_id and row.room_id != ctx.room_id):
        return
    needs = service_of(ctx)
    try:
        step = dialogue.advance(row.state, body, needs.categories, max_chars=needs.config.max_chars)
    except UsageError as exc:
        await ctx.reply(f"{exc}\n\n" + dialogue.prompt(row.state, needs.categories), markdown=True)
        return
    if step.done:
        need_id = await file_from_dialogue(ctx, step.state)
        await ctx.reply(say("filed", step.state.get("lang", "en"), id=str(need_id)), markdown=True)
        return
    if row.state["step"] == "text" and step.state["step"] == "category":
        lang = language_of(ctx, step.state["text"])  # answer in the language the need was written in
        if lang != step.state.get("lang"):
            step = dialogue.Step(
                {**step.state, "lang": lang}, dialogue.prompt({**step.state, "lang": lang}, needs.categories)
            )
    async with ctx.db.begin() as session:
        current = await session.get(Dialogue, ctx.sender)
        if current is not None:
            if step.cancelled:
                await session.delete(current)
            else:
                current.state, current.room_id, current.updated_at = step.state, ctx.room_id, utcnow()
    await ctx.reply(step.say, markdown=True)


async def file_from_dialogue(ctx: EventContext, state: dict[str, Any]) -> int:
    """The confirmed answers become a need; the country is remembered for next time."""
    text = state["text"]
    lang = language_of(ctx, text)
    async with ctx.db.begin() as session:
        need = await session.scalar(select(Need).where(Need.source_event_id == ctx.event_id))
        if need is None:
            need = Need(
                author_id=ctx.sender,
                room_id=ctx.room_id,
                source_event_id=ctx.event_id,
                text=text,
                norm=normalise(text, lang),
                lang=lang,
                category=state["category"],
                country=state["country"],
                urgency=state.get("urgency"),
                contact_ok=bool(state.get("contact_ok")),
                due_on=date.fromisoformat(state["due_on"]) if state.get("due_on") else None,
            )
            session.add(need)
            await session.flush()
            session.add(History(need_id=need.id, actor_id=ctx.sender, kind="created", detail="guided"))
        profile = await session.get(Profile, ctx.sender)
        if profile is None:
            session.add(Profile(user_id=ctx.sender, country=state["country"]))
        else:
            profile.country = state["country"]
        dialogue_row = await session.get(Dialogue, ctx.sender)
        if dialogue_row is not None:
            await session.delete(dialogue_row)
        return need.id


@router.on("personal_data")
async def personal_data(services: Services, user_id: str) -> dict[str, Any]:
    async with services.db.session() as session:
        return await store.personal_data(session, user_id)


@router.on("forget")
async def forget(services: Services, user_id: str) -> None:
    async with services.db.begin() as session:
        await store.forget(session, user_id)
