"""The encoder at run time: loaded lazily in its own worker thread, one question's encoding at a time.

Nothing here runs on the event loop: loading (~1 s) and encoding (~2 ms a question, ~0.6 ms a text in bulk)
happen on a single-thread executor, so a burst of questions queues there instead of taking both cores, and
the FAQ keeps answering lexically until the vectors are ready. A whole corpus (a knowledge base at a cold
start: seconds) is encoded on an executor of its own, so a member's need or question never waits behind it.
The model is loaded by the first feature that asks for vectors; with every semantic switch off it is never
imported (the lexical-only footprint).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from handlers.encoder.cache import VectorCache, text_key
from handlers.encoder.config import EncoderConfig
from handlers.encoder.models import Model, load_model

if TYPE_CHECKING:  # numpy is imported by the methods that run once a feature wants vectors
    import numpy as np

log = logging.getLogger(__name__)
T = TypeVar("T")
MEMO_ROWS = 10_000  # recent texts kept in memory (needs compared again and again), ~20 MB at 512 dims
BATCH = 256


class EncoderService:
    def __init__(self, config: EncoderConfig, cache_dir: Path | None, *, model: Model | None = None) -> None:
        """`model`: an already loaded one (tests pass a counting fake); else `config.model` is loaded on first use."""
        self.config = config
        self.cache_dir = cache_dir
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="encoder")
        self._corpus_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="encoder-corpus")
        self._model: Model | None = model
        self._loading = asyncio.Lock()
        self._memo: OrderedDict[bytes, np.ndarray] = OrderedDict()

    @property
    def name(self) -> str:
        return self._model.name if self._model is not None else self.config.model

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Run CPU work on the encoder's thread (vector maths beside the encodings, off the event loop)."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, func, *args)

    async def model(self) -> Model:
        async with self._loading:
            if self._model is None:
                started = time.perf_counter()
                self._model = await self.run(load_model, self.config.model, self.config.threads, self.cache_dir)
                log.info(
                    "sentence encoder loaded", extra={"model": self.name, "seconds": time.perf_counter() - started}
                )
            return self._model

    def _encode_sync(self, model: Model, texts: list[str], workers: int = 1) -> np.ndarray:
        """Encode in batches; a whole corpus (start-up, a reload) on `bulk_threads` threads at once: numpy's
        matrix products release the GIL, so two threads encode ~1.8x faster with the same results."""
        import numpy as np

        cut = [t[: self.config.max_chars] for t in texts]
        batches = [cut[i : i + BATCH] for i in range(0, len(cut), BATCH)]
        if not batches:
            return np.zeros((0, 0), np.float32)
        if workers > 1 and len(batches) > 1:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="encoder-bulk") as pool:
                return np.concatenate(list(pool.map(model.encode, batches)))
        return np.concatenate([model.encode(batch) for batch in batches])

    async def encode(self, texts: list[str]) -> np.ndarray:
        """Vectors for a few texts (questions, needs), remembered in memory only: user text never reaches disk."""
        await self.model()
        return await self.run(self.encode_now, texts)

    def encode_now(self, texts: list[str]) -> np.ndarray:
        """`encode`, called on the encoder's thread (by `run`) once the model is loaded."""
        import numpy as np

        assert self._model is not None, "await model() first"
        keys = [text_key(t) for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self._memo]
        if missing:
            fresh = self._encode_sync(self._model, [texts[i] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                self._memo[keys[i]] = vector
        for key in keys:
            self._memo.move_to_end(key)
        rows = [self._memo[k] for k in keys]
        while len(self._memo) > MEMO_ROWS:
            self._memo.popitem(last=False)
        return np.stack(rows) if rows else np.zeros((0, 0), np.float32)

    async def encode_cached(self, namespace: str, texts: list[str]) -> np.ndarray:
        """Vectors for a whole corpus (the knowledge base), through the on-disk cache: only new texts are encoded."""
        model = await self.model()
        path = self.cache_dir / f"{self.name}-{namespace}.npz" if self.cache_dir else None
        # beside the questions' thread if the model allows two threads at once, else in the same queue
        executor = self._corpus_executor if getattr(model, "thread_safe", False) else self._executor
        return await asyncio.get_running_loop().run_in_executor(
            executor, self._encode_corpus, model, VectorCache(path), texts
        )

    def _encode_corpus(self, model: Model, cache: VectorCache, texts: list[str]) -> np.ndarray:
        import numpy as np

        cache.read()
        found, missing = cache.get(texts)
        if missing:
            workers = self.config.bulk_threads if getattr(model, "thread_safe", False) else 1
            fresh = self._encode_sync(model, [texts[i] for i in missing], workers)
            cache.put([texts[i] for i in missing], fresh)
            for i, vector in zip(missing, fresh, strict=True):
                found[i] = vector
        cache.keep_only(texts)
        cache.write()
        log.info("corpus vectors ready", extra={"texts": len(texts), "encoded": len(missing), "model": self.name})
        return np.stack(found) if found else np.zeros((0, 0), np.float32)  # type: ignore[arg-type]

    def close(self) -> None:
        for executor in (self._executor, self._corpus_executor):
            executor.shutdown(wait=False, cancel_futures=True)
