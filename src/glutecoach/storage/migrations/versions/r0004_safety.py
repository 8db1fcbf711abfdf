"""``decisions.rule_version`` (the version of the rule that made each decision) and
``plans.cautions`` (the loading rules of the runner's conditions the plan was made with).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

Additive: two nullable columns. Plans made before this revision carry no cautions (NULL reads
as none). Every existing decision is given the version of the rule
that made it. Rules carried no version before this revision, and every rule then in use is
version 1 ('<rule>@1'), so the backfill is exact. Like every revision, a frozen snapshot that
does not import ``tables.py``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "plans",
        sa.Column(
            "cautions", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
    )
    op.add_column("decisions", sa.Column("rule_version", sa.String(40), nullable=True))
    decisions = sa.table("decisions", sa.column("rule", sa.String), sa.column("rule_version"))
    op.execute(
        decisions.update()
        .where(decisions.c.rule_version.is_(None))
        .values(rule_version=decisions.c.rule + "@1")
    )


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("rule_version")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("cautions")
