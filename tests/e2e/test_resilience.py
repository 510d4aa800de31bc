"""Outages, rate limits and kill -9: the user still gets exactly one answer, soon after the server is back."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from pathlib import Path

import pytest

from devtools.synapse import Synapse
from tests.e2e.harness import FLOODS_ALLOWED, World, eventually

ROOT = Path(__file__).resolve().parents[2]


async def test_homeserver_outage_loses_nothing(own_synapse: Synapse, tmp_path: Path) -> None:
    world = World(own_synapse, tmp_path)
    try:
        await world.start_bot()
        member = await world.member()
        await member.ask(world.room_id, "!ping")
        last = await member.send_text(world.room_id, "!ping")  # its answer may be cut off by the outage
        own_synapse.stop()
        await asyncio.sleep(3)  # the bot now fails to sync and backs off
        own_synapse.start()
        started = time.monotonic()
        after = await member.send_text(world.room_id, "!ping")
        await member.reply_to(after, timeout=30)
        back_in = time.monotonic() - started
        assert back_in < 12, f"answered {back_in:.1f} s after the server came back"
        await member.reply_to(last, timeout=30)
        await world.barrier(member)
        assert len(world.replies_from_bot(member, last)) == 1
        assert len(world.replies_from_bot(member, after)) == 1
    finally:
        await world.close()


async def test_rate_limited_replies_wait_and_keep_order(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """With Synapse's limits on (3 messages burst, then 1/s), every reply still arrives, once and in order."""
    limited = {"rc_message": {"per_second": 1, "burst_count": 3}}
    with Synapse(rate_limits=True, overrides=limited) as server:
        world = World(server, tmp_path)
        admin = server.register("admin", admin=True)
        server.unthrottle(admin.access_token, world.member_account.user_id)
        try:
            caplog.set_level(logging.WARNING, logger="bot.matrix")
            bot = await world.start_bot(FLOODS_ALLOWED)
            member = await world.member()
            sent = [await member.send_text(world.room_id, f"!ping {i}") for i in range(8)]
            await eventually(lambda: all(world.replies_from_bot(member, e) for e in sent), timeout=60)
            replies = [m.reply_to for m in member.messages if m.sender == world.bot_id]
            assert replies == sent
            assert bot.metrics.totals["matrix_rate_limited"] >= 1
            assert any(r.getMessage() == "rate limited by the homeserver" for r in caplog.records)
        finally:
            await world.close()


async def test_sigkill_mid_burst_answers_each_message_exactly_once(world: World) -> None:
    process = world.start_process(FLOODS_ALLOWED)
    try:
        member = await world.member()
        token = world.member_account.access_token
        await eventually(lambda: world.synapse.membership(token, world.room_id, world.bot_id) == "join", timeout=60)
        probe = await member.send_text(world.room_id, "!ping")
        await member.reply_to(probe, timeout=60)
        sent = [await member.send_text(world.room_id, f"!ping {i}") for i in range(60)]
        await eventually(lambda: sum(bool(world.replies_from_bot(member, e)) for e in sent) >= 5, timeout=30)
        process.send_signal(signal.SIGKILL)
        process.wait()
        answered_before = sum(bool(world.replies_from_bot(member, e)) for e in sent)
        process = world.start_process(FLOODS_ALLOWED)
        await eventually(lambda: all(world.replies_from_bot(member, e) for e in sent), timeout=60)
        await world.barrier(member)
        counts = [len(world.replies_from_bot(member, e)) for e in [probe, *sent]]
        assert counts == [1] * len(counts), f"answered before the kill: {answered_before}"
        assert answered_before < len(sent), "the kill came too late to test anything"
    finally:
        process.kill()
        process.wait()
