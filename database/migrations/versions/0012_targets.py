"""Targets as the plans state them: a kind that may be a value or words judged by hand (TargetComparison
gains VALUE and TEXT), the year a target is to be reached by ("đến năm 2025"), the tolerance of an "about"
target, each unit's own values in place of the campaign's (target_unit_value), and on a result the verdict
and note given by hand (its value then empty).

Revision ID: 0012_targets
Revises: 0011_campaign_plan
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_targets"
down_revision = "0011_campaign_plan"
branch_labels = None
depends_on = None

OLD_KINDS = ("AT_LEAST", "AT_MOST", "RANGE", "ABOUT")
NEW_KINDS = ("VALUE", "AT_LEAST", "AT_MOST", "RANGE", "ABOUT", "TEXT")
# As database.models.targets.TARGET_BOUNDS has it (a migration does not import the models).
BOUNDS = (
    "(comparison = 'TEXT' AND text IS NOT NULL AND value_min IS NULL AND value_max IS NULL)"
    " OR (comparison = 'AT_LEAST' AND value_min IS NOT NULL AND value_max IS NULL)"
    " OR (comparison = 'AT_MOST' AND value_min IS NULL AND value_max IS NOT NULL)"
    " OR (comparison IN ('VALUE', 'RANGE', 'ABOUT') AND value_min IS NOT NULL AND value_max IS NOT NULL)"
)


def _kinds(values: tuple[str, ...]) -> str:
    return "comparison IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("target_year", sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column("tolerance", sa.Numeric(precision=14, scale=4), nullable=True))
        batch_op.drop_constraint(op.f("ck_target_has_value"), type_="check")
        batch_op.drop_constraint(op.f("ck_target_targetcomparison"), type_="check")
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.create_check_constraint(op.f("ck_target_targetcomparison"), _kinds(NEW_KINDS))
        batch_op.create_check_constraint(op.f("ck_target_bounds"), BOUNDS)
        batch_op.create_check_constraint(
            op.f("ck_target_tolerance"), "tolerance IS NULL OR (comparison = 'ABOUT' AND tolerance >= 0)"
        )
        batch_op.create_check_constraint(
            op.f("ck_target_target_year"), "target_year IS NULL OR target_year BETWEEN 1945 AND 2200"
        )
    op.create_table(
        "target_unit_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("value_min", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("value_max", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.CheckConstraint(
            "value_min IS NOT NULL OR value_max IS NOT NULL", name=op.f("ck_target_unit_value_has_value")
        ),
        sa.CheckConstraint(
            "value_min IS NULL OR value_max IS NULL OR value_max >= value_min",
            name=op.f("ck_target_unit_value_range"),
        ),
        sa.ForeignKeyConstraint(["target_id"], ["target.id"], name=op.f("fk_target_unit_value_target_id_target")),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_target_unit_value_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_unit_value")),
        sa.UniqueConstraint("target_id", "unit_id", name=op.f("uq_target_unit_value_target_id_unit_id")),
    )
    with op.batch_alter_table("target_unit_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_target_unit_value_target_id"), ["target_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_target_unit_value_unit_id"), ["unit_id"], unique=False)
    with op.batch_alter_table("target_result", schema=None) as batch_op:
        batch_op.alter_column("value", existing_type=sa.Numeric(precision=14, scale=4), nullable=True)
        batch_op.add_column(
            sa.Column(
                "verdict",
                sa.Enum(
                    "MET", "NOT_MET", name="targetverdict", native_enum=False, create_constraint=True, length=32
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_target_result_has_result"), "value IS NOT NULL OR verdict IS NOT NULL"
        )


def downgrade() -> None:
    # What the older schema cannot hold goes: judged results, per-unit values, targets in words.
    op.execute("DELETE FROM target_result WHERE value IS NULL")
    op.execute(
        "DELETE FROM target_result WHERE target_id IN (SELECT id FROM target WHERE comparison = 'TEXT')"
    )
    op.execute("DELETE FROM target WHERE comparison = 'TEXT'")
    op.execute("UPDATE target SET comparison = 'AT_LEAST', value_max = NULL WHERE comparison = 'VALUE'")
    with op.batch_alter_table("target_result", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_target_result_has_result"), type_="check")
        batch_op.drop_constraint(op.f("ck_target_result_targetverdict"), type_="check")
    with op.batch_alter_table("target_result", schema=None) as batch_op:
        batch_op.drop_column("note")
        batch_op.drop_column("verdict")
        batch_op.alter_column("value", existing_type=sa.Numeric(precision=14, scale=4), nullable=False)
    with op.batch_alter_table("target_unit_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_unit_value_unit_id"))
        batch_op.drop_index(batch_op.f("ix_target_unit_value_target_id"))
    op.drop_table("target_unit_value")
    with op.batch_alter_table("target", schema=None) as batch_op:
        for name in ("target_year", "tolerance", "bounds", "targetcomparison"):
            batch_op.drop_constraint(op.f(f"ck_target_{name}"), type_="check")
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.drop_column("tolerance")
        batch_op.drop_column("target_year")
        batch_op.drop_column("text")
        batch_op.create_check_constraint(op.f("ck_target_targetcomparison"), _kinds(OLD_KINDS))
        batch_op.create_check_constraint(
            op.f("ck_target_has_value"), "value_min IS NOT NULL OR value_max IS NOT NULL"
        )
