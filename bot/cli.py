"""`ncc-bot`: run, check-config, migrate, version, plus each feature's own subcommands.

The features are passed in by the entry point (`handlers:main`), so this module imports none of them.
Config errors exit 2 with a message, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot import __version__
from bot.app import Bot, InstanceLost, migration_folders
from bot.config import CoreSettings
from bot.config_file import load_settings
from bot.errors import ConfigError
from bot.feature import CliCommand, Feature
from bot.instance import AlreadyRunning
from bot.logs import setup_logging
from bot.registry import config_sections, enabled
from bot.storage import Database

log = logging.getLogger("bot.cli")
EXIT_CONFIG = 2
EXIT_ALREADY_RUNNING = 3  # systemd: RestartPreventExitStatus=2 3 (restarting would not help)
Features = Sequence[Feature[Any, Any]]


def default_config() -> Path | None:
    env = os.environ.get("NCC_BOT_CONFIG")
    if env:
        return Path(env)
    path = Path("config.yaml")
    return path if path.exists() else None


def load(path: Path | None, features: Features, environ: dict[str, str] | None = None) -> CoreSettings:
    """Load and validate config.yaml with every feature's section; also checks the `handlers:` names."""
    settings = load_settings(path, config_sections(features), environ)
    enabled(features, settings.handlers)
    return settings


def config_argument() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        default=None,
        help="path to config.yaml (default: $NCC_BOT_CONFIG or ./config.yaml)",
    )
    return common


def build_parser(features: Features) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ncc-bot", description="Matrix bot for the NCC social-innovation network.")
    common = config_argument()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", parents=[common], help="run the bot")
    sub.add_parser("check-config", parents=[common], help="validate the configuration and exit")
    sub.add_parser("migrate", parents=[common], help="upgrade the database schema to the newest version")
    sub.add_parser("version", parents=[common], help="print the version")
    sub.add_parser("healthcheck", parents=[common], help="ask the running bot's /healthz; exit 0 if healthy")
    for command in feature_commands(features).values():
        feature = sub.add_parser(command.name, parents=[common], help=command.help)
        if command.configure is not None:
            command.configure(feature)
    return parser


def feature_commands(features: Features) -> dict[str, CliCommand]:
    return {c.name: c for feature in features for c in feature.cli_commands}


def main(argv: list[str] | None = None, *, features: Features) -> int:
    parser = build_parser(features)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_CONFIG
    if args.command == "version":
        print(f"ncc-bot {__version__}")
        return 0
    config_path = args.config or default_config()
    try:
        settings = load(config_path, features)
    except ConfigError as exc:
        print(f"ncc-bot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    setup_logging(settings.log_level, settings.log_format)
    try:
        return _dispatch(args, settings, features, config_path)
    except ConfigError as exc:
        print(f"ncc-bot: {exc}", file=sys.stderr)
        return EXIT_CONFIG


def _dispatch(args: argparse.Namespace, settings: CoreSettings, features: Features, path: Path | None) -> int:
    contributed = feature_commands(features)
    if args.command in contributed:
        return asyncio.run(contributed[args.command].run(args, settings))
    if args.command == "check-config":
        run_checks(settings, features)
        print(
            f"config OK ({path or 'built-in defaults'}): homeserver {settings.homeserver}, "
            f"user {settings.user_id}, database {settings.db_url.split(':', 1)[0]}, rooms configured "
            f"{len(settings.rooms)}"
        )
        return 0
    if args.command == "healthcheck":
        return healthcheck(settings)
    if args.command == "migrate":
        return asyncio.run(_migrate(Database(settings.db_url, migrations=migration_folders(features))))
    return run_until_signal(settings, features)


def run_checks(settings: CoreSettings, features: Features) -> None:
    """Each enabled feature validates its own files (e.g. the FAQ knowledge base)."""
    for feature in enabled(features, settings.handlers):
        for check in feature.checks:
            check(settings)


async def _migrate(db: Database) -> int:
    try:
        heads = await db.upgrade()
    finally:
        await db.dispose()
    print(f"database at {', '.join(heads)}")
    return 0


def run_until_signal(settings: CoreSettings, features: Features) -> int:
    """Run the bot until SIGINT/SIGTERM, then stop cleanly (the sync token is saved after every batch)."""

    async def main_task() -> None:
        bot = Bot(settings, features)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, bot.stop)
        await bot.run()

    try:
        asyncio.run(main_task())
    except KeyboardInterrupt:
        return 130
    except ConfigError as exc:  # found at start-up, e.g. an invalid knowledge base
        print(f"ncc-bot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except AlreadyRunning as exc:
        print(f"ncc-bot: {exc}", file=sys.stderr)
        return EXIT_ALREADY_RUNNING
    except InstanceLost as exc:
        log.error("stopped: %s; a restart makes this instance a standby", exc)
        return 1
    except Exception as exc:
        log.critical("bot stopped on an error", exc_info=exc)
        return 1
    return 0


def healthcheck(settings: CoreSettings) -> int:
    """The container's HEALTHCHECK: one GET of /healthz on the configured address, its reason printed."""
    address = settings.metrics.address
    if address is None:
        print("ncc-bot: metrics.listen is not set, so there is no health endpoint to ask", file=sys.stderr)
        return EXIT_CONFIG
    host, port = address
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            print(response.read().decode(errors="replace").strip())
            return 0
    except urllib.error.HTTPError as exc:
        print(exc.read().decode(errors="replace").strip() or exc.reason)
    except OSError as exc:
        print(f"no answer from {url}: {exc}")
    return 1


def write_output(data: bytes, output: Path | None, what: str) -> None:
    """Exports go to --output (with a one-line note on stderr) or to standard output."""
    if output:
        output.write_bytes(data)
        print(f"wrote {what} to {output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
