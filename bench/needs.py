"""Needs at scale: 50,000 stored needs; time a filtered `!needs` page, a duplicate check (by words, and by meaning
with the encoder) and a full CSV export.

    ./dev bench needs [--needs 50000] [--database-url URL]

Runs the same store functions the chat commands use, on SQLite by default (or PostgreSQL with --database-url).
Targets: listing and duplicate check under 50 ms, export of 50,000 rows under 3 s. The baseline printed next to
the duplicate check is a naive scan (every open need scored in Python), measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from bot.storage import Database, utcnow  # noqa: E402
from handlers.encoder.config import EncoderConfig  # noqa: E402
from handlers.encoder.service import EncoderService  # noqa: E402
from handlers.needs import store  # noqa: E402
from handlers.needs.categories import Categoriser, load_categories  # noqa: E402
from handlers.needs.config import NeedsConfig  # noqa: E402
from handlers.needs.export import to_csv  # noqa: E402
from handlers.needs.feature import NeedsService  # noqa: E402
from handlers.needs.models import Need  # noqa: E402
from handlers.needs.parse import Filters, normalise  # noqa: E402

TOPICS = [
    "impact",
    "framework",
    "indicators",
    "mapping",
    "coastal",
    "islands",
    "ecosystem",
    "finance",
    "social",
    "roadmap",
    "stakeholders",
    "municipalities",
    "training",
    "scaling",
    "webinar",
    "partners",
    "migrants",
    "report",
    "budget",
    "dissemination",
    "leaflet",
    "emblem",
    "missions",
    "ocean",
    "horizon",
    "rural",
]


def timed(samples: list[float]) -> str:
    ordered = sorted(samples)
    return f"p50 {statistics.median(ordered):7.2f} ms  p95 {ordered[int(0.95 * (len(ordered) - 1))]:7.2f} ms"


async def store_needs(
    db: Database, count: int, rng: random.Random, categories: list[str], countries: list[str]
) -> None:
    now = utcnow()
    async with db.begin() as session:
        for start in range(0, count, 5000):
            rows = []
            for n in range(start, min(count, start + 5000)):
                text = " ".join(rng.sample(TOPICS, rng.randint(4, 9))) + f" case {n}"
                rows.append(
                    {
                        "user_id": f"@member{n % 900}:ncc.eu",
                        "room_id": "!room:ncc.eu",
                        "text": text,
                        "norm": normalise(text, "en"),
                        "lang": "en",
                        "category": rng.choice(categories),
                        "status": rng.choice(["open", "open", "in-progress", "addressed", "declined"]),
                        "country": rng.choice(countries),
                        "supporters": rng.randint(0, 20),
                        "contact_ok": rng.random() < 0.5,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            await session.execute(insert(Need), rows)


async def run(args: argparse.Namespace) -> None:
    url = args.database_url or f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='ncc-needs-bench-')}/bench.db"
    db = Database(url)
    await db.upgrade()
    rng = random.Random(7)
    categories = [c.id for c in load_categories(None)]
    countries = ["Portugal", "Poland", "Malta", "Ireland", "Lithuania", "Spain", "Italy", "France", "Germany"]
    started = time.perf_counter()
    await store_needs(db, args.needs, rng, categories, countries)
    print(f"{args.needs} needs stored in {time.perf_counter() - started:.1f} s ({db.dialect})")

    listing, duplicates, naive = [], [], []
    for _ in range(args.repeat):
        filters = Filters("open", rng.choice(categories), rng.choice(countries))
        query = normalise(" ".join(rng.sample(TOPICS, 6)), "en")
        category = rng.choice(categories)
        t0 = time.perf_counter()
        async with db.session() as session:
            await store.list_needs(session, filters, 0, 10)
        t1 = time.perf_counter()
        async with db.session() as session:
            await store.similar_open(session, query, category, 75)
        t2 = time.perf_counter()
        async with db.session() as session:
            norms = list(await session.scalars(select(Need.norm).where(Need.status.in_(store.OPEN))))
        [0.5 * fuzz.token_set_ratio(query, n) + 0.5 * fuzz.token_sort_ratio(query, n) for n in norms]
        t3 = time.perf_counter()
        listing.append((t1 - t0) * 1000)
        duplicates.append((t2 - t1) * 1000)
        naive.append((t3 - t2) * 1000)
    print(f"  `!needs open category=… country=…` page: {timed(listing)}  (target < 50 ms)")
    print(f"  duplicate check on a new need:           {timed(duplicates)}  (target < 50 ms)")
    print(
        f"  naive scan of all open needs (baseline):  {timed(naive)}  "
        f"ratio p50 {statistics.median(duplicates) / statistics.median(naive):.2f}x"
    )
    await by_meaning(db, args.repeat, rng, categories)
    t0 = time.perf_counter()
    async with db.session() as session:
        needs = await store.export_needs(session, Filters("all"))
    data = to_csv(needs)
    elapsed = time.perf_counter() - t0
    print(f"  CSV export of {len(needs)} rows: {elapsed:.2f} s, {len(data) / 1e6:.1f} MB  (target < 3 s)")
    await db.dispose()


async def by_meaning(db: Database, repeat: int, rng: random.Random, categories: list[str]) -> None:
    """The encoder's part of the duplicate check (`needs.semantic`): the newest open needs of two categories and
    the room, compared by meaning. The first check encodes the candidates; later ones find most in memory."""
    with tempfile.TemporaryDirectory() as tmp:
        service = NeedsService(
            NeedsConfig(), Categoriser(load_categories(None)), EncoderService(EncoderConfig(), Path(tmp))
        )
        await service.encoder.model()  # type: ignore[union-attr]
        rule, samples = service.duplicates, []
        for n in range(repeat + 1):
            text = " ".join(rng.sample(TOPICS, 6)) + f" need {n}"
            t0 = time.perf_counter()
            async with db.session() as session:
                nearby = await store.open_needs(session, rng.sample(categories, rule.categories), rule.candidates)
            await service.same_need(text, "en", [], nearby)
            samples.append((time.perf_counter() - t0) * 1000)
        service.encoder.close()  # type: ignore[union-attr]
    print(f"  ... by meaning, first check (encodes {rule.candidates} candidates): {samples[0]:7.2f} ms")
    print(f"  ... by meaning, later checks:            {timed(samples[1:])}  (target < 50 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", help="e.g. postgresql+asyncpg://postgres@127.0.0.1/test (default: SQLite)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
