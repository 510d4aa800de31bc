"""core: the bot's reply to each command (hashed ids), so an edited command edits that reply

Revision ID: core_0009
Revises: core_0008
Create Date: 2026-12-01 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "core_0009"
down_revision: str | Sequence[str] | None = "core_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_command_reply",
        sa.Column("event_key", sa.String(64), primary_key=True),
        sa.Column("sender_key", sa.String(64), nullable=False),
        sa.Column("reply_event_id", sa.String(255), nullable=False),
        sa.Column("rerunnable", sa.Boolean(), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_core_command_reply_created_at", "core_command_reply", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_core_command_reply_created_at", "core_command_reply")
    op.drop_table("core_command_reply")
