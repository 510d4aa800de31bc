"""The encoder feature's declaration: a config section and a shared service, no commands.

The FAQ and the needs reach it through `feature.optional_service`; disabling this feature (leaving it out of
`handlers:`) or their `semantic` switches gives the lexical-only matchers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.feature import Feature
from handlers.encoder.config import EncoderConfig

if TYPE_CHECKING:
    from bot.context import Services
    from handlers.encoder.service import EncoderService

CACHE_ENV = "NCC_BOT_ENCODER_CACHE"
feature: Feature[EncoderConfig, EncoderService] = Feature(
    "encoder", config=EncoderConfig, description="Shared multilingual sentence encoder"
)


@feature.service
async def build(services: Services) -> EncoderService:
    return service_for(services.settings)


def service_for(settings: Any, environ: Mapping[str, str] = os.environ) -> EncoderService:
    """Also used by CLI commands that run without the app (`ncc-bot ask`). The vector cache lives in the data
    dir, or where NCC_BOT_ENCODER_CACHE says (a volume shared by instances, or one cache for a test run)."""
    from handlers.encoder.service import EncoderService  # numpy: imported only when a feature wants vectors

    config = feature.config_of(settings)
    folder = environ.get(CACHE_ENV) or config.cache_dir or Path(settings.data_dir) / "encoder-cache"
    return EncoderService(config, Path(folder))


@feature.on_stop
async def close(services: Services) -> None:
    feature.service_of(services).close()
