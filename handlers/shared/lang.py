"""Language detection for short chat questions: character trigrams learnt from the knowledge base's own texts,
plus stop-word hits. No model download; trained in milliseconds when the knowledge base loads.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from handlers.shared.i18n import LANGUAGES
from handlers.shared.text import fold, stopwords

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
STOPWORD_WEIGHT = 1.5
DEFAULT_PRIOR = 0.15
LEXICON_WEIGHT = 1.0  # words the knowledge base uses in that language: strong evidence in short questions


def trigrams(text: str) -> list[str]:
    grams: list[str] = []
    for word in WORD_RE.findall(text.lower()):
        padded = f" {word} "
        grams.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


class LanguageDetector:
    def __init__(self, samples: Mapping[str, Iterable[str]]) -> None:
        self.langs = sorted(samples)
        self.logprob: dict[str, array[float]] = {}
        self.unseen: dict[str, float] = {}
        vocabulary: set[str] = set()
        counts: dict[str, Counter[str]] = {}
        self.lexicon: dict[str, frozenset[int]] = {}  # hashes of the folded words: 0.3 MB less than the words
        for lang in self.langs:
            texts = list(samples[lang])
            counts[lang] = Counter(g for text in texts for g in trigrams(text))
            self.lexicon[lang] = frozenset(hash(w) for text in texts for w in WORD_RE.findall(fold(text)))
            vocabulary.update(counts[lang])
        size = len(vocabulary) + 1
        # one trigram -> row map shared by the languages, a column of 4-byte floats each: a sixth of the memory of
        # a dict of floats per language (a few MB, for the bot's whole life); the 1,342 questions of the FAQ sets
        # are detected exactly as with 8-byte ones
        self.rows = {gram: row for row, gram in enumerate(sorted(vocabulary))}
        for lang in self.langs:
            total = sum(counts[lang].values()) + size
            self.unseen[lang] = math.log(1 / total)
            column = array("f", [self.unseen[lang]]) * len(self.rows)
            for gram, count in counts[lang].items():
                column[self.rows[gram]] = math.log((count + 1) / total)
            self.logprob[lang] = column

    def scores(self, text: str, grams: list[str] | None = None) -> dict[str, float]:
        """Per language; `grams`: the text's trigrams when the caller has them. map() and C-level lookups:
        this runs for every message the bot reads."""
        grams = trigrams(text) if grams is None else grams
        rows = [row for row in map(self.rows.get, grams) if row is not None]
        words = WORD_RE.findall(fold(text))  # folded once, not word by word
        hashes = list(map(hash, words))
        result: dict[str, float] = {}
        for lang in self.langs:
            column, unseen = self.logprob[lang], self.unseen[lang]
            model = (sum(map(column.__getitem__, rows)) + (len(grams) - len(rows)) * unseen) / max(1, len(grams))
            hits = sum(map(stopwords(lang).__contains__, words)) / max(1, len(words))
            known = sum(map(self.lexicon[lang].__contains__, hashes)) / max(1, len(words))
            result[lang] = model + STOPWORD_WEIGHT * hits + LEXICON_WEIGHT * known
        return result

    def detect(self, text: str, default: str = "en") -> tuple[str, float]:
        """(language, confidence 0-1). Too little text to tell gives (`default`, 0)."""
        grams = trigrams(text)
        if len(grams) < 3 or not self.langs:
            return default, 0.0
        scores = self.scores(text, grams)
        if default in scores:
            scores[default] += DEFAULT_PRIOR  # short, mixed texts lean to the room's language
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        best, runner_up = ranked[0], ranked[1] if len(ranked) > 1 else (ranked[0][0], ranked[0][1] - 1)
        margin = best[1] - runner_up[1]
        return best[0], min(1.0, margin / 0.5)


# --------------------------------------------------------------------------- languages the bot does not speak
OTHER_SCRIPTS = {"GREEK": "Greek", "CYRILLIC": "Bulgarian"}
UNSUPPORTED_MIN_HITS = 2


@lru_cache(maxsize=1)
def other_language_words() -> dict[str, frozenset[str]]:
    """Each unsupported language's frequent words, minus any that is a stop word of the seven the bot speaks."""
    raw = yaml.safe_load(Path(__file__).with_name("other_languages.yaml").read_text(encoding="utf-8"))
    spoken = set().union(*(stopwords(lang) for lang in LANGUAGES))
    return {name: frozenset(fold(w) for w in words) - spoken for name, words in raw.items()}


@lru_cache(maxsize=1)
def telling_stopwords() -> dict[str, frozenset[str]]:
    """Each spoken language's stop words minus those all seven share ("ncc", "bot"): they tell no language."""
    everywhere = set.intersection(*(set(stopwords(lang)) for lang in LANGUAGES))
    return {lang: frozenset(stopwords(lang)) - everywhere for lang in LANGUAGES}


def unsupported_language(text: str) -> str | None:
    """The name of the language `text` is written in when it is one the bot does not speak (Dutch, Greek...),
    else None. Read only for questions the FAQ could not answer, to say which languages it does speak."""
    letters = [ch for ch in text if ch.isalpha()]
    for script, name in OTHER_SCRIPTS.items():
        if letters and sum(script in unicodedata.name(ch, "") for ch in letters) > len(letters) / 2:
            return name
    words = [fold(w) for w in WORD_RE.findall(text)]
    telling = telling_stopwords()
    spoken = max(sum(1 for w in words if w in telling[lang]) for lang in LANGUAGES)
    best, hits = None, 0
    for name, known in other_language_words().items():
        count = sum(1 for w in words if w in known)
        if count > hits:
            best, hits = name, count
    return best if hits >= UNSUPPORTED_MIN_HITS and hits > spoken else None


def not_spoken_note(name: str, prefix: str) -> str:
    """In English, the one language every member can be assumed to read a line of."""
    return (
        f"I don't speak {name} yet. I answer in English, French, German, Spanish, Italian, Polish and Portuguese: "
        f"ask in one of them, or choose one with `{prefix}lang fr`."
    )
