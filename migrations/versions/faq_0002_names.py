"""faq: one name per concept (user ids in user_id, the asked message in source_event_id)

Revision ID: faq_0002
Revises: faq_0001
Create Date: 2026-12-01 10:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "faq_0002"
down_revision: str | Sequence[str] | None = "faq_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXED = ("faq_question", "faq_feedback", "faq_gap", "faq_pending_choice")  # sender -> user_id, with its index


def upgrade() -> None:
    for table in INDEXED:
        rename(table, "sender", "user_id", index=True)
    rename_unique("faq_question", "event_id", "source_event_id")
    rename("faq_entry_edit", "updated_by", "user_id", index=False)


def downgrade() -> None:
    rename("faq_entry_edit", "user_id", "updated_by", index=False)
    rename_unique("faq_question", "source_event_id", "event_id")
    for table in INDEXED:
        rename(table, "user_id", "sender", index=True)


def rename(table: str, old: str, new: str, *, index: bool) -> None:
    """A column (and its index: SQLite recreates the table in batch mode, the index is rebuilt after)."""
    if index:
        op.drop_index(f"ix_{table}_{old}", table_name=table)
    with op.batch_alter_table(table) as batch_op:
        batch_op.alter_column(old, new_column_name=new)
    if index:
        op.create_index(f"ix_{table}_{new}", table, [new], unique=False)


def rename_unique(table: str, old: str, new: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_constraint(f"uq_{table}_{old}", type_="unique")
        batch_op.alter_column(old, new_column_name=new)
    with op.batch_alter_table(table) as batch_op:
        batch_op.create_unique_constraint(f"uq_{table}_{new}", [new])
