"""core: one name per concept (a Matrix user id is in a column named user_id)

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-12-01 10:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "core_0005"
down_revision: str | Sequence[str] | None = "core_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("core_undecrypted") as batch_op:
        batch_op.alter_column("sender", new_column_name="user_id")


def downgrade() -> None:
    with op.batch_alter_table("core_undecrypted") as batch_op:
        batch_op.alter_column("user_id", new_column_name="sender")
