"""Replays after a kill -9 (the same event handled again, before its ledger entry was written): every state
change is idempotent on the event id, and every reply carries the same transaction key (the homeserver drops
the copy), so nothing is filed, scheduled or posted twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handlers.events.models import Announcement
from handlers.faq import models as faq_models
from handlers.needs.models import Dialogue, Need
from tests.fakes import COORDINATOR, DM, MEMBER, TestBed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await TestBed.start(tmp_path)
    yield test_bed
    await test_bed.close()


async def twice(bed: TestBed, text: str, event_id: str, **where: str) -> tuple[list[str], list[str]]:
    first = await bed.say(text, event_id=event_id, **where)
    second = await bed.say(text, event_id=event_id, **where)
    assert [s.tx_key for s in first] == [s.tx_key for s in second]  # the re-sends are dropped by the homeserver
    return [s.body for s in first], [s.body for s in second]


async def count(bed: TestBed, query: object) -> int:
    async with bed.services.db.session() as session:
        return int(await session.scalar(query) or 0)  # type: ignore[arg-type]


async def test_a_replayed_announce_makes_one_announcement_and_one_job(bed: TestBed) -> None:
    first, second = await twice(bed, "!announce at in 2 hours | Registration closes", "$announce", sender=COORDINATOR)
    assert first == second and first[0].startswith("Announcement #1")
    assert await count(bed, select(func.count(Announcement.id))) == 1
    assert await bed.services.scheduler.job_ids() == {"events.announcement:1"}


async def test_a_replayed_faq_add_makes_one_entry(bed: TestBed) -> None:
    first, second = await twice(bed, "!faq add Where is the harbour? | By the sea.", "$add", sender=COORDINATOR)
    assert first == second and first[0].startswith("Added where-is-the-harbour")
    assert await count(bed, select(func.count(faq_models.EntryEdit.entry_id))) == 1


async def test_a_replayed_dialogue_answer_is_applied_once(bed: TestBed) -> None:
    await bed.say("!need", room=DM)
    await bed.say("We need a simple framework to measure our social impact", room=DM)
    first, second = await twice(bed, "2", "$category", room=DM)
    assert first == second
    async with bed.services.db.session() as session:
        assert (await session.get(Dialogue, MEMBER)).state["step"] == "urgency"  # type: ignore[union-attr]
    await bed.say("1", room=DM)  # urgency
    await bed.say("Malta", room=DM)  # country
    await bed.say("yes", room=DM, event_id="$contact")  # may a coordinator contact you
    replayed = await bed.say("yes", room=DM, event_id="$contact")  # the replay must not confirm the summary
    assert "confirm" in replayed[0].body.lower() or "?" in replayed[0].body
    assert await count(bed, select(func.count(Need.id))) == 0  # nothing filed without the member's own "yes"
    await bed.say("yes", room=DM)  # the real confirmation
    assert await count(bed, select(func.count(Need.id))) == 1
