"""Events and announcements through a real Synapse: reminders on time and once, edits, cancels, RSVPs, ICS,
config announcements, and a kill -9 while reminders are due."""

from __future__ import annotations

import asyncio
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from devtools.chat import ChatUser, Message
from handlers.events.models import Announcement, Rsvp
from tests.e2e.harness import World, eventually, refused

ROOT = Path(__file__).resolve().parents[2]


def reminders_for(world: World, user: ChatUser, title: str) -> list[Message]:
    """The bot's reminders about `title` in the test room (not the DM copies)."""
    return [
        m
        for m in user.messages
        if m.sender == world.bot_id
        and m.room_id == world.room_id
        and m.body.startswith("Reminder:")
        and title in m.body
    ]


async def test_event_reminders_arrive_once_and_rsvps_count(world: World) -> None:
    await world.start_bot("events:\n  default_reminders: [1h]\n")
    member, coordinator = await world.member(encrypted=True), await world.coordinator()
    added = await coordinator.ask(world.room_id, "!event add in 2 hours | Working Group call | https://meet.example")
    assert added.body.startswith("Event #1 added:") and "(Europe/Brussels)" in added.body
    announcement = await member.wait_for(lambda m: m.sender == world.bot_id and m.body.startswith("📅 Working"))
    await member.send(
        world.room_id,
        {"m.relates_to": {"rel_type": "m.annotation", "event_id": announcement.event_id, "key": "✅"}},
        event_type="m.reaction",
    )
    await coordinator.send(
        world.room_id,
        {"m.relates_to": {"rel_type": "m.annotation", "event_id": announcement.event_id, "key": "❔"}},
        event_type="m.reaction",
    )
    shown = await member.ask(world.room_id, "!event show 1")  # after both reactions: the room is handled in order
    assert "✅ 1 going · ❔ 1 maybe" in shown.body
    remindme = await member.ask(world.room_id, "!event remindme 1")
    assert "by direct message" in remindme.body
    world.advance(minutes=60)  # the reminder (1 h before a start 2 h away) is due now
    reminder = await member.wait_for(lambda m: m.sender == world.bot_id and m.body.startswith("Reminder:"), timeout=30)
    assert "Working Group call" in reminder.body and "late" not in reminder.body and "starts in" in reminder.body
    # An m.text that mentions who said they come (the member is told by DM instead): it notifies them.
    assert reminder.content["msgtype"] == "m.text"
    assert reminder.content["m.mentions"] == {"user_ids": [world.coordinator_account.user_id]}
    await eventually(
        lambda: any(
            n["event"]["event_id"] == reminder.event_id
            for n in world.synapse.notifications(world.coordinator_account.access_token)
        ),
        timeout=15,
    )
    dm = await member.accept_invite()  # the opted-in member gets it by DM too
    private = await member.wait_for(lambda m: m.room_id == dm and m.body.startswith("Reminder:"), timeout=30)
    assert "Working Group call" in private.body and private.encrypted
    await world.barrier(member)
    assert len(reminders_for(world, member, "Working Group call")) == 1


async def test_edit_reschedules_and_cancel_removes(world: World) -> None:
    bot = await world.start_bot("events:\n  default_reminders: [1h]\n")
    coordinator = await world.coordinator()
    await coordinator.ask(world.room_id, "!event add in 10 hours | Capacity group meeting")
    edited = await coordinator.ask(world.room_id, "!event edit 1 when in 3 hours")
    assert "now starts" in edited.body
    shown = await coordinator.ask(world.room_id, "!event show 1")
    assert "Reminders: 1h before" in shown.body
    world.advance(hours=2)
    reminder = await coordinator.wait_for(
        lambda m: m.sender == world.bot_id and m.body.startswith("Reminder:"), timeout=30
    )
    assert "Capacity group meeting" in reminder.body
    await coordinator.ask(world.room_id, "!event add in 3 hours | Deadline: interim report")
    cancelled = await coordinator.ask(world.room_id, "!event cancel 2")
    assert cancelled.body == "Event #2 cancelled."
    assert bot.services is not None
    assert not any(j.startswith("events.reminder:") for j in await bot.services.scheduler.job_ids())
    notice = [m for m in coordinator.messages if m.body.startswith("❌ Cancelled: Deadline: interim report")]
    assert notice
    listing = await coordinator.ask(world.room_id, "!events")
    assert "Deadline" not in listing.body


async def test_bad_input_and_permissions(world: World) -> None:
    await world.start_bot()
    member, coordinator = await world.member(), await world.coordinator()
    assert refused(await member.ask(world.room_id, "!event add tomorrow 10:00 | X"))
    past = await coordinator.ask(world.room_id, "!event add yesterday 10:00 | Too late")
    assert "in the past" in past.body and "Usage: !event add" in past.body
    unclear = await coordinator.ask(world.room_id, "!event add 12/03/2027 10:00 | Which day?")
    assert "could be day/month or month/day" in unclear.body
    offset = await coordinator.ask(world.room_id, "!event remind 1 2x")
    assert "There is no event #1" in offset.body or "2x is not an offset" in offset.body
    cron = await coordinator.ask(world.room_id, "!announce every 61 9 * * * | hi")
    assert "not a valid cron expression" in cron.body
    assert "There is no event #9" in (await member.ask(world.room_id, "!event show 9")).body


