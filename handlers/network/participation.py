"""`!participation`: per NCC, the events offered to it and those it took part in over a period, with the NCCs
that missed the last N flagged; as a CSV with `export`. A coordinators' list, not a public one: asked in a room
with others, it is sent by DM."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from bot.context import CommandContext, Services
from bot.errors import UsageError
from bot.permissions import Authority
from handlers.events import feature as events_feature
from handlers.network.broadcast import reached_target, target_name
from handlers.network.feature import feature, service_of
from handlers.network.models import Attendance, Ncc, OfferingEvent, OfferingNcc, Round
from handlers.network.phrases import ROUNDS
from handlers.network.service import Target
from handlers.network.tally import EventFacts, Held, NccTally, held_list, tally
from handlers.shared.dates import DayExample, describe, read_day
from handlers.shared.sheets import to_csv

ARGS = re.compile(r"^(?P<target>.*?)\s*(?:\bsince\s+(?P<since>.+))?$", re.IGNORECASE)
DEFAULT_PERIOD = timedelta(days=365)


async def held_since(services: Services, since: datetime) -> list[Held]:
    """Everything offered from `since` until now, with attendance folded in."""
    events = await events_feature.service_of(services).started_between(since, services.now())
    ids = [e.id for e in events]
    async with services.db.session() as session:
        links = dict((await session.execute(select(OfferingEvent.event_id, OfferingEvent.offering_id).where(
            OfferingEvent.event_id.in_(ids)))).all())  # fmt: skip
        snapshot: dict[int, set[int]] = {}
        for offering_id, ncc_id in await session.execute(
            select(OfferingNcc.offering_id, OfferingNcc.ncc_id).where(OfferingNcc.offering_id.in_(set(links.values())))
        ):
            snapshot.setdefault(offering_id, set()).add(ncc_id)
        attending: dict[int, set[int]] = {}
        for event_id, ncc_id in await session.execute(
            select(Attendance.event_id, Attendance.ncc_id).where(
                Attendance.event_id.in_(ids), Attendance.present.is_(True), Attendance.ncc_id.is_not(None)
            )
        ):
            attending.setdefault(event_id, set()).add(ncc_id)
        recorded = set(
            await session.scalars(
                select(Round.event_id).where(Round.event_id.in_(ids), Round.attendance_at.is_not(None))
            )
        )
    facts = [EventFacts(e.id, e.room_id, e.title, e.starts_at) for e in events]
    offered_to = {k: frozenset(v) for k, v in snapshot.items()}
    return held_list(facts, links, offered_to, await feature.service_of(services).room_nccs(), attending, recorded)


async def parse_request(ctx: CommandContext, args: str) -> tuple[Target, list[Ncc], datetime]:
    match = ARGS.match(" ".join(args.split()))
    assert match is not None  # the pattern matches any text
    target = Target("network")
    if match["target"]:
        target = await reached_target(ctx, match["target"])
    since = ctx.now() - DEFAULT_PERIOD
    if match["since"]:
        day = await read_day(match["since"], ctx.now().astimezone(ctx.timezone).date())
        if day is None:
            raise UsageError(ROUNDS.text("since_bad", example=DayExample(ctx.now().date())))
        since = datetime.combine(day, time(0), ctx.timezone).astimezone(UTC)
    nccs = await service_of(ctx).nccs_of(target)
    if not nccs:
        raise UsageError(ROUNDS.text("no_nccs", target=target_name(target, ctx.language), command=f"{ctx.prefix}nccs"))
    return target, nccs, since


@feature.command(
    "participation",
    read_only=True,
    usage="[network|group <name>|ncc <name>] [since <day>]",
    requires=Authority.NETWORK_COORDINATOR,
    help="Per NCC: events offered and attended, and who missed the last ones (sent to you, not the room).",
    examples=("!participation group A since 1 September 2026", "!participation"),
)
async def participation(ctx: CommandContext, args: str) -> None:
    target, nccs, since = await parse_request(ctx, args)
    held = await held_since(ctx.services, since)
    counts = tally(held, [n.id for n in nccs])
    limit = feature.config_of(ctx.settings).missed_flag
    lang = ctx.language
    shown = target_name(target, lang)
    lines = [ROUNDS.say("participation_head", lang, target=shown, since=describe(since, ctx.timezone, lang))]
    lines += [line_of(ncc, counts[ncc.id], limit, lang) for ncc in nccs]
    waiting = [h for h in held if h.incomplete]
    if waiting:
        lines.append(
            ROUNDS.say("not_taken", lang, count=str(len(waiting)), command=f"{ctx.prefix}event attendance <id>")
        )
    await tell_privately(ctx, "\n".join(lines))


def line_of(ncc: Ncc, counts: NccTally, limit: int, lang: str) -> str:
    marks = "".join("✓" if went else "✗" for went in counts.marks[-12:])
    line = "• " + ROUNDS.say("participation_line", lang, name=ncc.name, attended=str(counts.attended),
                              offered=str(counts.offered))  # fmt: skip
    line += f" {marks}" if marks else ""
    if counts.flagged(limit):
        line += " ⚠ " + ROUNDS.say("missed_flag", lang, count=str(counts.missed_in_a_row))
    return line


async def tell_privately(ctx: CommandContext, text: str) -> None:
    if ctx.is_direct:
        await ctx.reply(text)
        return
    await ctx.send_direct(ctx.sender, text)
    await ctx.reply(ROUNDS.say("sent_by_dm", ctx.language))


def took_part(held: Held, ncc_id: int) -> str:
    """yes / no, or "not taken" where nobody took that NCC's attendance."""
    return "yes" if ncc_id in held.attended else "no" if ncc_id in held.counted else "not taken"


@feature.command(
    "participation export",
    read_only=True,
    usage="[network|group <name>|ncc <name>] [since <day>]",
    requires=Authority.NETWORK_COORDINATOR,
    help="Participation as a CSV file, one row per NCC and event offered to it (sent to you by DM).",
    examples=("!participation export group A",),
)
async def export(ctx: CommandContext, args: str) -> None:
    target, nccs, since = await parse_request(ctx, args)
    held = await held_since(ctx.services, since)
    groups = await service_of(ctx).groups_of_nccs()
    header = ("ncc", "country", "groups", "offering", "title", "starts_at", "took_part")
    rows = [
        (n.name, n.country or "", " ".join(groups.get(n.id, [])), h.key, h.title, h.starts_at.isoformat(),
         took_part(h, n.id))
        for n in nccs for h in held if n.id in h.offered
    ]  # fmt: skip
    data = to_csv(header, rows)
    stamp = ctx.now().strftime("%Y%m%d")
    await ctx.services.dms.send_file(ctx.sender, data, f"ncc-participation-{stamp}.csv", "text/csv",
                                     tx_key=ctx.next_tx_key())  # fmt: skip
    shown = target_name(target, ctx.language)
    text = ROUNDS.say("exported", ctx.language, rows=str(len(rows)), target=shown)
    if not ctx.is_direct:
        text += " " + ROUNDS.say("sent_by_dm", ctx.language)
    await ctx.reply(text)
