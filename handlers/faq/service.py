"""The FAQ at run time: the merged knowledge base (YAML seed + chat edits), its indexes, and asking it.

One instance per running app, built at start-up by the feature and reached through `feature.service_of`.
The lexical index is built in a thread at start-up (a fraction of a second); the semantic index (vectors of
every stored wording, from the on-disk cache or the encoder) follows in the background, and until it is
there questions are matched lexically, with the lexical bands. A chat edit rebuilds both before it returns,
re-encoding only the wordings that changed.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.storage import Database
from handlers.faq import models
from handlers.faq.config import FaqConfig
from handlers.faq.fusion import Fusion, fuse, semantic_top
from handlers.faq.kb import SHIPPED_KB, Entry, load_declines, load_entries, merge
from handlers.faq.matcher import (
    LEXICAL_STORED_CONTEXT,
    Candidate,
    FaqIndex,
    Match,
    Thresholds,
    alternatives,
    decide,
    settle_declines,
    with_exact,
)
from handlers.faq.sentences import segments

if TYPE_CHECKING:  # numpy and the semantic index are imported only where the encoder is used
    import numpy as np

    from handlers.encoder.service import EncoderService
    from handlers.faq.semantic import SemanticIndex

log = logging.getLogger(__name__)
SEMANTIC_WAIT_SECONDS = 30.0  # a cold start at 2,000 entries takes ~10 s on one core


@dataclass(frozen=True)
class Indexes:
    lexical: FaqIndex
    semantic: SemanticIndex | None = None  # built for lexical.entries, in the same order


def encode_and_compare(encoder: EncoderService, semantic: SemanticIndex, parts: list[str]) -> tuple[Any, Any]:
    """On the encoder's thread, in one hop: the question's vectors and its cosine to every entry."""
    vectors = encoder.encode_now(parts)
    return vectors, semantic.cosines(vectors)


@dataclass(frozen=True)
class Signals:
    indexes: Indexes
    exact: Candidate | None
    lexical: list[Candidate]
    cosines: np.ndarray | None = None  # per entry of indexes.lexical.entries
    vectors: np.ndarray | None = None  # the question's segments


class FaqService:
    def __init__(self, config: FaqConfig, db: Database | None, encoder: EncoderService | None = None) -> None:
        self.config = config
        self.db = db
        self.encoder = encoder if config.semantic else None
        self.seed: list[Entry] = []
        self.declines: list[Entry] = []  # pseudo-entries: kinds of request never answered
        self.indexes = Indexes(FaqIndex([]))
        self._lock = asyncio.Lock()
        self._background: asyncio.Task[None] | None = None

    @property
    def index(self) -> FaqIndex:
        return self.indexes.lexical

    @property
    def seed_path(self) -> Path:
        return self.config.knowledge_base or SHIPPED_KB

    @property
    def semantic(self) -> bool:
        """True once questions are matched with both signals."""
        return self.indexes.semantic is not None

    @property
    def thresholds(self) -> Thresholds:
        if self.semantic:
            fused = self.config.fused
            return Thresholds(fused.confident, fused.margin, fused.ambiguous)
        return Thresholds(self.config.confident, self.config.margin, self.config.ambiguous)

    @property
    def auto_confident(self) -> float:
        return self.config.fused.auto_confident if self.semantic else self.config.auto_confident

    @property
    def fusion(self) -> Fusion:
        fused = self.config.fused
        return Fusion(
            fused.lexical_weight,
            fused.cosine_floor,
            decline_margin=fused.decline_margin,
        )

    async def load(self, *, wait: bool = False) -> int:
        """(Re)read the YAML seed and the chat edits; ConfigError if the seed is invalid. Returns the entry count.
        The semantic index follows in the background unless `wait` (the CLI and tests wait)."""
        async with self._lock:
            self.seed = await asyncio.to_thread(load_entries, self.seed_path)
            self.declines = await asyncio.to_thread(load_declines, self.config.declines)
            lexical = await self._lexical()
            self.indexes = Indexes(lexical)
        log.info("faq knowledge base loaded", extra={"entries": len(lexical.entries), "path": str(self.seed_path)})
        if self.encoder is not None:
            self._background = asyncio.create_task(self._add_semantic(lexical), name="faq-semantic-index")
            if wait:
                await self.semantic_ready()
        return len(lexical.entries)

    async def semantic_ready(self) -> None:
        if self._background is not None:
            await asyncio.shield(self._background)

    async def _settled(self) -> None:
        background = self._background
        if background is None or background.done():
            return
        try:
            await asyncio.wait_for(asyncio.shield(background), SEMANTIC_WAIT_SECONDS)
        except TimeoutError:
            log.warning("the semantic index is still being built; answering this question lexically")

    async def refresh(self) -> None:
        """After a chat edit: merge the edits again and rebuild both indexes before answering again."""
        async with self._lock:
            lexical = await self._lexical()
            semantic = await self._semantic_for(lexical) if self.semantic or self._background else None
            self.indexes = Indexes(lexical, semantic)

    async def _lexical(self) -> FaqIndex:
        overrides: dict[str, Entry | None] = {}
        if self.db is not None:
            async with self.db.session() as session:
                overrides = await models.load_overrides(session)
        stored_context = 1.0 if self.encoder is not None else LEXICAL_STORED_CONTEXT
        return await asyncio.to_thread(FaqIndex, merge(self.seed, overrides), self.declines, stored_context)

    async def _semantic_for(self, lexical: FaqIndex) -> SemanticIndex | None:
        if self.encoder is None:
            return None
        from handlers.faq.semantic import SemanticIndex, variant_texts

        texts = [text for doc in lexical.docs for text in variant_texts(doc)]
        vectors = await self.encoder.encode_cached("faq", texts)
        return SemanticIndex(lexical.docs, vectors)

    async def _add_semantic(self, lexical: FaqIndex) -> None:
        try:
            async with self._lock:
                semantic = await self._semantic_for(lexical)
                if self.indexes.lexical is lexical:  # a refresh in between built its own
                    self.indexes = Indexes(lexical, semantic)
        except Exception:  # the FAQ keeps answering lexically; the log says why
            log.exception("the semantic index could not be built; answering with the lexical matcher only")

    async def signals(self, question: str, lang: str) -> Signals:
        """Both sides' raw evidence for a question (fusion weights are applied after, so calibration can try many).
        Right after start-up a question waits for the semantic index (a second or two, once) rather than get a
        weaker lexical answer; the rest of the bot is not held up meanwhile."""
        await self._settled()
        indexes = self.indexes
        lexical = indexes.lexical
        exact = lexical.exact(question)
        if indexes.semantic is None or self.encoder is None:
            return Signals(indexes, exact, lexical.score(question, lang))
        parts = segments(question)
        vectors, cosines = await self.encoder.run(encode_and_compare, self.encoder, indexes.semantic, parts)
        include = semantic_top(cosines, self.fusion)
        # The lexical side reads the whole question: scoring its last sentence alone as well did not help on the
        # dev set (it did on the semantic side, where context dilutes the vector) and cost a second pass.
        found = {c.entry_id: c for c in lexical.score(question, lang, include)}
        return Signals(indexes, exact, list(found.values()), cosines, vectors)

    def combine(self, signals: Signals, fusion: Fusion | None = None) -> list[Candidate]:
        """One ranking from the signals; a question whose best match is a decline gets none (see settle_declines)."""
        lexical = signals.indexes.lexical
        if signals.cosines is None:
            ranked = with_exact(signals.exact, signals.lexical)
            return settle_declines(ranked, lexical.declines, self.config.decline_margin)
        fusion = fusion or self.fusion
        fused = fuse(signals.lexical, lexical.ids, signals.cosines, fusion, lexical.by_id)
        ranked = with_exact(signals.exact, fused)
        return settle_declines(ranked, lexical.declines, fusion.decline_margin)

    async def rank(self, question: str, lang: str) -> list[Candidate]:
        """Candidates best first, with both signals when the semantic index is ready."""
        return self.combine(await self.signals(question, lang))

    async def ask(self, question: str, *, default_lang: str = "en", lang: str | None = None) -> Match:
        lang = lang or self.index.detect_language(question, default_lang)
        signals = await self.signals(question, lang)
        ranked = self.combine(signals)
        indexes, vectors = signals.indexes, signals.vectors
        thresholds = self.thresholds
        match = Match(decide(ranked, thresholds), lang, ranked[:5])
        if match.outcome != "ambiguous":
            return match
        labels = {}
        for candidate in alternatives(match, thresholds):
            if vectors is not None and indexes.semantic is not None:
                labels[candidate.entry_id] = indexes.semantic.closest_wording(candidate.entry_id, vectors, lang)
            else:
                labels[candidate.entry_id] = indexes.lexical.closest_wording(candidate.entry_id, question, lang)
        return Match(match.outcome, lang, match.candidates, labels)

    def entry(self, entry_id: str) -> Entry | None:
        return self.index.entry(entry_id)

    def topics(self) -> dict[str, list[Entry]]:
        grouped: dict[str, list[Entry]] = {}
        for entry in self.index.entries:
            grouped.setdefault(entry.topic, []).append(entry)
        return grouped
