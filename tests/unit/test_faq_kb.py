"""The knowledge base: the shipped seed is complete and valid; broken files are reported by entry and field."""

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.errors import ConfigError
from handlers.faq.kb import SHIPPED_KB, Entry, load_entries, merge, to_yaml
from handlers.shared.i18n import LANGUAGES

FACTS = Path(__file__).resolve().parents[3] / "shared" / "ncc-facts.md"


@pytest.fixture(scope="module")
def shipped() -> list[Entry]:
    return load_entries(SHIPPED_KB)


def test_shipped_seed_is_complete(shipped: list[Entry]) -> None:
    assert len(shipped) >= 40
    for entry in shipped:
        assert set(entry.questions) == set(LANGUAGES), entry.id
        assert set(entry.answer) == set(LANGUAGES), entry.id
        assert all(len(entry.questions[lang]) >= 3 for lang in LANGUAGES), entry.id
        assert entry.sources and entry.reviewed <= date.today(), entry.id


def test_every_fact_is_covered(shipped: list[Entry]) -> None:
    covered = {fact for entry in shipped for fact in entry.facts}
    expected = {f"F{n}" for n in range(1, 56)}
    if FACTS.exists():  # the facts file sits beside the repository on developer machines and in CI
        expected = set(re.findall(r"^### (F\d+):", FACTS.read_text(), flags=re.MULTILINE))
    assert expected <= covered, sorted(expected - covered)


def test_no_invented_call_identifiers(shipped: list[Entry]) -> None:
    """Call ids in answers must be ones the facts file names (never made up)."""
    known = (
        set(re.findall(r"[A-Z]{2,}/\d{4}/\d{3}|ESF-\d{4}-[A-Z0-9-]+", FACTS.read_text())) if FACTS.exists() else None
    )
    if known is None:
        pytest.skip("shared/ncc-facts.md not beside the repository")
    for entry in shipped:
        for text in entry.answer.values():
            for call_id in re.findall(r"[A-Z]{2,}/\d{4}/\d{3}|ESF-\d{4}-[A-Z0-9-]+", text):
                assert call_id in known, (entry.id, call_id)


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


VALID = {
    "id": "grant-size",
    "topic": "funding",
    "reviewed": "2026-11-01",
    "sources": ["https://example.org"],
    "questions": {"en": ["How big is a grant?"]},
    "answer": {"en": "Up to the amount in the call."},
}


def test_errors_name_file_entry_and_field(tmp_path: Path) -> None:
    broken = [
        VALID,
        {**VALID, "id": "Bad Id"},
        {**VALID, "id": "no-answer", "answer": {}},
        {**VALID, "id": "xx-lang", "questions": {"xx": ["?"]}},
        {**VALID, "id": "grant-size"},
        {**VALID, "id": "bad-link", "sources": ["ftp://x"]},
        {**VALID, "id": "typo", "topci": "x"},
    ]
    with pytest.raises(ConfigError) as info:
        load_entries(write(tmp_path, broken))
    message = str(info.value)
    assert "entry 'Bad Id' (#2): id: 'Bad Id' is not a valid id" in message
    assert "entry 'no-answer' (#3): answer: an answer is required" in message
    assert "entry 'xx-lang' (#4): questions: unknown language(s) xx" in message
    assert "entry 'grant-size' (#5): id: duplicate" in message
    assert "entry 'bad-link' (#6): sources: 'ftp://x' is not an http(s) link" in message
    assert "entry 'typo' (#7): topci: Extra inputs are not permitted" in message


def test_bad_yaml_and_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text("- id: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_entries(path)
    with pytest.raises(ConfigError, match="does not exist"):
        load_entries(tmp_path / "nope")


def test_missing_translation_falls_back_to_english() -> None:
    entry = Entry.model_validate({**VALID, "answer": {"en": "In English.", "fr": "En français."}})
    assert entry.answer_in("fr") == ("En français.", "fr")
    assert entry.answer_in("pl") == ("In English.", "en")
    only_french = Entry.model_validate({**VALID, "questions": {"fr": ["Quoi ?"]}, "answer": {"fr": "Ceci."}})
    assert only_french.answer_in("en") == ("Ceci.", "fr") and only_french.title("de") == "Quoi ?"


def test_chat_edits_win_and_removals_drop(shipped: list[Entry]) -> None:
    first, second = shipped[0], shipped[1]
    edited = first.model_copy(update={"answer": {"en": "Edited."}})
    new = Entry.model_validate({**VALID, "id": "brand-new"})
    merged = merge(shipped, {first.id: edited, second.id: None, "brand-new": new})
    ids = [e.id for e in merged]
    assert ids[0] == first.id and merged[0].answer == {"en": "Edited."}
    assert second.id not in ids and ids[-1] == "brand-new" and len(merged) == len(shipped)


def test_export_round_trips(shipped: list[Entry], tmp_path: Path) -> None:
    path = tmp_path / "export.yaml"
    path.write_text(to_yaml(shipped))
    assert load_entries(path) == shipped