async def test_calendar_file_parses_back(world: World) -> None:
    await world.start_bot()
    coordinator = await world.coordinator()
    await coordinator.ask(world.room_id, "!event add 3 Dec 2027 14:00 | Onsite mutual-learning event | Vilnius")
    request = await coordinator.send_text(world.room_id, "!event ics 1")
    upload = await coordinator.wait_for(
        lambda m: m.reply_to == request and m.content.get("msgtype") == "m.file", timeout=30
    )
    calendar = Calendar.from_ical(await coordinator.download(upload))
    vevent = next(iter(calendar.walk("VEVENT")))
    assert str(vevent["SUMMARY"]) == "Onsite mutual-learning event" and str(vevent["LOCATION"]) == "Vilnius"
    assert vevent.decoded("DTSTART").astimezone(UTC) == datetime(2027, 12, 3, 13, 0, tzinfo=UTC)


async def test_announcements_from_chat_and_from_config_fire_once(world: World) -> None:
    config = (
        f"events:\n  announcements:\n    - id: call-for-needs\n      rooms: ['{world.room_id}']\n"
        "      schedule: '0 9 * * mon'\n      text: 'Weekly call: tell us what your NCC needs with **!need**'\n"
    )
    bot = await world.start_bot(config)
    coordinator = await world.coordinator()
    once = await coordinator.ask(world.room_id, "!announce at in 2 hours | Registration closes on Friday")
    assert once.body.startswith("Announcement #2: first at")
    listing = await coordinator.ask(world.room_id, "!announcements")
    assert "(config: call-for-needs)" in listing.body and "#2 next:" in listing.body
    world.advance(hours=2)
    await coordinator.wait_for(
        lambda m: m.sender == world.bot_id and m.body.startswith("Registration closes"), timeout=30
    )
    async with bot.services.db.session() as session:  # type: ignore[union-attr]
        weekly_at = await session.scalar(
            select(Announcement.next_run_at).where(Announcement.config_id == "call-for-needs")
        )
    assert (
        weekly_at is not None and weekly_at.astimezone(ZoneInfo("Europe/Brussels")).strftime("%a %H:%M") == "Mon 09:00"
    )
    world.advance(seconds=(weekly_at - world.clock.now()).total_seconds())  # to the next Monday, 09:00 Brussels
    weekly = await coordinator.wait_for(lambda m: m.sender == world.bot_id and m.body.startswith("Weekly"), timeout=30)
    assert "<strong>!need</strong>" in weekly.content.get("formatted_body", "")
    assert bot.services is not None
    # restarting with the same config changes nothing: no extra announcement row, no burst of copies
    await world.stop_bot()
    await world.start_bot(config)
    listing = await coordinator.ask(world.room_id, "!announcements")
    assert listing.body.count("#") == 1 and "call-for-needs" in listing.body  # the one-off is done
    await world.barrier(coordinator)
    calls = [m for m in coordinator.messages if m.sender == world.bot_id and m.body.startswith("Weekly")]
    assert len(calls) == 1


async def test_kill_minus_nine_while_reminders_are_due_delivers_each_once(world: World) -> None:
    config = "events:\n  default_reminders: [56s]\n  late_note_after_seconds: 2\n"
    process = world.start_process(config)
    try:
        coordinator = await world.coordinator()
        token = world.coordinator_account.access_token
        await eventually(lambda: world.synapse.membership(token, world.room_id, world.bot_id) == "join", timeout=60)
        await coordinator.ask(world.room_id, "!ping", timeout=60)
        for n in range(3):
            await coordinator.ask(world.room_id, f"!event add in 1 minute | Session {n}")
        due = datetime.now(UTC) + timedelta(seconds=4)
        process.send_signal(signal.SIGKILL)  # down while the reminders fall due (a real process, real time)
        process.wait()
        await asyncio.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds() + 3))
        process = world.start_process(config)
        for n in range(3):
            await coordinator.wait_for(
                lambda m, n=n: m.sender == world.bot_id and m.body.startswith("Reminder:") and f"Session {n}" in m.body,
                timeout=90,
            )
        late = [m for m in coordinator.messages if m.body.startswith("Reminder:")]
        assert all("this reminder is late" in m.body for m in late)
        await world.barrier(coordinator)
        for n in range(3):
            assert len(reminders_for(world, coordinator, f"Session {n}")) == 1
    finally:
        process.kill()
        process.wait()


async def test_rsvp_rows_are_stored(world: World) -> None:
    bot = await world.start_bot()
    coordinator, member = await world.coordinator(), await world.member()
    await coordinator.ask(world.room_id, "!event add 3 Dec 2027 14:00 | Webinar on the emblem rules")
    announcement = await member.wait_for(lambda m: m.sender == world.bot_id and m.body.startswith("📅 Webinar"))
    await member.send(
        world.room_id,
        {"m.relates_to": {"rel_type": "m.annotation", "event_id": announcement.event_id, "key": "❌"}},
        event_type="m.reaction",
    )
    assert bot.services is not None

    await world.barrier(member)  # the reaction came before the ping, so it is handled
    async with bot.services.db.session() as session:
        assert list(await session.scalars(select(Rsvp.answer))) == ["no"]
