"""Time as a service: every `now` in the bot comes from an injected Clock, so tests can move time.

`SystemClock` is the real one. `ShiftedClock` runs at real speed from a moveable offset: a test jumps ahead
("the event starts in a minute") and everything that reads the clock, the scheduler included, follows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...

    def to_wall(self, moment: datetime) -> datetime:
        """The real (wall-clock) time at which this clock will show `moment`."""
        ...

    def on_move(self, callback: Callable[[timedelta], None]) -> None:
        """Call `callback(delta)` whenever the clock jumps (never, for the system clock)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def to_wall(self, moment: datetime) -> datetime:
        return moment

    def on_move(self, callback: Callable[[timedelta], None]) -> None:
        return None


class _MovableClock:
    """What the test clocks share: they jump forward on `advance()` and tell who listens."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[timedelta], None]] = []

    def on_move(self, callback: Callable[[timedelta], None]) -> None:
        self._callbacks.append(callback)

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("a clock only moves forward")
        self._jump(delta)
        for callback in self._callbacks:
            callback(delta)

    def _jump(self, delta: timedelta) -> None:
        raise NotImplementedError


class ShiftedClock(_MovableClock):
    """Real time plus an offset that only grows: `advance()` jumps ahead, never back."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        super().__init__()
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def to_wall(self, moment: datetime) -> datetime:
        return moment - self.offset

    def _jump(self, delta: timedelta) -> None:
        self.offset += delta


class FrozenClock(_MovableClock):
    """Stands still until told to move: for fast tests of pure and handler logic."""

    def __init__(self, start: datetime) -> None:
        super().__init__()
        if start.tzinfo is None:
            raise ValueError("a clock's time is timezone-aware")
        self.current = start.astimezone(UTC)

    def now(self) -> datetime:
        return self.current

    def to_wall(self, moment: datetime) -> datetime:
        return datetime.now(UTC) + (moment - self.current)

    def _jump(self, delta: timedelta) -> None:
        self.current += delta
