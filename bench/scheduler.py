"""Scheduling at scale: start-up with 10,000 stored jobs, and 200 reminders due in the same minute on a real Synapse.

    ./dev bench scheduler [--jobs 10000] [--burst 200]

Prints the time the bot's scheduler needs to start and reconcile its jobs, and, for the burst, how late each
reminder reached a member (p50/p99), how many were missed and how many duplicated. Targets: load <= 3 s,
lateness p99 <= 1 s, 0 duplicates, 0 missed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bot.app import running  # noqa: E402
from bot.cli import load  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.registry import Registry  # noqa: E402
from bot.scheduler import Scheduler  # noqa: E402
from bot.storage import Database  # noqa: E402
from devtools.chat import ChatUser  # noqa: E402
from devtools.synapse import Synapse  # noqa: E402
from handlers import FEATURES  # noqa: E402
from handlers.events import feature as events  # noqa: E402
from handlers.events.listeners import reconcile  # noqa: E402
from handlers.events.models import Event, Reminder  # noqa: E402


async def load_phase(jobs: int, workdir: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{workdir / 'load.db'}")
    await db.upgrade()
    far = datetime.now(UTC) + timedelta(days=30)
    async with db.begin() as session:
        await session.execute(
            insert(Event), [{"room_id": "!r:x", "title": f"event {n}", "starts_at": far} for n in range(jobs)]
        )
        await session.execute(
            insert(Reminder),
            [{"event_row_id": n + 1, "offset_seconds": 3600, "due_at": far - timedelta(hours=1)} for n in range(jobs)],
        )

    async def nothing(job: object, entity_id: str) -> None:
        return None

    clock, registry = SystemClock(), Registry([events])
    settings = load(None, FEATURES, environ={})

    def services(scheduler: Scheduler) -> SimpleNamespace:  # what reconcile() reads of the services
        return SimpleNamespace(scheduler=scheduler, db=db, settings=settings, now=clock.now)

    scheduler = Scheduler(db, clock, registry, nothing)
    await scheduler.start()
    started = time.perf_counter()
    await reconcile(services(scheduler))  # first start: jobs created
    created = time.perf_counter() - started
    await scheduler.stop()
    again = Scheduler(db, clock, registry, nothing)
    started = time.perf_counter()
    await again.start()
    await reconcile(services(again))
    loaded = time.perf_counter() - started
    count = len([j for j in await again.job_ids() if j.startswith("events.reminder:")])
    await again.stop()
    await db.dispose()
    print(
        f"{jobs} stored jobs: creating them took {created:.1f} s; a restart loads and reconciles them in "
        f"{loaded:.2f} s ({count} jobs found; target <= 3 s)"
    )


async def store_reminders(url: str, room: str, count: int, due: datetime, spread: float) -> None:
    db = Database(url)
    await db.upgrade()
    async with db.begin() as session:
        await session.execute(
            insert(Event),
            [
                {"room_id": room, "title": f"Session {n}", "starts_at": due + timedelta(minutes=10)}
                for n in range(count)
            ],
        )
        await session.execute(
            insert(Reminder),
            [
                {"event_row_id": n + 1, "offset_seconds": 600, "due_at": due + timedelta(seconds=spread * n / count)}
                for n in range(count)
            ],
        )
    await db.dispose()


async def burst_phase(count: int, workdir: Path, spread: float) -> None:
    """`count` reminders due within `spread` seconds (0: all in the same second, the worst case)."""
    with Synapse() as hs:
        bot_account, member_account = hs.register("ncc-bot"), hs.register("member")
        room = hs.create_room(member_account.access_token, name="bench", invite=[bot_account.user_id])
        env = {
            "NCC_BOT_HOMESERVER": hs.url,
            "NCC_BOT_USER_ID": bot_account.user_id,
            "NCC_BOT_PASSWORD": bot_account.password,
            "NCC_BOT_DATA_DIR": str(workdir / "bot"),
            "NCC_BOT_LOG_LEVEL": "WARNING",
        }
        config = workdir / "config.yaml"
        config.write_text("events:\n  late_note_after_seconds: 5\n")
        settings = load(config, FEATURES, environ=env)
        due = (datetime.now(UTC) + timedelta(seconds=25)).replace(microsecond=0)
        await store_reminders(settings.db_url, room, count, due, spread)
        async with running(settings, FEATURES):
            member = await ChatUser(
                hs.url, member_account.user_id, member_account.access_token, member_account.device_id
            ).start()
            offset = time.monotonic() - datetime.now(UTC).timestamp()  # wall clock -> this process's monotonic
            deadline = time.monotonic() + max(0.0, (due - datetime.now(UTC)).total_seconds()) + 60
            while time.monotonic() < deadline:
                got = [m for m in member.messages if m.body.startswith("Reminder:")]
                if len({m.body.split("📅 ")[1].split("\n")[0] for m in got}) >= count:
                    break
                await asyncio.sleep(0.5)
            await asyncio.sleep(3)  # a bench, not a test: time for duplicates to show up
            got = [m for m in member.messages if m.body.startswith("Reminder:")]
            titles = Counter(m.body.split("📅 ")[1].split("\n")[0] for m in got)
            due_of = {f"Session {n}": due.timestamp() + spread * n / count for n in range(count)}
            lateness = sorted(m.received_at - (due_of[m.body.split("📅 ")[1].split("\n")[0]] + offset) for m in got)
            await member.close()
    if not lateness:
        print(f"{count} reminders due at once: none arrived")
        return
    p99 = lateness[int(0.99 * (len(lateness) - 1))]
    window = f"within {spread:.0f} s" if spread else "in the same second"
    print(
        f"{count} reminders due {window}: arrived {len(titles)}, missed {count - len(titles)}, "
        f"duplicated {sum(titles.values()) - len(titles)}; lateness at the member p50 "
        f"{statistics.median(lateness):.2f} s, p99 {p99:.2f} s, max {lateness[-1]:.2f} s (target p99 <= 1 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--burst", type=int, default=200)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="ncc-scheduler-bench-"))
    asyncio.run(load_phase(args.jobs, workdir))
    for name, spread in (("minute", 60.0), ("second", 0.0)):
        (workdir / name).mkdir()
        asyncio.run(burst_phase(args.burst, workdir / name, spread=spread))


if __name__ == "__main__":
    main()
