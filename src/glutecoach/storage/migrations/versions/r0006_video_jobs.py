"""Video checks as jobs (uploaded clips, their state, result and expiry) and coaches' notes
with their allow/forbid list per athlete.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

Additive only: new tables; existing rows are untouched. Like every revision, a frozen
snapshot that does not import the table modules.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

UTC = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "video_jobs",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("runner_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("exercise", sa.String(80), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(16), nullable=True),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("failure", sa.Text(), nullable=True),
        sa.Column("video_name", sa.Text(), nullable=False),
        sa.Column("video_sha256", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result", JSON, nullable=True),
        sa.Column("session_log_id", sa.String(36), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("started_at", UTC, nullable=True),
        sa.Column("finished_at", UTC, nullable=True),
        sa.Column("expires_at", UTC, nullable=False),
        _fk("video_jobs", "runner_id", "runners", "CASCADE"),
        _fk("video_jobs", "session_log_id", "session_logs", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_video_jobs"),
    )
    op.create_index("ix_video_jobs_runner_id", "video_jobs", ["runner_id"])
    op.create_index("ix_video_jobs_status_created_at", "video_jobs", ["status", "created_at"])
    op.create_table(
        "coach_notes",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("coach_id", sa.String(36), nullable=False),
        sa.Column("athlete_id", sa.String(36), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("allowed", JSON, nullable=False),
        sa.Column("forbidden", JSON, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        _fk("coach_notes", "coach_id", "users", "CASCADE"),
        _fk("coach_notes", "athlete_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_coach_notes"),
        sa.UniqueConstraint("coach_id", "athlete_id", name="uq_coach_notes_coach_id_athlete_id"),
    )
    op.create_index("ix_coach_notes_coach_id", "coach_notes", ["coach_id"])
    op.create_index("ix_coach_notes_athlete_id", "coach_notes", ["athlete_id"])


def downgrade() -> None:
    op.drop_table("coach_notes")
    op.drop_table("video_jobs")
