"""The child process of bot/schema_child.py: upgrades the schema, prints the heads reached as JSON, exits.

    python -m bot.schema_upgrade [revision folder ...]      (the URL in NCC_BOT_SCHEMA_URL, never on argv)
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.errors import ConfigError
from bot.schema_child import CONFIG_ERROR, URL_ENV
from bot.storage import Database


def main(argv: Sequence[str]) -> int:
    url = os.environ.pop(URL_ENV, "")
    if not url:
        print(f"{URL_ENV} is not set", file=sys.stderr)
        return 2
    try:
        heads = asyncio.run(Database(url, migrations=[Path(p) for p in argv]).upgrade())
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return CONFIG_ERROR
    print(json.dumps(heads))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
