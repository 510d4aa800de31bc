"""The FAQ at run time: the merged knowledge base (YAML seed + chat edits), its index, and asking it.

One instance per running app, built at start-up by the feature and reached through `feature.service_of`.
Building the index takes a fraction of a second, so it happens in a thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot.storage import Database
from handlers.faq import models
from handlers.faq.config import FaqConfig
from handlers.faq.kb import SHIPPED_KB, Entry, load_entries, merge
from handlers.faq.matcher import FaqIndex, Match, Thresholds

log = logging.getLogger(__name__)


class FaqService:
    def __init__(self, config: FaqConfig, db: Database | None) -> None:
        self.config = config
        self.db = db
        self.seed: list[Entry] = []
        self.index = FaqIndex([])
        self._lock = asyncio.Lock()

    @property
    def seed_path(self) -> Path:
        return self.config.knowledge_base or SHIPPED_KB

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.config.confident, self.config.margin, self.config.ambiguous)

    async def load(self) -> int:
        """(Re)read the YAML seed and the chat edits; ConfigError if the seed is invalid. Returns the entry count."""
        async with self._lock:
            self.seed = await asyncio.to_thread(load_entries, self.seed_path)
            await self._rebuild()
        log.info("faq knowledge base loaded", extra={"entries": len(self.index.entries), "path": str(self.seed_path)})
        return len(self.index.entries)

    async def refresh(self) -> None:
        """After a chat edit: merge the edits again and rebuild the index."""
        async with self._lock:
            await self._rebuild()

    async def _rebuild(self) -> None:
        overrides: dict[str, Entry | None] = {}
        if self.db is not None:
            async with self.db.session() as session:
                overrides = await models.load_overrides(session)
        entries = merge(self.seed, overrides)
        self.index = await asyncio.to_thread(FaqIndex, entries)

    def ask(self, question: str, *, default_lang: str = "en", lang: str | None = None) -> Match:
        return self.index.match(question, lang=lang, default_lang=default_lang, thresholds=self.thresholds)

    def entry(self, entry_id: str) -> Entry | None:
        return self.index.entry(entry_id)

    def topics(self) -> dict[str, list[Entry]]:
        grouped: dict[str, list[Entry]] = {}
        for entry in self.index.entries:
            grouped.setdefault(entry.topic, []).append(entry)
        return grouped
