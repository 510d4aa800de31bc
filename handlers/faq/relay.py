"""Ask the coordinators: a question the FAQ cannot answer is passed on, on the asker's yes, as a thread in the
coordinators' room (`faq.coordinators_room`); the first coordinator reply in that thread goes back to the asker
as a reply to their question, and the coordinator can make it an entry in one step (`!faq adopt`).

Who asked is not in the thread (the room may hold more than network coordinators): `!faq who` tells network
coordinators. Every step is keyed on an event id, so a replay after a crash posts nothing twice.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from bot.context import CommandContext, EventContext
from bot.errors import NotFound, UsageError, UserError
from bot.feature import Order
from bot.messages import code, notice, thread_root_of
from bot.permissions import Authority
from handlers.faq import models
from handlers.faq.curation import new_entry_id, save
from handlers.faq.feature import feature, service_of
from handlers.faq.kb import Entry
from handlers.faq.render import say
from handlers.shared.text import fold

YES = frozenset("yes y yeah yep ok okay sure please oui ja si sí sì tak sim claro certo jasne d'accord".split())
ANSWER_LIMIT = 4000
DEFAULT_TOPIC = "community"
TOPIC_RE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


def coordinators_room(ctx: EventContext) -> str | None:
    return feature.config_of(ctx.settings).coordinators_room


@feature.on_event("m.room.message", order=Order.PROMPT)
async def on_yes(ctx: EventContext) -> bool:
    """A yes right after the offer passes the question on."""
    body = ctx.content.get("body")
    room = coordinators_room(ctx)
    if room is None or not isinstance(body, str) or fold(body).strip(" .!") not in YES:
        return False
    minutes = feature.config_of(ctx.settings).choice_minutes
    async with ctx.db.begin() as session:
        relay = await session.scalar(
            select(models.Relay)
            .where(models.Relay.room_id == ctx.room_id, models.Relay.user_id == ctx.sender)
            .where(models.Relay.status == "offered", models.Relay.offered_at >= ctx.now() - timedelta(minutes=minutes))
            .order_by(models.Relay.id.desc())
        )
        question = await session.get(models.Question, relay.question_id) if relay else None
    if relay is None or question is None:
        return False
    where = "a direct message" if ctx.is_direct else ctx.services.rooms.display_name(ctx.room_id)
    text = (
        f"❓ Question {relay.id}, asked in {where} ({question.lang}); the FAQ has no answer:\n\n{question.text}\n\n"
        f"Reply in this thread: the first reply goes back to the asker. Network coordinators: "
        f"{ctx.prefix}faq who {relay.id} shows who asked."
    )
    root = await ctx.send(room, notice(text, msgtype="m.text"))
    async with ctx.db.begin() as session:
        await session.execute(
            update(models.Relay).where(models.Relay.id == relay.id).values(status="sent", root_event_id=root)
        )
    await ctx.reply(say("passed_on", question.lang))
    return True


@feature.on_event("m.room.message", order=Order.CONVERSATION)
async def on_thread_reply(ctx: EventContext) -> bool:
    """The first reply of a coordinator in a question's thread is relayed to the asker."""
    root = thread_root_of(ctx.content)
    body = ctx.content.get("body")
    if root is None or ctx.room_id != coordinators_room(ctx) or not isinstance(body, str) or body.startswith("!"):
        return False
    if ctx.services.rooms.authority(ctx.room_id, ctx.sender) < Authority.ROOM_MODERATOR:
        return False  # only the room's moderators and network coordinators answer for the network
    async with ctx.db.session() as session:
        relay = await session.scalar(select(models.Relay).where(models.Relay.root_event_id == root))
        question = await session.get(models.Question, relay.question_id) if relay else None
    if relay is None or question is None or relay.status != "sent":
        return False
    answer = body.strip()[:ANSWER_LIMIT]
    header = say("coordinator_answered", question.lang, name=ctx.sender)
    await ctx.send(
        relay.room_id,
        notice(
            f"{header}\n\n{answer}", reply_to=question.source_event_id, mention_ids=[relay.user_id], msgtype="m.text"
        ),
    )
    async with ctx.db.begin() as session:
        values = {"status": "answered", "answered_by": ctx.sender, "answer": answer, "answered_at": ctx.now()}
        await session.execute(update(models.Relay).where(models.Relay.id == relay.id).values(**values))
        await session.execute(
            update(models.Gap).where(models.Gap.question_id == relay.question_id).values(answered_at=ctx.now())
        )
    await ctx.reply(
        f"Sent to the asker. To add it to the FAQ: {ctx.prefix}faq adopt {relay.id} (optionally followed by "
        f"topic <name>); then {ctx.prefix}faq alias / {ctx.prefix}faq edit to polish it."
    )
    return True


async def relay_by_number(ctx: CommandContext, number: str) -> models.Relay:
    if not number.isdigit():
        raise UsageError(f"Give the question's number, e.g. {code(ctx.prefix + 'faq who 12')}.")
    async with ctx.db.session() as session:
        relay = await session.get(models.Relay, int(number))
    if relay is None:
        raise NotFound(f"There is no passed-on question {number}.")
    return relay


@feature.command(
    "faq adopt",
    usage="<number> [topic <topic>]",
    requires=Authority.NETWORK_COORDINATOR,
    help="Make a passed-on question and the coordinator's answer an FAQ entry (then alias/edit it).",
    examples=("!faq adopt 12", "!faq adopt 12 topic reporting"),
)
async def adopt(ctx: CommandContext, args: str) -> None:
    number, _, rest = args.strip().partition(" ")
    topic = parse_topic(rest)
    relay = await relay_by_number(ctx, number)
    async with ctx.db.session() as session:
        question = await session.get(models.Question, relay.question_id)
        earlier = await session.scalar(
            select(models.EntryEdit.entry_id).where(models.EntryEdit.source_event_id == ctx.event_id)
        )
    if question is None or relay.answer is None:
        raise UserError(f"Question {relay.id} has no coordinator answer yet: reply in its thread first.")
    faq = service_of(ctx)
    entry_id = earlier or new_entry_id(question.text, {e.id for e in faq.index.entries})
    entry = Entry(
        id=entry_id,
        topic=topic,
        reviewed=ctx.now().date(),
        questions={question.lang: [question.text]},
        answer={question.lang: relay.answer},
    )
    await save(ctx, entry, source_event_id=ctx.event_id)
    await ctx.reply(
        f"Added {code(entry_id)} ({question.lang}, topic {topic}) from question {relay.id}. Add wordings with "
        f"{code(ctx.prefix + 'faq alias ' + entry_id + ' <question>')}, other languages with "
        f"{code(ctx.prefix + 'faq edit ' + entry_id + ' <language> | <answer>')}.",
        markdown=True,
    )


@feature.command(
    "faq who",
    usage="<number>",
    read_only=True,
    requires=Authority.NETWORK_COORDINATOR,
    help="Who asked a passed-on question, and where.",
)
async def who(ctx: CommandContext, args: str) -> None:
    relay = await relay_by_number(ctx, args.strip())
    where = ctx.services.rooms.display_name(relay.room_id)
    await ctx.reply(f"Question {relay.id} was asked by {relay.user_id} in {where} ({relay.status}).")


def parse_topic(rest: str) -> str:
    words = rest.split()
    if not words:
        return DEFAULT_TOPIC
    if len(words) != 2 or words[0].lower() != "topic" or not TOPIC_RE.match(words[1].lower()):
        raise UsageError("After the number, only `topic <name>` (lower-case letters, digits and -).")
    return words[1].lower()
