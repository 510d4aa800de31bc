"""Pure time maths for events: reminder offsets and announcement schedules (dates and times themselves are
parsed and shown by handlers/shared/dates.py, as everywhere in the bot).

Everything takes `now` and the room's zone as arguments (no clock, no loop), returns aware UTC, and raises
UsageError with an example when the input cannot be read unambiguously.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from apscheduler.triggers.cron import CronTrigger

from bot.errors import UsageError
from bot.messages import quoted
from handlers.events.phrases import EVENTS

OFFSET = re.compile(r"^(\d{1,5})\s*(w|d|h|m|s)$")
UNITS = {
    "w": timedelta(weeks=1),
    "d": timedelta(days=1),
    "h": timedelta(hours=1),
    "m": timedelta(minutes=1),
    "s": timedelta(seconds=1),
}


def parse_offsets(text: str) -> list[timedelta]:
    """`2d,3h,15m` (also `1w`) -> reminder offsets before the event, largest first."""
    offsets = []
    for part in [p.strip().lower() for p in text.replace(" ", ",").split(",") if p.strip()]:
        match = OFFSET.match(part)
        if match is None or int(match.group(1)) == 0:
            raise UsageError(EVENTS.text("offset_bad", part=quoted(part)))
        offsets.append(int(match.group(1)) * UNITS[match.group(2)])
    if not offsets:
        raise UsageError(EVENTS.text("offset_none"))
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
            raise UsageError(EVENTS.text("cron_bad", text=quoted(text), error=str(exc))) from None
        return Schedule(words)
    if not words or (" " not in words and not TIME_RE.match(words)):
        raise UsageError(EVENTS.text("schedule_bad", text=quoted(text)))
    head, _, clock = words.rpartition(" ")
    time_match = TIME_RE.match(clock)
    if time_match is None:
        raise UsageError(EVENTS.text("schedule_no_time", text=quoted(text)))
    hour, minute = int(time_match.group(1)), int(time_match.group(2) or 0)
    if time_match.group(3):
        hour = hour % 12 + (12 if time_match.group(3).lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UsageError(EVENTS.text("not_a_time", clock=quoted(clock)))
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
        raise UsageError(EVENTS.text("schedule_unknown", head=quoted(head), text=quoted(text)))
    return Schedule(f"{minute} {hour} {day} * {dow}")
