"""Is the database already at the newest schema? Answered without importing Alembic.

Alembic and Mako take ~10 MB of the bot's resident memory for the rest of its life once imported, only to find
on almost every start that there is nothing to do. So the revision files are read as text (their `revision` and
`down_revision` lines, as Alembic writes them), and only when the database's `alembic_version` rows differ
from the heads found there, or a file cannot be read that way, does the upgrade go through Alembic. A file that
does not parse gives no answer at all, so the shortcut can only ever skip an upgrade that has nothing to do.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

REVISION_RE = re.compile(r"^revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)
DOWN_RE = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def _literal(source: str) -> object:
    return ast.literal_eval(source.strip())


def declared_heads(folders: Iterable[Path]) -> frozenset[str] | None:
    """The revisions no other revision builds on; None when any revision file is not in the expected form."""
    revisions: set[str] = set()
    built_on: set[str] = set()
    for folder in folders:
        for path in sorted(Path(folder).glob("*.py")):
            if path.name.startswith("__"):
                continue
            source = path.read_text(encoding="utf-8")
            found, down = REVISION_RE.findall(source), DOWN_RE.findall(source)
            if len(found) != 1 or len(down) != 1:
                return None
            try:
                revision, parent = _literal(found[0]), _literal(down[0])
            except (ValueError, SyntaxError):
                return None
            parents = (parent,) if isinstance(parent, str) else parent or ()
            if not isinstance(revision, str) or not all(isinstance(p, str) for p in parents):  # type: ignore[union-attr]
                return None
            revisions.add(revision)
            built_on.update(parents)  # type: ignore[arg-type]
    return frozenset(revisions - built_on) if revisions else None


def at_heads(connection: Connection, folders: Iterable[Path]) -> list[str] | None:
    """The heads, when the database is at exactly those; None when an upgrade (through Alembic) is needed."""
    heads = declared_heads(folders)
    if heads is None or not inspect(connection).has_table("alembic_version"):
        return None
    current = frozenset(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return sorted(heads) if current == heads else None
