"""Pure time parsing and maths for events: natural-language dates, reminder offsets, schedules, DST.

Everything takes `now` and the room's zone as arguments (no clock, no loop), returns aware UTC, and raises
UsageError with an example when the input cannot be read unambiguously.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

import dateparser
from apscheduler.triggers.cron import CronTrigger

from bot.errors import UsageError
from bot.messages import quoted
from handlers.shared.dates import refuse_ambiguous_day_month
from handlers.shared.i18n import LANGUAGES


def example(now: datetime) -> str:
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
OFFSET = re.compile(r"^(\d{1,5})\s*(w|d|h|m|s)$")
UNITS = {
    "w": timedelta(weeks=1),
    "d": timedelta(days=1),
    "h": timedelta(hours=1),
    "m": timedelta(minutes=1),
    "s": timedelta(seconds=1),
}


def normalise_hours(text: str) -> str:
    text = HOUR_PREFIX.sub(lambda m: f"{int(m.group(1)):02d}:{m.group(2) or '00'}", text)
    text = HOUR_H_MIN.sub(lambda m: f"{int(m.group(1)):02d}:{m.group(2)}", text)
    return HOUR_WORD.sub(lambda m: f"{int(m.group(1)):02d}:{m.group(2) or '00'}", text)


MAX_WHEN_CHARS = 80


def parse_when(text: str, zone: tzinfo, now: datetime) -> datetime:
    """A future moment from natural language in the room's zone; UTC out. Refuses what is unclear."""
    raw = " ".join(text.split())
    if not raw:
        raise UsageError(f"When? Give a date and a time, {example(now)}.")
    if len(raw) > MAX_WHEN_CHARS:  # dateparser's time grows with the text: a date is short
        raise UsageError(f"That is too long for a date ({len(raw)} characters); {example(now)}.")
    refuse_ambiguous_day_month(raw)
    cleaned = normalise_hours(raw)
    if not HAS_TIME.search(cleaned):
        raise UsageError(f"{quoted(raw)} has no time of day; add one, {example(now)}.")
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
        raise UsageError(f"I can't read {quoted(raw)} as a date and time; try {example(now)}.")
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


def parse_offsets(text: str) -> list[timedelta]:
    """`2d,3h,15m` (also `1w`) -> reminder offsets before the event, largest first."""
    offsets = []
    for part in [p.strip().lower() for p in text.replace(" ", ",").split(",") if p.strip()]:
        match = OFFSET.match(part)
        if match is None or int(match.group(1)) == 0:
            raise UsageError(f"{quoted(part)} is not an offset; write numbers with w, d, h, m or s, e.g. `2d,3h,15m`.")
        offsets.append(int(match.group(1)) * UNITS[match.group(2)])
    if not offsets:
        raise UsageError("Give at least one offset, e.g. `2d,3h,15m`.")
    return sorted(set(offsets), reverse=True)


def format_offset(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


# ------------------------------------------------------------------------------------------------ schedules
DAYS = {
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
    "mon": "mon",
    "tue": "tue",
    "wed": "wed",
    "thu": "thu",
    "fri": "fri",
    "sat": "sat",
    "sun": "sun",
}
TIME_RE = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Schedule:
    """A recurring schedule as cron fields, evaluated in a zone (so 09:00 stays 09:00 across DST)."""

    cron: str  # minute hour day month day_of_week

    def trigger(self, zone: tzinfo) -> CronTrigger:
        return CronTrigger.from_crontab(self.cron, timezone=zone)

    def next_after(self, after: datetime, zone: tzinfo) -> datetime:
        """The first occurrence strictly after `after` (APScheduler's own lookup includes `after` itself)."""
        fire = self.trigger(zone).get_next_fire_time(None, (after + timedelta(microseconds=1)).astimezone(zone))
        assert fire is not None
        return fire.astimezone(UTC)


def parse_schedule(text: str) -> Schedule:
    """Cron (`0 9 * * mon`) or plain words: `monday 09:00`, `every weekday 8:30`, `first day of month 10:00`,
    `daily 9:00`."""
    words = " ".join(text.lower().replace(" at ", " ").split()).removeprefix("every ").strip()
    if len(words.split()) == 5 and not TIME_RE.search(words.split()[-1] or ""):
        try:
            CronTrigger.from_crontab(words, timezone=UTC)
        except ValueError as exc:
            raise UsageError(f"{quoted(text)} is not a valid cron expression ({exc}).") from None
        return Schedule(words)
    if not words or (" " not in words and not TIME_RE.match(words)):
        raise UsageError(
            f"{quoted(text)} is not a schedule; try `monday 09:00`, `every weekday 8:30`, "
            "`first day of month 10:00` or a cron expression like `0 9 * * mon`."
        )
    head, _, clock = words.rpartition(" ")
    time_match = TIME_RE.match(clock)
    if time_match is None:
        raise UsageError(f"{quoted(text)} needs a time at the end, e.g. `monday 09:00`.")
    hour, minute = int(time_match.group(1)), int(time_match.group(2) or 0)
    if time_match.group(3):
        hour = hour % 12 + (12 if time_match.group(3).lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UsageError(f"{quoted(clock)} is not a time of day.")
    head = head.removesuffix(" at").strip()
    if head in ("day", "daily", "every day", ""):
        day, dow = "*", "*"
    elif head in ("weekday", "weekdays", "working day"):
        day, dow = "*", "mon-fri"
    elif head in ("first day of month", "first day of the month", "1st of month", "month"):
        day, dow = "1", "*"
    elif head in DAYS or head.rstrip("s") in DAYS:
        day, dow = "*", DAYS[head if head in DAYS else head.rstrip("s")]
    else:
        raise UsageError(
            f"I don't understand {quoted(head)} in {quoted(text)}; try `monday`, `weekday`, `day` or "
            "`first day of month`, or a cron expression."
        )
    return Schedule(f"{minute} {hour} {day} * {dow}")
