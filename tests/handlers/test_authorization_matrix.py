"""The authorization matrix on the fake edge: every coordinator command and every read-by-id command, asked by
{a member, a moderator of another room, a moderator of this room, a network coordinator} in {this room, another
room, a DM}, is allowed, refused or "not found" exactly as the authority model says (README, "Who may do what").

The expected outcome comes from a small oracle written from the model, not from the code under test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.permissions import Authority
from tests.fakes import BOT, FakeRoom, PowerLevels, TestBed

HERE, THERE = "!here:test", "!there:test"
MEMBER, MOD_HERE, MOD_THERE, NETWORK = "@member:test", "@mod-here:test", "@mod-there:test", "@network:test"
ROLES = {
    "member": MEMBER,
    "moderator of another room": MOD_THERE,
    "moderator of this room": MOD_HERE,
    "network coordinator": NETWORK,
}
PLACES = ("this room", "another room", "DM")


def dm_of(user: str) -> str:
    return f"!dm-{user[1:].split(':')[0]}:test"


def rooms() -> dict[str, FakeRoom]:
    everyone = {BOT: None, MEMBER: None, MOD_HERE: None, MOD_THERE: None, NETWORK: None}
    made = {
        HERE: FakeRoom(users=dict(everyone), power_levels=PowerLevels({MOD_HERE: 50})),
        # "another room": one the other moderator created with the bot and one more person, nobody else in it
        THERE: FakeRoom(users={BOT: None, MOD_THERE: None, MEMBER: None}, power_levels=PowerLevels({MOD_THERE: 100})),
    }
    for user in ROLES.values():
        made[dm_of(user)] = FakeRoom(users={BOT: None, user: None}, power_levels=PowerLevels({user: 100}))
    return made


@dataclass(frozen=True)
class Case:
    text: str
    requires: Authority
    object_room: str | None = None  # whose object the command touches (None: the room it is asked in)
    reads: bool = False  # a read: members of the object's room may, too
    authors_only: bool = False  # its author or a moderator; others who can see it are told it is not theirs


CASES = [
    Case("!status", Authority.NETWORK_COORDINATOR),
    Case("!stats", Authority.NETWORK_COORDINATOR),
    Case("!faq gaps", Authority.NETWORK_COORDINATOR),
    Case("!faq add Where is the harbour? | By the sea.", Authority.NETWORK_COORDINATOR),
    Case("!faq remove cofinancing-rate", Authority.NETWORK_COORDINATOR),
    Case("!event add tomorrow 10:00 | Another call", Authority.ROOM_MODERATOR),
    Case("!announce at tomorrow 09:00 | Hello", Authority.ROOM_MODERATOR),
    Case("!needs all", Authority.ROOM_MODERATOR),
    Case("!needs summary", Authority.ROOM_MODERATOR),
    Case("!needs export all", Authority.ROOM_MODERATOR),
]
for number, room in ((1, HERE), (2, THERE)):
    CASES += [
        Case(f"!event show {number}", Authority.MEMBER, room, reads=True),
        Case(f"!event ics {number}", Authority.MEMBER, room, reads=True),
        Case(f"!event remindme {number}", Authority.MEMBER, room, reads=True),
        Case(f"!event cancel {number}", Authority.ROOM_MODERATOR, room),
        Case(f"!event edit {number} title Renamed", Authority.ROOM_MODERATOR, room),
        Case(f"!event remind {number} 2h", Authority.ROOM_MODERATOR, room),
        Case(f"!announce preview {number}", Authority.ROOM_MODERATOR, room),
        Case(f"!announce cancel {number}", Authority.ROOM_MODERATOR, room),
        Case(f"!need status {number} addressed thanks", Authority.ROOM_MODERATOR, room),
        Case(f"!need category {number} financing", Authority.MEMBER, room, authors_only=True),
    ]


def place_room(place: str, user: str) -> str:
    return {"this room": HERE, "another room": THERE, "DM": dm_of(user)}[place]


def expected(user: str, place: str, case: Case) -> str:
    """The model: authority from its source, reaching only that source's room; reads for the room's members."""
    room = place_room(place, user)
    moderates = {MOD_HERE: HERE, MOD_THERE: THERE}.get(user)
    if user == NETWORK:
        here_authority = Authority.NETWORK_COORDINATOR
    elif moderates == room:
        here_authority = Authority.ROOM_MODERATOR
    else:
        here_authority = Authority.MEMBER
    if here_authority < case.requires:
        return "refused"
    if case.object_room is None:
        return "allowed"
    may_manage = user == NETWORK or moderates == case.object_room
    joined = user in rooms()[case.object_room].users
    if may_manage or (case.reads and joined):
        return "allowed"
    return "not yours" if case.authors_only and joined else "not found"


def outcome(replies: list[str]) -> str:
    text = "\n".join(replies)
    if text.startswith("Sorry, ") and " is for " in text:
        return "refused"
    if "There is no " in text:
        return "not found"
    if " is not yours" in text:
        return "not yours"
    return "allowed"


async def seeded(tmp_path: Path) -> TestBed:
    bed = await TestBed.start(
        tmp_path,
        f"coordinators: ['{NETWORK}']\nlimits: {{burst: 100000}}\n",  # one sender asks everything at once
        rooms=rooms(),
        direct=[dm_of(u) for u in ROLES.values()],
    )
    for room, moderator in ((HERE, MOD_HERE), (THERE, MOD_THERE)):
        await bed.say("!event add in 5 hours | Working group", room=room, sender=moderator)
        await bed.say("!announce at in 4 hours | Registration closes", room=room, sender=moderator)
        await bed.say(f"!need peer learning on impact measurement for {room}", room=room, sender=moderator)
    return bed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await seeded(tmp_path)
    yield test_bed
    await test_bed.close()


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", list(ROLES))
async def test_every_cell_of_the_authorization_matrix(tmp_path: Path, role: str, place: str) -> None:
    """One world per cell; each command once (the mutations in it never change who may do what)."""
    user, failures = ROLES[role], []
    bed = await seeded(tmp_path)
    try:
        for case in CASES:
            replies = [s.body for s in await bed.say(case.text, room=place_room(place, user), sender=user)]
            got, want = outcome(replies), expected(user, place, case)
            if got != want:
                failures.append(f"{case.text!r}: {got}, expected {want} ({replies[:1]})")
    finally:
        await bed.close()
    assert not failures, "\n".join(failures)


async def test_a_room_moderator_lists_and_exports_only_their_rooms_needs(bed: TestBed) -> None:
    listing = "\n".join(s.body for s in await bed.say("!needs all", room=THERE, sender=MOD_THERE))
    assert "#2" in listing and "#1 " not in listing and "this room" in listing
    everything = "\n".join(s.body for s in await bed.say("!needs all", room=HERE, sender=NETWORK))
    assert "#1" in everything and "#2" in everything


async def test_duplicates_are_only_offered_from_the_same_room_and_never_quoted(bed: TestBed) -> None:
    text = f"!need peer learning on impact measurement for {HERE}"
    elsewhere = await bed.ask(text, room=dm_of(MEMBER), sender=MEMBER)
    assert elsewhere.startswith("Noted as need")  # in a DM, nobody else's need is ever offered
    here = await bed.ask(text, room=HERE, sender=MEMBER)
    assert here.startswith("A similar need was filed in this room: #1") and "peer learning" not in here
