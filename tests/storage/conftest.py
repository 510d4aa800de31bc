"""A `db` fixture over SQLite and the local PostgreSQL, schema built by the migrations (never create_all).

PostgreSQL tests get a fresh database each. In CI (CI=true) an unreachable PostgreSQL fails the run instead of
skipping, so the PostgreSQL half can never silently stop running.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Database
from tests.postgres import POSTGRES_URL, create_database, drop_database


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    name = await create_database()
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        await drop_database(name)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    await database.upgrade()
    try:
        yield database
    finally:
        await database.dispose()
