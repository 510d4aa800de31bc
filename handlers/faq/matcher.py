"""Fuzzy question matching (rapidfuzz): pure, fast, and honest about not knowing.

How a question is scored against an entry:
- coverage: how much of the question's meaning (its content stems, weighted by rarity across entries) the entry's
  vocabulary explains — question variants and keywords in all languages count fully, answer words partly; typos
  are matched to the nearest known stem. Words the knowledge base never uses count against every entry, so
  "who won the match" does not become a confident answer because one entry mentions a "match".
- similarity: the best rapidfuzz token ratio between the question and one of the entry's variants.
Candidates are pre-filtered through an inverted index, so lookup cost grows with the matching entries only.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from handlers.faq.kb import Entry
from handlers.shared.lang import LanguageDetector
from handlers.shared.text import content_stems

Outcome = Literal["answer", "ambiguous", "none"]
ANSWER_WEIGHT = 0.5  # a word only found in an entry's answer counts half
COVERAGE_SHARE = 0.7
RERANK = 25
MIN_EVIDENCE = 3.0  # summed rarity (idf) of the matched words needed for a full score: ~one rare word


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on tests/faq/eval_dev.yaml (see bench/faq_calibrate.py); override in config.yaml `faq:`."""

    confident: float = 50.0
    margin: float = 8.0
    ambiguous: float = 42.0


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    score: float


@dataclass(frozen=True)
class Match:
    outcome: Outcome
    lang: str
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


class FaqIndex:
    """Everything needed to match questions against a list of entries; rebuilt when the entries change."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self.by_id = {e.id: i for i, e in enumerate(self.entries)}
        samples: dict[str, list[str]] = defaultdict(list)
        self.weights: list[dict[str, float]] = []
        self.variants: list[list[str]] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for index, entry in enumerate(self.entries):
            weights: dict[str, float] = {}
            variants: list[str] = []
            for lang, texts in entry.answer.items():
                samples[lang].append(texts)
                for s in content_stems(texts, lang):
                    weights.setdefault(s, ANSWER_WEIGHT)
            for source in (entry.questions, entry.keywords):
                for lang, texts in source.items():
                    for text in texts:
                        samples[lang].append(text)
                        stems = content_stems(text, lang)
                        variants.append(" ".join(stems))
                        for s in stems:
                            weights[s] = 1.0
            self.weights.append(weights)
            self.variants.append([v for v in variants if v])
            for s in weights:
                postings[s].append(index)
        self.postings = dict(postings)
        count = max(1, len(self.entries))
        self.idf = {s: math.log(1 + count / len(ids)) for s, ids in self.postings.items()}
        self.unknown_idf = math.log(1 + count / 0.5)
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for known in self.postings:
            self.by_length[len(known)].append(known)
        self._typos: dict[str, list[tuple[str, float]]] = {}
        self.detector = LanguageDetector(samples)

    def entry(self, entry_id: str) -> Entry | None:
        index = self.by_id.get(entry_id)
        return None if index is None else self.entries[index]

    def detect_language(self, question: str, default: str = "en") -> str:
        lang, confidence = self.detector.detect(question, default)
        return lang if confidence > 0.05 else default

    def _expand(self, stem: str) -> list[tuple[str, float]]:
        """Known stems this query stem stands for: itself, or the ones a typo away (1 edit, 2 for long words).

        Edit distance, not a ratio: "weather" is two edits from "water", a different word, not a typo of it.
        """
        if stem in self.postings:
            return [(stem, 1.0)]
        if len(stem) < 4:
            return []
        cached = self._typos.get(stem)
        if cached is not None:
            return cached
        max_edits = 1 if len(stem) < 8 else 2
        found: list[tuple[str, float]] = []
        for length in range(len(stem) - max_edits, len(stem) + max_edits + 1):  # only stems that could be close
            bucket = self.by_length.get(length)
            if bucket:
                for known, edits, _ in process.extract(
                    stem, bucket, scorer=OSA.distance, score_cutoff=max_edits, limit=3
                ):
                    found.append((known, 1 - edits / max(len(stem), len(known))))
        found.sort(key=lambda item: item[1], reverse=True)
        if len(self._typos) < 50_000:
            self._typos[stem] = found[:3]
        return found[:3]

    def score(self, question: str, lang: str) -> list[Candidate]:
        stems = content_stems(question, lang)
        if not stems:
            return []
        total = 0.0
        coverage: dict[int, float] = defaultdict(float)
        evidence: dict[int, float] = defaultdict(float)
        corrected: list[str] = []
        for stem in stems:
            matches = self._expand(stem)
            weight = max((self.idf[s] for s, _ in matches), default=self.unknown_idf)
            total += weight
            best: dict[int, float] = {}
            for known, similarity in matches:
                for index in self.postings[known]:
                    value = similarity * self.weights[index][known]
                    if value > best.get(index, 0.0):
                        best[index] = value
            for index, value in best.items():
                coverage[index] += weight * value
                evidence[index] += weight * value
            corrected.append(matches[0][0] if matches else stem)
        if not coverage:
            return []
        top = sorted(coverage, key=coverage.__getitem__, reverse=True)[:RERANK]
        query = " ".join(corrected)
        ranked = []
        for index in top:
            variants = self.variants[index]
            similarity = 0.0
            if variants:  # rapidfuzz's C loop: one call per scorer, not one per variant
                best_set = process.extractOne(query, variants, scorer=fuzz.token_set_ratio)
                best_sort = process.extractOne(query, variants, scorer=fuzz.token_sort_ratio)
                similarity = 0.5 * best_set[1] + 0.5 * best_sort[1]
            share = coverage[index] / total
            value = 100 * COVERAGE_SHARE * share + (1 - COVERAGE_SHARE) * similarity
            value *= min(1.0, evidence[index] / MIN_EVIDENCE)  # one common word is not enough to be sure
            ranked.append(Candidate(self.entries[index].id, round(value, 1)))
        ranked.sort(key=lambda c: c.score, reverse=True)
        return ranked

    def match(
        self, question: str, *, lang: str | None = None, default_lang: str = "en", thresholds: Thresholds = Thresholds()
    ) -> Match:
        """The outcome for a question: answer (confident), ambiguous (a few candidates), or none."""
        lang = lang or self.detect_language(question, default_lang)
        ranked = self.score(question, lang)
        return Match(decide(ranked, thresholds), lang, ranked[:5])


def decide(ranked: list[Candidate], thresholds: Thresholds) -> Outcome:
    if not ranked or ranked[0].score < thresholds.ambiguous:
        return "none"
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if ranked[0].score >= thresholds.confident and ranked[0].score - second >= thresholds.margin:
        return "answer"
    return "ambiguous"


def alternatives(match: Match, thresholds: Thresholds, limit: int = 3) -> list[Candidate]:
    """The choices offered for an ambiguous question: the close candidates, best first."""
    return [c for c in match.candidates[:limit] if c.score >= thresholds.ambiguous]
