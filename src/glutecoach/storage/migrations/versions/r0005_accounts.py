"""Accounts for the web app: users, sign-in sessions, API tokens, one-time codes, coach links,
sign-in failures and the draft sets of unfinished guided sessions.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Additive only: new tables; existing rows are untouched. Like every revision, a frozen
snapshot that does not import the table modules.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

UTC = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("runner_id", sa.String(36), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        _fk("users", "runner_id", "runners", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
        sa.UniqueConstraint("runner_id", name="uq_users_runner_id"),
    )
    op.create_table(
        "auth_sessions",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        _fk("auth_sessions", "user_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("id_hash", name="pk_auth_sessions"),
    )
    op.create_index("ix_auth_sessions_user_id", "auth_sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        _fk("api_tokens", "user_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "one_time_codes",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=True),
        sa.Column("runner_id", sa.String(36), nullable=True),
        sa.Column("expires_at", UTC, nullable=False),
        _fk("one_time_codes", "user_id", "users", "CASCADE"),
        _fk("one_time_codes", "runner_id", "runners", "CASCADE"),
        sa.PrimaryKeyConstraint("code_hash", name="pk_one_time_codes"),
    )
    op.create_index("ix_one_time_codes_user_id", "one_time_codes", ["user_id"])
    op.create_index("ix_one_time_codes_runner_id", "one_time_codes", ["runner_id"])
    op.create_table(
        "coach_links",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("coach_id", sa.String(36), nullable=False),
        sa.Column("athlete_id", sa.String(36), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("accepted_at", UTC, nullable=True),
        _fk("coach_links", "coach_id", "users", "CASCADE"),
        _fk("coach_links", "athlete_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_coach_links"),
        sa.UniqueConstraint("coach_id", "athlete_id", name="uq_coach_links_coach_id_athlete_id"),
    )
    op.create_index("ix_coach_links_coach_id", "coach_links", ["coach_id"])
    op.create_index("ix_coach_links_athlete_id", "coach_links", ["athlete_id"])
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("failed_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_failures"),
    )
    op.create_index(
        "ix_sign_in_failures_key_hash_failed_at", "sign_in_failures", ["key_hash", "failed_at"]
    )
    op.create_table(
        "draft_sets",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("runner_id", sa.String(36), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("tap_key", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "set_log", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("created_at", UTC, nullable=False),
        _fk("draft_sets", "runner_id", "runners", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_draft_sets"),
        sa.UniqueConstraint("runner_id", "tap_key", name="uq_draft_sets_runner_id_tap_key"),
    )


def downgrade() -> None:
    for table in (
        "draft_sets",
        "sign_in_failures",
        "coach_links",
        "one_time_codes",
        "api_tokens",
        "auth_sessions",
        "users",
    ):
        op.drop_table(table)
