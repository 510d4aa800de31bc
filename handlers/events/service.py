"""The events feature's typed service: what other features (the network layer) use to schedule announcements
for several rooms at once. One row for all its rooms, one job; each room gets each occurrence exactly once (the
send of a room is keyed by the occurrence and the room, so a restart mid-fan-out sends only what is missing)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import select

from bot.context import CommandContext, Services
from bot.messages import notice
from handlers.events.feature import feature
from handlers.events.jobs import send_announcement
from handlers.events.models import Announcement, Event, Rsvp
from handlers.events.reminders import replace_reminders, schedule_reminders
from handlers.events.render import announcement
from handlers.events.when import parse_offsets, parse_schedule
from handlers.shared.dates import read_when


@dataclass(frozen=True)
class Scheduled:
    id: int
    first: datetime
    schedule: str | None


TargetedCommand = Callable[[CommandContext, str], Awaitable[None]]


class EventsService:
    def __init__(self, services: Services) -> None:
        self.services = services
        # `!event add group A at ...`, `!announce ncc NCC Malta at ...`: another feature (the network) that knows
        # targets beyond this room takes such a command, by its first word; this feature knows no targets
        self.targeted: dict[str, dict[str, TargetedCommand]] = {"event add": {}, "announce": {}}

    def accept_targets(self, command: str, first_words: tuple[str, ...], handler: TargetedCommand) -> None:
        for word in first_words:
            self.targeted[command][word] = handler

    def targeted_handler(self, command: str, args: str) -> TargetedCommand | None:
        first = args.split(maxsplit=1)[0].lower() if args.strip() else ""
        return self.targeted[command].get(first)

    async def announce(
        self, rooms: list[str], text: str, *, mode: str, when: str, zone: tzinfo, user_id: str, source_event_id: str
    ) -> Scheduled:
        """`mode` "at" (once, `when` a moment) or "every" (`when` a schedule); idempotent on `source_event_id`:
        the same request handled twice (a replay after a crash) is the same announcement."""
        now = self.services.now()
        if mode == "at":
            schedule, first = None, await read_when(when, zone, now)
        else:
            parsed = parse_schedule(when)
            schedule, first = parsed.cron, parsed.next_after(now, zone)
        async with self.services.db.begin() as session:
            row = await session.scalar(select(Announcement).where(Announcement.source_event_id == source_event_id))
            if row is None:
                row = Announcement(
                    rooms=list(dict.fromkeys(rooms)),
                    text=text,
                    schedule=schedule,
                    zone=str(zone),
                    next_run_at=first,
                    user_id=user_id,
                    source_event_id=source_event_id,
                )
                session.add(row)
                await session.flush()
            scheduled = Scheduled(row.id, row.next_run_at or first, row.schedule)
        await self.services.scheduler.at(send_announcement, scheduled.id, scheduled.first)
        return scheduled

    async def upcoming(self, rooms: list[str], limit: int = 50) -> list[Event]:
        """The next events of these rooms, soonest first (not cancelled)."""
        async with self.services.db.session() as session:
            query = select(Event).where(
                Event.room_id.in_(rooms), Event.starts_at >= self.services.now(), Event.cancelled_at.is_(None)
            )
            return list(await session.scalars(query.order_by(Event.starts_at).limit(limit)))

    async def event(self, event_id: int) -> Event | None:
        """By id, unscoped: the caller checks that the asker may see or manage its room."""
        async with self.services.db.session() as session:
            return await session.get(Event, event_id)

    async def rsvps(self, event_id: int) -> dict[str, str]:
        """user id -> going | maybe | no."""
        async with self.services.db.session() as session:
            rows = await session.execute(select(Rsvp.user_id, Rsvp.answer).where(Rsvp.event_row_id == event_id))
            return {user_id: answer for user_id, answer in rows}

    async def announcements(self, rooms: list[str]) -> list[Announcement]:
        """Those still to come (not cancelled) that post in any of these rooms, next first."""
        wanted = set(rooms)
        async with self.services.db.session() as session:
            pending = Announcement.cancelled_at.is_(None), Announcement.next_run_at.is_not(None)
            rows = await session.scalars(select(Announcement).where(*pending).order_by(Announcement.next_run_at))
            return [row for row in rows if wanted & set(row.rooms)]

    async def started_between(self, start: datetime, end: datetime) -> list[Event]:
        """Events (not cancelled) that started in [start, end), oldest first."""
        async with self.services.db.session() as session:
            query = select(Event).where(Event.starts_at >= start, Event.starts_at < end, Event.cancelled_at.is_(None))
            return list(await session.scalars(query.order_by(Event.starts_at, Event.id)))

    async def add_event(
        self, room_id: str, starts_at: datetime, title: str, *, place: str | None, description: str | None,
        user_id: str, source_key: str,
    ) -> Event:  # fmt: skip
        """An event in `room_id` with the default reminders, announced there in the room's zone and language.
        Idempotent on `source_key` (the asking message's id, and the room when one message makes several)."""
        offsets = parse_offsets(",".join(feature.config_of(self.services.settings).default_reminders))
        now = self.services.now()
        async with self.services.db.begin() as session:
            event = await session.scalar(select(Event).where(Event.source_event_id == source_key))
            if event is None:
                event = Event(
                    room_id=room_id, title=title, place=place, description=description, starts_at=starts_at,
                    user_id=user_id, source_event_id=source_key,
                )  # fmt: skip
                session.add(event)
                await session.flush()
                await replace_reminders(session, event, offsets, now)
        await schedule_reminders(self.services, event.id)
        settings = self.services.settings
        text, html = announcement(event, settings.room_timezone(room_id), settings.room_language(room_id))
        posted = await self.services.matrix.send(room_id, notice(text, html), tx_key=f"{source_key}#announced")
        async with self.services.db.begin() as session:
            row = await session.get(Event, event.id)
            if row is not None:
                row.announcement_event_id = posted
        return event


@feature.service
async def build(services: Services) -> EventsService:
    return EventsService(services)
