"""Passive answering (mention / auto), the number that picks a "did you mean" choice, and 👍/👎 feedback."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import String, cast, delete, literal, select, update

from bot.context import EventContext, Services
from bot.feature import Order
from bot.messages import code, reaction_of
from handlers.faq import models
from handlers.faq.commands import offers_relay, respond
from handlers.faq.feature import feature, service_of
from handlers.faq.phrases import FAQ
from handlers.faq.render import answer_markdown, say
from handlers.shared.text import fold

NUMBER_RE = re.compile(r"^\s*([0-9])\s*[.)]?\s*$")
VOTES = {"👍": "up", "+1": "up", "👎": "down", "-1": "down"}
INTERROGATIVES = frozenset(
    """
    what when where who which how why can do does is are should must quoi quand ou qui quel quelle quels
    quelles comment combien pourquoi est-ce was wann wo wer welche welcher welches wie warum muss mussen
    konnen gibt que cuando donde quien cual como cuanto cuanta por puedo podemos hay cosa quando dove chi
    quale quanto perche possiamo devo dobbiamo co kiedy gdzie kto ktory ktora jak ile dlaczego czy czym o onde
    quem qual porque posso devemos
    """.split()
)


@feature.on_event("m.room.message", order=Order.PROMPT)
async def on_number(ctx: EventContext) -> bool:
    """A bare number right after a "did you mean" picks that choice."""
    body = ctx.content.get("body")
    return isinstance(body, str) and await pick_choice(ctx, body)


@feature.on_event("m.room.message", order=Order.CONTENT)
async def on_message(ctx: EventContext) -> bool:
    """Passive answering: when the bot is named (`mention`), any clear question (`auto`), any message in a DM
    (a guided dialogue in progress claims its replies first)."""
    body = ctx.content.get("body")
    if not isinstance(body, str):
        return False
    mode = feature.config_of(ctx.settings).mode_in(ctx.settings.config_room_id(ctx.room_id))
    if mode == "off":
        return False
    question = mentioned_question(body, ctx.content, ctx.services.user_id)
    if question is not None:
        if question:
            await respond(ctx, question, passive="mention")
        else:
            command = code(ctx.prefix + "faq <question>")
            await ctx.reply(FAQ.say("mention_empty", ctx.language, command=command), markdown=True)
        return True
    if ctx.is_direct:  # a DM is addressed to the bot: every message in it is for the FAQ
        if len(re.findall(r"\w+", body)) < 2 and not body.rstrip().endswith("?"):
            await ctx.reply(FAQ.say("dm_hint", ctx.language, command=code(ctx.prefix + "help")), markdown=True)
            return True
        return await respond(ctx, body, passive="direct")
    if mode == "auto" and looks_like_question(body):
        return await respond(ctx, body, passive="auto")
    return False


def mentioned_question(body: str, content: dict[str, Any], bot_id: str) -> str | None:
    """The question addressed to the bot, or None if the message does not mention it."""
    localpart = bot_id.split(":", 1)[0].lstrip("@")
    mentions = (content.get("m.mentions") or {}).get("user_ids") or []
    pattern = re.compile(rf"(?:{re.escape(bot_id)}|@?{re.escape(localpart)}\b)[:,]?", re.IGNORECASE)
    if bot_id not in mentions and not pattern.search(body):
        return None
    return " ".join(pattern.sub(" ", body).split())


def looks_like_question(body: str) -> bool:
    words = re.findall(r"[\w-]+", fold(body))
    return len(words) >= 3 and (body.rstrip().endswith("?") or words[0] in INTERROGATIVES)


async def pick_choice(ctx: EventContext, body: str) -> bool:
    """A bare number after a "did you mean" answers with that choice; 0 says none fits (a gap, and the offer to
    pass the question on). Only the asker's own choice counts."""
    number = NUMBER_RE.match(body)
    if number is None:
        return False
    faq = service_of(ctx)
    async with ctx.db.begin() as session:  # an expired choice is logged as ignored on the way
        pending = await models.take_pending(
            session, ctx.room_id, ctx.sender, timedelta(minutes=faq.config.choice_minutes), ctx.now()
        )
        question = await session.get(models.Question, pending.question_id) if pending else None
    if pending is None or question is None:
        return False
    choice = int(number.group(1))
    if choice > len(pending.options):
        await ctx.reply(say("choose_between", question.lang, count=len(pending.options)))
        return True
    if choice == 0:
        await none_fits(ctx, pending, question)
        return True
    entry = faq.entry(pending.options[choice - 1])
    if entry is None:
        await ctx.reply(FAQ.say("entry_removed", question.lang))
        return True
    reply_id = await ctx.reply(answer_markdown(entry, question.lang), markdown=True)
    async with ctx.db.begin() as session:
        await session.execute(delete(models.PendingChoice).where(models.PendingChoice.id == pending.id))
        row = await session.get(models.Question, question.id)
        if row is not None:
            row.entry_id, row.answer_event_id = entry.id, reply_id
    return True


