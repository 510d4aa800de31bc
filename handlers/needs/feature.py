"""The needs feature's declaration: config section, service, and the modules that add its commands,
the guided dialogue, maintenance, CLI and privacy hooks.

Members tell the coordinators what their NCC needs, in one line or a guided DM conversation.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.feature import Feature
from handlers.faq.feature import feature as faq_feature
from handlers.needs.categories import Categoriser, load_categories
from handlers.needs.config import NeedsConfig

if TYPE_CHECKING:
    from bot.context import EventContext, Services


@dataclass(frozen=True)
class NeedsService:
    config: NeedsConfig
    categories: Categoriser


feature: Feature[NeedsConfig, NeedsService] = Feature("needs", config=NeedsConfig, description="Needs")
NEEDS_FILED = feature.counter(
    "needs_filed", help="Needs filed, by how: one-line command or guided dialogue.", labels=("how",)
)


@feature.service
async def build(services: Services) -> NeedsService:
    config = feature.config_of(services.settings)
    categories = await asyncio.to_thread(load_categories, config.categories_file)
    return NeedsService(config, Categoriser(categories))


@feature.check
def check_categories(settings: Any) -> None:
    load_categories(feature.config_of(settings).categories_file)


def service_of(ctx: EventContext) -> NeedsService:
    return feature.service_of(ctx.services)


def language_of(ctx: EventContext, text: str) -> str:
    """The text's language via the FAQ's detector when that feature runs, else the room's language."""
    faq = faq_feature.optional_service(ctx.services)
    return faq.index.detect_language(text, ctx.language) if faq is not None else ctx.language
