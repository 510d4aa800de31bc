"""Participation as pure arithmetic: which NCCs were offered an event and which took part, per NCC over a period,
and who missed the last N in a row. One event made for a group (`!network event`) is one offering even though each
of its rooms has its own copy; an event of a single room is offered to that room's NCC."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Held:
    """One thing offered: an offering across rooms (`key` "offering 3") or a single room's event ("event 12")."""

    key: str
    title: str
    starts_at: datetime
    offered: frozenset[int]  # NCC ids it was for
    attended: frozenset[int] = frozenset()  # NCC ids of which someone took part
    counted: frozenset[int] = frozenset()  # NCC ids whose attendance was taken: only there does an absence count

    @property
    def recorded(self) -> bool:
        return bool(self.counted)

    @property
    def incomplete(self) -> bool:
        """Offered to NCCs whose attendance nobody took yet."""
        return bool(self.offered - self.counted)


@dataclass
class NccTally:
    offered: int = 0
    attended: int = 0
    marks: list[bool] = field(default_factory=list)  # oldest first, over offerings with attendance taken

    @property
    def missed_in_a_row(self) -> int:
        count = 0
        for went in reversed(self.marks):
            if went:
                break
            count += 1
        return count

    def flagged(self, limit: int) -> bool:
        return self.missed_in_a_row >= limit


@dataclass(frozen=True)
class EventFacts:
    event_id: int
    room_id: str
    title: str
    starts_at: datetime


def held_list(
    events: Iterable[EventFacts],
    offering_of: Mapping[int, int],
    offered_to: Mapping[int, frozenset[int]],
    ncc_of_room: Mapping[str, int],
    attending: Mapping[int, set[int]],
    recorded: set[int],
) -> list[Held]:
    """Events (one per room) folded into what was offered, oldest first. `offering_of`: event -> offering;
    `offered_to`: offering -> NCCs; `attending`: event -> NCCs present; `recorded`: events with attendance taken."""
    groups: dict[str, list[EventFacts]] = {}
    for event in events:
        key = f"offering {offering_of[event.event_id]}" if event.event_id in offering_of else f"event {event.event_id}"
        groups.setdefault(key, []).append(event)
    result = []
    for key, members in groups.items():
        first = min(members, key=lambda e: e.starts_at)
        if key.startswith("offering"):
            offered = offered_to.get(offering_of[first.event_id], frozenset())
        else:
            offered = frozenset({ncc_of_room[first.room_id]}) if first.room_id in ncc_of_room else frozenset()
        attended = frozenset(n for e in members for n in attending.get(e.event_id, ()))
        counted = attended | {n for n in offered if taken_for(n, members, ncc_of_room, recorded)}
        result.append(Held(key, first.title, first.starts_at, offered | attended, attended, frozenset(counted)))
    return sorted(result, key=lambda h: (h.starts_at, h.key))


def taken_for(ncc: int, copies: list[EventFacts], ncc_of_room: Mapping[str, int], recorded: set[int]) -> bool:
    """Was attendance taken for this NCC: on a copy in one of its rooms, or (it has no copy) on any copy?"""
    own = [e for e in copies if ncc_of_room.get(e.room_id) == ncc]
    return any(e.event_id in recorded for e in (own or copies))


def tally(held: Iterable[Held], nccs: Iterable[int]) -> dict[int, NccTally]:
    """Per NCC: offerings with attendance taken that were for it, how many it took part in, and the sequence."""
    result = {ncc: NccTally() for ncc in nccs}
    for item in sorted(held, key=lambda h: (h.starts_at, h.key)):
        for ncc, counts in result.items():
            if ncc in item.offered and ncc in item.counted:
                went = ncc in item.attended
                counts.offered += 1
                counts.attended += went
                counts.marks.append(went)
    return result
