"""Categories by meaning: every category's labels, description, keywords and example needs as vectors, and a
need's category as the fusion of that with the keyword scores. Pure numpy; callers run it on the encoder's thread.

Measured on the held-out set (tests/needs/categorise_test.yaml, bench/needs_eval.py): see the README.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handlers.needs.categories import Category

if TYPE_CHECKING:
    import numpy as np


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


def fuse_categories(semantic: Mapping[str, float], lexical: Mapping[str, float], fusion: CategoryFusion) -> str:
    def value(cid: str) -> float:
        return (
            semantic[cid] + fusion.lexical_weight * min(lexical.get(cid, 0.0), fusion.lexical_cap) / fusion.lexical_cap
        )

    return max(semantic, key=value)
