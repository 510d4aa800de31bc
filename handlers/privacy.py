"""GDPR: `!mydata` sends members everything the bot holds about them; `!forgetme` deletes it everywhere.

Each feature answers for its own tables through its `personal_data` and `forget` hooks; the core's own traces
(direct-message rooms and their outbox, messages waiting for a room key) are handled here too.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete

from bot import state
from bot.context import CommandContext, Services
from bot.router import Router

log = logging.getLogger(__name__)
router = Router("privacy", description="Your data")


async def collect(services: Services, user_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {"user_id": user_id, "exported_at": datetime.now(UTC).isoformat()}
    for listener in services.registry.listeners("personal_data"):
        data[listener.group] = await listener.func(services, user_id)
    return data


async def forget_everywhere(services: Services, user_id: str) -> None:
    for listener in services.registry.listeners("forget"):
        await listener.func(services, user_id)
    async with services.db.begin() as session:
        await session.execute(delete(state.Undecrypted).where(state.Undecrypted.sender == user_id))
    if services.dms is not None:
        await services.dms.forget(user_id)


@router.command("mydata", help="Get, by direct message, everything the bot holds about you (a JSON file).")
async def mydata(ctx: CommandContext, args: str) -> None:
    data = json.dumps(await collect(ctx.services, ctx.sender), ensure_ascii=False, indent=1, default=str)
    assert ctx.services.dms is not None
    filename = "my-ncc-bot-data.json"
    sent = await ctx.services.dms.send_file(
        ctx.sender, data.encode("utf-8"), filename, "application/json", tx_key=ctx.next_tx_key()
    )
    if ctx.is_direct and sent:
        return
    where = "in our direct chat" if sent else "in a direct chat I've invited you to (accept the invitation)"
    await ctx.reply(f"Your data ({filename}) is {where}; only you can see it there.")


@router.command(
    "forgetme", usage="[confirm]", help="Delete everything the bot holds about you (needs you filed stay, anonymised)."
)
async def forgetme(ctx: CommandContext, args: str) -> None:
    if args.strip().lower() != "confirm":
        await ctx.reply(
            "This deletes everything I hold about you: your supports, dialogues, profile, questions "
            "and feedback; needs you filed stay for the coordinators, without your name. "
            "To go ahead, send: !forgetme confirm"
        )
        return
    await forget_everywhere(ctx.services, ctx.sender)
    log.info("personal data deleted", extra={"room_id": ctx.room_id})
    await ctx.reply("Done: I no longer hold any data about you.")
