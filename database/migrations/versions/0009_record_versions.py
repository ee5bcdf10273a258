"""Optimistic locking: every record a form edits gets a `version` (1 for the rows already there), which the
program's UPDATEs check and raise (SQLAlchemy's version_id_col), so that a clerk saving over a newer change
made by another clerk is refused instead of overwriting it.

Revision ID: 0009_record_versions
Revises: 0008_issued_documents
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_record_versions"
down_revision = "0008_issued_documents"
branch_labels = None
depends_on = None

# The tables of database.models that mix in `Versioned`.
TABLES = (
    "account",
    "agency",
    "award",
    "award_type",
    "campaign",
    "cluster",
    "content_item",
    "council_meeting",
    "council_member",
    "decision",
    "initiative",
    "nomination",
    "nomination_batch",
    "outgoing_document",
    "person",
    "phase",
    "pledge",
    "registration",
    "signer",
    "target",
    "unit",
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))


def downgrade() -> None:
    # SQLite (3.35+) and PostgreSQL both drop a plain column in place: no table is rebuilt.
    for table in TABLES:
        op.drop_column(table, "version")
