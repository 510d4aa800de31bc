"""Judging homeserver answers and pacing retries: pure functions, no client, no loop."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

from nio import ErrorResponse


class MatrixError(Exception):
    """A request the homeserver refused for good (not a 429, not an outage)."""

    def __init__(self, what: str, response: ErrorResponse) -> None:
        super().__init__(f"{what} failed: {response.status_code} {response.message}")
        self.response = response


def http_status(response: ErrorResponse) -> int | None:
    transport = getattr(response, "transport_response", None)
    return getattr(transport, "status", None)


def is_rate_limited(response: ErrorResponse) -> bool:
    return response.status_code == "M_LIMIT_EXCEEDED" or http_status(response) == 429


def is_transient(response: ErrorResponse) -> bool:
    status = http_status(response)
    return status is not None and status >= 500


def backoff_delay(attempt: int, initial: float, cap: float, rand: Callable[[], float] = random.random) -> float:
    """Exponential backoff with jitter, capped: attempt 1 -> ~initial, then doubling up to `cap`."""
    base = min(cap, initial * (2 ** min(max(0, attempt - 1), 30)))  # bounded: no overflow after days down
    return base * (0.5 + 0.5 * rand())


def txn_id_for(key: str) -> str:
    """A transaction id derived from a stable key: resending it lets the homeserver drop the duplicate."""
    return "ncc-" + hashlib.sha256(key.encode()).hexdigest()[:32]
