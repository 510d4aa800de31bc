"""kudos: the table of kudos given (a test-only feature's own branch, in its own folder)

Revision ID: kudos_0001
Revises:
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "kudos_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("kudos",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kudos_given",
        sa.Column("source_event_id", sa.String(length=255), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("from_user_id", sa.String(length=255), nullable=False),
        sa.Column("to_user_id", sa.String(length=255), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("given_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source_event_id", name="pk_kudos_given"),
    )
    op.create_index("ix_kudos_given_room_id", "kudos_given", ["room_id"])


def downgrade() -> None:
    op.drop_index("ix_kudos_given_room_id", table_name="kudos_given")
    op.drop_table("kudos_given")
