"""The network layer through a real Synapse: an announcement and an event for a capacity group land exactly once
in each room of the group's NCCs, and in no room of another group, also when the bot is killed mid-fan-out."""

from __future__ import annotations

import signal

from tests.e2e.harness import World, eventually


def ncc_room(world: World, name: str) -> str:
    room_id = world.synapse.create_room(
        world.coordinator_account.access_token,
        name=name,
        encrypted=False,
        invite=[world.bot_account.user_id, world.member_account.user_id],
    )
    world.synapse.join(world.member_account.access_token, room_id)
    return room_id


async def test_a_group_announcement_lands_once_in_each_room_of_the_group(world: World) -> None:
    porto, valletta = ncc_room(world, "NCC Portugal (Porto)"), ncc_room(world, "NCC Malta")
    rooms = {"lisbon": world.room_id, "porto": porto, "valletta": valletta}
    config = (
        "network:\n  nccs:\n"
        f"    - {{name: NCC Portugal, country: Portugal, rooms: ['{world.room_id}', '{porto}']}}\n"
        f"    - {{name: NCC Malta, country: Malta, rooms: ['{valletta}']}}\n"
        "  groups:\n    A: [NCC Portugal]\n    B: [NCC Malta]\n"
    )
    await world.start_bot(config)
    coordinator, member = await world.coordinator(), await world.member()
    token = world.coordinator_account.access_token
    for room_id in rooms.values():
        await eventually(lambda r=room_id: world.synapse.membership(token, r, world.bot_id) == "join", timeout=30)
    said = await coordinator.ask(world.room_id, "!network announce group A at in 2 hours | Mutual learning at 10")
    assert said.body.startswith("For group A, in 2 room(s). Announcement #1"), said.body
    assert "NCC Portugal (Portugal) · groups: A · rooms: 2" in (await member.ask(valletta, "!nccs")).body
    world.advance(hours=2)
    await member.wait_for(lambda m: m.room_id == porto and m.body.startswith("Mutual learning"), timeout=30)
    for room_id in rooms.values():
        await world.barrier(member, room_id)

    def copies(room_id: str, start: str) -> int:
        said = [m for m in member.messages if m.sender == world.bot_id and m.room_id == room_id]
        return sum(m.body.startswith(start) for m in said)

    once_in_a = {"lisbon": 1, "porto": 1, "valletta": 0}
    assert {name: copies(room_id, "Mutual learning") for name, room_id in rooms.items()} == once_in_a

    added = await coordinator.ask(world.room_id, "!network event group A at in 3 days 10:00 | Working Group call")
    assert "For group A, in 2 room(s): events #1, #2" in added.body, added.body
    for room_id in rooms.values():
        await world.barrier(member, room_id)
    assert {name: copies(room_id, "📅 Working Group call") for name, room_id in rooms.items()} == once_in_a
    assert "Working Group call" in (await member.ask(porto, "!events")).body


async def test_kill_minus_nine_during_a_group_fan_out_leaves_one_copy_per_room(world: World) -> None:
    """A real process killed as the first room gets the announcement: after the restart every room of the group
    has it exactly once (the rooms already served are not served again; the homeserver drops a re-send)."""
    rooms = [world.room_id, *(ncc_room(world, f"NCC room {n}") for n in range(7))]
    listed = ", ".join(f"'{r}'" for r in rooms)
    config = f"network:\n  nccs:\n    - {{name: NCC Portugal, rooms: [{listed}]}}\n  groups:\n    A: [NCC Portugal]\n"
    process = world.start_process(config)
    try:
        coordinator, member = await world.coordinator(), await world.member()
        token = world.coordinator_account.access_token
        for room_id in rooms:
            await eventually(lambda r=room_id: world.synapse.membership(token, r, world.bot_id) == "join", timeout=60)
        await coordinator.ask(world.room_id, "!ping", timeout=60)
        said = await coordinator.ask(world.room_id, "!network announce group A at in 8 seconds | Fan-out check")
        assert "in 8 room(s)" in said.body, said.body
        await member.wait_for(lambda m: m.sender == world.bot_id and m.body.startswith("Fan-out check"), timeout=60)
        process.send_signal(signal.SIGKILL)  # as the first copy arrives: the fan-out may be mid-way
        process.wait()
        process = world.start_process(config)
        for room_id in rooms:
            await member.wait_for(
                lambda m, r=room_id: m.room_id == r and m.body.startswith("Fan-out check"), timeout=90
            )
        for room_id in rooms:
            await world.barrier(member, room_id)
        copies = {r: sum(m.room_id == r and m.body.startswith("Fan-out check") for m in member.messages) for r in rooms}
        assert set(copies.values()) == {1}, copies
    finally:
        process.kill()
        process.wait()
