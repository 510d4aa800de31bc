"""A question in a language the bot does not speak is recognised (so "don't know" can say which languages it
does speak), and no question in the seven it speaks ever is: checked on every question of both FAQ sets."""

from pathlib import Path

import pytest
import yaml

from handlers.shared.lang import unsupported_language

SETS = Path(__file__).resolve().parents[1] / "faq"


def test_no_question_in_a_spoken_language_reads_as_another() -> None:
    questions = [
        item["q"] for name in ("eval_dev.yaml", "eval_test.yaml") for item in yaml.safe_load((SETS / name).read_text())
    ]
    assert len(questions) > 1000
    assert [(q, other) for q in questions if (other := unsupported_language(q))] == []


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Welke kosten zijn subsidiabel voor ons project?", "Dutch"),
        ("Vilka kostnader är stödberättigande för oss?", "Swedish"),
        ("Hvordan kan vi søge om støtte til vores projekt?", "Danish"),
        ("Kaip mes galime pateikti ataskaitą?", "Lithuanian"),
        ("Τι είναι το NCC;", "Greek"),
        ("Колко време продължава проектът?", "Bulgarian"),
    ],
)
def test_a_question_in_another_language_is_named(question: str, language: str) -> None:
    assert unsupported_language(question) == language


def test_short_or_mixed_text_is_not_guessed() -> None:
    assert unsupported_language("ok ja") is None
    assert unsupported_language("NCC?") is None
