"""The baseline: a bare matrix-nio bot that answers `!ping` with a notice reply, nothing else.

Run by bench/latency.py as a subprocess: echo_bot.py HOMESERVER USER_ID ACCESS_TOKEN DEVICE_ID
"""

import asyncio
import sys

from nio import AsyncClient, MatrixRoom, RoomMessageText


async def main(homeserver: str, user_id: str, token: str, device_id: str) -> None:
    client = AsyncClient(homeserver, user_id)
    client.restore_login(user_id, device_id, token)
    first = await client.sync(timeout=0, full_state=True)
    for room_id in first.rooms.invite:
        await client.join(room_id)

    async def on_message(room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender != user_id and event.body.startswith("!ping"):
            await client.room_send(
                room.room_id,
                "m.room.message",
                {
                    "msgtype": "m.notice",
                    "body": "pong",
                    "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
                },
            )

    client.add_event_callback(on_message, RoomMessageText)
    print("ready", flush=True)
    await client.sync_forever(timeout=30_000, since=first.next_batch)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
