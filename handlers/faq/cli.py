"""`ncc-bot ask` and `ncc-bot faq export`: the same matcher and knowledge base, without Matrix."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.storage import Database
from handlers.encoder.feature import service_for as encoder_service_for
from handlers.faq.feature import OUTCOME_LABELS, feature
from handlers.faq.kb import to_yaml
from handlers.faq.matcher import Match, alternatives
from handlers.faq.render import did_you_mean, say
from handlers.faq.service import FaqService
from handlers.shared.i18n import LANGUAGES


def configure_ask(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", help="the question (default: one question per line on stdin)")
    parser.add_argument("--lang", choices=LANGUAGES, help="the question's language (default: detected)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per question")


def result(faq: FaqService, match: Match) -> dict[str, Any]:
    """What the chat would say, as data, in the keys of earlier versions: an answer (`answered`, `id`); a "did you
    mean" (`answer` is its text and `alternatives` exactly the choices offered); or "don't know"."""
    best = match.best
    answered = match.outcome == "answer" and best is not None
    entry = faq.entry(best.entry_id) if answered and best else None
    if entry:
        answer, others = entry.answer_in(match.lang)[0], match.candidates[1:4]
    elif match.outcome == "ambiguous":
        others = alternatives(match, faq.thresholds)
        answer = did_you_mean([e for c in others if (e := faq.entry(c.entry_id))], match.lang, match.labels)
    else:
        answer, others = say("dont_know", match.lang), match.candidates[:3]
    return {
        "answered": bool(entry),
        "id": entry.id if entry else None,
        "score": round(best.score, 1) if best else 0.0,
        "lang": match.lang,
        "answer": answer,
        "alternatives": [{"id": c.entry_id, "score": round(c.score, 1)} for c in others],
    }


async def open_service(settings: Any) -> tuple[FaqService, Database]:
    db = Database(settings.db_url)
    await db.upgrade()  # chat edits live in the database; a fresh install gets an empty one
    config = feature.config_of(settings)
    encoder = encoder_service_for(settings) if config.semantic else None
    faq = FaqService(config, db, encoder)
    await faq.load(wait=True)
    return faq, db


@feature.cli("ask", help="answer a question from the FAQ (no Matrix needed)", configure=configure_ask)
async def ask_cli(args: argparse.Namespace, settings: Any) -> int:
    faq, db = await open_service(settings)
    try:
        questions = [args.question] if args.question is not None else [line.strip() for line in sys.stdin]
        for question in filter(None, questions):
            match = await faq.ask(question, default_lang=settings.language, lang=args.lang)
            data = result(faq, match)
            if args.json:
                print(json.dumps(data, ensure_ascii=False), flush=True)
            else:
                outcome = OUTCOME_LABELS.get(match.outcome, match.outcome)
                label = {
                    "answer": f"[{data['id']} · {data['score']} · {data['lang']}]",
                    "did_you_mean": f"[did you mean · {data['lang']}]",
                }.get(outcome, "[no answer]")
                others = ", ".join(f"{a['id']} ({a['score']})" for a in data["alternatives"])
                print(f"{label}\n{data['answer']}" + (f"\n(also close: {others})" if others else "") + "\n")
    finally:
        await db.dispose()
    return 0


def configure_faq(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="faq_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write the merged knowledge base (YAML seed + chat edits) as YAML")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    export.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="path to config.yaml")


@feature.cli("faq", help="knowledge-base tools: `faq export`", configure=configure_faq)
async def faq_cli(args: argparse.Namespace, settings: Any) -> int:
    faq, db = await open_service(settings)
    try:
        text = to_yaml(faq.index.entries)
    finally:
        await db.dispose()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {len(faq.index.entries)} entries to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
