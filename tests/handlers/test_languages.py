"""One language per person: `!lang` is remembered and every reply follows it; unknown languages get the list."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import DM, MEMBER, TestBed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await TestBed.start(tmp_path)
    yield test_bed
    await test_bed.close()


async def test_a_chosen_language_is_kept_for_every_reply(bed: TestBed) -> None:
    assert "follow your messages" in await bed.ask("!lang")
    assert "polsku" in await bed.ask("!lang polski")
    answer = await bed.ask("!faq how long can an NCC project last?")  # asked in English, answered in Polish
    assert "miesięcy" in answer
    assert bed.services.languages.of(MEMBER) == "pl"
    start = await bed.ask("!need", room=DM)
    assert "Czego" in start or "potrzeb" in start.lower()
    assert "English" not in await bed.ask("!lang auto")


async def test_an_unsupported_language_gets_the_list_in_english(bed: TestBed) -> None:
    text = await bed.ask("!lang nederlands")
    assert "I don't speak" in text and "en, fr, de, es, it, pl, pt" in text
    assert bed.services.languages.of(MEMBER) is None


async def test_the_choice_survives_a_restart_and_is_forgotten_with_the_person(bed: TestBed) -> None:
    await bed.ask("!lang de")
    from bot.languages import PersonLanguages

    fresh = PersonLanguages()
    await fresh.load(bed.services.db)
    assert fresh.of(MEMBER) == "de"
    data = await bed.services.privacy.collect(bed.services, MEMBER)
    assert data["core"]["language_you_chose"] == "de"
    await bed.services.privacy.forget(bed.services, MEMBER)
    assert bed.services.languages.of(MEMBER) is None
    await fresh.load(bed.services.db)
    assert fresh.of(MEMBER) is None


async def test_the_core_answers_in_the_persons_language(bed: TestBed) -> None:
    await bed.ask("!lang de")
    assert (await bed.ask("!needs")).startswith("Leider ist !needs nur für")
    assert (await bed.ask("!evnts")).startswith("Unbekannter Befehl !evnts — meinten Sie !events?")
    assert "Aufruf: !need category" in await bed.ask("!need category")
    await bed.ask("!lang auto")
    assert (await bed.ask("!needs")).startswith("Sorry, !needs is for")


async def test_a_members_needs_commands_answer_in_their_language(bed: TestBed) -> None:
    await bed.ask("!lang it")
    assert "Registrato come bisogno n. 1" in await bed.ask("!need Cerchiamo un modello per misurare l'impatto sociale")
    assert "è già tuo" in await bed.ask("!need +1 1")
    assert (await bed.ask("!needs mine")).startswith("I tuoi bisogni:")
    assert "Non esiste il bisogno n. 9" in await bed.ask("!need withdraw 9")
    assert (await bed.ask("!need withdraw 1")) == "Bisogno n. 1 ritirato."
    assert "Intendevi" in await bed.ask("!need category 1 financng")


async def test_events_and_privacy_answer_in_the_persons_language(bed: TestBed) -> None:
    await bed.ask("!lang pt")
    assert "português" in await bed.ask("!lang")
    assert await bed.ask("!events") == "Não há próximos eventos aqui."
    assert "!forgetme confirm" in (warning := await bed.ask("!forgetme")) and "Isto apaga" in warning
    assert await bed.ask("!forgetme confirm") == "Feito: já não guardo nenhum dado sobre si."


async def test_help_is_in_the_persons_language(bed: TestBed) -> None:
    await bed.ask("!lang es")
    overview = await bed.ask("!help")
    assert overview.startswith("Comandos que puede usar:") and "Necesidades" in overview
    assert "Apoyar una necesidad" in overview or "apoyar" in overview.lower()
    detail = await bed.ask("!help need +1")
    assert detail.startswith("Uso: !need +1 <id>")
    assert "es para" in await bed.ask("!help event add")
