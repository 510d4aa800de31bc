"""needs: where a need came from when another feature asked for it (a post-event round: `event:12`)

Revision ID: needs_0004
Revises: needs_0003
Create Date: 2026-12-01 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "needs_0004"
down_revision: str | Sequence[str] | None = "needs_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("needs_need") as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=60), nullable=True))
        batch_op.create_index(batch_op.f("ix_needs_need_source"), ["source"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("needs_need") as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_need_source"))
        batch_op.drop_column("source")
