"""The FAQ feature's declaration: config section, service, and the modules that add its commands,
listeners, CLI and privacy hooks.

Answers members' questions on the NCC call and EU dissemination rules, in their language.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.feature import Feature
from handlers.encoder.feature import feature as encoder_feature
from handlers.faq.config import FaqConfig
from handlers.faq.kb import load_entries
from handlers.faq.service import FaqService
from handlers.help import HELP_DIR

if TYPE_CHECKING:
    from bot.context import EventContext, Services

log = logging.getLogger(__name__)
feature: Feature[FaqConfig, FaqService] = Feature(
    "faq", config=FaqConfig, description="Questions and answers (FAQ)", translations=HELP_DIR / "faq.yaml"
)
ANSWERS = feature.counter(
    "faq_answers",
    help="FAQ replies by outcome (answer, did_you_mean, unknown) and language.",
    labels=("outcome", "language"),
)
OUTCOME_LABELS = {"answer": "answer", "ambiguous": "did_you_mean", "none": "unknown"}


@feature.service
async def build(services: Services) -> FaqService:
    config = feature.config_of(services.settings)
    encoder = encoder_feature.optional_service(services)
    if config.semantic and encoder is None:
        log.warning("faq.semantic is on but the encoder feature is not enabled: answering with the lexical matcher")
    faq = FaqService(config, services.db, encoder)
    await faq.load()  # an invalid knowledge base stops the start with a ConfigError naming entry and field
    return faq


@feature.check
def check_knowledge_base(settings: Any) -> None:
    """`ncc-bot check-config` validates the knowledge base too."""
    load_entries(FaqService(feature.config_of(settings), None).seed_path)


def service_of(ctx: EventContext) -> FaqService:
    return feature.service_of(ctx.services)


def coordinators_room(ctx: EventContext) -> str | None:
    """Where unanswered questions are passed on: the configured room, or the room it was upgraded to."""
    room = feature.config_of(ctx.settings).coordinators_room
    return ctx.settings.current_room_id(room) if room else None
