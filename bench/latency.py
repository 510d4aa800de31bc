"""Round-trip latency and burst delivery: ncc-bot against a bare matrix-nio echo bot, same Synapse, same run.

    ./dev bench latency [--messages 300] [--burst 1000] [--members 5] [--baseline DIR]

`--baseline DIR` adds a third bot: ncc-bot from another checkout (e.g. `git worktree add /tmp/before <rev>`),
so a change is measured before and after in the same run. Every bot runs as its own process. Sequential phase:
a member sends `!ping`, waits for the reply, repeats; the bots take turns message by message so drift on the
machine hits all alike. Burst phase: `--members`
members send `--burst` pings in total as fast as they can; we count replies, losses and duplicates.
Only same-run ratios mean anything (identical runs differ by ~30 % here).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools.chat import ChatUser  # noqa: E402
from devtools.synapse import Account, Synapse  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def start_echo(hs: Synapse, account: Account) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "bench" / "echo_bot.py"),
            hs.url,
            account.user_id,
            account.access_token,
            account.device_id,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


def start_ncc(hs: Synapse, account: Account, workdir: Path, checkout: Path = ROOT) -> subprocess.Popen[bytes]:
    """ncc-bot from `checkout` (its own code first on the path; the entry module moved to `handlers` in 0.2)."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "config.yaml"
    floods = "limits:\n  messages_per_minute: 1000000\n  burst: 100000\n"  # the bench floods on purpose
    has_limits = "LimitsConfig" in (checkout / "bot" / "config.py").read_text()  # checkouts before 0.2: none
    config.write_text("log_level: WARNING\n" + (floods if has_limits else ""))
    env = {
        **os.environ,
        "PYTHONPATH": str(checkout),
        "NCC_BOT_HOMESERVER": hs.url,
        "NCC_BOT_USER_ID": account.user_id,
        "NCC_BOT_ACCESS_TOKEN": account.access_token,
        "NCC_BOT_DATA_DIR": str(workdir / "data"),
    }
    entry = "handlers" if (checkout / "handlers" / "__main__.py").exists() else "bot"
    command = [sys.executable, "-m", entry, "run", "--config", str(config)]
    return subprocess.Popen(command, cwd=checkout, env=env)


async def wait_joined(user: ChatUser, room_id: str, bot_id: str) -> None:
    """The bot answers a ping, so it is in the room and syncing."""
    for _ in range(120):
        event_id = await user.send_text(room_id, "!ping warm-up")
        try:
            await user.reply_to(event_id, timeout=1.0)
            return
        except TimeoutError:
            continue
    raise RuntimeError(f"{bot_id} never answered")


async def sequential(user: ChatUser, rooms: dict[str, str], count: int) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {name: [] for name in rooms}
    for i in range(count):
        for name, room_id in rooms.items():
            started = time.monotonic()
            event_id = await user.send_text(room_id, f"!ping {i}")
            reply = await user.reply_to(event_id, timeout=30)
            latencies[name].append((reply.received_at - started) * 1000)
    return latencies


async def burst(members: list[ChatUser], room_id: str, bot_id: str, total: int) -> dict[str, float]:
    per_member = total // len(members)
    started = time.monotonic()

    async def send_all(user: ChatUser, index: int) -> list[str]:
        return [await user.send_text(room_id, f"!ping burst {index}-{i}") for i in range(per_member)]

    sent_lists = await asyncio.gather(*(send_all(u, n) for n, u in enumerate(members)))
    sent = {e for events in sent_lists for e in events}
    watcher = members[0]
    deadline = time.monotonic() + 120
    last_change, seen = time.monotonic(), 0
    while time.monotonic() < deadline:
        replies = [m for m in watcher.messages if m.sender == bot_id and m.reply_to in sent]
        if len(replies) != seen:
            seen, last_change = len(replies), time.monotonic()
        if len({m.reply_to for m in replies}) == len(sent) or time.monotonic() - last_change > 15:
            break
        await asyncio.sleep(0.2)
    replies = [m for m in watcher.messages if m.sender == bot_id and m.reply_to in sent]
    unique = {m.reply_to for m in replies}
    elapsed = (max(m.received_at for m in replies) - started) if replies else float("nan")
    return {
        "sent": len(sent),
        "answered": len(unique),
        "lost": len(sent) - len(unique),
        "duplicated": len(replies) - len(unique),
        "throughput": len(replies) / elapsed if replies else 0.0,
    }


