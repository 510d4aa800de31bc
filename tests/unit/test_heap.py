"""Freed C heap goes back to the kernel: what start-up drops is not carried by the idle bot."""

from __future__ import annotations

import asyncio
import ctypes.util
from pathlib import Path

import pytest

from bot import heap


def resident_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(r for r in status.splitlines() if r.startswith("VmRSS:")).split()[1]) / 1024


@pytest.mark.skipif(ctypes.util.find_library("c") is None or not Path("/proc/self/status").exists(), reason="glibc")
def test_trimming_returns_freed_pages_held_between_live_blocks() -> None:
    """Every other 64 KiB block is freed: glibc cannot shrink its heap past the live ones, malloc_trim can."""
    blocks = [bytearray(b"x") * (64 * 1024) for _ in range(1200)]  # ~75 MB, each under the mmap threshold: in the heap
    for i in range(0, len(blocks), 2):
        blocks[i] = None  # type: ignore[call-overload]
    before = resident_mb()
    assert heap.trim()
    assert before - resident_mb() > 20
    del blocks


async def test_the_bot_trims_after_start_up_and_then_now_and_then(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(heap, "trim", lambda: calls.append(1) or True)
    task = asyncio.ensure_future(heap.keep_trimmed(every=0.01))
    await asyncio.sleep(0)
    assert calls == [1]  # at once
    await asyncio.sleep(0.1)
    task.cancel()
    assert len(calls) >= 3
