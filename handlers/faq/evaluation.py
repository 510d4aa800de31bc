"""Evaluating the matcher on a labelled question set: accuracy, false answers, language detection.

Used by the test that holds an accuracy floor and by `bench/faq_eval.py`, which reports and calibrates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from handlers.faq.fusion import Fusion
from handlers.faq.matcher import Candidate, Thresholds, decide
from handlers.faq.service import FaqService, Signals


@dataclass(frozen=True)
class Item:
    q: str
    lang: str
    expect: str | None
    kind: str
    fact: str | None = None  # the fact of ncc-facts.md asked about (held-out set)
    note: str | None = None  # the labeller's remark


@dataclass
class Score:
    in_scope: int = 0
    correct: int = 0  # confident answer, right entry
    helped: int = 0  # ambiguous, and the right entry among the choices offered
    wrong: int = 0  # confident answer, wrong entry
    off_topic: int = 0
    off_topic_answered: int = 0  # confident answer to a question the knowledge base does not cover
    off_topic_offered: int = 0  # "did you mean" to such a question (less harmful, still noise)
    language_right: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.in_scope if self.in_scope else 0.0

    @property
    def false_answer_rate(self) -> float:
        """Confident answers that are wrong, over all questions (in scope or not)."""
        return (self.wrong + self.off_topic_answered) / self.total if self.total else 0.0


def load_items(path: Path) -> list[Item]:
    return [Item(**raw) for raw in yaml.safe_load(path.read_text(encoding="utf-8"))]


Ranked = list[tuple[Item, str, list[Candidate]]]


async def signals_all(faq: FaqService, items: Iterable[Item]) -> list[tuple[Item, str, Signals]]:
    """Score once (the slow part: encoding); fusion weights and thresholds are then tried on the signals."""
    found = []
    for item in items:
        lang = faq.index.detect_language(item.q, "en")
        found.append((item, lang, await faq.signals(item.q, lang)))
    return found


def rankings(faq: FaqService, signals: list[tuple[Item, str, Signals]], fusion: Fusion | None = None) -> Ranked:
    return [(item, lang, faq.combine(found, fusion)) for item, lang, found in signals]


async def rank_all(faq: FaqService, items: Iterable[Item]) -> Ranked:
    return rankings(faq, await signals_all(faq, items))


def outcome_of(candidates: list[Candidate], thresholds: Thresholds) -> tuple[str, list[str]]:
    """The outcome and the entries offered: the answer, or the "did you mean" choices."""
    outcome = decide(candidates, thresholds)
    if outcome == "answer":
        return outcome, [candidates[0].entry_id]
    if outcome == "ambiguous":
        return outcome, [c.entry_id for c in candidates[:3] if c.score >= thresholds.ambiguous]
    return outcome, []


def evaluate(ranked: Ranked, thresholds: Thresholds, by: str = "lang") -> dict[str, Score]:
    """Scores per language (or per `kind`) and over "all"."""
    scores: dict[str, Score] = defaultdict(Score)
    for item, lang, candidates in ranked:
        outcome, offered = outcome_of(candidates, thresholds)
        for key in (getattr(item, by), "all"):
            score = scores[key]
            score.total += 1
            score.language_right += lang == item.lang
            if item.expect is None:
                score.off_topic += 1
                score.off_topic_answered += outcome == "answer"
                score.off_topic_offered += outcome == "ambiguous"
                continue
            score.in_scope += 1
            if outcome == "answer":
                score.correct += offered[0] == item.expect
                score.wrong += offered[0] != item.expect
            elif outcome == "ambiguous":
                score.helped += item.expect in offered
    return dict(scores)


@dataclass(frozen=True)
class Grid:
    confident: range = range(40, 96, 2)
    margin: range = range(0, 21, 2)
    ambiguous: range = range(30, 71, 5)


FUSED_GRID = Grid(range(20, 72, 2), range(0, 17, 2), range(15, 51, 5))


def objective(ranked: Ranked, thresholds: Thresholds, false_weight: float) -> float:
    overall = evaluate(ranked, thresholds)["all"]
    value = overall.accuracy + 0.25 * overall.helped / max(1, overall.in_scope)
    value -= false_weight * overall.false_answer_rate
    return value - 0.5 * overall.off_topic_offered / max(1, overall.total)


def calibrate(ranked: Ranked, false_weight: float = 3.0, grid: Grid = Grid()) -> tuple[float, Thresholds]:
    """The thresholds that maximise accuracy (+ a quarter of the helpful choices) minus `false_weight` x the
    false-answer rate and half the choices offered to out-of-scope questions, on a development set."""
    best: tuple[float, Thresholds] | None = None
    for confident in grid.confident:
        for margin in grid.margin:
            for ambiguous in grid.ambiguous:
                if ambiguous > confident:
                    continue
                thresholds = Thresholds(float(confident), float(margin), float(ambiguous))
                value = objective(ranked, thresholds, false_weight)
                if best is None or value > best[0]:
                    best = (value, thresholds)
    assert best is not None
    return best
