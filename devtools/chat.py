"""A plain Matrix user driven by code: the demo's terminal chat, the end-to-end tests and the benches use it.

It syncs in the background and keeps every room message it sees, so callers wait on a condition
(`wait_for`, `reply_to`) with a timeout instead of sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nio import AsyncClient, AsyncClientConfig, JoinResponse, RoomSendResponse, SyncResponse
from nio.crypto import decrypt_attachment


@dataclass(frozen=True)
class Message:
    room_id: str
    event_id: str
    sender: str
    content: dict[str, Any]
    type: str = "m.room.message"
    received_at: float = 0.0  # time.monotonic() when this client's sync delivered it (benches)
    encrypted: bool = False  # it came encrypted and this client decrypted it

    @property
    def body(self) -> str:
        return str(self.content.get("body", ""))

    @property
    def reply_to(self) -> str | None:
        relates = self.content.get("m.relates_to") or {}
        return (relates.get("m.in_reply_to") or {}).get("event_id")


class ChatUser:
    def __init__(
        self, homeserver: str, user_id: str, access_token: str, device_id: str, *, store_path: str | None = None
    ) -> None:
        """With `store_path`, the user has end-to-end encryption (its own crypto store), like Element."""
        config = AsyncClientConfig(max_limit_exceeded=0, max_timeouts=3, encryption_enabled=store_path is not None)
        self.client = AsyncClient(homeserver, user_id, device_id=device_id, store_path=store_path, config=config)
        self.client.restore_login(user_id, device_id, access_token)
        self.messages: list[Message] = []
        self._changed = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None
        self._synced = asyncio.Event()
        self.invites: list[str] = []

    @property
    def user_id(self) -> str:
        return self.client.user_id

    async def start(self) -> ChatUser:
        self._task = asyncio.create_task(self._sync_loop())
        await asyncio.wait_for(self._synced.wait(), 30)
        return self

    async def _sync_loop(self) -> None:
        token: str | None = None
        timeline_filter = {"room": {"timeline": {"limit": 100}}}
        while True:
            try:
                response = await self.client.sync(
                    timeout=30_000 if token else 0, since=token, sync_filter=timeline_filter
                )
            except Exception:  # the homeserver is down: keep trying, like a real client
                await asyncio.sleep(0.5)
                continue
            if not isinstance(response, SyncResponse):
                await asyncio.sleep(0.5)
                continue
            now = time.monotonic()
            with contextlib.suppress(Exception):
                await self._crypto_housekeeping()
            new: list[Message] = []
            for room_id, info in response.rooms.join.items():
                for event in info.timeline.events:
                    source = event.source
                    if source.get("type") in ("m.room.message", "m.reaction", "m.room.encrypted") and token:
                        message = Message(
                            room_id,
                            source["event_id"],
                            source["sender"],
                            source.get("content", {}),
                            source["type"],
                            now,
                            bool(getattr(event, "decrypted", False)),
                        )
                        new.append(message)
            self.invites.extend(response.rooms.invite)
            token = response.next_batch
            async with self._changed:
                self.messages.extend(new)
                self._changed.notify_all()
            self._synced.set()

    async def _crypto_housekeeping(self) -> None:
        client = self.client
        if client.olm is None:
            return
        await client.send_to_device_messages()
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())

    async def wait_for(self, predicate: Callable[[Message], bool], timeout: float = 15.0) -> Message:
        """The first message (already seen or arriving) that matches; TimeoutError otherwise."""

        async def find() -> Message:
            async with self._changed:
                while True:
                    for message in self.messages:
                        if predicate(message):
                            return message
                    await self._changed.wait()

        return await asyncio.wait_for(find(), timeout)

    async def reply_to(self, event_id: str, timeout: float = 15.0) -> Message:
        return await self.wait_for(lambda m: m.reply_to == event_id, timeout)

    async def send(self, room_id: str, content: dict[str, Any], event_type: str = "m.room.message") -> str:
        for _ in range(20):
            response = await self.client.room_send(
                room_id, event_type, content, tx_id=uuid.uuid4().hex, ignore_unverified_devices=True
            )
            if isinstance(response, RoomSendResponse):
                return response.event_id
            if getattr(response, "status_code", "") == "M_LIMIT_EXCEEDED":
                await asyncio.sleep((getattr(response, "retry_after_ms", 0) or 1000) / 1000)
                continue
            raise RuntimeError(f"send failed: {response}")
        raise RuntimeError("send kept being rate limited")

    async def send_text(self, room_id: str, text: str, **extra: Any) -> str:
        return await self.send(room_id, {"msgtype": "m.text", "body": text, **extra})

    async def ask(self, room_id: str, text: str, timeout: float = 15.0) -> Message:
        """Send a line and wait for the reply to it."""
        event_id = await self.send_text(room_id, text)
        return await self.reply_to(event_id, timeout)

    async def download(self, message: Message) -> bytes:
        """The file a message carries, decrypted when it is an encrypted attachment."""
        if "file" in message.content:
            file = message.content["file"]
            response = await self.client.download(mxc=file["url"])
            return decrypt_attachment(response.body, file["key"]["k"], file["hashes"]["sha256"], file["iv"])
        response = await self.client.download(mxc=message.content["url"])
        return response.body

    async def accept_invite(self, timeout: float = 30.0) -> str:
        """Join the next room we are invited to (e.g. the DM the bot opened); returns its id."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: bool(self.invites))  # the sync loop notifies after each batch
        room_id = self.invites.pop(0)
        await self.join(room_id)
        return room_id

    async def join(self, room_id: str) -> None:
        response = await self.client.join(room_id)
        if not isinstance(response, JoinResponse):
            raise RuntimeError(f"join failed: {response}")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self.client.close()
