"""The FAQ's tables on SQLite and PostgreSQL: chat edits, pending choices, stats, feedback uniqueness."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from bot.storage import Database
from handlers.faq import models
from handlers.faq.config import FaqConfig
from handlers.faq.kb import Entry
from handlers.faq.service import FaqService

ENTRY = Entry.model_validate(
    {
        "id": "boat-trips",
        "topic": "community",
        "reviewed": "2026-11-25",
        "questions": {"en": ["Can we rent a boat?"]},
        "answer": {"en": "No."},
    }
)


async def test_edits_override_the_seed_and_survive_a_new_service(db: Database) -> None:
    faq = FaqService(FaqConfig(), db)
    seed_count = await faq.load()
    seed_id = faq.index.entries[0].id
    async with db.begin() as session:
        await models.save_entry(session, ENTRY, "@coord:x")
        await models.remove_entry(session, seed_id, "@coord:x")
    fresh = FaqService(FaqConfig(), db)
    assert await fresh.load() == seed_count
    assert fresh.entry("boat-trips") == ENTRY and fresh.entry(seed_id) is None
    async with db.begin() as session:  # re-adding a removed entry brings it back
        await models.save_entry(session, ENTRY.model_copy(update={"id": seed_id}), "@coord:x")
    await fresh.refresh()
    assert fresh.entry(seed_id) is not None


async def test_pending_choice_is_one_per_asker_and_expires(db: Database) -> None:
    now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    async with db.begin() as session:
        question = models.Question(
            room_id="!r:x", user_id="@a:x", source_event_id="$q", text="emblem", lang="en", outcome="ambiguous"
        )
        session.add(question)
        await session.flush()
        await models.set_pending(session, "!r:x", "@a:x", question.id, ["a", "b"], now)
        await models.set_pending(session, "!r:x", "@a:x", question.id, ["c", "d", "e"], now)
    async with db.session() as session:
        pending = await models.take_pending(session, "!r:x", "@a:x", timedelta(minutes=30), now)
        assert pending is not None and pending.options == ["c", "d", "e"]
        assert await models.take_pending(session, "!r:x", "@b:x", timedelta(minutes=30), now) is None
    async with db.begin() as session:
        later = now + timedelta(minutes=31)  # the clock moved past the choice's lifetime
        assert await models.take_pending(session, "!r:x", "@a:x", timedelta(minutes=30), later) is None


async def test_stats_and_unique_feedback(db: Database) -> None:
    async with db.begin() as session:
        for n, (outcome, entry) in enumerate([("answer", "a"), ("answer", "a"), ("answer", "b"), ("none", None)]):
            session.add(
                models.Question(
                    room_id="!r:x",
                    user_id="@a:x",
                    source_event_id=f"$q{n}",
                    text="q",
                    lang="en",
                    outcome=outcome,
                    entry_id=entry,
                    answer_event_id=f"$r{n}",
                )
            )
    async with db.begin() as session:
        session.add(models.Feedback(question_id=1, user_id="@a:x", vote="up"))
    async with db.session() as session:
        figures = await models.stats(session)
    assert figures["outcomes"] == {"answer": 3, "none": 1}
    assert [tuple(row) for row in figures["top_entries"]] == [("a", 2), ("b", 1)]
    assert figures["votes"] == {"up": 1}
    with pytest.raises(IntegrityError):
        async with db.begin() as session:
            session.add(models.Feedback(question_id=1, user_id="@a:x", vote="up"))
