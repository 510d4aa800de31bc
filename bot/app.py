"""The bot's lifespan: start-up steps in order, the sync loop, and teardown in reverse, in one AsyncExitStack.

The features come in from outside (the entry point composes them; see handlers/__init__.py): this module, like
all of bot/, imports none. `run()` serves the CLI; `running()` is the one "start and wait until ready" helper
that the demo, the tests and the benches share.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot import __version__, edits, heap, metrics, state
from bot.clock import Clock, SystemClock
from bot.config import CoreSettings
from bot.context import JobContext, Services
from bot.cross_signing import ensure_cross_signed
from bot.crypto import Crypto, store_file
from bot.data_dir import pickle_key, secure_data_dir
from bot.dm import DirectMessages
from bot.feature import Feature, JobKind, Listener, Order
from bot.health import HealthServer
from bot.instance import InstanceLock
from bot.intake import Intake
from bot.matrix import MatrixConnection
from bot.metrics import Metrics
from bot.privacy import Privacy
from bot.registry import Registry, enabled
from bot.rooms import RoomFacts
from bot.routing import Routing
from bot.scheduler import Scheduler
from bot.storage import Database
from bot.sync import SyncLoop
from bot.tasks import Tasks
from bot.upgrades import RoomMoves

log = logging.getLogger(__name__)


class Bot:
    """One running bot. `run()` until `stop()`; `ready` is set once the first sync is handled."""

    def __init__(
        self, settings: CoreSettings, features: Sequence[Feature[Any, Any]], *, clock: Clock | None = None
    ) -> None:
        self.settings = settings
        self.features = enabled(features, settings.handlers)
        self.clock: Clock = clock or SystemClock()
        self.ready = asyncio.Event()
        self._stopping = asyncio.Event()
        self.services: Services | None = None
        self.metrics = Metrics.of(self.features, version=__version__)
        self.failure: str | None = None  # why the bot stopped on its own (it lost its instance lock)

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        async with self.lifespan() as loop:
            if loop is not None:  # None: stopped while waiting as a standby
                await loop.run(self._stopping)
        if self.failure is not None:
            raise InstanceLost(self.failure)

    @asynccontextmanager
    async def lifespan(self) -> AsyncIterator[SyncLoop | None]:
        settings = self.settings
        log.info("config loaded", extra={"version": __version__, "homeserver": settings.homeserver})
        async with AsyncExitStack() as stack:
            stack.callback(os.umask, os.umask(0o077))  # files the bot (SQLite, nio) creates: owner only
            secure_data_dir(settings)
            health = await self._serve_health(stack)
            instance = InstanceLock(settings, self.metrics.gauges)
            stack.push_async_callback(instance.release)
            if not await instance.acquire(self._stopping):  # a standby waits here; migrations come after
                yield None
                return
            db = Database(settings.db_url, migrations=migration_folders(self.features))
            stack.push_async_callback(db.dispose)
            heads = await db.upgrade(in_child=True)  # Alembic never enters the long-lived process
            log.info("database ready", extra={"dialect": db.dialect, "schema": ",".join(heads)})
            if health is not None:
                health.database = db.ping
            matrix = MatrixConnection(settings, metrics=self.metrics, pickle_key=pickle_key(settings))
            stack.push_async_callback(matrix.close)
            await self._login(matrix, db)
            tasks = Tasks()
            stack.push_async_callback(tasks.cancel_all)
            tasks.spawn(self._guard(instance), "instance-lock")
            services = self._services(db, matrix, tasks)
            await services.rooms.load()
            await services.languages.load(db)
            await services.moves.load()
            await services.scheduler.start()
            stack.push_async_callback(services.scheduler.stop)
            await self._start_features(services, stack)
            settle_heap()
            stack.callback(gc.unfreeze)  # a process that goes on after the bot (tests, the demo) collects it all
            crypto = Crypto(settings, matrix, db, self.clock, self.metrics)
            routing = Routing(services)
            intake = Intake(
                matrix, db, crypto, routing.route, event_types=services.registry.event_types, metrics=self.metrics
            )
            loop = SyncLoop(
                settings, matrix, db, crypto, services.rooms, intake, services.dms, self.metrics, services.moves
            )
            tasks.spawn(self._after_first_sync(loop, services), "after-first-sync")
            try:
                yield loop
            finally:
                self.metrics.gauges.phase = "stopping"
        log.info("stopped")

    async def _serve_health(self, stack: AsyncExitStack) -> HealthServer | None:
        address = self.settings.metrics.address
        if address is None:
            return None
        server = HealthServer(address, self.metrics, self.settings.metrics.stale_sync_seconds)
        await server.start()
        stack.push_async_callback(server.stop)
        return server

    async def _guard(self, instance: InstanceLock) -> None:
        """Stop at once when the instance lock cannot be confirmed: a standby may be taking over."""
        await instance.watch()
        if instance.lost.is_set():
            self.failure = "lost the instance lock (database connection)"
            self.stop()

    async def _login(self, matrix: MatrixConnection, db: Database) -> None:
        async with db.session() as session:
            known_device = await state.get_value(session, state.DEVICE_ID)
        known_device = self._check_crypto_store(matrix, known_device)
        device_id = await matrix.login(known_device)
        async with db.begin() as session:
            await state.set_value(session, state.DEVICE_ID, device_id)
        encryption = "on" if matrix.client.olm else "off"
        log.info("logged in", extra={"user_id": matrix.user_id, "device_id": device_id, "encryption": encryption})

    def _services(self, db: Database, matrix: MatrixConnection, tasks: Tasks) -> Services:
        rooms = RoomFacts(self.settings, matrix.client.rooms, db)
        dms = DirectMessages(matrix, db, rooms, self.clock)
        moves = RoomMoves()
        core_listeners = [
            Listener("m.room.member", dms.on_member, "core", Order.OBSERVE),
            Listener("m.room.tombstone", moves.on_tombstone, "core", Order.OBSERVE),
        ]
        registry = Registry(self.features, core_listeners=core_listeners)
        services = Services(
            settings=self.settings,
            db=db,
            matrix=matrix,
            registry=registry,
            rooms=rooms,
            tasks=tasks,
            dms=dms,
            scheduler=Scheduler(db, self.clock, registry, self._run_job, spawn=tasks.spawn),
            clock=self.clock,
            privacy=Privacy(registry),
            metrics=self.metrics,
            started_at=self.clock.now(),
        )
        self.services = services
        moves.attach(services)
        services.moves = moves
        gauges = self.metrics.gauges
        gauges.source("rooms_joined", "Rooms the bot is in.", rooms.joined_count)
        gauges.source("scheduled_jobs", "Wake-ups waiting in the scheduler.", services.scheduler.job_count)
        return services

    async def _start_features(self, services: Services, stack: AsyncExitStack) -> None:
        """Services first (a start hook may use another feature's service), then start hooks; stop hooks
        run at teardown in reverse order."""
        for feature in self.features:
            if feature.service_factory is not None:
                services.feature_services[feature.name] = await feature.service_factory(services)
        for feature in self.features:
            for hook in feature.stop_hooks:
                stack.push_async_callback(_quietly, hook, services, feature.name)
            for hook in feature.start_hooks:
                await hook(services)
        log.info(
            "handlers loaded",
            extra={"handlers": ",".join(f.name for f in self.features), "commands": len(services.registry.commands)},
        )

    async def _after_first_sync(self, loop: SyncLoop, services: Services) -> None:
        await loop.first_sync_done.wait()
        services.tasks.spawn(self._prune_ledger(services), "prune-ledger")
        services.tasks.spawn(loop.late_key_ticker(), "late-room-keys")
        services.tasks.spawn(heap.keep_trimmed(), "heap-trim")
        if services.matrix.encryption:
            services.tasks.spawn(self._cross_sign(services), "cross-signing")
        self.metrics.gauges.phase = "active"
        self.ready.set()

    async def _cross_sign(self, services: Services) -> None:
        """After the first sync the device's keys are on the server: sign it with the bot's identity."""
        try:
            done = await ensure_cross_signed(self.settings, services.matrix)
        except Exception as exc:  # the bot works on unsigned; the next start tries again
            log.warning("cross-signing not done", extra={"error": str(exc) or type(exc).__name__})
            return
        log.info("cross-signing", extra={"result": done})

    async def _run_job(self, job: JobKind, entity_id: str) -> None:
        """A scheduled job's wake-up, on the event loop; waits for the first sync (room state) first."""
        await self.ready.wait()
        services = self.services
        if services is None:
            return
        try:
            await job.func(JobContext(services, job.name, entity_id), entity_id)
        except Exception:
            self.metrics.inc(metrics.ERRORS, stage="job")
            log.exception("job failed", extra={"kind": job.name, "entity_id": entity_id})

    def _check_crypto_store(self, matrix: MatrixConnection, known_device: str | None) -> str | None:
        """A device whose key store is gone cannot read anything sent to it: say so, and start a new device."""
        if not matrix.encryption or not known_device or store_file(self.settings, known_device).exists():
            return known_device
        log.error(
            "crypto store missing: starting a new device; messages encrypted for the old one stay unreadable "
            "(see README, 'Lost crypto store')",
            extra={"device_id": known_device, "store_path": str(self.settings.crypto_store_path)},
        )
        if self.settings.access_token is not None:
            raise RuntimeError(
                f"the crypto store of device {known_device} is missing and NCC_BOT_ACCESS_TOKEN is bound to that "
                "device: create a new access token (a new login), or set NCC_BOT_PASSWORD so the bot can log in "
                "as a new device"
            )
        matrix.session_file.unlink(missing_ok=True)
        return None

    async def _prune_ledger(self, services: Services) -> None:
        keep = timedelta(days=self.settings.sync.ledger_retention_days)
        async with services.db.begin() as session:
            removed = await state.prune_ledger(session, keep, services.clock.now())
        await edits.prune(services.db, timedelta(minutes=self.settings.edit_window_minutes), services.clock.now())
        if removed:
            log.info("ledger pruned", extra={"removed": removed})


class InstanceLost(RuntimeError):
    """The bot stopped itself because another instance may now be active; a supervisor restarts it."""


def settle_heap() -> None:
    """What start-up built (the FAQ index, the categories, the modules) lives as long as the bot: move it out
    of the collector's reach, so a full collection later costs milliseconds, not a stall of every room."""
    gc.collect()
    gc.freeze()


def migration_folders(features: Sequence[Feature[Any, Any]]) -> list[Path]:
    return [f.migrations for f in features if f.migrations is not None]


async def _quietly(hook: Any, services: Services, feature: str) -> None:
    try:
        await hook(services)
    except Exception:
        log.exception("stop hook failed", extra={"handler": feature})


@asynccontextmanager
async def running(
    settings: CoreSettings,
    features: Sequence[Feature[Any, Any]],
    *,
    clock: Clock | None = None,
    ready_timeout: float = 60.0,
) -> AsyncIterator[Bot]:
    """Run a bot in this event loop until the block ends; the block starts once its first sync is handled."""
    bot = Bot(settings, features, clock=clock)
    task = asyncio.create_task(bot.run(), name="ncc-bot")
    ready = asyncio.ensure_future(bot.ready.wait())
    await asyncio.wait({ready, task}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        ready.cancel()
        task.result()  # raises what stopped the start
        raise RuntimeError("the bot stopped before its first sync")
    if not ready.done():
        ready.cancel()
        bot.stop()
        await asyncio.wait({task}, timeout=30)
        raise TimeoutError(f"the bot did not finish its first sync within {ready_timeout} s")
    try:
        yield bot
    finally:
        bot.stop()
        await asyncio.wait_for(task, 30)
