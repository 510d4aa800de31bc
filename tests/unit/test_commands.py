"""The command parser: what is a command, what is prose, and no input may raise anything but UsageError."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.commands import Invocation, parse_invocation, split_args, split_fields, strip_reply_fallback, suggest
from bot.errors import UsageError


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("!ping", Invocation("ping", "")),
        ("  !PING  ", Invocation("ping", "")),
        ("!need a framework to measure impact", Invocation("need", "a framework to measure impact")),
        ("!faq   wie berichten wir?", Invocation("faq", "wie berichten wir?")),
        (
            "!event add 3 Dec 14:00 | Workshop\nline two",
            Invocation("event", "add 3 Dec 14:00 | Workshop\nline two"),
        ),
        ("!help\tneed", Invocation("help", "need")),
        ("> <@a:x> !ping\n> quoted\n\n!help", Invocation("help", "")),
    ],
)
def test_commands_are_recognised(body: str, expected: Invocation) -> None:
    assert parse_invocation(body, "!") == expected


@pytest.mark.parametrize("body", ["ping", "! ping", "!!", "!", "!?", "!ping?", "!123", "hello !ping", "!a.b", ""])
def test_prose_is_not_a_command(body: str) -> None:
    assert parse_invocation(body, "!") is None


def test_other_prefixes() -> None:
    assert parse_invocation("?ping", "?") == Invocation("ping", "")
    assert parse_invocation("!ping", "?") is None
    assert parse_invocation("ncc ping", "ncc ") == Invocation("ping", "")


def test_reply_fallback_is_stripped() -> None:
    assert strip_reply_fallback("> <@a:x> hi\n> there\n\nanswer") == "answer"
    assert strip_reply_fallback("no quote") == "no quote"


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("evnt", "event"),
        ("hlep", "help"),
        ("neds", "needs"),
        ("pign", "ping"),
        ("faqs", "faq"),
    ],
)
def test_suggestions_for_typos(typo: str, expected: str) -> None:
    assert suggest(typo, ["event", "events", "faq", "help", "need", "needs", "ping", "status"]) == expected


def test_no_suggestion_when_nothing_is_close() -> None:
    assert suggest("weather", ["event", "faq", "help", "ping"]) is None
    assert suggest("x", []) is None


def test_split_args_and_fields() -> None:
    assert split_args('a "b c" d') == ["a", "b c", "d"]
    with pytest.raises(UsageError, match="quotes"):
        split_args('a "b')
    assert split_fields(" a | b | c | d ", 3, required=2) == ["a", "b", "c | d"]
    with pytest.raises(UsageError):
        split_fields("only one", 3, required=2)
    with pytest.raises(UsageError):
        split_fields(" | b", 3, required=2)


@given(st.text(), st.sampled_from(["!", "?", "ncc "]))
def test_parse_never_raises(body: str, prefix: str) -> None:
    result = parse_invocation(body, prefix)
    if result is not None:
        assert result.name == result.name.lower() and result.name[0].isalpha()
        assert result.args == result.args.strip()


@given(
    st.from_regex(r"[a-z][a-z0-9_-]{0,20}", fullmatch=True),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"])),
)
def test_valid_commands_round_trip(name: str, args: str) -> None:
    parsed = parse_invocation(f"!{name} {args}", "!")
    assert parsed == Invocation(name, args.strip())


@given(st.text(), st.integers(1, 5), st.integers(0, 5))
def test_split_helpers_only_raise_usage_errors(text: str, count: int, required: int) -> None:
    with contextlib.suppress(UsageError):
        split_args(text)
    with contextlib.suppress(UsageError):
        fields = split_fields(text, count, required=min(required, count))
        assert len(fields) <= count
