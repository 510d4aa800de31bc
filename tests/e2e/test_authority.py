"""Authority through a real Synapse: a member who creates a room of her own (the bot and one pending invite) is
moderator of that room alone; nothing of any other room is hers to see or change. The whole matrix of commands
x roles x places runs on the fake edge (tests/handlers/test_authorization_matrix.py); this is its escalation row.
"""

from __future__ import annotations

from devtools.synapse import Synapse
from tests.e2e.harness import World, eventually, refused

PHONE_NEED = "!need someone to call Maria at +351 912 345 678 about the impact study"


async def test_creating_a_room_of_ones_own_grants_nothing_elsewhere(world: World, synapse: Synapse) -> None:
    await world.start_bot()
    coordinator, member = await world.coordinator(), await world.member()
    other = synapse.register(f"other-{world.room_id[1:7].lower()}")
    # The coordinator's private room with the bot: an event with a private link, a need with a phone number.
    private = synapse.create_room(world.coordinator_account.access_token, name="private", invite=[world.bot_id])
    await eventually(
        lambda: synapse.membership(world.coordinator_account.access_token, private, world.bot_id) == "join"
    )
    added = await coordinator.ask(private, "!event add in 3 hours | Board meeting | https://meet.example/secret")
    assert added.body.startswith("Event #1 added")
    assert (await coordinator.ask(private, PHONE_NEED)).body.startswith("Noted as need #1")
    # The member's own room: the bot and one pending invite, so two members and an invitee, power 100.
    own = synapse.create_room(world.member_account.access_token, name="mine", invite=[world.bot_id, other.user_id])
    await eventually(lambda: synapse.membership(world.member_account.access_token, own, world.bot_id) == "join")
    listing = await member.ask(own, "!needs all")  # she moderates her room: its needs, which are none
    assert "+351" not in listing.body and "Maria" not in listing.body and "No needs match" in listing.body
    export = await member.ask(own, "!needs summary")
    assert export.body == "No needs yet."
    for command in (
        "!need status 1 declined Please re-submit via https://evil.example/form",
        "!event cancel 1",
        "!event edit 1 place https://evil.example/join",
        "!event show 1",
        "!event remindme 1",
        "!need +1 1",
    ):
        reply = await member.ask(own, command)
        assert reply.body.startswith("There is no "), (command, reply.body)
        assert "secret" not in reply.body and "+351" not in reply.body
    for command in ("!faq add Is this safe? | Yes.", "!faq gaps", "!stats", "!status"):
        assert refused(await member.ask(own, command)), command
    # ... and in the shared room she is a plain member
    assert refused(await member.ask(world.room_id, "!event add tomorrow 10:00 | Fake meeting"))
    shown = await coordinator.ask(private, "!event show 1")  # untouched
    assert "Board meeting" in shown.body and "https://meet.example/secret" in shown.body
    dm_need = await member.ask(own, "!need a duplicate of that call about the impact study")
    assert "Maria" not in dm_need.body and "+351" not in dm_need.body
