"""The features of ncc-bot, composed here (never in bot/), and the `ncc-bot` entry point that passes them in.

Order matters twice: it is the order of `!help`, and the tie-break between listeners of the same Order.
"""

from __future__ import annotations

from typing import Any

from bot.feature import Feature
from handlers.admin import feature as admin
from handlers.dashboard import feature as dashboard
from handlers.encoder import feature as encoder
from handlers.events import feature as events
from handlers.faq import feature as faq
from handlers.needs import feature as needs
from handlers.network import feature as network
from handlers.privacy import feature as privacy

FEATURES: tuple[Feature[Any, Any], ...] = (admin, encoder, faq, needs, events, network, dashboard, privacy)


def main(argv: list[str] | None = None) -> int:
    from bot.cli import main as cli_main

    return cli_main(argv, features=FEATURES)
