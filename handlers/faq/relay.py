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
from handlers.faq.feature import coordinators_room, feature, service_of
from handlers.faq.kb import Entry
from handlers.faq.phrases import FAQ
from handlers.faq.render import say
from handlers.shared.text import fold

YES = frozenset("yes y yeah yep ok okay sure please oui ja si sí sì tak sim claro certo jasne d'accord".split())
ANSWER_LIMIT = 4000
DEFAULT_TOPIC = "community"
TOPIC_RE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


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
    lang = ctx.settings.room_language(room)  # the coordinators' room's language
    where = FAQ.say("relay_in_dm", lang) if ctx.is_direct else ctx.services.rooms.display_name(ctx.room_id)
    head = FAQ.say("relay_post", lang, id=str(relay.id), where=where, lang=question.lang)
    how = FAQ.say("relay_post_how", lang, command=f"{ctx.prefix}faq who {relay.id}")
    text = f"{head}\n\n{question.text}\n\n{how}"
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
    commands = {name: f"{ctx.prefix}faq {name}" for name in ("alias", "edit")}
    await ctx.reply(FAQ.say("relay_sent", ctx.language, adopt=f"{ctx.prefix}faq adopt {relay.id}", **commands))
    return True


async def relay_by_number(ctx: CommandContext, number: str) -> models.Relay:
    if not number.isdigit():
        raise UsageError(FAQ.text("relay_number", command=code(ctx.prefix + "faq who 12")))
    async with ctx.db.session() as session:
        relay = await session.get(models.Relay, int(number))
    if relay is None:
        raise NotFound(FAQ.text("no_relay", number=number))
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
        raise UserError(FAQ.text("relay_unanswered", id=str(relay.id)))
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
    alias = code(ctx.prefix + "faq alias " + entry_id + " <question>")
    edit = code(ctx.prefix + "faq edit " + entry_id + " <language> | <answer>")
    values = {"id": code(entry_id), "lang": question.lang, "topic": topic, "number": str(relay.id)}
    await ctx.reply(FAQ.say("adopted", ctx.language, alias=alias, edit=edit, **values), markdown=True)


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
    status = FAQ.say(f"relay_status_{relay.status}", ctx.language)
    await ctx.reply(FAQ.say("who", ctx.language, id=str(relay.id), user=relay.user_id, where=where, status=status))


def parse_topic(rest: str) -> str:
    words = rest.split()
    if not words:
        return DEFAULT_TOPIC
    if len(words) != 2 or words[0].lower() != "topic" or not TOPIC_RE.match(words[1].lower()):
        raise UsageError(FAQ.text("topic_only"))
    return words[1].lower()
