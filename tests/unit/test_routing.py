"""Routing over the fake Matrix edge: usage errors teach, crashes apologise with a ref, replays keep their
transaction keys, and listeners claim events in their declared order."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.context import CommandContext, EventContext
from bot.errors import NotFound, UsageError
from bot.feature import Feature, Order
from handlers.admin import feature as admin
from tests.fakes import MEMBER, TestBed

feature: Feature[None, None] = Feature("t")
seen: list[str] = []


@feature.command("boom", help="Always fails.")
async def boom(ctx: CommandContext, args: str) -> None:
    raise RuntimeError("secret internal detail")


@feature.command("strict", usage="<number>", help="Needs a number.")
async def strict(ctx: CommandContext, args: str) -> None:
    if not args.isdigit():
        raise UsageError(f"`{args}` is not a number.")
    await ctx.reply(f"got {args}")


@feature.command("find", help="Finds nothing.")
async def find(ctx: CommandContext, args: str) -> None:
    raise NotFound("`#12` is not an id; `!list` shows them.")


@feature.on_event("m.room.message", order=Order.CONTENT)
async def passive(ctx: EventContext) -> bool:
    seen.append("passive")
    await ctx.reply("passive answer")
    return True


@feature.on_event("m.room.message", order=Order.CONVERSATION)
async def conversation(ctx: EventContext) -> bool:
    seen.append("conversation")
    if ctx.content.get("body") == "mine":
        await ctx.reply("conversation answer")
        return True
    return False


@feature.on_event("m.room.message", order=Order.PROMPT)
async def broken(ctx: EventContext) -> bool:
    seen.append("broken")
    raise RuntimeError("a listener bug must not stop the others")


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    seen.clear()
    test_bed = await TestBed.start(tmp_path, features=[admin, feature])
    yield test_bed
    await test_bed.close()


async def test_crash_is_logged_with_a_ref_and_answered_with_an_apology(
    bed: TestBed, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    body = await bed.ask("!boom")
    assert body.startswith("Sorry, that failed on my side (ref ") and "secret" not in body
    ref = body.split("ref ")[1][:6]
    record = next(r for r in caplog.records if r.getMessage() == "command failed")
    assert record.ref == ref and record.exc_info is not None  # type: ignore[attr-defined]
    assert bed.services.metrics.totals["errors"] == 1


async def test_usage_error_shows_the_problem_and_the_usage(bed: TestBed) -> None:
    assert await bed.ask("!strict abc") == "abc is not a number.\nUsage: !strict <number>"
    assert await bed.ask("!strict 42") == "got 42"


async def test_user_errors_are_shown_as_they_are(bed: TestBed) -> None:
    assert await bed.ask("!find 12") == "#12 is not an id; !list shows them."


async def test_unknown_commands_get_a_suggestion(bed: TestBed) -> None:
    assert "did you mean !strict?" in await bed.ask("!stirct 1")


async def test_replies_have_transaction_keys_derived_from_the_event(bed: TestBed) -> None:
    from nio.events import Event

    source = {
        "type": "m.room.message",
        "event_id": "$same",
        "sender": MEMBER,
        "origin_server_ts": 1,
        "content": {"msgtype": "m.text", "body": "!strict 1"},
    }
    await bed.routing.route("!group:test", Event.parse_event(source))
    await bed.routing.route("!group:test", Event.parse_event(source))  # a replay after a crash
    first, second = bed.matrix.sent
    assert first.tx_key == second.tx_key == "$same#1"


async def test_the_first_listener_that_claims_ends_the_journey(bed: TestBed, caplog: pytest.LogCaptureFixture) -> None:
    assert [s.body for s in await bed.say("mine")] == ["conversation answer"]
    assert seen == ["conversation"]
    seen.clear()
    with caplog.at_level(logging.ERROR):
        assert [s.body for s in await bed.say("something else")] == ["passive answer"]
    assert seen == ["conversation", "broken", "passive"]  # a failing listener is logged and skipped
    assert any(r.getMessage() == "listener failed" for r in caplog.records)


async def test_commands_never_reach_listeners(bed: TestBed) -> None:
    assert await bed.ask("!strict 7") == "got 7"
    assert seen == []
