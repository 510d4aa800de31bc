"""What an operator sees and relies on: /healthz and /metrics while the bot works and while the homeserver is
down, a second instance on SQLite refused, and a PostgreSQL standby that takes over from a killed active one."""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import time
from pathlib import Path

import asyncpg
import pytest

from bot.app import InstanceLost
from devtools.synapse import Synapse, free_port
from tests.e2e.harness import FLOODS_ALLOWED, World, eventually, http_get


def metric(text: str, line_start: str) -> float:
    """The value of the first sample line starting with `line_start` (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def wait_for_health(base: str, status: int, timeout: float) -> tuple[float, str]:
    """Seconds until /healthz answers `status`, and its body."""
    started = time.monotonic()
    seen: list[tuple[int, str]] = []

    async def check() -> bool:
        seen.append(await http_get(base + "/healthz"))
        return seen[-1][0] == status

    deadline = started + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"/healthz never answered {status} within {timeout} s; last {seen[-1]!r}")
        await asyncio.sleep(0.25)
    return time.monotonic() - started, seen[-1][1]


async def test_health_and_metrics_while_working_and_while_the_homeserver_is_down(
    own_synapse: Synapse, tmp_path: Path
) -> None:
    world = World(own_synapse, tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = f"sync:\n  timeout_ms: 2000\nmetrics:\n  listen: 127.0.0.1:{port}\n  stale_sync_seconds: 8\n"
    try:
        await world.start_bot(config)
        member = await world.member()
        await member.ask(world.room_id, "!ping")
        await member.ask(world.room_id, "!faq what is the co-financing rate of the NCC grants?")
        await member.ask(world.room_id, "!nosuchcommand")
        assert await http_get(base + "/healthz") == (200, "ok\n")
        status, text = await http_get(base + "/metrics")
        assert status == 200
        assert metric(text, 'ncc_bot_commands_total{command="ping",outcome="ok"}') == 1
        assert metric(text, 'ncc_bot_commands_total{command="(unknown)",outcome="unknown"}') == 1
        assert metric(text, 'ncc_bot_faq_answers_total{language="en",outcome="answer"}') == 1
        assert metric(text, "ncc_bot_rooms_joined") == 1
        assert metric(text, "ncc_bot_syncs_total") >= 2
        assert metric(text, "ncc_bot_event_delay_seconds_count") >= 3
        assert metric(text, "ncc_bot_standby") == 0

        own_synapse.stop()
        went_down, reason = await wait_for_health(base, 503, timeout=20)
        assert "no sync completed" in reason
        status, text = await http_get(base + "/metrics")  # still scraped while the homeserver is away
        assert status == 200 and metric(text, "ncc_bot_sync_lag_seconds") > 8
        assert metric(text, 'ncc_bot_matrix_retries_total{request="sync"}') >= 1

        own_synapse.start()
        came_back, _ = await wait_for_health(base, 200, timeout=30)
        print(f"/healthz: 503 {went_down:.1f} s after the homeserver stopped, 200 {came_back:.1f} s after it came back")
        assert came_back < 15
    finally:
        await world.close()


async def test_second_instance_on_sqlite_is_refused(world: World) -> None:
    first = world.start_process()
    try:
        token = world.member_account.access_token
        await eventually(lambda: world.synapse.membership(token, world.room_id, world.bot_id) == "join", timeout=60)
        second = world.start_process(name="second")
        assert second.wait(timeout=30) == 3
        assert "another ncc-bot (pid " in world.log_of("second")
        assert first.poll() is None  # the first one runs on
    finally:
        first.terminate()
        first.wait(timeout=30)


async def test_standby_takes_over_from_a_killed_active_instance(world: World, pg_url: str) -> None:
    ports = {"active": free_port(), "standby": free_port()}

    def config(name: str) -> str:
        return f"{FLOODS_ALLOWED}instance:\n  poll_seconds: 2\nmetrics:\n  listen: 127.0.0.1:{ports[name]}\n"

    active = world.start_process(config("active"), name="active", NCC_BOT_DATABASE_URL=pg_url)
    standby: subprocess.Popen[bytes] | None = None
    try:
        member = await world.member()
        token = world.member_account.access_token
        await eventually(lambda: world.synapse.membership(token, world.room_id, world.bot_id) == "join", timeout=60)
        await member.reply_to(await member.send_text(world.room_id, "!ping"), timeout=60)
        standby = world.start_process(config("standby"), name="standby", NCC_BOT_DATABASE_URL=pg_url)
        standby_base = f"http://127.0.0.1:{ports['standby']}"
        _, body = await wait_for_health(standby_base, 200, timeout=30)
        assert body.startswith("standby")
        _status, text = await http_get(standby_base + "/metrics")
        assert metric(text, "ncc_bot_standby") == 1

        sent = [await member.send_text(world.room_id, f"!ping {i}") for i in range(40)]
        await eventually(lambda: sum(bool(world.replies_from_bot(member, e)) for e in sent) >= 5, timeout=30)
        active.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        active.wait()
        answered_before = sum(bool(world.replies_from_bot(member, e)) for e in sent)
        await eventually(lambda: all(world.replies_from_bot(member, e) for e in sent), timeout=60)
        took_over = time.monotonic() - killed_at
        await world.barrier(member)
        counts = [len(world.replies_from_bot(member, e)) for e in sent]
        assert counts == [1] * len(counts), f"answered before the kill: {answered_before}"
        assert answered_before < len(sent), "the kill came too late to test anything"
        assert "taking over as the active instance" in world.log_of("standby")
        assert re.search(r"standby: another instance is active", world.log_of("standby"))
        print(f"takeover: every command answered {took_over:.1f} s after kill -9 ({answered_before} before)")
        assert took_over < 15
    finally:
        for process in (active, standby):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()


async def test_an_active_instance_that_loses_its_lock_connection_stops(world: World, pg_url: str) -> None:
    """If the lock's connection goes (a network cut, a database restart), a standby may take over: stop at once."""
    bot = await world.start_bot("instance:\n  poll_seconds: 0.5\n", NCC_BOT_DATABASE_URL=pg_url)
    member = await world.member()
    await world.barrier(member)
    admin = await asyncpg.connect(pg_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ncc-bot instance lock' "
            "AND datname = current_database()"
        )
    finally:
        await admin.close()
    await eventually(lambda: bot.failure is not None, timeout=10)
    with pytest.raises(InstanceLost):
        await world.stop_bot()
