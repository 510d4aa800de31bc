"""Text normalisation for matching: case, accents, punctuation, per-language stop words, light stemming.

Pure functions with small caches; no client, no loop.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer
import yaml

STOPWORDS_FILE = Path(__file__).with_name("stopwords.yaml")  # shipped as package data
STEMMERS = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "pl": "polish",
    "pt": "portuguese",
}
TOKEN_RE = re.compile(r"[a-z0-9+]+")
# Always noise, whatever the language: the bot's own name and chat fillers.
COMMON_NOISE = {"ncc", "bot", "ncc-bot", "faq", "pls", "plz", "hi", "hey", "hello", "thanks", "thx", "ok"}


def fold(text: str) -> str:
    """Lower-case and strip accents: `Émblème` -> `embleme`; `ł` -> `l` (no decomposition in Unicode)."""
    if text.isascii():  # most chat text: nothing to strip, and the per-character pass was most of the cost
        return text.lower()
    text = text.lower().replace("ł", "l").replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("œ", "oe")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Folded word tokens; punctuation and apostrophes split words (`l'emblème` -> `l`, `embleme`)."""
    return TOKEN_RE.findall(fold(text).replace("'", " ").replace("’", " "))


@cache
def stopwords(lang: str) -> frozenset[str]:
    data = yaml.safe_load(STOPWORDS_FILE.read_text(encoding="utf-8")) if STOPWORDS_FILE.exists() else {}
    words = {fold(w) for w in (data or {}).get(lang, [])}
    return frozenset(words | COMMON_NOISE)


@cache
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    stemmer = snowballstemmer.stemmer(STEMMERS.get(lang, "english"))
    if hasattr(stemmer, "maxCacheSize"):
        # PyStemmer keeps a cache of its own, up to 10,000 words per language (~3 MB once the knowledge base is
        # built, growing with what members write); `stem` and the index builds' memos already cache what repeats
        stemmer.maxCacheSize = 0
    return stemmer


def stem_word(word: str, lang: str) -> str:
    """A light stem; capped at 8 characters so cross-language cognates meet (financement/financing -> financ)."""
    if len(word) <= 3 or word.isdigit():
        return word
    return _stemmer(lang).stemWord(word)[:8]


# Questions' words, recent ones. An index build brings a memo of its own (every word of a knowledge base, ~3 MB
# if kept: dropped with the build).
stem = lru_cache(maxsize=4096)(stem_word)


def content_stems(text: str, lang: str, memo: dict[str, str] | None = None) -> list[str]:
    """The stems that carry meaning, in order, without repeats. `memo`: a caller's own word -> stem cache for
    `lang` (an index build)."""
    stop = stopwords(lang)
    seen: dict[str, None] = {}
    for word in tokens(text):
        if word in stop or len(word) < 2:
            continue
        if memo is None:
            seen.setdefault(stem(word, lang), None)
            continue
        found = memo.get(word)
        if found is None:
            found = memo[word] = stem_word(word, lang)
        seen.setdefault(found, None)
    return list(seen)
