"""`ncc-bot needs export --format csv|json [filters]`: the same export as in chat, from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.cli import write_output
from bot.rooms import KnownDirectRoom, room_key
from bot.storage import Database
from handlers.needs import store
from handlers.needs.categories import Categoriser, load_categories
from handlers.needs.export import hiding_direct, to_csv, to_json
from handlers.needs.feature import feature
from handlers.needs.parse import parse_filters


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="needs_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write the needs as CSV or JSON")
    export.add_argument("filters", nargs="*", help="open|all, category=…, country=…, since=YYYY-MM-DD (default all)")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    export.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="path to config.yaml")


@feature.cli("needs", help="needs tools: `needs export`", configure=configure)
async def needs_cli(args: argparse.Namespace, settings: Any) -> int:
    from bot.errors import UsageError

    categories = Categoriser(load_categories(feature.config_of(settings).categories_file))
    try:
        filters = parse_filters(" ".join(args.filters) or "all", categories)
    except UsageError as exc:
        print(f"ncc-bot: {exc}", file=sys.stderr)
        return 2
    db = Database(settings.db_url)
    try:
        await db.upgrade()
        async with db.session() as session:
            needs = await store.export_needs(session, filters)
            direct = set(await session.scalars(select(KnownDirectRoom.room_key)))
        label = hiding_direct(lambda room_id: room_key(room_id) in direct)
        data = to_csv(needs, label) if args.format == "csv" else to_json(needs, label)
    finally:
        await db.dispose()
    write_output(data, args.output, f"{len(needs)} needs")
    return 0
