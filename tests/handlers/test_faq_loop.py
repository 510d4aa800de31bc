"""The FAQ's "did you mean" and ask-the-coordinators loop, on the fake edge: none of these, ignored choices,
passing a question on, the coordinator's thread reply relayed back, and `!faq adopt` making it an entry."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from handlers.faq import models
from tests.fakes import BOT, COORDINATOR, DM, GROUP, MEMBER, FakeRoom, PowerLevels, TestBed

HUB = "!coordinators:test"
UNKNOWN = "Which pizza place near the Berlaymont do the NCC people like best?"


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    rooms = {
        GROUP: FakeRoom(users={BOT: None, MEMBER: None, COORDINATOR: None}, display_name="NCC group"),
        DM: FakeRoom(users={BOT: None, MEMBER: None}, display_name="DM"),
        HUB: FakeRoom(
            users={BOT: None, COORDINATOR: None, "@helper:test": None},
            power_levels=PowerLevels({COORDINATOR: 50}),
            display_name="Coordinators",
        ),
    }
    test_bed = await TestBed.start(tmp_path, f"faq:\n  coordinators_room: '{HUB}'\n", rooms=rooms, direct=[DM])
    yield test_bed
    await test_bed.close()


async def gaps(bed: TestBed) -> list[tuple[str, str, bool]]:
    async with bed.services.db.session() as session:
        rows = await session.scalars(select(models.Gap).order_by(models.Gap.id))
        return [(g.text, g.reason, g.answered_at is not None) for g in rows]


async def pending_choice(bed: TestBed, question: str) -> None:
    async with bed.services.db.begin() as session:
        row = models.Question(
            room_id=GROUP,
            user_id=MEMBER,
            source_event_id=f"$q-{question}",
            text=question,
            lang="en",
            outcome="ambiguous",
        )
        session.add(row)
        await session.flush()
        await models.set_pending(session, GROUP, MEMBER, row.id, ["eu-emblem-use", "eu-disclaimer"], bed.clock.now())


async def test_a_stored_wording_is_answered_never_offered_as_a_choice(bed: TestBed) -> None:
    text = await bed.ask("!faq What is eSINNIS?")
    assert "Did you mean" not in text and "eSINNIS" in text and "esinnis-submission" in text


async def test_choices_are_labelled_and_zero_means_none_of_these(bed: TestBed) -> None:
    await pending_choice(bed, "logo rules?")
    text = await bed.ask("7")
    assert text == "Please answer with a number from 0 to 2."
    text = await bed.ask("0")
    assert "pass your question on to the coordinators" in text
    assert await gaps(bed) == [("logo rules?", "rejected", False)]


async def test_an_ignored_choice_is_a_gap_too(bed: TestBed) -> None:
    await pending_choice(bed, "logo rules?")
    await pending_choice(bed, "disclaimer text?")  # asked something else instead of choosing
    bed.advance(hours=2)
    assert await bed.say("1") == []  # expired: the number is just a number now
    assert await gaps(bed) == [("logo rules?", "ignored", False), ("disclaimer text?", "ignored", False)]


async def test_did_you_mean_offers_the_closest_wordings_and_a_way_out(bed: TestBed) -> None:
    faq = bed.services.feature_services["faq"]
    match = await faq.ask("horizon europe", default_lang="en")  # three entries are about Horizon Europe
    assert match.outcome == "ambiguous" and len(match.labels) >= 2
    text = await bed.ask("!faq horizon europe")
    assert re.search(r"^0[.)] none of these$", text, re.MULTILINE), text
    for label in match.labels.values():
        assert label in text


async def test_passed_on_answered_adopted_then_answered_directly(bed: TestBed) -> None:
    assert "pass your question on" in await bed.ask(f"!faq {UNKNOWN}")
    sent = await bed.say("yes", event_id="$yes")
    thread, confirmation = sent
    assert thread.room_id == HUB and UNKNOWN in thread.body and MEMBER not in thread.body
    assert thread.content["msgtype"] == "m.text"  # coordinators are notified
    assert "Passed on" in confirmation.body and confirmation.room_id == GROUP
    assert await bed.say("yes", event_id="$yes") == []  # a replay posts nothing twice
    async with bed.services.db.session() as session:
        root = await session.scalar(select(models.Relay.root_event_id))
    assert root

    helper = await bed.say("no idea, sorry", room=HUB, sender="@helper:test", **in_thread(root))
    assert helper == []  # not a moderator of the coordinators' room: not an answer for the network
    answer = "The Cafe Belga crowd, usually; ask in the Brussels room."
    relayed, hint = await bed.say(answer, room=HUB, sender=COORDINATOR, **in_thread(root))
    assert relayed.room_id == GROUP and answer in relayed.body and COORDINATOR in relayed.body
    assert relayed.content["m.mentions"] == {"user_ids": [MEMBER]}
    assert relayed.content["m.relates_to"]["m.in_reply_to"]["event_id"].startswith("$")
    assert hint.room_id == HUB and "faq adopt 1" in hint.body
    assert await bed.say("a second reply", room=HUB, sender=COORDINATOR, **in_thread(root)) == []
    assert all(answered for _, _, answered in await gaps(bed))

    assert MEMBER in await bed.ask("!faq who 1", room=HUB, sender=COORDINATOR)
    assert MEMBER not in await bed.ask("!faq who 1")  # members are refused
    added = await bed.ask("!faq adopt 1 topic community-life", room=HUB, sender=COORDINATOR)
    assert "topic community-life" in added
    text = await bed.ask(f"!faq {UNKNOWN}")
    assert answer in text


def in_thread(root: str) -> dict[str, object]:
    return {"m.relates_to": {"rel_type": "m.thread", "event_id": root, "m.in_reply_to": {"event_id": root}}}


async def test_a_chat_added_entry_can_be_given_a_topic(bed: TestBed) -> None:
    added = await bed.ask(
        "!faq add Can we rent kayaks for the retreat? | Ask the club. | topic leisure", sender=COORDINATOR
    )
    assert added.startswith("Added ")
    entry = bed.services.feature_services["faq"].entry("can-we-rent-kayaks-for-the")
    assert entry is not None and entry.topic == "leisure"
    refused = await bed.ask("!faq add Kayaks? | Ask. | not a link", sender=COORDINATOR)
    assert "neither a link" in refused


async def test_questions_follow_the_coordinators_room_to_its_upgrade(bed: TestBed) -> None:
    upgraded = "!coordinators-v12:test"
    bed.matrix.rooms[upgraded] = FakeRoom(
        users={BOT: None, COORDINATOR: None}, power_levels=PowerLevels({COORDINATOR: 50}), display_name="Hub v12"
    )
    bed.services.settings.room_moved(HUB, upgraded)  # as bot/upgrades.py does on the tombstone (and at start)
    await bed.ask(f"!faq {UNKNOWN}")
    thread, _ = await bed.say("yes")
    assert thread.room_id == upgraded
    async with bed.services.db.session() as session:
        root = await session.scalar(select(models.Relay.root_event_id))
    relayed, _ = await bed.say("Ask the Brussels room.", room=upgraded, sender=COORDINATOR, **in_thread(root))
    assert relayed.room_id == GROUP and "Ask the Brussels room." in relayed.body
