"""events: an announcement remembers the occurrences it skipped (missed past its grace time), for coordinators

Revision ID: events_0004
Revises: events_0003
Create Date: 2026-12-01 21:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "events_0004"
down_revision: str | Sequence[str] | None = "events_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events_announcement") as batch_op:
        batch_op.add_column(sa.Column("skipped", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("last_skipped_at", bot.storage.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events_announcement") as batch_op:
        batch_op.drop_column("last_skipped_at")
        batch_op.drop_column("skipped")
