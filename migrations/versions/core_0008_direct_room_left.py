"""core: a direct room remembers when its person left it (no new room is forced on them for a day)

Revision ID: core_0008
Revises: core_0007
Create Date: 2026-12-01 11:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "core_0008"
down_revision: str | Sequence[str] | None = "core_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("core_direct_room") as batch_op:
        batch_op.add_column(sa.Column("left_at", bot.storage.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("core_direct_room") as batch_op:
        batch_op.drop_column("left_at")
