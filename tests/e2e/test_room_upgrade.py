"""A room upgraded by a coordinator (to room version 12, as Element does it): the bot follows it into the new
room and the room's events and needs come along, exactly once."""

from __future__ import annotations

import urllib.parse

from tests.e2e.harness import World, eventually

FOLLOWED = "This room was upgraded"


async def test_an_upgraded_room_is_followed_with_its_data(world: World) -> None:
    await world.start_bot()
    coordinator, member = await world.coordinator(), await world.member()
    old = world.room_id
    added = await coordinator.ask(old, "!event add in 2 days 10:00 | Upgrade workshop")
    assert added.body.startswith("Event #1 added")
    assert (await member.ask(old, "!need new a mentoring scheme for new NCC staff")).body.startswith("Noted")
    synapse, token = world.synapse, world.coordinator_account.access_token
    new = synapse._request(
        "POST", f"/_matrix/client/v3/rooms/{urllib.parse.quote(old)}/upgrade", {"new_version": "12"}, token
    )["replacement_room"]
    for user in (world.bot_id, world.member_account.user_id):  # Element's "invite the members" box
        synapse._request("POST", f"/_matrix/client/v3/rooms/{urllib.parse.quote(new)}/invite", {"user_id": user}, token)
    synapse.join(world.member_account.access_token, new)
    said = await member.wait_for(lambda m: m.room_id == new and m.body.startswith(FOLLOWED), timeout=30)
    assert said.sender == world.bot_id
    events = await member.ask(new, "!events")
    assert "Upgrade workshop" in events.body
    mine = await member.ask(new, "!needs mine")
    assert "mentoring" in mine.body
    listed = await coordinator.ask(new, "!needs")
    assert "mentoring" in listed.body

    await world.stop_bot()  # a restart neither moves nor announces again
    await world.start_bot()
    await world.barrier(member, new)
    assert len([m for m in member.messages if m.room_id == new and m.body.startswith(FOLLOWED)]) == 1
    assert "Upgrade workshop" in (await member.ask(new, "!events")).body
    await eventually(lambda: True)


async def test_a_tombstone_cannot_hand_a_room_to_an_unrelated_one(world: World) -> None:
    """A moderator of room A points its tombstone at room B (another group's): B gets none of A's data."""
    await world.start_bot()
    coordinator, member = await world.coordinator(), await world.member()
    other = world.synapse.create_room(
        world.member_account.access_token, name="another group", invite=[world.bot_id]
    )  # the member's own room: the coordinator has no power there
    await eventually(lambda: world.synapse.membership(world.member_account.access_token, other, world.bot_id) == "join")
    await coordinator.ask(world.room_id, "!event add in 2 days 10:00 | Not yours")
    token = world.coordinator_account.access_token
    world.synapse._request(
        "PUT",
        f"/_matrix/client/v3/rooms/{urllib.parse.quote(world.room_id)}/state/m.room.tombstone/",
        {"body": "moved", "replacement_room": other},
        token,
    )
    await world.barrier(member, world.room_id)
    await world.barrier(member, other)
    assert "Not yours" not in (await member.ask(other, "!events")).body
    assert not [m for m in member.messages if m.room_id == other and m.body.startswith(FOLLOWED)]
