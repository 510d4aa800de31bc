"""core: the ledger of handled events keeps a hash of each event id, and no room id

Revision ID: core_0007
Revises: core_0006
Create Date: 2026-12-01 11:10:00
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "core_0007"
down_revision: str | Sequence[str] | None = "core_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "core_handled_event",
        sa.Column("event_key", sa.String(length=64), nullable=False),
        sa.Column("handled_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_key", name=op.f("pk_core_handled_event")),
    )
    op.create_index(op.f("ix_core_handled_event_handled_at"), "core_handled_event", ["handled_at"], unique=False)
    ledger = sa.table(
        "core_processed_event",
        sa.column("event_id", sa.String()),
        sa.column("handled_at", bot.storage.UtcDateTime(timezone=True)),
    )
    old = op.get_bind().execute(sa.select(ledger.c.event_id, ledger.c.handled_at)).all()
    rows = [{"event_key": hashlib.sha256(e.encode()).hexdigest(), "handled_at": at} for e, at in old]
    for start in range(0, len(rows), 1000):
        op.bulk_insert(table, rows[start : start + 1000])
    op.drop_index("ix_core_processed_event_handled_at", table_name="core_processed_event")
    op.drop_table("core_processed_event")


def downgrade() -> None:
    """The ids themselves cannot come back from their hashes: an empty ledger (a replay window of one sync)."""
    op.create_table(
        "core_processed_event",
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("handled_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_core_processed_event")),
    )
    op.create_index("ix_core_processed_event_handled_at", "core_processed_event", ["handled_at"], unique=False)
    op.drop_index(op.f("ix_core_handled_event_handled_at"), table_name="core_handled_event")
    op.drop_table("core_handled_event")
