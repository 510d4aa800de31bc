"""The core's own state: the sync token, the device, and the ledger of handled events.

Why a ledger as well as the sync token: the token is saved once a whole sync batch is handled, so a kill -9 in
the middle of a batch replays it; the ledger makes the replay skip what was already answered.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, String, Text, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage import Base, UtcDateTime, id_key, utcnow

SYNC_TOKEN = "sync.next_batch"
DEVICE_ID = "matrix.device_id"


class CoreState(Base):
    __tablename__ = "core_state"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class ProcessedEvent(Base):
    """The ledger: handled events by a hash of their id. It answers "seen before?" and nothing else, so it
    keeps no room, no sender and no event id a person could be traced by (and `!forgetme` need not find it)."""

    __tablename__ = "core_handled_event"
    event_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


event_key = id_key


class Undecrypted(Base):
    """An encrypted event whose room key has not arrived yet: kept across restarts until it is decrypted
    and handled, or the grace period ends and its sender is told (never dropped silently)."""

    __tablename__ = "core_undecrypted"
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255))  # its sender
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


async def get_value(session: AsyncSession, key: str) -> str | None:
    row = await session.get(CoreState, key)
    return row.value if row else None


async def set_value(session: AsyncSession, key: str, value: str) -> None:
    """One statement (an upsert): the sync token is written after every batch."""
    insert = _insert_for(session)
    statement = insert(CoreState).values(key=key, value=value, updated_at=utcnow())
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[CoreState.key], set_={"value": value, "updated_at": statement.excluded.updated_at}
        )
    )


async def unhandled(session: AsyncSession, event_ids: list[str]) -> set[str]:
    """The subset of event_ids not yet in the ledger."""
    if not event_ids:
        return set()
    keys = {event_key(e): e for e in event_ids}
    seen: set[str] = set()
    ordered = list(keys)
    for start in range(0, len(ordered), 500):  # stay under the bound-parameter limits
        chunk = ordered[start : start + 500]
        rows = await session.scalars(select(ProcessedEvent.event_key).where(ProcessedEvent.event_key.in_(chunk)))
        seen.update(keys[k] for k in rows)
    return set(event_ids) - seen


async def mark_handled(session: AsyncSession, event_id: str) -> None:
    """One statement per handled event (an insert that ignores a replay), not a read and then a write."""
    insert = _insert_for(session)
    await session.execute(
        insert(ProcessedEvent)
        .values(event_key=event_key(event_id), handled_at=utcnow())
        .on_conflict_do_nothing(index_elements=[ProcessedEvent.event_key])
    )


async def prune_ledger(session: AsyncSession, older_than: timedelta, now: datetime) -> int:
    """Old entries can go: the sync token is far past them, so they can never be replayed."""
    result = await session.execute(delete(ProcessedEvent).where(ProcessedEvent.handled_at < now - older_than))
    return result.rowcount or 0


def _insert_for(session: AsyncSession) -> Any:
    """The dialect's INSERT, which has ON CONFLICT (SQLite and PostgreSQL both do)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert
    return sqlite_insert
