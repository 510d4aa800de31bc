"""network: offerings, attendance, post-event rounds, peer introductions

Revision ID: network_0002
Revises: network_0001
Create Date: 2026-12-01 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "network_0002"
down_revision: str | Sequence[str] | None = "network_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _offerings()
    _attendance()
    _introductions()


def _offerings() -> None:
    op.create_table(
        "network_offering",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_key", sa.String(length=255), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("starts_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("target", sa.String(length=160), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_offering")),
        sa.UniqueConstraint("source_key", name=op.f("uq_network_offering_source_key")),
    )
    with op.batch_alter_table("network_offering", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_offering_starts_at"), ["starts_at"], unique=False)
    op.create_table(
        "network_offering_event",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["network_offering.id"],
            name=op.f("fk_network_offering_event_offering_id_network_offering"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_network_offering_event")),
    )
    with op.batch_alter_table("network_offering_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_offering_event_offering_id"), ["offering_id"], unique=False)
    op.create_table(
        "network_offering_ncc",
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("ncc_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ncc_id"], ["network_ncc.id"], name=op.f("fk_network_offering_ncc_ncc_id_network_ncc"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["network_offering.id"],
            name=op.f("fk_network_offering_ncc_offering_id_network_offering"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offering_id", "ncc_id", name=op.f("pk_network_offering_ncc")),
    )


def _attendance() -> None:
    op.create_table(
        "network_attendance",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("ncc_id", sa.Integer(), nullable=True),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("how", sa.String(length=10), nullable=False),
        sa.Column("recorded_by", sa.String(length=255), nullable=True),
        sa.Column("recorded_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ncc_id"], ["network_ncc.id"], name=op.f("fk_network_attendance_ncc_id_network_ncc"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("event_id", "user_id", name=op.f("pk_network_attendance")),
    )
    op.create_table(
        "network_round",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("attendance_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.Column("prompt_event_id", sa.String(length=255), nullable=True),
        sa.Column("followup_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_network_round")),
        sa.UniqueConstraint("prompt_event_id", name=op.f("uq_network_round_prompt_event_id")),
    )
    op.create_table(
        "network_followup",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("asked_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "user_id", name=op.f("pk_network_followup")),
    )


def _introductions() -> None:
    op.create_table(
        "network_introduction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_a", sa.Integer(), nullable=False),
        sa.Column("need_b", sa.Integer(), nullable=False),
        sa.Column("user_a", sa.String(length=255), nullable=False),
        sa.Column("user_b", sa.String(length=255), nullable=False),
        sa.Column("ncc_a", sa.Integer(), nullable=True),
        sa.Column("ncc_b", sa.Integer(), nullable=True),
        sa.Column("answer_a", sa.Boolean(), nullable=True),
        sa.Column("answer_b", sa.Boolean(), nullable=True),
        sa.Column("room_id", sa.String(length=255), nullable=True),
        sa.Column("posted_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("settled_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["ncc_a"], ["network_ncc.id"], name=op.f("fk_network_introduction_ncc_a_network_ncc"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["ncc_b"], ["network_ncc.id"], name=op.f("fk_network_introduction_ncc_b_network_ncc"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_introduction")),
        sa.UniqueConstraint("need_a", "need_b", name=op.f("uq_network_introduction_need_a")),
        sa.UniqueConstraint("room_id", name=op.f("uq_network_introduction_room_id")),
    )
    with op.batch_alter_table("network_introduction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_introduction_need_a"), ["need_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_network_introduction_need_b"), ["need_b"], unique=False)
        batch_op.create_index(batch_op.f("ix_network_introduction_user_a"), ["user_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_network_introduction_user_b"), ["user_b"], unique=False)
    op.create_table(
        "network_peer_check",
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("need_id", name=op.f("pk_network_peer_check")),
    )


def downgrade() -> None:
    op.drop_table("network_offering_ncc")
    with op.batch_alter_table("network_offering_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_offering_event_offering_id"))

    op.drop_table("network_offering_event")
    with op.batch_alter_table("network_introduction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_introduction_user_b"))
        batch_op.drop_index(batch_op.f("ix_network_introduction_user_a"))
        batch_op.drop_index(batch_op.f("ix_network_introduction_need_b"))
        batch_op.drop_index(batch_op.f("ix_network_introduction_need_a"))

    op.drop_table("network_introduction")
    op.drop_table("network_attendance")
    op.drop_table("network_round")
    op.drop_table("network_peer_check")
    with op.batch_alter_table("network_offering", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_offering_starts_at"))

    op.drop_table("network_offering")
    op.drop_table("network_followup")
