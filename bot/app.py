"""The composition root: the list of feature routers, and the bot's lifespan (start-up steps, sync loop, teardown).

The only module that imports features. Adding a feature = adding its router to ROUTERS.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import timedelta
from pathlib import Path

from nio import SyncResponse

from bot import __version__, state
from bot.config import CoreSettings, load_settings
from bot.context import JobContext, Services
from bot.crypto import Crypto, store_file
from bot.dispatch import Dispatcher
from bot.dm import DirectMessages
from bot.errors import ConfigError
from bot.matrix import MatrixConnection, MatrixError
from bot.router import Registry, Router
from bot.scheduler import Scheduler
from bot.storage import Database
from bot.tasks import Tasks
from handlers import admin, events, faq, needs, privacy

log = logging.getLogger(__name__)

ROUTERS: list[Router] = [admin.router, faq.router, needs.router, events.router, privacy.router]
SYNC_FILTER = {
    "room": {"timeline": {"limit": 100}, "state": {"lazy_load_members": False}},
    "presence": {"types": []},
}


def all_sections() -> dict[str, type]:
    return {r.name: r.config for r in ROUTERS if r.config is not None}


def load(path: Path | None) -> CoreSettings:
    """Load and validate config.yaml with every handler's section; also checks `handlers:` names."""
    settings = load_settings(path, all_sections())
    enabled_routers(settings)
    return settings


def enabled_routers(settings: CoreSettings) -> list[Router]:
    known = {r.name: r for r in ROUTERS}
    if settings.handlers is None:
        return list(ROUTERS)
    unknown = [name for name in settings.handlers if name not in known]
    if unknown:
        raise ConfigError(f"handlers: unknown handler(s) {', '.join(unknown)}; available: {', '.join(known)}")
    names = {"admin", *settings.handlers}  # help and ping are always there
    return [r for r in ROUTERS if r.name in names]


class Bot:
    """One running bot. `run()` until `stop()`; `ready` is set once the first sync is handled."""

    def __init__(self, settings: CoreSettings) -> None:
        self.settings = settings
        self.ready = asyncio.Event()
        self._stopping = asyncio.Event()
        self.services: Services | None = None
        self.dispatcher: Dispatcher | None = None
        self.crypto: Crypto | None = None
        self._retry_lock = asyncio.Lock()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        settings = self.settings
        log.info(
            "config loaded",
            extra={"version": __version__, "homeserver": settings.homeserver, "user_id": settings.user_id},
        )
        db = Database(settings.db_url)
        matrix: MatrixConnection | None = None
        tasks = Tasks()
        counters: Counter[str] = Counter()
        try:
            heads = await db.upgrade()
            log.info("database ready", extra={"dialect": db.dialect, "schema": ",".join(heads)})
            matrix = MatrixConnection(settings, counters=counters)
            async with db.session() as session:
                known_device = await state.get_value(session, state.DEVICE_ID)
            known_device = self._check_crypto_store(matrix, known_device)
            device_id = await matrix.login(known_device)
            async with db.begin() as session:
                await state.set_value(session, state.DEVICE_ID, device_id)
            log.info(
                "logged in",
                extra={
                    "user_id": matrix.user_id,
                    "device_id": device_id,
                    "encryption": "on" if matrix.client.olm else "off",
                },
            )
            routers = enabled_routers(settings)
            dms = DirectMessages(matrix, db)
            scheduler = Scheduler(db, self._run_job)
            services = Services(
                settings=settings,
                db=db,
                matrix=matrix,
                registry=Registry(routers),
                tasks=tasks,
                dms=dms,
                scheduler=scheduler,
                counters=counters,
            )
            self.services = services
            self.crypto = Crypto(settings, matrix, db, counters)
            self.dispatcher = Dispatcher(services, self.crypto)
            await scheduler.start()
            for listener in services.registry.listeners("startup"):
                await listener.func(services)
            log.info(
                "handlers loaded",
                extra={
                    "handlers": ",".join(r.name for r in routers),
                    "commands": len(services.registry.commands),
                },
            )
            await self._sync_forever(services, self.dispatcher)
        finally:
            if self.services is not None:
                for listener in self.services.registry.listeners("shutdown"):
                    try:
                        await listener.func(self.services)
                    except Exception:
                        log.exception("shutdown hook failed", extra={"handler": listener.group})
            if self.services is not None and self.services.scheduler is not None:
                await self.services.scheduler.stop()
            await tasks.cancel_all()
            if matrix is not None:
                await matrix.close()
            await db.dispose()
            log.info("stopped")

    async def _sync_forever(self, services: Services, dispatcher: Dispatcher) -> None:
        """Long-poll sync from the stored token. The first sync of a process asks for full state (room members
        and power levels), never a fresh initial sync, so a quick restart neither re-answers nor gets stale state."""
        db, matrix = services.db, services.matrix
        async with db.session() as session:
            token = await state.get_value(session, state.SYNC_TOKEN)
        log.info("resuming sync" if token else "first start: history will not be answered")
        full_state = True
        stop_wait = asyncio.ensure_future(self._stopping.wait())
        try:
            while not self._stopping.is_set():
                timeout = 0 if full_state else self.settings.sync.timeout_ms
                sync = asyncio.ensure_future(
                    matrix.call(
                        "sync",
                        lambda t=token, f=full_state, to=timeout: matrix.client.sync(
                            timeout=to, since=t, full_state=f, sync_filter=SYNC_FILTER, set_presence="offline"
                        ),
                    )
                )
                await asyncio.wait({sync, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
                if not sync.done():
                    sync.cancel()
                    break
                response = sync.result()
                if not isinstance(response, SyncResponse):
                    raise MatrixError("sync", response)
                if self.crypto is not None:
                    await self.crypto.housekeeping()
                await dispatcher.handle_sync(response, token)
                await self._retry_undecrypted(dispatcher)
                token = response.next_batch
                async with db.begin() as session:
                    await state.set_value(session, state.SYNC_TOKEN, token)
                if full_state:
                    full_state = False
                    rooms = len(matrix.client.rooms)
                    log.info("rooms joined", extra={"rooms": rooms})
                    services.tasks.spawn(self._prune_ledger(services), "prune-ledger")
                    services.tasks.spawn(self._retry_ticker(dispatcher), "late-room-keys")
                    self.ready.set()
        finally:
            stop_wait.cancel()

    async def _run_job(self, kind: str, entity_id: str) -> None:
        """A scheduled job's wake-up, on the event loop: find its handler by kind (never by pickled reference)."""
        services = self.services
        if services is None or not self.ready.is_set():
            await self.ready.wait()
            services = self.services
        assert services is not None
        job = services.registry.jobs.get(kind)
        if job is None:
            log.warning("job of an unknown kind", extra={"kind": kind, "entity_id": entity_id})
            return
        try:
            await job.func(JobContext(services, kind, entity_id), entity_id)
        except Exception:
            services.counters["errors"] += 1
            log.exception("job failed", extra={"kind": kind, "entity_id": entity_id})

    async def _retry_undecrypted(self, dispatcher: Dispatcher) -> None:
        if self.crypto is not None and self.crypto.enabled:
            async with self._retry_lock:
                await self.crypto.retry(dispatcher.handle_room_events)

    async def _retry_ticker(self, dispatcher: Dispatcher) -> None:
        """Between syncs too: a parked message's grace period ends on time even in a quiet room."""
        while True:
            await asyncio.sleep(2)
            await self._retry_undecrypted(dispatcher)

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
            removed = await state.prune_ledger(session, keep)
        if removed:
            log.info("ledger pruned", extra={"removed": removed})
