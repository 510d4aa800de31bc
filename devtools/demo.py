"""`./dev demo` (`python -m devtools.demo`): a throwaway local Synapse, a demo room, the bot in it, and a
terminal chat.

No account, no network, no Docker. The homeserver URL and the demo accounts are printed so Element or any
client can join too. Ctrl-C (or /quit) stops everything and removes the temp dir. Dev tooling: not part of the
production package.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bot.app import running
from bot.cli import config_argument, default_config, load
from bot.errors import ConfigError
from bot.logs import setup_logging
from devtools.chat import ChatUser, Message
from devtools.demo_config import dashboard_url, with_dashboard
from devtools.synapse import Account, Synapse
from handlers import FEATURES

DEMO_PASSWORDS = {"member": "demo-member", "coordinator": "demo-coordinator"}
HELP = (
    "Type a message (e.g. !help). /as coordinator or /as member switches who you are; /dm writes in your direct\n"
    "chat with the bot (the guided !need, !mydata, status notes and DM reminders arrive there, tagged [DM]),\n"
    "/room back to the demo room; /quit leaves."
)


def run_demo(config_path: Path | None, *, say: list[str], as_user: str, timeout: float) -> int:
    print("Starting a throwaway Synapse on 127.0.0.1 ...", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="ncc-demo-"))
    synapse = Synapse(workdir=workdir / "synapse")
    try:
        synapse.start()
        return asyncio.run(_demo(synapse, workdir, config_path, say=say, as_user=as_user, timeout=timeout))
    except KeyboardInterrupt:
        return 130
    except ConfigError as exc:
        print(f"ncc-bot: {exc}", file=sys.stderr)
        return 2
    finally:
        synapse.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        print("Demo stopped; nothing left running.", flush=True)


async def _demo(
    synapse: Synapse, workdir: Path, config_path: Path | None, *, say: list[str], as_user: str, timeout: float
) -> int:
    bot_account = synapse.register("ncc-bot")
    accounts = {name: synapse.register(f"demo-{name}", DEMO_PASSWORDS[name]) for name in ("member", "coordinator")}
    coordinator = accounts["coordinator"]
    room_id = synapse.create_room(
        coordinator.access_token,
        name="NCC demo room",
        preset="public_chat",
        invite=[bot_account.user_id, accounts["member"].user_id],
    )
    synapse.join(accounts["member"].access_token, room_id)
    environ = {
        **os.environ,
        "NCC_BOT_HOMESERVER": synapse.url,
        "NCC_BOT_USER_ID": bot_account.user_id,
        "NCC_BOT_PASSWORD": bot_account.password,
        "NCC_BOT_DATA_DIR": str(workdir / "data"),
        "NCC_BOT_COORDINATORS": coordinator.user_id,
    }
    environ.pop("NCC_BOT_ACCESS_TOKEN", None)
    environ.pop("NCC_BOT_DATABASE_URL", None)
    settings = load(with_dashboard(config_path, workdir), FEATURES, environ)
    log_file = workdir / "bot.log"
    files = Path(tempfile.mkdtemp(prefix="ncc-demo-files-"))  # kept after the demo: files the bot sent
    log_stream = log_file.open("a")
    setup_logging(settings.log_level, settings.log_format, stream=log_stream)
    users = {}  # with crypto stores of their own, like Element: the bot's DMs are encrypted
    for name, account in accounts.items():
        store = workdir / "stores" / name
        store.mkdir(parents=True)
        chat_user = ChatUser(
            synapse.url, account.user_id, account.access_token, account.device_id, store_path=str(store)
        )
        users[name] = await chat_user.start()
    try:
        async with running(settings, FEATURES):
            _banner(synapse, room_id, accounts, log_file, interactive=not say, dashboard=dashboard_url(settings))
            chat = DemoChat(users, room_id, bot_account.user_id, files, watcher=as_user if say else "member")
            try:
                if say:
                    return await _say_all(chat, as_user, say, timeout)
                await _interactive(chat)
                return 0
            finally:
                chat.close()
    finally:
        for user in users.values():
            await user.close()


def _banner(
    synapse: Synapse, room_id: str, accounts: dict[str, Account], log_file: Path, *, interactive: bool,
    dashboard: str | None = None,
) -> None:  # fmt: skip
    print(f"\nHomeserver: {synapse.url}   room: {room_id}")
    for name, account in accounts.items():
        print(f"  {name:<12} {account.user_id}  password: {account.password}")
    if dashboard:
        print(f"Dashboard: {dashboard}  (as the coordinator, send !dashboard: the sign-in link comes by DM)")
    print(f"Bot log: {log_file}", flush=True)
    if interactive:
        print(f"{HELP}\n", flush=True)


class DemoChat:
    """The terminal side: each demo user's messages from the bot, in the room and in their DM with it (tagged
    `[DM]`), their DM invitations accepted as Element would, and files the bot sends saved to disk."""

    def __init__(self, users: dict[str, ChatUser], room_id: str, bot_id: str, files: Path, watcher: str) -> None:
        """`watcher`: whose view of the demo room is printed (once, though every demo user sees it)."""
        self.users, self.room_id, self.bot_id, self.files = users, room_id, bot_id, files
        self.watcher = watcher
        self.direct: dict[str, str] = {}  # demo user -> their DM with the bot
        self.shown: dict[str, int] = dict.fromkeys(users, 0)
        self._tasks = [asyncio.create_task(self._accept_invites(name)) for name in users]

    async def _accept_invites(self, name: str) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                self.direct[name] = await self.users[name].accept_invite(timeout=3600)
                print(f"\n(the bot opened a direct chat with {name}: /dm writes there)", flush=True)

    def target(self, name: str, in_dm: bool) -> str | None:
        return self.direct.get(name) if in_dm else self.room_id

    async def show(self, name: str) -> None:
        """Print what arrived for `name` since last time: the room's bot messages and their DM's."""
        user = self.users[name]
        for message in user.messages[self.shown[name] :]:
            if message.sender != self.bot_id or message.type != "m.room.message":
                continue
            in_dm = message.room_id == self.direct.get(name)
            if in_dm or (message.room_id == self.room_id and name == self.watcher):
                await self._print(user, message, in_dm)
        self.shown[name] = len(user.messages)

    async def _print(self, user: ChatUser, message: Message, in_dm: bool) -> None:
        tag = "[DM] " if in_dm else ""
        body = message.body.replace("\n", "\n    ")
        if message.content.get("msgtype") in ("m.file", "m.image"):
            path = self.files / Path(message.body).name
            path.write_bytes(await user.download(message))
            body += f"  (saved to {path})"
        print(f"\n{tag}[bot] {body}", flush=True)

    async def settle(self, name: str, room_id: str, after: int, timeout: float) -> bool:
        """Wait for the bot's first message in `room_id` after message number `after`, then a little more (a
        command may answer with several messages, in the room and in a DM)."""
        user = self.users[name]
        try:
            await user.wait_for(
                lambda m: m.sender == self.bot_id and m.room_id == room_id and user.messages.index(m) >= after,
                timeout,
            )
        except TimeoutError:
            return False
        await asyncio.sleep(0.5)
        return True

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()


async def _say_all(chat: DemoChat, name: str, lines: list[str], timeout: float) -> int:
    """Send each line as `name` (`/dm` and `/room` switch where to), print the bot's replies; exit 1 if a line got
    no reply in time."""
    status, in_dm = 0, False
    for line in lines:
        if line in ("/dm", "/room"):
            in_dm = line == "/dm"
            continue
        room_id = chat.target(name, in_dm)
        if room_id is None and in_dm:
            await asyncio.sleep(2)  # the DM the previous line asked for may still be on its way
            room_id = chat.target(name, in_dm)
        if room_id is None:
            print("(no DM with the bot yet: send !need or !mydata first)", flush=True)
            status = 1
            continue
        print(f"{'[DM] ' if in_dm else ''}{chat.users[name].user_id}> {line}", flush=True)
        after = len(chat.users[name].messages)
        await chat.users[name].send_text(room_id, line)
        if not await chat.settle(name, room_id, after, timeout):
            print(f"(no reply within {timeout:.0f} s)", flush=True)
            status = 1
        await chat.show(name)
    await asyncio.sleep(1.5)  # what the last line set off in a DM (a new DM is opened, then written to)
    await chat.show(name)
    return status


async def _interactive(chat: DemoChat) -> None:
    current, in_dm = "member", False

    async def show_new() -> None:
        while True:
            await asyncio.sleep(0.2)
            for name in chat.users:
                await chat.show(name)

    printer = asyncio.create_task(show_new())
    loop = asyncio.get_running_loop()
    try:
        while True:
            prompt = f"{'[DM] ' if in_dm else ''}{chat.users[current].user_id}"
            line = await loop.run_in_executor(None, _prompt, prompt)
            if line is None or line.strip() in ("/quit", "/exit"):
                return
            line = line.strip()
            if line.startswith("/as "):
                who = line[4:].strip()
                current = who if who in chat.users else current
                print(
                    f"(you are now {chat.users[current].user_id})"
                    if who in chat.users
                    else "(choose: /as member or /as coordinator)"
                )
            elif line in ("/dm", "/room"):
                in_dm = line == "/dm" and chat.target(current, True) is not None
                print("(writing in your DM with the bot)" if in_dm else "(writing in the demo room)")
                if line == "/dm" and not in_dm:
                    print("(no DM with the bot yet: send !need or !mydata first)")
            elif line == "/help":
                print(HELP)
            elif line:
                await chat.users[current].send_text(chat.target(current, in_dm) or chat.room_id, line)
    finally:
        printer.cancel()


def _prompt(who: str) -> str | None:
    try:
        return input(f"{who}> ")
    except EOFError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./dev demo",
        parents=[config_argument()],
        description="Start a throwaway local Synapse with a demo room and chat with the bot.",
    )
    parser.add_argument(
        "--say",
        action="append",
        default=[],
        metavar="TEXT",
        help="non-interactive: send TEXT as the member (repeatable; /dm and /room switch where), print the replies",
    )
    parser.add_argument(
        "--as",
        dest="as_user",
        choices=("member", "coordinator"),
        default="member",
        help="who sends the --say lines (default: member)",
    )
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each reply (--say)")
    args = parser.parse_args(argv)
    return run_demo(args.config or default_config(), say=args.say, as_user=args.as_user, timeout=args.timeout)


if __name__ == "__main__":
    raise SystemExit(main())