async def none_fits(ctx: EventContext, pending: models.PendingChoice, question: models.Question) -> None:
    relay = offers_relay(ctx, None)
    async with ctx.db.begin() as session:
        await session.execute(delete(models.PendingChoice).where(models.PendingChoice.id == pending.id))
        await models.add_gap(session, question.id, "rejected")
        if relay:
            await models.add_offer(session, question.id, ctx.room_id, ctx.sender, ctx.now())
    await ctx.reply(say("dont_know_offer" if relay else "noted", question.lang))


@feature.on_event("m.reaction")
async def on_reaction(ctx: EventContext) -> bool:
    """👍/👎 on one of the FAQ's answers (claimed only when the target is an answer)."""
    reaction = reaction_of(ctx.content)
    vote = VOTES.get(reaction[0]) if reaction else None
    if reaction is None or vote is None:
        return False
    target = reaction[1]
    async with ctx.db.begin() as session:
        question = await session.scalar(select(models.Question).where(models.Question.answer_event_id == target))
        if question is None:
            return False
        done = await session.scalar(
            select(models.Feedback.id).where(
                models.Feedback.question_id == question.id,
                models.Feedback.user_id == ctx.sender,
                models.Feedback.vote == vote,
            )
        )
        if done:
            return True
        session.add(models.Feedback(question_id=question.id, user_id=ctx.sender, vote=vote))
        if vote == "down":
            session.add(
                models.Gap(
                    room_id=question.room_id,
                    user_id=ctx.sender,
                    text=question.text,
                    lang=question.lang,
                    reason="downvoted",
                    question_id=question.id,
                )
            )
    return True


@feature.personal_data
async def personal_data(services: Services, user_id: str) -> dict[str, Any]:
    async with services.db.session() as session:
        questions = list(await session.scalars(select(models.Question).where(models.Question.user_id == user_id)))
        votes = list(await session.scalars(select(models.Feedback).where(models.Feedback.user_id == user_id)))
        edits = list(await session.scalars(select(models.EntryEdit).where(models.EntryEdit.user_id == user_id)))
        gaps = list(await session.scalars(select(models.Gap).where(models.Gap.user_id == user_id)))
        relays = list(await session.scalars(select(models.Relay).where(models.Relay.user_id == user_id)))
        answered = list(await session.scalars(select(models.Relay.id).where(models.Relay.answered_by == user_id)))
    return {
        "passed_on_to_coordinators": [
            {"question": r.id, "status": r.status, "answer": r.answer, "by": r.answered_by} for r in relays
        ],
        "answered_as_coordinator": answered,
        "unanswered_or_downvoted": [{"at": g.created_at.isoformat(), "text": g.text, "why": g.reason} for g in gaps],
        "questions_asked": [
            {
                "at": q.asked_at.isoformat(),
                "room_id": q.room_id,
                "text": q.text,
                "lang": q.lang,
                "outcome": q.outcome,
                "answer": q.entry_id,
            }
            for q in questions
        ],
        "feedback": [{"question_id": v.question_id, "vote": v.vote, "at": v.created_at.isoformat()} for v in votes],
        "knowledge_base_edits": [e.entry_id for e in edits],
    }


@feature.forget
async def forget(services: Services, user_id: str) -> None:
    """Questions and votes stay as anonymous counts; nothing links them to the person any more."""
    async with services.db.begin() as session:
        for model in (models.Question, models.Gap, models.Relay):  # a DM's room id is 1:1 with its person
            rooms = set(await session.scalars(select(model.room_id).where(model.user_id == user_id)))
            direct = [room for room in rooms if services.rooms.is_direct(room)]
            if direct:
                await session.execute(
                    update(model).where(model.user_id == user_id, model.room_id.in_(direct)).values(room_id="")
                )
        await session.execute(  # the message ids map back to the person on the homeserver
            update(models.Question)
            .where(models.Question.user_id == user_id)
            .values(source_event_id=literal("forgotten-") + cast(models.Question.id, String), answer_event_id=None)
        )
        await session.execute(update(models.Question).where(models.Question.user_id == user_id).values(user_id=""))
        await session.execute(update(models.Gap).where(models.Gap.user_id == user_id).values(user_id=""))
        await session.execute(update(models.Relay).where(models.Relay.user_id == user_id).values(user_id=""))
        await session.execute(
            update(models.Relay).where(models.Relay.answered_by == user_id).values(answered_by="a coordinator")
        )
        await session.execute(
            update(models.Feedback)
            .where(models.Feedback.user_id == user_id)
            .values(user_id=f"forgotten-{uuid.uuid4().hex[:12]}")
        )
        await session.execute(delete(models.PendingChoice).where(models.PendingChoice.user_id == user_id))
        await session.execute(
            update(models.EntryEdit).where(models.EntryEdit.user_id == user_id).values(user_id="", source_event_id=None)
        )


@feature.on_room_moved
async def follow_upgrade(services: Services, old_room_id: str, new_room_id: str) -> None:
    """The questions asked in a room, its gaps and pending choices, stay the upgraded room's."""
    async with services.db.begin() as session:
        for model in (models.Question, models.Gap, models.PendingChoice, models.Relay):
            await session.execute(update(model).where(model.room_id == old_room_id).values(room_id=new_room_id))
