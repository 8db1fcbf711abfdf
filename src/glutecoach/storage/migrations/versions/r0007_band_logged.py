"""``set_logs.band``: which band (by resistance) a set was done with, when the runner says.

Revision ID: s10_band_logged
Revises: 0006
Create Date: 2026-12-06

Additive: one nullable column. Sets logged before this revision say no band (NULL), which
reads as "not recorded": progression then takes the prescribed band, as it did before. Like
every revision, a frozen snapshot that does not import ``tables.py``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s10_band_logged"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("set_logs", sa.Column("band", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("set_logs") as batch:
        batch.drop_column("band")
