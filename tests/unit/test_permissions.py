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


def test_room_version_12_creators_and_additional_creators_hold_top_power() -> None:
    """In v12 rooms the creators are not in power_levels: the create event's sender and additional_creators."""
    from types import SimpleNamespace

    from nio import PowerLevels

    from bot.config import CoreSettings
    from bot.rooms import RoomFacts

    room = SimpleNamespace(power_levels=PowerLevels(users={"@mod:x": 50}), users={}, invited_users={})
    facts = RoomFacts(CoreSettings(), {"!v12": room}, db=None)  # type: ignore[arg-type]
    create = SimpleNamespace(
        source={
            "type": "m.room.create",
            "state_key": "",
            "sender": "@founder:x",
            "content": {"room_version": "12", "additional_creators": ["@cofounder:y", 7]},
        }
    )
    info = SimpleNamespace(state=[create], timeline=SimpleNamespace(events=[]))
    facts.observe(SimpleNamespace(rooms=SimpleNamespace(join={"!v12": info})))  # type: ignore[arg-type]
    assert facts.power_level("!v12", "@founder:x") == 100
    assert facts.power_level("!v12", "@cofounder:y") == 100
    assert facts.authority("!v12", "@cofounder:y") is Authority.ROOM_MODERATOR
    assert facts.power_level("!v12", "@mod:x") == 50 and facts.power_level("!v12", "@nobody:x") == 0
