"""Registry resolution, listener order, job names and generated help."""

import pytest

from bot.errors import ConfigError
from bot.feature import Feature, FeatureMissing, Order
from bot.permissions import Authority
from bot.registry import Registry, enabled
from handlers.admin import format_duration
from handlers.help.render import command_help, overview


async def noop(ctx: object, args: str) -> None:
    return None


def make_registry() -> Registry:
    faq = Feature("faq", description="FAQ")
    faq.command("faq", usage="<question>", help="Ask.", aliases=("ask",))(noop)
    faq.command("faq add", usage="<q> | <a>", help="Add an entry.", requires=Authority.NETWORK_COORDINATOR)(noop)
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
    a, b = Feature("a"), Feature("b")
    a.command("x", help="x")(noop)
    b.command("x", help="x")(noop)
    with pytest.raises(ValueError, match="already registered"):
        Registry([a, b])


def test_decorator_returns_the_function_unchanged() -> None:
    feature = Feature("t")
    assert feature.command("t", help="t")(noop) is noop


def test_help_hides_coordinator_commands_from_members() -> None:
    registry = make_registry()
    member_text, member_html = overview(registry, "!", authority=Authority.MEMBER)
    coord_text, _ = overview(registry, "!", authority=Authority.NETWORK_COORDINATOR)
    assert "!faq <question>" in member_text and "!faq add" not in member_text
    assert "!faq add <q> | <a>" in coord_text and "(network coordinators)" in coord_text
    assert "<code>!faq &lt;question&gt;</code>" in member_html


def test_command_help_lists_aliases_and_permission() -> None:
    registry = make_registry()
    text, _ = command_help(registry, registry.find("faq"), "!")  # type: ignore[arg-type]
    assert "Usage: !faq <question>" in text and "Also: !ask" in text
    text, _ = command_help(registry, registry.find("faq add"), "!")  # type: ignore[arg-type]
    assert "For the network's coordinators only." in text


def test_format_duration() -> None:
    from datetime import timedelta

    assert format_duration(timedelta(seconds=75)) == "1 min 15 s"
    assert format_duration(timedelta(days=2, hours=3, minutes=4)) == "2 d 3 h 4 min"


async def claim(ctx: object) -> bool:
    return True


async def later(ctx: object) -> bool:
    return True


def test_listeners_come_in_declared_order_then_feature_order() -> None:
    first, second = Feature("first"), Feature("second")
    first.on_event("m.room.message", order=Order.CONTENT)(later)
    second.on_event("m.room.message", order=Order.CONVERSATION)(claim)
    second.on_event("org.example.poll")(claim)
    registry = Registry([first, second])
    assert [x.func for x in registry.listeners("m.room.message")] == [claim, later]
    assert [x.feature for x in registry.listeners("org.example.poll")] == ["second"]
    assert registry.listeners("m.room.tombstone") == []
    assert {"m.room.message", "org.example.poll"} <= registry.event_types


def test_jobs_are_named_by_their_feature_and_found_by_function() -> None:
    feature = Feature("events")
    feature.job("reminder")(noop)
    registry = Registry([feature])
    assert registry.job_name(noop) == "events.reminder" and "events.reminder" in registry.jobs
    with pytest.raises(ValueError, match="not a declared job"):
        registry.job_name(later)


def test_handlers_setting_keeps_always_on_features_and_refuses_unknown_names() -> None:
    basics, faq, needs = Feature("admin", always_on=True), Feature("faq"), Feature("needs")
    assert enabled([basics, faq, needs], ["needs"]) == [basics, needs]
    assert enabled([basics, faq, needs], None) == [basics, faq, needs]
    with pytest.raises(ConfigError, match="unknown handler"):
        enabled([basics, faq], ["polls"])


def test_a_missing_service_is_a_clear_error() -> None:
    from types import SimpleNamespace

    feature: Feature[None, int] = Feature("counter")
    services = SimpleNamespace(feature_services={})
    with pytest.raises(FeatureMissing, match="not enabled"):
        feature.service_of(services)  # type: ignore[arg-type]
    assert feature.optional_service(services) is None  # type: ignore[arg-type]
    services.feature_services["counter"] = 3
    assert feature.service_of(services) == 3  # type: ignore[arg-type]
