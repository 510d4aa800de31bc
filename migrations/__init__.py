"""The bot's Alembic migrations (one branch per feature), shipped inside the package so an installed bot can
upgrade its own schema; `bot.storage` finds them through the import system, never a checkout path."""
