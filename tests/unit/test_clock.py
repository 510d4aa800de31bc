"""The injected clocks: aware UTC, forward only, and they tell the scheduler when they jump."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FrozenClock, ShiftedClock, SystemClock


def test_system_clock_is_aware_utc_and_never_moves() -> None:
    clock = SystemClock()
    assert clock.now().tzinfo is UTC
    moment = datetime(2027, 1, 1, tzinfo=UTC)
    assert clock.to_wall(moment) == moment


def test_shifted_clock_jumps_ahead_and_maps_back_to_wall_time() -> None:
    clock, moved = ShiftedClock(), []
    clock.on_move(moved.append)
    clock.advance(timedelta(hours=2))
    assert moved == [timedelta(hours=2)]
    assert timedelta(hours=2) - timedelta(seconds=5) < clock.now() - datetime.now(UTC) <= timedelta(hours=2)
    later = clock.now() + timedelta(minutes=1)
    assert abs((clock.to_wall(later) - datetime.now(UTC)) - timedelta(minutes=1)) < timedelta(seconds=5)
    with pytest.raises(ValueError, match="forward"):
        clock.advance(timedelta(seconds=-1))


def test_frozen_clock_stands_still() -> None:
    start = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    clock = FrozenClock(start)
    assert clock.now() == start == clock.now()
    clock.advance(timedelta(days=1))
    assert clock.now() == start + timedelta(days=1)
    with pytest.raises(ValueError, match="aware"):
        FrozenClock(datetime(2027, 1, 1))
