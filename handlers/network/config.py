"""The `network:` section of config.yaml: the NCCs (name, country, rooms), the capacity groups, the post-event
round and the peer introductions."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.config import RoomId

GROUP_NAME = r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,39}$"


class NccConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=2, max_length=100)
    country: str | None = Field(None, max_length=100)
    rooms: list[RoomId] = Field(default_factory=list)


class NetworkConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    nccs: list[NccConfig] = Field(default_factory=list)
    groups: dict[str, list[str]] = Field(default_factory=dict)  # group name -> NCC names
    # hours after an event's start when its attendees are asked about new needs (None: only `!event followup`)
    followup_after_hours: float | None = Field(None, gt=0, le=24 * 14)
    missed_flag: int = Field(3, ge=1, le=50)  # `!participation` flags NCCs that missed this many in a row
    introductions: bool = True  # propose peer introductions between similar needs of different NCCs
    peer_threshold: float = Field(50.0, ge=0, le=100)  # word similarity (0-100) of two needs to be peers
    peers_per_need: int = Field(2, ge=1, le=10)  # at most this many introductions proposed for one need

    @model_validator(mode="after")
    def known_names(self) -> NetworkConfig:
        names = [n.name.casefold() for n in self.nccs]
        if len(set(names)) != len(names):
            raise ValueError("two NCCs have the same name")
        rooms = [r for n in self.nccs for r in n.rooms]
        if len(set(rooms)) != len(rooms):
            raise ValueError("a room is listed under two NCCs (a room belongs to one NCC)")
        for group, members in self.groups.items():
            if not re.match(GROUP_NAME, group):
                raise ValueError(f"group {group!r}: letters, digits, spaces, - and _ (up to 40)")
            unknown = [m for m in members if m.casefold() not in names]
            if unknown:
                raise ValueError(f"group {group!r} names NCCs not declared under nccs: {', '.join(unknown)}")
        return self
