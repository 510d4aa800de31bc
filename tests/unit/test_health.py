"""/healthz says why the bot is unhealthy; /metrics lists the core's and the features' counters."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.feature import Feature
from bot.health import HealthServer, verdict
from bot.metrics import COMMANDS, Metrics
from devtools.synapse import free_port


def test_verdicts() -> None:
    assert verdict("starting", None, 90, None) == (503, "starting")
    assert verdict("active", None, 90, None)[0] == 503
    assert verdict("active", 10, 90, None) == (200, "ok")
    status, reason = verdict("active", 120, 90, None)
    assert status == 503 and "no sync completed for 120 s" in reason
    status, reason = verdict("active", 1, 90, "OperationalError")
    assert status == 503 and "database" in reason
    status, reason = verdict("standby", None, 90, None)
    assert status == 200 and reason.startswith("standby")
    assert verdict("stopping", 1, 90, None) == (503, "stopping")


def test_feature_counters_are_declared_once() -> None:
    one, two = Feature("one"), Feature("two")
    kind = one.counter("things", help="Things.", labels=("outcome",))
    two.counter("things", help="The same name again.")
    with pytest.raises(ValueError, match="ncc_bot_things_total is declared twice"):
        Metrics.of([one, two])
    metrics = Metrics.of([one])
    metrics.inc(kind, outcome="ok")
    metrics.inc(kind, 2, outcome="ok")
    assert metrics.totals["things"] == 3
    assert b'ncc_bot_things_total{outcome="ok"} 3.0' in metrics.render()
    with pytest.raises(KeyError):
        Metrics().inc(kind, outcome="ok")  # a counter nobody declared is a programming error


@pytest.fixture
async def served() -> AsyncIterator[tuple[HealthServer, str]]:
    metrics = Metrics(version="9.9")
    port = free_port()
    server = HealthServer(("127.0.0.1", port), metrics, stale_after=30)
    await server.start()
    try:
        yield server, f"http://127.0.0.1:{port}"
    finally:
        await server.stop()


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


async def test_health_follows_the_bot(served: tuple[HealthServer, str]) -> None:
    server, base = served
    gauges = server.metrics.gauges
    assert await get(base + "/healthz") == (503, "starting\n")
    gauges.phase = "active"
    gauges.synced()
    assert await get(base + "/healthz") == (200, "ok\n")

    async def broken() -> None:
        raise ConnectionRefusedError

    server.database = broken
    status, text = await get(base + "/healthz")
    assert status == 503 and "ConnectionRefusedError" in text
    server.database = None
    assert gauges.last_sync_at is not None
    gauges.last_sync_at -= 31
    status, text = await get(base + "/healthz")
    assert status == 503 and "no sync completed for 31 s" in text


async def test_metrics_are_prometheus_text(served: tuple[HealthServer, str]) -> None:
    server, base = served
    server.metrics.inc(COMMANDS, command="ping", outcome="ok")
    server.metrics.gauges.source("rooms_joined", "Rooms.", lambda: 3)
    status, text = await get(base + "/metrics")
    assert status == 200
    assert 'ncc_bot_commands_total{command="ping",outcome="ok"} 1.0' in text
    assert "ncc_bot_rooms_joined 3.0" in text
    assert 'ncc_bot_build_info{version="9.9"} 1.0' in text
    assert "ncc_bot_standby 0.0" in text
    assert "# TYPE ncc_bot_event_delay_seconds histogram" in text


async def test_a_taken_port_is_a_clear_error(served: tuple[HealthServer, str]) -> None:
    server, _ = served
    other = HealthServer(server.address, server.metrics, 30)
    with pytest.raises(OSError, match=r"metrics.listen: cannot listen on 127.0.0.1:\d+"):
        await other.start()
