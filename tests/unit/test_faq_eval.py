"""The held-out evaluation set's floors, for both positions of the `faq.semantic` switch: a little under the
figures `bench/faq_eval.py` measured (README, "How matching works"), so a regression fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.encoder.config import EncoderConfig
from handlers.encoder.service import EncoderService
from handlers.faq.config import FaqConfig
from handlers.faq.evaluation import Score, evaluate, load_items, rank_all
from handlers.faq.service import FaqService

EVAL = Path(__file__).resolve().parents[1] / "faq"
LANGS = ("en", "fr", "de", "es", "it", "pl", "pt")


async def scores(semantic: bool, cache: Path) -> dict[str, Score]:
    encoder = EncoderService(EncoderConfig(), cache) if semantic else None
    faq = FaqService(FaqConfig(semantic=semantic), None, encoder)
    await faq.load(wait=True)
    assert faq.semantic is semantic
    try:
        return evaluate(await rank_all(faq, load_items(EVAL / "eval_test.yaml")), faq.thresholds)
    finally:
        if encoder is not None:
            encoder.close()


@pytest.mark.parametrize(
    ("semantic", "accuracy", "per_language", "false_answers", "language_right"),
    [(True, 0.88, 0.82, 0.03, 0.97), (False, 0.80, 0.71, 0.05, 0.97)],
    ids=["semantic", "lexical"],
)
async def test_held_out_floors(
    semantic: bool, accuracy: float, per_language: float, false_answers: float, language_right: float, tmp_path: Path
) -> None:
    found = await scores(semantic, tmp_path)
    overall = found["all"]
    assert overall.accuracy >= accuracy
    assert overall.false_answer_rate <= false_answers
    assert overall.language_right / overall.total >= language_right
    assert all(found[lang].accuracy >= per_language for lang in LANGS), {k: v.accuracy for k, v in found.items()}
