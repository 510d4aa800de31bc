"""Pure parsing of a message into a command invocation, and typo suggestions. No client, no loop."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot import phrases
from bot.errors import UsageError
from bot.messages import quoted

NAME_RE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


@dataclass(frozen=True)
class Invocation:
    name: str  # first word after the prefix, lower-cased
    args: str  # the rest, whitespace-trimmed, inner line breaks kept


def strip_reply_fallback(body: str) -> str:
    """Drop the `> <@user> quoted text` lines that older clients prepend to a reply's body."""
    if not body.startswith("> "):
        return body
    lines = body.split("\n")
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    return "\n".join(lines[index:]).lstrip("\n")


def parse_invocation(body: str, prefix: str) -> Invocation | None:
    """`!Need  some text` -> Invocation("need", "some text"); None if the message is not a command.

    A prefix followed by a non-word (`!!`, `! hi`, `!?`) is ordinary chat, not an unknown command.
    """
    text = strip_reply_fallback(body).strip()
    if not text.startswith(prefix):
        return None
    rest = text[len(prefix) :]
    match = NAME_RE.match(rest.lower())
    if match is None:
        return None
    end = match.end()
    if end < len(rest) and not rest[end].isspace():
        return None  # `!ping?` or `!a.b` is prose, not a command
    return Invocation(name=match.group(), args=rest[end:].strip())


def suggest(name: str, known: list[str]) -> str | None:
    """The closest known command for a typo (`evnt` -> `event`), or None when nothing is close."""
    if not known:
        return None
    match = process.extractOne(name, known, scorer=fuzz.ratio, score_cutoff=60)
    return match[0] if match else None


def split_args(args: str) -> list[str]:
    """Shell-like words (quotes group words); an unbalanced quote is a usage error, not a crash."""
    try:
        return shlex.split(args)
    except ValueError as exc:
        raise UsageError(phrases.CORE.text("args_unreadable", error=str(exc))) from None


def split_fields(args: str, count: int, *, required: int) -> list[str]:
    """Split `a | b | c` into at most `count` trimmed fields; fewer than `required` is a usage error."""
    fields = [f.strip() for f in args.split("|", count - 1)]
    if len(fields) < required or any(not f for f in fields[:required]):
        raise UsageError(phrases.CORE.text("expected_fields", required=required))
    return fields


ID_RE = re.compile(r"^#?(\d{1,9})$")


def parse_id(word: str, listing: object) -> int:
    """`12` or `#12` -> 12; anything else explains where valid ids are listed (`listing`: a str or a Text)."""
    match = ID_RE.match(word.strip())
    if match is None:
        raise UsageError(phrases.CORE.text("not_an_id", word=quoted(word.strip() or "?"), listing=listing))
    return int(match.group(1))
