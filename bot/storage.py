"""Database plumbing: Base, an aware-UTC column type, the engine, and schema upgrades through Alembic.

The core owns no feature tables; each handler declares its own models on `Base`.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import DateTime, MetaData, event, text
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from bot.errors import ConfigError, NotFound
from bot.schema_child import reachable_from_child, upgrade_in_child
from bot.schema_heads import at_heads

T = TypeVar("T")
MIGRATIONS_DIR = Path(str(resources.files("migrations")))  # a checkout's or the installed package's


def id_key(matrix_id: str) -> str:
    """A Matrix id (room, event) kept only as its SHA-256: enough to recognise it, not to trace it back."""
    return hashlib.sha256(matrix_id.encode()).hexdigest()


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={  # named constraints: Alembic and SQLite batch mode need them
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "pk": "pk_%(table_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        }
    )


class UtcDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns aware UTC on SQLite (which keeps no zone) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UtcDateTime column; use an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL + synchronous=NORMAL: a commit survives kill -9 and costs no fsync (per-message ledger writes)."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


async def get_or_not_found(
    session: AsyncSession, model: type[T], row_id: int, missing: object, *, visible: Callable[[T], bool] | None = None
) -> T:
    """The row with this id, or NotFound with `missing` (a str or a Text saying where valid ids are listed).
    A row the asker may not see (`visible` says no) is "not found" too: an id reveals nothing of other rooms."""
    row = await session.get(model, row_id)
    if row is None or (visible is not None and not visible(row)):
        raise NotFound(missing)
    return row


class Database:
    """The engine and its session factory: one `begin()` per unit of work, never a shared session."""

    def __init__(self, url: str, *, echo: bool = False, migrations: Sequence[Path] = ()) -> None:
        self.url = url
        self.migrations = tuple(migrations)  # features' own revision folders, beside migrations/versions
        if url.startswith("sqlite"):
            path = url.split(":///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.engine: AsyncEngine = create_async_engine(url, echo=echo, pool_pre_ping=not url.startswith("sqlite"))
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on any exception."""
        async with self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session for reads (autobegin); nothing is committed unless the caller commits."""
        async with self.sessions() as session:
            yield session

    async def upgrade(self, *, in_child: bool = False) -> list[str]:
        """Bring the schema to the newest revision of every handler's branch; returns the heads reached.
        Alembic is imported only when there is something to do (bot/schema_heads.py says why), and with
        `in_child` (the long-lived bot) not even then: a child process does it (bot/schema_child.py)."""
        async with self.engine.connect() as conn:
            current = await conn.run_sync(at_heads, [MIGRATIONS_DIR / "versions", *self.migrations])
            await conn.rollback()
        if current is not None:
            return current
        if in_child and reachable_from_child(self.url):
            return await upgrade_in_child(self.url, self.migrations)
        from alembic.util.exc import CommandError

        async with self.engine.connect() as conn:
            try:
                heads = await conn.run_sync(_upgrade_heads, self.migrations)
            except CommandError as exc:
                if "Can't locate revision" not in str(exc):
                    raise
                raise ConfigError(
                    f"the database was migrated by a newer ncc-bot ({exc}): run that version, or restore the "
                    "backup taken before the upgrade (see README, 'Upgrades and rollback')"
                ) from None
            await conn.commit()
            if self.dialect == "sqlite":
                await conn.invalidate()  # migrations turned its foreign keys off: never hand it out again
        return heads

    async def ping(self) -> None:
        """A round trip to the database (the health check)."""
        async with self.session() as session:
            await session.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None, migrations: Sequence[Path] = ()) -> Any:
    """Alembic's config: our migrations/ plus any revision folders that features bring along."""
    from alembic.config import Config

    cfg = Config(stdout=sys.stdout)  # the current stream (alembic's default is the one at its import time)
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    locations = [MIGRATIONS_DIR / "versions", *migrations]
    cfg.set_main_option("version_locations", os.pathsep.join(str(p) for p in locations))
    cfg.attributes["connection"] = connection
    return cfg


def _upgrade_heads(connection: Connection, migrations: Sequence[Path]) -> list[str]:
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    command.upgrade(alembic_config(connection, migrations), "heads")
    return sorted(MigrationContext.configure(connection).get_current_heads())
