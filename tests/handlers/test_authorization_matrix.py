"""The authorization matrix on the fake edge: every coordinator command and every read-by-id command, asked by
{a member, a moderator of another room, a moderator of this room, a network coordinator} in {this room, another
room, a DM}, is allowed, refused or "not found" exactly as the authority model says (README, "Who may do what").

The expected outcome comes from a small oracle written from the model, not from the code under test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.authorization import CASES, PLACES, ROLES, SEED, Layout, expected, outcome
from tests.fakes import BOT, FakeRoom, PowerLevels, TestBed

HERE, THERE = "!here:test", "!there:test"
MEMBER, MOD_HERE, MOD_THERE, NETWORK = "@member:test", "@mod-here:test", "@mod-there:test", "@network:test"
USERS = dict(zip(ROLES, (MEMBER, MOD_THERE, MOD_HERE, NETWORK), strict=True))


def dm_of(user: str) -> str:
    return f"!dm-{user[1:].split(':')[0]}:test"


def rooms() -> dict[str, FakeRoom]:
    everyone = {BOT: None, MEMBER: None, MOD_HERE: None, MOD_THERE: None, NETWORK: None}
    made = {
        HERE: FakeRoom(users=dict(everyone), power_levels=PowerLevels({MOD_HERE: 50})),
        # "another room": one the other moderator created with the bot and one more person, nobody else in it
        THERE: FakeRoom(users={BOT: None, MOD_THERE: None, MEMBER: None}, power_levels=PowerLevels({MOD_THERE: 100})),
    }
    for user in USERS.values():
        made[dm_of(user)] = FakeRoom(users={BOT: None, user: None}, power_levels=PowerLevels({user: 100}))
    return made


LAYOUT = Layout(
    users=USERS,
    here=HERE,
    there=THERE,
    dms={role: dm_of(user) for role, user in USERS.items()},
    members={room: set(fake.users) for room, fake in rooms().items()},
)


async def seeded(tmp_path: Path) -> TestBed:
    bed = await TestBed.start(
        tmp_path,
        f"coordinators: ['{NETWORK}']\nlimits: {{burst: 100000}}\n",  # one sender asks everything at once
        rooms=rooms(),
        direct=[dm_of(u) for u in USERS.values()],
    )
    for room, moderator in ((HERE, MOD_HERE), (THERE, MOD_THERE)):
        for text in SEED:
            await bed.say(text, room=room, sender=moderator)
    return bed


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await seeded(tmp_path)
    yield test_bed
    await test_bed.close()


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
async def test_every_cell_of_the_authorization_matrix(tmp_path: Path, role: str, place: str) -> None:
    """One world per cell; each command once (the mutations in it never change who may do what)."""
    user, failures = USERS[role], []
    bed = await seeded(tmp_path)
    try:
        for case in CASES:
            replies = [s.body for s in await bed.say(case.text, room=LAYOUT.room(place, role), sender=user)]
            got, want = outcome(replies), expected(LAYOUT, role, place, case)
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
    text = SEED[2]
    elsewhere = await bed.ask(text, room=dm_of(MEMBER), sender=MEMBER)
    assert elsewhere.startswith("Noted as need")  # in a DM, nobody else's need is ever offered
    here = await bed.ask(text, room=HERE, sender=MEMBER)
    assert here.startswith("A similar need was filed in this room: #1") and "peer learning" not in here
