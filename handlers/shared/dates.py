"""Dates and times written the way people write them, in the seven languages — the one module every feature
parses and shows them with. Days (`parse_day`): `by March 2027`, `fin juin`, `31/12/2026`, `15. März 2027`; for
deadlines a month alone means its last day. Moments (`parse_when`): `next Tuesday 10am`, `demain 14h`,
`in 2 hours`, in the room's zone, out as aware UTC; `describe` shows one back. A day/month that could be
month/day is asked back, never guessed. Pure functions: `now`/`today` and the zone are arguments.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

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


def day_example(today: date) -> str:
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


def when_example(now: datetime) -> str:
    """Examples with a date a few weeks ahead of today, never one in the past."""
    soon = now + timedelta(days=30)
    return f"e.g. `{soon:%Y-%m-%d} 14:00`, `{soon.day} {soon:%b} 14:00`, `next Tuesday 10am` or `in 2 hours`"
# "14h", "14h30", "14 h 30", "10 Uhr", "10.30 Uhr", "godz. 10" -> "14:00", "14:30", "10:00", "10:30", "10:00"
HOUR_H_MIN = re.compile(r"\b(\d{1,2})\s?h\s?(\d{2})\b", re.IGNORECASE)
HOUR_WORD = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s*(?:h|uhr)\b(?!\w)", re.IGNORECASE)
HOUR_PREFIX = re.compile(r"\bgodz\.?\s*(\d{1,2})(?::(\d{2}))?\b", re.IGNORECASE)
HAS_TIME = re.compile(
    r"\d{1,2}:\d{2}|\d\s*(?:am|pm)\b|\bin\s+\d+\s*(?:sec\w*|min\w*|hours?|hrs?|h)\b|\bdans\s+\d+|"
    r"\bin\s+\d+\s+(?:stunden?|minuten?)|\bentro|\bza\s+\d+|\bdentro de|\btra\s+\d+|\bfra\s+\d+|"
    r"\bem\s+\d+|\ben\s+\d+\s+(?:horas?|minutos?)|\bnow\b|T\d{2}:\d{2}",
    re.IGNORECASE,
)
def normalise_hours(text: str) -> str:
    text = HOUR_PREFIX.sub(lambda m: f"{int(m.group(1)):02d}:{m.group(2) or '00'}", text)
    text = HOUR_H_MIN.sub(lambda m: f"{int(m.group(1)):02d}:{m.group(2)}", text)
    return HOUR_WORD.sub(lambda m: f"{int(m.group(1)):02d}:{m.group(2) or '00'}", text)


MAX_WHEN_CHARS = 80


def parse_when(text: str, zone: tzinfo, now: datetime) -> datetime:
    """A future moment from natural language in the room's zone; UTC out. Refuses what is unclear."""
    raw = " ".join(text.split())
    if not raw:
        raise UsageError(f"When? Give a date and a time, {when_example(now)}.")
    if len(raw) > MAX_WHEN_CHARS:  # dateparser's time grows with the text: a date is short
        raise UsageError(f"That is too long for a date ({len(raw)} characters); {when_example(now)}.")
    refuse_ambiguous_day_month(raw)
    cleaned = normalise_hours(raw)
    if not HAS_TIME.search(cleaned):
        raise UsageError(f"{quoted(raw)} has no time of day; add one, {when_example(now)}.")
    local_now = now.astimezone(zone)
    settings = {
        "TIMEZONE": str(zone),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "DATE_ORDER": "DMY",
    }
    explicit = re.search(r"(Z|[+-]\d{2}:?\d{2})$", cleaned)
    if explicit:
        settings.pop("TIMEZONE")
        settings["RETURN_AS_TIMEZONE_AWARE"] = True
    parsed = dateparser.parse(cleaned, languages=list(LANGUAGES), settings=settings)
    if parsed is None:
        raise UsageError(f"I can't read {quoted(raw)} as a date and time; try {when_example(now)}.")
    if parsed.tzinfo is not None:
        moment = parsed.astimezone(UTC)
    else:
        moment = localise(parsed, zone)
    if abs((moment - now).days) > 3 * 366:
        raise UsageError(f"{quoted(raw)} reads as {describe(moment, zone)}, which is too far off; check the date.")
    if moment <= now:
        raise UsageError(f"{quoted(raw)} reads as {describe(moment, zone)}, which is in the past; give a future time.")
    return moment


def localise(naive: datetime, zone: tzinfo) -> datetime:
    """A wall-clock time in `zone` as UTC; a time that does not exist (spring forward) is refused, one that
    exists twice (fall back) is taken the first time."""
    aware = naive.replace(tzinfo=zone, fold=0)
    back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        raise UsageError(
            f"{naive:%Y-%m-%d %H:%M} does not exist in {zone} (the clocks go forward that night); "
            f"pick another time, e.g. {naive + timedelta(hours=1):%H:%M}."
        )
    return aware.astimezone(UTC)


def describe(moment: datetime, zone: tzinfo) -> str:
    """`Thu 3 Dec 2026, 14:00 CET (Europe/Brussels)`: how the bot confirms a time."""
    local = moment.astimezone(zone)
    return f"{local:%a %-d %b %Y, %H:%M} {local.tzname()} ({zone})"
