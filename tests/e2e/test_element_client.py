"""The bot as Element's own client stack sees it: matrix-js-sdk with its Rust crypto (tests/element, from npm),
in an encrypted room, with "exclude insecure devices" on (MSC4153): keys are exchanged with the bot, its replies
decrypt, carry no red shield, and its encrypted attachment decrypts."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from devtools.synapse import Account
from tests.e2e.harness import World, eventually

CLIENT_DIR = Path(__file__).resolve().parents[1] / "element"


def element_available() -> bool:
    return shutil.which("node") is not None and (CLIENT_DIR / "node_modules" / "matrix-js-sdk").is_dir()


@pytest.fixture(autouse=True)
def need_element_client() -> None:
    if not element_available():
        if os.environ.get("CI"):
            pytest.fail("the Element-stack client is not installed (./dev test installs it with npm)")
        pytest.skip("node or tests/element/node_modules missing (./dev test installs them)")


async def element_says(world: World, account: Account, room_id: str, say: list[str], **options: Any) -> list[dict]:
    """Run the js-sdk client as a new device of `account`; one dict per bot reply, in order."""
    session = world.synapse.login(account, "Element (test)")
    config = {
        "baseUrl": world.synapse.url,
        "userId": session.user_id,
        "password": session.password,
        "accessToken": session.access_token,
        "deviceId": session.device_id,
        "roomId": room_id,
        "botId": world.bot_id,
        "say": say,
        "timeoutMs": 30_000,
        **options,
    }
    process = await asyncio.create_subprocess_exec(
        "node", str(CLIENT_DIR / "client.mjs"), json.dumps(config),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    lines = [json.loads(line) for line in stdout.decode().splitlines() if line.startswith("{")]
    assert process.returncode == 0 and len(lines) == len(say), (lines, stderr.decode()[-2000:])
    return lines


async def test_encrypted_replies_are_trusted_with_insecure_devices_excluded(world: World) -> None:
    room = world.encrypted_room()
    await world.start_bot()
    synapse, token = world.synapse, world.coordinator_account.access_token
    dm = synapse.create_room(token, name="dm", invite=[world.bot_id], is_direct=True, encrypted=True)
    await eventually(lambda: synapse.membership(token, dm, world.bot_id) == "join", timeout=30)
    say: list[Any] = [
        "!ping",
        "!faq what is the co-financing rate of the NCC grants?",
        "!event add in 3 days 10:00 | Workshop",
        "!events ics",
        "!pnig",
        {"edit": 4, "text": "!ping"},  # Element's edit of the typo
        {"text": "how long can an NCC project last", "room": dm},  # a plain question in a DM
    ]
    # "Exclude insecure devices": the client sends keys only to cross-signed devices and reads only theirs.
    replies = await element_says(world, world.coordinator_account, room, say, excludeInsecure=True)
    pong, answer, added, calendar, typo, fixed, direct = replies
    assert pong["body"] == "pong" and all(r["decrypted"] for r in replies)
    assert [r["shield"] for r in replies] == [0] * len(replies), replies  # no red (or grey) shield on any
    assert "%" in answer["body"] and added["body"].startswith("Event #1 added: Workshop")
    assert calendar["msgtype"] == "m.file" and "BEGIN:VCALENDAR" in calendar["file"]
    assert "SUMMARY:Workshop" in calendar["file"]
    assert "did you mean !ping?" in typo["body"] and fixed["edited"] and fixed["body"] == "pong"
    assert direct["body"].endswith("project-duration") and not direct["edited"]
