"""core: delivered firings of timed jobs

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-11-25 20:41:09.299497
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "core_0004"
down_revision: str | Sequence[str] | None = "core_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_firing",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fired_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_core_firing")),
    )


def downgrade() -> None:
    op.drop_table("core_firing")
