"""Members' FAQ commands (`!faq`, `!ask`, list, show, topics) and the shared answering path."""

from __future__ import annotations

import logging
from typing import Literal

from rapidfuzz import process
from sqlalchemy import select

from bot.context import CommandContext, EventContext
from bot.errors import NotFound, UsageError
from bot.i18n import Text
from bot.messages import code, quoted
from handlers.faq import models
from handlers.faq.feature import ANSWERS, OUTCOME_LABELS, coordinators_room, feature, service_of
from handlers.faq.kb import Entry
from handlers.faq.matcher import Match, alternatives
from handlers.faq.phrases import FAQ
from handlers.faq.render import answer_markdown, did_you_mean, say
from handlers.shared.lang import not_spoken_note, unsupported_language

log = logging.getLogger(__name__)
Passive = Literal["mention", "auto", "direct"]  # how a message that is not a command reached the FAQ


@feature.command(
    "faq",
    read_only=True,
    usage="<question>",
    aliases=("ask",),
    help="Ask about the NCC call, funding, reporting or EU dissemination rules, in your language.",
    examples=("!faq what is the co-financing rate?", "!ask quelle est la durée du projet ?"),
)
async def ask(ctx: CommandContext, args: str) -> None:
    await respond(ctx, args)


async def respond(ctx: EventContext, question: str, *, passive: Passive | None = None) -> bool:
    """Match, answer (or offer choices, or say so), and log the question. Returns False if it stayed silent."""
    faq = service_of(ctx)
    question = " ".join(question.split())
    if not question:
        example = code(ctx.prefix + "faq " + FAQ.say("example_question", ctx.language))
        raise UsageError(FAQ.text("ask_example", example=example))
    if len(question) > faq.config.max_question_chars:
        if passive == "direct":
            limit = faq.config.max_question_chars
            await ctx.reply(FAQ.say("too_long_direct", ctx.language, limit=str(limit)))
            return True
        if passive is not None:
            return False  # chatter that merely mentions the bot: stay quiet rather than lecture
        raise UsageError(FAQ.text("too_long", limit=str(faq.config.max_question_chars)))
    match = await faq.ask(question, default_lang=ctx.language, lang=ctx.chosen_language)
    best = match.best
    if passive == "auto" and (match.outcome != "answer" or best is None or best.score < faq.auto_confident):
        return False
    options: list[Entry] = []
    if match.outcome == "answer" and best is not None and (entry := faq.entry(best.entry_id)) is not None:
        text = answer_markdown(entry, match.lang)
    elif match.outcome == "ambiguous":
        options = [e for c in alternatives(match, faq.thresholds) if (e := faq.entry(c.entry_id)) is not None]
        text = did_you_mean(options, match.lang, match.labels)
    else:
        text = say("dont_know_offer" if offers_relay(ctx, passive) else "dont_know", match.lang)
        if (other := unsupported_language(question)) is not None:
            text += "\n\n" + not_spoken_note(other, ctx.prefix)
    reply_id = await ctx.reply(text, markdown=True, start_thread=passive == "auto")
    await record(ctx, question, match, reply_id, options, passive)
    ANSWERS.inc(ctx.services, outcome=OUTCOME_LABELS.get(match.outcome, match.outcome), language=match.lang)
    log.info(
        "faq question",
        extra={
            "outcome": match.outcome,
            "entry": best.entry_id if best else None,
            "score": best.score if best else 0,
            "lang": match.lang,
            "room_id": ctx.room_id,
        },
    )
    return True


async def record(
    ctx: EventContext, question: str, match: Match, reply_id: str, options: list[Entry], passive: Passive | None
) -> None:
    """One row per question; unanswered ones go to the gaps log; choices wait for the asker's number."""
    best = match.best
    async with ctx.db.begin() as session:
        if await session.scalar(select(models.Question.id).where(models.Question.source_event_id == ctx.event_id)):
            return  # re-handled after a crash: already logged
        row = models.Question(
            room_id=ctx.room_id,
            user_id=ctx.sender,
            source_event_id=ctx.event_id,
            text=question,
            lang=match.lang,
            outcome=match.outcome,
            entry_id=best.entry_id if best and match.outcome == "answer" else None,
            score=best.score if best else 0.0,
            answer_event_id=reply_id if match.outcome == "answer" else None,
        )
        session.add(row)
        await session.flush()
        if match.outcome == "none":
            session.add(
                models.Gap(
                    room_id=ctx.room_id,
                    user_id=ctx.sender,
                    text=question,
                    lang=match.lang,
                    reason="unanswered",
                    question_id=row.id,
                )
            )
        if options:
            await models.set_pending(session, ctx.room_id, ctx.sender, row.id, [e.id for e in options], ctx.now())
        elif match.outcome == "none" and offers_relay(ctx, passive):
            await models.add_offer(session, row.id, ctx.room_id, ctx.sender, ctx.now())


