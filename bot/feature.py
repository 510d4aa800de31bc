"""The feature contract: everything a feature brings, declared in one place.

A feature is a `Feature` object in its handler package. Its decorators store a frozen spec and return the
function unchanged, so tests call handlers directly. The core never imports a feature: the entry point passes the
list of features in (see `handlers/__init__.py`), and adding one means one new package plus its migration.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel

from bot.metrics import CounterKind
from bot.permissions import Authority

if TYPE_CHECKING:
    from bot.config import CoreSettings
    from bot.context import Services

ConfigT = TypeVar("ConfigT", bound=BaseModel)
ServiceT = TypeVar("ServiceT")
F = TypeVar("F", bound=Callable[..., Any])
Handler = Callable[..., Awaitable[Any]]


class Order(IntEnum):
    """Where a listener stands in the queue for an event; the first that claims the event ends its journey."""

    OBSERVE = 0  # bookkeeping that sees every event and never claims it
    CONVERSATION = 100  # a conversation in progress with the sender takes its replies first
    PROMPT = 200  # the answer to something the bot just asked (a numbered choice)
    CONTENT = 300  # reacting to what an event says (passive answers, votes on the bot's own messages)


class FeatureMissing(LookupError):
    """A feature's service was asked for while that feature is not enabled."""


@dataclass(frozen=True)
class Command:
    """A command users type: `name` may hold a subcommand (`"faq add"`), matched before the bare `"faq"`."""

    name: str
    func: Handler
    feature: str
    usage: str = ""
    help: str = ""
    aliases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    requires: Authority = Authority.MEMBER  # in the room where it is asked
    read_only: bool = False  # changes nothing: an edit of it is run again (see bot/edits.py)
    instead: str = ""  # for those it refuses: the command that does what they may (`needs mine` for `needs`)

    @property
    def restricted(self) -> bool:
        return self.requires > Authority.MEMBER

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def usage_line(self, prefix: str) -> str:
        return f"{prefix}{self.name} {self.usage}".rstrip()


@dataclass(frozen=True)
class Listener:
    """`func(ctx) -> bool` for events of `event_type` that are not commands; True claims the event."""

    event_type: str
    func: Handler
    feature: str
    order: int = Order.CONTENT


@dataclass(frozen=True)
class JobKind:
    """A kind of scheduled job (`"events.reminder"`): jobs carry its name and an entity id, never objects."""

    name: str
    func: Handler
    feature: str


@dataclass(frozen=True)
class CliCommand:
    """A subcommand of the `ncc-bot` CLI contributed by a feature (e.g. `ncc-bot ask`)."""

    name: str
    run: Callable[..., Awaitable[int]]  # async (args: argparse.Namespace, settings) -> exit status
    help: str
    configure: Callable[[Any], None] | None = None  # adds arguments to its argparse parser
    feature: str = ""


