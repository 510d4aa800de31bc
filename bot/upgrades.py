"""Room upgrades: when a room is replaced (`m.room.tombstone`), the bot follows it, and so does the room's data.

On a tombstone the bot records the move and joins the replacement room through the tombstone sender's server; a
private room needs an invite first (Element offers to invite the members), which the bot then accepts whatever
the auto-join policy says, since someone with power in the old room made the new one. Once it is in, it checks
that the new room names the old one as its predecessor (a tombstone cannot hand a room's data to an unrelated
room), lets every feature move its rows (`feature.on_room_moved`), carries the room's settings over, and says so
in the new room: once, keyed by the tombstone's event id. The features' moves are UPDATEs keyed by the old id, so
a repeat after a crash finds nothing left to move.
"""

from __future__ import annotations

import logging
import urllib.parse
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from bot import phrases
from bot.client_api import client_api
from bot.config import ROOM_ID_RE
from bot.dm import DirectRoom
from bot.messages import notice
from bot.storage import Base, UtcDateTime, utcnow

if TYPE_CHECKING:
    from bot.context import EventContext, Services

log = logging.getLogger(__name__)


class RoomMove(Base):
    __tablename__ = "core_room_move"
    old_room_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    new_room_id: Mapped[str] = mapped_column(String(255), index=True)
    tombstone_event_id: Mapped[str] = mapped_column(String(255))
    via: Mapped[str] = mapped_column(String(255))  # the server to join through
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    moved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # None: waiting to get in


class RoomMoves:
    """Built before the services (its tombstone listener goes into the registry), attached to them after."""

    def __init__(self) -> None:
        self._services: Services | None = None
        self.expected: set[str] = set()  # replacement rooms waiting for an invite

    def attach(self, services: Services) -> None:
        self._services = services

    @property
    def services(self) -> Services:
        assert self._services is not None, "RoomMoves.attach() comes first"
        return self._services

    async def load(self) -> None:
        """Moves done before this start: settings keep following; pending ones wait for their invite."""
        async with self.services.db.session() as session:
            for row in await session.scalars(select(RoomMove)):
                if row.moved_at is None:
                    self.expected.add(row.new_room_id)
                else:
                    self.services.settings.room_moved(row.old_room_id, row.new_room_id)

    async def on_tombstone(self, ctx: EventContext) -> bool:
        """The core's listener for `m.room.tombstone` (it never claims the event)."""
        new_room = (ctx.content or {}).get("replacement_room")
        if not isinstance(new_room, str) or not ROOM_ID_RE.match(new_room) or not new_room.startswith("!"):
            return False
        via = ctx.sender.split(":", 1)[1]
        async with ctx.db.begin() as session:
            if await session.get(RoomMove, ctx.room_id) is None:
                session.add(RoomMove(old_room_id=ctx.room_id, new_room_id=new_room, tombstone_event_id=ctx.event_id,
                                     via=via))  # fmt: skip
        log.info("room upgraded: following", extra={"room_id": ctx.room_id, "new_room_id": new_room})
        self.expected.add(new_room)
        if not await self._join(new_room, via):
            log.info("waiting for an invite to the upgraded room", extra={"new_room_id": new_room})
        return False  # the move happens once a sync shows the bot in the new room (settle)

    def expects(self, room_id: str) -> bool:
        """Is this the replacement of a room the bot is in (so its invite is accepted)?"""
        return room_id in self.expected

    async def settle(self) -> None:
        """After each sync: move the data of every awaited room the bot is now in (nio knows it, so it can send)."""
        for new_room in [r for r in self.expected if r in self.services.matrix.client.rooms]:
            await self.joined(new_room)

    async def joined(self, new_room: str) -> None:
        """The bot is in `new_room`: if it replaces a room, move that room's data, once."""
        services = self.services
        async with services.db.session() as session:
            row = await session.scalar(select(RoomMove).where(RoomMove.new_room_id == new_room))
        if row is None or row.moved_at is not None:
            self.expected.discard(new_room)
            return
        predecessor = await self._predecessor(new_room)
        if predecessor != row.old_room_id:
            self.expected.discard(new_room)
            log.warning(
                "tombstone ignored: the new room does not name the old one as its predecessor",
                extra={"room_id": row.old_room_id, "new_room_id": new_room, "predecessor": predecessor},
            )
            return
        for feature in services.registry.features:
            for hook in feature.room_moved_hooks:
                await hook(services, row.old_room_id, new_room)
        services.settings.room_moved(row.old_room_id, new_room)
        await self._move_core(row.old_room_id, new_room)
        followed = phrases.say("followed", services.settings.room_language(new_room))
        await services.matrix.send(new_room, notice(followed), tx_key=f"{row.tombstone_event_id}#followed")
        async with services.db.begin() as session:
            stored = await session.get(RoomMove, row.old_room_id)
            if stored is not None:
                stored.moved_at = services.now()
        self.expected.discard(new_room)
        log.info("room data moved", extra={"room_id": row.old_room_id, "new_room_id": new_room})

    async def _move_core(self, old: str, new: str) -> None:
        """The core's own traces of a room: a direct chat stays one, and stays its person's."""
        services = self.services
        if services.rooms.is_direct(old):
            await services.rooms.learn_direct(new, "upgrade")
            async with services.db.begin() as session:
                await session.execute(update(DirectRoom).where(DirectRoom.room_id == old).values(room_id=new))

    async def _join(self, room_id: str, via: str) -> bool:
        path = f"/join/{urllib.parse.quote(room_id)}?server_name={urllib.parse.quote(via)}"
        status, _ = await self._request("POST", path, {})
        return status == 200

    async def _predecessor(self, room_id: str) -> str | None:
        path = f"/rooms/{urllib.parse.quote(room_id)}/state/m.room.create/"
        status, content = await self._request("GET", path, None)
        predecessor = (content or {}).get("predecessor") if status == 200 else None
        return predecessor.get("room_id") if isinstance(predecessor, dict) else None

    async def _request(self, method: str, path: str, body: dict[str, Any] | None) -> tuple[int, dict[str, Any]]:
        try:
            return await client_api(self.services.matrix, method, path, body)
        except Exception as exc:  # the homeserver is away: the next tombstone replay or invite tries again
            log.warning("room upgrade request failed", extra={"path": path.split("?")[0], "error": type(exc).__name__})
            return 0, {}
