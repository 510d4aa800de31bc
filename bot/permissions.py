"""Who may do what: pure logic, fed with what the room facts know (the lists, power levels, direct or group).

Two kinds of authority, each reaching only as far as its source:
- a *network coordinator* is listed in `coordinators`, or holds the power-level threshold in one of the
  `coordinator_rooms`; they act network-wide;
- a *room moderator* holds the threshold in a group room; they act on that room's own objects only.
Power in a direct room counts for nothing (its other member usually created it), and creating a room of one's
own makes one moderator of that room alone: nobody gains rights elsewhere by creating a room.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from enum import IntEnum


class Authority(IntEnum):
    MEMBER = 0
    ROOM_MODERATOR = 1
    NETWORK_COORDINATOR = 2


def is_network_coordinator(
    user_id: str, *, listed: Collection[str], levels_in_coordinator_rooms: Iterable[int | None], threshold: int
) -> bool:
    if user_id in listed:
        return True
    return any(level is not None and level >= threshold for level in levels_in_coordinator_rooms)


def authority_in_room(
    *, network_coordinator: bool, power_level: int | None, threshold: int, is_direct: bool
) -> Authority:
    """The sender's authority over one room's objects."""
    if network_coordinator:
        return Authority.NETWORK_COORDINATOR
    if is_direct or power_level is None:
        return Authority.MEMBER
    return Authority.ROOM_MODERATOR if power_level >= threshold else Authority.MEMBER


def invite_allowed(
    inviter: str,
    *,
    coordinators: Collection[str],
    users: Collection[str],
    servers: Collection[str],
    own_server: str,
    from_coordinators: bool,
    from_own_server: bool,
) -> bool:
    """The auto-join policy: accept invites only from listed people and servers."""
    server = inviter.split(":", 1)[1] if ":" in inviter else ""
    if inviter in users or server in servers:
        return True
    if from_coordinators and inviter in coordinators:
        return True
    return from_own_server and server == own_server


# Who holds an authority, as the bot says it to people (refusals, help).
WHO = {
    Authority.ROOM_MODERATOR: "this room's moderators and the network's coordinators",
    Authority.NETWORK_COORDINATOR: "the network's coordinators",
}