class Feature(Generic[ConfigT, ServiceT]):
    """One feature's declarations: config section, service, commands, listeners, jobs, CLI, privacy hooks.

    `Feature[FaqConfig, FaqService]` types what `config_of` and `service_of` return, so other features reach
    this one's service through a typed accessor instead of a string key.
    """

    def __init__(
        self,
        name: str,
        *,
        config: type[ConfigT] | None = None,
        description: str = "",
        always_on: bool = False,
        migrations: Path | None = None,
        translations: Path | None = None,
    ) -> None:
        self.name = name
        self.always_on = always_on  # kept even when `handlers:` does not name it (help and ping)
        # A feature that lives outside this repository brings its Alembic revisions in a folder of its own;
        # the features in handlers/ keep theirs in migrations/versions, one branch per feature.
        self.migrations = migrations
        # `{command name: {language: help line}}` (and `_description`), for `!help` in the asker's language
        self.translations = translations
        self._translated: dict[str, dict[str, str]] | None = None
        self.config = config
        self.description = description
        self.commands: list[Command] = []
        self.listeners: list[Listener] = []
        self.jobs: list[JobKind] = []
        self.cli_commands: list[CliCommand] = []
        self.checks: list[Callable[[Any], None]] = []
        self.personal_data_hooks: list[Handler] = []
        self.forget_hooks: list[Handler] = []
        self.start_hooks: list[Handler] = []
        self.stop_hooks: list[Handler] = []
        self.counters: list[CounterKind] = []
        self.room_moved_hooks: list[Handler] = []
        self.service_factory: Callable[[Services], Awaitable[ServiceT]] | None = None

    def __repr__(self) -> str:
        return f"Feature({self.name!r})"

    # ------------------------------------------------------------------------------------ declarations
    def command(
        self,
        name: str,
        *,
        usage: str = "",
        help: str,
        aliases: Sequence[str] = (),
        examples: Sequence[str] = (),
        requires: Authority = Authority.MEMBER,
        read_only: bool = False,
        instead: str = "",
    ) -> Callable[[F], F]:
        """A command. `requires=Authority.ROOM_MODERATOR`: this room's moderators (and network coordinators),
        acting on this room's objects; `Authority.NETWORK_COORDINATOR`: network coordinators only.
        `read_only=True`: it only answers (nothing stored, nothing uploaded), so an edit of it is run again.
        `instead`: the command a refused sender can use instead, named in the refusal."""

        def register(func: F) -> F:
            self.commands.append(
                Command(
                    name=normalise_name(name),
                    func=func,
                    feature=self.name,
                    usage=usage,
                    help=help,
                    aliases=tuple(normalise_name(a) for a in aliases),
                    examples=tuple(examples),
                    requires=requires,
                    read_only=read_only,
                    instead=normalise_name(instead) if instead else "",
                )
            )
            return func

        return register

    def on_event(self, event_type: str, *, order: int = Order.CONTENT) -> Callable[[F], F]:
        """Listen to any room event type (`m.reaction`, `m.room.tombstone`, `org.example.poll`...).
        For `m.room.message` the listener sees messages that are not commands."""

        def register(func: F) -> F:
            self.listeners.append(Listener(event_type, func, self.name, int(order)))
            return func

        return register

    def job(self, name: str) -> Callable[[F], F]:
        """A scheduled job kind; schedule it with `services.scheduler.at(func, entity_id, when)`."""

        def register(func: F) -> F:
            self.jobs.append(JobKind(f"{self.name}.{name}", func, self.name))
            return func

        return register

    def cli(self, name: str, *, help: str, configure: Callable[[Any], None] | None = None) -> Callable[[F], F]:
        """An `ncc-bot <name>` subcommand; `configure(parser)` adds its arguments."""

        def register(func: F) -> F:
            self.cli_commands.append(CliCommand(name, func, help, configure, self.name))
            return func

        return register

    def check(self, func: F) -> F:
        """`func(settings)` validates the feature's own files for `ncc-bot check-config` (raises ConfigError)."""
        self.checks.append(func)
        return func

    def personal_data(self, func: F) -> F:
        """`async func(services, user_id) -> dict`: what the feature holds about a person (`!mydata`)."""
        self.personal_data_hooks.append(func)
        return func

    def forget(self, func: F) -> F:
        """`async func(services, user_id)`: delete or anonymise what the feature holds (`!forgetme`)."""
        self.forget_hooks.append(func)
        return func

    def on_room_moved(self, func: F) -> F:
        """`async func(services, old_room_id, new_room_id)`: a room was upgraded; move this feature's rows from
        the old room id to the new one (UPDATEs keyed by the old id, so that a repeat moves nothing twice)."""
        self.room_moved_hooks.append(func)
        return func

    def on_start(self, func: F) -> F:
        """`async func(services)` once the services exist, before the first event is handled."""
        self.start_hooks.append(func)
        return func

    def on_stop(self, func: F) -> F:
        self.stop_hooks.append(func)
        return func

    def counter(self, name: str, *, help: str, labels: Sequence[str] = ()) -> CounterKind:
        """A Prometheus counter `ncc_bot_<name>_total` on `/metrics`; `kind.inc(services, **labels)` counts.
        Label values must come from a bounded set (outcomes, languages), never from user text."""
        kind = CounterKind(name, help, tuple(labels), self.name)
        self.counters.append(kind)
        return kind

    def service(self, factory: Callable[[Services], Awaitable[ServiceT]]) -> Callable[[Services], Awaitable[ServiceT]]:
        """`async factory(services) -> ServiceT`, built at start-up before any start hook runs."""
        self.service_factory = factory
        return factory

    # ---------------------------------------------------------------------------------------- accessors
    def translated(self, key: str, lang: str, english: str) -> str:
        """A command's help line (key: its name) or the feature's `_description` in `lang`; English if missing."""
        if lang == "en" or self.translations is None:
            return english
        if self._translated is None:
            from bot.yaml_files import read_yaml  # read on first use: most help is asked in one language

            raw = read_yaml(self.translations)
            self._translated = raw if isinstance(raw, dict) else {}
        return (self._translated.get(key) or {}).get(lang) or english

    def config_of(self, settings: CoreSettings) -> ConfigT:
        """This feature's validated config section."""
        if self.config is None:
            raise FeatureMissing(f"feature {self.name!r} declares no config section")
        section = getattr(settings, self.name, None)
        if not isinstance(section, self.config):
            raise FeatureMissing(f"the settings were loaded without the {self.name!r} feature")
        return section

    def service_of(self, services: Services) -> ServiceT:
        """This feature's service; FeatureMissing if the feature is not enabled in this app."""
        found = services.feature_services.get(self.name, _MISSING)
        if found is _MISSING:
            raise FeatureMissing(f"feature {self.name!r} is not enabled")
        return found  # type: ignore[no-any-return]

    def optional_service(self, services: Services) -> ServiceT | None:
        """For a soft dependency: the service, or None when the feature is not enabled."""
        found = services.feature_services.get(self.name, _MISSING)
        return None if found is _MISSING else found  # type: ignore[return-value]


_MISSING = object()


def normalise_name(name: str) -> str:
    return " ".join(name.lower().split())
