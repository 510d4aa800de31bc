"""FAQ matcher quality on the labelled sets in tests/faq/: calibrate on the dev set, report on the test set.

./dev bench faq_eval [--calibrate]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers.faq.config import FaqConfig  # noqa: E402
from handlers.faq.evaluation import calibrate, evaluate, load_items, rank_all  # noqa: E402
from handlers.faq.kb import SHIPPED_KB, load_entries  # noqa: E402
from handlers.faq.matcher import FaqIndex, Thresholds  # noqa: E402


def report(name: str, scores: dict, thresholds: Thresholds) -> None:
    print(f"\n{name}  (confident {thresholds.confident}, margin {thresholds.margin}, ambiguous {thresholds.ambiguous})")
    print("  lang  in-scope  answered-right  did-you-mean-right  wrong  off-topic-answered  false-answer-rate  lang-ok")
    for lang in [*sorted(k for k in scores if k != "all"), "all"]:
        s = scores[lang]
        print(
            f"  {lang:<5} {s.in_scope:>8}  {s.correct:>5} ({100 * s.accuracy:5.1f} %)  "
            f"{s.helped:>8} ({100 * s.helped / max(1, s.in_scope):5.1f} %)  {s.wrong:>5}  "
            f"{s.off_topic_answered:>4} / {s.off_topic:<4}          {100 * s.false_answer_rate:5.1f} %"
            f"        {100 * s.language_right / max(1, s.total):5.1f} %"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="search thresholds on the dev set")
    args = parser.parse_args()
    index = FaqIndex(load_entries(SHIPPED_KB))
    dev = rank_all(index, load_items(ROOT / "tests" / "faq" / "eval_dev.yaml"))
    started = time.perf_counter()
    test_items = load_items(ROOT / "tests" / "faq" / "eval_test.yaml")
    test = rank_all(index, test_items)
    per_question = (time.perf_counter() - started) / len(test_items) * 1000
    config = FaqConfig()
    shipped = Thresholds(config.confident, config.margin, config.ambiguous)
    if args.calibrate:
        tuned = calibrate(dev)
        print(f"calibrated on the dev set: {tuned}")
        report("dev set, calibrated thresholds", evaluate(dev, tuned), tuned)
        report("test set, calibrated thresholds", evaluate(test, tuned), tuned)
    report("dev set, shipped thresholds", evaluate(dev, shipped), shipped)
    report("test set (held out), shipped thresholds", evaluate(test, shipped), shipped)
    print(f"\n{per_question:.2f} ms per question (scoring + language detection, {len(index.entries)} entries)")


if __name__ == "__main__":
    main()
