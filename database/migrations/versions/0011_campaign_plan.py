"""Campaigns as the plans write them: content items with sub-items (content_item.parent_id) and a numbering
style per level (campaign.item_styles); the plan's own sections kept with the campaign (mục đích – yêu cầu,
phạm vi – đối tượng, the lines before the content items, khen thưởng, tổ chức thực hiện, the closing call,
Kính gửi, Nơi nhận); review points (sơ kết, tổng kết, đánh giá hằng năm) apart from the phases; and three more
launchers (Thủ tướng Chính phủ, Ban Chấp hành Trung ương / Ban Bí thư, Công đoàn ngành Y tế alone), which
rewrites the CHECK on campaign.launcher.

Revision ID: 0011_campaign_plan
Revises: 0010_registers
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_campaign_plan"
down_revision = "0010_registers"
branch_labels = None
depends_on = None

OLD_LAUNCHERS = ("DEPARTMENT", "JOINT_UNION", "MINISTRY", "PROVINCE")
NEW_LAUNCHERS = (*OLD_LAUNCHERS, "PRIME_MINISTER", "PARTY_CENTRAL", "SECTOR_UNION")
TEXT_COLUMNS = (
    "purpose",
    "scope",
    "content_intro",
    "rewards",
    "organisation",
    "closing",
    "addressees",
    "copies_to",
)


def _launcher_check(values: tuple[str, ...]) -> str:
    return "launcher IN ({})".format(", ".join(f"'{v}'" for v in values))


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch_op:
        for column in TEXT_COLUMNS:
            batch_op.add_column(sa.Column(column, sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("item_styles", sa.String(length=40), nullable=True))
        batch_op.drop_constraint(op.f("ck_campaign_launcher"), type_="check")
        batch_op.create_check_constraint(op.f("ck_campaign_launcher"), _launcher_check(NEW_LAUNCHERS))
    with op.batch_alter_table("content_item") as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_content_item_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_content_item_parent_id_content_item"), "content_item", ["parent_id"], ["id"]
        )
    op.create_table(
        "review_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "YEARLY",
                "INTERIM",
                "FINAL",
                name="reviewkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("year", sa.SmallInteger(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("period_from", sa.Date(), nullable=True),
        sa.Column("period_to", sa.Date(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.CheckConstraint("year IS NOT NULL OR held_on IS NOT NULL", name=op.f("ck_review_point_when")),
        sa.CheckConstraint(
            "period_from IS NULL OR period_to IS NULL OR period_to >= period_from",
            name=op.f("ck_review_point_period"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_review_point_campaign_id_campaign")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_point")),
    )
    with op.batch_alter_table("review_point") as batch_op:
        batch_op.create_index(batch_op.f("ix_review_point_campaign_id"), ["campaign_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_point") as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_point_campaign_id"))
    op.drop_table("review_point")
    with op.batch_alter_table("content_item") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_content_item_parent_id_content_item"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_content_item_parent_id"))
        batch_op.drop_column("parent_id")
    campaign = sa.table("campaign", sa.column("launcher", sa.String))
    # The new launchers' campaigns are launched by the Sở alone under the old CHECK.
    op.execute(
        campaign.update()
        .where(campaign.c.launcher.notin_(OLD_LAUNCHERS))
        .values(launcher="DEPARTMENT")
    )
    with op.batch_alter_table("campaign") as batch_op:
        batch_op.drop_constraint(op.f("ck_campaign_launcher"), type_="check")
        batch_op.create_check_constraint(op.f("ck_campaign_launcher"), _launcher_check(OLD_LAUNCHERS))
        batch_op.drop_column("item_styles")
        for column in reversed(TEXT_COLUMNS):
            batch_op.drop_column(column)
