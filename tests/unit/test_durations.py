"""Time spans in words, in every language the bot speaks, with the plural rules people use."""

from datetime import timedelta

import pytest

from handlers.shared.durations import in_words
from handlers.shared.i18n import LANGUAGES


@pytest.mark.parametrize(
    ("seconds", "lang", "expected"),
    [
        (119, "en", "in 2 minutes"),
        (59, "en", "in 1 minute"),
        (10, "en", "now"),
        (2 * 3600, "fr", "dans 2 heures"),
        (3600, "de", "in 1 Stunde"),
        (5 * 3600, "de", "in 5 Stunden"),
        (3 * 86400, "de", "in 3 Tagen"),
        (86400, "es", "en 1 día"),
        (2 * 86400, "it", "tra 2 giorni"),
        (60, "pl", "za 1 minutę"),
        (3 * 60, "pl", "za 3 minuty"),
        (5 * 60, "pl", "za 5 minut"),
        (12 * 60, "pl", "za 12 minut"),
        (22 * 60, "pl", "za 22 minuty"),
        (2 * 86400, "pl", "za 2 dni"),
        (7 * 86400, "pt", "em 7 dias"),
    ],
)
def test_in_words(seconds: int, lang: str, expected: str) -> None:
    assert in_words(timedelta(seconds=seconds), lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_unit_and_no_digits_glued_to_units(lang: str) -> None:
    for seconds in (60, 2 * 3600, 3 * 86400, 45 * 60):
        words = in_words(timedelta(seconds=seconds), lang)
        count, unit = words.split()[-2:]
        assert count.isdigit() and unit.isalpha() and len(unit) > 2  # "2 hours", never "2h"
