"""One language per person, swept: every command of every feature (from the registry, so a new one is swept
too), asked by a member and by a coordinator who chose a language, with no, wrong and sample arguments, plus the
guided dialogue, a "did you mean" choice and a passed-on question. No reply may be English: after removing what
the person typed, commands, code, links and ids, a reply with English function words fails. Then the texts
themselves: every phrasebook complete in seven languages, and no literal English sentence left in the code
paths that talk to people."""

from __future__ import annotations

import ast
import importlib
import re
import string
from collections.abc import AsyncIterator
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import select

import handlers
from bot.i18n import LANGUAGES, Phrasebook
from handlers.faq.models import Relay
from tests.fakes import BOT, COORDINATOR, DM, GROUP, MEMBER, FakeRoom, TestBed

ROOT = Path(__file__).resolve().parents[2]
COORDINATORS_ROOM = "!coordinators:test"
ROOMS_CONFIG = f"faq:\n  coordinators_room: '{COORDINATORS_ROOM}'\n"
OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]
# function words no other of the seven languages writes: one of them left in a reply is English text
ENGLISH = set(
    "the you your yours is are were this that these with has have been will would which there here please "
    "from into not of and or can could should what when who where how why yet than them they their its "
    "shows lists give reply ask try use up now here only just about our us my but if then by out more next "
    "last first new added set found nothing counters room rooms yet been being does did done".split()
)
TYPED = re.compile(r"<(code|pre|blockquote|a)\b[^>]*>.*?</\1>", re.DOTALL)  # commands, quotations, links
STRIPPED = re.compile(
    r"https?://\S+"  # links
    r"|[@!#][\w.=-]+:[\w.-]+"  # Matrix ids
    r"|(?<!\w)!\w[\w+-]*(?: [a-z+][\w-]*)?"  # a command name (and its subcommand)
    r"|“[^”]*”|„[^“”]*[“”]|«[^»]*»|\"[^\"]*\""  # quoted text
    r"|\b[a-z0-9]+(?:-[a-z0-9]+)+\b"  # ids: entry ids, statuses as typed
    r"|\([a-z]{2}\)"  # a language code
    r"|\b\d{1,2}\.?\s+[^\W\d_]{3,5}\.?\s+\d{4}\b"  # a date as the bot shows it ("1 set 2026": Italian September)
)
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def english_words(text: str, typed: list[str], html: str | None = None) -> list[str]:
    """The English function words of a message, read from its HTML when it has one (code spans are commands
    and quotations are quotations), once what the person typed is taken out."""
    if html is not None:
        text = unescape(re.sub(r"<[^>]+>", " ", TYPED.sub(" ", html)))
    text = STRIPPED.sub(" ", text)
    for said in sorted(typed, key=len, reverse=True):
        text = text.replace(STRIPPED.sub(" ", said), " ")
    return [w for w in WORD.findall(text) if w.lower() in ENGLISH]


def typed_parts(body: str) -> list[str]:
    """What a person typed, as the bot may echo it: the message, each `|` field, and each tail of its words."""
    parts = [body, *(f.strip() for f in body.split("|"))]
    for part in list(parts):
        words = part.split()
        parts += [" ".join(words[i:]) for i in range(1, len(words))]
    return [p for p in parts if len(p) > 2]


class Sweep:
    """Sends as a person would and keeps every English-looking message the bot sent to anyone."""

    def __init__(self, bed: TestBed, lang: str) -> None:
        self.bed, self.lang = bed, lang
        self.typed: list[str] = []
        self.findings: list[str] = []

    async def send(self, body: str, *, sender: str = MEMBER, room: str = GROUP, **content: object) -> None:
        self.typed += typed_parts(body)
        for sent in await self.bed.say(body, sender=sender, room=room, **content):
            words = english_words(sent.body, self.typed, sent.content.get("formatted_body"))
            if words and not sent.body.startswith(IN_ENGLISH_BY_DESIGN):
                self.findings.append(f"[{self.lang}] {sender} {body!r} -> {sent.body!r}: {sorted(set(words))}")
        if body.startswith("!lang") and body != f"!lang {self.lang}":
            await self.send(f"!lang {self.lang}", sender=sender, room=room)


