"""An audit trail an inspector can trust: every row hash-chained to the one before it (prev_hash, row_hash),
the rows already there chained in id order, and the table made append-only (UPDATE, DELETE and, on
PostgreSQL, TRUNCATE refused by triggers).

Revision ID: 0006_audit_chain
Revises: 0005_identity
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from app.services.audit import GENESIS, HEAD_KEY, PG_TRIGGERS, row_hash

revision = "0006_audit_chain"
down_revision = "0005_identity"
branch_labels = None
depends_on = None

REFUSAL = "Nhật ký chỉ được ghi thêm: không được sửa hay xoá dòng đã ghi."

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""

_SQLITE_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def _backfill() -> None:
    """Chain the rows already written, in id order (the table is not yet append-only)."""
    bind = op.get_bind()
    audit = sa.table(
        "audit_log",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("summary", sa.Text),
        sa.column("before", sa.JSON),
        sa.column("after", sa.JSON),
        sa.column("prev_hash", sa.String),
        sa.column("row_hash", sa.String),
    )
    prev = GENESIS
    last = 0
    while True:
        rows = bind.execute(sa.select(audit).where(audit.c.id > last).order_by(audit.c.id).limit(2000)).mappings()
        changes = []
        for row in rows:
            digest = row_hash(row, prev)
            changes.append({"key": row["id"], "prev": prev, "digest": digest})
            prev, last = digest, row["id"]
        if not changes:
            break
        bind.execute(
            audit.update()
            .where(audit.c.id == sa.bindparam("key"))
            .values(prev_hash=sa.bindparam("prev"), row_hash=sa.bindparam("digest")),
            changes,
        )
    # The head the chain reaches (app.services.audit.verify_chain compares it), written as the program does.
    bind.execute(sa.text("DELETE FROM app_setting WHERE key = :key"), {"key": HEAD_KEY})
    if last:
        bind.execute(
            sa.text("INSERT INTO app_setting (key, value) VALUES (:key, :value)"),
            {"key": HEAD_KEY, "value": f"{prev}:{last}"},
        )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("row_hash", sa.String(64), nullable=True))
    _backfill()
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch_op.alter_column("row_hash", existing_type=sa.String(64), nullable=False)
    if sqlite:
        for name, event in zip(_SQLITE_TRIGGERS, ("UPDATE", "DELETE"), strict=True):
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
    else:
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.get_bind().execute(sa.text("DELETE FROM app_setting WHERE key = :key"), {"key": HEAD_KEY})
    for name in _SQLITE_TRIGGERS if sqlite else PG_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + ("" if sqlite else " ON audit_log"))
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
