"""Events' time maths with fixed clocks: dates in many languages, rejections, offsets, DST both ways, ICS."""

import contextlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from bot.errors import UsageError
from handlers.events.models import Event
from handlers.events.render import to_ics
from handlers.events.when import parse_offsets, parse_schedule
from handlers.shared.dates import describe, localise, parse_when

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)  # Wednesday 12:00 in Brussels


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("2026-12-03 14:00", "2026-12-03 14:00"),
        ("3 Dec 14:00", "2026-12-03 14:00"),
        ("next Tuesday 10am", "2026-12-01 10:00"),
        ("tomorrow 9:30", "2026-11-26 09:30"),
        ("in 2 hours", "2026-11-25 14:00"),
        ("3 déc. 14h", "2026-12-03 14:00"),
        ("3 Dec 2026 14h30", "2026-12-03 14:30"),
        ("Dienstag 10 Uhr", "2026-12-01 10:00"),
        ("2026-12-03T14:00+01:00", "2026-12-03 14:00"),
        ("2026-12-03T13:00Z", "2026-12-03 14:00"),
        ("3 dic 14:00", "2026-12-03 14:00"),
        ("3 grudnia 14:00", "2026-12-03 14:00"),
        ("3 de dezembro 14h", "2026-12-03 14:00"),
        ("mercoledì alle 15:00", "2026-12-02 15:00"),
        ("dans 2 heures", "2026-11-25 14:00"),
        ("13/03/2027 14:00", "2027-03-13 14:00"),
    ],
)
def test_dates_in_many_forms(text: str, local: str) -> None:
    moment = parse_when(text, BRUSSELS, NOW)
    assert moment.tzinfo == UTC
    assert moment.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M") == local


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesterday 10:00", "in the past"),
        ("3 Dec", "no time of day"),
        ("soon", "no time of day"),
        ("12/03/2027 14:00", "could be day/month or month/day"),
        ("2027-03-28 02:30", "does not exist in Europe/Brussels"),
        ("", "When?"),
        ("3 Dec 2040 10:00", "too far off"),
    ],
)
def test_unclear_or_past_dates_are_refused_with_an_example(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_when(text, BRUSSELS, NOW)


@given(st.text(max_size=60))
def test_parse_when_only_fails_with_usage_errors(text: str) -> None:
    with contextlib.suppress(UsageError):
        assert parse_when(text, BRUSSELS, NOW) > NOW


def test_fall_back_takes_the_first_occurrence() -> None:
    first = localise(datetime(2026, 10, 25, 2, 30), BRUSSELS)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, not CET


def test_offsets() -> None:
    assert parse_offsets("2d,3h,15m") == [timedelta(days=2), timedelta(hours=3), timedelta(minutes=15)]
    assert parse_offsets("15m 1w") == [timedelta(weeks=1), timedelta(minutes=15)]
    for bad in ("2x", "0h", "", "h3"):
        with pytest.raises(UsageError):
            parse_offsets(bad)


def test_weekly_announcement_keeps_local_time_across_both_dst_changes() -> None:
    schedule = parse_schedule("monday 09:00")
    moment, seen = datetime(2026, 3, 1, tzinfo=UTC), []
    for _ in range(40):  # March 2026 to November 2026: both changes
        moment = schedule.next_after(moment, BRUSSELS)
        seen.append(moment)
    assert {m.astimezone(BRUSSELS).strftime("%a %H:%M") for m in seen} == {"Mon 09:00"}
    assert {m.hour for m in seen} == {7, 8}  # UTC moves, local time does not


@pytest.mark.parametrize(
    ("text", "cron"),
    [
        ("monday 09:00", "0 9 * * mon"),
        ("every weekday 8:30", "30 8 * * mon-fri"),
        ("first day of month 10:00", "0 10 1 * *"),
        ("daily 9am", "0 9 * * *"),
        ("0 9 * * mon", "0 9 * * mon"),
        ("every friday at 4pm", "0 16 * * fri"),
    ],
)
def test_schedules_in_words_and_cron(text: str, cron: str) -> None:
    assert parse_schedule(text).cron == cron


@pytest.mark.parametrize("bad", ["tuesday", "61 9 * * *", "sometimes 9:00", "monday 25:00", ""])
def test_bad_schedules(bad: str) -> None:
    with pytest.raises(UsageError):
        parse_schedule(bad)


def test_ics_has_the_zone_and_parses_back() -> None:
    event = Event(
        id=7,
        room_id="!r:ncc.eu",
        title="Mutual-learning workshop",
        place="Vilnius",
        description="Bring your materials",
        starts_at=datetime(2026, 12, 3, 13, 0, tzinfo=UTC),
    )
    calendar = Calendar.from_ical(to_ics([event], BRUSSELS))
    vevent = next(c for c in calendar.walk("VEVENT"))
    assert str(vevent["SUMMARY"]) == "Mutual-learning workshop" and str(vevent["LOCATION"]) == "Vilnius"
    start = vevent.decoded("DTSTART")
    assert start.astimezone(UTC) == event.starts_at and str(start.tzinfo) in ("Europe/Brussels", "CET")
    assert any(c.name == "VTIMEZONE" for c in calendar.walk())


def test_describe_shows_weekday_and_zone() -> None:
    assert describe(datetime(2026, 12, 3, 13, 0, tzinfo=UTC), BRUSSELS) == "Thu 3 Dec 2026, 14:00 CET (Europe/Brussels)"


def test_ics_time_zones_cover_every_event_not_only_1970_to_2038() -> None:
    from zoneinfo import ZoneInfo

    from handlers.events.models import Event as EventRow
    from handlers.events.render import to_ics

    zone = ZoneInfo("Europe/Brussels")
    far = EventRow(id=1, room_id="!r:example.org", title="Far", starts_at=datetime(2041, 7, 1, 8, tzinfo=UTC))
    text = to_ics([far], zone, now=datetime(2026, 12, 1, tzinfo=UTC)).decode()
    assert "DTSTART;TZID=Europe/Brussels:20410701T100000" in text
    assert "DTSTART:2041" in text  # a DST transition in the event's own year is in the VTIMEZONE


def test_hints_show_the_readings_of_the_date_given_and_examples_ahead_of_today() -> None:
    with pytest.raises(UsageError) as info:
        parse_when("12/03/2027 10:00", BRUSSELS, NOW)
    assert "2027-03-12" in str(info.value) and "2027-12-03" in str(info.value)
    assert "(12 Mar)" in str(info.value) and "(3 Dec)" in str(info.value)
    later = NOW + timedelta(days=800)
    with pytest.raises(UsageError) as info:
        parse_when("soon", BRUSSELS, later)
    assert f"{later.year}-" in str(info.value) or f"{later.year + 1}-" in str(info.value)
    assert "2026-" not in str(info.value)
