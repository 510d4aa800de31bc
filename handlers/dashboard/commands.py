"""`!dashboard`: a one-time sign-in link by DM, for network coordinators and room moderators; `!dashboard
revoke` ends every session and unused link of the asker."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from bot.context import CommandContext, Services
from bot.errors import NotAllowed, UserError
from handlers.dashboard.auth import forget as forget_sessions
from handlers.dashboard.auth import mint_link, revoke_all, viewer_of
from handlers.dashboard.feature import feature
from handlers.dashboard.models import WebSession
from handlers.dashboard.phrases import DASHBOARD

log = logging.getLogger(__name__)


@feature.command(
    "dashboard",
    help="A sign-in link to the coordinators' dashboard, by direct message (coordinators and room moderators).",
)
async def dashboard(ctx: CommandContext, args: str) -> None:
    service = feature.service_of(ctx.services)
    if not service.config.enabled:
        raise UserError(DASHBOARD.text("off"))
    if not viewer_of(ctx.services, ctx.sender).has_authority:
        raise NotAllowed(DASHBOARD.text("no_authority", command=f"{ctx.prefix}help"))
    minutes = service.config.link_minutes
    secret = await mint_link(ctx.services, ctx.sender, ctx.event_id, minutes)
    if secret is None:  # this request was answered before a restart: its link went then
        return
    text = DASHBOARD.say("link", ctx.language, url=f"{service.url}/login/{secret}", minutes=str(minutes))
    log.info("dashboard link sent", extra={"user_id": ctx.sender})
    if ctx.is_direct:
        await ctx.reply(text)
        return
    await ctx.send_direct(ctx.sender, text)  # a sign-in link is never posted where others read
    await ctx.reply(DASHBOARD.say("sent_by_dm", ctx.language))


@feature.command("dashboard revoke", help="Sign out of the dashboard everywhere (every session and unused link).")
async def revoke(ctx: CommandContext, args: str) -> None:
    ended = await revoke_all(ctx.services, ctx.sender)
    log.info("dashboard sessions revoked", extra={"user_id": ctx.sender, "sessions": ended})
    await ctx.reply(DASHBOARD.say("revoked", ctx.language, count=str(ended)))


@feature.personal_data
async def personal_data(services: Services, user_id: str) -> dict[str, Any]:
    async with services.db.session() as session:
        sessions = list(await session.scalars(select(WebSession).where(WebSession.user_id == user_id)))
    if not sessions:
        return {}
    return {
        "dashboard_sessions": [
            {
                "from": s.created_at.isoformat(),
                "until": s.expires_at.isoformat(),
                "ended": s.revoked_at.isoformat() if s.revoked_at else None,
            }
            for s in sessions
        ]
    }


@feature.forget
async def forget(services: Services, user_id: str) -> None:
    await forget_sessions(services, user_id)
