"""What Element users meet: edited commands run again with the answer edited in place, plain questions in a DM
answered, late answers that notify the asker, and messages with an HTML part and a plain body without markup."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.phrases import say
from tests.fakes import COORDINATOR, DM, GROUP, MEMBER, Sent, TestBed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await TestBed.start(tmp_path)
    yield test_bed
    await test_bed.close()


def edit(original: str, body: str) -> dict[str, Any]:
    new = {"msgtype": "m.text", "body": body}
    return {"m.new_content": new, "m.relates_to": {"rel_type": "m.replace", "event_id": original}}


async def send_edit(bed: TestBed, original: str, body: str, **kwargs: Any) -> list[Sent]:
    return await bed.say("* " + body, **edit(original, body), **kwargs)


async def test_an_edited_typo_runs_the_command_and_edits_the_answer(bed: TestBed) -> None:
    [typo] = await bed.say("!pnig", event_id="$typo")
    assert "did you mean !ping?" in typo.body
    bot_reply = "$bot1"  # the fake edge's first id
    [fixed] = await send_edit(bed, "$typo", "!ping")
    assert fixed.content["m.relates_to"] == {"rel_type": "m.replace", "event_id": bot_reply}
    assert fixed.content["m.new_content"]["body"] == "pong" and fixed.body == "* pong"
    assert "m.relates_to" not in fixed.content["m.new_content"]
    [again] = await send_edit(bed, "$typo", "!version")  # a second edit edits the same answer
    assert again.content["m.relates_to"]["event_id"] == bot_reply
    assert again.content["m.new_content"]["body"].startswith("ncc-bot ")


async def test_edits_of_chat_and_of_other_peoples_commands_are_ignored(bed: TestBed) -> None:
    assert await bed.say("hello all", event_id="$chat") == []
    assert await send_edit(bed, "$chat", "!ping") == []  # chat edited into a command: not picked up
    await bed.say("!pnig", event_id="$typo")
    assert await send_edit(bed, "$typo", "!ping", sender=COORDINATOR) == []  # only its sender may edit it
    assert await send_edit(bed, "$typo", "ping, I meant") == []  # edited into chat: nothing to run
    bed.advance(minutes=11)
    assert await send_edit(bed, "$typo", "!ping") == []  # past the window


async def test_a_command_that_changed_something_is_not_run_twice(bed: TestBed) -> None:
    [noted] = await bed.say("!need new a simple framework to measure our social impact", event_id="$need")
    assert noted.body.startswith("Noted as need #1")
    [note] = await send_edit(bed, "$need", "!need new a simple framework to measure our social impact, please")
    assert note.body == say("edited_after_running", "en")
    assert note.content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$need"}}  # a new message, no edit
    mine = await bed.ask("!needs mine")
    assert "#1" in mine and "#2" not in mine


async def test_a_refused_command_edited_runs_when_allowed(bed: TestBed) -> None:
    [bad] = await bed.say("!need +1 one", event_id="$bad")  # malformed: changed nothing
    assert "not" in bad.body
    await bed.ask("!need new a mentoring scheme for new NCC staff")
    [fixed] = await send_edit(bed, "$bad", "!need +1 1")
    assert fixed.content["m.relates_to"]["rel_type"] == "m.replace"


async def test_a_plain_question_in_a_dm_is_answered(bed: TestBed) -> None:
    answer = await bed.ask("how long can an NCC project last", room=DM)
    assert "project-duration" in answer
    assert await bed.say("how long can an NCC project last", room=GROUP) == []  # in a group, it's chat
    hint = await bed.ask("thanks", room=DM)
    assert hint.startswith("Ask me anything")


async def test_a_late_answer_notifies_the_asker(bed: TestBed) -> None:
    [prompt] = await bed.say("!ping")
    assert prompt.content["msgtype"] == "m.notice" and prompt.content["m.mentions"] == {"user_ids": []}
    [late] = await bed.say("!ping", sent_ago=timedelta(minutes=5))  # the bot was down
    assert late.content["msgtype"] == "m.text" and late.content["m.mentions"] == {"user_ids": [MEMBER]}


async def test_every_message_has_html_and_a_plain_body(bed: TestBed) -> None:
    [pong] = await bed.say("!ping")
    assert pong.content["formatted_body"] == "pong"
    [answer] = await bed.say("!faq can we use the EU emblem without permission?")
    assert "**" not in answer.body and "`" not in answer.body
    assert "<strong>" in answer.content["formatted_body"] or "<p>" in answer.content["formatted_body"]


async def test_the_needs_summary_is_a_list_and_a_chart(bed: TestBed) -> None:
    await bed.ask("!need new a simple framework to measure our social impact")
    await bed.ask("!need new mapping the actors of our coastal ecosystem")
    text, image = await bed.say("!needs summary", sender=COORDINATOR)
    assert "• " in text.body and "<li>" in text.content["formatted_body"]
    assert image.content["msgtype"] == "m.image" and image.content["info"]["mimetype"] == "image/png"
    assert image.content["info"]["w"] == 900 and image.content["info"]["h"] > 200
