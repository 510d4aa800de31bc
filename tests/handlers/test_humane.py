"""Replies that fit the person: role-aware help, no needless usage lines, merged needs that say where they went,
and no silent change to an event."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import COORDINATOR, GROUP, TestBed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await TestBed.start(tmp_path)
    yield test_bed
    await test_bed.close()


async def test_help_says_a_command_exists_for_coordinators(bed: TestBed) -> None:
    text = await bed.ask("!help event add")
    assert text.startswith("!event add is for this room's moderators")
    assert "There is no command" in await bed.ask("!help event fly")
    assert "Usage" in await bed.ask("!help event add", sender=COORDINATOR)


async def test_supporting_ones_own_need_is_a_plain_answer(bed: TestBed) -> None:
    await bed.ask("!need new a mentoring scheme for new NCC staff")
    text = await bed.ask("!need +1 1")
    assert text.startswith("Need #1 is yours already") and "Usage" not in text


async def test_a_merged_need_says_into_which(bed: TestBed) -> None:
    await bed.ask("!need new a mentoring scheme for new NCC staff")
    await bed.ask("!need new mentoring for our new staff members, please", sender=COORDINATOR)
    await bed.ask("!need merge 1 2", sender=COORDINATOR)
    assert "#1 [merged into #2]" in await bed.ask("!needs mine")


async def test_moving_an_event_tells_the_room(bed: TestBed) -> None:
    await bed.say("!event add in 3 days 10:00 | Working Group call", sender=COORDINATOR)
    sent = await bed.say("!event edit 1 when in 4 days 11:00", sender=COORDINATOR)
    moved = [s for s in sent if s.room_id == GROUP and s.body.startswith("🕒 Moved: Working Group call is now")]
    assert len(moved) == 1 and "(was " in moved[0].body
    assert sent[-1].body.startswith("Event #1 now starts")


async def test_the_announcements_list_never_cuts_inside_markup(bed: TestBed) -> None:
    text = "Registration for the **onsite event** is open: see **!events** for the date, and bring your badge along"
    await bed.ask(f"!announce at in 2 days 10:00 | {text}", sender=COORDINATOR)
    listed = await bed.ask("!announcements")
    assert "**" not in listed and "Registration for the onsite event is open" in listed and listed.endswith("…")


async def test_a_mistyped_status_gets_a_suggestion(bed: TestBed) -> None:
    await bed.ask("!need new a mentoring scheme for new NCC staff")
    text = await bed.ask("!need status 1 adressed", sender=COORDINATOR)
    assert "adressed is not a status. Did you mean addressed?" in text


async def test_a_one_line_need_asks_for_the_country_once(bed: TestBed) -> None:
    first = await bed.ask("!need a mentoring scheme for new NCC staff")
    assert "need country" in first
    second = await bed.ask("!need a template for our stakeholder roadmap")
    assert "need country" not in second  # asked once
    saved = await bed.ask("!need country NCC Portugal")
    assert "NCC Portugal" in saved
    mine = await bed.ask("!needs mine")
    assert "#1" in mine and "#2" in mine
    from sqlalchemy import select

    from handlers.needs.models import Need

    async with bed.services.db.session() as session:
        assert set(await session.scalars(select(Need.country))) == {"NCC Portugal"}


async def test_a_polish_dialogue_answers_mistakes_in_polish(bed: TestBed) -> None:
    from tests.fakes import DM

    await bed.ask("!need", room=DM)
    prompt = await bed.ask("Potrzebujemy wskaźników do pomiaru wpływu społecznego naszych programów", room=DM)
    assert "kategoria" in prompt.lower()
    wrong = await bed.ask("banany", room=DM)
    assert "nie jest jedną z kategorii" in wrong and "is not one of" not in wrong
    await bed.ask("ok", room=DM)
    late = await bed.ask("2019-01-01", room=DM)
    assert "już minął" in late
    one_line = await bed.ask("!need Szukamy partnerów do wspólnego projektu z innym NCC z Hiszpanii")
    assert one_line.startswith("Zapisano jako potrzebę nr")


async def test_a_refusal_points_to_the_members_own_command(bed: TestBed) -> None:
    assert (await bed.ask("!needs")).endswith("Try !needs mine.")
    assert (await bed.ask("!need status 1 addressed")).endswith("Try !need withdraw.")
    assert "!help shows what you can use" in await bed.ask("!needs export")


async def test_a_question_in_a_language_the_bot_does_not_speak_gets_the_list(bed: TestBed) -> None:
    text = await bed.ask("!faq Welke kosten zijn subsidiabel voor ons project?")
    assert "I don't speak Dutch yet" in text and "Portuguese" in text
    assert "I don't speak" not in await bed.ask("!faq Welche Kosten sind in unserem Projekt förderfähig?")
