"""Modules the idle bot does not use stay out of its memory: PostgreSQL's driver (peewee would import it for
nio's SQLite key store, ~10 MB) and the dashboard's Jinja (~6 MB) when no dashboard is served; and the driver
still imports for whoever needs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
import handlers, nio, peewee
loaded = {m: m in sys.modules for m in ("psycopg2", "jinja2")}
import psycopg2
later = bool(psycopg2.paramstyle)
print(json.dumps({"loaded": loaded, "peewee_driver": peewee.psycopg2 is not None, "driver_later": later}))
"""


def test_the_bot_imports_no_postgres_driver_for_nio_and_no_dashboard_it_does_not_serve() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(done.stdout) == {
        "loaded": {"psycopg2": False, "jinja2": False},
        "peewee_driver": False,  # nio's store is SQLite: peewee never needed it
        "driver_later": True,  # the scheduler's PostgreSQL job store can still import it
    }


def test_a_driver_imported_first_is_left_alone() -> None:
    script = "import psycopg2, bot, peewee; print(peewee.psycopg2 is psycopg2)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "True"
