"""`ncc-bot healthcheck` (the image's HEALTHCHECK) and the zone of log timestamps (TZ)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC
from pathlib import Path

import pytest

from bot.health import HealthServer
from bot.logs import TextFormatter, log_zone
from bot.metrics import Metrics
from devtools.synapse import free_port
from handlers import main


def test_healthcheck_needs_an_endpoint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "config.yaml").write_text("")
    assert main(["healthcheck", "--config", str(tmp_path / "config.yaml")]) == 2
    assert "metrics.listen is not set" in capsys.readouterr().err


def test_healthcheck_reports_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    (tmp_path / "config.yaml").write_text(f"metrics:\n  listen: 0.0.0.0:{port}\n")
    argv = ["healthcheck", "--config", str(tmp_path / "config.yaml")]
    assert main(argv) == 1
    assert "no answer from http://127.0.0.1:" in capsys.readouterr().out

    metrics = Metrics()

    async def probe(phase: str) -> int:
        server = HealthServer(("127.0.0.1", port), metrics, stale_after=30)
        await server.start()
        try:
            metrics.gauges.phase = phase
            metrics.gauges.synced()
            return await asyncio.to_thread(main, argv)
        finally:
            await server.stop()

    assert asyncio.run(probe("starting")) == 1
    assert "starting" in capsys.readouterr().out
    assert asyncio.run(probe("active")) == 0
    assert capsys.readouterr().out.strip() == "ok"


def test_log_times_follow_tz() -> None:
    assert log_zone({}) is UTC
    assert log_zone({"TZ": "UTC"}) is UTC
    assert log_zone({"TZ": "Not/AZone"}) is UTC  # a bad TZ never stops the bot
    zone = log_zone({"TZ": ":Europe/Brussels"})
    record = logging.LogRecord("x", logging.INFO, "", 0, "hello", (), None)
    record.created = 1_767_268_800.0  # 2026-01-01 12:00 UTC
    assert TextFormatter(zone).format(record).startswith("2026-01-01 13:00:00 INFO")
    assert TextFormatter().format(record).startswith("2026-01-01 12:00:00 INFO")
