"""events: one name per concept (event_id is only ever a Matrix event id; a row of events_event is event_row_id)

Revision ID: events_0002
Revises: events_0001
Create Date: 2026-12-01 10:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "events_0002"
down_revision: str | Sequence[str] | None = "events_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHILDREN = {"events_reminder": "offset_seconds", "events_rsvp": "user_id"}  # the second column of their unique key


def upgrade() -> None:
    for table in ("events_event", "events_announcement"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("created_by", new_column_name="user_id")
    for table, second in CHILDREN.items():
        _rename_reference(table, second, "event_id", "event_row_id")


def downgrade() -> None:
    for table, second in CHILDREN.items():
        _rename_reference(table, second, "event_row_id", "event_id")
    for table in ("events_event", "events_announcement"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("user_id", new_column_name="created_by")


def _rename_reference(table: str, second: str, old: str, new: str) -> None:
    """Rename the foreign key column to events_event with its index, unique key and constraint names
    (SQLite recreates the table in batch mode: constraints are dropped first, rebuilt on the new name after)."""
    op.drop_index(f"ix_{table}_{old}", table_name=table)
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_constraint(f"fk_{table}_{old}_events_event", type_="foreignkey")
        batch_op.drop_constraint(f"uq_{table}_{old}", type_="unique")
        batch_op.alter_column(old, new_column_name=new)
    with op.batch_alter_table(table) as batch_op:
        batch_op.create_unique_constraint(f"uq_{table}_{new}", [new, second])
        batch_op.create_foreign_key(f"fk_{table}_{new}_events_event", "events_event", [new], ["id"], ondelete="CASCADE")
    op.create_index(f"ix_{table}_{new}", table, [new], unique=False)
