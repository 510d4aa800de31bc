"""events: an announcement remembers the message that asked for it (a replay makes no second one)

Revision ID: events_0003
Revises: events_0002
Create Date: 2026-12-01 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "events_0003"
down_revision: str | Sequence[str] | None = "events_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events_announcement") as batch_op:
        batch_op.add_column(sa.Column("source_event_id", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint("uq_events_announcement_source_event_id", ["source_event_id"])


def downgrade() -> None:
    with op.batch_alter_table("events_announcement") as batch_op:
        batch_op.drop_constraint("uq_events_announcement_source_event_id", type_="unique")
    with op.batch_alter_table("events_announcement") as batch_op:
        batch_op.drop_column("source_event_id")
