"""``analyses``: stored technique checks, linked to the session they were logged into.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Additive only: a new table; existing rows are untouched. Like every revision, a frozen
snapshot that does not import ``tables.py``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "analyses",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("runner_id", sa.String(36), nullable=False),
        sa.Column("session_log_id", sa.String(36), nullable=True),
        sa.Column("exercise", sa.String(80), nullable=False),
        sa.Column("video_name", sa.Text(), nullable=False),
        sa.Column("video_sha256", sa.String(64), nullable=True),
        sa.Column("analysis_version", sa.String(40), nullable=False),
        sa.Column("rep_count", sa.Integer(), nullable=False),
        sa.Column("good_form_reps", sa.Integer(), nullable=False),
        sa.Column(
            "result",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["runner_id"],
            ["runners.id"],
            name="fk_analyses_runner_id_runners",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_log_id"],
            ["session_logs.id"],
            name="fk_analyses_session_log_id_session_logs",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_analyses"),
    )
    op.create_index("ix_analyses_runner_id_exercise", "analyses", ["runner_id", "exercise"])
    op.create_index("ix_analyses_session_log_id", "analyses", ["session_log_id"])


def downgrade() -> None:
    op.drop_index("ix_analyses_session_log_id", table_name="analyses")
    op.drop_index("ix_analyses_runner_id_exercise", table_name="analyses")
    op.drop_table("analyses")
