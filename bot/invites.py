"""Invites: join where the auto-join policy allows, reject the rest (never a silent pile of invites)."""

from __future__ import annotations

import logging

from nio import InviteMemberEvent, SyncResponse

from bot.config import CoreSettings
from bot.dm import DirectMessages
from bot.matrix import MatrixConnection
from bot.permissions import invite_allowed
from bot.rooms import RoomFacts
from bot.upgrades import RoomMoves

log = logging.getLogger(__name__)


async def handle_invites(
    settings: CoreSettings,
    matrix: MatrixConnection,
    rooms: RoomFacts,
    dms: DirectMessages,
    response: SyncResponse,
    moves: RoomMoves | None = None,
) -> None:
    """`moves`: an invite to the replacement of an upgraded room is accepted whoever sends it (bot/upgrades.py)."""
    me = matrix.user_id
    for room_id, info in response.rooms.invite.items():
        invite = next(
            (
                e
                for e in info.invite_state
                if isinstance(e, InviteMemberEvent) and e.state_key == me and e.membership == "invite"
            ),
            None,
        )
        inviter = invite.sender if invite is not None else None
        allowed = inviter is not None and invite_allowed(
            inviter,
            coordinators=settings.coordinators,
            users=settings.auto_join.users,
            servers=settings.auto_join.servers,
            own_server=settings.server_name,
            from_coordinators=settings.auto_join.from_coordinators,
            from_own_server=settings.auto_join.from_own_server,
        )
        upgrade = moves is not None and moves.expects(room_id)
        allowed = allowed or (upgrade and inviter is not None)
        if allowed and not upgrade and rooms.joined_count() >= settings.auto_join.max_rooms:
            allowed = False
            log.warning("invite declined: the bot is in as many rooms as it may be", extra={"room_id": room_id})
        if allowed and invite is not None and inviter is not None:
            if (invite.content or {}).get("is_direct") is True:
                await rooms.learn_direct(room_id, "invite")  # before joining: its first message is a DM
                await dms.adopt(inviter, room_id)
            joined = await matrix.join(room_id)
            log.info("invite accepted", extra={"room_id": room_id, "inviter": inviter, "joined": joined})
        else:
            await matrix.reject(room_id)
            log.info("invite rejected by the auto-join policy", extra={"room_id": room_id, "inviter": inviter})
