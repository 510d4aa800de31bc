"""The languages the bot speaks, and phrasebooks: one table of texts per feature, looked up by key and language.

A missing translation falls back to English, so a new key never breaks a conversation; the phrasebook's tests
check that every key is in every language.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.config import LANGUAGES

__all__ = ["LANGUAGES", "Phrasebook"]


class Phrasebook:
    def __init__(self, texts: Mapping[str, Mapping[str, str]]) -> None:
        missing = [key for key, table in texts.items() if "en" not in table]
        if missing:
            raise ValueError(f"phrasebook keys without English: {', '.join(missing)}")
        self.texts = texts

    def say(self, key: str, lang: str, **values: str) -> str:
        table = self.texts[key]
        return table.get(lang, table["en"]).format(**values)

    def untranslated(self) -> dict[str, list[str]]:
        """Per key, the supported languages it has no text for (empty when complete)."""
        gaps = {key: [lang for lang in LANGUAGES if lang not in table] for key, table in self.texts.items()}
        return {key: langs for key, langs in gaps.items() if langs}
