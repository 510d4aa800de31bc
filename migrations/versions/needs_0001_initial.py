"""needs: needs, supporters, history, dialogues, profiles, listings

Revision ID: needs_0001
Revises:
Create Date: 2026-11-25 20:24:24.077372
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "needs_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("needs",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _create_needs_dialogue()
    _create_needs_listing()
    _create_needs_need()
    _create_needs_profile()
    _create_needs_history()
    _create_needs_support()


def _create_needs_dialogue() -> None:
    op.create_table(
        "needs_dialogue",
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_needs_dialogue")),
    )


def _create_needs_listing() -> None:
    op.create_table(
        "needs_listing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs_listing")),
        sa.UniqueConstraint("room_id", "user_id", name=op.f("uq_needs_listing_room_id")),
    )
    with op.batch_alter_table("needs_listing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_needs_listing_user_id"), ["user_id"], unique=False)


def _create_needs_need() -> None:
    op.create_table(
        "needs_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.String(length=255), nullable=True),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("source_event_id", sa.String(length=255), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("norm", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("urgency", sa.String(length=40), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("contact_ok", sa.Boolean(), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("supporters", sa.Integer(), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["merged_into"], ["needs_need.id"], name=op.f("fk_needs_need_merged_into_needs_need")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs_need")),
        sa.UniqueConstraint("source_event_id", name=op.f("uq_needs_need_source_event_id")),
    )
    with op.batch_alter_table("needs_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_needs_need_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_need_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_need_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_need_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_need_status"), ["status"], unique=False)


def _create_needs_profile() -> None:
    op.create_table(
        "needs_profile",
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("updated_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_needs_profile")),
    )


def _create_needs_history() -> None:
    op.create_table(
        "needs_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=255), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs_need.id"], name=op.f("fk_needs_history_need_id_needs_need"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs_history")),
    )
    with op.batch_alter_table("needs_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_needs_history_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_history_need_id"), ["need_id"], unique=False)


def _create_needs_support() -> None:
    op.create_table(
        "needs_support",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs_need.id"], name=op.f("fk_needs_support_need_id_needs_need"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs_support")),
        sa.UniqueConstraint("need_id", "user_id", name=op.f("uq_needs_support_need_id")),
    )
    with op.batch_alter_table("needs_support", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_needs_support_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_support_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("needs_support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_support_user_id"))
        batch_op.drop_index(batch_op.f("ix_needs_support_need_id"))

    op.drop_table("needs_support")
    with op.batch_alter_table("needs_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_history_need_id"))
        batch_op.drop_index(batch_op.f("ix_needs_history_actor_id"))

    op.drop_table("needs_history")
    op.drop_table("needs_profile")
    with op.batch_alter_table("needs_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_need_status"))
        batch_op.drop_index(batch_op.f("ix_needs_need_created_at"))
        batch_op.drop_index(batch_op.f("ix_needs_need_country"))
        batch_op.drop_index(batch_op.f("ix_needs_need_category"))
        batch_op.drop_index(batch_op.f("ix_needs_need_author_id"))

    op.drop_table("needs_need")
    with op.batch_alter_table("needs_listing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_listing_user_id"))

    op.drop_table("needs_listing")
    op.drop_table("needs_dialogue")
