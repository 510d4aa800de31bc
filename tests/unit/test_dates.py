"""Deadlines written as people write them (handlers/shared/dates.py), as the guided need's urgency step takes them."""

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.errors import UsageError
from bot.i18n import LANGUAGES
from handlers.needs import dialogue
from handlers.needs.categories import Categoriser, load_categories
from handlers.shared.dates import DayExample, WhenExample, describe, parse_day, parse_when


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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_example_the_bot_gives_is_one_it_reads(lang: str) -> None:
    """The examples in hints are written in the person's language: each must parse, or the hint misleads."""
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    zone = ZoneInfo("Europe/Brussels")
    moments = re.findall(r"`([^`]+)`", WhenExample(now).render(lang))
    days = re.findall(r"`([^`]+)`", DayExample(now.date()).render(lang))
    assert len(moments) == 4 and len(days) == 3
    assert all(parse_when(text, zone, now) > now for text in moments), moments
    assert all((day := parse_day(text, now.date())) is not None and day > now.date() for text in days), days


def test_a_moment_is_shown_in_the_readers_language() -> None:
    moment = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    zone = ZoneInfo("Europe/Brussels")
    assert describe(moment, zone, "fr") == "jeu. 3 déc. 2026, 14:00 CET (Europe/Brussels)"
    assert describe(moment, zone, "de") == "Do. 3. Dez. 2026, 14:00 CET (Europe/Brussels)"
    assert describe(moment, zone, "pl") == "czw. 3 gru 2026, 14:00 CET (Europe/Brussels)"


def test_dateparser_is_loaded_by_the_first_date_read_not_at_start_up() -> None:
    """~9 MB that a bot which never reads a date never carries."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys, handlers\n"
        "before = 'dateparser' in sys.modules\n"
        "from datetime import date\n"
        "from handlers.shared.dates import parse_day\n"
        "parse_day('fin juin 2027', date(2026, 12, 1))\n"
        "print(before, 'dateparser' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root)
    assert done.stdout.split() == ["False", "True"]


async def test_dates_are_read_on_a_worker_thread_not_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """dateparser's first read of a language takes 50-300 ms: no member's date may hold every room."""
    import threading

    from handlers.shared import dates

    where: list[threading.Thread] = []
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    monkeypatch.setattr(dates, "parse_when", lambda *args: where.append(threading.current_thread()) or now)
    monkeypatch.setattr(dates, "parse_day", lambda *args: where.append(threading.current_thread()) or now.date())
    assert await dates.read_when("tomorrow 10:00", ZoneInfo("Europe/Brussels"), now) == now
    assert await dates.read_day("fin juin", now.date()) == now.date()
    assert len(where) == 2 and threading.main_thread() not in where
