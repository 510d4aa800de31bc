"""`/healthz` and `/metrics` for the operator, on the aiohttp that matrix-nio already brings.

Off unless `metrics.listen` is set. It starts before anything else, so a standby or a slow start is visible too.
`/healthz` is what a container runtime or a load balancer checks: 200 while the sync loop keeps completing syncs
and the database answers, 503 with a one-line reason otherwise. A standby is healthy (200, "standby"): restarting
it would not help anyone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.metrics import Metrics

log = logging.getLogger(__name__)
DATABASE_TIMEOUT_S = 3.0


def verdict(
    phase: str, seconds_since_sync: float | None, stale_after: float, database_error: str | None
) -> tuple[int, str]:
    """The health answer from what the bot knows; pure, so every case is tested without a server."""
    if phase == "standby":
        return 200, "standby: another instance is active; this one takes over when it stops"
    if phase != "active":
        return 503, phase
    if seconds_since_sync is None:
        return 503, "starting: the first sync has not completed"
    if seconds_since_sync > stale_after:
        return 503, f"no sync completed for {seconds_since_sync:.0f} s (is the homeserver reachable?)"
    if database_error is not None:
        return 503, f"database not answering: {database_error}"
    return 200, "ok"


class HealthServer:
    """Serves the two endpoints; `database` is the probe the app plugs in once the database is open."""

    def __init__(self, address: tuple[str, int], metrics: Metrics, stale_after: float) -> None:
        self.address = address
        self.metrics = metrics
        self.stale_after = stale_after
        self.database: Callable[[], Awaitable[None]] | None = None
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._health)
        app.router.add_get("/metrics", self._metrics)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        host, port = self.address
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            await runner.cleanup()
            raise OSError(f"metrics.listen: cannot listen on {host}:{port} ({exc.strerror})") from None
        self._runner = runner
        log.info("health and metrics served", extra={"listen": f"{host}:{port}"})

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def _health(self, _request: web.Request) -> web.Response:
        gauges = self.metrics.gauges
        problem = await self._database_problem() if gauges.phase == "active" else None
        status, reason = verdict(gauges.phase, gauges.seconds_since_sync(), self.stale_after, problem)
        return web.Response(status=status, text=reason + "\n")

    async def _metrics(self, _request: web.Request) -> web.Response:
        body = await asyncio.to_thread(self.metrics.render)  # some gauges ask the job store (blocking)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _database_problem(self) -> str | None:
        if self.database is None:
            return None
        try:
            await asyncio.wait_for(self.database(), DATABASE_TIMEOUT_S)
        except TimeoutError:
            return f"no answer within {DATABASE_TIMEOUT_S:g} s"
        except Exception as exc:
            return type(exc).__name__
        return None
