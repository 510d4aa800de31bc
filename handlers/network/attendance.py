"""Who took part in an event, attributed to NCCs: taken from the RSVPs after the event, confirmed by attendees
with a reaction on the message the bot posts in the event's room, and corrected by a coordinator
(`!event attended` / `!event absent`), whose word the other two never override. For moderators of the
event's room and network coordinators; any other event id is "not found"."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands import parse_id
from bot.context import CommandContext, EventContext, Services
from bot.errors import NotFound, UsageError
from bot.feature import Order
from bot.messages import notice, reaction_of
from bot.permissions import Authority
from handlers.events import feature as events_feature
from handlers.events.models import Event
from handlers.network.feature import feature
from handlers.network.models import Attendance, FollowUp, Round
from handlers.network.phrases import ROUNDS, in_quotes
from handlers.network.service import ncc_names
from handlers.shared.dates import describe

PRESENT_REACTIONS = {"✅", "✔️", "☑️", "👍", "🙋", "🙋‍♀️", "🙋‍♂️"}
MENTION = re.compile(r"@[^\s:]+:[^\s,;]+")


async def managed_event(ctx: CommandContext, text: str) -> Event:
    """The event `text` names, if the asker moderates its room (network coordinators: any); else not found."""
    event_id = parse_id(text.strip(), ROUNDS.text("ids_listed", command="`!events all`"))
    event = await events_feature.service_of(ctx.services).event(event_id)
    if event is None or not ctx.can_moderate(event.room_id):
        raise NotFound(ROUNDS.text("no_event", id=str(event_id), command="`!events all`"))
    if event.starts_at > ctx.now():
        shown = describe(event.starts_at, ctx.timezone, ctx.language)
        raise UsageError(ROUNDS.text("not_started", id=str(event.id), when=shown))
    return event


async def ncc_for(services: Services, user_id: str, room_id: str) -> int | None:
    """A person's NCC for the record: the one they were confirmed in, else the one of the room they were in."""
    network = feature.service_of(services)
    ncc = await network.ncc_of_person(user_id) or await network.ncc_of_room(room_id)
    return ncc.id if ncc else None


async def take_from_rsvps(services: Services, event: Event) -> int:
    """Everyone who answered "going" counts as present unless already recorded; marks the attendance taken.
    Returns how many were added."""
    rsvps = await events_feature.service_of(services).rsvps(event.id)
    going = sorted(user for user, answer in rsvps.items() if answer == "going")
    added = 0
    async with services.db.begin() as session:
        known = set(await session.scalars(select(Attendance.user_id).where(Attendance.event_id == event.id)))
        for user_id in going:
            if user_id not in known:
                ncc_id = await ncc_for(services, user_id, event.room_id)
                session.add(Attendance(event_id=event.id, user_id=user_id, ncc_id=ncc_id, how="rsvp"))
                added += 1
        await mark_taken(session, event.id, services.now())
    return added


async def mark_taken(session: AsyncSession, event_id: int, now: datetime) -> None:
    """The event's attendance counts as taken from now on (absences count for it)."""
    round_row = await session.get(Round, event_id) or Round(event_id=event_id)
    round_row.attendance_at = round_row.attendance_at or now
    session.add(round_row)


@feature.command(
    "event attendance",
    usage="<id>",
    requires=Authority.ROOM_MODERATOR,
    help="After an event: take attendance from the RSVPs, and ask attendees in its room to confirm by reaction.",
    examples=("!event attendance 4",),
)
async def take_attendance(ctx: CommandContext, args: str) -> None:
    event = await managed_event(ctx, args)
    await take_from_rsvps(ctx.services, event)
    async with ctx.db.session() as session:
        prompt = (await session.get(Round, event.id)).prompt_event_id  # type: ignore[union-attr]
    if prompt is None:
        lang = ctx.settings.room_language(event.room_id)
        text = ROUNDS.say("confirm_prompt", lang, title=event.title)
        posted = await ctx.services.matrix.send(event.room_id, notice(text), tx_key=f"attendance:{event.id}")
        async with ctx.db.begin() as session:
            row = await session.get(Round, event.id)
            if row is not None:
                row.prompt_event_id = posted
    await ctx.reply(await summary(ctx, event))


@feature.command(
    "event attended",
    usage="<id> <@user:server> [...]",
    requires=Authority.ROOM_MODERATOR,
    help="Correct an event's attendance: these people took part.",
    examples=("!event attended 4 @ana:example.org @jonas:example.org",),
)
async def mark_attended(ctx: CommandContext, args: str) -> None:
    await mark(ctx, args, present=True)


