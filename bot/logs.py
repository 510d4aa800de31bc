"""Logging set-up: constant messages, fields in `extra`, printed as key=value or JSON. No secrets, no bodies."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime, tzinfo
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


def log_zone(environ: dict[str, str] | None = None) -> tzinfo:
    """Log times in the zone of `TZ` (an IANA name, as containers set it), else UTC. The zone data comes from
    the tzdata package, so this works on a minimal image without the system's zoneinfo."""
    name = (environ if environ is not None else os.environ).get("TZ", "").lstrip(":")
    if not name or name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


class TextFormatter(logging.Formatter):
    def __init__(self, zone: tzinfo = UTC) -> None:
        super().__init__()
        self.zone = zone

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, self.zone).strftime("%Y-%m-%d %H:%M:%S")
        extra = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        line = f"{stamp} {record.levelname:<7} {record.name}: {record.getMessage()}" + (f"  {extra}" if extra else "")
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    def __init__(self, zone: tzinfo = UTC) -> None:
        super().__init__()
        self.zone = zone

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, self.zone).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


def setup_logging(level: str = "INFO", fmt: str = "text", stream: TextIO | None = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    zone = log_zone()
    handler.setFormatter(JsonFormatter(zone) if fmt == "json" else TextFormatter(zone))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("nio", "aiohttp", "sqlalchemy", "alembic", "apscheduler", "peewee"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("nio.rooms").setLevel(logging.ERROR)  # logs every member change at WARNING
