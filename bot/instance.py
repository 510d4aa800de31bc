"""One active instance per database, so two sync loops never answer the same room.

With SQLite the data dir is the database: a second process on it is refused with a clear message. With
PostgreSQL the active instance holds a session-level advisory lock on a connection of its own; a standby started
with the same config waits for it (saying so in its log and on /healthz) and takes over when the active one dies
(kill -9 closes its connection, and PostgreSQL frees the lock at once) or loses its database. The active one checks
its hold as often as the standby polls, and stops when it cannot confirm it, so the two never both run for long;
the ledger and the event-derived transaction ids make sure nothing is answered twice across the hand-over.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bot.config import CoreSettings
from bot.metrics import Gauges

log = logging.getLogger(__name__)
LOCK_FILE = "ncc-bot.lock"
KEEPALIVE = {"tcp_keepalives_idle": "5", "tcp_keepalives_interval": "2", "tcp_keepalives_count": "3"}


class AlreadyRunning(Exception):
    """Another instance holds the data dir: the message says which process and what to do."""


def lock_data_dir(data_dir: Path) -> int | None:
    """An exclusive lock on the data dir (the open fd), or None when another process holds it. The kernel frees
    it when the process ends, however it ends."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def holder(data_dir: Path) -> str:
    try:
        return (data_dir / LOCK_FILE).read_text().strip() or "?"
    except OSError:
        return "?"


def advisory_key(user_id: str) -> int:
    """The lock is the bot account's: a second account's bot on another schema would not be held up."""
    digest = hashlib.sha256(f"ncc-bot:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class InstanceLock:
    """`await acquire(stopping)`, then `watch()` in a task while running, `release()` at the end."""

    def __init__(self, settings: CoreSettings, gauges: Gauges) -> None:
        self.settings = settings
        self.gauges = gauges
        self.poll = settings.instance.poll_seconds
        self.lost = asyncio.Event()  # set when the active instance can no longer confirm its hold
        self.postgres = settings.db_url.startswith("postgresql")
        self._fd: int | None = None
        self._conn: Any = None

    async def acquire(self, stopping: asyncio.Event) -> bool:
        """True once this is the active instance; False when stopped while waiting as a standby."""
        data_dir = self.settings.data_dir
        if not self.postgres:
            self._fd = lock_data_dir(data_dir)
            if self._fd is None:
                raise AlreadyRunning(
                    f"another ncc-bot (pid {holder(data_dir)}) is running on the data dir {data_dir}: stop it first. "
                    "Two bots on one SQLite database would answer every message twice; for a standby instance "
                    "use PostgreSQL (see README, 'One active instance')."
                )
            return True
        standby_since: float | None = None
        loop = asyncio.get_running_loop()
        while not stopping.is_set():
            if await self._try_lock():
                self._fd = lock_data_dir(data_dir)
                if self._fd is not None:
                    if standby_since is not None:
                        log.warning(
                            "taking over as the active instance",
                            extra={"waited_s": round(loop.time() - standby_since, 1)},
                        )
                    self.gauges.phase = "starting"
                    return True
                await self._unlock()  # the database is free but a live process still holds our data dir
            if standby_since is None:
                standby_since = loop.time()
                self.gauges.phase = "standby"
                log.warning(
                    "standby: another instance is active on this database; taking over when it stops",
                    extra={"poll_s": self.poll},
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.poll)
        return False

    async def watch(self) -> None:
        """While active: confirm the hold every poll; on failure set `lost` (the app stops, a standby takes over)."""
        if not self.postgres:
            return
        while True:
            await asyncio.sleep(self.poll)
            try:
                await asyncio.wait_for(self._conn.fetchval("SELECT 1"), self.poll)
            except Exception as exc:
                log.error(
                    "lost the database connection that holds the instance lock: stopping, so that a standby can "
                    "take over",
                    extra={"error": type(exc).__name__},
                )
                self.lost.set()
                return

    async def release(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), 5)
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    async def _try_lock(self) -> bool:
        try:
            if self._conn is None or self._conn.is_closed():
                self._conn = await self._connect()
            return bool(
                await self._conn.fetchval("SELECT pg_try_advisory_lock($1)", advisory_key(self.settings.user_id))
            )
        except Exception as exc:  # the database is away: keep waiting, as a standby would
            log.warning("cannot reach the database for the instance lock", extra={"error": type(exc).__name__})
            if self._conn is not None:
                self._conn.terminate()
                self._conn = None
            return False

    async def _unlock(self) -> None:
        with contextlib.suppress(Exception):
            await self._conn.fetchval("SELECT pg_advisory_unlock($1)", advisory_key(self.settings.user_id))

    async def _connect(self) -> Any:
        import asyncpg  # the postgres extra; only needed here with a PostgreSQL URL

        url = make_url(self.settings.db_url).set(drivername="postgresql")
        return await asyncpg.connect(
            url.render_as_string(hide_password=False),
            timeout=max(self.poll, 5),
            server_settings={"application_name": "ncc-bot instance lock", **KEEPALIVE},
        )
