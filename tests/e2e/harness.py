"""The end-to-end world: fresh accounts and a room per test on a shared Synapse, the bot run in-process."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp

from bot.app import Bot, running
from bot.cli import load
from bot.clock import ShiftedClock
from bot.config import CoreSettings
from devtools.chat import ChatUser, Message
from devtools.synapse import Account, Synapse
from handlers import FEATURES

ROOT = Path(__file__).resolve().parents[2]


class World:
    def __init__(self, synapse: Synapse, tmp_path: Path) -> None:
        self.synapse = synapse
        self.dir = tmp_path
        tag = uuid.uuid4().hex[:8]
        self.bot_account = synapse.register(f"ncc-bot-{tag}")
        self.member_account = synapse.register(f"member-{tag}")
        self.coordinator_account = synapse.register(f"coordinator-{tag}")
        # The coordinator creates the room, so holds top power there (room creator).
        self.room_id = synapse.create_room(
            self.coordinator_account.access_token,
            name=f"NCC test {tag}",
            invite=[self.bot_account.user_id, self.member_account.user_id],
        )
        synapse.join(self.member_account.access_token, self.room_id)
        self.bot: Bot | None = None
        self._running: contextlib.AsyncExitStack | None = None
        self.clock = ShiftedClock()  # the in-process bot's time: tests move it instead of waiting
        self.users: list[ChatUser] = []

    @property
    def bot_id(self) -> str:
        return self.bot_account.user_id

    def environ(self, **extra: str) -> dict[str, str]:
        return {
            "NCC_BOT_HOMESERVER": self.synapse.url,
            "NCC_BOT_USER_ID": self.bot_account.user_id,
            "NCC_BOT_PASSWORD": self.bot_account.password,
            "NCC_BOT_DATA_DIR": str(self.dir / "bot-data"),
            "NCC_BOT_COORDINATORS": self.coordinator_account.user_id,  # the room's creator is a network coordinator
            **extra,
        }

    def settings(self, config: str = "", **env: str) -> CoreSettings:
        return load(self._write_config(config), FEATURES, self.environ(**env))

    async def start_bot(self, config: str = "", *, features: Any = FEATURES, **env: str) -> Bot:
        """The bot in this event loop (the same `running()` the demo and the benches use), on `self.clock`."""
        settings = load(self._write_config(config), features, self.environ(**env))
        stack = contextlib.AsyncExitStack()
        self.bot = await stack.enter_async_context(running(settings, features, clock=self.clock))
        self._running = stack
        return self.bot

    async def stop_bot(self) -> None:
        if self._running is not None:
            stack, self._running, self.bot = self._running, None, None
            await stack.aclose()

    def _write_config(self, config: str, name: str = "config") -> Path:
        path = self.dir / f"{name}.yaml"
        path.write_text(config)
        return path

    def start_process(self, config: str = "", *, name: str = "bot", **env: str) -> subprocess.Popen[bytes]:
        """The bot as a real process (`python -m handlers run`), for tests that kill it with SIGKILL; its log
        goes to `<name>.log` in the test's dir."""
        path = self._write_config(config, name)
        log = (self.dir / f"{name}.log").open("ab")
        return subprocess.Popen(
            [sys.executable, "-m", "handlers", "run", "--config", str(path)],
            cwd=ROOT,
            env={**os.environ, **self.environ(**env)},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )

    def log_of(self, name: str = "bot") -> str:
        return (self.dir / f"{name}.log").read_text(errors="replace")

    async def user(self, account: Account, *, encrypted: bool = False) -> ChatUser:
        """A real nio client for `account`; `encrypted=True` gives it a crypto store of its own, like Element."""
        store = None
        if encrypted:
            store = self.dir / "stores" / account.user_id
            store.mkdir(parents=True, exist_ok=True)
        user = ChatUser(
            self.synapse.url,
            account.user_id,
            account.access_token,
            account.device_id,
            store_path=str(store) if store else None,
        )
        await user.start()
        self.users.append(user)
        return user

    async def member(self, *, encrypted: bool = False) -> ChatUser:
        return await self.user(self.member_account, encrypted=encrypted)

    async def coordinator(self, *, encrypted: bool = False) -> ChatUser:
        return await self.user(self.coordinator_account, encrypted=encrypted)

    def encrypted_room(self) -> str:
        """A second room of the same people, with end-to-end encryption on from the start."""
        room_id = self.synapse.create_room(
            self.coordinator_account.access_token,
            name="NCC encrypted",
            encrypted=True,
            invite=[self.bot_account.user_id, self.member_account.user_id],
        )
        self.synapse.join(self.member_account.access_token, room_id)
        return room_id

    async def barrier(self, user: ChatUser, room_id: str | None = None) -> Message:
        """`!ping` and its `pong` (returned): everything the bot had to do for earlier messages in the room is
        done (it handles a room's events in order), so a test can assert that something did *not* happen."""
        return await user.ask(room_id or self.room_id, "!ping")

    def advance(self, **delta: float) -> None:
        """Move the in-process bot's clock (and its scheduled wake-ups) forward."""
        self.clock.advance(timedelta(**delta))

    def replies_from_bot(self, user: ChatUser, event_id: str) -> list[Message]:
        return [m for m in user.messages if m.sender == self.bot_id and m.reply_to == event_id]

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.stop_bot()
        for user in self.users:
            await user.close()


async def http_get(url: str) -> tuple[int, str]:
    """(status, body); (0, error) while nothing listens, so tests can wait for a state with `eventually`."""
    try:
        async with aiohttp.ClientSession() as http, http.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response:
            return response.status, await response.text()
    except (aiohttp.ClientError, TimeoutError) as exc:
        return 0, type(exc).__name__


FLOODS_ALLOWED = "limits:\n  messages_per_minute: 1000000\n  burst: 100000\n"  # for tests that burst on purpose


def refused(message: Message) -> bool:
    """The bot's polite refusal of a command the sender has no authority for."""
    return message.body.startswith("Sorry, ") and " is for " in message.body and "coordinators" in message.body


async def eventually(check: Any, timeout: float = 15.0, interval: float = 0.1) -> None:
    """Wait until `check()` is true (a condition, not a sleep); AssertionError with the last value otherwise."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = check()
        if value:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition still false after {timeout} s: {value!r}")
        await asyncio.sleep(interval)


async def next_in(user: ChatUser, room_id: str, sender: str, after: int, timeout: float = 30.0) -> Message:
    """The message from `sender` in `room_id` after the first `after` ones (waits for it)."""

    def mine() -> list[Message]:
        return [m for m in user.messages if m.room_id == room_id and m.sender == sender]

    await user.wait_for(lambda _: len(mine()) > after, timeout=timeout)
    return mine()[after]
