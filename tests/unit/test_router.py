"""Registry resolution and generated help."""

import pytest

from bot.router import Registry, Router
from handlers.admin import command_help, format_duration, overview


async def noop(ctx: object, args: str) -> None:
    return None


def make_registry() -> Registry:
    faq = Router("faq", description="FAQ")
    faq.command("faq", usage="<question>", help="Ask.", aliases=("ask",))(noop)
    faq.command("faq add", usage="<q> | <a>", help="Add an entry.", coordinators_only=True)(noop)
    return Registry([faq])


def test_subcommands_match_before_the_bare_command() -> None:
    registry = make_registry()
    command, rest = registry.resolve("faq", "add what | that")  # type: ignore[misc]
    assert command.name == "faq add" and rest == "what | that"
    command, rest = registry.resolve("faq", "additional funding?")  # type: ignore[misc]
    assert command.name == "faq" and rest == "additional funding?"
    command, rest = registry.resolve("ask", "ADD x")  # type: ignore[misc]
    assert command.name == "faq" and rest == "ADD x"  # aliases have no subcommands
    assert registry.resolve("nope", "") is None


def test_duplicate_names_are_refused() -> None:
    a, b = Router("a"), Router("b")
    a.command("x", help="x")(noop)
    b.command("x", help="x")(noop)
    with pytest.raises(ValueError, match="already registered"):
        Registry([a, b])


def test_decorator_returns_the_function_unchanged() -> None:
    router = Router("t")
    assert router.command("t", help="t")(noop) is noop


def test_help_hides_coordinator_commands_from_members() -> None:
    registry = make_registry()
    member_text, member_html = overview(registry, "!", is_coordinator=False)
    coord_text, _ = overview(registry, "!", is_coordinator=True)
    assert "!faq <question>" in member_text and "!faq add" not in member_text
    assert "!faq add <q> | <a>" in coord_text and "(coordinators)" in coord_text
    assert "<code>!faq &lt;question&gt;</code>" in member_html


def test_command_help_lists_aliases_and_permission() -> None:
    registry = make_registry()
    text, _ = command_help(registry.find("faq"), "!")  # type: ignore[arg-type]
    assert "Usage: !faq <question>" in text and "Also: !ask" in text
    text, _ = command_help(registry.find("faq add"), "!")  # type: ignore[arg-type]
    assert "For coordinators only." in text


def test_format_duration() -> None:
    from datetime import timedelta

    assert format_duration(timedelta(seconds=75)) == "1 min 15 s"
    assert format_duration(timedelta(days=2, hours=3, minutes=4)) == "2 d 3 h 4 min"
