"""Who counts as a coordinator: pure logic, fed with the room's power levels by the caller."""

from __future__ import annotations

from collections.abc import Collection


def is_coordinator(
    user_id: str,
    *,
    listed: Collection[str],
    power_level: int | None,
    threshold: int,
    is_direct: bool,
) -> bool:
    """Listed users everywhere; in a group room also anyone at or above the power-level threshold.

    In a DM the other person usually has power 100 (they created it), so only the list counts there.
    """
    if user_id in listed:
        return True
    if is_direct or power_level is None:
        return False
    return power_level >= threshold


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
