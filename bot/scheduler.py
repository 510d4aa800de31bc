"""Scheduled work: APScheduler 3 with a persistent job store on the bot's database, woken in a thread of its own.

Why a thread: APScheduler's SQLAlchemy job store does blocking I/O; in its own thread that never stalls the
event loop. A due job is not run in that thread: the scheduler's own executor hands (kind, id) to the event loop
and returns at once, so no thread ever waits on a coroutine. Jobs carry a kind and an id only
(`events.reminder`, `42`): renaming a function never orphans a job, and nothing but two strings is pickled.

Time comes from the injected Clock: a job is due when the clock says so (tests move the clock; the system
clock never jumps).

Exactly once: each firing has a key (`kind:id@time`); a handler sends with that key as its transaction id (a
re-send after a crash is dropped by the homeserver) and records the firing; `fired()` tells a replay to stop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.executors.base import BaseExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import Clock
from bot.config import sync_db_url
from bot.storage import Base, Database, UtcDateTime, utcnow

if TYPE_CHECKING:
    from bot.feature import JobKind
    from bot.registry import Registry

log = logging.getLogger(__name__)
JOBS_TABLE = "apscheduler_jobs"
JobRunner = Callable[["JobKind", str], Awaitable[None]]
Spawn = Callable[[Coroutine[Any, Any, None], str], "asyncio.Task[Any]"]


class Firing(Base):
    """One delivered firing of a job (reminder, announcement occurrence)."""

    __tablename__ = "core_firing"
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fired_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


def run_job(*args: str) -> None:
    """What every stored job points at. Never called: the scheduler's LoopExecutor reads the job's
    (kind, id) and runs it on the event loop. (Jobs stored by older versions carried the store URL first.)"""
    raise RuntimeError("ncc-bot jobs run through the scheduler's LoopExecutor only")


class LoopExecutor(BaseExecutor):
    """Hands a due job to the event loop and returns at once; reports completion back to APScheduler."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, run: Callable[[str, str], Awaitable[None]], spawn: Spawn
    ) -> None:
        super().__init__()
        self._loop = loop
        self._run = run
        self._spawn = spawn

    def _do_submit_job(self, job: Any, run_times: list[datetime]) -> None:
        kind, entity_id = (str(a) for a in job.args[-2:])
        self._loop.call_soon_threadsafe(self._start, job.id, kind, entity_id)

    def _start(self, job_id: str, kind: str, entity_id: str) -> None:
        task = self._spawn(self._run(kind, entity_id), f"job {kind}:{entity_id}")
        task.add_done_callback(lambda _: self._run_job_success(job_id, []))


class Scheduler:
    def __init__(
        self, db: Database, clock: Clock, registry: Registry, run: JobRunner, *, spawn: Spawn | None = None
    ) -> None:
        self.db = db
        self._spawn = spawn  # how job coroutines become tasks (the app's Tasks, so shutdown cancels them)
        self.clock = clock
        self._registry = registry
        self._run = run
        self._scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=sync_db_url(db.url), tablename=JOBS_TABLE)},
            # The database rows decide what is late or missed (see each handler's misfire policy), so APScheduler
            # itself never drops a late wake-up and never runs a backlog twice.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )
        self._shifting: asyncio.Task[None] | None = None
        clock.on_move(self._clock_moved)

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        spawn = self._spawn or (lambda coro, name: loop.create_task(coro, name=name))
        self._scheduler.add_executor(LoopExecutor(loop, self._wake, spawn), "default")
        await asyncio.to_thread(self._scheduler.start)
        await asyncio.to_thread(self._forget_stored_urls)

    def _forget_stored_urls(self) -> None:
        """Jobs stored by versions before 0.2 carried the job store's URL (a password, with PostgreSQL) in their
        pickled arguments: store them again with (kind, id) only."""
        for job in self._scheduler.get_jobs():
            if len(job.args) > 2:
                job.modify(args=list(job.args[-2:]))

    async def stop(self) -> None:
        if self._scheduler.running:
            await asyncio.to_thread(self._scheduler.shutdown, False)

    async def at(self, job: Callable[..., Awaitable[None]], entity_id: object, when: datetime) -> None:
        """Wake the declared job function `job` for `entity_id` at `when` (replacing an earlier wake-up)."""
        kind = self._registry.job_name(job)
        await self._settled()
        await asyncio.to_thread(
            self._scheduler.add_job,
            run_job,
            DateTrigger(self.clock.to_wall(when)),
            args=[kind, str(entity_id)],
            id=job_id(kind, entity_id),
            replace_existing=True,
        )

    async def cancel(self, job: Callable[..., Awaitable[None]], entity_id: object) -> None:
        name = job_id(self._registry.job_name(job), entity_id)
        await self._settled()

        def remove() -> None:
            try:
                self._scheduler.remove_job(name)
            except JobLookupError:
                pass

        await asyncio.to_thread(remove)

    def job_id_for(self, job: Callable[..., Awaitable[None]], entity_id: object) -> str:
        """The stored id of `job`'s wake-up for `entity_id` (compare with `job_ids()`)."""
        return job_id(self._registry.job_name(job), entity_id)

    def job_count(self) -> int:
        """Blocking (the job store is a database): for the metrics, which are rendered in a thread."""
        return len(self._scheduler.get_jobs()) if self._scheduler.running else 0

    async def job_ids(self) -> set[str]:
        return {job.id for job in await asyncio.to_thread(self._scheduler.get_jobs)}

    def firing_key(self, job: Callable[..., Awaitable[None]], entity_id: object, at: datetime) -> str:
        """The key of one firing of `job` (its transaction id and its row in the firings table)."""
        return firing_key(self._registry.job_name(job), entity_id, at)

    async def fired(self, key: str) -> bool:
        async with self.db.session() as session:
            return await session.get(Firing, key) is not None

    async def record(self, key: str) -> None:
        async with self.db.begin() as session:
            if await session.get(Firing, key) is None:
                session.add(Firing(key=key))

    async def _wake(self, kind: str, entity_id: str) -> None:
        job = self._registry.jobs.get(kind)
        if job is None:
            log.warning("job of an unknown kind", extra={"kind": kind, "entity_id": entity_id})
            return
        await self._run(job, entity_id)

    def _clock_moved(self, delta: timedelta) -> None:
        """The clock jumped ahead: every stored wake-up comes `delta` sooner in real time. The job store is
        rewritten in a thread (never on the loop, which may hold the database), and `at`/`cancel` wait for it,
        so a job added after the jump is not shifted twice."""
        if not self._scheduler.running:
            return
        previous = self._shifting

        async def shift() -> None:
            if previous is not None:
                await previous
            await asyncio.to_thread(self._shift_jobs, delta)

        self._shifting = asyncio.get_running_loop().create_task(shift(), name="scheduler-clock-moved")

    def _shift_jobs(self, delta: timedelta) -> None:
        for job in self._scheduler.get_jobs():
            if job.next_run_time is not None:
                job.modify(next_run_time=job.next_run_time - delta)

    async def _settled(self) -> None:
        if self._shifting is not None:
            await self._shifting


def job_id(kind: str, entity_id: object) -> str:
    return f"{kind}:{entity_id}"


def firing_key(kind: str, entity_id: object, at: datetime) -> str:
    return f"{kind}:{entity_id}@{at.astimezone(UTC):%Y%m%dT%H%M%SZ}"
