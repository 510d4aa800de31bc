"""All enabled features, indexed once at start-up for routing, help, jobs and the CLI; read-only afterwards."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from bot.errors import ConfigError
from bot.feature import Command, Feature, JobKind, Listener, normalise_name


class Registry:
    def __init__(self, features: Iterable[Feature[Any, Any]], *, core_listeners: Iterable[Listener] = ()) -> None:
        self.features = list(features)
        names = [f.name for f in self.features]
        if len(set(names)) != len(names):
            raise ValueError(f"feature names must be unique: {names}")
        self.by_name: dict[str, Command] = {}
        for feature in self.features:
            for command in feature.commands:
                for name in command.names:
                    if name in self.by_name:
                        other = self.by_name[name].feature
                        raise ValueError(f"command {name!r} of {feature.name!r} already registered by {other!r}")
                    self.by_name[name] = command
        self.jobs: dict[str, JobKind] = {job.name: job for f in self.features for job in f.jobs}
        self._job_names = {job.func: job.name for job in self.jobs.values()}
        position = {name: index for index, name in enumerate(names)}
        listeners = [*core_listeners, *(x for f in self.features for x in f.listeners)]
        # Stable sort: by declared order, then by the features' order, then by declaration.
        listeners.sort(key=lambda x: (x.order, position.get(x.feature, -1)))
        self._listeners: dict[str, list[Listener]] = {}
        for listener in listeners:
            self._listeners.setdefault(listener.event_type, []).append(listener)

    @property
    def commands(self) -> list[Command]:
        return [c for f in self.features for c in f.commands]

    @property
    def event_types(self) -> frozenset[str]:
        """The event types some listener wants (plus messages, for commands)."""
        return frozenset({"m.room.message", *self._listeners})

    def listeners(self, event_type: str) -> list[Listener]:
        return self._listeners.get(event_type, [])

    def job_name(self, func: Any) -> str:
        """The stored kind of a declared job function (so a kind is never written twice as a string)."""
        try:
            return self._job_names[func]
        except KeyError:
            name = getattr(func, "__qualname__", func)
            raise ValueError(f"{name!r} is not a declared job of an enabled feature") from None

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


def config_sections(features: Iterable[Feature[Any, Any]]) -> Mapping[str, type[BaseModel]]:
    return {f.name: f.config for f in features if f.config is not None}


def enabled(features: Iterable[Feature[Any, Any]], wanted: list[str] | None) -> list[Feature[Any, Any]]:
    """The features named in `handlers:` (all when unset), plus those that are always on."""
    available = list(features)
    if wanted is None:
        return available
    known = {f.name for f in available}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ConfigError(f"handlers: unknown handler(s) {', '.join(unknown)}; available: {', '.join(known)}")
    return [f for f in available if f.always_on or f.name in wanted]
