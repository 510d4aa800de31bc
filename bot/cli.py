"""`ncc-bot`: run, demo, check-config, migrate, version. Config errors exit 2 with a message, never a traceback."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from bot import __version__
from bot.errors import ConfigError
from bot.router import CliCommand

log = logging.getLogger("bot.cli")
EXIT_CONFIG = 2


def default_config() -> Path | None:
    env = os.environ.get("NCC_BOT_CONFIG")
    if env:
        return Path(env)
    path = Path("config.yaml")
    return path if path.exists() else None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ncc-bot", description="Matrix bot for the NCC social-innovation network.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        default=None,
        help="path to config.yaml (default: $NCC_BOT_CONFIG or ./config.yaml)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", parents=[common], help="run the bot")
    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="start a throwaway local Synapse with a demo room and chat with the bot",
    )
    demo.add_argument(
        "--say",
        action="append",
        default=[],
        metavar="TEXT",
        help="non-interactive: send TEXT as the member (repeatable), print the replies, stop",
    )
    demo.add_argument(
        "--as",
        dest="as_user",
        choices=("member", "coordinator"),
        default="member",
        help="who sends the --say lines (default: member)",
    )
    demo.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each reply (--say)")
    sub.add_parser("check-config", parents=[common], help="validate the configuration and exit")
    sub.add_parser("migrate", parents=[common], help="upgrade the database schema to the newest version")
    sub.add_parser("version", parents=[common], help="print the version")
    for command in feature_commands().values():
        feature = sub.add_parser(command.name, parents=[common], help=command.help)
        if command.configure is not None:
            command.configure(feature)
    return parser


def feature_commands() -> dict[str, CliCommand]:
    from bot.app import ROUTERS

    return {c.name: c for router in ROUTERS for c in router.cli_commands}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_CONFIG
    if args.command == "version":
        print(f"ncc-bot {__version__}")
        return 0
    config_path = args.config or default_config()
    if args.command == "demo":
        from bot.demo import run_demo

        return run_demo(config_path, say=args.say, as_user=args.as_user, timeout=args.timeout)
    from bot.app import load
    from bot.logs import setup_logging

    try:
        settings = load(config_path)
    except ConfigError as exc:
        print(f"ncc-bot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    setup_logging(settings.log_level, settings.log_format)
    features = feature_commands()
    if args.command in features:
        try:
            return asyncio.run(features[args.command].run(args, settings))
        except ConfigError as exc:
            print(f"ncc-bot: {exc}", file=sys.stderr)
            return EXIT_CONFIG
    if args.command == "check-config":
        try:
            run_checks(settings)
        except ConfigError as exc:
            print(f"ncc-bot: {exc}", file=sys.stderr)
            return EXIT_CONFIG
        print(
            f"config OK ({config_path or 'built-in defaults'}): homeserver {settings.homeserver}, "
            f"user {settings.user_id}, database {settings.db_url.split(':', 1)[0]}, rooms configured "
            f"{len(settings.rooms)}"
        )
        return 0
    if args.command == "migrate":
        return asyncio.run(_migrate(settings.db_url))
    return run_until_signal(settings)


def run_checks(settings: object) -> None:
    """Each enabled feature validates its own files (e.g. the FAQ knowledge base)."""
    from bot.app import enabled_routers

    for router in enabled_routers(settings):  # type: ignore[arg-type]
        for listener in router.listeners:
            if listener.kind == "check":
                listener.func(settings)


async def _migrate(url: str) -> int:
    from bot.storage import Database

    db = Database(url)
    try:
        heads = await db.upgrade()
    finally:
        await db.dispose()
    print(f"database at {', '.join(heads)}")
    return 0


def run_until_signal(settings: object) -> int:
    """Run the bot until SIGINT/SIGTERM, then stop cleanly (the sync token is saved after every batch)."""
    from bot.app import Bot

    async def main_task() -> None:
        bot = Bot(settings)  # type: ignore[arg-type]
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
    except Exception as exc:
        log.critical("bot stopped on an error", exc_info=exc)
        return 1
    return 0


def write_output(data: bytes, output: Path | None, what: str) -> None:
    """Exports go to --output (with a one-line note on stderr) or to standard output."""
    if output:
        output.write_bytes(data)
        print(f"wrote {what} to {output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
