"""A bounded fuzzer for every parser that reads what people type or write: commands, ids, fields, dates,
offsets, schedules, needs text, filters and statuses, categories, the guided dialogue, and config files.

Each input may be refused only with the project's own user-facing errors (UsageError / ConfigError); anything
else, or one call slower than the budget, is a finding. Shared by the suite (20,000 inputs, fixed seed) and
`./dev bench fuzz` (100,000).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli import load
from bot.commands import parse_id, parse_invocation, split_args, split_fields
from bot.errors import ConfigError, UserError
from handlers import FEATURES
from handlers.events.when import parse_offsets, parse_schedule
from handlers.needs import dialogue
from handlers.needs.categories import Categoriser, load_categories
from handlers.needs.parse import parse_filters, parse_status, parse_text
from handlers.shared.dates import parse_when

FRAGMENTS = [
    "!",
    "!!",
    "!need",
    "!event add",
    "!faq",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "|",
    "||",
    "`",
    "```",
    "'",
    '"',
    "#",
    "#12",
    "12",
    "0",
    "-1",
    "9" * 30,
    "1" * 5000,
    "T10:00",
    "10:00",
    "14h",
    "3 Dec",
    "12/03/2027",
    "tomorrow",
    "next tuesday",
    "in 2 hours",
    "every",
    "monday 09:00",
    "* * * * *",
    "61 9 * * *",
    "1d",
    "2h",
    "15m",
    "w",
    "=cmd",
    "+1",
    "@room",
    "category=",
    "country=Malta",
    "since=2026-01-31",
    "since=2026-02-30",
    "open",
    "all",
    "addressed",
    "financing",
    "é",
    "ł",
    "中文",
    "🙂",
    "\u200b",
    "\x00",
    "\ufeff",
    "[a](b)",
    "![i](mxc://x/y)",
    "<b>",
    "&amp;",
    "\\",
    "%",
    "{",
    "}",
    "[",
    "]",
    "back",
    "cancel",
    "yes",
    "no",
    "Malta",
]
CONFIG_FRAGMENTS = [
    "homeserver: ",
    "http://x",
    "user_id: ",
    "@bot:x",
    "timezone: ",
    "Europe/Brussels",
    "Mars/Olympus",
    "rooms:",
    "\n  - id: ",
    "'!a:x'",
    "faq:",
    "\n  mode: ",
    "auto",
    "banana",
    "\n  rooms: {",
    "}",
    "limits:",
    "\n  burst: ",
    "0",
    "10",
    "9" * 5000,
    "[" * 50,
    "]" * 50,
    "{",
    "&a ",
    "*a",
    "!!python/object:os.system",
    "\n",
    ": ",
    "- ",
    "password: x",
    "events:\n  default_reminders: [",
    "7d",
    "banana",
    "]",
    "\t",
    "\x00",
]


@dataclass
class Findings:
    inputs: int = 0
    refused: int = 0
    slowest: tuple[float, str, str] = (0.0, "", "")
    crashes: list[tuple[str, str, str]] = field(default_factory=list)


def text(rng: random.Random, fragments: list[str], parts: int = 8) -> str:
    return "".join(rng.choice(fragments) if rng.random() < 0.8 else chr(rng.randint(1, 0x2FFF)) for _ in range(parts))


def targets(workdir: Path) -> list[tuple[str, int, Callable[[str], Any]]]:
    """(name, share of the inputs, call)."""
    zone, now = ZoneInfo("Europe/Brussels"), datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    categories = Categoriser(load_categories(None))
    config = workdir / "config.yaml"

    def load_config(body: str) -> Any:
        config.write_bytes(body.encode("utf-8", "surrogatepass"))
        return load(config, FEATURES, environ={})

    def guided(body: str) -> Any:
        state: dict[str, Any] = {"step": "text", "lang": "en"}
        for word in body.split("|")[:6]:
            step = dialogue.advance(state, word, categories, max_chars=2000)
            state = step.state
        return state

    return [
        ("command", 30, lambda s: parse_invocation(s, "!")),
        ("arguments", 10, split_args),
        ("fields", 5, lambda s: split_fields(s, 4, required=2)),
        ("id", 5, lambda s: parse_id(s, "`!events` lists them")),
        ("when", 8, lambda s: parse_when(s, zone, now)),
        ("offsets", 5, parse_offsets),
        ("schedule", 5, parse_schedule),
        ("need text", 5, lambda s: parse_text(s, 2000)),
        ("filters", 5, lambda s: parse_filters(s, categories)),
        ("status", 3, parse_status),
        ("category", 4, categories.resolve),
        ("dialogue", 5, guided),
        ("config", 10, load_config),
    ]


def run(count: int, seed: int = 20261201, budget_s: float = 0.2) -> Findings:
    rng = random.Random(seed)
    findings = Findings()
    with tempfile.TemporaryDirectory(prefix="ncc-fuzz-") as tmp:
        plan = targets(Path(tmp))
        total = sum(share for _, share, _ in plan)
        for name, share, call in plan:
            fragments = CONFIG_FRAGMENTS if name == "config" else FRAGMENTS
            for warm_up in ("warm up", "tomorrow 10:00", "monday 09:00", "1d"):
                try:  # first calls load data (dateparser's languages, once per process, warmed at start-up)
                    call(warm_up)
                except (UserError, ConfigError):
                    pass
            for _ in range(count * share // total):
                sample = text(rng, fragments, rng.randint(1, 12))
                started = time.perf_counter()
                try:
                    call(sample)
                except (UserError, ConfigError):
                    findings.refused += 1
                except Exception as exc:  # a finding: report it, keep going
                    findings.crashes.append((name, repr(sample[:200]), f"{type(exc).__name__}: {exc}"[:300]))
                elapsed = time.perf_counter() - started
                findings.inputs += 1
                if elapsed > findings.slowest[0]:
                    findings.slowest = (elapsed, name, repr(sample[:120]))
    return findings
