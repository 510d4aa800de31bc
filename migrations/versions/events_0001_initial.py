"""events: events, reminders, RSVPs, announcements

Revision ID: events_0001
Revises:
Create Date: 2026-11-25 20:41:25.028149
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage

revision: str = "events_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("events",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _create_events_announcement()
    _create_events_event()
    _create_events_reminder()
    _create_events_rsvp()


def _create_events_announcement() -> None:
    op.create_table(
        "events_announcement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("config_id", sa.String(length=40), nullable=True),
        sa.Column("config_hash", sa.String(length=64), nullable=True),
        sa.Column("rooms", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("schedule", sa.String(length=100), nullable=True),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("next_run_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=True),
        sa.Column("cancelled_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.Column("last_sent_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events_announcement")),
        sa.UniqueConstraint("config_id", name=op.f("uq_events_announcement_config_id")),
    )
    with op.batch_alter_table("events_announcement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_announcement_next_run_at"), ["next_run_at"], unique=False)


def _create_events_event() -> None:
    op.create_table(
        "events_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.String(length=255), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("starts_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=True),
        sa.Column("source_event_id", sa.String(length=255), nullable=True),
        sa.Column("announcement_event_id", sa.String(length=255), nullable=True),
        sa.Column("cancelled_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events_event")),
        sa.UniqueConstraint("source_event_id", name=op.f("uq_events_event_source_event_id")),
    )
    with op.batch_alter_table("events_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_events_event_announcement_event_id"), ["announcement_event_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_events_event_room_id"), ["room_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_event_starts_at"), ["starts_at"], unique=False)


def _create_events_reminder() -> None:
    op.create_table(
        "events_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("offset_seconds", sa.Integer(), nullable=False),
        sa.Column("due_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.Column("skipped_at", bot.storage.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events_event.id"], name=op.f("fk_events_reminder_event_id_events_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events_reminder")),
        sa.UniqueConstraint("event_id", "offset_seconds", name=op.f("uq_events_reminder_event_id")),
    )
    with op.batch_alter_table("events_reminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_reminder_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_reminder_event_id"), ["event_id"], unique=False)


def _create_events_rsvp() -> None:
    op.create_table(
        "events_rsvp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("answer", sa.String(length=10), nullable=False),
        sa.Column("remind_by_dm", sa.Boolean(), nullable=False),
        sa.Column("updated_at", bot.storage.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events_event.id"], name=op.f("fk_events_rsvp_event_id_events_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events_rsvp")),
        sa.UniqueConstraint("event_id", "user_id", name=op.f("uq_events_rsvp_event_id")),
    )
    with op.batch_alter_table("events_rsvp", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_rsvp_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_rsvp_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events_rsvp", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_rsvp_user_id"))
        batch_op.drop_index(batch_op.f("ix_events_rsvp_event_id"))

    op.drop_table("events_rsvp")
    with op.batch_alter_table("events_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_reminder_event_id"))
        batch_op.drop_index(batch_op.f("ix_events_reminder_due_at"))

    op.drop_table("events_reminder")
    with op.batch_alter_table("events_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_event_starts_at"))
        batch_op.drop_index(batch_op.f("ix_events_event_room_id"))
        batch_op.drop_index(batch_op.f("ix_events_event_announcement_event_id"))

    op.drop_table("events_event")
    with op.batch_alter_table("events_announcement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_announcement_next_run_at"))

    op.drop_table("events_announcement")
