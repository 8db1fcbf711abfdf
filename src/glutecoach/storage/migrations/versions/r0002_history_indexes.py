"""Indexes for history and chart queries; ``session_logs.updated_at``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Additive only: existing rows keep their values and ``updated_at`` starts as NULL ("never
changed after logging"). Entering next-morning pain now sets it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # A plain ADD/DROP COLUMN (SQLite 3.35+ and PostgreSQL): no table copy, so rows that
    # reference session_logs are never touched.
    op.add_column("session_logs", sa.Column("updated_at", sa.DateTime(timezone=True)))
    op.create_index("ix_session_logs_runner_id_date", "session_logs", ["runner_id", "date"])
    op.create_index("ix_set_logs_variation_id", "set_logs", ["variation_id"])
    op.create_index(
        "ix_decisions_runner_id_variation_id", "decisions", ["runner_id", "variation_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_decisions_runner_id_variation_id", table_name="decisions")
    op.drop_index("ix_set_logs_variation_id", table_name="set_logs")
    op.drop_index("ix_session_logs_runner_id_date", table_name="session_logs")
    op.drop_column("session_logs", "updated_at")
