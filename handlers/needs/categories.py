"""Categories of needs and the pure functions that propose one for a text (rapidfuzz over keywords, 7 languages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.errors import ConfigError
from bot.yaml_files import read_yaml
from handlers.shared.text import fold, stem, tokens

SHIPPED = Path(__file__).with_name("categories.yaml")
LANGS = ("en", "fr", "de", "es", "it", "pl", "pt")


@dataclass(frozen=True)
class Category:
    id: str
    label: dict[str, str]
    description: dict[str, str]
    keywords: dict[str, tuple[str, ...]]
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)  # need statements, for the encoder

    def name(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("en") or self.id


def load_categories(path: Path | None) -> list[Category]:
    path = path or SHIPPED
    try:
        raw = read_yaml(path)
    except ConfigError as exc:
        raise ConfigError(f"needs.categories_file: {exc}") from None
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"needs.categories_file: {path} must be a non-empty list of categories")
    categories, problems = [], []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.append(f"category #{index}: id is missing")
            continue
        keywords = item.get("keywords") or {}
        if not isinstance(keywords, dict) or not any(keywords.values()):
            problems.append(f"category {item['id']!r}: keywords are missing")
            continue
        categories.append(
            Category(
                item["id"],
                dict(item.get("label") or {}),
                dict(item.get("description") or {}),
                {lang: tuple(words or ()) for lang, words in keywords.items()},
                {lang: tuple(texts or ()) for lang, texts in (item.get("examples") or {}).items()},
            )
        )
    if problems:
        raise ConfigError(f"needs.categories_file: {path}\n  " + "\n  ".join(problems))
    return categories


class Categoriser:
    """Scores a text against each category's keywords in every language (a need may mix languages)."""

    def __init__(self, categories: list[Category]) -> None:
        self.categories = categories
        self.by_id = {c.id: c for c in categories}

    @cached_property
    def _keywords(self) -> list[tuple[str, str]]:
        """(folded, stemmed keyword, category id) pairs, one per keyword and language."""
        pairs = []
        for category in self.categories:
            for lang, words in category.keywords.items():
                for word in words:
                    pairs.append((" ".join(stem(t, lang) for t in tokens(word)), category.id))
        return pairs

    def scores(self, text: str, lang: str = "en") -> dict[str, float]:
        """Per category: the sum of its best keyword matches (exact or close) over the text's words and pairs."""
        words = [stem(t, lang) for t in tokens(text) if len(t) > 2]
        grams = words + [f"{a} {b}" for a, b in pairwise(words)]
        choices = [k for k, _ in self._keywords]
        totals: dict[str, float] = dict.fromkeys(self.by_id, 0.0)
        for gram in set(grams):
            seen: set[str] = set()
            for _, score, index in process.extract(gram, choices, scorer=fuzz.ratio, score_cutoff=85, limit=5):
                category = self._keywords[index][1]
                if category not in seen:  # one gram counts once per category
                    seen.add(category)
                    totals[category] += score / 100
        return totals

    def suggest(self, text: str, lang: str = "en", fallback: str | None = None) -> tuple[str, float]:
        """The best category and its score; `fallback` (or the first category) when nothing matches."""
        totals = self.scores(text, lang)
        best = max(totals, key=lambda c: totals[c]) if totals else None
        if best is None or totals[best] == 0:
            return fallback or self.categories[0].id, 0.0
        return best, totals[best]

    def closest(self, name: str) -> str | None:
        """For a mistyped category: the id or label it most resembles."""
        options = {c.id: c.id for c in self.categories}
        options |= {fold(label): c.id for c in self.categories for label in c.label.values()}
        match = process.extractOne(fold(name), list(options), scorer=fuzz.WRatio, score_cutoff=60)
        return options[match[0]] if match else None

    def resolve(self, name: str) -> str | None:
        """A category named by id, by number (1-based) or by a label in any language."""
        key = fold(name.strip())
        if key.isascii() and key.isdigit() and len(key) <= 3 and 1 <= int(key) <= len(self.categories):
            return self.categories[int(key) - 1].id
        for category in self.categories:
            if key == category.id or key in {fold(label) for label in category.label.values()}:
                return category.id
        return None
