"""A start with the schema already current never imports Alembic (~10 MB for the bot's whole life), a schema
that is not current always goes through it, on SQLite and PostgreSQL, and the long-lived bot has a child
process do it (bot/schema_child.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.schema_child import reachable_from_child
from bot.schema_heads import declared_heads
from bot.storage import MIGRATIONS_DIR, Database, alembic_config

NEWER = "UPDATE alembic_version SET version_num = 'core_9999' WHERE version_num LIKE 'core_%'"
KUDOS = Path(__file__).resolve().parents[1] / "kudos" / "migrations"  # a feature's own revision folder
ROOT = Path(__file__).resolve().parents[2]

START = """
import asyncio, json, sys
from pathlib import Path
from bot.errors import ConfigError
from bot.storage import Database
db = Database(sys.argv[1], migrations=[Path(p) for p in sys.argv[3:]])
try:
    heads = asyncio.run(db.upgrade(in_child=sys.argv[2] == "child"))
except ConfigError as exc:
    heads = f"ConfigError: {exc}"
print(json.dumps({"heads": heads, "alembic": "alembic" in sys.modules}))
"""


def start(db_url: str, where: str = "here", migrations: tuple[Path, ...] = ()) -> dict:
    """A fresh process's upgrade() (`where`: "here" as the CLI does it, "child" as the bot does), as at a start:
    the heads and whether Alembic was imported into that process."""
    done = subprocess.run(
        [sys.executable, "-c", START, db_url, where, *map(str, migrations)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_heads_read_from_the_files_are_alembics() -> None:
    for folders in ([], [KUDOS]):
        alembic = ScriptDirectory.from_config(alembic_config(migrations=folders)).get_heads()
        assert declared_heads([MIGRATIONS_DIR / "versions", *folders]) == frozenset(alembic)


def test_a_revision_file_in_another_form_gives_no_answer(tmp_path: Path) -> None:
    (tmp_path / "a_0001.py").write_text('revision = "a_0001"\ndown_revision = None\n')
    assert declared_heads([tmp_path]) == frozenset({"a_0001"})
    (tmp_path / "a_0002.py").write_text('revision = "a_0002"\ndown_revision = make_parent()\n')
    assert declared_heads([tmp_path]) is None
    (tmp_path / "a_0002.py").write_text('revision = "a_0002"\n')  # no down_revision line
    assert declared_heads([tmp_path]) is None


async def test_only_an_upgrade_with_work_to_do_imports_alembic(db_url: str) -> None:
    first = start(db_url)  # an empty database: Alembic builds the schema
    assert first["alembic"] is True
    again = start(db_url)
    assert again == {"heads": first["heads"], "alembic": False}
    engine = Database(db_url).engine
    async with engine.begin() as conn:  # one branch a revision behind, as after installing a newer version
        await conn.run_sync(lambda c: command.downgrade(alembic_config(c), "faq_0003"))
        assert "faq_0003" in set((await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars())
    await engine.dispose()
    behind = start(db_url)
    assert behind == {"heads": first["heads"], "alembic": True}


async def test_the_bots_upgrade_runs_in_a_child_and_leaves_no_alembic_behind(db_url: str) -> None:
    fresh = start(db_url, "child", (KUDOS,))  # a feature's own revision folder reaches the child too
    assert fresh["alembic"] is False
    assert "kudos_0001" in fresh["heads"]
    assert start(db_url, "here", (KUDOS,)) == {"heads": fresh["heads"], "alembic": False}  # nothing left to do
    db = Database(db_url)
    async with db.begin() as session:  # as if a newer ncc-bot had migrated it: the child's clear error reaches us
        await session.execute(text(NEWER))
    await db.dispose()
    newer = start(db_url, "child", (KUDOS,))
    assert newer["alembic"] is False
    assert newer["heads"].startswith("ConfigError: the database was migrated by a newer ncc-bot")


def test_the_child_is_not_asked_to_reach_an_in_memory_database() -> None:
    assert not reachable_from_child("sqlite+aiosqlite:///:memory:")
    assert not reachable_from_child("sqlite+aiosqlite://")
    assert not reachable_from_child("sqlite+aiosqlite:///file:bed?mode=memory&cache=shared&uri=true")
    assert reachable_from_child("sqlite+aiosqlite:////var/lib/ncc-bot/bot.db")
    assert reachable_from_child("postgresql+asyncpg://ncc@db/ncc")


async def test_an_in_memory_database_is_upgraded_in_process() -> None:
    db = Database("sqlite+aiosqlite:///:memory:")
    try:
        heads = await db.upgrade(in_child=True)
        assert heads == sorted(declared_heads([MIGRATIONS_DIR / "versions"]) or [])
    finally:
        await db.dispose()


async def test_a_failing_child_is_an_error_with_its_reason() -> None:
    from bot.schema_child import upgrade_in_child

    with pytest.raises(RuntimeError, match=r"failed \(in its child process\): .*(No such file|Permission|Errno)"):
        await upgrade_in_child("sqlite+aiosqlite:////proc/no-such-dir/bot.db", [])
