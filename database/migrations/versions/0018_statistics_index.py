"""Statistics read one narrow index instead of the award table: every column the Thống kê count needs, in
the order of the person who received the award, so that the person each award is joined to is read in
order too (issue 16: the whole province over fifteen years at 100,000 staff).

Revision ID: 0018_statistics_index
Revises: 0017_catalogue_updates
Create Date: 2026-12-07
"""

from alembic import op

revision = "0018_statistics_index"
down_revision = "0017_catalogue_updates"
branch_labels = None
depends_on = None

COLUMNS = ["person_id", "year", "award_type_id", "basis", "revoked", "unit_id", "bonus_amount"]


def upgrade() -> None:
    op.create_index("ix_award_statistics", "award", COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_award_statistics", table_name="award")
