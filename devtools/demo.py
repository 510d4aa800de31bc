"""`./dev demo` (`python -m devtools.demo`): a throwaway local Synapse, a demo room, the bot in it, and a
terminal chat.

No account, no network, no Docker. The homeserver URL and the demo accounts are printed so Element or any
client can join too. Ctrl-C (or /quit) stops everything and removes the temp dir. Dev tooling: not part of the
production package.
"""

from __future__ import annotations

import argparse
import asyncio
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
from devtools.synapse import Account, Synapse
from handlers import FEATURES

DEMO_PASSWORDS = {"member": "demo-member", "coordinator": "demo-coordinator"}
HELP = "Type a message (e.g. !help). /as coordinator or /as member switches who you are; /quit leaves."


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
    settings = load(config_path, FEATURES, environ)
    log_file = workdir / "bot.log"
    log_stream = log_file.open("a")
    setup_logging(settings.log_level, settings.log_format, stream=log_stream)
    users = {
        name: await ChatUser(synapse.url, a.user_id, a.access_token, a.device_id).start()
        for name, a in accounts.items()
    }
    try:
        async with running(settings, FEATURES):
            _banner(synapse, room_id, accounts, log_file)
            if say:
                return await _say_all(users[as_user], room_id, say, bot_account.user_id, timeout)
            await _interactive(users, room_id, bot_account.user_id)
            return 0
    finally:
        for user in users.values():
            await user.close()


def _banner(synapse: Synapse, room_id: str, accounts: dict[str, Account], log_file: Path) -> None:
    print(f"\nHomeserver: {synapse.url}   room: {room_id}")
    for name, account in accounts.items():
        print(f"  {name:<12} {account.user_id}  password: {account.password}")
    print(f"Bot log: {log_file}\n{HELP}\n", flush=True)


async def _say_all(user: ChatUser, room_id: str, lines: list[str], bot_id: str, timeout: float) -> int:
    """Send each line, print the bot's replies to it; exit 1 if a line got no reply in time."""
    status = 0
    for line in lines:
        print(f"{user.user_id}> {line}", flush=True)
        event_id = await user.send_text(room_id, line)
        try:
            await user.wait_for(lambda m, e=event_id: m.sender == bot_id and m.reply_to == e, timeout)
        except TimeoutError:
            print(f"(no reply within {timeout:.0f} s)", flush=True)
            status = 1
            continue
        await asyncio.sleep(0.3)  # a command may answer with more than one message
        for message in user.messages:
            if message.sender == bot_id and message.reply_to == event_id:
                _print_message(message)
    return status


async def _interactive(users: dict[str, ChatUser], room_id: str, bot_id: str) -> None:
    current = "member"
    watcher = users["member"]
    demo_ids = {user.user_id for user in users.values()}

    async def show_new() -> None:
        seen = 0
        while True:
            await watcher.wait_for(lambda _, seen=seen: len(watcher.messages) > seen, timeout=10**9)
            for message in watcher.messages[seen:]:
                if message.sender not in demo_ids and message.type == "m.room.message":
                    _print_message(message)
            seen = len(watcher.messages)

    printer = asyncio.create_task(show_new())
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, _prompt, users[current].user_id)
            if line is None or line.strip() in ("/quit", "/exit"):
                return
            line = line.strip()
            if not line:
                continue
            if line.startswith("/as "):
                who = line[4:].strip()
                if who in users:
                    current = who
                    print(f"(you are now {users[who].user_id})")
                else:
                    print("(choose: /as member or /as coordinator)")
                continue
            if line == "/help":
                print(HELP)
                continue
            await users[current].send_text(room_id, line)
    finally:
        printer.cancel()


def _prompt(user_id: str) -> str | None:
    try:
        return input(f"{user_id}> ")
    except EOFError:
        return None


def _print_message(message: Message) -> None:
    who = "bot" if "ncc-bot" in message.sender else message.sender
    body = message.body.replace("\n", "\n    ")
    print(f"\n[{who}] {body}", flush=True)


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
        help="non-interactive: send TEXT as the member (repeatable), print the replies, stop",
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
