"""core: direct message rooms and their outbox

Revision ID: core_0003
Revises: core_0002
Create Date: 2026-11-25 20:20:48.093504
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "core_0003"
down_revision: str | Sequence[str] | None = "core_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_direct_room",
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_core_direct_room")),
    )
    op.create_table(
        "core_dm_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("event_type", sa.String(length=100), nullable=False),
        sa.Column("tx_key", sa.String(length=255), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_dm_outbox")),
    )
    with op.batch_alter_table("core_dm_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_core_dm_outbox_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("core_dm_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_core_dm_outbox_user_id"))

    op.drop_table("core_dm_outbox")
    op.drop_table("core_direct_room")
