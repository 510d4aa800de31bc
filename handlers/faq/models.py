"""The FAQ's tables and queries: chat edits of entries, the question log, gaps, feedback, pending choices."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage import Base, UtcDateTime, utcnow
from handlers.faq.gaps import GapItem
from handlers.faq.kb import Entry


class EntryEdit(Base):
    """A chat edit of an entry: the whole entry as JSON (wins over the YAML seed), or a removal."""

    __tablename__ = "faq_entry_edit"
    entry_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    is_removed: Mapped[bool] = mapped_column(Boolean, default=False)
    user_id: Mapped[str] = mapped_column(String(255))  # the coordinator who edited ("" once forgotten)
    source_event_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)  # of `!faq add`
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class Question(Base):
    """Every question asked (command, mention, auto or CLI-free): the basis of `!stats` and of feedback."""

    __tablename__ = "faq_question"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    room_id: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    source_event_id: Mapped[str] = mapped_column(String(255), unique=True)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    outcome: Mapped[str] = mapped_column(String(16))
    entry_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    answer_event_id: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)


class Gap(Base):
    """A question the bot could not answer well: unanswered, or answered and voted 👎."""

    __tablename__ = "faq_gap"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    room_id: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(16))  # unanswered | downvoted | rejected | ignored (a choice)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("faq_question.id", ondelete="SET NULL"), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # a coordinator answered it


class Relay(Base):
    """A question passed on to the coordinators' room (handlers/faq/relay.py): offered, sent, answered."""

    __tablename__ = "faq_relay"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the number coordinators use (`!faq adopt 12`)
    question_id: Mapped[int] = mapped_column(ForeignKey("faq_question.id", ondelete="CASCADE"), unique=True)
    room_id: Mapped[str] = mapped_column(String(255))  # where it was asked
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    status: Mapped[str] = mapped_column(String(16))  # offered | sent | answered
    offered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    root_event_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)  # the thread
    answered_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Feedback(Base):
    __tablename__ = "faq_feedback"
    __table_args__ = (UniqueConstraint("question_id", "user_id", "vote"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("faq_question.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    vote: Mapped[str] = mapped_column(String(8))  # up | down
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PendingChoice(Base):
    """A "Did you mean 1) 2) 3)" waiting for the asker's number; survives restarts."""

    __tablename__ = "faq_pending_choice"
    __table_args__ = (UniqueConstraint("room_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("faq_question.id", ondelete="CASCADE"))
    options: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


async def load_overrides(session: AsyncSession) -> dict[str, Entry | None]:
    rows = await session.scalars(select(EntryEdit))
    return {row.entry_id: None if row.is_removed else Entry.model_validate(row.data) for row in rows}


async def save_entry(session: AsyncSession, entry: Entry, by: str, *, source_event_id: str | None = None) -> None:
    row = await session.get(EntryEdit, entry.id)
    data = entry.model_dump(mode="json")
    if row is None:
        session.add(
            EntryEdit(entry_id=entry.id, data=data, is_removed=False, user_id=by, source_event_id=source_event_id)
        )
    else:
        row.data, row.is_removed, row.user_id = data, False, by


async def remove_entry(session: AsyncSession, entry_id: str, by: str) -> None:
    row = await session.get(EntryEdit, entry_id)
    if row is None:
        session.add(EntryEdit(entry_id=entry_id, data=None, is_removed=True, user_id=by))
    else:
        row.data, row.is_removed, row.user_id = None, True, by


async def set_pending(
    session: AsyncSession, room_id: str, user_id: str, question_id: int, options: list[str], now: datetime
) -> None:
    earlier = await session.scalar(
        select(PendingChoice).where(PendingChoice.room_id == room_id, PendingChoice.user_id == user_id)
    )
    if earlier is not None:  # asked something else instead of choosing: the earlier question was not answered
        await ignored(session, earlier)
        await session.flush()
    session.add(
        PendingChoice(room_id=room_id, user_id=user_id, question_id=question_id, options=options, created_at=now)
    )


async def take_pending(
    session: AsyncSession, room_id: str, user_id: str, max_age: timedelta, now: datetime
) -> PendingChoice | None:
    row = await session.scalar(
        select(PendingChoice).where(PendingChoice.room_id == room_id, PendingChoice.user_id == user_id)
    )
    if row is None:
        return None
    if row.created_at < now - max_age:
        await ignored(session, row)
        return None
    return row


async def add_gap(session: AsyncSession, question_id: int, reason: str) -> None:
    """Log a question as a gap for the coordinators (once per question and reason)."""
    question = await session.get(Question, question_id)
    if question is None:
        return
    found = await session.scalar(select(Gap.id).where(Gap.question_id == question_id, Gap.reason == reason))
    if found is None:
        session.add(
            Gap(
                room_id=question.room_id,
                user_id=question.user_id,
                text=question.text,
                lang=question.lang,
                reason=reason,
                question_id=question_id,
            )
        )


async def ignored(session: AsyncSession, pending: PendingChoice) -> None:
    """A "did you mean" left unanswered (expired, or another question came first) counts as a miss."""
    await add_gap(session, pending.question_id, "ignored")
    await session.delete(pending)


async def add_offer(session: AsyncSession, question_id: int, room_id: str, user_id: str, now: datetime) -> None:
    """The asker was offered to pass the question on (handlers/faq/relay.py takes their yes)."""
    if await session.scalar(select(Relay.id).where(Relay.question_id == question_id)) is None:
        session.add(Relay(question_id=question_id, room_id=room_id, user_id=user_id, status="offered", offered_at=now))


async def recent_gaps(session: AsyncSession, limit: int) -> list[GapItem]:
    """The newest gaps, ready for clustering (`!faq gaps`, `!stats`)."""
    rows = await session.scalars(
        select(Gap).where(Gap.answered_at.is_(None)).order_by(Gap.created_at.desc()).limit(limit)
    )
    return [GapItem(r.text, r.created_at, r.room_id) for r in rows]


async def stats(session: AsyncSession, since: datetime | None = None) -> dict[str, Any]:
    where = [Question.asked_at >= since] if since else []
    by_outcome = dict(
        (await session.execute(select(Question.outcome, func.count()).where(*where).group_by(Question.outcome))).all()
    )
    top_entries = (
        await session.execute(
            select(Question.entry_id, func.count())
            .where(Question.outcome == "answer", *where)
            .group_by(Question.entry_id)
            .order_by(func.count().desc(), Question.entry_id)
            .limit(5)
        )
    ).all()
    votes = dict((await session.execute(select(Feedback.vote, func.count()).group_by(Feedback.vote))).all())
    return {"outcomes": by_outcome, "top_entries": list(top_entries), "votes": votes}
