"""A start with the schema already current never imports Alembic (~10 MB for the bot's whole life), and a
schema that is not current always goes through it, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.schema_heads import declared_heads
from bot.storage import MIGRATIONS_DIR, Database, alembic_config

KUDOS = Path(__file__).resolve().parents[1] / "kudos" / "migrations"  # a feature's own revision folder
ROOT = Path(__file__).resolve().parents[2]

START = """
import asyncio, json, sys
from bot.storage import Database
heads = asyncio.run(Database(sys.argv[1]).upgrade())
print(json.dumps({"heads": heads, "alembic": "alembic" in sys.modules}))
"""


def start(db_url: str) -> dict:
    """A fresh process's upgrade(), as at the bot's start: the heads and whether Alembic was imported."""
    done = subprocess.run(
        [sys.executable, "-c", START, db_url], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
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
