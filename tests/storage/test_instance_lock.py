"""One active instance: SQLite refuses a second one on the data dir, PostgreSQL makes it a standby that takes
over when the active one's connection goes, and an active one that loses its connection says so."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from bot.config import CoreSettings
from bot.instance import AlreadyRunning, InstanceLock
from bot.metrics import Gauges
from tests.postgres import POSTGRES_URL, dsn


def settings(data_dir: Path, database_url: str | None = None, poll: float = 0.2) -> CoreSettings:
    return CoreSettings(data_dir=data_dir, database_url=database_url, instance={"poll_seconds": poll})


async def test_sqlite_refuses_a_second_instance_on_the_data_dir(tmp_path: Path) -> None:
    first = InstanceLock(settings(tmp_path), Gauges(""))
    assert await first.acquire(asyncio.Event())
    second = InstanceLock(settings(tmp_path), Gauges(""))
    with pytest.raises(AlreadyRunning, match=r"another ncc-bot \(pid \d+\) is running on the data dir"):
        await second.acquire(asyncio.Event())
    await first.release()
    assert await second.acquire(asyncio.Event())  # free again once the first is gone
    await second.release()


async def test_postgres_standby_waits_then_takes_over(tmp_path: Path, pg_url: str) -> None:
    active = InstanceLock(settings(tmp_path / "a", pg_url), Gauges(""))
    assert await active.acquire(asyncio.Event())
    gauges = Gauges("")
    standby = InstanceLock(settings(tmp_path / "b", pg_url), gauges)
    waiting = asyncio.create_task(standby.acquire(asyncio.Event()))
    await asyncio.sleep(1.0)
    assert not waiting.done() and gauges.phase == "standby"
    await active.release()  # like kill -9: the connection closes, PostgreSQL frees the lock
    assert await asyncio.wait_for(waiting, 5)
    assert gauges.phase == "starting"
    await standby.release()


async def test_standby_stops_waiting_when_asked(tmp_path: Path, pg_url: str) -> None:
    active = InstanceLock(settings(tmp_path / "a", pg_url), Gauges(""))
    assert await active.acquire(asyncio.Event())
    stopping = asyncio.Event()
    standby = InstanceLock(settings(tmp_path / "b", pg_url), Gauges(""))
    waiting = asyncio.create_task(standby.acquire(stopping))
    await asyncio.sleep(0.5)
    stopping.set()
    assert await asyncio.wait_for(waiting, 5) is False
    await standby.release()
    await active.release()


async def test_same_data_dir_waits_for_the_live_holder(tmp_path: Path, pg_url: str) -> None:
    """Two instances sharing one data dir (one host): the database lock alone is not enough."""
    active = InstanceLock(settings(tmp_path, pg_url), Gauges(""))
    assert await active.acquire(asyncio.Event())
    await active._unlock()  # the database lock is free, the data dir still held by a live process
    standby = InstanceLock(settings(tmp_path, pg_url), Gauges(""))
    waiting = asyncio.create_task(standby.acquire(asyncio.Event()))
    await asyncio.sleep(0.8)
    assert not waiting.done()
    await active.release()
    assert await asyncio.wait_for(waiting, 5)
    await standby.release()


async def test_active_instance_notices_a_lost_connection(tmp_path: Path, pg_url: str) -> None:
    active = InstanceLock(settings(tmp_path, pg_url), Gauges(""))
    assert await active.acquire(asyncio.Event())
    watching = asyncio.create_task(active.watch())
    admin = await asyncpg.connect(dsn(POSTGRES_URL))
    try:
        terminated = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 "
            "AND datname = $2",
            "ncc-bot instance lock",
            pg_url.rsplit("/", 1)[1],
        )
    finally:
        await admin.close()
    assert terminated == 1
    await asyncio.wait_for(watching, 5)
    assert active.lost.is_set()
    await active.release()
