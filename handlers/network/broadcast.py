"""Telling a part of the network at once: an announcement or an event for every room of a capacity group, an NCC
or the whole network, through the events feature's typed service (each room gets it once, in its own zone and
language). For network coordinators."""

from __future__ import annotations

import re

from bot.commands import split_fields
from bot.context import CommandContext, Services
from bot.errors import NotAllowed, UsageError
from bot.permissions import Authority
from handlers.events import feature as events_feature
from handlers.events.announce import confirmation
from handlers.events.phrases import EVENTS
from handlers.network.commands import existing
from handlers.network.feature import feature, service_of
from handlers.network.phrases import NETWORK
from handlers.network.service import Target
from handlers.shared.dates import describe, read_when

TARGET_WORDS = ("group", "ncc", "network")
TARGET = re.compile(r"^(?:(?P<network>network)|group (?P<group>.+)|ncc (?P<ncc>.+))$")
TIMED = re.compile(r"^(?P<target>.+?)\s+(?P<mode>at|every)\s+(?P<when>.+)$")


async def reached_target(ctx: CommandContext, text: str) -> Target:
    """`group A`, `ncc NCC Malta`, `network` -> the target (an NCC must exist; its name as stored)."""
    match = TARGET.match(" ".join(text.split()))
    if match is None:
        raise UsageError(NETWORK.text("target_bad"))
    target = Target("group", match["group"]) if match["group"] else Target("ncc", match["ncc"] or "")
    target = Target("network") if match["network"] else target
    if target.kind == "ncc":
        async with ctx.db.session() as session:
            target = Target("ncc", (await existing(ctx, session, target.name)).name)
    return target


async def reached(ctx: CommandContext, text: str) -> tuple[Target, list[str]]:
    """`group A` -> the target and the rooms it reaches now (upgrades followed); a target without rooms is an
    error that says how to add one."""
    target = await reached_target(ctx, text)
    rooms = [ctx.settings.current_room_id(r) for r in await service_of(ctx).rooms_of(target)]
    if not rooms:
        shown = target_name(target, ctx.language)
        raise UsageError(NETWORK.text("no_rooms", target=shown, command=f"{ctx.prefix}ncc room"))
    return target, rooms


async def target_rooms(ctx: CommandContext, head: str) -> tuple[Target, list[str], str, str]:
    """`group A at 3 Dec 10:00` -> the target, its rooms, the mode (at / every) and the when."""
    match = TIMED.match(" ".join(head.split()))
    if match is None:
        raise UsageError(NETWORK.text("target_bad"))
    target, rooms = await reached(ctx, match["target"])
    return target, rooms, match["mode"], match["when"]


def coordinators_only(ctx: CommandContext) -> None:
    """Also reached as `!event add group ...` / `!announce group ...`, which a room's moderator may use for the
    room: a target beyond it is the network coordinators'."""
    if not ctx.is_network_coordinator:
        raise NotAllowed(NETWORK.text("targets_for_coordinators"))


@feature.on_start
async def offer_targets(services: Services) -> None:
    """`!event add` and `!announce` take a target too: the events feature hands those commands over."""
    events = events_feature.optional_service(services)
    if events is not None:
        events.accept_targets("event add", TARGET_WORDS, add_event)
        events.accept_targets("announce", TARGET_WORDS, announce)


def target_name(target: Target, lang: str) -> str:
    if target.kind == "network":
        return NETWORK.say("target_network", lang)
    return NETWORK.say(f"target_{target.kind}", lang, name=target.name)


@feature.command(
    "network announce",
    usage="network|group <name>|ncc <name> at <when>|every <schedule> | <text>",
    requires=Authority.NETWORK_COORDINATOR,
    help="Post a message in every room of a group, an NCC or the whole network: once, or on a schedule.",
    examples=("!network announce group A at 3 Dec 09:00 | The mutual-learning call starts in an hour.",),
)
async def announce(ctx: CommandContext, args: str) -> None:
    coordinators_only(ctx)
    head, text = split_fields(args, 2, required=2)
    target, rooms, mode, when = await target_rooms(ctx, head)
    scheduled = await events_feature.service_of(ctx.services).announce(
        rooms, text, mode=mode, when=when, zone=ctx.timezone, user_id=ctx.sender, source_event_id=ctx.event_id
    )
    shown = target_name(target, ctx.language)
    head_line = NETWORK.say("announced", ctx.language, target=shown, rooms=str(len(rooms)))
    await ctx.reply(f"{head_line} {confirmation(ctx, scheduled)}")


@feature.command(
    "network event",
    usage="network|group <name>|ncc <name> at <when> | <title> [| <place or link>] [| <description>]",
    requires=Authority.NETWORK_COORDINATOR,
    help="Add an event in every room of a group, an NCC or the whole network, each with its reminders.",
    examples=("!network event group A at 3 Dec 10:00 | Mutual-learning call | https://meet.example.org/a",),
)
async def add_event(ctx: CommandContext, args: str) -> None:
    coordinators_only(ctx)
    fields = split_fields(args, 4, required=2)
    target, rooms, mode, when = await target_rooms(ctx, fields[0])
    if mode != "at":
        raise UsageError(NETWORK.text("event_once"))
    starts_at, title = await read_when(when, ctx.timezone, ctx.now()), " ".join(fields[1].split())
    if len(title) > 200:
        raise UsageError(EVENTS.text("title_too_long"))
    place, description = [(fields[i] if len(fields) > i else "") or None for i in (2, 3)]
    events, network = events_feature.service_of(ctx.services), service_of(ctx)
    offering = await network.record_offering(ctx.event_id, title, starts_at, target)  # one, for participation
    ids = []
    for room_id in rooms:  # one event per room: each room's RSVPs, reminders and listing are its own
        event = await events.add_event(
            room_id, starts_at, title, place=place, description=description, user_id=ctx.sender,
            source_key=f"{ctx.event_id}|{room_id}",
        )  # fmt: skip
        await network.link_offering(offering, event.id)
        ids.append(f"#{event.id}")
    values = {"target": target_name(target, ctx.language), "rooms": str(len(rooms)), "ids": ", ".join(ids)}
    when_shown = describe(starts_at, ctx.timezone, ctx.language)
    await ctx.reply(NETWORK.say("events_added", ctx.language, when=when_shown, **values))


@feature.command(
    "network events",
    read_only=True,
    usage="network|group <name>|ncc <name>",
    help="Upcoming events in the rooms of a group, an NCC or the whole network (those rooms you are in).",
    examples=("!network events group A",),
)
async def list_events(ctx: CommandContext, args: str) -> None:
    target, rooms = await reached(ctx, args)
    visible = [r for r in rooms if ctx.may_read(r)]  # a listing never shows a room the asker is not in
    events = await events_feature.service_of(ctx.services).upcoming(visible)
    lang, shown = ctx.language, target_name(target, ctx.language)
    if not events:
        await ctx.reply(NETWORK.say("no_events", lang, target=shown))
        return
    names = ctx.services.rooms.display_name
    lines = [f"#{e.id} {describe(e.starts_at, ctx.timezone, lang)} — {e.title} · {names(e.room_id)}" for e in events]
    await ctx.reply(NETWORK.say("events_head", lang, target=shown) + "\n" + "\n".join(lines))
