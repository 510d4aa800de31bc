"""faq: questions passed on to the coordinators (faq_relay); gaps remember when a coordinator answered them

Revision ID: faq_0004
Revises: faq_0003
Create Date: 2026-12-01 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.storage import UtcDateTime

revision: str = "faq_0004"
down_revision: str | Sequence[str] | None = "faq_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "faq_relay",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("question_id", sa.Integer(), sa.ForeignKey("faq_question.id", ondelete="CASCADE"), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("offered_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("root_event_id", sa.String(length=255), nullable=True),
        sa.Column("answered_by", sa.String(length=255), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", UtcDateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("question_id", name="uq_faq_relay_question_id"),
        sa.UniqueConstraint("root_event_id", name="uq_faq_relay_root_event_id"),
    )
    op.create_index("ix_faq_relay_user_id", "faq_relay", ["user_id"])
    with op.batch_alter_table("faq_gap") as batch_op:
        batch_op.add_column(sa.Column("answered_at", UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("faq_gap") as batch_op:
        batch_op.drop_column("answered_at")
    op.drop_index("ix_faq_relay_user_id", table_name="faq_relay")
    op.drop_table("faq_relay")
