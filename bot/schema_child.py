"""A schema upgrade run in a child process, for the long-lived bot.

Once imported, Alembic, Mako and Pygments stay in a process for good (~12 MB resident, measured by import), so a
bot that migrated at start-up (its first start, every upgrade that brings a revision) would carry them for its
whole life. The child does the upgrade and exits; the bot only reads the heads it reached. Short-lived commands
(`ncc-bot migrate`, the CLI) and in-memory databases, which a child cannot reach, upgrade in-process.

The child runs bot/schema_upgrade.py `main([revision folder ...])`; the URL comes in the environment, never on
its command line (which any local user may read).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.errors import ConfigError

URL_ENV = "NCC_BOT_SCHEMA_URL"
CONFIG_ERROR = 3  # the child's exit code for a ConfigError (its message is the last line on stderr)
SOURCE_ROOT = Path(__file__).resolve().parents[1]  # where `bot` and `migrations` are imported from
# The child finds this very `bot` (a checkout's or the installed one) without reordering an installed sys.path.
CHILD = (
    "import sys; root = sys.argv[1]; sys.path[:0] = [] if root in sys.path else [root]; "
    "from bot.schema_upgrade import main; raise SystemExit(main(sys.argv[2:]))"
)


def reachable_from_child(url: str) -> bool:
    """An in-memory SQLite database exists only inside the process that opened it."""
    return not (url.startswith("sqlite") and (":memory:" in url or "mode=memory" in url or url.endswith("://")))


async def upgrade_in_child(url: str, migrations: Sequence[Path]) -> list[str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, str(SOURCE_ROOT), *map(str, migrations),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env={**os.environ, URL_ENV: url},
    )  # fmt: skip
    out, err = await process.communicate()
    if process.returncode == 0:  # the heads are the last line (a migration may print, Alembic may log)
        return list(json.loads(out.decode().strip().splitlines()[-1]))
    lines = err.decode(errors="replace").strip().splitlines()
    last = lines[-1] if lines else f"exit status {process.returncode}"
    if process.returncode == CONFIG_ERROR:
        raise ConfigError(last)
    raise RuntimeError(f"the schema upgrade failed (in its child process): {last}\n" + "\n".join(lines[-20:]))