@feature.command(
    "event absent",
    usage="<id> <@user:server> [...]",
    requires=Authority.ROOM_MODERATOR,
    help="Correct an event's attendance: these people did not take part after all.",
    examples=("!event absent 4 @ana:example.org",),
)
async def mark_absent(ctx: CommandContext, args: str) -> None:
    await mark(ctx, args, present=False)


async def mark(ctx: CommandContext, args: str, *, present: bool) -> None:
    head, _, rest = args.strip().partition(" ")
    users = list(dict.fromkeys(MENTION.findall(rest)))
    if not users:
        raise UsageError(
            ROUNDS.text("users_missing", command=f"`{ctx.prefix}event attended {head or 4} @ana:example.org`")
        )
    event = await managed_event(ctx, head)
    async with ctx.db.begin() as session:
        for user_id in users:
            row = await session.get(Attendance, (event.id, user_id))
            if row is None:
                row = Attendance(
                    event_id=event.id, user_id=user_id, ncc_id=await ncc_for(ctx.services, user_id, event.room_id)
                )
                session.add(row)
            row.present, row.how, row.recorded_by, row.recorded_at = present, "marked", ctx.sender, ctx.now()
        await mark_taken(session, event.id, ctx.now())
    await ctx.reply(await summary(ctx, event))


async def summary(ctx: CommandContext, event: Event) -> str:
    lang = ctx.language
    async with ctx.db.session() as session:
        rows = list(await session.scalars(select(Attendance).where(Attendance.event_id == event.id)))
        names = await ncc_names(session)
    present = [r for r in rows if r.present]
    by_ncc = Counter(names.get(r.ncc_id or 0, ROUNDS.say("no_ncc", lang)) for r in present)
    how = Counter(r.how for r in present)
    shown = ", ".join(f"{name} {count}" for name, count in sorted(by_ncc.items())) or "—"
    head = ROUNDS.say("attendance_head", lang, id=str(event.id), title=in_quotes(event.title), count=str(len(present)))
    ways = ROUNDS.say(
        "attendance_ways", lang, rsvp=str(how["rsvp"]), reaction=str(how["reaction"]), marked=str(how["marked"]),
        absent=str(len(rows) - len(present)),
    )  # fmt: skip
    commands = {
        "attended": f"{ctx.prefix}event attended {event.id} @…",
        "absent": f"{ctx.prefix}event absent {event.id} @…",
        "followup": f"{ctx.prefix}event followup {event.id}",
    }
    hint = ROUNDS.say("attendance_hint", lang, **commands)
    return f"{head} {shown}\n{ways}\n{hint}"


@feature.on_event("m.reaction", order=Order.CONTENT)
async def confirm_by_reaction(ctx: EventContext) -> bool:
    """✅ on the attendance message: "I was there" (a coordinator's correction stays as it is)."""
    reaction = reaction_of(ctx.content)
    if reaction is None or reaction[0] not in PRESENT_REACTIONS or ctx.sender == ctx.services.user_id:
        return False
    async with ctx.db.begin() as session:
        round_row = await session.scalar(select(Round).where(Round.prompt_event_id == reaction[1]))
        if round_row is None:
            return False
        row = await session.get(Attendance, (round_row.event_id, ctx.sender))
        if row is None:
            ncc_id = await ncc_for(ctx.services, ctx.sender, ctx.room_id)
            session.add(Attendance(event_id=round_row.event_id, user_id=ctx.sender, ncc_id=ncc_id, how="reaction"))
        elif row.how != "marked":
            row.present, row.how, row.recorded_at = True, "reaction", ctx.now()
    return True


@feature.personal_data
async def personal_data(services: Services, user_id: str) -> dict[str, Any]:
    async with services.db.session() as session:
        rows = list(await session.scalars(select(Attendance).where(Attendance.user_id == user_id)))
        asked = list(await session.scalars(select(FollowUp.event_id).where(FollowUp.user_id == user_id)))
    if not rows and not asked:
        return {}
    return {
        "attendance": [{"event": r.event_id, "present": r.present, "how": r.how} for r in rows],
        "asked_after_events": asked,
    }


@feature.forget
async def forget(services: Services, user_id: str) -> None:
    async with services.db.begin() as session:
        await session.execute(delete(Attendance).where(Attendance.user_id == user_id))
        await session.execute(delete(FollowUp).where(FollowUp.user_id == user_id))
        await session.execute(update(Attendance).where(Attendance.recorded_by == user_id).values(recorded_by=None))
