"""Blocks of departments (khối thi đua): a cluster's members are organisations, a unit of the Sở, an outside
organisation (another department, a city agency) kept in its own list, or the Sở itself; the members keep an
order, which the block's rotation rule (if it has one) follows; scores belong to members, not to units; a
criterion may be a penalty line (negative maximum points).

Revision ID: 0013_blocks
Revises: 0012_targets
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from database.migrate import revision_module

revision = "0013_blocks"
down_revision = "0012_targets"
branch_labels = None
depends_on = None

KINDS = ("OFFICIAL_LETTER", "PLAN", "DECISION", "SUBMISSION", "MINUTES", "NOTICE", "REPORT")
PLEDGE = "PLEDGE"  # a giao ước in the register is its own kind, not a công văn

ONE_KIND = (
    "(CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN outside_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN is_agency THEN 1 ELSE 0 END) = 1"
)


def _document_kinds(kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outgoing_document_documentkind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_outgoing_document_documentkind"), "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"
        )
    if op.get_bind().dialect.name == "sqlite":  # the batch copy dropped 0008's triggers with the old table
        locks = revision_module("0010_registers")
        locks.drop_locks()
        locks.create_locks()


def upgrade() -> None:
    _document_kinds((*KINDS, PLEDGE))
    op.create_table(
        "outside_organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=250), nullable=False),
        sa.Column("short_name", sa.String(length=120), nullable=True),
        sa.Column("head_name", sa.String(length=120), nullable=True),
        sa.Column("head_title", sa.String(length=120), nullable=True),
        sa.Column("signer_name", sa.String(length=120), nullable=True),
        sa.Column("signer_title", sa.String(length=120), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outside_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_outside_organisation_name")),
    )
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "rotation",
                sa.Enum("NONE", "ORDER", name="clusterrotation", native_enum=False, create_constraint=True, length=32),
                server_default="NONE",
                nullable=False,
            )
        )
    with op.batch_alter_table("cluster_member", schema=None) as batch_op:
        batch_op.alter_column("unit_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("outside_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("is_agency", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("sort_order", sa.Integer(), server_default=sa.text("0"), nullable=False))
        batch_op.create_foreign_key(
            op.f("fk_cluster_member_outside_id_outside_organisation"), "outside_organisation", ["outside_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_cluster_member_outside_id"), ["outside_id"], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_cluster_member_cluster_id_outside_id"), ["cluster_id", "outside_id"]
        )
        batch_op.create_check_constraint(op.f("ck_cluster_member_one_kind"), ONE_KIND)
    op.create_index(
        "uq_cluster_member_agency",
        "cluster_member",
        ["cluster_id"],
        unique=True,
        sqlite_where=sa.text("is_agency"),
        postgresql_where=sa.text("is_agency"),
    )
    # The members' order so far: the order they were entered in.
    op.execute("UPDATE cluster_member SET sort_order = id")

    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_criterion_max_points"), type_="check")
        batch_op.create_check_constraint(op.f("ck_criterion_max_points"), "max_points <> 0")

    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE score SET member_id = (SELECT m.id FROM cluster_member m JOIN criterion c "
        "ON c.cluster_id = m.cluster_id WHERE c.id = score.criterion_id AND m.unit_id = score.unit_id)"
    )
    op.execute("DELETE FROM score WHERE member_id IS NULL")  # points of a unit no longer a member
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_score_criterion_id_unit_id"), type_="unique")
        batch_op.drop_constraint(op.f("ck_score_self_points"), type_="check")
        batch_op.drop_constraint(op.f("ck_score_assessed_points"), type_="check")
        batch_op.drop_constraint(op.f("fk_score_unit_id_unit"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_score_unit_id"))
        batch_op.drop_column("unit_id")
        batch_op.alter_column("member_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f("fk_score_member_id_cluster_member"), "cluster_member", ["member_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_score_member_id"), ["member_id"], unique=False)
        batch_op.create_unique_constraint(batch_op.f("uq_score_criterion_id_member_id"), ["criterion_id", "member_id"])


def downgrade() -> None:
    op.execute(f"UPDATE outgoing_document SET kind = 'OFFICIAL_LETTER' WHERE kind = '{PLEDGE}'")
    _document_kinds(KINDS)
    op.execute("DELETE FROM score WHERE criterion_id IN (SELECT id FROM criterion WHERE max_points < 0)")
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
    op.execute("UPDATE score SET unit_id = (SELECT m.unit_id FROM cluster_member m WHERE m.id = score.member_id)")
    op.execute("DELETE FROM score WHERE unit_id IS NULL OR self_points < 0 OR assessed_points < 0")
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_score_criterion_id_member_id"), type_="unique")
        batch_op.drop_constraint(op.f("fk_score_member_id_cluster_member"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_score_member_id"))
        batch_op.drop_column("member_id")
        batch_op.alter_column("unit_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f("fk_score_unit_id_unit"), "unit", ["unit_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_score_unit_id"), ["unit_id"], unique=False)
        batch_op.create_unique_constraint(batch_op.f("uq_score_criterion_id_unit_id"), ["criterion_id", "unit_id"])
        batch_op.create_check_constraint(op.f("ck_score_self_points"), "self_points IS NULL OR self_points >= 0")
        batch_op.create_check_constraint(
            op.f("ck_score_assessed_points"), "assessed_points IS NULL OR assessed_points >= 0"
        )
    op.execute("DELETE FROM criterion WHERE max_points < 0")
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_criterion_max_points"), type_="check")
        batch_op.create_check_constraint(op.f("ck_criterion_max_points"), "max_points >= 0")
    op.drop_index("uq_cluster_member_agency", table_name="cluster_member")
    op.execute("DELETE FROM cluster_member WHERE unit_id IS NULL")
    with op.batch_alter_table("cluster_member", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_cluster_member_one_kind"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_cluster_member_cluster_id_outside_id"), type_="unique")
        batch_op.drop_constraint(op.f("fk_cluster_member_outside_id_outside_organisation"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_cluster_member_outside_id"))
        batch_op.drop_column("sort_order")
        batch_op.drop_column("is_agency")
        batch_op.drop_column("outside_id")
        batch_op.alter_column("unit_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_cluster_clusterrotation"), type_="check")
        batch_op.drop_column("rotation")
    op.drop_table("outside_organisation")
