"""Needs on the held-out sets (tests/needs/*_test.yaml), both positions of `needs.semantic`: floors a little under
what `bench/needs_eval.py` measured (README, Needs), so a regression fails."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from handlers.encoder.config import EncoderConfig
from handlers.encoder.service import EncoderService
from handlers.needs.categories import Categoriser, load_categories
from handlers.needs.config import NeedsConfig
from handlers.needs.feature import NeedsService
from handlers.needs.models import Need

DATA = Path(__file__).resolve().parents[1] / "needs"


def load(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def encoder(tmp_path: Path) -> EncoderService:
    return EncoderService(EncoderConfig(), tmp_path)


@pytest.mark.parametrize(("semantic", "floor"), [(True, 0.86), (False, 0.64)], ids=["semantic", "keywords"])
async def test_categories_on_the_held_out_set(semantic: bool, floor: float, encoder: EncoderService) -> None:
    service = NeedsService(
        NeedsConfig(semantic=semantic), Categoriser(load_categories(None)), encoder if semantic else None
    )
    items = load("categorise_test.yaml")
    right = [await service.suggest(i["text"], i["lang"]) == i["expect"] for i in items]
    assert sum(right) / len(items) >= floor, f"{sum(right)}/{len(items)}"


async def test_the_encoder_vetoes_needs_that_share_words_but_not_meaning(encoder: EncoderService) -> None:
    service = NeedsService(NeedsConfig(), Categoriser(load_categories(None)), encoder)
    near = [p for p in load("duplicates_test.yaml") if not p["duplicate"]]
    kept = [await service.same_need(p["a"], [(Need(text=p["b"]), 80.0)]) for p in near]
    assert sum(bool(k) for k in kept) <= 0.5 * len(near)  # keywords alone flag them all at this score
    copy = "Looking for ready-made social impact indicatros we can borrow instead of building our own"
    original = "Looking for ready-made social impact indicators we can borrow instead of building our own"
    assert await service.same_need(copy, [(Need(text=original), 95.0)])  # a retyped copy still is one
