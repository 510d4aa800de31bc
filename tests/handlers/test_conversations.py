"""Features through routing with the fake Matrix edge: who gets a message when several could want it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.messages import markdown_to_plain
from handlers.faq import feature as faq_feature
from handlers.faq import models as faq_models
from handlers.faq.render import answer_markdown
from handlers.needs.models import Dialogue
from handlers.needs.texts import say
from tests.fakes import DM, MEMBER, TestBed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await TestBed.start(tmp_path, f"faq:\n  rooms:\n    '{DM}': {{mode: auto}}\n")
    yield test_bed
    await test_bed.close()


async def offer_choice(bed: TestBed) -> None:
    """Leave a pending "did you mean" for the member in their DM, as an ambiguous question would."""
    async with bed.services.db.begin() as session:
        question = faq_models.Question(
            room_id=DM, user_id=MEMBER, source_event_id="$q", text="emblem?", lang="en", outcome="ambiguous"
        )
        session.add(question)
        await session.flush()
        await faq_models.set_pending(
            session, DM, MEMBER, question.id, ["eu-emblem-use", "eu-disclaimer"], bed.clock.now()
        )


async def test_a_number_during_a_guided_need_goes_to_the_dialogue_only(bed: TestBed) -> None:
    assert await bed.ask("!need", room=DM) == markdown_to_plain(say("ask_text", "en"))
    category_prompt = await bed.ask("We need a simple framework to measure our social impact", room=DM)
    assert "\n1. " in category_prompt
    await offer_choice(bed)
    answer = await bed.ask("2", room=DM)  # both the dialogue (category 2) and the FAQ picker could take it
    assert answer.startswith(markdown_to_plain(say("urgency", "en")))
    async with bed.services.db.session() as session:
        assert (await session.get(Dialogue, MEMBER)).state["step"] == "urgency"  # type: ignore[union-attr]
        assert await session.scalar(select(faq_models.PendingChoice.id)) is not None  # the FAQ never saw it


async def test_auto_mode_never_answers_a_dialogue_reply(bed: TestBed) -> None:
    await bed.ask("!need", room=DM)
    question = "What is the co-financing rate of the NCC call and how long can a project last?"
    answer = await bed.ask(question, room=DM)  # a clear question, in an auto-mode room
    assert "\n1. " in answer and "co-financ" not in answer.lower()
    async with bed.services.db.session() as session:
        assert await session.scalar(select(faq_models.Question.id)) is None  # not logged as an FAQ question


async def test_without_a_dialogue_the_faq_takes_the_number_and_the_dm_answers(bed: TestBed) -> None:
    await offer_choice(bed)
    picked = await bed.ask("2", room=DM)
    disclaimer = faq_feature.service_of(bed.services).entry("eu-disclaimer")
    assert disclaimer is not None and picked == markdown_to_plain(answer_markdown(disclaimer, "en"))
    async with bed.services.db.session() as session:
        assert await session.scalar(select(faq_models.PendingChoice.id)) is None
    answer = await bed.say("ok and what's the co-financing rate of the NCC call", room=DM)  # no "?", no "!faq"
    assert len(answer) == 1 and answer[0].body.endswith("· cofinancing-rate")
    assert "rel_type" not in answer[0].content["m.relates_to"]  # a plain reply: no thread in a DM


async def test_a_choice_expires_when_the_clock_moves_on(bed: TestBed) -> None:
    await offer_choice(bed)
    bed.advance(minutes=31)
    hint = await bed.ask("2", room=DM)  # a bare number, no pending choice: not taken as a pick
    assert hint.startswith("Ask me anything about the NCC call")
