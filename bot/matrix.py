"""The Matrix connection: login that keeps its device, sends that survive 429s and outages, gap-free history.

nio's own retry loops are switched off (max_limit_exceeded=0, max_timeouts=0): nio retries a 429 forever without
telling anyone and backs off up to a minute after an outage. Here every call goes through `call`, which honours
`retry_after_ms`, logs it, and caps the backoff so the bot answers within seconds once the server is back.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import ClientConnectionError, ClientPayloadError
from nio import (
    AsyncClient,
    AsyncClientConfig,
    ErrorResponse,
    JoinError,
    LoginResponse,
    MessageDirection,
    RoomCreateResponse,
    RoomMessagesResponse,
    RoomPreset,
    RoomSendResponse,
    RoomVisibility,
    UploadResponse,
    WhoamiResponse,
)
from nio.crypto import ENCRYPTION_ENABLED
from nio.events import Event

from bot import metrics
from bot.config import CoreSettings
from bot.data_dir import write_private
from bot.metrics import Metrics
from bot.retry import MatrixError, backoff_delay, http_status, is_rate_limited, is_transient, txn_id_for

log = logging.getLogger(__name__)
T = TypeVar("T")
TRANSIENT_ERRORS = (ClientConnectionError, ClientPayloadError, TimeoutError, asyncio.TimeoutError, OSError)
MAX_GAP_EVENTS = 5_000
ENCRYPTION_STATE = {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}


class MatrixConnection:
    """One logged-in device. Owns the nio client; handlers reach it only through their context."""

    def __init__(
        self, settings: CoreSettings, *, metrics: Metrics | None = None, pickle_key: str = "DEFAULT_KEY"
    ) -> None:
        self.settings = settings
        self.session_file = settings.data_dir / "session.json"
        self.encryption = settings.encryption.enabled and ENCRYPTION_ENABLED
        config = AsyncClientConfig(
            max_limit_exceeded=0,
            max_timeouts=0,
            request_timeout=30,
            store_sync_tokens=False,
            encryption_enabled=self.encryption,
            pickle_key=pickle_key,
        )
        store = settings.crypto_store_path
        store.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.client = AsyncClient(settings.homeserver, settings.user_id, store_path=str(store), config=config)
        self._room_locks: dict[str, asyncio.Lock] = {}
        self.metrics = metrics if metrics is not None else Metrics()

    @property
    def user_id(self) -> str:
        return self.client.user_id

    @property
    def device_id(self) -> str | None:
        return self.client.device_id

    # ----------------------------------------------------------------------------------------------- retries
    async def call(self, what: str, request: Callable[[], Awaitable[T]], *, attempts: int | None = None) -> T:
        """Run a nio request until it succeeds, retrying 429s (as told) and outages (capped backoff).

        Returns the response, which may still be a permanent ErrorResponse (403, 404...) for the caller to judge.
        `attempts=None` retries for as long as the bot runs: a queued reply is never dropped.
        """
        attempt = 0
        sync = self.settings.sync
        while True:
            attempt += 1
            try:
                response = await request()
            except TRANSIENT_ERRORS as exc:
                if attempts is not None and attempt >= attempts:
                    raise
                delay = backoff_delay(attempt, sync.retry_initial_delay, sync.retry_max_delay)
                self.metrics.inc(metrics.MATRIX_RETRIES, request=what)
                log.warning(
                    "homeserver unreachable, retrying",
                    extra={
                        "request": what,
                        "attempt": attempt,
                        "delay_s": round(delay, 2),
                        "error": type(exc).__name__,
                    },
                )
                await asyncio.sleep(delay)
                continue
            if isinstance(response, ErrorResponse):
                if is_rate_limited(response):
                    delay = (response.retry_after_ms or 5_000) / 1000
                    self.metrics.inc(metrics.MATRIX_429, request=what)
                    log.warning("rate limited by the homeserver", extra={"request": what, "retry_after_s": delay})
                    await asyncio.sleep(delay)
                    continue
                if is_transient(response) and (attempts is None or attempt < attempts):
                    delay = backoff_delay(attempt, sync.retry_initial_delay, sync.retry_max_delay)
                    self.metrics.inc(metrics.MATRIX_RETRIES, request=what)
                    log.warning(
                        "homeserver error, retrying",
                        extra={"request": what, "status": http_status(response), "delay_s": round(delay, 2)},
                    )
                    await asyncio.sleep(delay)
                    continue
            return response

    # ------------------------------------------------------------------------------------------------- login
    async def login(self, known_device_id: str | None) -> str:
        """Log in, reusing the stored device and token so a restart creates no new device. Returns the device id."""
        settings = self.settings
        if settings.access_token is not None:
            self.client.access_token = settings.access_token.get_secret_value()
            whoami = await self.call("whoami", self.client.whoami)
            if not isinstance(whoami, WhoamiResponse):
                raise MatrixError("login with NCC_BOT_ACCESS_TOKEN", whoami)
            if whoami.user_id != settings.user_id:
                raise RuntimeError(f"the access token belongs to {whoami.user_id}, not {settings.user_id}")
            self.client.restore_login(
                settings.user_id, whoami.device_id or known_device_id or "", self.client.access_token
            )
            return self.client.device_id
        saved = self._read_session()
        if saved and await self._restore(saved):
            return self.client.device_id
        if settings.password is None:
            raise RuntimeError(
                "no credentials: set NCC_BOT_PASSWORD or NCC_BOT_ACCESS_TOKEN (or password_file in config.yaml)"
            )
        device_id = (saved or {}).get("device_id") or known_device_id
        if device_id:
            self.client.device_id = device_id  # nio sends it, so the homeserver reuses the device
        password = settings.password.get_secret_value()
        response = await self.call("login", lambda: self.client.login(password, device_name=settings.device_name))
        if not isinstance(response, LoginResponse):
            raise MatrixError("login", response)
        self._write_session()
        return response.device_id

    async def _restore(self, saved: dict[str, str]) -> bool:
        if saved.get("user_id") != self.settings.user_id or saved.get("homeserver") != self.settings.homeserver:
            return False
        self.client.restore_login(saved["user_id"], saved["device_id"], saved["access_token"])
        whoami = await self.call("whoami", self.client.whoami)
        if isinstance(whoami, WhoamiResponse):
            return True
        log.warning("stored session rejected, logging in again", extra={"errcode": whoami.status_code})
        self.client.access_token = ""
        return False

    def _read_session(self) -> dict[str, str] | None:
        try:
            return json.loads(self.session_file.read_text())
        except (OSError, ValueError):
            return None

    def _write_session(self) -> None:
        """The token goes to a 0600 file in the data dir, never to the log or the database."""
        self.session_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        session = {
            "homeserver": self.settings.homeserver,
            "user_id": self.client.user_id,
            "device_id": self.client.device_id,
            "access_token": self.client.access_token,
        }
        write_private(self.session_file, json.dumps(session))

    # ----------------------------------------------------------------------------------------------- sending
    async def send(
        self,
        room_id: str,
        content: dict[str, Any],
        *,
        tx_key: str | None = None,
        event_type: str = "m.room.message",
    ) -> str:
        """Send one event and return its id. The same `tx_key` never posts twice (the server de-duplicates)."""
        tx_id = txn_id_for(tx_key) if tx_key else f"ncc-{uuid.uuid4().hex}"
        lock = self._room_locks.setdefault(room_id, asyncio.Lock())
        async with lock:  # keep a room's messages in order, also while one of them waits out a 429
            response = await self.call(
                "room_send",
                lambda: self.client.room_send(
                    room_id, event_type, content, tx_id=tx_id, ignore_unverified_devices=True
                ),
            )
        if not isinstance(response, RoomSendResponse):
            raise MatrixError("send", response)
        return response.event_id

    async def create_direct_room(self, user_id: str) -> str:
        """A new direct room with `user_id` invited (encrypted when encryption is on); returns its id."""
        initial_state = [ENCRYPTION_STATE] if self.encryption else []
        response = await self.call(
            "room_create",
            lambda: self.client.room_create(
                visibility=RoomVisibility.private,
                preset=RoomPreset.trusted_private_chat,
                is_direct=True,
                invite=[user_id],
                initial_state=initial_state,
            ),
        )
        if not isinstance(response, RoomCreateResponse):
            raise MatrixError("create a direct message room", response)
        log.info(
            "direct message room created",
            extra={"room_id": response.room_id, "user_id": user_id, "encrypted": bool(initial_state)},
        )
        return response.room_id

    async def upload(self, data: bytes, filename: str, content_type: str, *, encrypt: bool = False) -> dict[str, Any]:
        """Upload a file; returns the content fields that point at it: `url`, or `file` (keys) when encrypted."""
        keys: dict[str, Any] = {}

        async def request() -> Any:
            response, decryption = await self.client.upload(
                lambda *_: io.BytesIO(data),
                content_type=content_type,
                filename=filename,
                filesize=len(data),
                encrypt=encrypt,
            )
            keys.clear()
            keys.update(decryption or {})
            return response

        response = await self.call("upload", request)
        if not isinstance(response, UploadResponse):
            raise MatrixError("upload", response)
        if encrypt:
            return {"file": {"url": response.content_uri, "mimetype": content_type, **keys}}
        return {"url": response.content_uri}

    async def join(self, room_id: str) -> bool:
        response = await self.call("join", lambda: self.client.join(room_id))
        if isinstance(response, JoinError):
            log.warning("could not join room", extra={"room_id": room_id, "errcode": response.status_code})
            return False
        return True

    async def reject(self, room_id: str) -> None:
        await self.call("leave", lambda: self.client.room_leave(room_id))

    # -------------------------------------------------------------------------------------------- history
    async def fetch_gap(self, room_id: str, prev_batch: str, since: str) -> list[Event]:
        """Events between the last sync (`since`) and a limited timeline's start, oldest first.

        Synapse returns at most 100 timeline events per room per sync; the rest must be paged back here.
        """
        events: list[Event] = []
        start = prev_batch
        while len(events) < MAX_GAP_EVENTS:
            response = await self.call(
                "room_messages",
                lambda start=start: self.client.room_messages(
                    room_id, start=start, end=since, direction=MessageDirection.back, limit=100
                ),
            )
            if not isinstance(response, RoomMessagesResponse):
                log.warning("could not fetch missed messages", extra={"room_id": room_id})
                break
            events.extend(response.chunk)
            if not response.chunk or not response.end or response.end == start:
                break
            start = response.end
        if len(events) >= MAX_GAP_EVENTS:
            log.warning("gap too large, oldest events skipped", extra={"room_id": room_id, "kept": len(events)})
        events.reverse()
        return events

    async def close(self) -> None:
        """Close the HTTP session. Never log out: that would discard the device and its keys."""
        await self.client.close()
