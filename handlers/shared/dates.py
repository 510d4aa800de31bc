"""Days written the way people write them, in the seven languages: `by March 2027`, `fin juin`, `31/12/2026`,
`15. März 2027`, `2027-03-31`. For deadlines (a need's "needed by"): a month alone means its last day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import dateparser

from bot.errors import UsageError
from bot.messages import quoted
from handlers.shared.i18n import LANGUAGES

# "by", "before", "until" and their kin: a deadline's lead word says nothing about the date itself
LEAD = re.compile(
    r"^(by|before|until|till|no later than|avant( le)?|d'ici( le| à)?|pour le|bis( zum| spätestens)?|vor dem|"
    r"spätestens|antes de(l)?|hasta( el)?|para el|entro( il)?|prima del|do|przed|najpóźniej|até|antes do|"
    r"(the )?end of|fin( de| d')?|finales de|a finales de|ende|fine|final de|fim de|koniec|końca)\s+",
    re.IGNORECASE,
)
SLASH_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_CHARS = 40


def example(today: date) -> str:
    soon = today + timedelta(days=90)
    return f"`{soon:%Y-%m-%d}`, `{soon.day} {soon:%B %Y}` or `by {soon:%B %Y}`"


def refuse_ambiguous_day_month(text: str) -> None:
    """`12/03/2027` could be 12 March or 3 December: ask back with both readings, never guess."""
    slash = SLASH_DATE.search(text)
    if slash and int(slash.group(1)) <= 12 and int(slash.group(2)) <= 12 and slash.group(1) != slash.group(2):
        a, b, year = int(slash.group(1)), int(slash.group(2)), int(slash.group(3))
        year += 2000 if year < 100 else 0
        raise UsageError(
            f"{quoted(slash.group(0))} could be day/month or month/day; write `{year}-{b:02d}-{a:02d}` "
            f"({a} {MONTHS[b - 1]}) or `{year}-{a:02d}-{b:02d}` ({b} {MONTHS[a - 1]})."
        )


def parse_day(text: str, today: date) -> date | None:
    """The day `text` names (None if it names none); a day/month that could be month/day is an error."""
    cleaned = " ".join(text.split())
    for _ in range(3):  # "by the end of March": each lead word goes
        cleaned = LEAD.sub("", cleaned)
    cleaned = cleaned.strip(" .,")
    if not cleaned or len(cleaned) > MAX_CHARS or not re.search(r"\d|[^\W\d_]{3,}", cleaned):
        return None
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        pass
    refuse_ambiguous_day_month(cleaned)
    settings = {
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "last",
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["month"],
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
    }
    parsed = dateparser.parse(cleaned, languages=list(LANGUAGES), settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed is not None else None