def offers_relay(ctx: EventContext, passive: Passive | None) -> bool:
    """Unanswered questions can be passed on where a coordinators' room is set (not in `auto` mode, which
    stays silent when unsure, and not in the coordinators' room itself)."""
    room = coordinators_room(ctx)
    return room is not None and passive != "auto" and ctx.room_id != room


@feature.command("faq topics", read_only=True, help="List the FAQ topics and how many answers each has.")
async def topics(ctx: CommandContext, args: str) -> None:
    grouped = service_of(ctx).topics()
    lines = [f"- **{topic}** ({len(entries)})" for topic, entries in sorted(grouped.items())]
    tail = FAQ.say("topics_tail", ctx.language, command=code(ctx.prefix + "faq list <topic>"))
    await ctx.reply(FAQ.say("topics_head", ctx.language) + "\n" + "\n".join(lines) + f"\n\n{tail}", markdown=True)


@feature.command(
    "faq list",
    read_only=True,
    usage="[topic]",
    help="List the FAQ entries, all or of one topic.",
    examples=("!faq list", "!faq list dissemination"),
)
async def list_entries(ctx: CommandContext, args: str) -> None:
    faq = service_of(ctx)
    grouped = faq.topics()
    topic = args.strip().lower()
    if topic and topic not in grouped:
        if len(topic.split()) > 1:  # "!faq list of eligible costs?" is a question, not a topic
            await respond(ctx, f"list {args}")
            return
        raise NotFound(FAQ.text("no_topic", topic=quoted(topic), topics=", ".join(sorted(grouped))))
    lang = ctx.language
    if topic:
        lines = [f"- {code(e.id)} {e.title(lang)}" for e in grouped[topic]]
        text = FAQ.say("entries_on", lang, topic=topic) + "\n" + "\n".join(lines)
    else:
        lines = [f"- **{t}**: " + ", ".join(code(e.id) for e in entries) for t, entries in sorted(grouped.items())]
        text = FAQ.say("entries_count", lang, count=str(len(faq.index.entries))) + "\n" + "\n".join(lines)
    await ctx.reply(
        text + "\n\n" + FAQ.say("show_one", lang, command=code(ctx.prefix + "faq show <id>")), markdown=True
    )


@feature.command(
    "faq show",
    read_only=True,
    usage="<id>",
    help="Show one FAQ entry: its answer, sources and review date.",
    examples=("!faq show eu-disclaimer",),
)
async def show(ctx: CommandContext, args: str) -> None:
    faq = service_of(ctx)
    entry_id = args.strip().lower()
    entry = faq.entry(entry_id)
    if entry is None:
        if len(args.split()) > 1:  # "!faq show me the emblem rules" is a question
            await respond(ctx, f"show {args}")
            return
        raise NotFound(unknown_id_message(ctx, entry_id))
    languages = ", ".join(sorted(entry.answer))
    variants = sum(len(v) for v in entry.questions.values())
    values = {"id": code(entry.id), "topic": entry.topic, "date": entry.reviewed.isoformat()}
    details = FAQ.say("details", ctx.language, variants=str(variants), languages=languages, **values)
    await ctx.reply(answer_markdown(entry, ctx.language) + "\n\n" + details, markdown=True)


def unknown_id_message(ctx: EventContext, entry_id: str) -> Text:
    ids = [e.id for e in service_of(ctx).index.entries]
    close = process.extractOne(entry_id, ids, score_cutoff=60) if ids else None
    hint = FAQ.text("did_you_mean", close=code(close[0])) if close else ""
    return FAQ.text("no_entry", id=quoted(entry_id or "?"), hint=hint, command=code(ctx.prefix + "faq list"))
