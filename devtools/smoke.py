"""One smoke test of a bot started by a command line: the installed console script, or the container image.

    python -m devtools.smoke -- /tmp/venv/bin/ncc-bot run
    python -m devtools.smoke -- podman run --rm --network=host --env-file {env_file} ... ncc-bot:test

It starts a throwaway Synapse with a bot account, a member and a room, runs the command with the bot's settings
in its environment (or, where an argument is `{env_file}`, in a file of NCC_BOT_* lines for a container), and
checks what a user would: the bot joins, answers `!ping`, answers one FAQ question, `/healthz` says 200, and it
stops cleanly on SIGTERM. Exit status 0 when all of that held.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from devtools.chat import ChatUser
from devtools.synapse import Synapse, free_port

QUESTION = "!faq what is the co-financing rate of the NCC grants?"


def bot_environment(synapse: Synapse, user_id: str, password: str, metrics_port: int) -> dict[str, str]:
    return {
        "NCC_BOT_HOMESERVER": synapse.url,
        "NCC_BOT_USER_ID": user_id,
        "NCC_BOT_PASSWORD": password,
        "NCC_BOT_METRICS_LISTEN": f"127.0.0.1:{metrics_port}",
    }


def healthz(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return int(response.status)
    except OSError as exc:
        return int(getattr(exc, "code", 0) or 0)


async def converse(synapse: Synapse, room_id: str, member: ChatUser, bot_id: str, metrics_port: int) -> None:
    deadline = time.monotonic() + 120
    while synapse.membership(member.client.access_token, room_id, bot_id) != "join":
        if time.monotonic() > deadline:
            raise SystemExit("smoke: the bot never joined the room")
        await asyncio.sleep(0.5)
    pong = await member.ask(room_id, "!ping", timeout=60)
    if not pong.body.startswith("pong"):
        raise SystemExit(f"smoke: !ping got {pong.body!r}")
    answer = await member.ask(room_id, QUESTION, timeout=60)
    if "%" not in answer.body:
        raise SystemExit(f"smoke: the FAQ question got {answer.body[:200]!r}")
    for _ in range(120):
        if (status := healthz(metrics_port)) == 200:
            break
        await asyncio.sleep(0.5)
    if status != 200:
        raise SystemExit(f"smoke: /healthz answered {status}")
    print(f"smoke: joined, !ping -> {pong.body!r}, FAQ answered ({len(answer.body)} chars), /healthz 200")


async def main(command: list[str], also: list[str]) -> int:
    with Synapse() as synapse, tempfile.TemporaryDirectory(prefix="ncc-smoke-") as work:
        bot = synapse.register("ncc-bot")
        member_account = synapse.register("member")
        room_id = synapse.create_room(member_account.access_token, name="Smoke test", invite=[bot.user_id])
        port = free_port()
        env = bot_environment(synapse, bot.user_id, bot.password, port)
        env_file = Path(work) / "bot.env"
        env_file.write_text("".join(f"{k}={v}\n" for k, v in env.items()))
        env_file.chmod(0o600)
        if "{env_file}" in command:
            argv, child_env = [str(env_file) if a == "{env_file}" else a for a in command], dict(os.environ)
        else:
            argv, child_env = command, {**os.environ, **env, "NCC_BOT_DATA_DIR": str(Path(work) / "data")}
        process = subprocess.Popen(argv, env=child_env, cwd=work)  # noqa: ASYNC220 - lives as long as the test
        member = ChatUser(synapse.url, member_account.user_id, member_account.access_token, member_account.device_id)
        await member.start()
        try:
            await converse(synapse, room_id, member, bot.user_id, port)
            for check in also:
                subprocess.run(check, shell=True, check=True)  # noqa: ASYNC221 - the caller's own check
                print(f"smoke: {check!r} passed")
        finally:
            await member.close()
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                status = process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                raise SystemExit("smoke: the bot did not stop within 60 s of SIGTERM") from None
        if status != 0:
            raise SystemExit(f"smoke: the bot exited with status {status}")
        print("smoke: stopped cleanly on SIGTERM")
        return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--also", action="append", default=[], help="a shell command to run once the bot answers")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command that runs the bot (after --)")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command that runs the bot, after --")
    sys.exit(asyncio.run(main(command, args.also)))
