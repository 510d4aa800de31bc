"""needs: one name per concept (the author's and the actor's Matrix id in user_id)

Revision ID: needs_0002
Revises: needs_0001
Create Date: 2026-12-01 10:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "needs_0002"
down_revision: str | Sequence[str] | None = "needs_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMED = (("needs_need", "author_id"), ("needs_history", "actor_id"))


def upgrade() -> None:
    for table, column in RENAMED:
        rename(table, column, "user_id")


def downgrade() -> None:
    for table, column in RENAMED:
        rename(table, "user_id", column)


def rename(table: str, old: str, new: str) -> None:
    """A column and its index (SQLite recreates the table in batch mode; the index is rebuilt after)."""
    op.drop_index(f"ix_{table}_{old}", table_name=table)
    with op.batch_alter_table(table) as batch_op:
        batch_op.alter_column(old, new_column_name=new)
    op.create_index(f"ix_{table}_{new}", table, [new], unique=False)
