"""The network's commands: NCCs and their rooms, capacity groups, members (asked and confirmed), and
announcements to a group, an NCC or the whole network. Changing the network is for network coordinators; a
member's NCC is confirmed by a moderator of one of that NCC's rooms: their authority reaches that NCC only."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, select, update

from bot.commands import split_fields
from bot.context import CommandContext, Services
from bot.errors import NotAllowed, NotFound, UsageError
from bot.permissions import Authority
from handlers.network.config import GROUP_NAME
from handlers.network.feature import feature, service_of
from handlers.network.models import GroupMember, Member, Ncc, NccRoom
from handlers.network.phrases import NETWORK
from handlers.network.service import find_ncc

TARGET = re.compile(
    r"^(?:(?P<network>network)|group (?P<group>.+?)|ncc (?P<ncc>.+?))\s+(?P<mode>at|every)\s+(?P<when>.+)$"
)
MENTION = re.compile(r"^@[^\s:]+:\S+$")


@feature.command("nccs", read_only=True, help="The NCCs of the network, their capacity groups and rooms.")
async def list_nccs(ctx: CommandContext, args: str) -> None:
    lang = ctx.language
    async with ctx.db.session() as session:
        nccs = list(await session.scalars(select(Ncc).order_by(Ncc.name)))
        places = list(await session.execute(select(GroupMember.ncc_id, GroupMember.group_name)))
        rooms = list(await session.scalars(select(NccRoom.ncc_id)))
    if not nccs:
        await ctx.reply(NETWORK.say("none", lang, command=f"{ctx.prefix}ncc add"))
        return
    lines = [NETWORK.say("nccs_head", lang)]
    for ncc in nccs:
        groups = ", ".join(sorted(g for n, g in places if n == ncc.id)) or "—"
        country = f" ({ncc.country})" if ncc.country else ""
        count = str(rooms.count(ncc.id))
        lines.append("• " + NETWORK.say("ncc_line", lang, name=ncc.name + country, groups=groups, rooms=count))
    await ctx.reply("\n".join(lines))


@feature.command("ncc", read_only=True, help="Your NCC, and the NCC this room belongs to.")
async def mine(ctx: CommandContext, args: str) -> None:
    lang = ctx.language
    async with ctx.db.session() as session:
        row = await session.get(Member, ctx.sender)
        ncc = await session.get(Ncc, row.ncc_id) if row else None
    if ncc is None or row is None:
        text = NETWORK.say("yours_none", lang, command=f"{ctx.prefix}ncc join <NCC>")
    else:
        text = NETWORK.say("yours_confirmed" if row.confirmed_at else "yours_pending", lang, name=ncc.name)
    here = await service_of(ctx).ncc_of_room(ctx.room_id)
    await ctx.reply(text + (" " + NETWORK.say("room_ncc", lang, name=here.name) if here else ""))


@feature.command(
    "ncc add",
    usage="<name> [| <country>]",
    requires=Authority.NETWORK_COORDINATOR,
    help="Add an NCC to the network.",
    examples=("!ncc add NCC Portugal | Portugal",),
)
async def add(ctx: CommandContext, args: str) -> None:
    fields = split_fields(args, 2, required=1)
    name, country = " ".join(fields[0].split()), (fields[1] if len(fields) > 1 else "") or None
    if not 2 <= len(name) <= 100:
        raise UsageError(NETWORK.text("name_bad"))
    async with ctx.db.begin() as session:
        if await find_ncc(session, name) is not None:
            await ctx.reply(NETWORK.say("exists", ctx.language, name=name))
            return
        session.add(Ncc(name=name, country=country))
    await ctx.reply(NETWORK.say("added", ctx.language, name=name, command=f"{ctx.prefix}ncc room {name}"))


@feature.command(
    "ncc room",
    usage="<name>",
    requires=Authority.NETWORK_COORDINATOR,
    help="Say that this room belongs to an NCC.",
    examples=("!ncc room NCC Portugal",),
)
async def room(ctx: CommandContext, args: str) -> None:
    room_id = ctx.settings.config_room_id(ctx.room_id)
    async with ctx.db.begin() as session:
        ncc = await existing(ctx, session, args)
        await session.merge(NccRoom(room_id=room_id, ncc_id=ncc.id))
        name = ncc.name
    await ctx.reply(NETWORK.say("room_set", ctx.language, name=name))


@feature.command("ncc remove", usage="<name>", requires=Authority.NETWORK_COORDINATOR, help="Remove an NCC.")
async def remove(ctx: CommandContext, args: str) -> None:
    async with ctx.db.begin() as session:
        ncc = await existing(ctx, session, args)
        if ncc.from_config:
            raise UsageError(NETWORK.text("in_config", name=ncc.name))
        for model in (NccRoom, GroupMember, Member):
            await session.execute(delete(model).where(model.ncc_id == ncc.id))
        await session.delete(ncc)
        name = ncc.name
    await ctx.reply(NETWORK.say("removed", ctx.language, name=name))


@feature.command(
    "group put",
    usage="<group> | <NCC>",
    requires=Authority.NETWORK_COORDINATOR,
    help="Put an NCC in a capacity group (the group is made if new).",
    examples=("!group put A | NCC Portugal",),
)
async def group_put(ctx: CommandContext, args: str) -> None:
    group, name = group_and_ncc(args)
    async with ctx.db.begin() as session:
        ncc = await existing(ctx, session, name)
        await session.merge(GroupMember(group_name=group, ncc_id=ncc.id))
        name = ncc.name
    await ctx.reply(NETWORK.say("group_put", ctx.language, ncc=name, group=group))


@feature.command(
    "group drop", usage="<group> | <NCC>", requires=Authority.NETWORK_COORDINATOR, help="Take an NCC out of a group."
)
async def group_drop(ctx: CommandContext, args: str) -> None:
    group, name = group_and_ncc(args)
    async with ctx.db.begin() as session:
        ncc = await existing(ctx, session, name)
        result = await session.execute(
            delete(GroupMember).where(GroupMember.group_name == group, GroupMember.ncc_id == ncc.id)
        )
        name, key = ncc.name, "group_drop" if getattr(result, "rowcount", 0) else "not_in_group"
    await ctx.reply(NETWORK.say(key, ctx.language, ncc=name, group=group))


@feature.command(
    "ncc join",
    usage="<name>",
    help="Ask to be counted as a member of an NCC; one of its coordinators confirms.",
    examples=("!ncc join NCC Portugal",),
)
async def join(ctx: CommandContext, args: str) -> None:
    async with ctx.db.begin() as session:
        ncc = await existing(ctx, session, args)
        row = await session.get(Member, ctx.sender)
        if row is not None and row.ncc_id == ncc.id and row.confirmed_at is not None:
            await ctx.reply(NETWORK.say("join_known", ctx.language, name=ncc.name))
            return
        await session.merge(Member(user_id=ctx.sender, ncc_id=ncc.id, asked_at=ctx.now()))
        name = ncc.name
    await ctx.reply(NETWORK.say("join_asked", ctx.language, name=name, command=f"{ctx.prefix}ncc confirm {ctx.sender}"))


@feature.command(
    "ncc confirm",
    usage="<@user:server>",
    requires=Authority.ROOM_MODERATOR,
    help="Confirm that someone who asked belongs to your NCC (a moderator of one of its rooms).",
    examples=("!ncc confirm @ana:example.org",),
)
async def confirm(ctx: CommandContext, args: str) -> None:
    user_id = args.strip()
    if not MENTION.match(user_id):
        raise UsageError(NETWORK.text("user_bad"))
    async with ctx.db.begin() as session:
        row = await session.get(Member, user_id)
        ncc = await session.get(Ncc, row.ncc_id) if row else None
        if row is None or ncc is None:
            raise NotFound(NETWORK.text("not_asked", user=user_id))
        rooms = list(await session.scalars(select(NccRoom.room_id).where(NccRoom.ncc_id == ncc.id)))
        current = [ctx.settings.current_room_id(r) for r in rooms]
        if not ctx.is_network_coordinator and not any(ctx.can_moderate(r) for r in current):
            raise NotAllowed(NETWORK.text("not_yours", name=ncc.name))
        await session.execute(
            update(Member).where(Member.user_id == user_id).values(confirmed_by=ctx.sender, confirmed_at=ctx.now())
        )
        name = ncc.name
    await ctx.reply(NETWORK.say("confirmed", ctx.language, user=user_id, name=name))


def group_and_ncc(args: str) -> tuple[str, str]:
    group, name = split_fields(args, 2, required=2)
    group = " ".join(group.split())
    if not re.match(GROUP_NAME, group):
        raise UsageError(NETWORK.text("group_name_bad"))
    return group, name


async def existing(ctx: CommandContext, session: Any, name: str) -> Ncc:
    ncc = await find_ncc(session, name)
    if ncc is None:
        raise NotFound(NETWORK.text("no_ncc", name=" ".join(name.split()) or "?", command=f"{ctx.prefix}nccs"))
    return ncc


@feature.personal_data
async def personal_data(services: Services, user_id: str) -> dict[str, Any]:
    async with services.db.session() as session:
        row = await session.get(Member, user_id)
        ncc = await session.get(Ncc, row.ncc_id) if row else None
    if row is None or ncc is None:
        return {}
    return {"ncc": ncc.name, "confirmed": row.confirmed_at is not None}


@feature.forget
async def forget(services: Services, user_id: str) -> None:
    async with services.db.begin() as session:
        await session.execute(delete(Member).where(Member.user_id == user_id))
        await session.execute(update(Member).where(Member.confirmed_by == user_id).values(confirmed_by=None))


@feature.on_room_moved
async def follow_upgrade(services: Services, old_room_id: str, new_room_id: str) -> None:
    """A room added in the chat follows its upgrade; a room from config.yaml is followed by the settings."""
    async with services.db.begin() as session:
        row = await session.get(NccRoom, old_room_id)
        if row is not None and not row.from_config:
            await session.execute(update(NccRoom).where(NccRoom.room_id == old_room_id).values(room_id=new_room_id))
