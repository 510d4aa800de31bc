"""Intake: from a sync response to the events that are new to the bot, each handed to routing exactly once.

Stages, per room: cut the history before the bot's own join, fill a limited timeline's gap, drop duplicates,
drop what the ledger says was handled, park what cannot be decrypted yet (crypto stage), then route. Rooms run
concurrently, the events of one room strictly in order. An event enters the ledger after it was handled; the
sync token is saved after the whole batch (see bot/state.py for why both).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

from nio import MegolmEvent, SyncResponse
from nio.events import Event

from bot import metrics, state
from bot.crypto import Crypto
from bot.matrix import MatrixConnection
from bot.metrics import Metrics
from bot.storage import Database

log = logging.getLogger(__name__)
Route = Callable[[str, Event], Awaitable[None]]


class Intake:
    def __init__(
        self,
        matrix: MatrixConnection,
        db: Database,
        crypto: Crypto,
        route: Route,
        *,
        event_types: Iterable[str],
        metrics: Metrics,
    ) -> None:
        self.matrix = matrix
        self.db = db
        self.crypto = crypto
        self.route = route
        self.event_types = frozenset({*event_types, "m.room.encrypted"})
        self.metrics = metrics

    @property
    def me(self) -> str:
        return self.matrix.user_id

    async def handle_sync(self, response: SyncResponse, since: str | None) -> None:
        """Handle one sync batch. `since=None` is the very first start: history is not answered."""
        if since is None:
            return
        work = []
        for room_id, info in response.rooms.join.items():
            events = list(info.timeline.events)
            joined_now = self._index_of_own_join(events)
            if joined_now is not None:
                events = events[joined_now + 1 :]  # a room we just joined: its history is not ours to answer
            elif info.timeline.limited and info.timeline.prev_batch:
                gap = await self.matrix.fetch_gap(room_id, info.timeline.prev_batch, since)
                self.metrics.inc(metrics.GAP_EVENTS, len(gap))
                events = _dedupe([*gap, *events])
            if events:
                work.append(self.handle_room_events(room_id, events))
        await asyncio.gather(*work)

    async def handle_room_events(self, room_id: str, events: list[Event]) -> None:
        candidates = [e for e in events if self._wants(e)]
        if not candidates:
            return
        async with self.db.session() as session:
            todo = await state.unhandled(session, [e.event_id for e in candidates])
        for event in candidates:
            if event.event_id not in todo:
                continue
            if isinstance(event, MegolmEvent):  # not readable yet: wait for the room key, never drop it
                await self.crypto.park(room_id, event)
                continue
            await self._route_once(room_id, event)

    async def handle_late_keys(self) -> None:
        """The crypto stage's second chance: events whose room key arrived since they were parked."""
        async for room_id, event in self.crypto.readable():
            await self._route_once(room_id, event)

    async def _route_once(self, room_id: str, event: Event) -> None:
        try:
            await self.route(room_id, event)
        except Exception:  # e.g. the reply itself was refused: log once, never stop the bot
            self.metrics.inc(metrics.ERRORS, stage="intake")
            log.exception("event handling failed", extra={"event_id": event.event_id, "room_id": room_id})
        async with self.db.begin() as session:
            await state.mark_handled(session, event.event_id)

    def _wants(self, event: Event) -> bool:
        source = event.source
        if source.get("sender") == self.me or source.get("type") not in self.event_types:
            return False
        content = source.get("content") or {}
        if source.get("type") == "m.room.message" and content.get("msgtype") == "m.notice":
            return False  # other bots speak in notices: never answer them (no bot loops); edits go to routing
        return bool(getattr(event, "event_id", None))

    def _index_of_own_join(self, events: list[Event]) -> int | None:
        for index, event in enumerate(events):
            source = event.source
            if (
                source.get("type") == "m.room.member"
                and source.get("state_key") == self.me
                and source.get("content", {}).get("membership") == "join"
                and (source.get("unsigned", {}).get("prev_content") or {}).get("membership") != "join"
            ):
                return index
        return None


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    unique = []
    for event in events:
        event_id = getattr(event, "event_id", None)
        if event_id and event_id in seen:
            continue
        if event_id:
            seen.add(event_id)
        unique.append(event)
    return unique
