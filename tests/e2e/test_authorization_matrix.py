"""The authorization matrix through a real Synapse: every coordinator command and every read-by-id command
(tests/authorization.py) x {member, moderator of another room, moderator of this room, network coordinator} x
{this room, another room, a DM}: allowed, refused or "not found", as the authority model says, cell by cell."""

from __future__ import annotations

from devtools.synapse import Synapse
from tests.authorization import CASES, PLACES, ROLES, SEED, Layout, expected, outcome
from tests.e2e.harness import FLOODS_ALLOWED, World, eventually


async def test_every_cell_of_the_authorization_matrix_through_synapse(world: World, synapse: Synapse) -> None:
    tag = world.room_id[1:7].lower()
    accounts = {
        "member": world.member_account,
        "moderator of another room": synapse.register(f"mod-there-{tag}"),
        "moderator of this room": synapse.register(f"mod-here-{tag}"),
        "network coordinator": world.coordinator_account,  # listed in NCC_BOT_COORDINATORS by the harness
    }
    users = {role: account.user_id for role, account in accounts.items()}
    await world.start_bot(FLOODS_ALLOWED)
    network, mod_here = accounts["network coordinator"], accounts["moderator of this room"]
    mod_there = accounts["moderator of another room"]
    here = synapse.create_room(
        network.access_token,
        name="here",
        invite=[world.bot_id, users["member"], mod_here.user_id, mod_there.user_id],
        power_levels={mod_here.user_id: 50},
    )
    for account in (world.member_account, mod_here, mod_there):
        synapse.join(account.access_token, here)
    # "another room": the other moderator's own; the others join it as plain members (one can only speak in a
    # room one is in; that a non-member sees nothing of it is tests/e2e/test_authority.py's escalation row)
    others = [world.member_account, mod_here, network]
    there = synapse.create_room(
        mod_there.access_token, name="there", invite=[world.bot_id, *(a.user_id for a in others)]
    )
    for account in others:
        synapse.join(account.access_token, there)
    dms = {
        role: synapse.create_room(account.access_token, name="dm", invite=[world.bot_id], is_direct=True)
        for role, account in accounts.items()
    }
    for room, token in [(here, network.access_token), (there, mod_there.access_token)] + [
        (dms[r], accounts[r].access_token) for r in ROLES
    ]:
        await eventually(lambda room=room, token=token: synapse.membership(token, room, world.bot_id) == "join", 30)
    clients = {role: await world.user(account) for role, account in accounts.items()}
    for room, role in ((here, "moderator of this room"), (there, "moderator of another room")):
        for text in SEED:
            await clients[role].ask(room, text, timeout=30)
    layout = Layout(
        users=users,
        here=here,
        there=there,
        dms=dms,
        members={here: set(users.values()), there: set(users.values())},
    )
    failures = []
    for role in ROLES:
        for place in PLACES:
            for case in CASES:
                reply = await clients[role].ask(layout.room(place, role), case.text, timeout=30)
                got, want = outcome([reply.body]), expected(layout, role, place, case)
                if got != want:
                    failures.append(f"{role} in {place}: {case.text!r}: {got}, expected {want} ({reply.body[:80]})")
    assert not failures, "\n".join(failures)
