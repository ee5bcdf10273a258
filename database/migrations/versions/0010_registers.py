"""The registers as the office keeps them: where a series starts in a year (register_series: a clerk who
begins in the middle of a year sets the next number, with a reason), outgoing documents issued outside the
program and entered afterwards (outgoing_document.origin), and the incoming register (incoming_document, with
incoming_link: the campaign, nomination batch or decision each document started or answered).

outgoing_document gains its column in place (ALTER TABLE ... ADD COLUMN on both backends); the locks of
0008_issued_documents are made again with `origin` among what an issued document never changes.

Revision ID: 0010_registers
Revises: 0009_record_versions
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from database.migrate import revision_module

revision = "0010_registers"
down_revision = "0009_record_versions"
branch_labels = None
depends_on = None

ORIGINS = ("PROGRAM", "EXTERNAL")
LOCKED_ADDED = ("origin",)
ORIGIN_CHECK = "ck_outgoing_document_documentorigin"


def _one_of(*columns: str) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


def _issued_locks(locked_added: tuple[str, ...] = ()):
    """0008_issued_documents' locks (its own frozen copy, loaded privately), with `locked_added` among the
    columns of an issued outgoing document that never change."""
    locks = revision_module("0008_issued_documents")  # a fresh module: the change below stays here
    locks.LOCKED_DOCUMENT_COLUMNS = (*locks.LOCKED_DOCUMENT_COLUMNS, *locked_added)
    return locks


def _add_origin() -> None:
    allowed = ", ".join(f"'{x}'" for x in ORIGINS)
    if op.get_bind().dialect.name == "sqlite":
        # a column CHECK added in place: a batch (copy-and-move) rebuild would drop 0008's triggers
        op.execute(
            "ALTER TABLE outgoing_document ADD COLUMN origin VARCHAR(32) DEFAULT 'PROGRAM' NOT NULL "
            f"CONSTRAINT {ORIGIN_CHECK} CHECK (origin IN ({allowed}))"
        )
        return
    op.add_column(
        "outgoing_document",
        sa.Column("origin", sa.String(length=32), server_default=sa.text("'PROGRAM'"), nullable=False),
    )
    op.create_check_constraint("documentorigin", "outgoing_document", f"origin IN ({allowed})")


def create_locks() -> None:
    """0008's locks as they stand from this revision on (origin locked too): a later migration that rebuilds
    outgoing_document on SQLite makes them again through this one."""
    _issued_locks(LOCKED_ADDED).create_locks()


def drop_locks() -> None:
    _issued_locks().drop_locks()


def upgrade() -> None:
    _add_origin()
    drop_locks()
    create_locks()
    op.create_table(
        "register_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=40), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=120), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("year BETWEEN 1945 AND 2200", name=op.f("ck_register_series_year")),
        sa.CheckConstraint("next_number > 0", name=op.f("ck_register_series_next_number")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_series")),
        sa.UniqueConstraint("series", "year", name=op.f("uq_register_series_series_year")),
    )
    op.create_table(
        "incoming_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("received_number", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("number_symbol", sa.String(length=80), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_content", sa.LargeBinary(), nullable=True),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.CheckConstraint("year BETWEEN 1945 AND 2200", name=op.f("ck_incoming_document_year")),
        sa.CheckConstraint("received_number > 0", name=op.f("ck_incoming_document_received_number")),
        sa.CheckConstraint("(file_name IS NULL) = (file_content IS NULL)", name=op.f("ck_incoming_document_scan")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_document")),
        sa.UniqueConstraint("year", "received_number", name=op.f("uq_incoming_document_year_received_number")),
    )
    op.create_index(op.f("ix_incoming_document_year"), "incoming_document", ["year"], unique=False)
    op.create_table(
        "incoming_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incoming_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            _one_of("campaign_id", "batch_id", "decision_id"), name=op.f("ck_incoming_link_one_target")
        ),
        sa.ForeignKeyConstraint(
            ["incoming_id"], ["incoming_document.id"], name=op.f("fk_incoming_link_incoming_id_incoming_document")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_incoming_link_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["nomination_batch.id"],
            name=op.f("fk_incoming_link_batch_id_nomination_batch"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_incoming_link_decision_id_decision"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_link")),
        sa.UniqueConstraint("incoming_id", "campaign_id", name=op.f("uq_incoming_link_incoming_id_campaign_id")),
        sa.UniqueConstraint("incoming_id", "batch_id", name=op.f("uq_incoming_link_incoming_id_batch_id")),
        sa.UniqueConstraint("incoming_id", "decision_id", name=op.f("uq_incoming_link_incoming_id_decision_id")),
    )
    for column in ("incoming_id", "campaign_id", "batch_id", "decision_id"):
        op.create_index(op.f(f"ix_incoming_link_{column}"), "incoming_link", [column], unique=False)


def downgrade() -> None:
    drop_locks()  # a trigger naming `origin` would stop its column from going
    op.drop_table("incoming_link")
    op.drop_index(op.f("ix_incoming_document_year"), table_name="incoming_document")
    op.drop_table("incoming_document")
    op.drop_table("register_series")
    # a batch on SQLite: a later rebuild of the table (0013_blocks) made the column's CHECK a table CHECK,
    # which SQLite's own DROP COLUMN refuses
    with op.batch_alter_table("outgoing_document") as batch_op:
        batch_op.drop_constraint(op.f(ORIGIN_CHECK), type_="check")
        batch_op.drop_column("origin")
    _issued_locks().create_locks()
