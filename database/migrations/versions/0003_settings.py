"""Program settings (catalogue fingerprint) and an index for counting awards per year.

Revision ID: 0003_settings
Revises: 0002_emulation
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_settings"
down_revision = "0002_emulation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_setting")),
    )
    with op.batch_alter_table("award", schema=None) as batch_op:
        batch_op.create_index("ix_award_year_kind", ["year", "is_title", "revoked"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("award", schema=None) as batch_op:
        batch_op.drop_index("ix_award_year_kind")
    op.drop_table("app_setting")
