"""Authority and auto-join rules."""

import pytest

from bot.permissions import Authority, authority_in_room, invite_allowed, is_network_coordinator


@pytest.mark.parametrize(
    ("network", "level", "direct", "expected"),
    [
        (True, None, False, Authority.NETWORK_COORDINATOR),
        (True, 0, True, Authority.NETWORK_COORDINATOR),  # network coordinators act in DMs too
        (False, 50, False, Authority.ROOM_MODERATOR),  # at the threshold, in a group room
        (False, 49, False, Authority.MEMBER),
        (False, 100, True, Authority.MEMBER),  # a DM's creator has power 100: it counts for nothing
        (False, None, False, Authority.MEMBER),  # room unknown
    ],
)
def test_authority_in_a_room(network: bool, level: int | None, direct: bool, expected: Authority) -> None:
    got = authority_in_room(network_coordinator=network, power_level=level, threshold=50, is_direct=direct)
    assert got is expected


def test_network_coordinators_come_from_the_list_or_the_coordinator_rooms() -> None:
    assert is_network_coordinator("@a:x", listed={"@a:x"}, levels_in_coordinator_rooms=[], threshold=50)
    assert is_network_coordinator("@b:x", listed=set(), levels_in_coordinator_rooms=[None, 50], threshold=50)
    assert not is_network_coordinator("@c:x", listed=set(), levels_in_coordinator_rooms=[None, 49], threshold=50)
    assert not is_network_coordinator("@d:x", listed=set(), levels_in_coordinator_rooms=[], threshold=0)


def allowed(inviter: str, **overrides: object) -> bool:
    options = {
        "coordinators": {"@coord:other.org"},
        "users": {"@friend:far.org"},
        "servers": {"partner.eu"},
        "own_server": "ncc.eu",
        "from_coordinators": True,
        "from_own_server": True,
    } | overrides
    return invite_allowed(inviter, **options)  # type: ignore[arg-type]


def test_invite_policy() -> None:
    assert allowed("@anyone:ncc.eu")
    assert allowed("@coord:other.org")
    assert allowed("@friend:far.org")
    assert allowed("@x:partner.eu")
    assert not allowed("@spam:evil.example")
    assert not allowed("@anyone:ncc.eu", from_own_server=False)
    assert not allowed("@coord:other.org", from_coordinators=False)
    assert not allowed("garbage")
