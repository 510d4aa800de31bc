"""The languages the bot speaks and its phrasebooks, for the features (they live in the core, bot/i18n.py, so the
core's own replies are translated too)."""

from bot.i18n import LANGUAGES, Phrasebook

__all__ = ["LANGUAGES", "Phrasebook"]
