"""Nomination statuses as the desk names them: nháp, đã nhận, trả lại bổ sung, đưa ra Hội đồng, đạt, không
đạt, đã quyết định, đã trình cấp trên, cấp trên đã quyết định (and rút đề nghị).

Revision ID: 0004_nomination_status
Revises: 0003_settings
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_nomination_status"
down_revision = "0003_settings"
branch_labels = None
depends_on = None

OLD = ("PROPOSED", "CHECKED", "RETURNED", "VOTED", "APPROVED", "REJECTED", "FORWARDED", "AWARDED", "WITHDRAWN")
NEW = ("DRAFT", "RECEIVED", "RETURNED", "IN_COUNCIL", "PASSED", "FAILED", "DECIDED", "FORWARDED", "HIGHER_DECIDED",
       "WITHDRAWN")
UP = {"PROPOSED": "RECEIVED", "CHECKED": "RECEIVED", "VOTED": "IN_COUNCIL", "APPROVED": "PASSED",
      "REJECTED": "FAILED", "AWARDED": "DECIDED"}
DOWN = {"DRAFT": "PROPOSED", "RECEIVED": "PROPOSED", "IN_COUNCIL": "VOTED", "PASSED": "APPROVED",
        "FAILED": "REJECTED", "DECIDED": "AWARDED", "HIGHER_DECIDED": "AWARDED"}
# (table, column, name of its CHECK constraint without the ck_<table>_ prefix)
COLUMNS = (("nomination", "status", "nominationstatus"),
           ("nomination_status_change", "from_status", "from_status"),
           ("nomination_status_change", "to_status", "to_status"))


def _check(column: str, values: tuple[str, ...]) -> str:
    allowed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({allowed})"


def _switch(values: tuple[str, ...], mapping: dict[str, str]) -> None:
    for table, column, name in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        t = sa.table(table, sa.column(column, sa.String))
        for old, new in mapping.items():
            op.execute(t.update().where(t.c[column] == old).values({column: new}))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), _check(column, values))


def upgrade() -> None:
    _switch(NEW, UP)


def downgrade() -> None:
    _switch(OLD, DOWN)
