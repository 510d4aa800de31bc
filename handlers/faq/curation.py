"""Coordinators' FAQ commands: add, alias, edit, remove, gaps, reload, stats. Edits live in the database,
survive restarts and win over the YAML seed (`ncc-bot faq export` writes the merged result back to YAML)."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import select

from bot.commands import split_fields
from bot.context import CommandContext
from bot.errors import ConfigError, NotFound, UsageError, UserError
from bot.messages import code, quoted
from bot.permissions import Authority
from handlers.faq import models
from handlers.faq.commands import unknown_id_message
from handlers.faq.feature import feature, service_of
from handlers.faq.gaps import cluster_gaps
from handlers.faq.kb import Entry, to_yaml
from handlers.faq.phrases import FAQ
from handlers.shared.i18n import LANGUAGES
from handlers.shared.text import tokens

URL_RE = re.compile(r"^https?://\S+$")
LANG_PREFIX_RE = re.compile(r"^([a-z]{2})\s*$")
TOPIC_FIELD_RE = re.compile(r"^topic[:\s]\s*([a-zA-Z][a-zA-Z0-9-]{1,39})$", re.IGNORECASE)


def new_entry_id(question: str, taken: set[str]) -> str:
    """A readable, stable id from the question's first words: `how-do-we-report-travel-costs`."""
    words = [w for w in tokens(question) if len(w) > 1][:6] or ["entry"]
    base = "-".join(words)[:34].strip("-")
    if not base[0].isalpha():
        base = "q-" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@feature.command(
    "faq add",
    usage="<question> | <answer> [| <source link>] [| topic <topic>]",
    requires=Authority.NETWORK_COORDINATOR,
    help="Add an FAQ entry (the languages of the question and answer are detected).",
    examples=(
        "!faq add Can we pay travel costs from the grant? | Check your grant agreement's budget rules. "
        "| https://example.org/rules | topic funding",
    ),
)
async def add(ctx: CommandContext, args: str) -> None:
    faq = service_of(ctx)
    fields = split_fields(args, 4, required=2)
    question, answer = fields[0], fields[1]
    sources, topic = [], "community"
    for extra in filter(None, fields[2:]):
        named = TOPIC_FIELD_RE.match(extra)
        if named:
            topic = named.group(1).lower()
        elif URL_RE.match(extra):
            sources.append(extra)
        else:
            raise UsageError(FAQ.text("field_bad", text=quoted(extra)))
    lang = faq.index.detect_language(question, ctx.language)
    async with ctx.db.session() as session:
        earlier = await session.scalar(
            select(models.EntryEdit.entry_id).where(models.EntryEdit.source_event_id == ctx.event_id)
        )
    entry_id = earlier or new_entry_id(question, {e.id for e in faq.index.entries})  # a replay keeps its id
    entry = Entry(
        id=entry_id,
        topic=topic,
        reviewed=ctx.now().date(),
        sources=sources,
        questions={lang: [question]},
        answer={lang: answer},
    )
    await save(ctx, entry, source_event_id=ctx.event_id)
    command = code(ctx.prefix + "faq alias " + entry_id + " <question>")
    await ctx.reply(FAQ.say("added", ctx.language, id=code(entry_id), lang=lang, command=command), markdown=True)


@feature.command(
    "faq alias",
    usage="<id> <question>",
    requires=Authority.NETWORK_COORDINATOR,
    help="Add another wording of the question to an entry.",
    examples=("!faq alias eu-disclaimer do we need the legal notice on slides?",),
)
async def alias(ctx: CommandContext, args: str) -> None:
    entry_id, _, question = args.strip().partition(" ")
    question = question.strip()
    if not question:
        raise UsageError(FAQ.text("alias_args"))
    entry = existing(ctx, entry_id)
    lang = service_of(ctx).index.detect_language(question, ctx.language)
    questions = {k: list(v) for k, v in entry.questions.items()}
    questions.setdefault(lang, []).append(question)
    await save(ctx, entry.model_copy(update={"questions": questions}))
    await ctx.reply(FAQ.say("aliased", ctx.language, id=code(entry.id), question=question, lang=lang), markdown=False)


@feature.command(
    "faq edit",
    usage="<id> [language] | <answer>",
    requires=Authority.NETWORK_COORDINATOR,
    help="Replace an entry's answer (in the given or detected language).",
    examples=(
        "!faq edit call-dates | The call is closed; see the Call Conditions.",
        "!faq edit call-dates fr | L'appel est clos.",
    ),
)
async def edit(ctx: CommandContext, args: str) -> None:
    head, answer = split_fields(args, 2, required=2)
    entry_id, _, lang_part = head.partition(" ")
    entry = existing(ctx, entry_id)
    lang = lang_part.strip().lower() or service_of(ctx).index.detect_language(answer, ctx.language)
    if not LANG_PREFIX_RE.match(lang) or lang not in LANGUAGES:
        raise UsageError(FAQ.text("not_a_language", lang=quoted(lang), languages=", ".join(LANGUAGES)))
    reviewed = ctx.now().date()
    await save(ctx, entry.model_copy(update={"answer": {**entry.answer, lang: answer}, "reviewed": reviewed}))
    await ctx.reply(FAQ.say("edited", ctx.language, lang=lang, id=code(entry.id)), markdown=True)


