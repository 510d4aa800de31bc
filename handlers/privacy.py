"""GDPR: `!mydata` sends members everything the bot holds about them; `!forgetme` deletes it everywhere.

What is held is gathered by the core's Privacy service from every feature's `personal_data` / `forget` hooks
and the core's own tables; this feature is the two commands.
"""

from __future__ import annotations

import json
import logging

from bot.context import CommandContext
from bot.feature import Feature

log = logging.getLogger(__name__)
feature: Feature[None, None] = Feature("privacy", description="Your data")


@feature.command("mydata", help="Get, by direct message, everything the bot holds about you (a JSON file).")
async def mydata(ctx: CommandContext, args: str) -> None:
    services = ctx.services
    data = json.dumps(await services.privacy.collect(services, ctx.sender), ensure_ascii=False, indent=1, default=str)
    filename = "my-ncc-bot-data.json"
    sent = await services.dms.send_file(
        ctx.sender, data.encode("utf-8"), filename, "application/json", tx_key=ctx.next_tx_key()
    )
    if ctx.is_direct and sent:
        return
    where = "in our direct chat" if sent else "in a direct chat I've invited you to (accept the invitation)"
    await ctx.reply(f"Your data ({filename}) is {where}; only you can see it there.")


@feature.command(
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
    await ctx.services.privacy.forget(ctx.services, ctx.sender)
    log.info("personal data deleted", extra={"room_id": ctx.room_id})
    await ctx.reply("Done: I no longer hold any data about you.")
