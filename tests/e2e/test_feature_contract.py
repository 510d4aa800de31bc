"""A feature that lives only under tests/ (tests/kudos), with its own event type, config section, service,
job and migration folder, works through a real Synapse with no change in bot/."""

from __future__ import annotations

from handlers import FEATURES
from tests.e2e.harness import World
from tests.kudos.feature import EVENT_TYPE, feature

CONFIG = "kudos:\n  emoji: '👏'\n"


async def test_a_test_only_feature_with_a_custom_event_type_works_end_to_end(world: World) -> None:
    await world.start_bot(CONFIG, features=(*FEATURES, feature))
    member, coordinator = await world.member(), await world.coordinator()
    await member.send(world.room_id, {"to": coordinator.user_id, "for": "the workshop"}, event_type=EVENT_TYPE)
    board = await member.ask(world.room_id, "!kudos")  # handled after the custom event (one room, in order)
    assert board.body == f"Kudos: {coordinator.user_id} 👏×1"
    help_text = await member.ask(world.room_id, "!help")
    assert "Kudos (test feature)" in help_text.body
    scheduled = await coordinator.ask(world.room_id, "!kudos digest 30")
    assert "30 minute" in scheduled.body
    world.advance(minutes=30)
    digest = await coordinator.wait_for(lambda m: m.sender == world.bot_id and m.body.startswith("Digest"), 30)
    assert coordinator.user_id in digest.body


async def test_without_the_feature_its_events_and_commands_are_unknown(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    await member.send(world.room_id, {"to": member.user_id, "for": "x"}, event_type=EVENT_TYPE)
    reply = await member.ask(world.room_id, "!kudos")
    assert reply.body.startswith("Unknown command !kudos")
