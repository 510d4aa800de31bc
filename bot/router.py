"""How a feature plugs into the core: one Router per handler module, declaring commands, listeners and hooks.

Decorators store a frozen spec and return the function unchanged, so tests call handlers directly. Only
bot/app.py lists the routers; there is no import-time global registry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

Handler = Callable[..., Awaitable[None]]
Permission = Literal["member", "coordinator"]
ListenerKind = Literal["message", "reaction", "member", "startup", "shutdown", "check", "personal_data", "forget"]


@dataclass(frozen=True)
class Command:
    """A command users type: `name` may hold a subcommand (`"faq add"`), matched before the bare `"faq"`."""

    name: str
    func: Handler
    group: str
    usage: str = ""
    help: str = ""
    aliases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    permission: Permission = "member"

    @property
    def coordinators_only(self) -> bool:
        return self.permission == "coordinator"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def usage_line(self, prefix: str) -> str:
        return f"{prefix}{self.name} {self.usage}".rstrip()


@dataclass(frozen=True)
class Listener:
    kind: ListenerKind
    func: Handler
    group: str


@dataclass(frozen=True)
class JobKind:
    """A kind of scheduled job (`"events.reminder"`); jobs carry ids, never objects."""

    name: str
    func: Handler
    group: str


@dataclass(frozen=True)
class CliCommand:
    """A subcommand of the `ncc-bot` CLI contributed by a feature (e.g. `ncc-bot ask`)."""

    name: str
    run: Callable[..., Awaitable[int]]  # async (args: argparse.Namespace, settings) -> exit status
    help: str
    configure: Callable[[Any], None] | None = None  # adds arguments to its argparse parser
    group: str = ""


@dataclass
class Router:
    """A feature's declarations. `config` is the pydantic model of its section in config.yaml."""

    name: str
    config: type[BaseModel] | None = None
    description: str = ""
    commands: list[Command] = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list)
    jobs: list[JobKind] = field(default_factory=list)
    cli_commands: list[CliCommand] = field(default_factory=list)

    def command(
        self,
        name: str,
        *,
        usage: str = "",
        help: str,
        aliases: Sequence[str] = (),
        examples: Sequence[str] = (),
        coordinators_only: bool = False,
    ) -> Callable[[Handler], Handler]:
        def register(func: Handler) -> Handler:
            self.commands.append(
                Command(
                    name=normalise_name(name),
                    func=func,
                    group=self.name,
                    usage=usage,
                    help=help,
                    aliases=tuple(normalise_name(a) for a in aliases),
                    examples=tuple(examples),
                    permission="coordinator" if coordinators_only else "member",
                )
            )
            return func

        return register

    def on(self, kind: ListenerKind) -> Callable[[Handler], Handler]:
        """Listen to non-command messages, reactions, membership changes, the app's start/stop,
        `check` (validate the feature's own files for `ncc-bot check-config`), or the privacy hooks:
        `personal_data` (services, user_id) -> dict of what the feature holds about the user, and
        `forget` (services, user_id) -> None, which deletes or anonymises it."""

        def register(func: Handler) -> Handler:
            self.listeners.append(Listener(kind=kind, func=func, group=self.name))
            return func

        return register

    def cli(
        self, name: str, *, help: str, configure: Callable[[Any], None] | None = None
    ) -> Callable[[Handler], Handler]:
        """Declare an `ncc-bot <name>` subcommand; `configure(parser)` adds its arguments."""

        def register(func: Handler) -> Handler:
            self.cli_commands.append(CliCommand(name, func, help, configure, self.name))
            return func

        return register

    def job(self, name: str) -> Callable[[Handler], Handler]:
        def register(func: Handler) -> Handler:
            self.jobs.append(JobKind(name=f"{self.name}.{name}", func=func, group=self.name))
            return func

        return register


def normalise_name(name: str) -> str:
    return " ".join(name.lower().split())


class Registry:
    """All enabled routers, indexed for dispatch and help. Built once at start-up, then read-only."""

    def __init__(self, routers: Iterable[Router]) -> None:
        self.routers = list(routers)
        self.by_name: dict[str, Command] = {}
        for router in self.routers:
            for command in router.commands:
                for name in command.names:
                    if name in self.by_name:
                        other = self.by_name[name].group
                        raise ValueError(f"command {name!r} of {router.name!r} already registered by {other!r}")
                    self.by_name[name] = command
        self.jobs = {job.name: job for router in self.routers for job in router.jobs}

    @property
    def commands(self) -> list[Command]:
        return [c for r in self.routers for c in r.commands]

    def listeners(self, kind: ListenerKind) -> list[Listener]:
        return [x for r in self.routers for x in r.listeners if x.kind == kind]

    def top_level_names(self) -> list[str]:
        """Words that can follow the prefix: used to suggest a command for a typo."""
        return sorted({name.split()[0] for name in self.by_name})

    def resolve(self, name: str, args: str) -> tuple[Command, str] | None:
        """Longest match first: `faq add x` is the `faq add` command with args `x`, else `faq` with `add x`."""
        first, _, rest = args.partition(" ")
        if first:
            sub = self.by_name.get(f"{name} {first.lower()}")
            if sub is not None:
                return sub, rest.strip()
        command = self.by_name.get(name)
        return (command, args) if command else None

    def find(self, words: str) -> Command | None:
        return self.by_name.get(normalise_name(words))
