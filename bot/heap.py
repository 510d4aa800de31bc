"""Give the C heap's freed pages back to the kernel: after start-up, then now and then.

Start-up builds and drops a lot (the knowledge base's indexes, the first sync's JSON, schema checks) and glibc
keeps freed pages mapped, so an idle bot would carry them for its whole life; `malloc_trim(0)` returns them
(a few MB measured, bench/faq_semantic.py). It takes about a millisecond; elsewhere than glibc it is skipped.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging

log = logging.getLogger(__name__)
EVERY_SECONDS = 600.0


def trim() -> bool:
    try:
        malloc_trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return False
    malloc_trim.argtypes, malloc_trim.restype = [ctypes.c_size_t], ctypes.c_int
    return bool(malloc_trim(0))


async def keep_trimmed(every: float = EVERY_SECONDS) -> None:
    """Trim now (start-up is over), then every `every` seconds, for the bot's life."""
    while True:
        trim()
        await asyncio.sleep(every)
