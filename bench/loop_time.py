"""The worst event-loop stall one message can cause, at 20,000 needs and 2,000 unanswered questions.

    ./dev bench loop_time [--needs 20000] [--gaps 2000]

Runs the bot's real features and routing on the fake Matrix edge (tests/fakes.py) with a real SQLite database,
sends the commands a member or a coordinator can send, and measures, for each, the longest time the event loop
could not run anything else (a 2 ms ticker watches it). Goal: no message stalls the loop for more than 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bench.needs import TOPICS  # noqa: E402
from handlers.faq.models import Gap  # noqa: E402
from handlers.needs.models import Need  # noqa: E402
from handlers.needs.parse import normalise  # noqa: E402
from tests.fakes import COORDINATOR, GROUP, MEMBER, TestBed  # noqa: E402

COMMANDS = [
    (MEMBER, "!need examples of social finance mechanisms and impact measurement used by other NCCs"),
    (MEMBER, "!need new examples of social finance mechanisms used by other NCCs in coastal areas"),
    (MEMBER, "!faq how do we measure the social impact of our NCC activities?"),
    (MEMBER, "!needs mine"),
    (MEMBER, "!event add " + "T10:00" * 13 + " | x"),
    (COORDINATOR, "!faq gaps"),
    (COORDINATOR, "!stats"),
    (COORDINATOR, "!needs all"),
    (COORDINATOR, "!needs summary"),
    (COORDINATOR, "!needs export all"),
]


async def seed(bed: TestBed, needs: int, gaps: int) -> None:
    rng = random.Random(11)
    now = bed.clock.now()
    categories = [c.id for c in bed.services.feature_services["needs"].categories.categories]  # type: ignore[attr-defined]
    async with bed.services.db.begin() as session:
        rows = []
        for n in range(needs):
            text = " ".join(rng.sample(TOPICS, rng.randint(4, 9))) + f" case {n}"
            rows.append(
                {
                    "user_id": f"@m{n % 900}:x",
                    "room_id": GROUP,
                    "text": text,
                    "norm": normalise(text, "en"),
                    "lang": "en",
                    "category": rng.choice(categories),
                    "status": "open",
                    "supporters": 0,
                    "contact_ok": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        await session.execute(insert(Need), rows)
        await session.execute(
            insert(Gap),
            [
                {
                    "room_id": GROUP,
                    "user_id": "",
                    "text": distinct_question(rng),
                    "lang": "en",
                    "reason": "unanswered",
                    "created_at": now - timedelta(seconds=n),
                }
                for n in range(gaps)
            ],
        )


def distinct_question(rng: random.Random) -> str:
    """Questions that resemble one another little (the worst case for clustering: every one its own group)."""
    words = ["".join(rng.choice("abcdefghijklmnoprstuvz") for _ in range(rng.randint(4, 9))) for _ in range(7)]
    return "how " + " ".join(words) + "?"


async def worst_stall(bed: TestBed, sender: str, text: str) -> tuple[float, float]:
    """(the longest the loop was blocked, the command's wall time), in ms."""
    worst, stop = 0.0, asyncio.Event()

    async def watch() -> None:
        nonlocal worst
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            worst = max(worst, now - last - 0.002)
            last = now

    watcher = asyncio.create_task(watch())
    await asyncio.sleep(0.01)
    started = time.perf_counter()
    await bed.say(text, sender=sender)
    wall = time.perf_counter() - started
    stop.set()
    await watcher
    return worst * 1000, wall * 1000


async def run(args: argparse.Namespace) -> None:
    bed = await TestBed.start(Path(tempfile.mkdtemp(prefix="ncc-loop-")), "limits: {burst: 100000}\n")
    try:
        started = time.perf_counter()
        await seed(bed, args.needs, args.gaps)
        print(f"{args.needs} open needs and {args.gaps} gaps stored in {time.perf_counter() - started:.1f} s")
        worst_overall = 0.0
        for sender, text in COMMANDS:
            stall, wall = await worst_stall(bed, sender, text)
            worst_overall = max(worst_overall, stall)
            print(f"  {stall:7.1f} ms stall, {wall:7.1f} ms in all  {text[:60]}")
        verdict = "met" if worst_overall <= 100 else "NOT met"
        print(f"worst event-loop stall: {worst_overall:.1f} ms (goal <= 100 ms: {verdict})")
    finally:
        await bed.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--gaps", type=int, default=2_000)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
