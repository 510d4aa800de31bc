"""The parsers' fuzz run at full size: 100,000 generated inputs (commands, ids, dates, offsets, schedules, needs,
filters, categories, the guided dialogue, config files), with the refusal rate, the slowest input and any crash.

    ./dev bench fuzz [--inputs 100000] [--seed N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzzing import run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    started = time.perf_counter()
    findings = run(args.inputs, seed=args.seed)
    elapsed = time.perf_counter() - started
    slowest, where, sample = findings.slowest
    print(f"{findings.inputs} inputs in {elapsed:.1f} s ({findings.inputs / elapsed:,.0f}/s), seed {args.seed}")
    print(
        f"  refused with a user-facing message: {findings.refused} ({100 * findings.refused / findings.inputs:.1f} %)"
    )
    print(f"  slowest call: {slowest * 1000:.1f} ms ({where}: {sample}) (budget 200 ms)")
    print(f"  crashes: {len(findings.crashes)}")
    for name, text, error in findings.crashes[:20]:
        print(f"    {name}: {text} -> {error}")


if __name__ == "__main__":
    main()
