"""Direct messages the bot starts itself (guided dialogues, notifications, personal-data exports).

A DM the bot creates is encrypted when encryption is on. Messages for someone who has not joined the DM yet wait
in an outbox and go out when they join: room keys are only shared with joined members, so a message sent to an
invitee could never be read.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from bot import phrases
from bot.errors import UserError
from bot.messages import file_content
from bot.storage import Base, Database, UtcDateTime, utcnow

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.context import EventContext
    from bot.matrix import MatrixConnection
    from bot.rooms import RoomFacts

log = logging.getLogger(__name__)
RECREATE_AFTER = timedelta(days=1)


class DirectRoom(Base):
    __tablename__ = "core_direct_room"
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # they left it (so did we)


class DirectUnavailable(UserError):
    """The person left (or refused) their DM with the bot lately: no new room is forced on them."""


class Outbox(Base):
    __tablename__ = "core_dm_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    event_type: Mapped[str] = mapped_column(String(100), default="m.room.message")
    tx_key: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class DirectMessages:
    def __init__(self, matrix: MatrixConnection, db: Database, rooms: RoomFacts, clock: Clock) -> None:
        self.matrix = matrix
        self.db = db
        self.rooms = rooms
        self.clock = clock

    async def room_for(self, user_id: str) -> str:
        """The DM with `user_id`: the known one while they are in it (or invited), else a new one — but not
        within a day of their leaving one (DirectUnavailable), so nobody gets a new room per message."""
        async with self.db.session() as session:
            row = await session.get(DirectRoom, user_id)
        if row is not None and row.left_at is not None and self.clock.now() - row.left_at < RECREATE_AFTER:
            raise DirectUnavailable(phrases.CORE.text("dm_left"))
        rooms = self.rooms
        usable = row is not None and row.left_at is None
        if usable and (rooms.is_member_or_invited(row.room_id, user_id) or not rooms.knows(row.room_id)):
            return row.room_id  # not yet in our rooms: created moments ago, the next sync brings it
        room_id = rooms.unrecorded_direct_room(user_id, self.matrix.user_id)
        if room_id is None:
            room_id = await self.matrix.create_direct_room(user_id)
        await rooms.learn_direct(room_id, "created")
        await self.adopt(user_id, room_id)
        return room_id

    async def notify(self, user_id: str, content: dict[str, Any], *, tx_key: str) -> str | None:
        """`send` for a note the person did not ask for (a reminder, a status change): if they left our DM
        lately, the note is dropped (logged), never forced into a new room."""
        try:
            return await self.send(user_id, content, tx_key=tx_key)
        except DirectUnavailable:
            log.info("direct note not sent: the person left their direct chat", extra={"user_id": user_id})
            return None

    async def adopt(self, user_id: str, room_id: str) -> None:
        """A DM the person opened with the bot becomes the one to reach them in."""
        async with self.db.begin() as session:
            row = await session.get(DirectRoom, user_id)
            if row is None:
                session.add(DirectRoom(user_id=user_id, room_id=room_id))
            else:
                row.room_id, row.left_at = room_id, None

    async def send(
        self, user_id: str, content: dict[str, Any], *, tx_key: str, event_type: str = "m.room.message"
    ) -> str | None:
        """Send now if they are in the DM; otherwise queue until they join. Returns the event id if sent."""
        room_id = await self.room_for(user_id)
        if self.rooms.has_joined(room_id, user_id):
            return await self.matrix.send(room_id, content, tx_key=tx_key, event_type=event_type)
        async with self.db.begin() as session:
            known = await session.scalar(select(Outbox.id).where(Outbox.tx_key == tx_key))
            if known is None:
                session.add(Outbox(user_id=user_id, content=content, event_type=event_type, tx_key=tx_key))
        return None

    async def send_file(
        self, user_id: str, data: bytes, filename: str, content_type: str, *, tx_key: str
    ) -> str | None:
        """A file in the DM: uploaded now (encrypted when the DM is), posted now or when they join."""
        room_id = await self.room_for(user_id)
        encrypt = self.matrix.encryption or self.rooms.is_encrypted(room_id)
        location = await self.matrix.upload(data, filename, content_type, encrypt=encrypt)
        content = file_content(filename, content_type, len(data), location)
        return await self.send(user_id, content, tx_key=tx_key)

    async def on_member(self, ctx: EventContext) -> bool:
        """Someone joined a room: if it is their DM with us, deliver what waited for them, in order.
        A core listener that only observes: it never claims the event."""
        user_id, room_id = ctx.source.get("state_key", ""), ctx.room_id
        membership = ctx.content.get("membership")
        if membership in ("leave", "ban"):
            await self._left(room_id, user_id)
            return False
        if membership != "join":
            return False
        async with self.db.session() as session:
            row = await session.get(DirectRoom, user_id)
            if row is None or row.room_id != room_id:
                return False
            waiting = list(await session.scalars(select(Outbox).where(Outbox.user_id == user_id).order_by(Outbox.id)))
        for item in waiting:
            await self.matrix.send(room_id, item.content, tx_key=item.tx_key, event_type=item.event_type)
            async with self.db.begin() as session:
                await session.execute(delete(Outbox).where(Outbox.id == item.id))
        return False

    async def _left(self, room_id: str, user_id: str) -> None:
        """They left (or refused) their DM: leave it too (no dead rooms), and drop what waited for them there."""
        async with self.db.begin() as session:
            row = await session.get(DirectRoom, user_id)
            if row is None or row.room_id != room_id:
                return
            row.left_at = self.clock.now()
            await session.execute(delete(Outbox).where(Outbox.user_id == user_id))
        await self.matrix.reject(room_id)
        log.info("left a direct chat its person left", extra={"room_id": room_id, "user_id": user_id})

    async def room_of(self, user_id: str) -> str | None:
        async with self.db.session() as session:
            row = await session.get(DirectRoom, user_id)
        return row.room_id if row else None
