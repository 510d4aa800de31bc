"""Scheduled work: APScheduler 3 with a persistent job store on the bot's database, in a thread of its own.

Why a thread: APScheduler's SQLAlchemy job store does blocking I/O; in its own thread that never stalls the
event loop. Jobs carry a kind and an id only (`events.reminder`, `42`); `run_job` hands them to the running app,
so renaming a handler never orphans a job and nothing is pickled but two strings.

Exactly once: each firing has a key (`kind:id@time`); a handler sends with that key as its transaction id (a
re-send after a crash is dropped by the homeserver) and records the firing; `fired()` tells a replay to stop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.config import sync_db_url
from bot.storage import Base, Database, UtcDateTime, utcnow

log = logging.getLogger(__name__)
JOBS_TABLE = "apscheduler_jobs"
Runner = Callable[[str, str], Awaitable[None]]
_running: dict[str, tuple[asyncio.AbstractEventLoop, Runner]] = {}  # wiring: job store URL -> the app's runner


class Firing(Base):
    """One delivered firing of a job (reminder, announcement occurrence)."""

    __tablename__ = "core_firing"
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fired_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


def run_job(store: str, kind: str, entity_id: str) -> None:
    """The one entry point every stored job points at; runs in APScheduler's worker thread."""
    loop, runner = _running.get(store, (None, None))
    if loop is None or runner is None:
        log.warning("job fired while the bot is stopping", extra={"kind": kind, "entity_id": entity_id})
        return
    future: Future[None] = asyncio.run_coroutine_threadsafe(runner(kind, entity_id), loop)
    try:
        future.result(timeout=600)
    except Exception:
        log.exception("scheduled job failed", extra={"kind": kind, "entity_id": entity_id})


class Scheduler:
    def __init__(self, db: Database, runner: Runner) -> None:
        self.db = db
        self.url = sync_db_url(db.url)
        self._runner = runner
        self._scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=self.url, tablename=JOBS_TABLE)},
            executors={"default": ThreadPoolExecutor(8)},
            # The database rows decide what is late or missed (see each handler's misfire policy), so APScheduler
            # itself never drops a late wake-up and never runs a backlog twice.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )

    async def start(self) -> None:
        _running[self.url] = (asyncio.get_running_loop(), self._runner)
        await asyncio.to_thread(self._scheduler.start)

    async def stop(self) -> None:
        _running.pop(self.url, None)
        if self._scheduler.running:
            await asyncio.to_thread(self._scheduler.shutdown, False)

    async def at(self, kind: str, entity_id: object, when: datetime) -> None:
        """Wake `kind` for `entity_id` at `when` (replacing an earlier wake-up of the same job)."""
        job_id = f"{kind}:{entity_id}"
        await asyncio.to_thread(
            self._scheduler.add_job,
            run_job,
            DateTrigger(when),
            args=[self.url, kind, str(entity_id)],
            id=job_id,
            replace_existing=True,
        )

    async def cancel(self, kind: str, entity_id: object) -> None:
        def remove() -> None:
            try:
                self._scheduler.remove_job(f"{kind}:{entity_id}")
            except JobLookupError:
                pass

        await asyncio.to_thread(remove)

    async def job_ids(self) -> set[str]:
        return {job.id for job in await asyncio.to_thread(self._scheduler.get_jobs)}

    async def fired(self, key: str) -> bool:
        async with self.db.session() as session:
            return await session.get(Firing, key) is not None

    async def record(self, key: str) -> None:
        async with self.db.begin() as session:
            if await session.get(Firing, key) is None:
                session.add(Firing(key=key))


def firing_key(kind: str, entity_id: object, at: datetime) -> str:
    return f"{kind}:{entity_id}@{at.astimezone(UTC):%Y%m%dT%H%M%SZ}"
