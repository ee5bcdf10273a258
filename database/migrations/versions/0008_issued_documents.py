"""Issued documents are locked: once an outgoing document has a number, its text and its register entry never
change, and the awards of an issued decision stay what the decision granted. A correction is a new document
linked to the first (corrects_id, correction_kind); a draft may need a leader's sign-off before it is
numbered (approved_by, approved_at).

The database itself refuses (triggers on SQLite, a trigger function on PostgreSQL), so a program bug or a
hand edit with raw SQL cannot change what was issued; the services refuse first, in Vietnamese.

outgoing_document, once its status is no longer DRAFT:
- refused: any change of LOCKED_DOCUMENT_COLUMNS below (text, date, number, symbol, signer, attached list
  in `content`, the sign-off), and DELETE;
- allowed: voiding (status REGISTERED → VOIDED, with a non-empty void_reason, in one UPDATE; no other change
  of status or void_reason), the signed scan (file_name, file_content) attached once while none is kept,
  the correction links (corrects_id, correction_kind), and the bookkeeping columns (uid, created_at,
  updated_at).

decision, once its status is no longer DRAFT (the awards' lock hangs on it):
- refused: a change of LOCKED_DECISION_COLUMNS below (its number, date, issuer, level, year, subject, signer,
  base salary), a change of status other than ISSUED → VOIDED, and DELETE;
- allowed: document_id (its register entry, a link) and the bookkeeping columns.

award, while its decision (decision_id) is issued (or voided: a voided decision's awards stay as history):
- refused: a change of LOCKED_AWARD_COLUMNS below (who, what award, which year and period, on what basis,
  the amount and its note, which decision and nomination), and DELETE;
- allowed: revoking (revoked false → true, with a non-empty revoked_reason; a revoked award stays revoked
  and its reason stays), `achievement` (the citation, which issue_decision leaves empty and the desk may
  write later), and the bookkeeping columns. Awards recorded by hand (no decision) are not locked.

A batch (copy-and-move) alteration of any of these tables on SQLite drops the triggers with the old table: a later
migration that does one must create them again (`create_locks`).

Revision ID: 0008_issued_documents
Revises: 0007_accounts
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_issued_documents"
down_revision = "0007_accounts"
branch_labels = None
depends_on = None

DOCUMENT_REFUSAL = (
    "Văn bản đã ban hành không sửa được; hãy ban hành văn bản đính chính, sửa đổi hoặc thay thế, "
    "hoặc hủy số có lý do."
)
AWARD_REFUSAL = (
    "Khen thưởng theo quyết định đã ban hành không sửa, không xóa được; hãy ban hành quyết định "
    "đính chính, sửa đổi hoặc thay thế, hoặc thu hồi có lý do."
)
LOCKED_DOCUMENT_COLUMNS = (
    "kind",
    "series",
    "year",
    "number",
    "symbol",
    "issued_on",
    "subject",
    "recipients",
    "signer_name",
    "signer_title",
    "drafter_initials",
    "copies",
    "content",
    "approved_by",
    "approved_at",
)
LOCKED_AWARD_COLUMNS = (
    "person_id",
    "unit_id",
    "award_type_id",
    "is_title",
    "year",
    "period_from",
    "period_to",
    "basis",
    "source",
    "decision_id",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "nomination_id",
    "bonus_amount",
    "bonus_note",
)
LOCKED_DECISION_COLUMNS = (
    "number_text",
    "issued_on",
    "issuer",
    "level",
    "year",
    "subject",
    "signer_name",
    "signer_title",
    "base_salary",
)
DECISION_REFUSAL = (
    "Quyết định đã ban hành không sửa, không xóa được; hãy ban hành quyết định đính chính, sửa đổi hoặc "
    "thay thế."
)
SQLITE_TRIGGERS = (
    ("decision_issued_no_update", "decision"),
    ("decision_issued_no_delete", "decision"),
    ("outgoing_document_issued_no_update", "outgoing_document"),
    ("outgoing_document_issued_no_delete", "outgoing_document"),
    ("award_issued_no_update", "award"),
    ("award_issued_no_delete", "award"),
)
PG_FUNCTIONS = ("outgoing_document_issued_lock", "decision_issued_lock", "award_issued_lock")
PG_TRIGGERS = (
    ("outgoing_document_issued_lock", "outgoing_document"),
    ("decision_issued_lock", "decision"),
    ("award_issued_lock", "award"),
)


def _changed(columns, dialect: str) -> str:
    """Any of `columns` changed (NULL-safe). PostgreSQL's json has no equality: compared as text."""
    if dialect == "sqlite":
        return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
    cast = {"content": "::text"}
    return " OR ".join(
        f"NEW.{c}{cast.get(c, '')} IS DISTINCT FROM OLD.{c}{cast.get(c, '')}" for c in columns
    )


def _document_refused(dialect: str) -> str:
    """The UPDATE of an issued outgoing_document that is refused (the row is not a draft)."""
    differs = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    voiding = (
        "(OLD.status = 'REGISTERED' AND NEW.status = 'VOIDED' "
        "AND trim(coalesce(NEW.void_reason, '')) <> '')"
    )
    return (
        f"OLD.status <> 'DRAFT' AND ({_changed(LOCKED_DOCUMENT_COLUMNS, dialect)}"
        f" OR ((NEW.status {differs} OLD.status OR NEW.void_reason {differs} OLD.void_reason)"
        f" AND NOT {voiding})"
        f" OR (OLD.file_content IS NOT NULL AND (NEW.file_name {differs} OLD.file_name"
        f" OR NEW.file_content {differs} OLD.file_content)))"
    )


