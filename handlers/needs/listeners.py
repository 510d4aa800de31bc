"""The guided dialogue's answers in DMs, its expiry, retention of closed needs, and the privacy hooks."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update

from bot.context import EventContext, JobContext, Services
from bot.errors import UsageError
from bot.feature import Order
from bot.messages import notice
from handlers.needs import dialogue, store
from handlers.needs.config import NeedsConfig
from handlers.needs.feature import NEEDS_FILED, feature, language_of, service_of
from handlers.needs.models import Dialogue, History, Listing, Need, Profile
from handlers.needs.parse import normalise
from handlers.needs.phrases import NEEDS
from handlers.needs.texts import say

log = logging.getLogger(__name__)


@feature.on_start
async def start(services: Services) -> None:
    await schedule_maintenance(services)


def maintenance_interval(config: NeedsConfig) -> timedelta:
    expiry = timedelta(hours=config.dialogue_expiry_hours)
    return max(timedelta(seconds=0.5), min(timedelta(minutes=1), expiry / 4))


async def schedule_maintenance(services: Services) -> None:
    """A scheduled job rather than a sleeping loop, so it follows the clock (and survives restarts)."""
    interval = maintenance_interval(feature.config_of(services.settings))
    await services.scheduler.at(maintain, "all", services.now() + interval)


@feature.job("maintenance")
async def maintain(ctx: JobContext, entity_id: str) -> None:
    """Every little while: end abandoned dialogues (with a note), and apply the retention of closed needs."""
    services, config = ctx.services, feature.config_of(ctx.settings)
    try:
        await expire_dialogues(services, timedelta(hours=config.dialogue_expiry_hours))
        if config.closed_retention_days:
            async with services.db.begin() as session:
                await store.purge_closed(session, timedelta(days=config.closed_retention_days), services.now())
    except Exception:
        log.exception("needs maintenance failed")
    finally:
        await schedule_maintenance(services)


async def expire_dialogues(services: Services, expiry: timedelta) -> None:
    async with services.db.session() as session:
        stale = list(await session.scalars(select(Dialogue).where(Dialogue.updated_at < services.now() - expiry)))
    for row in stale:
        lang = services.languages.of(row.user_id) or row.state.get("lang", "en")
        text = NEEDS.say("dialogue_expired", lang, command="!need")
        await services.dms.notify(row.user_id, notice(text), tx_key=f"needs-expired:{row.user_id}:{row.updated_at}")
        async with services.db.begin() as session:
            current = await session.get(Dialogue, row.user_id)
            if current is not None and current.updated_at == row.updated_at:
                await session.delete(current)
        log.info("needs dialogue expired", extra={"user_id": row.user_id})


@feature.on_event("m.room.message", order=Order.CONVERSATION)
async def on_dialogue_answer(ctx: EventContext) -> bool:
    """While a guided need is in progress, every plain message of its author in that DM belongs to it."""
    body = ctx.content.get("body")
    if not isinstance(body, str) or not ctx.is_direct:
        return False
    async with ctx.db.session() as session:
        row = await session.get(Dialogue, ctx.sender)
    if row is None or (row.room_id and row.room_id != ctx.room_id):
        return False
    needs = service_of(ctx)
    if row.last_event_id == ctx.event_id:  # handled before a crash: say the same again (the homeserver drops the
        await ctx.reply(dialogue.prompt(row.state, needs.categories), markdown=True)  # duplicate), change nothing
        return True
    try:
        today = ctx.now().astimezone(ctx.timezone).date()
        step = await asyncio.to_thread(  # a deadline's date goes through dateparser (see shared.dates.read_when)
            dialogue.advance, row.state, body, needs.categories, max_chars=needs.config.max_chars, today=today
        )
    except UsageError as exc:
        error = exc.text(row.state.get("lang", "en"))
        await ctx.reply(f"{error}\n\n" + dialogue.prompt(row.state, needs.categories), markdown=True)
        return True
    if step.done:
        need_id = await file_from_dialogue(ctx, step.state)
        await ctx.reply(say("filed", step.state.get("lang", "en"), id=str(need_id)), markdown=True)
        await needs.filed(need_id)
        return True
    if row.state["step"] == "text" and step.state["step"] == "category":
        lang = language_of(ctx, step.state["text"])  # answer in the language the need was written in
        suggested = await needs.suggest(step.state["text"], lang)  # by meaning too, where the encoder runs
        if lang != step.state.get("lang") or suggested != step.state.get("suggested"):
            state = {**step.state, "lang": lang, "suggested": suggested}
            step = dialogue.Step(state, dialogue.prompt(state, needs.categories))
    async with ctx.db.begin() as session:
        current = await session.get(Dialogue, ctx.sender)
        if current is not None:
            if step.cancelled:
                await session.delete(current)
            else:
                current.state, current.room_id, current.updated_at = step.state, ctx.room_id, ctx.now()
                current.last_event_id = ctx.event_id
    await ctx.reply(step.say, markdown=True)
    return True


async def file_from_dialogue(ctx: EventContext, state: dict[str, Any]) -> int:
    """The confirmed answers become a need; the country is remembered for next time."""
    text = state["text"]
    lang = language_of(ctx, text)
    async with ctx.db.begin() as session:
        need = await session.scalar(select(Need).where(Need.source_event_id == ctx.event_id))
        if need is None:
            need = Need(
                user_id=ctx.sender,
                room_id=ctx.room_id,
                source_event_id=ctx.event_id,
                text=text,
                norm=normalise(text, lang),
                lang=lang,
                category=state["category"],
                country=state["country"],
                urgency=state.get("urgency"),
                contact_ok=bool(state.get("contact_ok")),
                source=state.get("source"),
                due_on=date.fromisoformat(state["due_on"]) if state.get("due_on") else None,
            )
            session.add(need)
            await session.flush()
            session.add(History(need_id=need.id, user_id=ctx.sender, kind="created", detail="guided"))
            NEEDS_FILED.inc(ctx.services, how="guided")
        profile = await session.get(Profile, ctx.sender)
        if profile is None:
            session.add(Profile(user_id=ctx.sender, country=state["country"]))
        else:
            profile.country = state["country"]
        dialogue_row = await session.get(Dialogue, ctx.sender)
        if dialogue_row is not None:
            await session.delete(dialogue_row)
        return need.id


@feature.personal_data
async def personal_data(services: Services, user_id: str) -> dict[str, Any]:
    async with services.db.session() as session:
        return await store.personal_data(session, user_id)


@feature.forget
async def forget(services: Services, user_id: str) -> None:
    async with services.db.begin() as session:
        await store.forget(session, user_id, services.rooms.is_direct)


@feature.on_room_moved
async def follow_upgrade(services: Services, old_room_id: str, new_room_id: str) -> None:
    """Needs filed in a room stay that room's after its upgrade (and so do open lists and dialogues)."""
    async with services.db.begin() as session:
        for model in (Need, Dialogue, Listing):
            await session.execute(update(model).where(model.room_id == old_room_id).values(room_id=new_room_id))
