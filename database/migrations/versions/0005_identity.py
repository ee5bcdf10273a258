"""Right people, right money: a stable identifier on every record a package carries, a person's staff code
(the key after name and birth date), the predecessor whose record a merged or split unit continues, the
reason for nominating an award holder again, and the note that explains a bonus paid as a difference.

Revision ID: 0005_identity
Revises: 0004_nomination_status
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_identity"
down_revision = "0004_nomination_status"
branch_labels = None
depends_on = None

# The records a USB package carries (app.exchange.package_data).
STABLE = ("unit", "unit_name", "person", "posting", "rating", "initiative", "decision", "award", "outgoing_document")


def _uid_default() -> sa.TextClause:
    """32 hex digits, filled in by the database so that rows copied with INSERT ... SELECT get one too: the
    time in milliseconds (12 digits), then 80 random bits. Time first, as in UUID version 7: new rows go to
    the end of the unique index instead of all over it, which keeps a 10,000-row import cheap."""
    if op.get_bind().dialect.name == "postgresql":
        return sa.text("lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') "
                       "|| substr(replace(gen_random_uuid()::text, '-', ''), 1, 20)")
    return sa.text("(printf('%012x', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)) "
                   "|| lower(hex(randomblob(10))))")


def upgrade() -> None:
    default = _uid_default()
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in STABLE:
        if sqlite:
            # SQLite cannot add a column with a non-constant default: add it, fill it, then rebuild the
            # table with the default and NOT NULL.
            op.add_column(table, sa.Column("uid", sa.String(32), nullable=True))
            op.execute(f"UPDATE {table} SET uid = {default.text}")
            with op.batch_alter_table(table, recreate="always") as batch_op:
                batch_op.alter_column("uid", existing_type=sa.String(32), nullable=False, server_default=default)
        else:
            # PostgreSQL evaluates a volatile default once per existing row.
            op.add_column(table, sa.Column("uid", sa.String(32), nullable=False, server_default=default))
        op.create_index(f"ix_{table}_uid", table, ["uid"], unique=True)

    with op.batch_alter_table("person") as batch_op:
        batch_op.add_column(sa.Column("staff_code", sa.String(40), nullable=True))
    with op.batch_alter_table("unit_event_link") as batch_op:
        batch_op.add_column(sa.Column("continues_record", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("nomination") as batch_op:
        batch_op.add_column(sa.Column("override_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("award") as batch_op:
        batch_op.add_column(sa.Column("bonus_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("award") as batch_op:
        batch_op.drop_column("bonus_note")
    with op.batch_alter_table("nomination") as batch_op:
        batch_op.drop_column("override_reason")
    with op.batch_alter_table("unit_event_link") as batch_op:
        batch_op.drop_column("continues_record")
    with op.batch_alter_table("person") as batch_op:
        batch_op.drop_column("staff_code")
    for table in reversed(STABLE):
        op.drop_index(f"ix_{table}_uid", table_name=table)
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("uid")