def _decision_refused(dialect: str) -> str:
    differs = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    return (
        f"OLD.status <> 'DRAFT' AND ({_changed(LOCKED_DECISION_COLUMNS, dialect)}"
        f" OR (NEW.status {differs} OLD.status AND NOT (OLD.status = 'ISSUED' AND NEW.status = 'VOIDED')))"
    )


def _award_issued(dialect: str) -> str:
    return "EXISTS (SELECT 1 FROM decision WHERE decision.id = OLD.decision_id AND decision.status <> 'DRAFT')"


def _award_refused(dialect: str) -> str:
    differs = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    true = "1" if dialect == "sqlite" else "true"
    revoking = f"(NOT OLD.revoked AND NEW.revoked = {true} AND trim(coalesce(NEW.revoked_reason, '')) <> '')"
    return (
        f"{_award_issued(dialect)} AND ({_changed(LOCKED_AWARD_COLUMNS, dialect)}"
        f" OR ((NEW.revoked {differs} OLD.revoked OR NEW.revoked_reason {differs} OLD.revoked_reason)"
        f" AND NOT {revoking}))"
    )


def _sqlite_locks() -> list[str]:
    return [
        "CREATE TRIGGER outgoing_document_issued_no_update BEFORE UPDATE ON outgoing_document "
        f"WHEN {_document_refused('sqlite')} BEGIN SELECT RAISE(ABORT, '{DOCUMENT_REFUSAL}'); END",
        "CREATE TRIGGER outgoing_document_issued_no_delete BEFORE DELETE ON outgoing_document "
        f"WHEN OLD.status <> 'DRAFT' BEGIN SELECT RAISE(ABORT, '{DOCUMENT_REFUSAL}'); END",
        "CREATE TRIGGER decision_issued_no_update BEFORE UPDATE ON decision "
        f"WHEN {_decision_refused('sqlite')} BEGIN SELECT RAISE(ABORT, '{DECISION_REFUSAL}'); END",
        "CREATE TRIGGER decision_issued_no_delete BEFORE DELETE ON decision "
        f"WHEN OLD.status <> 'DRAFT' BEGIN SELECT RAISE(ABORT, '{DECISION_REFUSAL}'); END",
        "CREATE TRIGGER award_issued_no_update BEFORE UPDATE ON award "
        f"WHEN {_award_refused('sqlite')} BEGIN SELECT RAISE(ABORT, '{AWARD_REFUSAL}'); END",
        "CREATE TRIGGER award_issued_no_delete BEFORE DELETE ON award "
        f"WHEN {_award_issued('sqlite')} BEGIN SELECT RAISE(ABORT, '{AWARD_REFUSAL}'); END",
    ]


def _pg_function(name: str, refused_update: str, refused_delete: str, message: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF {refused_delete} THEN
            RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF {refused_update} THEN
        RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$
"""


def _pg_locks() -> list[str]:
    return [
        _pg_function(
            "outgoing_document_issued_lock",
            _document_refused("postgresql"),
            "OLD.status <> 'DRAFT'",
            DOCUMENT_REFUSAL,
        ),
        "CREATE TRIGGER outgoing_document_issued_lock BEFORE UPDATE OR DELETE ON outgoing_document "
        "FOR EACH ROW EXECUTE FUNCTION outgoing_document_issued_lock()",
        _pg_function(
            "decision_issued_lock", _decision_refused("postgresql"), "OLD.status <> 'DRAFT'", DECISION_REFUSAL
        ),
        "CREATE TRIGGER decision_issued_lock BEFORE UPDATE OR DELETE ON decision "
        "FOR EACH ROW EXECUTE FUNCTION decision_issued_lock()",
        _pg_function(
            "award_issued_lock", _award_refused("postgresql"), _award_issued("postgresql"), AWARD_REFUSAL
        ),
        "CREATE TRIGGER award_issued_lock BEFORE UPDATE OR DELETE ON award "
        "FOR EACH ROW EXECUTE FUNCTION award_issued_lock()",
    ]


def create_locks() -> None:
    """The triggers; also for a later migration that rebuilt either table on SQLite."""
    for statement in _sqlite_locks() if op.get_bind().dialect.name == "sqlite" else _pg_locks():
        op.execute(statement)


def drop_locks() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, _table in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        return
    for name, table in PG_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for name in PG_FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")


def upgrade() -> None:
    with op.batch_alter_table("outgoing_document") as batch_op:
        batch_op.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "correction_kind",
                sa.Enum(
                    "CORRECTION",
                    "AMENDMENT",
                    "SUPPLEMENT",
                    "REPLACEMENT",
                    name="correctionkind",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("approved_by", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("approved_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outgoing_document_corrects_id"), ["corrects_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_outgoing_document_corrects_id_outgoing_document"),
            "outgoing_document",
            ["corrects_id"],
            ["id"],
        )
        batch_op.create_check_constraint("correction", "(corrects_id IS NULL) = (correction_kind IS NULL)")
    create_locks()


def downgrade() -> None:
    drop_locks()
    with op.batch_alter_table("outgoing_document") as batch_op:
        for check in ("ck_outgoing_document_correction", "ck_outgoing_document_correctionkind"):
            batch_op.drop_constraint(batch_op.f(check), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_outgoing_document_corrects_id_outgoing_document"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outgoing_document_corrects_id"))
        batch_op.drop_column("approved_at")
        batch_op.drop_column("approved_by")
        batch_op.drop_column("correction_kind")
        batch_op.drop_column("corrects_id")
