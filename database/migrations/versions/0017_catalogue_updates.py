"""Law updates as data (Cập nhật quy định): each signed update applied to the catalogue is recorded with the
rows it wrote, before and after, so that the latest one can be undone.

Revision ID: 0017_catalogue_updates
Revises: 0016_merge_database
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_catalogue_updates"
down_revision = "0016_merge_database"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=False),
        sa.Column("issued", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("preview", sa.JSON(), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.Column("applied_by", sa.String(length=60), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by", sa.String(length=60), nullable=True),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_update")),
    )
    op.create_index(op.f("ix_catalogue_update_digest"), "catalogue_update", ["digest"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_catalogue_update_digest"), table_name="catalogue_update")
    op.drop_table("catalogue_update")
