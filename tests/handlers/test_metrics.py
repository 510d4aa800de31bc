"""What /metrics counts, through the real routing: commands by outcome, FAQ replies, needs filed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import COORDINATOR, DM, TestBed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await TestBed.start(tmp_path)
    yield test_bed
    await test_bed.close()


def sample(bed: TestBed, name: str, **labels: str) -> float | None:
    return bed.services.metrics.registry.get_sample_value(name, labels)


async def test_commands_are_counted_by_outcome(bed: TestBed) -> None:
    await bed.ask("!ping")
    await bed.ask("!ping")
    await bed.ask("!status")  # a member: refused
    await bed.ask("!status", sender=COORDINATOR)
    await bed.ask("!need +1 nine")  # a bad id: the sender's mistake, not the bot's
    await bed.ask("!pnig")
    commands = "ncc_bot_commands_total"
    assert sample(bed, commands, command="ping", outcome="ok") == 2
    assert sample(bed, commands, command="status", outcome="refused") == 1
    assert sample(bed, commands, command="status", outcome="ok") == 1
    assert sample(bed, commands, command="need +1", outcome="invalid") == 1
    assert sample(bed, commands, command="(unknown)", outcome="unknown") == 1
    assert sample(bed, "ncc_bot_events_total") == 6
    assert sample(bed, "ncc_bot_event_delay_seconds_count") == 6


async def test_faq_replies_and_needs_are_counted(bed: TestBed) -> None:
    await bed.ask("!faq what is the co-financing rate of the NCC grants?")
    await bed.ask("!faq quelle est la durée maximale d'un projet NCC ?")
    await bed.ask("!faq how do I bake sourdough bread at home?")
    answers = "ncc_bot_faq_answers_total"
    assert sample(bed, answers, outcome="answer", language="en") == 1
    assert sample(bed, answers, outcome="answer", language="fr") == 1
    assert sample(bed, answers, outcome="unknown", language="en") == 1
    await bed.ask("!need new a simple framework to measure the social impact of our coastal projects")
    assert sample(bed, "ncc_bot_needs_filed_total", how="command") == 1
    assert bed.services.metrics.totals["needs_filed"] == 1
    assert sample(bed, "ncc_bot_needs_filed_total", how="guided") is None
    status = await bed.ask("!status", sender=COORDINATOR, room=DM)
    assert "needs_filed 1" in status and "faq_answers 3" in status
