"""network: NCCs, their rooms, capacity groups, members

Revision ID: network_0001
Revises:
Create Date: 2026-12-01 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "network_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("network",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "network_ncc",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("from_config", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_ncc")),
        sa.UniqueConstraint("name", name=op.f("uq_network_ncc_name")),
    )
    op.create_table(
        "network_ncc_room",
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("ncc_id", sa.Integer(), nullable=False),
        sa.Column("from_config", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ncc_id"], ["network_ncc.id"], name=op.f("fk_network_ncc_room_ncc_id_network_ncc"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("room_id", name=op.f("pk_network_ncc_room")),
    )
    op.create_index(op.f("ix_network_ncc_room_ncc_id"), "network_ncc_room", ["ncc_id"], unique=False)
    op.create_table(
        "network_group_member",
        sa.Column("group_name", sa.String(length=40), nullable=False),
        sa.Column("ncc_id", sa.Integer(), nullable=False),
        sa.Column("from_config", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ncc_id"], ["network_ncc.id"], name=op.f("fk_network_group_member_ncc_id_network_ncc"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("group_name", "ncc_id", name=op.f("pk_network_group_member")),
    )
    op.create_table(
        "network_member",
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("ncc_id", sa.Integer(), nullable=False),
        sa.Column("asked_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by", sa.String(length=255), nullable=True),
        sa.Column("confirmed_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["ncc_id"], ["network_ncc.id"], name=op.f("fk_network_member_ncc_id_network_ncc"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_network_member")),
    )
    op.create_index(op.f("ix_network_member_ncc_id"), "network_member", ["ncc_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_network_member_ncc_id"), table_name="network_member")
    op.drop_table("network_member")
    op.drop_table("network_group_member")
    op.drop_index(op.f("ix_network_ncc_room_ncc_id"), table_name="network_ncc_room")
    op.drop_table("network_ncc_room")
    op.drop_table("network_ncc")
