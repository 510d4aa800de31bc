"""faq: chat edits, question log, gaps, feedback, pending choices

Revision ID: faq_0001
Revises:
Create Date: 2026-11-25 20:02:33.627006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "faq_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("faq",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _create_faq_entry_edit()
    _create_faq_question()
    _create_faq_feedback()
    _create_faq_gap()
    _create_faq_pending_choice()


def _create_faq_entry_edit() -> None:
    op.create_table(
        "faq_entry_edit",
        sa.Column("entry_id", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("is_removed", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(length=255), nullable=False),
        sa.Column("updated_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_faq_entry_edit")),
    )


def _create_faq_question() -> None:
    op.create_table(
        "faq_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asked_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("sender", sa.String(length=255), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("entry_id", sa.String(length=40), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("answer_event_id", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_question")),
        sa.UniqueConstraint("event_id", name=op.f("uq_faq_question_event_id")),
    )
    with op.batch_alter_table("faq_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_question_answer_event_id"), ["answer_event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_faq_question_asked_at"), ["asked_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_faq_question_sender"), ["sender"], unique=False)


def _create_faq_feedback() -> None:
    op.create_table(
        "faq_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=255), nullable=False),
        sa.Column("vote", sa.String(length=8), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["faq_question.id"],
            name=op.f("fk_faq_feedback_question_id_faq_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_feedback")),
        sa.UniqueConstraint("question_id", "sender", "vote", name=op.f("uq_faq_feedback_question_id")),
    )
    with op.batch_alter_table("faq_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_feedback_sender"), ["sender"], unique=False)


def _create_faq_gap() -> None:
    op.create_table(
        "faq_gap",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("sender", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["question_id"], ["faq_question.id"], name=op.f("fk_faq_gap_question_id_faq_question"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_gap")),
    )
    with op.batch_alter_table("faq_gap", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_gap_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_faq_gap_sender"), ["sender"], unique=False)


def _create_faq_pending_choice() -> None:
    op.create_table(
        "faq_pending_choice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("sender", sa.String(length=255), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["faq_question.id"],
            name=op.f("fk_faq_pending_choice_question_id_faq_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_pending_choice")),
        sa.UniqueConstraint("room_id", "sender", name=op.f("uq_faq_pending_choice_room_id")),
    )
    with op.batch_alter_table("faq_pending_choice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_pending_choice_sender"), ["sender"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("faq_pending_choice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_pending_choice_sender"))

    op.drop_table("faq_pending_choice")
    with op.batch_alter_table("faq_gap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_gap_sender"))
        batch_op.drop_index(batch_op.f("ix_faq_gap_created_at"))

    op.drop_table("faq_gap")
    with op.batch_alter_table("faq_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_feedback_sender"))

    op.drop_table("faq_feedback")
    with op.batch_alter_table("faq_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_question_sender"))
        batch_op.drop_index(batch_op.f("ix_faq_question_asked_at"))
        batch_op.drop_index(batch_op.f("ix_faq_question_answer_event_id"))

    op.drop_table("faq_question")
    op.drop_table("faq_entry_edit")
