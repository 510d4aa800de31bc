"""The sync loop: long-poll from the stored token, hand each batch to intake, save the token after it.

The first sync of a process asks for full state (room members and power levels), never a fresh initial sync,
so a quick restart neither re-answers nor gets stale state.
"""

from __future__ import annotations

import asyncio
import logging

from nio import SyncResponse

from bot import state
from bot.config import CoreSettings
from bot.crypto import Crypto
from bot.dm import DirectMessages
from bot.intake import Intake
from bot.invites import handle_invites
from bot.matrix import MatrixConnection
from bot.metrics import SYNCS, Metrics
from bot.retry import MatrixError
from bot.rooms import RoomFacts
from bot.storage import Database
from bot.upgrades import RoomMoves

log = logging.getLogger(__name__)
SYNC_FILTER = {
    "room": {"timeline": {"limit": 100}, "state": {"lazy_load_members": False}},
    "presence": {"types": []},
}
LATE_KEY_TICK_S = 2.0


class SyncLoop:
    def __init__(
        self,
        settings: CoreSettings,
        matrix: MatrixConnection,
        db: Database,
        crypto: Crypto,
        rooms: RoomFacts,
        intake: Intake,
        dms: DirectMessages,
        metrics: Metrics,
        moves: RoomMoves | None = None,
    ) -> None:
        self.settings = settings
        self.matrix = matrix
        self.db = db
        self.crypto = crypto
        self.rooms = rooms
        self.intake = intake
        self.dms = dms
        self.metrics = metrics
        self.moves = moves
        self.first_sync_done = asyncio.Event()

    async def run(self, stopping: asyncio.Event) -> None:
        """Sync until `stopping` is set; a sync in flight is abandoned (its batch is replayed next time)."""
        async with self.db.session() as session:
            token = await state.get_value(session, state.SYNC_TOKEN)
        log.info("resuming sync" if token else "first start: history will not be answered")
        full_state = True
        stop_wait = asyncio.ensure_future(stopping.wait())
        try:
            while not stopping.is_set():
                sync = asyncio.ensure_future(self._sync(token, full_state))
                await asyncio.wait({sync, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
                if not sync.done():
                    sync.cancel()
                    break
                response = sync.result()
                await self._handle(response, token)
                token = response.next_batch
                async with self.db.begin() as session:
                    await state.set_value(session, state.SYNC_TOKEN, token)
                self.metrics.inc(SYNCS)
                self.metrics.gauges.synced()
                if full_state:
                    full_state = False
                    log.info("rooms joined", extra={"rooms": self.rooms.joined_count()})
                    self.first_sync_done.set()
        finally:
            stop_wait.cancel()

    async def _sync(self, token: str | None, full_state: bool) -> SyncResponse:
        timeout = 0 if full_state else self.settings.sync.timeout_ms
        client = self.matrix.client
        response = await self.matrix.call(
            "sync",
            lambda: client.sync(
                timeout=timeout, since=token, full_state=full_state, sync_filter=SYNC_FILTER, set_presence="offline"
            ),
        )
        if not isinstance(response, SyncResponse):
            raise MatrixError("sync", response)
        return response

    async def _handle(self, response: SyncResponse, since: str | None) -> None:
        await self.crypto.housekeeping()
        await handle_invites(self.settings, self.matrix, self.rooms, self.dms, response, self.moves)
        self.rooms.observe(response)
        if self.moves is not None:
            await self.moves.settle()  # a room upgrade followed: its data moves before its events are handled
        await self.intake.handle_sync(response, since)
        await self.intake.handle_late_keys()

    async def late_key_ticker(self) -> None:
        """Between syncs too: a parked message's grace period ends on time even in a quiet room."""
        while True:
            await asyncio.sleep(LATE_KEY_TICK_S)
            await self.intake.handle_late_keys()
