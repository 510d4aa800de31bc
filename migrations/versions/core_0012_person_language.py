"""core: each person's chosen language (`!lang`)

Revision ID: core_0012
Revises: core_0011
Create Date: 2026-12-01 15:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "core_0012"
down_revision: str | Sequence[str] | None = "core_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_person_language",
        sa.Column("user_id", sa.String(length=255), primary_key=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("updated_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("core_person_language")
