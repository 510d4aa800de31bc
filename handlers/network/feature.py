"""The network feature's declaration: config section, service, and its start-up sync of config.yaml."""

from __future__ import annotations

from bot.context import EventContext, Services
from bot.feature import Feature
from handlers.help import HELP_DIR
from handlers.network.config import NetworkConfig
from handlers.network.service import NetworkService

feature: Feature[NetworkConfig, NetworkService] = Feature(
    "network", config=NetworkConfig, description="The network", translations=HELP_DIR / "network.yaml"
)


@feature.service
async def build(services: Services) -> NetworkService:
    return NetworkService(services, feature.config_of(services.settings))


@feature.on_start
async def sync(services: Services) -> None:
    await feature.service_of(services).sync_config()


def service_of(ctx: EventContext) -> NetworkService:
    return feature.service_of(ctx.services)
