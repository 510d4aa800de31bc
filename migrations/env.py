"""Alembic environment: every feature's models are on Base.metadata once `handlers` (the composition) is imported.

Each feature keeps its own branch of revisions (branch label = handler name), so features can add migrations
side by side; the bot upgrades to `heads`. With no connection passed in (the alembic CLI), the URL comes from
`-x url=...`, NCC_BOT_DATABASE_URL, or the default SQLite file.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

import bot.dm
import bot.rooms
import bot.scheduler
import bot.state  # noqa: F401 - the core's tables, with the ones above
import handlers  # noqa: F401 - ... and every feature's
from bot.config import normalise_db_url
from bot.storage import Base, Database

target_metadata = Base.metadata
EXCLUDED_TABLES = {"apscheduler_jobs"}  # APScheduler creates and owns its job store table


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    return not (type_ == "table" and name in EXCLUDED_TABLES)


def run_with(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        # Batch mode rebuilds a table (copy, drop, rename): with foreign keys on, dropping a parent table would
        # cascade-delete its children's rows. Effective only before the connection's first write; the bot's
        # Database.upgrade discards this connection afterwards.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_standalone() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(
        "NCC_BOT_DATABASE_URL", "sqlite+aiosqlite:///data/ncc-bot.db"
    )
    db = Database(normalise_db_url(url))
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(run_with)
    finally:
        await db.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    asyncio.run(run_standalone())
