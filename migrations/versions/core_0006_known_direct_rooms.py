"""core: rooms the bot knows to be direct chats (created by it, or invited to as one), kept by a hash of the id

Revision ID: core_0006
Revises: core_0005
Create Date: 2026-12-01 10:30:00
"""

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "core_0006"
down_revision: str | Sequence[str] | None = "core_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "core_known_direct_room",
        sa.Column("room_key", sa.String(length=64), nullable=False),
        sa.Column("learnt_from", sa.String(length=20), nullable=False),
        sa.Column("learnt_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("room_key", name=op.f("pk_core_known_direct_room")),
    )
    # The DMs the bot created before this revision are direct chats it knows.
    rooms = op.get_bind().execute(sa.text("SELECT room_id FROM core_direct_room")).scalars().all()
    now = datetime.now(UTC)
    rows = [
        {"room_key": hashlib.sha256(r.encode()).hexdigest(), "learnt_from": "created", "learnt_at": now} for r in rooms
    ]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("core_known_direct_room")
