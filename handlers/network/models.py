"""NCCs, their rooms, capacity groups and members. Rows declared in config.yaml are marked `from_config`: the
start-up sync adds, changes and removes only those, never what coordinators added in the chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
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
