"""USE's embedding table (one 512-byte row per word piece, 128k of them: 65 MB) read from a file row by row
instead of held in RAM. A text needs a few dozen rows; the kernel's page cache keeps the hot ones, shared and
droppable, and the bot's own memory stays ~65 MB smaller. (Memory-mapping would not do: its read-ahead maps the
whole file into the process after a few hundred random rows.)"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)


class RowFile:
    """`table[ids]` for the model's forward pass, each distinct row read with one pread (thread-safe)."""

    def __init__(self, fd: int, rows: int, width: int) -> None:
        self.fd, self.shape, self.width = fd, (rows, width), width

    def row(self, index: int) -> bytes:
        data = os.pread(self.fd, self.width, index * self.width)
        if len(data) != self.width:
            raise OSError(f"the encoder table file is short at row {index}")
        return data

    def __getitem__(self, ids: Any) -> np.ndarray:
        import numpy as np

        unique, inverse = np.unique(np.asarray(ids), return_inverse=True)
        rows = np.frombuffer(b"".join(self.row(int(i)) for i in unique), dtype=np.uint8)
        return rows.reshape(len(unique), self.width)[inverse]


def rows_from_file(table: np.ndarray, path: Path) -> Any:
    """The table as a RowFile over `path` (written once, 0600, in the cache folder); the array itself if the
    file cannot be written or read back the same, so the model works either way."""
    rows, width = table.shape
    try:
        if not path.exists() or path.stat().st_size != table.nbytes:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            part = path.with_name(f"{path.name}.{os.getpid()}.part")
            with os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
                out.write(table.tobytes())
            os.replace(part, path)
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        log.warning("encoder table kept in memory", extra={"path": str(path), "error": exc.strerror})
        return table
    on_disk = RowFile(fd, rows, width)
    if any(on_disk.row(i) != table[i].tobytes() for i in (0, rows // 2, rows - 1)):
        os.close(fd)
        log.warning("encoder table file does not match the model; kept in memory", extra={"path": str(path)})
        return table
    return on_disk
