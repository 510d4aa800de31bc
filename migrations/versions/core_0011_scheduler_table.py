"""core: APScheduler's job store table, created by `ncc-bot migrate` too (not only at the first run)

The table is APScheduler's own (same columns as its SQLAlchemyJobStore); databases where the bot already ran
have it, so it is created only where missing.

Revision ID: core_0011
Revises: core_0010
Create Date: 2026-12-01 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0011"
down_revision: str | Sequence[str] | None = "core_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "apscheduler_jobs"


def upgrade() -> None:
    if TABLE in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        TABLE,
        sa.Column("id", sa.Unicode(191), primary_key=True),
        sa.Column("next_run_time", sa.Float(25), index=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    pass  # the table is APScheduler's: it stays, as it would have without this revision
