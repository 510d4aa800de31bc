"""What events look like: announcements, reminders, lists, and calendar files (RFC 5545, with time zones)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from html import escape

from handlers.events.models import Event
from handlers.events.phrases import EVENTS
from handlers.shared.dates import describe
from handlers.shared.durations import in_words
from handlers.shared.i18n import Phrasebook
from handlers.shared.sheets import to_csv as sheet

RSVP_KEYS = {"✅": "going", "❔": "maybe", "❓": "maybe", "❌": "no"}
DEFAULT_LENGTH = timedelta(hours=1)


def event_lines(event: Event, zone: tzinfo, lang: str = "en") -> tuple[list[str], list[str]]:
    """Title, time, place, description as plain and HTML lines (user text escaped)."""
    when = describe(event.starts_at, zone, lang)
    plain = [f"📅 {event.title}", f"🕑 {when}"]
    html = [f"📅 <b>{escape(event.title)}</b>", f"🕑 {escape(when)}"]
    if event.place:
        plain.append(f"📍 {event.place}")
        html.append(f"📍 {escape(event.place)}")
    if event.description:
        plain.append(event.description)
        html.append(escape(event.description))
    return plain, html


def announcement(event: Event, zone: tzinfo, lang: str = "en") -> tuple[str, str]:
    plain, html = event_lines(event, zone, lang)
    tail = EVENTS.say("announcement_tail", lang, id=str(event.id), command=f"!event remindme {event.id}")
    return "\n".join([*plain, tail]), "<br>".join([*html, escape(tail)])


REMINDER = Phrasebook(
    {
        "head": {
            "en": "Reminder: starts {when}", "fr": "Rappel : commence {when}", "de": "Erinnerung: beginnt {when}",
            "es": "Recordatorio: empieza {when}", "it": "Promemoria: inizia {when}",
            "pl": "Przypomnienie: zaczyna się {when}", "pt": "Lembrete: começa {when}",
        },
        "late": {
            "en": " (this reminder is late: the bot was offline)",
            "fr": " (ce rappel est en retard : le bot était hors ligne)",
            "de": " (diese Erinnerung kommt spät: der Bot war offline)",
            "es": " (este recordatorio llega tarde: el bot estaba desconectado)",
            "it": " (questo promemoria è in ritardo: il bot era offline)",
            "pl": " (to przypomnienie jest spóźnione: bot był offline)",
            "pt": " (este lembrete está atrasado: o bot estava offline)",
        },
    }
)  # fmt: skip


def reminder(event: Event, zone: tzinfo, offset: timedelta, *, late: bool, lang: str = "en") -> tuple[str, str]:
    """The reminder in the room's language, the time left in words ("in 2 hours", "dans 2 heures")."""
    plain, html = event_lines(event, zone, lang)
    head = REMINDER.say("head", lang, when=in_words(offset, lang)) + (REMINDER.say("late", lang) if late else "")
    return "\n".join([head, *plain]), "<br>".join([f"<i>{escape(head)}</i>", *html])


def listing(events: list[Event], zone: tzinfo, counts: dict[int, dict[str, int]], lang: str) -> tuple[str, str]:
    lines, items = [], []
    for event in events:
        status = EVENTS.say("listed_cancelled", lang) if event.cancelled_at else ""
        rsvp = counts.get(event.id, {})
        going = f" · ✅ {rsvp.get('going', 0)}" if rsvp else ""
        when = describe(event.starts_at, zone, lang)
        lines.append(f"#{event.id} {when} — {event.title}{status}{going}")
        items.append(f"<li><b>#{event.id}</b> {escape(when)} — {escape(event.title)}{status}{going}</li>")
    return "\n".join(lines), f"<ul>{''.join(items)}</ul>"


def to_ics(events: Iterable[Event], zone: tzinfo, *, now: datetime | None = None) -> bytes:
    """A calendar with the events in the room's zone and the VTIMEZONE definitions they need."""
    from icalendar import Calendar  # on first export: 5 MB the bot holds only once someone asks
    from icalendar import Event as IcsEvent

    calendar = Calendar()
    calendar.add("prodid", "-//ncc-bot//events//EN")
    calendar.add("version", "2.0")
    stamp = now or datetime.now(UTC)
    events = list(events)
    for event in events:
        item = IcsEvent()
        item.add("uid", f"ncc-bot-event-{event.id}@{event.room_id.split(':', 1)[-1]}")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at.astimezone(zone))
        item.add("dtend", (event.starts_at + DEFAULT_LENGTH).astimezone(zone))
        item.add("summary", event.title)
        if event.place:
            item.add("location", event.place)
        if event.description:
            item.add("description", event.description)
        item.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
        calendar.add_component(item)
    # The VTIMEZONE must cover every event, not icalendar's default 1970-2038: a year either side of them all.
    moments = [e.starts_at for e in events] or [stamp]
    first, last = min(moments) - timedelta(days=366), max(moments) + DEFAULT_LENGTH + timedelta(days=366)
    calendar.add_missing_timezones(first_date=first.date(), last_date=last.date())
    return calendar.to_ical()


def to_csv(events: Iterable[Event]) -> bytes:
    header = ["id", "starts_at", "title", "place", "description", "room_id", "status"]
    return sheet(
        header,
        (
            [
                event.id,
                event.starts_at.isoformat(),
                event.title,
                event.place or "",
                event.description or "",
                event.room_id,
                "cancelled" if event.cancelled_at else "scheduled",
            ]
            for event in events
        ),
    )
