"""Coordinator and auto-join rules."""

import pytest

from bot.permissions import invite_allowed, is_coordinator


@pytest.mark.parametrize(
    ("user", "level", "direct", "expected"),
    [
        ("@listed:x", None, False, True),
        ("@listed:x", 0, True, True),  # listed users are coordinators in DMs too
        ("@mod:x", 50, False, True),  # at the threshold
        ("@mod:x", 49, False, False),
        ("@admin:x", 100, True, False),  # a DM's creator has power 100: only the list counts there
        ("@nobody:x", None, False, False),  # room unknown
    ],
)
def test_is_coordinator(user: str, level: int | None, direct: bool, expected: bool) -> None:
    assert is_coordinator(user, listed={"@listed:x"}, power_level=level, threshold=50, is_direct=direct) is expected


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
