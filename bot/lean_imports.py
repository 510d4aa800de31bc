"""Keep drivers the bot never uses out of its memory.

nio keeps its keys in SQLite through peewee, and peewee imports psycopg2 whenever it is installed (ncc-bot
installs it for the scheduler's PostgreSQL job store), just in case: ~10 MB resident for the bot's whole life,
measured by import, in a bot that may not use PostgreSQL at all. So peewee is imported once with the
PostgreSQL drivers hidden; they import normally afterwards, for whoever needs them.
"""

from __future__ import annotations

import sys

POSTGRES_DRIVERS = ("psycopg2", "psycopg2cffi", "psycopg")  # the ones peewee tries; nio's store needs none


def import_peewee_without_postgres() -> None:
    if "peewee" in sys.modules or any(sys.modules.get(name) for name in POSTGRES_DRIVERS):
        return  # already imported: nothing left to save
    for name in POSTGRES_DRIVERS:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` now raises ImportError
    try:
        import peewee  # noqa: F401
    except ImportError:
        pass  # nio without its end-to-end extras: it never imports peewee either
    finally:
        for name in POSTGRES_DRIVERS:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
