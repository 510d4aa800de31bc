"""Backoff maths and transaction ids (the pure parts of bot/matrix.py)."""

from bot.retry import backoff_delay, txn_id_for


def test_backoff_doubles_and_is_capped() -> None:
    top = [backoff_delay(n, 0.5, 5.0, rand=lambda: 1.0) for n in range(1, 8)]
    assert top == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    assert backoff_delay(10, 0.5, 5.0, rand=lambda: 0.0) == 2.5  # jitter keeps at least half


def test_backoff_never_exceeds_cap_even_after_many_attempts() -> None:
    assert backoff_delay(10_000, 0.5, 5.0) <= 5.0


def test_txn_ids_are_stable_and_distinct() -> None:
    assert txn_id_for("$abc#1") == txn_id_for("$abc#1")
    assert txn_id_for("$abc#1") != txn_id_for("$abc#2")
    assert txn_id_for("$x").startswith("ncc-") and len(txn_id_for("$x")) == 36
