"""What a member notices, through a real Synapse: a reminder's time left in words in the room's language, a moved
event announced in its room, help that says a command is for coordinators, and check-config refusing an offset
that would only fail later."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.harness import World

ROOT = Path(__file__).resolve().parents[2]


async def test_a_reminder_says_the_time_left_in_words_in_the_rooms_language(world: World) -> None:
    config = f"rooms:\n  - {{id: '{world.room_id}', language: fr}}\nevents:\n  default_reminders: [2m]\n"
    await world.start_bot(config)
    member, coordinator = await world.member(), await world.coordinator()
    added = await coordinator.ask(world.room_id, "!event add in 1 hour | Atelier du groupe de travail")
    assert "Atelier du groupe de travail" in added.body
    world.advance(minutes=58)  # the reminder, 2 minutes before the start, is due
    reminder = await member.wait_for(
        lambda m: m.sender == world.bot_id and m.body.startswith("Rappel : commence dans 2 minutes"), timeout=30
    )
    assert "Atelier du groupe de travail" in reminder.body and "120" not in reminder.body


async def test_moving_an_event_tells_the_room(world: World) -> None:
    await world.start_bot("events:\n  default_reminders: [1h]\n")
    member, coordinator = await world.member(), await world.coordinator()
    await coordinator.ask(world.room_id, "!event add in 10 hours | Capacity group meeting")
    await coordinator.ask(world.room_id, "!event edit 1 when in 3 hours")
    moved = await member.wait_for(lambda m: m.sender == world.bot_id and m.body.startswith("🕒 Moved:"), timeout=30)
    assert "Capacity group meeting" in moved.body and "(was " in moved.body


async def test_help_tells_a_member_who_a_command_is_for(world: World) -> None:
    await world.start_bot()
    member, coordinator = await world.member(), await world.coordinator()
    told = await member.ask(world.room_id, "!help event add")
    assert "is for" in told.body and "coordinator" in told.body and "There is no command" not in told.body
    usage = await coordinator.ask(world.room_id, "!help event add")
    assert "Usage" in usage.body


def test_check_config_refuses_a_bad_reminder_offset(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("events:\n  default_reminders: [7d, banana]\n")
    done = subprocess.run(
        [sys.executable, "-m", "handlers", "check-config", "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "banana" in done.stderr and "default_reminders" in done.stderr
