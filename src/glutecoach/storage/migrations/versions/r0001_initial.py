"""Initial schema: runners, plans, planned sessions, session and set logs, decisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

A frozen snapshot: this file never imports ``tables.py``, so later model changes cannot alter
what revision 0001 builds.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

ID = 36


def _json() -> sa.types.TypeEngine[object]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "runners",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("profile", _json(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_runners"),
        sa.UniqueConstraint("slug", name="uq_runners_slug"),
        sa.UniqueConstraint("name", name="uq_runners_name"),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("runner_id", sa.String(ID), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("running_week", _json(), nullable=False),
        sa.Column("strength_weekdays", _json(), nullable=False),
        sa.Column("notes", _json(), nullable=False),
        sa.Column("params", _json(), nullable=False),
        sa.Column("algorithm_version", sa.String(40), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
        sa.ForeignKeyConstraint(
            ["runner_id"], ["runners.id"], name="fk_plans_runner_id_runners", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_plans_runner_id", "plans", ["runner_id"])
    op.create_table(
        "planned_sessions",
        sa.Column("plan_id", sa.String(ID), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("week_index", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("warm_up", _json(), nullable=False),
        sa.Column("prescriptions", _json(), nullable=False),
        sa.Column("minutes_planned", sa.Float(), nullable=False),
        sa.Column("notes", _json(), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", "position", name="pk_planned_sessions"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_planned_sessions_plan_id_plans", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "session_logs",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("runner_id", sa.String(ID), nullable=False),
        sa.Column("plan_id", sa.String(ID), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("planned_ref", sa.String(32), nullable=True),
        sa.Column("pain_before", sa.Integer(), nullable=True),
        sa.Column("next_morning_pain", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_session_logs"),
        sa.ForeignKeyConstraint(
            ["runner_id"],
            ["runners.id"],
            name="fk_session_logs_runner_id_runners",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_session_logs_plan_id_plans", ondelete="SET NULL"
        ),
    )
    op.create_table(
        "set_logs",
        sa.Column("session_log_id", sa.String(ID), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("variation_id", sa.String(80), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("reps_done", sa.Integer(), nullable=True),
        sa.Column("good_form_reps", sa.Integer(), nullable=True),
        sa.Column("hold_s", sa.Integer(), nullable=True),
        sa.Column("good_form_hold_s", sa.Integer(), nullable=True),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("reps_in_reserve", sa.Integer(), nullable=True),
        sa.Column("pain_during", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("session_log_id", "position", name="pk_set_logs"),
        sa.ForeignKeyConstraint(
            ["session_log_id"],
            ["session_logs.id"],
            name="fk_set_logs_session_log_id_session_logs",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("runner_id", sa.String(ID), nullable=False),
        sa.Column("session_log_id", sa.String(ID), nullable=True),
        sa.Column("variation_id", sa.String(80), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("rule", sa.String(80), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("previous_prescription", _json(), nullable=False),
        sa.Column("new_prescription", _json(), nullable=False),
        sa.Column("guideline", sa.String(80), nullable=True),
        sa.Column("reference_keys", _json(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("algorithm_version", sa.String(40), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        sa.ForeignKeyConstraint(
            ["runner_id"], ["runners.id"], name="fk_decisions_runner_id_runners", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_log_id"],
            ["session_logs.id"],
            name="fk_decisions_session_log_id_session_logs",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_decisions_session_log_id", "decisions", ["session_log_id"])


def downgrade() -> None:
    op.drop_index("ix_decisions_session_log_id", table_name="decisions")
    op.drop_table("decisions")
    op.drop_table("set_logs")
    op.drop_table("session_logs")
    op.drop_table("planned_sessions")
    op.drop_index("ix_plans_runner_id", table_name="plans")
    op.drop_table("plans")
    op.drop_table("runners")
