"""Limits on the fake edge: a flooding member gets one "slow down" and then silence, others are not affected,
over-long commands and dates are refused with a clear message, an over-long passive question stays silent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.phrases import say
from tests.fakes import COORDINATOR, TestBed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await TestBed.start(tmp_path, "limits:\n  messages_per_minute: 20\n  burst: 10\nfaq:\n  mode: auto\n")
    yield test_bed
    await test_bed.close()


async def test_a_flood_gets_one_slow_down_then_silence_and_others_go_on(bed: TestBed) -> None:
    answers = [[s.body for s in await bed.say("!ping")] for _ in range(14)]
    assert answers[:10] == [["pong"]] * 10
    assert answers[10] == [say("slow_down", "en")] and answers[11:] == [[], [], []]
    assert await bed.ask("!ping", sender=COORDINATOR) == "pong"  # another person is not slowed down
    bed.advance(seconds=3.1)  # one token back (20 a minute)
    assert await bed.ask("!ping") == "pong"
    assert bed.services.metrics.totals["sender_limited_messages"] == 4


async def test_over_long_input_gets_a_clear_message(bed: TestBed) -> None:
    assert (await bed.ask("!ping " + "x" * 5000)).startswith("That is too long for a command (5,006 characters")
    assert "too long for a date" in await bed.ask("!event add " + "T10:00" * 50 + " | x", sender=COORDINATOR)
    rambling = "What is the co-financing rate? " + "and also " * 100
    assert await bed.say(rambling) == []  # auto mode: an over-long question is not answered, and nothing breaks
