"""NCCs, their rooms, capacity groups and members; offerings, attendance, post-event rounds and introductions.
Rows declared in config.yaml are marked `from_config`: the start-up sync adds, changes and removes only those,
never what coordinators added in the chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage import Base, UtcDateTime, utcnow


class Ncc(Base):
    __tablename__ = "network_ncc"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    country: Mapped[str | None] = mapped_column(String(100), nullable=True)
    from_config: Mapped[bool] = mapped_column(default=False)


class NccRoom(Base):
    __tablename__ = "network_ncc_room"
    room_id: Mapped[str] = mapped_column(String(255), primary_key=True)  # a room belongs to one NCC
    ncc_id: Mapped[int] = mapped_column(ForeignKey("network_ncc.id", ondelete="CASCADE"), index=True)
    from_config: Mapped[bool] = mapped_column(default=False)


class GroupMember(Base):
    __tablename__ = "network_group_member"
    group_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    ncc_id: Mapped[int] = mapped_column(ForeignKey("network_ncc.id", ondelete="CASCADE"), primary_key=True)
    from_config: Mapped[bool] = mapped_column(default=False)


class Member(Base):
    """A person's NCC, as they asked (`!ncc join`) and a coordinator of that NCC confirmed."""

    __tablename__ = "network_member"
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    ncc_id: Mapped[int] = mapped_column(ForeignKey("network_ncc.id", ondelete="CASCADE"), index=True)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    confirmed_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Offering(Base):
    """One event offered to part of the network (`!network event`): its copies, one per room, count once."""

    __tablename__ = "network_offering"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_key: Mapped[str] = mapped_column(String(255), unique=True)  # the asking message: made once
    title: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    target: Mapped[str] = mapped_column(String(160))  # "group A", "ncc NCC Malta", "network"
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OfferingEvent(Base):
    __tablename__ = "network_offering_event"
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the events feature's event, one room
    offering_id: Mapped[int] = mapped_column(ForeignKey("network_offering.id", ondelete="CASCADE"), index=True)


class OfferingNcc(Base):
    """The NCCs an offering was for, as they stood when it was made (a later group change rewrites no history)."""

    __tablename__ = "network_offering_ncc"
    offering_id: Mapped[int] = mapped_column(ForeignKey("network_offering.id", ondelete="CASCADE"), primary_key=True)
    ncc_id: Mapped[int] = mapped_column(ForeignKey("network_ncc.id", ondelete="CASCADE"), primary_key=True)


class Attendance(Base):
    """Who took part in an event, and how it is known: `rsvp`, `reaction` (confirmed by the attendee) or
    `marked` (a coordinator's correction, which the other two never override)."""

    __tablename__ = "network_attendance"
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    ncc_id: Mapped[int | None] = mapped_column(ForeignKey("network_ncc.id", ondelete="SET NULL"), nullable=True)
    present: Mapped[bool] = mapped_column(default=True)
    how: Mapped[str] = mapped_column(String(10))
    recorded_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Round(Base):
    """After an event: when attendance was taken (and the message attendees confirm on), and when the
    post-event needs round went out."""

    __tablename__ = "network_round"
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attendance_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    prompt_event_id: Mapped[str | None] = mapped_column(String(255), nullable=True, unique=True)
    followup_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class FollowUp(Base):
    """An attendee asked, by DM, about new needs after an event (once each)."""

    __tablename__ = "network_followup"
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Introduction(Base):
    """Two authors of similar needs in different NCCs, asked by DM whether they want to meet. `need_a` < `need_b`;
    answers are None (not yet), True or False; the room exists only once both said yes."""

    __tablename__ = "network_introduction"
    __table_args__ = (UniqueConstraint("need_a", "need_b"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_a: Mapped[int] = mapped_column(Integer, index=True)
    need_b: Mapped[int] = mapped_column(Integer, index=True)
    user_a: Mapped[str] = mapped_column(String(255), index=True)
    user_b: Mapped[str] = mapped_column(String(255), index=True)
    ncc_a: Mapped[int | None] = mapped_column(ForeignKey("network_ncc.id", ondelete="SET NULL"), nullable=True)
    ncc_b: Mapped[int | None] = mapped_column(ForeignKey("network_ncc.id", ondelete="SET NULL"), nullable=True)
    answer_a: Mapped[bool | None] = mapped_column(nullable=True)
    answer_b: Mapped[bool | None] = mapped_column(nullable=True)
    room_id: Mapped[str | None] = mapped_column(String(255), nullable=True, unique=True)
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # the introduction, once both joined
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class PeerCheck(Base):
    """A filed need already looked at for peers (a restart looks at the rest)."""

    __tablename__ = "network_peer_check"
    need_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
