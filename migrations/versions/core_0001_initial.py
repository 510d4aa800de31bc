"""core: sync token, device, handled-event ledger

Revision ID: core_0001
Revises:
Create Date: 2026-11-25 19:41:57.441124
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "core_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("core",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_processed_event",
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("handled_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_core_processed_event")),
    )
    with op.batch_alter_table("core_processed_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_core_processed_event_handled_at"), ["handled_at"], unique=False)

    op.create_table(
        "core_state",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_core_state")),
    )


def downgrade() -> None:
    op.drop_table("core_state")
    with op.batch_alter_table("core_processed_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_core_processed_event_handled_at"))

    op.drop_table("core_processed_event")
