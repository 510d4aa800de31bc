"""Participation arithmetic without a database: copies of one offering count once; an absence counts only where
attendance was taken for that NCC; the missed-in-a-row streak ends at the last event attended."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.network.tally import EventFacts, Held, held_list, tally

T0 = datetime(2026, 9, 1, 10, tzinfo=UTC)
PT, LT, MT = 1, 2, 3
ROOMS = {"!lisbon": PT, "!porto": PT, "!vilnius": LT, "!valletta": MT}


def copies(first_id: int, day: int, rooms: list[str], title: str = "call") -> list[EventFacts]:
    return [EventFacts(first_id + i, r, title, T0 + timedelta(days=day)) for i, r in enumerate(rooms)]


def test_copies_of_an_offering_are_one_and_absences_count_only_where_attendance_was_taken() -> None:
    events = copies(1, 0, ["!lisbon", "!porto", "!vilnius", "!valletta"])
    offering_of = {e.event_id: 7 for e in events}
    held = held_list(
        events, offering_of, {7: frozenset({PT, LT, MT})}, ROOMS, attending={1: {PT}, 2: {PT}}, recorded={1, 3}
    )
    assert len(held) == 1 and held[0].key == "offering 7"
    assert held[0].attended == {PT} and held[0].counted == {PT, LT}  # Malta's copy: nobody took attendance
    assert held[0].incomplete
    counts = tally(held, [PT, LT, MT])
    assert (counts[PT].offered, counts[PT].attended) == (1, 1)
    assert (counts[LT].offered, counts[LT].attended) == (1, 0)
    assert (counts[MT].offered, counts[MT].attended) == (0, 0)


def test_an_ncc_without_a_room_counts_where_any_copy_was_taken() -> None:
    events = copies(1, 0, ["!lisbon"])
    held = held_list(events, {1: 4}, {4: frozenset({PT, 9})}, ROOMS, attending={}, recorded={1})
    assert held[0].counted == {PT, 9}  # NCC 9 has no room of its own: Lisbon's attendance is the one there is


def test_a_single_rooms_event_is_offered_to_its_ncc_and_to_those_who_came() -> None:
    events = copies(5, 0, ["!vilnius"])
    held = held_list(events, {}, {}, ROOMS, attending={5: {PT}}, recorded={5})
    assert held == [Held("event 5", "call", T0, frozenset({LT, PT}), frozenset({PT}), frozenset({LT, PT}))]
    plenary = held_list(copies(6, 0, ["!plenary"]), {}, {}, ROOMS, attending={6: {MT}}, recorded={6})
    assert plenary[0].offered == {MT}  # a room of no NCC: offered to those who came


def test_missed_in_a_row_and_the_flag() -> None:
    held = [
        Held(
            f"event {day}", "call", T0 + timedelta(days=day), frozenset({PT, LT}), frozenset(went), frozenset({PT, LT})
        )
        for day, went in enumerate([{PT, LT}, {PT}, set(), {PT}])
    ]
    counts = tally(reversed(held), [PT, LT])  # order of input does not matter: by date
    assert counts[PT].marks == [True, True, False, True] and counts[PT].missed_in_a_row == 0
    assert counts[LT].marks == [True, False, False, False] and counts[LT].missed_in_a_row == 3
    assert counts[LT].flagged(3) and not counts[LT].flagged(4) and not counts[PT].flagged(1)
    unrecorded = Held("event 9", "x", T0 + timedelta(days=9), frozenset({PT}), frozenset(), frozenset())
    assert not unrecorded.recorded and tally([unrecorded], [PT])[PT].offered == 0