async def run(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="ncc-bench-"))
    with Synapse() as hs:
        bots = {"echo": hs.register("echo-bot"), "ncc-bot": hs.register("ncc-bot")}
        if args.baseline:
            bots["before"] = hs.register("ncc-before")
        members = [hs.register(f"member{i}") for i in range(args.members)]
        rooms = make_rooms(hs, bots, members)
        processes = [start_echo(hs, bots["echo"]), start_ncc(hs, bots["ncc-bot"], workdir / "ncc")]
        if args.baseline:
            processes.append(start_ncc(hs, bots["before"], workdir / "before", args.baseline))
        users = [await member_client(hs, m, workdir / f"store-{n}") for n, m in enumerate(members)]
        try:
            for name, room_id in rooms.items():
                await wait_joined(users[0], room_id, bots[bot_of(name)].user_id)
            print(
                f"Sequential round trips: {args.messages} `!ping` per bot, alternating "
                "(ncc-e2e: ncc-bot in an encrypted room, the member encrypting and decrypting too)"
            )
            report_latencies(await sequential(users[0], rooms, args.messages))
            print(f"Burst: {args.burst} `!ping` from {args.members} members at once, per bot")
            for name in (n for n in rooms if not n.endswith("-e2e")):
                result = await burst(users, rooms[name], bots[name].user_id, args.burst)
                print(
                    f"  {name:<8} sent {result['sent']:.0f}  answered {result['answered']:.0f}  "
                    f"lost {result['lost']:.0f}  duplicated {result['duplicated']:.0f}  "
                    f"throughput {result['throughput']:.1f} replies/s"
                )
        finally:
            for user in users:
                await user.close()
            for process in processes:
                process.terminate()
                process.wait(timeout=20)


def make_rooms(hs: Synapse, bots: dict[str, Account], members: list[Account]) -> dict[str, str]:
    """One room per bot (and one encrypted room for ncc-bot), all members in each."""
    rooms = {}
    for name in [*bots, "ncc-e2e", *(["before-e2e"] if "before" in bots else [])]:
        bot = bots[bot_of(name)]
        rooms[name] = hs.create_room(
            members[0].access_token,
            name=f"bench {name}",
            preset="public_chat",
            invite=[bot.user_id],
            encrypted=name.endswith("-e2e"),
        )
        for member in members[1:]:
            hs.join(member.access_token, rooms[name])
    return rooms


def bot_of(room_name: str) -> str:
    return {"ncc-e2e": "ncc-bot", "before-e2e": "before"}.get(room_name, room_name)


async def member_client(hs: Synapse, member: Account, store: Path) -> ChatUser:
    os.makedirs(store, exist_ok=True)
    client = ChatUser(hs.url, member.user_id, member.access_token, member.device_id, store_path=str(store))
    return await client.start()


def report_latencies(latencies: dict[str, list[float]]) -> None:
    stats = {}
    for name, values in latencies.items():
        stats[name] = {q: percentile(values, q) for q in (50, 95, 99)}
        print(
            f"  {name:<8} p50 {stats[name][50]:6.1f} ms  p95 {stats[name][95]:6.1f} ms  "
            f"p99 {stats[name][99]:6.1f} ms  mean {statistics.mean(values):6.1f} ms"
        )
    for name in (n for n in ("ncc-bot", "before") if n in stats):
        for q, target in ((50, 1.1), (95, None), (99, 1.3)):
            ratio = stats[name][q] / stats["echo"][q]
            goal = f"  (target <= {target}x: {'met' if ratio <= target else 'NOT met'})" if target else ""
            print(f"  ratio {name}/echo p{q}: {ratio:.2f}x{goal}")
    for name, plain in (("ncc-e2e", "ncc-bot"), ("before-e2e", "before")):
        if name in stats:
            ratio = stats[name][50] / stats[plain][50]
            verdict = "met" if ratio <= 1.3 else "NOT met"
            print(f"  ratio encrypted/unencrypted {plain} p50: {ratio:.2f}x  (target <= 1.3x: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument(
        "--baseline", metavar="DIR", type=lambda p: Path(p).resolve(), help="also run ncc-bot from this checkout"
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
