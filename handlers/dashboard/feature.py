"""The dashboard's declaration: config section, its web server (started with the bot, off unless configured)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiohttp import web

from bot.config import listen_address
from bot.context import Services
from bot.feature import Feature
from handlers.dashboard.config import DashboardConfig
from handlers.help import HELP_DIR

log = logging.getLogger(__name__)


@dataclass
class DashboardService:
    config: DashboardConfig
    runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return self.config.base_url()


feature: Feature[DashboardConfig, DashboardService] = Feature(
    "dashboard", config=DashboardConfig, description="Dashboard", translations=HELP_DIR / "dashboard.yaml"
)


@feature.service
async def build(services: Services) -> DashboardService:
    return DashboardService(feature.config_of(services.settings))


@feature.on_start
async def serve(services: Services) -> None:
    dashboard = feature.service_of(services)
    if not dashboard.config.enabled or dashboard.runner is not None:
        return
    from handlers.dashboard.server import build_app  # Jinja and the views (~6 MB) only for a bot that serves them

    runner = web.AppRunner(build_app(services, dashboard.config), access_log=None, handle_signals=False)
    await runner.setup()
    host, port = listen_address(dashboard.config.listen or "")
    await web.TCPSite(runner, host, port).start()
    dashboard.runner = runner
    log.info("dashboard serving", extra={"listen": dashboard.config.listen, "url": dashboard.url})


@feature.on_stop
async def stop(services: Services) -> None:
    dashboard = feature.service_of(services)
    if dashboard.runner is not None:
        runner, dashboard.runner = dashboard.runner, None
        await runner.cleanup()
