"""The languages the bot speaks, and phrasebooks: one table of texts per feature, looked up by key and language.

A missing translation falls back to English, so a new key never breaks a conversation; the phrasebook's tests
check that every key is in every language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import LANGUAGES
from bot.yaml_files import read_yaml

__all__ = ["LANGUAGES", "Phrasebook", "Text", "render"]


@dataclass(frozen=True)
class Text:
    """A phrase to be said later, in a language not known yet: pure functions (parsers) raise errors with one,
    and the edge that knows the person renders it in their language."""

    book: Phrasebook
    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return self.book.say(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.render("en")


def render(value: object, lang: str) -> str:
    """A Text (or anything else that can `render(lang)`, such as a date to show) in `lang`; the rest as it is."""
    method = getattr(value, "render", None)
    return method(lang) if callable(method) else str(value)


class Phrasebook:
    def __init__(self, texts: Mapping[str, Mapping[str, str]], name: str = "") -> None:
        missing = [key for key, table in texts.items() if "en" not in table]
        if missing:
            raise ValueError(f"phrasebook keys without English: {', '.join(missing)}")
        self.texts = texts
        self.name = name

    @classmethod
    def load(cls, path: Path) -> Phrasebook:
        """A phrasebook kept as YAML beside its feature (`key: {en: ..., fr: ...}`)."""
        raw = read_yaml(path)
        if not isinstance(raw, dict) or not all(isinstance(t, dict) for t in raw.values()):
            raise ValueError(f"{path}: a phrasebook maps keys to {{language: text}}")
        return cls({str(k): {str(lang): str(text) for lang, text in t.items()} for k, t in raw.items()}, path.stem)

    def say(self, key: str, lang: str, /, **values: object) -> str:
        table = self.texts[key]
        return table.get(lang, table["en"]).format(**{name: render(v, lang) for name, v in values.items()})

    def text(self, key: str, /, **values: object) -> Text:
        if key not in self.texts:
            raise KeyError(f"no phrase {key!r}")
        return Text(self, key, values)

    def untranslated(self) -> dict[str, list[str]]:
        """Per key, the supported languages it has no text for (empty when complete)."""
        gaps = {key: [lang for lang in LANGUAGES if lang not in table] for key, table in self.texts.items()}
        return {key: langs for key, langs in gaps.items() if langs}
