"""The dispatcher's error handling with a fake connection: usage errors teach, crashes apologise with a ref."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.config import load_settings
from bot.context import CommandContext, Services
from bot.dispatch import Dispatcher
from bot.errors import NotFound, UsageError
from bot.router import Registry, Router
from bot.tasks import Tasks


class FakeMatrix:
    """Records what would be sent; the only edge faked here."""

    user_id = "@bot:x"

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any], str | None]] = []
        self.client = SimpleNamespace(rooms={})

    async def send(
        self, room_id: str, content: dict[str, Any], *, tx_key: str | None = None, event_type: str = ""
    ) -> str:
        self.sent.append((room_id, content, tx_key))
        return f"$reply{len(self.sent)}"


router = Router("t")


@router.command("boom", help="Always fails.")
async def boom(ctx: CommandContext, args: str) -> None:
    raise RuntimeError("secret internal detail")


@router.command("strict", usage="<number>", help="Needs a number.")
async def strict(ctx: CommandContext, args: str) -> None:
    if not args.isdigit():
        raise UsageError(f"`{args}` is not a number.")
    await ctx.reply(f"got {args}")


@router.command("find", help="Finds nothing.")
async def find(ctx: CommandContext, args: str) -> None:
    raise NotFound("`#12` is not an id; `!list` shows them.")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Dispatcher, FakeMatrix]:
    settings = load_settings(None, environ={"NCC_BOT_DATA_DIR": str(tmp_path)})
    matrix = FakeMatrix()
    services = Services(
        settings=settings,
        db=None,
        matrix=matrix,
        registry=Registry([router]),  # type: ignore[arg-type]
        tasks=Tasks(),
        counters=Counter(),
    )
    return Dispatcher(services), matrix


def ctx_for(dispatcher: Dispatcher, event_id: str = "$e1") -> CommandContext:
    return CommandContext(
        services=dispatcher.services, room_id="!r:x", sender="@u:x", event_id=event_id, content={"body": "x"}
    )


async def test_crash_is_logged_with_a_ref_and_answered_with_an_apology(
    setup: tuple[Dispatcher, FakeMatrix], caplog: pytest.LogCaptureFixture
) -> None:
    dispatcher, matrix = setup
    caplog.set_level(logging.ERROR)
    await dispatcher.run_command(ctx_for(dispatcher), "boom", "")
    body = matrix.sent[0][1]["body"]
    assert body.startswith("Sorry, that failed on my side (ref ") and "secret" not in body
    ref = body.split("ref ")[1][:6]
    record = next(r for r in caplog.records if r.getMessage() == "command failed")
    assert record.ref == ref and record.event_id == "$e1" and record.exc_info is not None  # type: ignore[attr-defined]
    assert dispatcher.services.counters["errors"] == 1


async def test_usage_error_shows_the_problem_and_the_usage(setup: tuple[Dispatcher, FakeMatrix]) -> None:
    dispatcher, matrix = setup
    await dispatcher.run_command(ctx_for(dispatcher), "strict", "abc")
    assert matrix.sent[0][1]["body"] == "`abc` is not a number.\nUsage: `!strict <number>`"
    await dispatcher.run_command(ctx_for(dispatcher, "$e2"), "strict", "42")
    assert matrix.sent[1][1]["body"] == "got 42"


async def test_user_errors_are_shown_as_they_are(setup: tuple[Dispatcher, FakeMatrix]) -> None:
    dispatcher, matrix = setup
    await dispatcher.run_command(ctx_for(dispatcher), "find", "12")
    assert matrix.sent[0][1]["body"] == "`#12` is not an id; `!list` shows them."


async def test_replies_have_transaction_keys_derived_from_the_event(setup: tuple[Dispatcher, FakeMatrix]) -> None:
    dispatcher, matrix = setup
    await dispatcher.run_command(ctx_for(dispatcher, "$same"), "strict", "1")
    await dispatcher.run_command(ctx_for(dispatcher, "$same"), "strict", "1")  # a replay after a crash
    assert matrix.sent[0][2] == matrix.sent[1][2] == "$same#1"
