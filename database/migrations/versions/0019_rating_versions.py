"""Ratings and disciplines get a `version` too (1 for the rows already there), like every other record a
form edits since 0009: two clerks editing one person's rating (the yearly grid, the person's dialogs) or one
discipline no longer have the last save silently win; the second is refused.

Revision ID: 0019_rating_versions
Revises: 0018_statistics_index
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_rating_versions"
down_revision = "0018_statistics_index"
branch_labels = None
depends_on = None

TABLES = ("rating", "discipline")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))


def downgrade() -> None:
    # SQLite (3.35+) and PostgreSQL both drop a plain column in place: no table is rebuilt.
    for table in TABLES:
        op.drop_column(table, "version")
