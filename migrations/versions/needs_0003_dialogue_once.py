"""needs: the guided dialogue remembers the last answer it took (a replayed answer is not applied twice)

Revision ID: needs_0003
Revises: needs_0002
Create Date: 2026-12-01 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "needs_0003"
down_revision: str | Sequence[str] | None = "needs_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("needs_dialogue") as batch_op:
        batch_op.add_column(sa.Column("last_event_id", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("needs_dialogue") as batch_op:
        batch_op.drop_column("last_event_id")
