"""Room facts: what the bot knows of each room it is in (direct or group, members, power levels, creators),
and the authority a person holds there. Read from the sync state; no feature logic.

A room is direct only when the bot *knows* it is: a DM it created, or one it was invited to as a direct chat
(`is_direct` on the invite). How many members a room has proves nothing (anyone can make a two-person room).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from nio import SyncResponse
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from bot.config import CoreSettings
from bot.permissions import Authority, authority_in_room, is_network_coordinator
from bot.storage import Base, Database, UtcDateTime, id_key, utcnow


class KnownDirectRoom(Base):
    """A room the bot knows to be a direct chat, and how it learnt it (`created` / `invite`).

    Kept by a hash of the room id, with no user id: a DM's id is 1:1 with a person, and this must outlive
    `!forgetme` (forgetting it would turn their DM into a "group" room)."""

    __tablename__ = "core_known_direct_room"
    room_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    learnt_from: Mapped[str] = mapped_column(String(20))
    learnt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


room_key = id_key


class RoomFacts:
    def __init__(self, settings: CoreSettings, rooms: Mapping[str, Any], db: Database) -> None:
        self.settings = settings
        self._rooms = rooms  # nio's live room state (a fake edge gives its own)
        self._db = db
        self._creators: dict[str, set[str]] = {}  # room v12+: creators hold top power outside power_levels
        self._direct: set[str] = set()  # room keys of the rooms known to be direct

    async def load(self) -> None:
        async with self._db.session() as session:
            self._direct = set(await session.scalars(select(KnownDirectRoom.room_key)))

    async def learn_direct(self, room_id: str, learnt_from: str) -> None:
        """Remember for good that `room_id` is a direct chat (idempotent)."""
        key = room_key(room_id)
        if key in self._direct:
            return
        async with self._db.begin() as session:
            if await session.get(KnownDirectRoom, key) is None:
                session.add(KnownDirectRoom(room_key=key, learnt_from=learnt_from))
        self._direct.add(key)

    def observe(self, response: SyncResponse) -> None:
        """Learn the creators of rooms (nio does not track them) from a sync's state and timeline."""
        for room_id, info in response.rooms.join.items():
            for event in [*info.state, *info.timeline.events]:
                source = event.source
                if source.get("type") == "m.room.create" and source.get("state_key") == "":
                    extra = (source.get("content") or {}).get("additional_creators") or []
                    self._creators[room_id] = {source["sender"], *[c for c in extra if isinstance(c, str)]}

    def joined_count(self) -> int:
        return len(self._rooms)

    def knows(self, room_id: str) -> bool:
        return room_id in self._rooms

    def room_ids(self) -> list[str]:
        """The rooms the bot is in, e.g. to find those a person moderates."""
        return list(self._rooms)

    def moderated_by(self, user_id: str) -> list[str]:
        """The group rooms whose objects `user_id` may act on as a room moderator (not as a network coordinator)."""
        return [r for r in self._rooms if not self.is_direct(r) and self.can_moderate(r, user_id)]

    def display_name(self, room_id: str) -> str:
        room = self._rooms.get(room_id)
        return room.display_name if room is not None else room_id

    def is_encrypted(self, room_id: str) -> bool:
        room = self._rooms.get(room_id)
        return bool(room is not None and room.encrypted)

    def has_joined(self, room_id: str, user_id: str) -> bool:
        room = self._rooms.get(room_id)
        return room is not None and user_id in room.users

    def is_member_or_invited(self, room_id: str, user_id: str) -> bool:
        room = self._rooms.get(room_id)
        return room is not None and (user_id in room.users or user_id in room.invited_users)

    def is_direct(self, room_id: str) -> bool:
        return room_key(room_id) in self._direct

    def power_level(self, room_id: str, user_id: str) -> int | None:
        room = self._rooms.get(room_id)
        if room is None:
            return None
        if user_id in self._creators.get(room_id, ()) and user_id not in room.power_levels.users:
            return 100  # a room creator in room version 12+
        return room.power_levels.get_user_level(user_id)

    def can_notify_room(self, room_id: str, user_id: str) -> bool:
        """May `user_id` ping the whole room (`@room`): the power level `notifications.room` (default 50)."""
        room, level = self._rooms.get(room_id), self.power_level(room_id, user_id)
        if room is None or level is None:
            return False
        return level >= room.power_levels.get_notification_required_level("room")

    def unrecorded_direct_room(self, user_id: str, bot_id: str) -> str | None:
        """A DM the bot created for `user_id` but never recorded (it was killed in between): the bot made the
        room, and nobody but the two of them is in it or invited. Adopted instead of making another."""
        for room_id, room in self._rooms.items():
            people = {*room.users, *room.invited_users}
            if self._creators.get(room_id) == {bot_id} and user_id in people and people <= {bot_id, user_id}:
                return room_id
        return None

    def is_network_coordinator(self, user_id: str) -> bool:
        settings = self.settings
        return is_network_coordinator(
            user_id,
            listed=settings.coordinators,
            levels_in_coordinator_rooms=(
                self.power_level(room_id, user_id)
                for room_id in settings.coordinator_rooms
                if not self.is_direct(room_id)
            ),
            threshold=settings.coordinator_power_level,
        )

    def authority(self, room_id: str, user_id: str) -> Authority:
        """What `user_id` may do to the objects of `room_id` (network coordinators: everything)."""
        return authority_in_room(
            network_coordinator=self.is_network_coordinator(user_id),
            power_level=self.power_level(room_id, user_id),
            threshold=self.settings.coordinator_power_level,
            is_direct=self.is_direct(room_id),
        )

    def can_moderate(self, room_id: str, user_id: str) -> bool:
        return self.authority(room_id, user_id) >= Authority.ROOM_MODERATOR
