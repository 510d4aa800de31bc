"""`ncc-bot events export --format ics|csv`: all events, from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.cli import write_output
from bot.storage import Database
from handlers.events.feature import feature
from handlers.events.models import Event
from handlers.events.render import to_csv, to_ics


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="events_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write the events as an iCalendar (.ics) or CSV file")
    export.add_argument("--format", choices=("ics", "csv"), default="ics")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    export.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="path to config.yaml")


@feature.cli("events", help="events tools: `events export`", configure=configure)
async def events_cli(args: argparse.Namespace, settings: Any) -> int:
    db = Database(settings.db_url)
    try:
        await db.upgrade()
        async with db.session() as session:
            events = list(await session.scalars(select(Event).order_by(Event.starts_at)))
    finally:
        await db.dispose()
    from zoneinfo import ZoneInfo

    data = to_ics(events, ZoneInfo(settings.timezone)) if args.format == "ics" else to_csv(events)
    write_output(data, args.output, f"{len(events)} events")
    return 0
