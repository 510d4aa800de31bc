"""Pure parsing for the needs commands: texts, ids, statuses, list filters. Errors say what to type instead."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from bot.commands import parse_id as core_parse_id
from bot.commands import suggest
from bot.errors import UsageError
from bot.messages import quoted
from handlers.needs.categories import Categoriser
from handlers.needs.models import STATUSES
from handlers.needs.phrases import NEEDS, status_from_name
from handlers.needs.replies import say as reply
from handlers.shared.text import content_stems

SETTABLE = ("open", "in-progress", "addressed", "declined")

MAX_COUNTRY_CHARS = 100  # needs_profile.country and needs_need.country are String(100)


def parse_text(text: str, max_chars: int) -> str:
    """A need's text: one paragraph, not empty, not a pasted document."""
    text = " ".join(text.split())
    if not text:
        raise UsageError(NEEDS.text("text_missing"))
    if len(text) > max_chars:
        raise UsageError(NEEDS.text("text_too_long", length=len(text), limit=max_chars))
    return text


def parse_country(text: str, lang: str) -> str:
    """The member's NCC or country, as the guided dialogue and `!need country` take it: a few words."""
    country = " ".join(text.split())
    if not country or len(country) > MAX_COUNTRY_CHARS:
        raise UsageError(reply("country_words", lang))
    return country


def parse_id(word: str) -> int:
    return core_parse_id(word, NEEDS.text("mine_lists", command="`!needs mine`"))


def parse_status(word: str) -> str:
    status = word.strip().lower().replace("_", "-").replace("inprogress", "in-progress")
    if status not in SETTABLE:
        named = status_from_name(status, SETTABLE)  # a coordinator may write the status in their language
        if named is not None:
            return named
        guess = suggest(status, list(SETTABLE))
        hint = NEEDS.text("did_you_mean", close=quoted(guess)) if guess else ""
        raise UsageError(NEEDS.text("not_a_status", word=quoted(word), hint=hint, statuses=", ".join(SETTABLE)))
    return status


def normalise(text: str, lang: str) -> str:
    """The meaning-bearing stems of a text, sorted: what duplicate detection compares."""
    return " ".join(sorted(set(content_stems(text, lang))))


@dataclass(frozen=True)
class Filters:
    scope: str = "open"  # open (open + in-progress) | all | one status
    category: str | None = None
    country: str | None = None
    since: date | None = None
    room_id: str | None = None  # set for a room moderator: their room's needs only (never typed by users)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["since"] = self.since.isoformat() if self.since else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Filters:
        since = date.fromisoformat(data["since"]) if data.get("since") else None
        return cls(data.get("scope", "open"), data.get("category"), data.get("country"), since, data.get("room_id"))

    def describe(self, lang: str = "en") -> str:
        parts = [self.scope]
        parts += [f"category={self.category}"] if self.category else []
        parts += [f"country={self.country}"] if self.country else []
        parts += [f"since={self.since.isoformat()}"] if self.since else []
        parts += [NEEDS.say("this_room", lang)] if self.room_id else []
        return " ".join(parts)


def parse_filters(args: str, categories: Categoriser) -> Filters:
    """`[open|all|<status>] [category=…] [country=…] [since=YYYY-MM-DD]` in any order."""
    scope, values = "open", {}
    for word in args.split():
        key, sep, value = word.partition("=")
        key = key.lower()
        if not sep:
            if key in ("open", "all", *STATUSES):
                scope = key
                continue
            raise UsageError(NEEDS.text("filter_unknown", word=quoted(word)))
        if key not in ("category", "country", "since") or not value:
            raise UsageError(NEEDS.text("filter_bad", word=quoted(word)))
        values[key] = value
    category = None
    if "category" in values:
        category = categories.resolve(values["category"])
        if category is None:
            close = categories.closest(values["category"])
            hint = NEEDS.text("did_you_mean", close=quoted(close)) if close else ""
            name = quoted(values["category"])
            raise UsageError(NEEDS.text("no_category", name=name, hint=hint, command="`!needs categories`"))
    since = None
    if "since" in values:
        try:
            since = date.fromisoformat(values["since"])
        except ValueError:
            raise UsageError(NEEDS.text("since_bad", value=quoted(values["since"]))) from None
    return Filters(scope, category, values.get("country"), since)
