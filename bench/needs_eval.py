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
from types import SimpleNamespace

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers.encoder.config import EncoderConfig  # noqa: E402
from handlers.encoder.service import EncoderService  # noqa: E402
from handlers.needs.categories import Categoriser, load_categories  # noqa: E402
from handlers.needs.config import NeedsConfig  # noqa: E402
from handlers.needs.feature import NeedsService  # noqa: E402
from handlers.needs.parse import normalise  # noqa: E402
from handlers.needs.semantic import CategoryFusion, DuplicateRule  # noqa: E402
from handlers.needs.store import score_similar  # noqa: E402

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


async def flagged(service: NeedsService, pair: dict) -> bool:
    """The product's own path: `b` is filed while `a` is open; both searches look in b's category only."""
    lang, threshold = pair["lang"], service.config.duplicate_threshold
    near = (
        await service.suggest(pair["a"], lang)
        in (await service.likely_categories(pair["b"], lang))[: service.duplicates.categories]
    )
    if not near:  # a is looked for in b's likeliest categories only
        return False
    open_need = SimpleNamespace(id=1, text=pair["a"])
    lexical = score_similar(normalise(pair["b"], lang), [(1, normalise(pair["a"], lang))], threshold)
    similar = [(open_need, score) for _, score in lexical]
    nearby = [open_need] if service.encoder is not None else []
    return bool(await service.same_need(pair["b"], lang, similar, nearby))


async def duplicate_counts(service: NeedsService, pairs: list[dict]) -> tuple[int, int]:
    flags = [await flagged(service, p) for p in pairs]
    found = sum(f for f, p in zip(flags, pairs, strict=True) if p["duplicate"])
    return found, sum(f for f, p in zip(flags, pairs, strict=True) if not p["duplicate"])


def different_needs(examples: list[dict]) -> list[dict]:
    """Pairs of different needs of one category and language (the categories' dev examples): a new need is
    compared with every open need of its category, so each must rarely pass for a duplicate."""
    return [
        {"a": x["text"], "b": y["text"], "lang": x["lang"], "duplicate": False}
        for x, y in itertools.combinations(examples, 2)
        if x["lang"] == y["lang"] and x["expect"] == y["expect"]
    ]


async def duplicates_report(encoder: EncoderService, calibrate: bool) -> None:
    categoriser = Categoriser(load_categories(None))
    semantic = NeedsService(NeedsConfig(), categoriser, encoder)
    dev = load("duplicates_dev.yaml")
    unrelated = different_needs(load("categorise_dev.yaml"))
    if calibrate:
        for cosine, unshared in itertools.product((0.35, 0.4, 0.45, 0.5), (0.15, 0.2, 0.25)):
            semantic.config = NeedsConfig(duplicate_cosine=cosine)
            semantic.duplicates = DuplicateRule(unshared=unshared)
            found, false = await duplicate_counts(semantic, dev)
            others = (await duplicate_counts(semantic, unrelated))[1]
            print(f"  cosine {cosine} unshared {unshared}: dev finds {found}, flags {false} near, {others} different")
        semantic.config, semantic.duplicates = NeedsConfig(), DuplicateRule()
    keywords = NeedsService(NeedsConfig(semantic=False), categoriser)
    sets = {name: load(name) for name in ("duplicates_dev.yaml", "duplicates_test.yaml")}
    sets["different needs of one category (test)"] = different_needs(load("categorise_test.yaml"))
    for name, pairs in sets.items():
        same, other = sum(p["duplicate"] for p in pairs), sum(not p["duplicate"] for p in pairs)
        for label, service in (("keywords only", keywords), ("semantic", semantic)):
            found, false = await duplicate_counts(service, pairs)
            finds = f"finds {found}/{same} reworded pairs ({100 * found / same:.0f} %), " if same else ""
            flags = f"flags {false}/{other} different ones ({100 * false / other:.0f} %)"
            print(f"duplicates {name}, {label}: {finds}{flags}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="search the fusion and duplicate rule on dev")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        encoder = EncoderService(EncoderConfig(), Path(tmp))
        await categories_report(encoder, args.calibrate)
        await duplicates_report(encoder, args.calibrate)
        encoder.close()


if __name__ == "__main__":
    asyncio.run(main())
