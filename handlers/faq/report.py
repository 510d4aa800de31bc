"""What the FAQ's records say, for readers outside the chat (the coordinators' dashboard): outcomes per language
and month, votes per entry, the unanswered questions clustered, and marking a cluster answered once an entry
covers it. Plain queries over the FAQ's tables; CPU work (clustering) in a thread."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime

from rapidfuzz import fuzz
from sqlalchemy import func, select, update

from bot.storage import Database
from handlers.faq.gaps import SIMILAR, Cluster, cluster_gaps
from handlers.faq.models import Feedback, Gap, Question, recent_gaps
from handlers.shared.text import fold


async def outcomes_by_month(db: Database, since: datetime) -> dict[tuple[str, str], Counter[str]]:
    """(month "2026-11", language) -> outcome ("answer", "ambiguous", "none") counts."""
    async with db.session() as session:
        rows = (
            await session.execute(
                select(Question.asked_at, Question.lang, Question.outcome).where(Question.asked_at >= since)
            )
        ).all()
    table: dict[tuple[str, str], Counter[str]] = {}
    for asked_at, lang, outcome in rows:
        table.setdefault((asked_at.strftime("%Y-%m"), lang), Counter())[outcome] += 1
    return dict(sorted(table.items()))


async def votes_by_entry(db: Database) -> dict[str, Counter[str]]:
    async with db.session() as session:
        rows = (
            await session.execute(
                select(Question.entry_id, Feedback.vote, func.count())
                .join(Question, Question.id == Feedback.question_id)
                .group_by(Question.entry_id, Feedback.vote)
            )
        ).all()
    votes: dict[str, Counter[str]] = {}
    for entry_id, vote, count in rows:
        votes.setdefault(entry_id or "?", Counter())[vote] = count
    return votes


async def gap_clusters(db: Database, limit: int = 2000) -> list[Cluster]:
    async with db.session() as session:
        items = await recent_gaps(session, limit)
    return await asyncio.to_thread(cluster_gaps, items)


async def mark_answered(db: Database, representative: str, now: datetime) -> int:
    """The unanswered gaps of the cluster `representative` stands for are answered now (an entry covers them)."""
    async with db.session() as session:
        rows = (await session.execute(select(Gap.id, Gap.text).where(Gap.answered_at.is_(None)))).all()
    key = fold(representative)
    ids = [gap_id for gap_id, text in rows if fuzz.token_set_ratio(key, fold(text)) >= SIMILAR]
    if not ids:
        return 0
    async with db.begin() as session:
        await session.execute(update(Gap).where(Gap.id.in_(ids)).values(answered_at=now))
    return len(ids)
