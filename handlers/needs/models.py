"""The needs' tables: needs, supporters, history, guided dialogues in progress, members' profiles, list cursors."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage import Base, UtcDateTime, utcnow

STATUSES = ("open", "in-progress", "addressed", "declined", "withdrawn", "merged")
CLOSED = ("addressed", "declined", "withdrawn", "merged")


class Need(Base):
    __tablename__ = "needs_need"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str | None] = mapped_column(
        String(255), index=True, nullable=True
    )  # the author; None once forgotten
    room_id: Mapped[str] = mapped_column(String(255))
    source_event_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    norm: Mapped[str] = mapped_column(Text)  # stems, for duplicate detection
    lang: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(60), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    status_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    country: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    urgency: Mapped[str | None] = mapped_column(String(40), nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    contact_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(60), nullable=True, index=True)  # "event:12": how it came
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("needs_need.id"), nullable=True)
    supporters: Mapped[int] = mapped_column(Integer, default=0)  # kept with Support rows, for fast sorting
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class Support(Base):
    __tablename__ = "needs_support"
    __table_args__ = (UniqueConstraint("need_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs_need.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class History(Base):
    """What happened to a need (status changes with notes, merges, category changes, text carried over)."""

    __tablename__ = "needs_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs_need.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    user_id: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)  # who did it
    kind: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")


class Dialogue(Base):
    """A guided `!need` conversation in progress: restart-safe, expires when abandoned."""

    __tablename__ = "needs_dialogue"
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_event_id: Mapped[str | None] = mapped_column(String(255), nullable=True)  # the answer last applied


class Profile(Base):
    """What the bot remembers for next time: the member's NCC / country."""

    __tablename__ = "needs_profile"
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    country: Mapped[str | None] = mapped_column(String(100), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class Listing(Base):
    """Where `!needs more` continues: the asker's last filters and offset in that room."""

    __tablename__ = "needs_listing"
    __table_args__ = (UniqueConstraint("room_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    offset: Mapped[int] = mapped_column(Integer, default=0)
