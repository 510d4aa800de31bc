"""Evaluating the matcher on a labelled question set: accuracy, false answers, language detection.

Used by the test that holds an accuracy floor and by `bench/faq_eval.py`, which reports and calibrates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from handlers.faq.matcher import Candidate, FaqIndex, Thresholds, decide


@dataclass(frozen=True)
class Item:
    q: str
    lang: str
    expect: str | None
    kind: str


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


def rank_all(index: FaqIndex, items: Iterable[Item]) -> list[tuple[Item, str, list[Candidate]]]:
    """Score once (the slow part); thresholds can then be tried on the rankings."""
    ranked = []
    for item in items:
        lang = index.detect_language(item.q, "en")
        ranked.append((item, lang, index.score(item.q, lang)))
    return ranked


def evaluate(ranked: list[tuple[Item, str, list[Candidate]]], thresholds: Thresholds) -> dict[str, Score]:
    scores: dict[str, Score] = defaultdict(Score)
    for item, lang, candidates in ranked:
        for key in (item.lang, "all"):
            score = scores[key]
            score.total += 1
            score.language_right += lang == item.lang
            outcome = decide(candidates, thresholds)
            top = candidates[0].entry_id if candidates else None
            if item.expect is None:
                score.off_topic += 1
                score.off_topic_answered += outcome == "answer"
                score.off_topic_offered += outcome == "ambiguous"
                continue
            score.in_scope += 1
            if outcome == "answer":
                score.correct += top == item.expect
                score.wrong += top != item.expect
            elif outcome == "ambiguous":
                offered = [c.entry_id for c in candidates[:3] if c.score >= thresholds.ambiguous]
                score.helped += item.expect in offered
    return dict(scores)


def calibrate(ranked: list[tuple[Item, str, list[Candidate]]], false_weight: float = 3.0) -> Thresholds:
    """The thresholds that maximise accuracy minus `false_weight` x false-answer rate on a development set."""
    best: tuple[float, Thresholds] | None = None
    for confident in range(40, 96, 2):
        for margin in range(0, 21, 2):
            for ambiguous in range(30, min(confident, 70) + 1, 5):
                thresholds = Thresholds(float(confident), float(margin), float(ambiguous))
                overall = evaluate(ranked, thresholds)["all"]
                objective = overall.accuracy + 0.25 * overall.helped / max(1, overall.in_scope)
                objective -= false_weight * overall.false_answer_rate
                objective -= 0.5 * overall.off_topic_offered / max(1, overall.total)
                if best is None or objective > best[0]:
                    best = (objective, thresholds)
    assert best is not None
    return best[1]
