"""Needs by meaning. Categories: every category's labels, description, keywords and example needs as vectors, and
a need's category as the fusion of that with the keyword scores. Duplicates: the rule that tells a reworded need
from a near one. Pure numpy; callers run it on the encoder's thread.

Measured on the held-out set (tests/needs/categorise_test.yaml, bench/needs_eval.py): see the README.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from handlers.needs.categories import Category
from handlers.shared.text import content_stems, fold

if TYPE_CHECKING:
    import numpy as np

WORD_RE = re.compile(r"\w+")
TYPO_RATIO = 85  # two words this close (rapidfuzz ratio) are one word mistyped


@dataclass(frozen=True)
class CategoryFusion:
    top: int = 5  # a category's similarity: the mean of its best `top` rows (one close keyword is not enough)
    lexical_weight: float = 0.1  # share of the (capped) keyword score added to the cosine
    lexical_cap: float = 2.0


def category_texts(category: Category) -> list[str]:
    texts = [*category.label.values(), *category.description.values()]
    texts += [word for words in category.keywords.values() for word in words]
    texts += [example for examples in category.examples.values() for example in examples]
    return [t for t in texts if t.strip()]


class CategoryIndex:
    def __init__(self, categories: Sequence[Category], vectors: np.ndarray) -> None:
        import numpy as np  # only where the encoder runs: the keywords-only bot never loads numpy

        owners = [c.id for c in categories for _ in category_texts(c)]
        if len(owners) != len(vectors):
            raise ValueError(f"{len(vectors)} vectors for {len(owners)} category texts")
        self.ids = [c.id for c in categories]
        self.vectors = vectors
        self.rows = {cid: np.flatnonzero(np.asarray(owners) == cid) for cid in self.ids}

    def similarities(self, vector: np.ndarray, top: int) -> dict[str, float]:
        import numpy as np

        scores = self.vectors @ vector
        found = {}
        for cid, rows in self.rows.items():
            best = np.sort(scores[rows])[-top:] if len(rows) else np.zeros(1)
            found[cid] = float(best.mean())
        return found


def fuse_categories(semantic: Mapping[str, float], lexical: Mapping[str, float], fusion: CategoryFusion) -> list[str]:
    """The categories, likeliest first."""

    def value(cid: str) -> float:
        return (
            semantic[cid] + fusion.lexical_weight * min(lexical.get(cid, 0.0), fusion.lexical_cap) / fusion.lexical_cap
        )

    return sorted(semantic, key=value, reverse=True)


@dataclass(frozen=True)
class DuplicateRule:
    """Two needs are one request when the whole texts are close in meaning (`needs.duplicate_cosine`) *and* what
    each says that the other does not (its unshared words) is still in the other's meaning. Near needs share the
    topic words and differ exactly there (a template vs an extension for the same report: "template" is nowhere
    in the other); reworded ones share few words, and each one's words are still what the other means.
    Calibrated on tests/needs/duplicates_dev.yaml and different needs of one category
    (`./dev bench needs_eval --calibrate`); the held-out pairs are never tuned on."""

    unshared: float = 0.2  # the least of: each text's unshared words against the other text
    categories: int = 3  # the new need's likeliest categories looked in (a typo can move its own to the third)
    candidates: int = 200  # the newest open needs of those categories and the room, compared by meaning
    shortlist: int = 5  # of those, the closest whose unshared words are compared too


def unshared_words(a: str, b: str, lang: str) -> tuple[str, str] | None:
    """Each text's meaning-bearing words that the other lacks (by stem, or a typo apart: `indicatros`); None
    when both say the same words. A side with nothing left stays whole (the other text only adds to it)."""
    words_a, words_b = WORD_RE.findall(a), WORD_RE.findall(b)
    stems_a = {w: content_stems(w, lang) for w in words_a}
    stems_b = {w: content_stems(w, lang) for w in words_b}
    shared = {s for ss in stems_a.values() for s in ss} & {s for ss in stems_b.values() for s in ss}

    def rest(words: list[str], stems: dict[str, list[str]], others: list[str]) -> str:
        kept = [w for w in words if stems[w] and not shared.intersection(stems[w])]
        return " ".join(w for w in kept if not mistyped(w, others))

    rest_a, rest_b = rest(words_a, stems_a, words_b), rest(words_b, stems_b, words_a)
    if not rest_a and not rest_b:
        return None
    return rest_a or a, rest_b or b


def mistyped(word: str, others: list[str]) -> bool:
    folded = fold(word)
    return len(folded) >= 5 and any(fuzz.ratio(folded, fold(o)) >= TYPO_RATIO for o in others if len(o) >= 5)
