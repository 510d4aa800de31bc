"""Vectors on disk, content-addressed: one file per model and user, rows keyed by a hash of the text.

A knowledge base of 2,000 entries takes seconds to embed and a fraction of a second to read back, so the cache
makes warm start-ups cheap; a chat edit changes a few texts, and only those are embedded again. The file is
0600 in a 0700 folder (it is derived from the knowledge base, not secret, but lives beside the keys).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class VectorCache:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.rows: dict[bytes, np.ndarray] = {}
        self.dirty = False

    def read(self) -> None:
        import numpy as np  # only where vectors are wanted: the lexical-only bot never loads numpy

        if self.path is None or not self.path.exists():
            return
        try:
            with np.load(self.path, allow_pickle=False) as data:
                keys, vectors = data["keys"], data["vectors"]
            self.rows = {k.tobytes(): v for k, v in zip(keys, vectors, strict=True)}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:  # torn or foreign: embed again
            log.warning("ignoring an unreadable encoder cache", extra={"path": str(self.path), "error": str(exc)})
            self.rows = {}

    def get(self, texts: list[str]) -> tuple[list[np.ndarray | None], list[int]]:
        """The cached vector per text (None where missing) and the positions that are missing."""
        found = [self.rows.get(text_key(t)) for t in texts]
        return found, [i for i, v in enumerate(found) if v is None]

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            self.rows[text_key(text)] = vector
        self.dirty = bool(texts) or self.dirty

    def keep_only(self, texts: list[str]) -> None:
        """Forget rows no current text uses (old wordings), so the file does not grow with every edit."""
        wanted = {text_key(t) for t in texts}
        stale = [k for k in self.rows if k not in wanted]
        for key in stale:
            del self.rows[key]
        self.dirty = self.dirty or bool(stale)

    def write(self) -> None:
        import numpy as np

        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # a temporary file of this writer's own (0600): another process sharing the cache (a standby, the
            # `ask` CLI) may be writing at the same moment, and the last complete file wins
            fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name + ".", suffix=".tmp")
            tmp = Path(name)
            # raw bytes, not numpy's "S16": that type drops trailing NUL bytes, and 1 digest in 256 ends in one
            keys = np.frombuffer(b"".join(self.rows), dtype=np.uint8).reshape(len(self.rows), 16)
            vectors = np.stack(list(self.rows.values())) if self.rows else np.zeros((0, 0), np.float32)
            try:
                with os.fdopen(fd, "wb") as handle:
                    np.savez(handle, keys=keys, vectors=vectors)
                tmp.replace(self.path)
            finally:
                tmp.unlink(missing_ok=True)
            self.dirty = False
        except OSError as exc:  # a read-only data dir costs a slower next start, nothing else
            log.warning("could not write the encoder cache", extra={"path": str(self.path), "error": str(exc)})
