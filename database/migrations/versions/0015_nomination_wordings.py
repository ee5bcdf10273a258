"""A unit's own wordings of titles and forms, remembered: when a nomination list writes "CSTĐ khối" or
"BK Chủ tịch tỉnh" and the clerk maps it to the catalogue once, the next list is read without asking.

Revision ID: 0015_nomination_wordings
Revises: 0014_agency_registrations
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_nomination_wordings"
down_revision = "0014_agency_registrations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "title_wording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("folded_text", sa.String(length=200), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("award_type_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["award_type_id"], ["award_type.id"], name=op.f("fk_title_wording_award_type_id_award_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_title_wording")),
        sa.UniqueConstraint("folded_text", name=op.f("uq_title_wording_folded_text")),
    )
    op.create_index(op.f("ix_title_wording_award_type_id"), "title_wording", ["award_type_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_title_wording_award_type_id"), table_name="title_wording")
    op.drop_table("title_wording")
