"""Events: coordinators add, edit and cancel them; everyone lists them, answers RSVPs, gets calendar files."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from bot.commands import parse_id, split_fields
from bot.context import CommandContext, EventContext
from bot.errors import UsageError
from bot.messages import code, notice, quoted
from bot.permissions import Authority
from handlers.events.feature import feature
from handlers.events.lookup import managed, readable, rsvp_counts
from handlers.events.models import Event, Reminder, Rsvp
from handlers.events.notices import tell_moved
from handlers.events.phrases import EVENTS
from handlers.events.reminders import replace_reminders, schedule_reminders, unschedule_reminders
from handlers.events.render import announcement, listing, to_ics
from handlers.events.replies import say as reply
from handlers.events.when import format_offset, parse_offsets
from handlers.shared.dates import describe, read_when


def event_id_of(word: str) -> int:
    return parse_id(word, EVENTS.text("ids_listed", command="`!events all`"))


@feature.command(
    "event add",
    usage="<when> | <title> [| <place or link>] [| <description>]",
    requires=Authority.ROOM_MODERATOR,
    help="Add an event in this room (or, network coordinators, in each room of a group, an NCC or the network); "
    "reminders follow (default 7d, 1d, 1h before).",
    examples=(
        "!event add 3 Dec 14:00 | Mutual-learning workshop | https://meet.example.org/ncc",
        "!event add next Tuesday 10am | Working Group call",
        "!event add group A at 3 Dec 10:00 | Mutual-learning call",
    ),
)
async def add(ctx: CommandContext, args: str) -> None:
    targeted = feature.service_of(ctx.services).targeted_handler("event add", args)
    if targeted is not None:
        await targeted(ctx, args)
        return
    fields = split_fields(args, 4, required=2)
    starts_at = await read_when(fields[0], ctx.timezone, ctx.now())
    title = " ".join(fields[1].split())
    if len(title) > 200:
        raise UsageError(EVENTS.text("title_too_long"))
    place, description = [(fields[i] if len(fields) > i else "") or None for i in (2, 3)]
    event = await feature.service_of(ctx.services).add_event(
        ctx.room_id, starts_at, title, place=place, description=description, user_id=ctx.sender,
        source_key=ctx.event_id,
    )  # fmt: skip
    lang = ctx.language
    text = EVENTS.say(
        "added",
        lang,
        id=str(event.id),
        title=quoted(title),
        when=describe(starts_at, ctx.timezone, lang),
        reminders=await reminder_summary(ctx, event.id),
        command=code(f"{ctx.prefix}event remind {event.id} 2d,3h,15m"),
    )
    allowed = feature.config_of(ctx.settings).room_mention_allowed(ctx.settings.config_room_id(ctx.room_id))
    if allowed and not ctx.services.rooms.can_notify_room(ctx.room_id, ctx.services.user_id):
        text += "\n" + EVENTS.say("no_room_power", lang)
    await ctx.reply(text, markdown=True)


async def reminder_summary(ctx: EventContext, event_id: int) -> str:
    async with ctx.db.session() as session:
        offsets = list(
            await session.scalars(
                select(Reminder.offset_seconds)
                .where(Reminder.event_row_id == event_id, Reminder.sent_at.is_(None))
                .order_by(Reminder.offset_seconds.desc())
            )
        )
    shown = ", ".join(format_offset(timedelta(seconds=m)) for m in offsets)
    return reply("pending", ctx.language, offsets=shown) if offsets else reply("none_pending", ctx.language)


@feature.command(
    "event remind",
    usage="<id> <offsets>",
    requires=Authority.ROOM_MODERATOR,
    help="Set an event's reminders, e.g. 2d,3h,15m before it starts.",
    examples=("!event remind 3 2d,3h,15m",),
)
async def remind(ctx: CommandContext, args: str) -> None:
    word, _, rest = args.strip().partition(" ")
    event_id, offsets = event_id_of(word), parse_offsets(rest)
    await unschedule_reminders(ctx.services, event_id)
    async with ctx.db.begin() as session:
        event = await managed(ctx, session, event_id)
        await replace_reminders(session, event, offsets, ctx.now())
    await schedule_reminders(ctx.services, event_id)
    await ctx.reply(
        EVENTS.say("reminders_set", ctx.language, id=str(event_id), reminders=await reminder_summary(ctx, event_id))
    )


@feature.command(
    "event edit",
    usage="<id> when|title|place <value>",
    requires=Authority.ROOM_MODERATOR,
    help="Change an event's time, title or place (reminders follow a new time).",
    examples=("!event edit 3 when 4 Dec 15:00", "!event edit 3 place Room B"),
)
async def edit(ctx: CommandContext, args: str) -> None:
    parts = args.split(maxsplit=2)
    if len(parts) < 3 or parts[1].lower() not in ("when", "title", "place"):
        raise UsageError(EVENTS.text("edit_what"))
    event_id, what, value = event_id_of(parts[0]), parts[1].lower(), parts[2].strip()
    starts_at = await read_when(value, ctx.timezone, ctx.now()) if what == "when" else None
    async with ctx.db.begin() as session:
        event = await managed(ctx, session, event_id)
        offsets = [
            timedelta(seconds=m)
            for m in await session.scalars(select(Reminder.offset_seconds).where(Reminder.event_row_id == event.id))
        ]
        room_id, title, was = event.room_id, event.title, event.starts_at
        if starts_at is not None:
            event.starts_at = starts_at
            await session.execute(delete(Reminder).where(Reminder.event_row_id == event.id))
            await session.flush()
            await replace_reminders(
                session,
                event,
                offsets or parse_offsets(",".join(feature.config_of(ctx.settings).default_reminders)),
                ctx.now(),
            )
        elif what == "title":
            event.title = " ".join(value.split())
        else:
            event.place = value
    if starts_at is not None:
        await unschedule_reminders(ctx.services, event_id)
        await schedule_reminders(ctx.services, event_id)
        await tell_moved(ctx, event_id, room_id, title, was, starts_at)
    shown = describe(starts_at, ctx.timezone, ctx.language) if starts_at else quoted(value)
    await ctx.reply(EVENTS.say(f"edited_{what}", ctx.language, id=str(event_id), value=shown))


@feature.command(
    "event cancel",
    usage="<id>",
    requires=Authority.ROOM_MODERATOR,
    help="Cancel an event: a notice is posted and its reminders removed.",
)
async def cancel(ctx: CommandContext, args: str) -> None:
    event_id = event_id_of(args)
    await unschedule_reminders(ctx.services, event_id)
    async with ctx.db.begin() as session:
        event = await managed(ctx, session, event_id)
        if event.cancelled_at is None:
            event.cancelled_at = ctx.now()
        await session.execute(delete(Reminder).where(Reminder.event_row_id == event.id, Reminder.sent_at.is_(None)))
        room_id, title, starts_at = event.room_id, event.title, event.starts_at
    room_lang = ctx.settings.room_language(room_id)
    when = describe(starts_at, ctx.settings.room_timezone(room_id), room_lang)
    await ctx.send(room_id, notice(EVENTS.say("cancelled_notice", room_lang, title=title, when=when)))
    await ctx.reply(EVENTS.say("cancelled", ctx.language, id=str(event_id)))


@feature.command(
    "events", read_only=True, usage="[all]", help="Upcoming events in this room (all: past and cancelled too)."
)
async def list_events(ctx: CommandContext, args: str) -> None:
    everything = args.strip().lower() == "all"
    async with ctx.db.session() as session:
        query = select(Event).where(Event.room_id == ctx.room_id)
        if not everything:
            query = query.where(Event.starts_at >= ctx.now(), Event.cancelled_at.is_(None))
        events = list(await session.scalars(query.order_by(Event.starts_at)))
        counts = await rsvp_counts(session, [e.id for e in events])
    if not events:
        await ctx.reply(reply("no_events" if everything else "no_upcoming", ctx.language))
        return
    text, html = listing(events, ctx.timezone, counts, ctx.language)
    await ctx.reply(reply("events", ctx.language) + "\n" + text, f"<p>{reply('events', ctx.language)}</p>" + html)


@feature.command("event show", read_only=True, usage="<id>", help="An event's details, RSVPs and pending reminders.")
async def show(ctx: CommandContext, args: str) -> None:
    event_id = event_id_of(args)
    async with ctx.db.session() as session:
        event = await readable(ctx, session, event_id)
        counts = (await rsvp_counts(session, [event.id])).get(event.id, {})
    text, html = announcement(event, ctx.timezone, ctx.language)
    rsvp = reply("rsvp", ctx.language, **{k: str(counts.get(k, 0)) for k in ("going", "maybe", "no")})
    lang, which = ctx.language, await reminder_summary(ctx, event.id)
    state = reply("cancelled", lang) if event.cancelled_at else reply("reminders", lang, which=which)
    await ctx.reply(f"{text}\n{rsvp}\n{state}", f"{html}<br>{rsvp}<br>{state}")


@feature.command("event remindme", usage="<id>", help="Also get this event's reminders by direct message.")
async def remindme(ctx: CommandContext, args: str) -> None:
    event_id = event_id_of(args)
    async with ctx.db.begin() as session:
        await readable(ctx, session, event_id)
        row = await session.scalar(select(Rsvp).where(Rsvp.event_row_id == event_id, Rsvp.user_id == ctx.sender))
        if row is None:
            session.add(Rsvp(event_row_id=event_id, user_id=ctx.sender, answer="going", remind_by_dm=True))
        else:
            row.remind_by_dm, row.answer = True, "going" if row.answer == "no" else row.answer
    await ctx.reply(reply("remindme", ctx.language, id=str(event_id)))


@feature.command("event ics", usage="<id>", help="Upload the event as a calendar file (.ics).")
async def event_ics(ctx: CommandContext, args: str) -> None:
    event_id = event_id_of(args)
    async with ctx.db.session() as session:
        event = await readable(ctx, session, event_id)
    await ctx.send_file(to_ics([event], ctx.timezone, now=ctx.now()), f"ncc-event-{event_id}.ics", "text/calendar")


@feature.command("events ics", help="Upload this room's upcoming events as one calendar file (.ics).")
async def events_ics(ctx: CommandContext, args: str) -> None:
    query = select(Event).where(Event.room_id == ctx.room_id, Event.starts_at >= ctx.now())
    async with ctx.db.session() as session:
        events = list(await session.scalars(query.order_by(Event.starts_at)))
    if not events:
        await ctx.reply(reply("no_upcoming", ctx.language))
        return
    await ctx.send_file(to_ics(events, ctx.timezone, now=ctx.now()), "ncc-events.ics", "text/calendar")
