"""core: room upgrades followed (old room -> its replacement), so each room's data moves once

Revision ID: core_0010
Revises: core_0009
Create Date: 2026-12-01 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "core_0010"
down_revision: str | Sequence[str] | None = "core_0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_room_move",
        sa.Column("old_room_id", sa.String(255), primary_key=True),
        sa.Column("new_room_id", sa.String(255), nullable=False),
        sa.Column("tombstone_event_id", sa.String(255), nullable=False),
        sa.Column("via", sa.String(255), nullable=False),
        sa.Column("recorded_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("moved_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_core_room_move_new_room_id", "core_room_move", ["new_room_id"])


def downgrade() -> None:
    op.drop_index("ix_core_room_move_new_room_id", "core_room_move")
    op.drop_table("core_room_move")
