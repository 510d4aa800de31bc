"""The kudos feature's declaration (see the package docstring)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import String, delete, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.context import CommandContext, EventContext, JobContext, Services
from bot.errors import UsageError
from bot.feature import Feature
from bot.messages import notice
from bot.permissions import Authority
from bot.storage import UtcDateTime

EVENT_TYPE = "org.ncc.kudos"


class KudosConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    emoji: str = Field("🌟", min_length=1, max_length=8)
    max_reason_chars: int = Field(200, ge=10)


class KudosBase(DeclarativeBase):
    """Its own metadata: a feature from outside keeps its tables out of the bot's own migration check."""


class Kudos(KudosBase):
    __tablename__ = "kudos_given"
    source_event_id: Mapped[str] = mapped_column(String(255), primary_key=True)  # idempotent on the Matrix event
    room_id: Mapped[str] = mapped_column(String(255), index=True)
    from_user_id: Mapped[str] = mapped_column(String(255))
    to_user_id: Mapped[str] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(String(400))
    given_at: Mapped[datetime] = mapped_column(UtcDateTime)


class KudosBoard:
    """The feature's typed service: what other features (and tests) reach through `feature.service_of`."""

    def __init__(self, services: Services, config: KudosConfig) -> None:
        self.services = services
        self.config = config

    async def counts(self, room_id: str) -> Counter[str]:
        async with self.services.db.session() as session:
            rows = await session.execute(
                select(Kudos.to_user_id, func.count()).where(Kudos.room_id == room_id).group_by(Kudos.to_user_id)
            )
        return Counter({user: count for user, count in rows.all()})

    async def render(self, room_id: str) -> str:
        counts = await self.counts(room_id)
        if not counts:
            return "No kudos here yet."
        return "Kudos: " + ", ".join(f"{user} {self.config.emoji}×{n}" for user, n in counts.most_common())


feature: Feature[KudosConfig, KudosBoard] = Feature(
    "kudos", config=KudosConfig, description="Kudos (test feature)", migrations=Path(__file__).parent / "migrations"
)


@feature.service
async def build(services: Services) -> KudosBoard:
    return KudosBoard(services, feature.config_of(services.settings))


@feature.on_event(EVENT_TYPE)
async def on_kudos(ctx: EventContext) -> bool:
    to, reason = ctx.content.get("to"), ctx.content.get("for", "")
    if not isinstance(to, str) or not isinstance(reason, str):
        return False
    board = feature.service_of(ctx.services)
    async with ctx.db.begin() as session:
        if await session.get(Kudos, ctx.event_id) is None:
            session.add(
                Kudos(
                    source_event_id=ctx.event_id,
                    room_id=ctx.room_id,
                    from_user_id=ctx.sender,
                    to_user_id=to,
                    reason=reason[: board.config.max_reason_chars],
                    given_at=ctx.now(),
                )
            )
    return True


@feature.command("kudos", help="Show this room's kudos board.")
async def show(ctx: CommandContext, args: str) -> None:
    await ctx.reply(await feature.service_of(ctx.services).render(ctx.room_id))


@feature.command("kudos digest", usage="<minutes>", requires=Authority.ROOM_MODERATOR, help="Post the board later.")
async def digest_later(ctx: CommandContext, args: str) -> None:
    if not (args.strip().isascii() and args.strip().isdigit()) or len(args.strip()) > 4:
        raise UsageError("Say in how many minutes, e.g. `!kudos digest 30`.")
    when = ctx.now() + timedelta(minutes=int(args))
    # The entity id is the room: one pending digest per room, replaced by a newer request.
    await ctx.services.scheduler.at(post_digest, ctx.room_id, when)
    await ctx.reply(f"The kudos board will be posted in {int(args)} minute(s).")


@feature.job("digest")
async def post_digest(ctx: JobContext, room_id: str) -> None:
    text = await feature.service_of(ctx.services).render(room_id)
    key = ctx.services.scheduler.firing_key(post_digest, room_id, ctx.now().replace(second=0, microsecond=0))
    await ctx.send(room_id, notice("Digest — " + text), tx_key=key)


@feature.personal_data
async def personal_data(services: Services, user_id: str) -> dict[str, Any]:
    async with services.db.session() as session:
        given = list(await session.scalars(select(Kudos).where(Kudos.from_user_id == user_id)))
    return {"kudos_given": [{"to": k.to_user_id, "for": k.reason} for k in given]}


@feature.forget
async def forget(services: Services, user_id: str) -> None:
    async with services.db.begin() as session:
        await session.execute(delete(Kudos).where((Kudos.from_user_id == user_id) | (Kudos.to_user_id == user_id)))
