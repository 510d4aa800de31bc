"""ncc-bot core: client, config, storage, command routing. Knows nothing of any feature."""

from bot.lean_imports import import_peewee_without_postgres

__version__ = "0.2.0"

import_peewee_without_postgres()  # before anything imports nio
