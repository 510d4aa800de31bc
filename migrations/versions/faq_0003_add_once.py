"""faq: a chat edit remembers the message that made it (a replayed !faq add makes no second entry)

Revision ID: faq_0003
Revises: faq_0002
Create Date: 2026-12-01 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "faq_0003"
down_revision: str | Sequence[str] | None = "faq_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("faq_entry_edit") as batch_op:
        batch_op.add_column(sa.Column("source_event_id", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint("uq_faq_entry_edit_source_event_id", ["source_event_id"])


def downgrade() -> None:
    with op.batch_alter_table("faq_entry_edit") as batch_op:
        batch_op.drop_constraint("uq_faq_entry_edit_source_event_id", type_="unique")
    with op.batch_alter_table("faq_entry_edit") as batch_op:
        batch_op.drop_column("source_event_id")
