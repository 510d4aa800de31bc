"""Per-sender buckets: a burst is allowed, then one warning, then silence until the bucket refills."""

from bot.ratelimit import SenderLimits, Verdict


def test_a_burst_then_one_warning_then_silence_until_refilled() -> None:
    limits = SenderLimits(per_minute=6, burst=3, privileged_factor=4)
    verdicts = [limits.check("@a:x", 100.0) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]
    assert limits.check("@a:x", 105.0) is Verdict.DROP  # half a token back
    assert limits.check("@a:x", 110.1) is Verdict.ALLOW  # a token every 10 s
    assert limits.check("@a:x", 110.2) is Verdict.WARN  # warned again only after it had recovered


def test_senders_do_not_share_buckets_and_moderators_get_more() -> None:
    limits = SenderLimits(per_minute=6, burst=2, privileged_factor=4)
    assert [limits.check("@a:x", 0.0) for _ in range(3)][-1] is Verdict.WARN
    assert limits.check("@b:x", 0.0) is Verdict.ALLOW
    assert all(limits.check("@mod:x", 0.0, privileged=True) is Verdict.ALLOW for _ in range(8))


def test_time_is_the_sending_time_so_a_backlog_is_not_a_flood() -> None:
    limits = SenderLimits(per_minute=6, burst=1, privileged_factor=1)
    sent_while_down = [0.0, 20.0, 40.0, 60.0]  # one every 20 s, delivered together later
    assert [limits.check("@a:x", t) for t in sent_while_down] == [Verdict.ALLOW] * 4


def test_memory_is_bounded() -> None:
    limits = SenderLimits(per_minute=1, burst=1, privileged_factor=1, max_senders=100)
    for n in range(1000):
        limits.check(f"@u{n}:x", 0.0)
    assert len(limits._buckets) == 100
