"""Sign-in links and sessions. Only digests of their secrets are stored: a database dump opens nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage import Base, UtcDateTime, utcnow


class SignInLink(Base):
    __tablename__ = "dashboard_link"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the link's secret
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    source_event_id: Mapped[str] = mapped_column(String(255), unique=True)  # the `!dashboard` asking for it
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class WebSession(Base):
    __tablename__ = "dashboard_session"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's value
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    csrf: Mapped[str] = mapped_column(String(64))  # the forms' token, bound to this session
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
