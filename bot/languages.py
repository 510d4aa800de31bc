"""Each person's language: set with `!lang` and remembered, so every reply to them (prompts, choices, errors,
confirmations) is in it wherever they write. Unset, replies follow the language a message is written in where a
feature detects it, else the room's. Kept in memory (one row per person who chose) and in core_person_language.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from bot.config import LANGUAGES
from bot.storage import Base, Database, UtcDateTime, utcnow

NAMES = {  # what people type after !lang: codes, English names, and each language's own name
    "en": ("en", "english", "anglais", "englisch", "inglés", "ingles", "inglese", "angielski", "inglês"),
    "fr": ("fr", "french", "français", "francais", "französisch", "francés", "francese", "francuski", "francês"),
    "de": ("de", "german", "deutsch", "allemand", "alemán", "aleman", "tedesco", "niemiecki", "alemão"),
    "es": ("es", "spanish", "español", "espanol", "castellano", "espagnol", "spanisch", "spagnolo", "hiszpański"),
    "it": ("it", "italian", "italiano", "italien", "italienisch", "włoski", "wloski"),
    "pl": ("pl", "polish", "polski", "polonais", "polnisch", "polaco", "polacco"),
    "pt": ("pt", "portuguese", "português", "portugues", "portugais", "portugiesisch", "portugués", "portoghese"),
}
BY_NAME = {name: code for code, names in NAMES.items() for name in names}


class PersonLanguage(Base):
    __tablename__ = "core_person_language"
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


def language_named(text: str) -> str | None:
    """`fr`, `French`, `français` -> "fr"; None for a language the bot does not speak."""
    code = BY_NAME.get(text.strip().lower())
    return code if code in LANGUAGES else None


class PersonLanguages:
    def __init__(self) -> None:
        self._chosen: dict[str, str] = {}

    def of(self, user_id: str) -> str | None:
        return self._chosen.get(user_id)

    async def load(self, db: Database) -> None:
        async with db.session() as session:
            self._chosen = {row.user_id: row.lang for row in await session.scalars(select(PersonLanguage))}

    async def choose(self, db: Database, user_id: str, lang: str | None) -> None:
        """Remember `lang` for the person (None: forget the choice)."""
        async with db.begin() as session:
            row = await session.get(PersonLanguage, user_id)
            if lang is None:
                if row is not None:
                    await session.delete(row)
            elif row is None:
                session.add(PersonLanguage(user_id=user_id, lang=lang))
            else:
                row.lang = lang
        if lang is None:
            self._chosen.pop(user_id, None)
        else:
            self._chosen[user_id] = lang

    async def forget(self, db: Database, user_id: str) -> None:
        async with db.begin() as session:
            await session.execute(delete(PersonLanguage).where(PersonLanguage.user_id == user_id))
        self._chosen.pop(user_id, None)