@feature.command("faq remove", usage="<id>", requires=Authority.NETWORK_COORDINATOR, help="Remove an FAQ entry.")
async def remove(ctx: CommandContext, args: str) -> None:
    entry = existing(ctx, args.strip())
    async with ctx.db.begin() as session:
        await models.remove_entry(session, entry.id, ctx.sender)
    await service_of(ctx).refresh()
    await ctx.reply(FAQ.say("removed", ctx.language, id=code(entry.id)), markdown=True)


@feature.command(
    "faq gaps",
    read_only=True,
    requires=Authority.NETWORK_COORDINATOR,
    help="Questions the bot could not answer (or that got 👎), grouped, newest first.",
)
async def gaps(ctx: CommandContext, args: str) -> None:
    async with ctx.db.session() as session:
        items = await models.recent_gaps(session, 2000)
    clusters = await asyncio.to_thread(cluster_gaps, items)
    if not clusters:
        await ctx.reply(FAQ.say("no_gaps", ctx.language))
        return
    lang, lines = ctx.language, []
    for cluster in clusters[:15]:
        where = ctx.services.rooms.display_name(cluster.latest_room)
        when = cluster.latest_at.astimezone(ctx.timezone).strftime("%Y-%m-%d %H:%M")
        values = {"count": str(cluster.count), "text": cluster.representative, "when": when, "where": where}
        lines.append("- " + FAQ.say("gap_line", lang, **values))
    more = "\n" + FAQ.say("gaps_more", lang, count=str(len(clusters) - 15)) if len(clusters) > 15 else ""
    head = FAQ.say("gaps_head", lang, count=str(len(items)), groups=str(len(clusters)))
    await ctx.reply(head + "\n" + "\n".join(lines) + more)


@feature.command(
    "faq export",
    requires=Authority.NETWORK_COORDINATOR,
    help="Upload the knowledge base with all chat edits as a YAML file (for review or the repository).",
)
async def export(ctx: CommandContext, args: str) -> None:
    entries = service_of(ctx).index.entries
    data = to_yaml(entries).encode("utf-8")
    await ctx.send_file(data, "faq-knowledge-base.yaml", "application/yaml")
    await ctx.reply(FAQ.say("exported", ctx.language, count=str(len(entries))))


@feature.command(
    "faq reload",
    requires=Authority.NETWORK_COORDINATOR,
    help="Re-read the knowledge base file and the chat edits (after editing the YAML).",
)
async def reload(ctx: CommandContext, args: str) -> None:
    await ctx.reply(FAQ.say("reloading", ctx.language))
    try:
        count = await service_of(ctx).load()
    except ConfigError as exc:  # the file's errors stay as the validator wrote them: file names and keys
        raise UserError(FAQ.say("reload_failed", ctx.language) + f"\n{exc}") from None
    await ctx.reply(FAQ.say("reloaded", ctx.language, count=str(count)))


@feature.command(
    "stats",
    read_only=True,
    requires=Authority.NETWORK_COORDINATOR,
    help="FAQ figures: questions asked, answered / ambiguous / unanswered, top entries and gaps.",
)
async def stats(ctx: CommandContext, args: str) -> None:
    async with ctx.db.session() as session:
        figures = await models.stats(session)
        recent = await models.recent_gaps(session, 500)
    outcomes = figures["outcomes"]
    total = sum(outcomes.values())
    if total == 0:
        await ctx.reply(FAQ.say("no_questions", ctx.language))
        return

    def share(key: str) -> str:
        return f"{outcomes.get(key, 0)} ({100 * outcomes.get(key, 0) / total:.0f} %)"

    lang, votes = ctx.language, figures["votes"]
    lines = [
        FAQ.say("stats_asked", lang, total=str(total)),
        FAQ.say(
            "stats_outcomes", lang, answered=share("answer"), ambiguous=share("ambiguous"), unanswered=share("none")
        ),
        FAQ.say("stats_feedback", lang, up=str(votes.get("up", 0)), down=str(votes.get("down", 0))),
    ]
    if figures["top_entries"]:
        entries = ", ".join(f"{entry_id} ({n})" for entry_id, n in figures["top_entries"])
        lines.append(FAQ.say("stats_top", lang, entries=entries))
    top_gaps = sorted(await asyncio.to_thread(cluster_gaps, recent), key=lambda c: c.count, reverse=True)[:3]
    if top_gaps:
        gaps = "; ".join(f"“{c.representative}” ({c.count})" for c in top_gaps)
        lines.append(FAQ.say("stats_gaps", lang, gaps=gaps))
    await ctx.reply("\n".join(lines))


def existing(ctx: CommandContext, entry_id: str) -> Entry:
    entry = service_of(ctx).entry(entry_id.strip().lower())
    if entry is None:
        raise NotFound(unknown_id_message(ctx, entry_id.strip().lower()))
    return entry


async def save(ctx: CommandContext, entry: Entry, *, source_event_id: str | None = None) -> None:
    async with ctx.db.begin() as session:
        await models.save_entry(session, entry, ctx.sender, source_event_id=source_event_id)
    await service_of(ctx).refresh()
