"""End-to-end encryption around the nio client: key housekeeping, device trust, and room keys that come late.

Why the waiting room: Element may send a message before the room key reaches the bot's device. Such an event is
parked (in the database, so a restart keeps it), its key requested, and it is handled as soon as it can be read;
if the key never comes within the grace period, the sender gets one notice saying so. Never silent, never twice.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nio import EncryptionError, LocalProtocolError, MegolmEvent
from nio.events import Event
from sqlalchemy import select

from bot import metrics, phrases, state
from bot.config import CoreSettings
from bot.matrix import MatrixConnection
from bot.messages import notice
from bot.metrics import Metrics
from bot.storage import Database

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from bot.clock import Clock

log = logging.getLogger(__name__)


def store_file(settings: CoreSettings, device_id: str) -> Path:
    return settings.crypto_store_path / f"{settings.user_id}_{device_id}.db"


class Crypto:
    def __init__(
        self, settings: CoreSettings, matrix: MatrixConnection, db: Database, clock: Clock, metrics: Metrics
    ) -> None:
        self.settings = settings
        self.matrix = matrix
        self.db = db
        self.clock = clock
        self.metrics = metrics
        self._lock = asyncio.Lock()  # the retry after a sync and the ticker between syncs never overlap
        self._requested: set[str] = set()
        self._maybe_parked = True  # unknown at start (rows may survive a restart); False once the table is empty

    @property
    def enabled(self) -> bool:
        return self.matrix.client.olm is not None

    async def housekeeping(self) -> None:
        """What nio's sync_forever does after each sync: to-device messages, key upload / query / claim."""
        client = self.matrix.client
        if client.olm is None:
            return
        await self.matrix.call("to_device", client.send_to_device_messages)
        if client.should_upload_keys:
            await self.matrix.call("keys_upload", client.keys_upload)
        if client.should_query_keys:
            await self.matrix.call("keys_query", client.keys_query)
        if client.should_claim_keys:
            await self.matrix.call("keys_claim", lambda: client.keys_claim(client.get_users_for_key_claiming()))
        self.apply_trust()

    def apply_trust(self) -> None:
        """tofu: trust each device the first time it is seen. allowlist: only listed users' devices get keys."""
        client = self.matrix.client
        policy = self.settings.encryption
        allowed = {*policy.allowed_users, client.user_id}
        for user_id in list(client.device_store.users):
            for device in client.device_store.active_user_devices(user_id):
                if device.verified or device.blacklisted:
                    continue
                if policy.trust == "tofu" or user_id in allowed:
                    client.verify_device(device)
                else:
                    client.blacklist_device(device)
                    log.info("device not on the allowlist", extra={"user_id": user_id, "device_id": device.id})

    # ---------------------------------------------------------------------------------------- late keys
    async def park(self, room_id: str, event: MegolmEvent) -> None:
        """Keep an undecryptable event until its key arrives (or the grace period ends); ask for the key."""
        async with self.db.begin() as session:
            if await session.get(state.Undecrypted, event.event_id) is None:
                session.add(
                    state.Undecrypted(
                        event_id=event.event_id,
                        room_id=room_id,
                        user_id=event.sender,
                        source=event.source,
                        first_seen_at=self.clock.now(),
                    )
                )
                self.metrics.inc(metrics.UNDECRYPTABLE)
                self._maybe_parked = True
                log.info("message waits for its room key", extra={"event_id": event.event_id, "room_id": room_id})
        await self._request_key(room_id, event)

    async def _request_key(self, room_id: str, event: MegolmEvent) -> None:
        if event.session_id in self._requested:
            return
        self._requested.add(event.session_id)
        event.room_id = room_id
        try:
            await self.matrix.call("room_key_request", lambda: self.matrix.client.request_room_key(event))
        except LocalProtocolError:  # already requested by nio itself
            pass

    async def readable(self) -> AsyncIterator[tuple[str, Event]]:
        """Yield parked events that can now be decrypted (each is dropped from the waiting room once the
        consumer has handled it); tell senders whose key never came. Costs nothing while nothing waits."""
        if not self._maybe_parked or self.matrix.client.olm is None:
            return
        async with self._lock:
            async with self.db.session() as session:
                parked = list(await session.scalars(select(state.Undecrypted)))
            if not parked:
                self._maybe_parked = False
                return
            grace = timedelta(seconds=self.settings.encryption.decrypt_grace_seconds)
            for row in parked:
                decrypted = self._decrypt(row.room_id, Event.parse_event(row.source))
                if decrypted is not None:
                    self.metrics.inc(metrics.DECRYPTED_LATE)
                    yield row.room_id, decrypted
                elif self.clock.now() - row.first_seen_at >= grace:
                    await self._tell_unreadable(row)
                else:
                    continue
                async with self.db.begin() as session:
                    stale = await session.get(state.Undecrypted, row.event_id)
                    if stale is not None:
                        await session.delete(stale)

    async def _tell_unreadable(self, row: state.Undecrypted) -> None:
        self.metrics.inc(metrics.KEY_NEVER_CAME)
        text = phrases.say("unreadable", self.settings.room_language(row.room_id))
        content = notice(text, reply_to=row.event_id)
        await self.matrix.send(row.room_id, content, tx_key=f"undecryptable:{row.event_id}")
        log.warning("room key never arrived", extra={"event_id": row.event_id, "room_id": row.room_id})
        async with self.db.begin() as session:
            await state.mark_handled(session, row.event_id)

    def _decrypt(self, room_id: str, event: Any) -> Event | None:
        if not isinstance(event, MegolmEvent) or self.matrix.client.olm is None:
            return None
        event.room_id = room_id
        try:
            decrypted = self.matrix.client.decrypt_event(event)
        except EncryptionError:
            return None
        return decrypted if isinstance(decrypted, Event) and not isinstance(decrypted, MegolmEvent) else None
