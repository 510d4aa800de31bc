"""What an operator scrapes: counters of what the bot did, and gauges read at scrape time.

One `Metrics` per bot, on a registry of its own (several bots in one process, as in the tests, never mix).
The core declares its counters here; a feature declares its own on its Feature (`feature.counter(...)`), so
`/metrics` lists them without the core knowing the feature. Names follow Prometheus conventions:
`ncc_bot_<what>_total` for counters, units in gauge names. Labels only take bounded values (command names from
the registry, outcomes, languages), never user text.
"""

from __future__ import annotations

import time
from collections import Counter as Totals
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from bot.context import Services

PREFIX = "ncc_bot_"


@dataclass(frozen=True)
class CounterKind:
    """A declared counter: `name` without prefix or `_total` (`"needs_filed"` is `ncc_bot_needs_filed_total`)."""

    name: str
    help: str
    labels: tuple[str, ...] = ()
    feature: str = "core"

    @property
    def full_name(self) -> str:
        return f"{PREFIX}{self.name}_total"

    def inc(self, services: Services, amount: float = 1, **labels: str) -> None:
        services.metrics.inc(self, amount, **labels)


EVENTS = CounterKind("events", "Room events handed to commands and listeners.")
COMMANDS = CounterKind(
    "commands", "Commands by name and outcome (ok, refused, invalid, failed, unknown).", ("command", "outcome")
)
ERRORS = CounterKind("errors", "Unexpected failures, by where they happened.", ("stage",))
SENDER_LIMITED = CounterKind(
    "sender_limited_messages", "Messages ignored because their sender went over the per-person limit."
)
MATRIX_RETRIES = CounterKind(
    "matrix_retries", "Homeserver requests retried after a network or server error.", ("request",)
)
MATRIX_429 = CounterKind(
    "matrix_rate_limited", "HTTP 429 answers from the homeserver (the request waited and went again).", ("request",)
)
UNDECRYPTABLE = CounterKind("undecryptable_events", "Encrypted events that arrived without their room key.")
DECRYPTED_LATE = CounterKind("late_decrypted_events", "Parked encrypted events read once their key arrived.")
KEY_NEVER_CAME = CounterKind(
    "unreadable_events", "Encrypted events given up on after the grace time (the sender was told)."
)
GAP_EVENTS = CounterKind("gap_events", "Timeline events fetched to fill a limited sync (none dropped).")
SYNCS = CounterKind("syncs", "Sync responses handled.")
CORE_COUNTERS = (
    EVENTS, COMMANDS, ERRORS, SENDER_LIMITED, MATRIX_RETRIES, MATRIX_429,
    UNDECRYPTABLE, DECRYPTED_LATE, KEY_NEVER_CAME, GAP_EVENTS, SYNCS,
)  # fmt: skip
DELAY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600)


class Metrics:
    """The bot's counters and gauges. `totals` keeps plain sums for `!status`."""

    def __init__(self, kinds: Iterable[CounterKind] = (), *, version: str = "") -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.totals: Totals[str] = Totals()
        self._counters: dict[str, Counter] = {}
        for kind in (*CORE_COUNTERS, *kinds):
            if kind.name in self._counters:
                raise ValueError(f"metric {kind.full_name} is declared twice ({kind.feature})")
            self._counters[kind.name] = Counter(
                kind.full_name.removesuffix("_total"), kind.help, kind.labels, registry=self.registry
            )
        self.event_delay = Histogram(
            f"{PREFIX}event_delay_seconds",
            "From an event's server timestamp to the bot starting on it.",
            buckets=DELAY_BUCKETS,
            registry=self.registry,
        )
        self.gauges = Gauges(version)
        self.registry.register(self.gauges)
        ProcessCollector(namespace="ncc_bot", registry=self.registry)

    @classmethod
    def of(cls, features: Iterable[Any], *, version: str = "") -> Metrics:
        """The core's counters and every counter the features declare."""
        return cls((kind for feature in features for kind in feature.counters), version=version)

    def inc(self, kind: CounterKind, amount: float = 1, **labels: str) -> None:
        counter = self._counters[kind.name]  # KeyError: the counter was never declared
        (counter.labels(**labels) if kind.labels else counter).inc(amount)
        self.totals[kind.name] += amount

    def event_seen(self, origin_server_ts: object, now: datetime) -> None:
        """How long an event waited for the bot: the first sign of a bot falling behind."""
        if isinstance(origin_server_ts, int) and origin_server_ts > 0:
            self.event_delay.observe(max(0.0, now.timestamp() - origin_server_ts / 1000))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class Gauges(Collector):
    """Values read when scraped, from sources the app plugs in once they exist (rooms, scheduler, sync)."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.sources: dict[str, tuple[str, Callable[[], float]]] = {}
        self.last_sync_at: float | None = None  # wall time of the last completed sync
        self.phase = "starting"  # starting, standby, active, stopping: what /healthz reports

    def source(self, name: str, help: str, read: Callable[[], float]) -> None:
        self.sources[name] = (help, read)

    def synced(self) -> None:
        self.last_sync_at = time.time()

    def seconds_since_sync(self) -> float | None:
        return None if self.last_sync_at is None else max(0.0, time.time() - self.last_sync_at)

    def collect(self) -> Iterator[Metric]:
        yield InfoMetricFamily(f"{PREFIX}build", "The running version.", value={"version": self.version})
        yield GaugeMetricFamily(
            f"{PREFIX}standby", "1 while waiting for the active instance.", value=self.phase == "standby"
        )
        since = self.seconds_since_sync()
        if since is not None:
            yield GaugeMetricFamily(f"{PREFIX}sync_lag_seconds", "Seconds since the last completed sync.", value=since)
            yield GaugeMetricFamily(
                f"{PREFIX}last_sync_timestamp_seconds", "When the last sync completed.", value=self.last_sync_at
            )
        for name, (help, read) in self.sources.items():
            yield GaugeMetricFamily(f"{PREFIX}{name}", help, value=read())
