"""The lexical matcher's costs against what they were, in the same run and process: stemming in C (PyStemmer,
which snowballstemmer hands out when it is installed) against snowballstemmer's pure-Python port (per word, an
index build, lexical lookups), and the rerank's wording similarity on pre-sorted stems against rapidfuzz's
token_sort_ratio on unsorted ones.

    ./dev bench lexical [--entries 2000] [--variants 10] [--rounds 2]

- words: every distinct word (4+ letters) of the knowledge base and both FAQ sets, per language, us per word.
- build: `FaqIndex` of a knowledge base of `entries` x `variants` wordings (the lexical start-up).
- rerank: per candidate entry, the two similarities of `FaqIndex.rank` (token_set_ratio and token_sort_ratio,
  the best over the entry's wordings), 25 entries per question, us per candidate; the scores must be equal.
- lookups: the 1,337 questions of both FAQ sets, each asked once of a fresh index with empty caches (new words
  are what a member's question brings), p50/p99 ms; the two stemmers alternate `rounds` times.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.faq_semantic import synthetic_kb  # noqa: E402
from handlers.faq.evaluation import load_items  # noqa: E402
from handlers.faq.kb import SHIPPED_KB, load_entries  # noqa: E402
from handlers.faq.matcher import FaqIndex  # noqa: E402
from handlers.shared import text  # noqa: E402

C_STEMMERS = {lang: text._stemmer(lang) for lang in text.STEMMERS}


def pure_python(lang: str):
    algorithm = text.STEMMERS[lang]
    module = importlib.import_module(f"snowballstemmer.{algorithm}_stemmer")
    return getattr(module, f"{algorithm.capitalize()}Stemmer")()


PURE_STEMMERS = {lang: pure_python(lang) for lang in text.STEMMERS}


def use(stemmers: dict) -> None:
    text._stemmer = stemmers.__getitem__  # stem_word looks the name up at each call
    text.stem.cache_clear()


def per_word(words: list[str]) -> None:
    for lang in text.STEMMERS:
        timings = []
        for stemmers in (PURE_STEMMERS, C_STEMMERS):
            stemmer = stemmers[lang]
            started = time.perf_counter()
            for word in words:
                stemmer.stemWord(word)
            timings.append((time.perf_counter() - started) / len(words) * 1e6)
        ratio = timings[0] / timings[1]
        print(f"  {lang}: pure Python {timings[0]:.1f} us/word, C {timings[1]:.2f} us/word ({ratio:.0f}x)")


def lookups(entries, questions: list[str]) -> tuple[float, float, float]:
    started = time.perf_counter()
    index = FaqIndex(entries)
    build = time.perf_counter() - started
    durations = []
    for question in questions:
        started = time.perf_counter()
        index.match(question)
        durations.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(durations, n=100)
    return build, cuts[49], cuts[98]


def rerank(index: FaqIndex, questions: list[str]) -> None:
    from rapidfuzz import fuzz, process

    every = [[text for texts in variants.values() for text in texts] for variants in index.variants]
    # Unsorted, as stored before: the index no longer keeps the original word order, a fixed shuffle stands in.
    unsorted = [[" ".join(sorted(v.split(), key=hash)) for v in vs] for vs in every]
    work = []  # per question, as the matcher builds it once: its stems in order, sorted, and 25 entries
    for n, question in enumerate(questions):
        stems = text.content_stems(question, index.detect_language(question))
        entries = [(n * 37 + k * 101) % len(index.variants) for k in range(25)]
        work.append((" ".join(stems), " ".join(sorted(stems)), entries))

    def before() -> list[float]:
        return [
            process.extractOne(query, unsorted[i], scorer=fuzz.token_set_ratio)[1]
            + process.extractOne(query, unsorted[i], scorer=fuzz.token_sort_ratio)[1]
            for query, _, entries in work
            for i in entries
        ]

    def now() -> list[float]:
        return [
            process.extractOne(query, every[i], scorer=fuzz.token_set_ratio)[1]
            + process.extractOne(query, every[i], scorer=fuzz.ratio)[1]
            for _, query, entries in work
            for i in entries
        ]

    for _ in range(2):
        timings, results = [], []
        for run in (before, now):
            started = time.perf_counter()
            results.append(run())
            timings.append((time.perf_counter() - started) / len(results[-1]) * 1e6)
        assert results[0] == results[1], "the pre-sorted similarities differ"
        print(
            f"  rerank: token_sort_ratio {timings[0]:.1f} us/candidate, pre-sorted {timings[1]:.1f} us/candidate "
            f"({timings[0] / timings[1]:.2f}x), same scores"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--variants", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if type(C_STEMMERS["en"]).__module__ != "Stemmer":
        sys.exit("PyStemmer is not installed: both sides would be pure Python")
    sets = [ROOT / "tests" / "faq" / name for name in ("eval_test.yaml", "eval_dev.yaml")]
    sources = [*sorted(SHIPPED_KB.glob("*.yaml")), *sets]
    words = sorted({w for p in sources for w in text.tokens(p.read_text("utf-8")) if len(w) > 3 and not w.isdigit()})
    print(f"Words: {len(words)} distinct, each stemmed by each language's stemmer")
    per_word(words)
    questions = list(dict.fromkeys(item.q for path in sets for item in load_items(path)))
    with tempfile.TemporaryDirectory() as tmp:
        entries = load_entries(synthetic_kb(args.entries, args.variants, Path(tmp)))
    print(f"Knowledge base: {args.entries} entries x {args.variants} wordings; {len(questions)} questions, once each")
    rerank(FaqIndex(entries), questions)
    for _ in range(args.rounds):
        for name, stemmers in (("pure Python", PURE_STEMMERS), ("C", C_STEMMERS)):
            use(stemmers)
            build, p50, p99 = lookups(entries, questions)
            print(f"  {name:>11}: index build {build:.2f} s; lexical lookups p50 {p50:.2f} ms, p99 {p99:.2f} ms")


if __name__ == "__main__":
    main()
