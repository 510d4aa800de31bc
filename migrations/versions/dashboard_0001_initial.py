"""dashboard: one-time sign-in links and web sessions (digests of their secrets only)

Revision ID: dashboard_0001
Revises:
Create Date: 2026-12-01 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "dashboard_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("dashboard",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dashboard_link",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("source_event_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("used_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_dashboard_link")),
        sa.UniqueConstraint("source_event_id", name=op.f("uq_dashboard_link_source_event_id")),
    )
    with op.batch_alter_table("dashboard_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dashboard_link_user_id"), ["user_id"], unique=False)

    op.create_table(
        "dashboard_session",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_dashboard_session")),
    )
    with op.batch_alter_table("dashboard_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dashboard_session_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dashboard_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dashboard_session_user_id"))

    op.drop_table("dashboard_session")
    with op.batch_alter_table("dashboard_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dashboard_link_user_id"))

    op.drop_table("dashboard_link")
