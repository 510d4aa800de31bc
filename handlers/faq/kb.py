"""The knowledge base: schema, loading and validation of the YAML seed, merging chat edits, export.

Validation errors name the file, the entry and the field, e.g.
`knowledge/faq/01-call.yaml: entry 'grant-size' (#7): answer.en: Field required`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.errors import ConfigError
from bot.yaml_files import read_yaml
from handlers.shared.i18n import LANGUAGES

ID_RE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
SHIPPED_KB = Path(str(resources.files("knowledge"))) / "faq"  # installed with the package
SHIPPED_DECLINES = Path(str(resources.files("knowledge"))) / "declines.yaml"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 2,000 entries load in well under 1 s


class Entry(BaseModel):
    """One question-and-answer entry. English is required; other languages fall back to it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    topic: str = Field(pattern=r"^[a-z][a-z0-9-]{1,39}$")
    facts: list[str] = Field(default_factory=list)
    reviewed: date
    sources: list[str] = Field(default_factory=list)  # the shipped seed always has some (a test checks)
    keywords: dict[str, list[str]] = Field(default_factory=dict)
    questions: dict[str, list[str]]
    answer: dict[str, str]

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not ID_RE.match(value):
            raise ValueError(f"{value!r} is not a valid id (lower-case letters, digits and '-', 2-40 chars)")
        return value

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: list[str]) -> list[str]:
        for url in value:
            if not re.match(r"^https?://\S+$", url):
                raise ValueError(f"{url!r} is not an http(s) link")
        return value

    @field_validator("keywords", "questions", "answer")
    @classmethod
    def _languages(cls, value: Mapping[str, Any]) -> Mapping[str, Any]:
        unknown = [lang for lang in value if lang not in LANGUAGES]
        if unknown:
            raise ValueError(f"unknown language(s) {', '.join(unknown)}; use {', '.join(LANGUAGES)}")
        return value

    @field_validator("questions")
    @classmethod
    def _questions(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        if not any(value.values()):
            raise ValueError("at least one question variant is required")
        for lang, variants in value.items():
            if any(not isinstance(v, str) or not v.strip() for v in variants):
                raise ValueError(f"{lang}: question variants must be non-empty text")
        return value

    @field_validator("answer")
    @classmethod
    def _answer(cls, value: dict[str, str]) -> dict[str, str]:
        cleaned = {lang: text.strip() for lang, text in value.items() if isinstance(text, str) and text.strip()}
        if not cleaned:
            raise ValueError("an answer is required (English, and translations where available)")
        return cleaned

    def answer_in(self, lang: str) -> tuple[str, str]:
        """The answer in `lang` if translated, else English (else any); returns (text, language used)."""
        for candidate in (lang, "en", *self.answer):
            if self.answer.get(candidate):
                return self.answer[candidate], candidate
        raise AssertionError("validated entries always have an answer")

    def title(self, lang: str = "en") -> str:
        """A short label for lists: the first question variant in `lang` (or English, or any)."""
        for candidate in (lang, "en", *self.questions):
            if self.questions.get(candidate):
                return self.questions[candidate][0]
        raise AssertionError("validated entries always have a question")


def kb_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
    return [path]


def load_entries(path: Path) -> list[Entry]:
    """Load every entry of a knowledge-base file or directory; ConfigError lists every problem found."""
    if not path.exists():
        raise ConfigError(f"faq.knowledge_base: {path} does not exist")
    entries: list[Entry] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for file in kb_files(path):
        try:
            raw = read_yaml(file, Loader)
        except ConfigError as exc:
            problems.append(str(exc))
            continue
        if not isinstance(raw, list):
            problems.append(f"{file}: expected a list of entries")
            continue
        for index, item in enumerate(raw, start=1):
            label = item.get("id") if isinstance(item, dict) else None
            try:
                entry = Entry.model_validate(item)
            except ValidationError as exc:
                for err in exc.errors():
                    field = ".".join(str(p) for p in err["loc"]) or "entry"
                    message = err["msg"].removeprefix("Value error, ")
                    problems.append(f"{file}: entry {label!r} (#{index}): {field}: {message}")
                continue
            if entry.id in seen:
                problems.append(
                    f"{file}: entry {entry.id!r} (#{index}): id: duplicate of the entry in {seen[entry.id]}"
                )
                continue
            seen[entry.id] = file.name
            entries.append(entry)
    if problems:
        shown = problems[:50] + ([f"... and {len(problems) - 50} more"] if len(problems) > 50 else [])
        raise ConfigError("knowledge base invalid\n  " + "\n  ".join(shown))
    return entries


def load_declines(path: Path | None) -> list[Entry]:
    """Requests the knowledge base never answers (contact details, amounts it does not give, next year's
    dates...), one pseudo-entry `decline-<kind>` per kind with its wordings in every language: the matchers score
    them like entries, and a question whose best match is one gets "don't know". ConfigError names the file."""
    path = path or SHIPPED_DECLINES
    raw = read_yaml(path, Loader)
    if not isinstance(raw, list) or not all(
        isinstance(kind, dict) and isinstance(kind.get("questions"), dict) for kind in raw
    ):
        raise ConfigError(f"faq.declines: {path}: expected a list of {{kind, questions: {{language: [wordings]}}}}")
    declines = []
    for kind in raw:
        try:
            declines.append(
                Entry(
                    id=f"decline-{kind.get('kind')}",
                    topic="declines",
                    reviewed=date(2026, 12, 1),
                    questions=kind["questions"],
                    answer={"en": "-"},
                )
            )
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"faq.declines: {path}: kind {kind.get('kind')!r}: {problems}") from None
    return declines


def merge(seed: Iterable[Entry], overrides: Mapping[str, Entry | None]) -> list[Entry]:
    """Chat edits win over the YAML seed; an override of None removes the entry. Seed order first, then new ones."""
    merged: dict[str, Entry] = {}
    for entry in seed:
        if entry.id in overrides:
            override = overrides[entry.id]
            if override is not None:
                merged[entry.id] = override
        else:
            merged[entry.id] = entry
    for entry_id, override in overrides.items():
        if override is not None and entry_id not in merged:
            merged[entry_id] = override
    return list(merged.values())


def to_yaml(entries: Iterable[Entry]) -> str:
    """The knowledge base as YAML, in the seed's format (for `ncc-bot faq export`)."""

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    data = [entry.model_dump(mode="json") for entry in entries]
    for item in data:
        item["answer"] = {lang: value + "\n" for lang, value in item["answer"].items()}
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=110)
