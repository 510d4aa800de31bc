"""The needs feature's declaration: config section, service, and the modules that add its commands,
the guided dialogue, maintenance, CLI and privacy hooks.

Members tell the coordinators what their NCC needs, in one line or a guided DM conversation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.feature import Feature
from handlers.encoder.feature import feature as encoder_feature
from handlers.faq.feature import feature as faq_feature
from handlers.help import HELP_DIR
from handlers.needs import api
from handlers.needs.categories import Categoriser, load_categories
from handlers.needs.config import NeedsConfig
from handlers.needs.semantic import (
    CategoryFusion,
    CategoryIndex,
    DuplicateRule,
    category_texts,
    fuse_categories,
    unshared_words,
)

if TYPE_CHECKING:
    from bot.context import EventContext, Services
    from handlers.encoder.service import EncoderService

FiledHook = Callable[[int], Awaitable[None]]


@dataclass
class NeedsService:
    """The categories, and the shared encoder when `needs.semantic` is on: categories are then proposed by
    meaning and keywords together (`suggest`); without it, by keywords alone."""

    config: NeedsConfig
    categories: Categoriser
    encoder: EncoderService | None = None
    fusion: CategoryFusion = field(default_factory=CategoryFusion)
    duplicates: DuplicateRule = field(default_factory=DuplicateRule)
    services: Services | None = None
    _index: CategoryIndex | None = None
    _filed_hooks: list[FiledHook] = field(default_factory=list)

    # ------------------------------------------------------------------ what other features use (typed)
    def when_filed(self, hook: FiledHook) -> None:
        """`hook(need_id)` after each new need is stored (the network looks for peers); errors are logged."""
        self._filed_hooks.append(hook)

    async def filed(self, need_id: int) -> None:
        for hook in self._filed_hooks:
            try:
                await hook(need_id)
            except Exception:
                log.exception("a hook on a filed need failed", extra={"need_id": need_id})

    async def need(self, need_id: int) -> api.NeedInfo | None:
        return await api.need_info(self._services(), need_id)

    async def similar_to(self, need_id: int, threshold: float, limit: int = 5) -> list[tuple[api.NeedInfo, float]]:
        return await api.similar_needs(self._services(), need_id, threshold, limit)

    async def browse(self, query: api.Browse) -> tuple[list[api.NeedInfo], int]:
        return await api.browse(self._services(), query)

    async def tallies(self, rooms: frozenset[str] | None) -> tuple[Any, Any]:
        """(category, status) counts and needs per month, in the reader's scope (None: every room)."""
        return await api.tallies(self._services(), rooms)

    async def filed_since(self, since: datetime) -> list[int]:
        return await api.filed_since(self._services(), since)

    async def from_source(self, source: str) -> list[api.NeedInfo]:
        """The needs filed through another feature's invitation (`event:12`)."""
        return await api.needs_from(self._services(), source)

    async def invite(self, user_id: str, lang: str, intro: str, *, source: str, tx_key: str) -> bool:
        return await api.open_dialogue(self._services(), user_id, lang, intro, source=source, tx_key=tx_key)

    def _services(self) -> Services:
        assert self.services is not None, "built by the feature's service factory"
        return self.services

    async def suggest(self, text: str, lang: str) -> str:
        return (await self.likely_categories(text, lang))[0]

    async def likely_categories(self, text: str, lang: str) -> list[str]:
        """Best first; by keywords alone only the best (the keyword scores are too coarse to rank the rest)."""
        lexical = self.categories.scores(text, lang)
        index = await self._category_index()
        if index is None or self.encoder is None:
            return [self.categories.suggest(text, lang)[0]]
        vector = (await self.encoder.encode([text]))[0]
        semantic = await self.encoder.run(index.similarities, vector, self.fusion.top)
        return fuse_categories(semantic, lexical, self.fusion)

    async def same_need(
        self, text: str, lang: str, similar: list[tuple[Any, float]], candidates: Sequence[Any] = ()
    ) -> list[tuple[Any, float]]:
        """The open needs that ask for the same as `text`, best first (score: cosine x 100). `similar` share its
        words (store.similar_open), `candidates` (store.open_needs) may not: a need reworded with other words is
        found too. Both are held to the same DuplicateRule, so sharing words is never enough."""
        if self.encoder is None:
            return similar
        try:
            return await self._same_by_meaning(text, lang, similar, candidates)
        except Exception:  # the words alone still work; the log says why
            log.exception("comparing needs by meaning failed; the shared words decide this time")
            return similar

    async def _same_by_meaning(
        self, text: str, lang: str, similar: list[tuple[Any, float]], candidates: Sequence[Any]
    ) -> list[tuple[Any, float]]:
        assert self.encoder is not None
        pool = {need.id: need for need, _ in similar} | {need.id: need for need in candidates}
        if not pool:
            return []
        needs = list(pool.values())
        vectors = await self.encoder.encode([text, *(need.text for need in needs)])
        cosines = [float(c) for c in vectors[1:] @ vectors[0]]
        rule = self.duplicates
        close = [i for i, cosine in enumerate(cosines) if cosine >= self.config.duplicate_cosine]
        close = sorted(close, key=cosines.__getitem__, reverse=True)[: rule.shortlist]
        rests = {i: unshared_words(text, needs[i].text, lang) for i in close}
        parts = [part for rest in rests.values() if rest for part in rest]
        unshared = iter(await self.encoder.encode(parts) if parts else ())
        found = []
        for i in close:
            if rests[i] is not None:  # None: the same words
                mine, theirs = next(unshared), next(unshared)
                if min(float(mine @ vectors[1 + i]), float(theirs @ vectors[0])) < rule.unshared:
                    continue
            found.append((needs[i], round(100 * cosines[i], 1)))
        return found

    async def _category_index(self) -> CategoryIndex | None:
        if self.encoder is None:
            return None
        if self._index is None:
            texts = [t for c in self.categories.categories for t in category_texts(c)]
            try:
                vectors = await self.encoder.encode_cached("needs-categories", texts)
            except Exception:  # keywords alone still work; the log says why
                log.exception("category vectors unavailable; proposing categories by keywords only")
                self.encoder = None
                return None
            self._index = CategoryIndex(self.categories.categories, vectors)
        return self._index


log = logging.getLogger(__name__)
feature: Feature[NeedsConfig, NeedsService] = Feature(
    "needs", config=NeedsConfig, description="Needs", translations=HELP_DIR / "needs.yaml"
)
NEEDS_FILED = feature.counter(
    "needs_filed", help="Needs filed, by how: one-line command or guided dialogue.", labels=("how",)
)


@feature.service
async def build(services: Services) -> NeedsService:
    config = feature.config_of(services.settings)
    categories = await asyncio.to_thread(load_categories, config.categories_file)
    encoder = encoder_feature.optional_service(services) if config.semantic else None
    return NeedsService(config, Categoriser(categories), encoder, services=services)


@feature.check
def check_categories(settings: Any) -> None:
    load_categories(feature.config_of(settings).categories_file)


def service_of(ctx: EventContext) -> NeedsService:
    return feature.service_of(ctx.services)


def language_of(ctx: EventContext, text: str) -> str:
    """The person's chosen language (`!lang`); else the text's, by the FAQ's detector when that feature runs;
    else the room's."""
    if ctx.chosen_language:
        return ctx.chosen_language
    faq = faq_feature.optional_service(ctx.services)
    return faq.index.detect_language(text, ctx.language) if faq is not None else ctx.language
