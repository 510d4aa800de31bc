"""Needs quality on the labelled sets in tests/needs/: categories proposed (dev and held-out test, both positions of
`needs.semantic`), and duplicate detection on reworded and near pairs.

./dev bench needs_eval [--calibrate]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from handlers.encoder.config import EncoderConfig  # noqa: E402
from handlers.encoder.service import EncoderService  # noqa: E402
from handlers.needs.categories import Categoriser, load_categories  # noqa: E402
from handlers.needs.config import NeedsConfig  # noqa: E402
from handlers.needs.feature import NeedsService  # noqa: E402
from handlers.needs.parse import normalise  # noqa: E402
from handlers.needs.semantic import CategoryFusion  # noqa: E402

DATA = ROOT / "tests" / "needs"


def load(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


async def accuracy(service: NeedsService, items: list[dict]) -> tuple[float, Counter[str]]:
    right: Counter[str] = Counter()
    for item in items:
        right[item["lang"]] += await service.suggest(item["text"], item["lang"]) == item["expect"]
    return sum(right.values()) / len(items), right


async def categories_report(encoder: EncoderService, calibrate: bool) -> None:
    categoriser = Categoriser(load_categories(None))
    dev, test = load("categorise_dev.yaml"), load("categorise_test.yaml")
    semantic = NeedsService(NeedsConfig(), categoriser, encoder)
    if calibrate:
        best = None
        for top, weight in itertools.product((1, 3, 5, 8), (0.0, 0.1, 0.2, 0.3, 0.5)):
            semantic.fusion = CategoryFusion(top, weight)
            value = (await accuracy(semantic, dev))[0]
            print(f"  top {top} lexical_weight {weight}: dev {100 * value:.1f} %")
            best = max(best or (value, semantic.fusion), (value, semantic.fusion), key=lambda b: b[0])
        assert best is not None
        print(f"best on the dev set: {best[1]} (handlers/needs/semantic.py defaults)")
        semantic.fusion = CategoryFusion()
    for name, service in (
        ("semantic", semantic),
        ("keywords only", NeedsService(NeedsConfig(semantic=False), categoriser)),
    ):
        for label, items in (("dev", dev), ("test (held out)", test)):
            value, right = await accuracy(service, items)
            per = {
                lang: right[lang] / sum(i["lang"] == lang for i in items) for lang in sorted({i["lang"] for i in items})
            }
            print(
                f"categories, {name}, {label} ({len(items)}): {100 * value:.1f} %  "
                + " ".join(f"{lang} {100 * v:.0f}" for lang, v in per.items())
            )


def lexical_similarity(a: str, b: str, lang: str) -> float:
    x, y = normalise(a, lang), normalise(b, lang)
    return 0.5 * fuzz.token_set_ratio(x, y) + 0.5 * fuzz.token_sort_ratio(x, y)


async def duplicates_report(encoder: EncoderService) -> None:
    threshold, cosine_min = NeedsConfig().duplicate_threshold, NeedsConfig().duplicate_cosine
    for name in ("duplicates_dev.yaml", "duplicates_test.yaml"):
        pairs = load(name)
        a = await encoder.encode([p["a"] for p in pairs])
        b = await encoder.encode([p["b"] for p in pairs])
        cosines = (a * b).sum(axis=1)
        same = [p for p in pairs if p["duplicate"]]
        other = [p for p in pairs if not p["duplicate"]]
        lexical = [lexical_similarity(p["a"], p["b"], p["lang"]) >= threshold for p in pairs]
        meaning = [flag and cosine >= cosine_min for flag, cosine in zip(lexical, cosines, strict=True)]
        for label, flagged in (("keywords only", lexical), (f"semantic (and cosine >= {cosine_min})", meaning)):
            found = sum(f for f, p in zip(flagged, pairs, strict=True) if p["duplicate"])
            false = sum(f for f, p in zip(flagged, pairs, strict=True) if not p["duplicate"])
            print(
                f"duplicates {name}, {label}: finds {found}/{len(same)} reworded pairs, "
                f"flags {false}/{len(other)} different ones"
            )
        dup = sorted(c for c, p in zip(cosines, pairs, strict=True) if p["duplicate"])
        near = sorted(c for c, p in zip(cosines, pairs, strict=True) if not p["duplicate"])
        print(
            f"  encoder cosine: reworded pairs median {dup[len(dup) // 2]:.2f}, "
            f"different-but-near pairs median {near[len(near) // 2]:.2f}"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="search the category fusion on the dev set")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        encoder = EncoderService(EncoderConfig(), Path(tmp))
        await categories_report(encoder, args.calibrate)
        await duplicates_report(encoder)
        encoder.close()


if __name__ == "__main__":
    asyncio.run(main())
