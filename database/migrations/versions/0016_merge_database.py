"""Two departments' registers in one database (hợp nhất dữ liệu, after the 2025 mergers of provinces): the
former department's outgoing register keeps its numbers in a series of its own, labelled with its name, so
"12/QĐ-SYT" of 2024 may now be there twice (once a series; across this office's own series a number with
its ký hiệu stays once a year: a partial unique index); its incoming register keeps its số đến in a
book of its own (incoming_document.series: "" is this office's book).

On SQLite outgoing_document is rebuilt (copy-and-move) to change its unique key, which drops the locks of
issued documents: they are made again as 0010_registers leaves them.

Revision ID: 0016_merge_database
Revises: 0015_nomination_wordings
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from database.migrate import revision_module

revision = "0016_merge_database"
down_revision = "0015_nomination_wordings"
branch_labels = None
depends_on = None


# The office's own series as this revision knows them (the shared one, the council's, one per kind): a number
# with its ký hiệu stays once a year across them; a later kind of document rebuilds the index.
OWN_SERIES = (
    "CHUNG",
    "HĐTĐKT",
    "OFFICIAL_LETTER",
    "PLAN",
    "DECISION",
    "SUBMISSION",
    "MINUTES",
    "NOTICE",
    "REPORT",
    "PLEDGE",
)
OWN_SYMBOL = "uq_outgoing_document_own_symbol"


def _relock() -> None:
    if op.get_bind().dialect.name == "sqlite":  # the batch copy dropped the locks with the old table
        locks = revision_module("0010_registers")
        locks.drop_locks()
        locks.create_locks()


def upgrade() -> None:
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_outgoing_document_year_symbol_number"), type_="unique")
    _relock()
    own = sa.text("series IN (" + ", ".join(f"'{x}'" for x in OWN_SERIES) + ")")
    op.create_index(
        OWN_SYMBOL,
        "outgoing_document",
        ["year", "symbol", "number"],
        unique=True,
        sqlite_where=own,
        postgresql_where=own,
    )
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series", sa.String(length=40), server_default="", nullable=False))
        batch_op.drop_constraint(op.f("uq_incoming_document_year_received_number"), type_="unique")
        batch_op.create_unique_constraint(
            op.f("uq_incoming_document_series_year_received_number"), ["series", "year", "received_number"]
        )


def downgrade() -> None:
    with op.batch_alter_table("incoming_document", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_incoming_document_series_year_received_number"), type_="unique")
        batch_op.create_unique_constraint(
            op.f("uq_incoming_document_year_received_number"), ["year", "received_number"]
        )
        batch_op.drop_column("series")
    op.drop_index(OWN_SYMBOL, table_name="outgoing_document")
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            op.f("uq_outgoing_document_year_symbol_number"), ["year", "symbol", "number"]
        )
    _relock()