@pytest.fixture
async def bed(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[TestBed]:
    lang = request.param
    rooms = {
        GROUP: FakeRoom(users={BOT: None, MEMBER: None, COORDINATOR: None}, display_name="NCC group"),
        DM: FakeRoom(users={BOT: None, MEMBER: None}, display_name="DM"),
        COORDINATORS_ROOM: FakeRoom(users={BOT: None, COORDINATOR: None}, display_name="Coordinators"),
    }
    config = f"language: {lang}\nlimits: {{messages_per_minute: 100000, burst: 100000}}\n" + ROOMS_CONFIG
    test_bed = await TestBed.start(tmp_path, config, rooms=rooms, direct=[DM])
    yield test_bed
    await test_bed.close()


async def sweep_commands(sweep: Sweep) -> None:
    registry = sweep.bed.services.registry
    commands = [c for c in registry.commands if c.name not in ("forgetme", "lang")]
    for sender in (MEMBER, COORDINATOR):
        for command in commands:
            name = f"!{command.name}"
            for body in (name, f"{name} zzz", f"{name} 99", f"{name} 1", f"!help {command.name}", *command.examples):
                await sweep.send(body, sender=sender)
    await sweep.send("!lang klingon")
    await sweep.send("!forgetme")


async def sweep_conversations(sweep: Sweep) -> None:
    """The flows that are not one command: the guided need, a choice, a passed-on question, thread answers."""
    await sweep.send("!need")
    for answer in ("", "9", "xyzzy", "1", "whenever", "12/03/2027", "2", "maybe", "yes", "yes"):
        await sweep.send(answer or "?", room=DM)
    await sweep.send("!faq logo")
    await sweep.send("7")
    await sweep.send("0")
    await sweep.send("!faq how many goats graze on the moon in winter?")
    await sweep.send("yes")
    async with sweep.bed.services.db.session() as session:
        root = await session.scalar(select(Relay.root_event_id).where(Relay.root_event_id.is_not(None)))
    assert root, "the question was passed on"
    thread = {"m.relates_to": {"rel_type": "m.thread", "event_id": root}}
    await sweep.send("Ask your national contact point.", sender=COORDINATOR, room=COORDINATORS_ROOM, **thread)
    for body in (
        "!faq who 2",
        "!faq adopt 2",
        "!need status 1 addressed Done",
        "!need merge 2 1",
        "!event edit 1 when in 5 days 11:00",
        "!event cancel 1",
    ):
        await sweep.send(body, sender=COORDINATOR)


async def prepare(sweep: Sweep) -> None:
    await sweep.send(f"!lang {sweep.lang}")
    await sweep.send(f"!lang {sweep.lang}", sender=COORDINATOR)
    for body, sender in (
        ("!need new a mentoring scheme for new staff", MEMBER),
        ("!need new a shared template for the stakeholder roadmap", MEMBER),
        ("!event add in 3 days 10:00 | Working Group call", COORDINATOR),
        ("!announce at in 2 days 10:00 | Registration is open", COORDINATOR),
    ):
        await sweep.send(body, sender=sender)


@pytest.mark.parametrize("bed", OTHER_LANGUAGES, indirect=True)
async def test_no_reply_is_english_in_a_conversation_in_another_language(bed: TestBed) -> None:
    lang = bed.services.settings.language
    sweep = Sweep(bed, lang)
    await prepare(sweep)
    await sweep_conversations(sweep)
    await sweep_commands(sweep)
    assert len(bed.matrix.sent) > 400  # the sweep did reach the features
    assert sweep.findings == [], "\n".join(sweep.findings[:40])


def test_the_sweep_sees_english_and_nothing_else() -> None:
    assert english_words("Event #1 cancelled. Try `!events` to see them.", []) == ["Try", "them"]
    assert english_words("Événement #1 annulé ; `!events` les liste.", []) == []
    assert english_words("Besoin #1 : “the text you typed” (en)", []) == []
    assert english_words("Need #1 is now open.", []) == ["is", "now"]
    assert english_words("C'est noté : zzz.", []) == []  # "noté" is not "not"
    html = "<p>Usage: <code>!need [what your NCC needs]</code></p><blockquote>Funded by the EU</blockquote>"
    assert english_words("", [], html) == [] and english_words("", [], "<p>Try this</p>") == ["Try", "this"]
    assert english_words("Note : We are done.", typed_parts("!need status 1 addressed We are done.")) == []


# ------------------------------------------------------------------------------------------------ the texts
def all_books() -> list[Phrasebook]:
    """Every phrasebook the bot's own modules hold (the core's and each feature's)."""
    books: dict[int, Phrasebook] = {}
    paths = [*ROOT.glob("bot/*.py"), *(m for m in ROOT.glob("handlers/**/*.py") if m.name != "__main__.py")]
    for path in sorted(paths):
        module = importlib.import_module(
            ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        )
        books.update({id(v): v for v in vars(module).values() if isinstance(v, Phrasebook)})
    return list(books.values())


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_phrasebook_speaks_every_language_with_the_same_placeholders() -> None:
    books = all_books()
    assert len(books) >= 12, [book.name for book in books]
    problems = []
    for book in books:
        for key, table in book.texts.items():
            for lang in LANGUAGES:
                text = table.get(lang)
                if text is None:
                    problems.append(f"{book.name}:{key}: no {lang}")
                elif placeholders(text) != placeholders(table["en"]):
                    problems.append(f"{book.name}:{key}:{lang}: placeholders {placeholders(text)}")
                elif lang != "en" and text == table["en"] and english_words(re.sub(r"{\w+}", " ", text), []):
                    problems.append(f"{book.name}:{key}:{lang}: left in English")
    assert problems == [], "\n".join(problems)


SPEAKING = {"reply", "send", "notice", "markdown_notice", "UsageError", "UserError", "NotAllowed", "NotFound"}
KEY = re.compile(r"^[\w.-]*$")  # a phrase's key, not a sentence
IN_ENGLISH_BY_DESIGN = ("I don't speak",)  # to someone whose language the bot does not speak: English, with the list


def literal_sentences(path: Path) -> list[str]:
    """String literals with English words passed straight to a call that speaks to a person."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in SPEAKING:
            continue
        for arg in node.args[:1]:
            parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
            texts = [p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)]
            text = " ".join(t for t in texts if not KEY.match(t))
            if english_words(text, []) and not text.startswith(IN_ENGLISH_BY_DESIGN):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:60]!r}")
    return found


def test_no_english_sentence_is_written_straight_into_a_reply() -> None:
    files = [*ROOT.glob("handlers/**/*.py"), *ROOT.glob("bot/*.py")]
    assert len(files) > 40 and Path(handlers.__file__).parent == ROOT / "handlers"
    assert [line for path in sorted(files) for line in literal_sentences(path)] == []
