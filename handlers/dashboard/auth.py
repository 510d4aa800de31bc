"""Sign-in through Matrix, no new passwords: `!dashboard` in a DM mints a one-time link (a random secret, of
which only the digest is stored) valid for a few minutes; opening it and pressing "Sign in" redeems it once and
opens a session (a random cookie, digest stored, with its own CSRF token) that expires. Authority is never stored:
each request asks the room facts again, so someone who loses their power level loses the dashboard with it."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from bot.context import Services
from handlers.dashboard.models import SignInLink, WebSession


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Viewer:
    """Who is looking, and how far their authority reaches (asked afresh on each request)."""

    user_id: str
    network: bool  # a network coordinator: everything
    rooms: frozenset[str]  # the rooms they moderate

    @property
    def has_authority(self) -> bool:
        return self.network or bool(self.rooms)

    def may_see_room(self, room_id: str) -> bool:
        return self.network or room_id in self.rooms


def viewer_of(services: Services, user_id: str) -> Viewer:
    network = services.rooms.is_network_coordinator(user_id)
    return Viewer(user_id, network, frozenset(services.rooms.moderated_by(user_id)))


async def mint_link(services: Services, user_id: str, source_event_id: str, minutes: int) -> str | None:
    """A new link's secret; None when this request was handled before (a replay: its link was sent then)."""
    secret = secrets.token_urlsafe(32)
    now = services.now()
    async with services.db.begin() as session:
        if await session.scalar(select(SignInLink).where(SignInLink.source_event_id == source_event_id)):
            return None
        session.add(SignInLink(digest=digest(secret), user_id=user_id, source_event_id=source_event_id,
                               created_at=now, expires_at=now + timedelta(minutes=minutes)))  # fmt: skip
    return secret


async def redeem(services: Services, secret: str) -> str | None:
    """The link's user, once: a used, expired or unknown link gives None (and marks nothing)."""
    now = services.now()
    key = digest(secret)
    async with services.db.begin() as session:
        result = await session.execute(
            update(SignInLink)
            .where(SignInLink.digest == key, SignInLink.used_at.is_(None), SignInLink.expires_at > now)
            .values(used_at=now)
        )
        if getattr(result, "rowcount", 0) != 1:
            return None
        return await session.scalar(select(SignInLink.user_id).where(SignInLink.digest == key))


async def link_user(services: Services, secret: str) -> str | None:
    """Whose unused, unexpired link this is (the page before "Sign in" shows it), without using it."""
    async with services.db.session() as session:
        row = await session.get(SignInLink, digest(secret))
    if row is None or row.used_at is not None or row.expires_at <= services.now():
        return None
    return row.user_id


async def open_session(services: Services, user_id: str, hours: int) -> str:
    cookie, now = secrets.token_urlsafe(32), services.now()
    async with services.db.begin() as session:
        old = now - timedelta(days=1)  # rows that can open nothing any more are not kept
        await session.execute(delete(SignInLink).where(SignInLink.expires_at < old))
        await session.execute(delete(WebSession).where(WebSession.expires_at < old))
        session.add(WebSession(digest=digest(cookie), user_id=user_id, csrf=secrets.token_urlsafe(24),
                               created_at=now, expires_at=now + timedelta(hours=hours)))  # fmt: skip
    return cookie


async def session_of(services: Services, cookie: str | None) -> WebSession | None:
    if not cookie:
        return None
    async with services.db.session() as session:
        row = await session.get(WebSession, digest(cookie))
    if row is None or row.revoked_at is not None or row.expires_at <= services.now():
        return None
    return row


async def end_session(services: Services, cookie: str) -> None:
    async with services.db.begin() as session:
        await session.execute(
            update(WebSession).where(WebSession.digest == digest(cookie)).values(revoked_at=services.now())
        )


async def forget(services: Services, user_id: str) -> None:
    async with services.db.begin() as session:
        await session.execute(delete(SignInLink).where(SignInLink.user_id == user_id))
        await session.execute(delete(WebSession).where(WebSession.user_id == user_id))


async def revoke_all(services: Services, user_id: str) -> int:
    now: datetime = services.now()
    async with services.db.begin() as session:
        result = await session.execute(
            update(WebSession)
            .where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None), WebSession.expires_at > now)
            .values(revoked_at=now)
        )
        await session.execute(
            update(SignInLink).where(SignInLink.user_id == user_id, SignInLink.used_at.is_(None)).values(used_at=now)
        )
        return int(getattr(result, "rowcount", 0) or 0)
