"""Per-sender token buckets, so no member can slow the bot for everyone: pure logic, time passed in.

Time is the message's own server timestamp, not when the bot gets to it: a backlog delivered after an outage is
judged by how fast it was *sent*, so a member who wrote three messages while the bot was down is not "flooding".
An empty bucket earns one polite "slow down", then silence until it has refilled.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"  # over the limit: say so, once
    DROP = "drop"  # still over it: stay silent


@dataclass
class Bucket:
    tokens: float
    at: float
    warned: bool = False


class SenderLimits:
    def __init__(self, *, per_minute: float, burst: int, privileged_factor: float, max_senders: int = 10_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.factor = privileged_factor
        self.max_senders = max_senders
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def check(self, sender: str, at: float, *, privileged: bool = False) -> Verdict:
        """Spend one token of `sender`'s bucket at time `at` (seconds)."""
        capacity = self.burst * (self.factor if privileged else 1.0)
        rate = self.rate * (self.factor if privileged else 1.0)
        bucket = self._buckets.pop(sender, None) or Bucket(capacity, at)
        self._buckets[sender] = bucket  # most recent last; the oldest senders are forgotten first
        if len(self._buckets) > self.max_senders:
            self._buckets.popitem(last=False)
        bucket.tokens = min(capacity, bucket.tokens + max(0.0, at - bucket.at) * rate)
        bucket.at = max(bucket.at, at)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.warned = False
            return Verdict.ALLOW
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN
