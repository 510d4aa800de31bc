"""Deadlines written as people write them (handlers/shared/dates.py), as the guided need's urgency step takes them."""

from datetime import date

import pytest

from bot.errors import UsageError
from handlers.needs import dialogue
from handlers.needs.categories import Categoriser, load_categories


@pytest.fixture(scope="module")
def categories() -> Categoriser:
    return Categoriser(load_categories(None))


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("by March 2027", "2027-03-31"),  # a month alone: its last day
        ("2027-03-31", "2027-03-31"),
        ("31/12/2026", "2026-12-31"),
        ("15. März 2027", "2027-03-15"),
        ("fin juin 2027", "2027-06-30"),
        ("do końca marca 2027", "2027-03-31"),
        ("hasta el 20 de enero", "2027-01-20"),  # no year: the next one
        ("entro il 10 febbraio", "2027-02-10"),
        ("até 5 de maio de 2027", "2027-05-05"),
    ],
)
def test_the_urgency_step_takes_natural_dates(categories: Categoriser, text: str, due: str) -> None:
    step = dialogue.start("Portugal")
    step = dialogue.advance(step.state, "We need a framework to measure our social impact", categories)
    step = dialogue.advance(step.state, "ok", categories)
    step = dialogue.advance(step.state, text, categories, today=date(2026, 12, 1))
    assert step.state["due_on"] == due


def test_an_ambiguous_or_unreadable_deadline_is_refused_with_a_current_example(categories: Categoriser) -> None:
    step = dialogue.start("Portugal")
    step = dialogue.advance(step.state, "We need a framework to measure our social impact", categories)
    step = dialogue.advance(step.state, "ok", categories)
    with pytest.raises(UsageError, match="could be day/month or month/day"):
        dialogue.advance(step.state, "12/03/2027", categories, today=date(2026, 12, 1))
    with pytest.raises(UsageError, match="2027-03-01") as info:
        dialogue.advance(step.state, "whenever", categories, today=date(2026, 12, 1))
    assert "2026-12-31" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("finales de marzo", date(2027, 3, 31)),
        ("Ende April 2027", date(2027, 4, 30)),
        ("by the end of March", date(2027, 3, 31)),
        ("15 czerwca", date(2027, 6, 15)),
        ("soon", None),
        ("asap", None),
        ("", None),
        ("x" * 200, None),  # long chatter is not parsed at all
    ],
)
def test_parse_day(text: str, due: date | None) -> None:
    from handlers.shared.dates import parse_day

    assert parse_day(text, date(2026, 12, 1)) == due
