"""Room facts: what the bot knows of each room it is in (direct or group, members, power levels, creators),
and who counts as a coordinator there. Read from the sync state; no feature logic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nio import SyncResponse

from bot.config import CoreSettings
from bot.permissions import is_coordinator


class RoomFacts:
    def __init__(self, settings: CoreSettings, rooms: Mapping[str, Any]) -> None:
        self.settings = settings
        self._rooms = rooms  # nio's live room state (a fake edge gives its own)
        self._creators: dict[str, set[str]] = {}  # room v12+: creators hold top power outside power_levels

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
        room = self._rooms.get(room_id)
        if room is None:
            return False
        return len(room.users) + len(room.invited_users) <= 2

    def power_level(self, room_id: str, user_id: str) -> int | None:
        room = self._rooms.get(room_id)
        if room is None:
            return None
        if user_id in self._creators.get(room_id, ()) and user_id not in room.power_levels.users:
            return 100  # a room creator in room version 12+
        return room.power_levels.get_user_level(user_id)

    def is_coordinator(self, room_id: str, user_id: str) -> bool:
        return is_coordinator(
            user_id,
            listed=self.settings.coordinators,
            power_level=self.power_level(room_id, user_id),
            threshold=self.settings.coordinator_power_level,
            is_direct=self.is_direct(room_id),
        )
