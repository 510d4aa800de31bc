"""The semantic side of FAQ matching: every stored question variant as a vector, and a question's best cosine
per entry. Pure numpy; the caller runs it on the encoder's thread.

A chatty question is also read sentence by sentence (handlers/faq/sentences.py): an entry's similarity is its
best over the whole message and its last sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from handlers.faq.kb import Entry

LABEL_WORDINGS = 3
SHORTLIST = 100  # entries compared row by row when the knowledge base is larger than this


def lang_texts(entry: Entry) -> list[tuple[str, str]]:
    return [(lang, text) for lang, texts in entry.questions.items() for text in texts]


def variant_texts(entry: Entry) -> list[str]:
    """The texts embedded for an entry: its question variants in every language (answers are too long and
    too varied to compare with a question, and keywords too short to carry meaning)."""
    return [text for _, text in lang_texts(entry)]


def main_wordings(labelled: list[tuple[int, str, str]], lang: str) -> list[tuple[int, str, str]]:
    return [item for item in labelled if item[1] == lang][:LABEL_WORDINGS]


class SemanticIndex:
    """Rows of variant vectors, grouped by entry (rows of one entry are contiguous)."""

    def __init__(self, entries: Sequence[Entry], vectors: np.ndarray) -> None:
        owners = [i for i, entry in enumerate(entries) for _ in variant_texts(entry)]
        if len(owners) != len(vectors):
            raise ValueError(f"{len(vectors)} vectors for {len(owners)} variants")
        self.size = len(entries)
        self.entries = list(entries)
        self.position = {entry.id: i for i, entry in enumerate(self.entries)}
        self.vectors = vectors.astype(np.float32, copy=False)
        self.owners = np.asarray(owners, dtype=np.int32)
        # reduceat needs the first row of each entry that has variants (every validated entry has one)
        self.starts = np.flatnonzero(np.r_[True, self.owners[1:] != self.owners[:-1]]) if owners else np.zeros(0, int)
        self.present = self.owners[self.starts] if owners else np.zeros(0, int)
        self.ends = np.r_[self.starts[1:], len(self.owners)] if owners else np.zeros(0, int)
        self.centroids = None
        if len(self.present) > SHORTLIST:  # a large knowledge base: look at the closest entries' rows only
            sums = np.add.reduceat(self.vectors, self.starts, axis=0)
            self.centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)

    def cosines(self, query_vectors: np.ndarray) -> np.ndarray:
        """Per entry: the best cosine between any query segment and any of the entry's variants.

        With more than SHORTLIST entries, the rows of the SHORTLIST entries whose mean wording is closest are
        compared exactly and the others get their mean's cosine (a little under their best): the answer and the
        choices come from the closest few, and a 20,000-row product per question became a 2,000-row one."""
        best = np.zeros(self.size, dtype=np.float32)
        if not len(self.vectors) or not len(query_vectors):
            return best
        if self.centroids is None:
            per_row = (query_vectors @ self.vectors.T).max(axis=0)
            best[self.present] = np.maximum.reduceat(per_row, self.starts)
            return best
        rough = (query_vectors @ self.centroids.T).max(axis=0)
        best[self.present] = rough
        groups = np.argpartition(-rough, SHORTLIST - 1)[:SHORTLIST]
        starts = self.starts[groups]
        lengths = self.ends[groups] - starts
        offsets = np.cumsum(lengths) - lengths  # where each group's rows begin among the rows gathered
        rows = np.arange(int(lengths.sum())) - np.repeat(offsets - starts, lengths)
        per_row = (query_vectors @ self.vectors[rows].T).max(axis=0)  # one product, not one per group
        best[self.present[groups]] = np.maximum.reduceat(per_row, offsets)
        return best

    def closest_wording(self, entry_id: str, query_vectors: np.ndarray, lang: str) -> str:
        """Of the entry's main wordings in `lang` (else English), the one closest in meaning: a choice's label.
        Only the first few: later wordings are written as members type, typos included, and make poor labels."""
        index = self.position.get(entry_id)
        if index is None:
            return entry_id
        entry = self.entries[index]
        rows = np.flatnonzero(self.owners == index)
        labelled = [(row, text_lang, text) for row, (text_lang, text) in zip(rows, lang_texts(entry), strict=True)]
        pool = main_wordings(labelled, lang) or main_wordings(labelled, "en") or labelled[:LABEL_WORDINGS]
        scores = (query_vectors @ self.vectors[[row for row, _, _ in pool]].T).max(axis=0)
        return pool[int(np.argmax(scores))][2]
