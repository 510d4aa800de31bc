"""PostgreSQL for the tests: a fresh database each, and the `pg_url` fixture. In CI (CI=true) an unreachable
PostgreSQL fails the run instead of skipping, so the PostgreSQL half can never silently stop running."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

POSTGRES_URL = os.environ.get("NCC_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def dsn(url: str, database: str | None = None) -> str:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    if database:
        dsn = dsn.rsplit("/", 1)[0] + "/" + database
    return dsn


async def create_database() -> str:
    name = f"ncc_test_{uuid.uuid4().hex[:12]}"
    try:
        conn = await asyncpg.connect(dsn(POSTGRES_URL), timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable in CI: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name


async def drop_database(name: str) -> None:
    conn = await asyncpg.connect(dsn(POSTGRES_URL))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A fresh database of the test's own."""
    name = await create_database()
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        await drop_database(name)
