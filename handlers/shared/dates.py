"""Dates and times written the way people write them, in the seven languages — the one module every feature
parses and shows them with. Days (`parse_day`): `by March 2027`, `fin juin`, `31/12/2026`, `15. März 2027`; for
deadlines a month alone means its last day. Moments (`parse_when`): `next Tuesday 10am`, `demain 14h`,
`in 2 hours`, in the room's zone, out as aware UTC; `describe` shows one back in the person's language. A
day/month that could be month/day is asked back, never guessed. Pure functions: `now`/`today` and the zone are
arguments; errors carry Texts, said in the language of whoever gets them.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

from bot.errors import UsageError
from bot.messages import quoted
from handlers.shared import calendar_names as names
from handlers.shared.i18n import LANGUAGES, Phrasebook

DATES = Phrasebook.load(Path(__file__).with_name("dates.yaml"))

# "by", "before", "until" and their kin: a deadline's lead word says nothing about the date itself
LEAD = re.compile(
    r"^(by|before|until|till|no later than|avant( le)?|d'ici( le| à)?|pour le|bis( zum| spätestens)?|vor dem|"
    r"spätestens|antes de(l)?|hasta( el)?|para el|entro( il)?|prima del|do|przed|najpóźniej|até|antes do|"
    r"(the )?end of|fin( de| d')?|finales de|a finales de|ende|fine|final de|fim de|koniec|końca)\s+",
    re.IGNORECASE,
)
SLASH_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")
MAX_CHARS = 40


@dataclass(frozen=True)
class DayExample:
    """Ways to write a day three months ahead, in the language of whoever reads them."""

    today: date

    def render(self, lang: str) -> str:
        soon = self.today + timedelta(days=90)
        day, month = names.day_number(soon.day, lang), names.month(soon.month, lang)
        return DATES.say("day_example", lang, iso=soon.isoformat(), day=day, month=month, year=str(soon.year))


@dataclass(frozen=True)
class WhenExample:
    """Ways to write a moment, with a date a few weeks ahead (never one in the past)."""

    now: datetime

    def render(self, lang: str) -> str:
        soon = self.now + timedelta(days=30)
        day, month = names.day_number(soon.day, lang), names.month(soon.month, lang)
        return DATES.say("when_example", lang, iso=f"{soon:%Y-%m-%d}", day=day, month=month)


@dataclass(frozen=True)
class Moment:
    """A moment shown in a zone, in the language of whoever reads it."""

    moment: datetime
    zone: tzinfo

    def render(self, lang: str) -> str:
        return describe(self.moment, self.zone, lang)


@dataclass(frozen=True)
class DayOfMonth:
    day: int
    month: int

    def render(self, lang: str) -> str:
        return f"{names.day_number(self.day, lang)} {names.short_month(self.month, lang)}"


def refuse_ambiguous_day_month(text: str) -> None:
    """`12/03/2027` could be 12 March or 3 December: ask back with both readings, never guess."""
    slash = SLASH_DATE.search(text)
    if slash and int(slash.group(1)) <= 12 and int(slash.group(2)) <= 12 and slash.group(1) != slash.group(2):
        a, b, year = int(slash.group(1)), int(slash.group(2)), int(slash.group(3))
        year += 2000 if year < 100 else 0
        raise UsageError(
            DATES.text(
                "ambiguous_day_month",
                raw=quoted(slash.group(0)),
                first_iso=f"{year}-{b:02d}-{a:02d}",
                first=DayOfMonth(a, b),
                second_iso=f"{year}-{a:02d}-{b:02d}",
                second=DayOfMonth(b, a),
            )
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
    import dateparser  # here, not at import: see read_when

    parsed = dateparser.parse(cleaned, languages=list(LANGUAGES), settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed is not None else None


async def read_day(text: str, today: date) -> date | None:
    """`parse_day` on a worker thread (see read_when)."""
    return await asyncio.to_thread(parse_day, text, today)


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


async def read_when(text: str, zone: tzinfo, now: datetime) -> datetime:
    """`parse_when` on a worker thread: dateparser takes 50-300 ms the first time it meets a language (and
    loads ~9 MB then, which a bot that never reads a date never carries), so no member's date holds the loop."""
    return await asyncio.to_thread(parse_when, text, zone, now)


def parse_when(text: str, zone: tzinfo, now: datetime) -> datetime:
    """A future moment from natural language in the room's zone; UTC out. Refuses what is unclear."""
    raw = " ".join(text.split())
    if not raw:
        raise UsageError(DATES.text("when_missing", example=WhenExample(now)))
    if len(raw) > MAX_WHEN_CHARS:  # dateparser's time grows with the text: a date is short
        raise UsageError(DATES.text("when_too_long", length=len(raw), example=WhenExample(now)))
    refuse_ambiguous_day_month(raw)
    cleaned = normalise_hours(raw)
    if not HAS_TIME.search(cleaned):
        raise UsageError(DATES.text("when_no_time", raw=quoted(raw), example=WhenExample(now)))
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
    import dateparser  # here, not at import: see read_when

    parsed = dateparser.parse(cleaned, languages=list(LANGUAGES), settings=settings)
    if parsed is None:
        raise UsageError(DATES.text("when_unreadable", raw=quoted(raw), example=WhenExample(now)))
    if parsed.tzinfo is not None:
        moment = parsed.astimezone(UTC)
    else:
        moment = localise(parsed, zone)
    if abs((moment - now).days) > 3 * 366:
        raise UsageError(DATES.text("when_too_far", raw=quoted(raw), when=Moment(moment, zone)))
    if moment <= now:
        raise UsageError(DATES.text("when_past", raw=quoted(raw), when=Moment(moment, zone)))
    return moment


def localise(naive: datetime, zone: tzinfo) -> datetime:
    """A wall-clock time in `zone` as UTC; a time that does not exist (spring forward) is refused, one that
    exists twice (fall back) is taken the first time."""
    aware = naive.replace(tzinfo=zone, fold=0)
    back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        other = f"{naive + timedelta(hours=1):%H:%M}"
        raise UsageError(DATES.text("no_such_time", time=f"{naive:%Y-%m-%d %H:%M}", zone=str(zone), other=other))
    return aware.astimezone(UTC)


def describe(moment: datetime, zone: tzinfo, lang: str = "en") -> str:
    """`Thu 3 Dec 2026, 14:00 CET (Europe/Brussels)`, `jeu. 3 déc. 2026, …`: how the bot shows a time."""
    local = moment.astimezone(zone)
    day = f"{names.weekday(local.weekday(), lang)} {names.day_number(local.day, lang)}"
    return f"{day} {names.short_month(local.month, lang)} {local.year}, {local:%H:%M} {local.tzname()} ({zone})"
