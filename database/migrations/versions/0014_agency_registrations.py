"""The agency's level (its parent a province or a centrally run city, inferred for an existing agency from its
parent's name), and registrations of models and solutions beside titles: a registration item gets a kind, its
own name, and how a model or solution was achieved (marked done, or the initiative it became).

Revision ID: 0014_agency_registrations
Revises: 0013_blocks
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from app.domain.agency import level_from_parent

revision = "0014_agency_registrations"
down_revision = "0013_blocks"
branch_labels = None
depends_on = None

AIM = (
    "(kind = 'TITLE' AND award_type_id IS NOT NULL AND name IS NULL AND done_on IS NULL "
    "AND initiative_id IS NULL) OR (kind <> 'TITLE' AND award_type_id IS NULL AND name IS NOT NULL)"
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "level", _enum("agencylevel", "PROVINCE", "CITY"), server_default="PROVINCE", nullable=False
            )
        )
    agency = sa.table("agency", sa.column("id", sa.Integer), sa.column("parent_name"), sa.column("level"))
    conn = op.get_bind()
    for agency_id, parent_name in conn.execute(sa.select(agency.c.id, agency.c.parent_name)).all():
        level = level_from_parent(parent_name).value
        if level != "PROVINCE":
            conn.execute(agency.update().where(agency.c.id == agency_id).values(level=level))
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.alter_column("level", server_default=None)

    with op.batch_alter_table("registration_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                _enum("registrationkind", "TITLE", "MODEL", "SOLUTION"),
                server_default="TITLE",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("name", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("done_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("done_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("initiative_id", sa.Integer(), nullable=True))
        batch_op.alter_column("award_type_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f("ix_registration_item_initiative_id"), ["initiative_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_registration_item_initiative_id_initiative"), "initiative", ["initiative_id"], ["id"]
        )
        batch_op.create_check_constraint(batch_op.f("ck_registration_item_aim"), AIM)
    with op.batch_alter_table("registration_item", schema=None) as batch_op:
        batch_op.alter_column("kind", server_default=None)


def downgrade() -> None:
    item = sa.table("registration_item", sa.column("kind"))
    op.execute(item.delete().where(item.c.kind != "TITLE"))  # a model or solution has no title to keep
    with op.batch_alter_table("registration_item", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_registration_item_aim"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_registration_item_initiative_id_initiative"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_registration_item_initiative_id"))
        batch_op.alter_column("award_type_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f("ck_registration_item_registrationkind"), type_="check")
        for column in ("initiative_id", "done_note", "done_on", "name", "kind"):
            batch_op.drop_column(column)
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_agency_agencylevel"), type_="check")
        batch_op.drop_column("level")
