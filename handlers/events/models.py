"""The events' tables: events, their reminders, RSVPs, DM opt-ins, and announcements."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage import Base, UtcDateTime, utcnow


class Event(Base):
    __tablename__ = "events_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255), index=True)
    title: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text, nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    user_id: Mapped[str | None] = mapped_column(String(255), nullable=True)  # who added it (None once forgotten)
    source_event_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    announcement_event_id: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Reminder(Base):
    __tablename__ = "events_reminder"
    __table_args__ = (UniqueConstraint("event_row_id", "offset_seconds"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_row_id: Mapped[int] = mapped_column(ForeignKey("events_event.id", ondelete="CASCADE"), index=True)
    offset_seconds: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    skipped_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Rsvp(Base):
    __tablename__ = "events_rsvp"
    __table_args__ = (UniqueConstraint("event_row_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_row_id: Mapped[int] = mapped_column(ForeignKey("events_event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    answer: Mapped[str] = mapped_column(String(10))  # going | maybe | no
    remind_by_dm: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class Announcement(Base):
    __tablename__ = "events_announcement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    config_id: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)  # declared in config
    config_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    rooms: Mapped[list[str]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    schedule: Mapped[str | None] = mapped_column(String(100), nullable=True)  # cron; None: one-off
    zone: Mapped[str] = mapped_column(String(64))
    next_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    user_id: Mapped[str | None] = mapped_column(String(255), nullable=True)  # who scheduled it
    source_event_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    skipped: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # occurrences missed past grace
    last_skipped_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
