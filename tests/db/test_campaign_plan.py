"""Campaigns as plans write them, on SQLite and PostgreSQL: content items as a tree (pasted numbered text,
indent, outdent, move among siblings, delete with sub-items), review points apart from phases (a multi-year
campaign's yearly reviews and tổng kết), the plan's own sections kept and printed as entered, and the
launchers the Sở relays."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.errors import ValidationError
from app.services.agency import AgencyInfo, SignerInfo, save_agency
from app.services.campaigns import (
    CampaignInput,
    PhaseInput,
    PlanTexts,
    ReviewInput,
    add_content_items,
    add_phase,
    campaign_default_texts,
    campaign_detail,
    content_item_count,
    create_yearly_reviews,
    delete_campaign,
    delete_content_item,
    delete_review_point,
    indent_content_item,
    launch_draft,
    move_content_item,
    outdent_content_item,
    save_campaign,
    save_review_point,
)
from database.enums import CampaignKind, DocumentKind, Launcher, ReviewKind

SEED_001 = CampaignInput(
    "Phong trào thi đua “Quyết tâm thực hiện thắng lợi các chỉ tiêu, nhiệm vụ Nghị quyết” giai đoạn 2023 - 2025",
    CampaignKind.MULTI_YEAR,
    start_date=dt.date(2023, 1, 1),
    end_date=dt.date(2025, 12, 31),
)
YEAR_2020 = CampaignInput(
    "Phong trào thi đua yêu nước năm 2020",
    CampaignKind.PHASED,
    start_date=dt.date(2020, 6, 26),
    end_date=dt.date(2020, 12, 31),
)
TREE = """1. Nhóm một
1.1. Việc một
a) Điểm a
- Gạch đầu dòng
b) Điểm b
1.2. Việc hai
2. Nhóm hai
3. Nhóm ba"""


@pytest.fixture(scope="module")
def ctx(module_ctx):
    save_agency(
        module_ctx,
        AgencyInfo(
            "UBND tỉnh Thanh Hóa",
            "Sở Y tế",
            "SYT",
            "Thanh Hóa",
            signers=(SignerInfo("Trịnh Hữu Hùng", "Giám đốc", is_default=True),),
        ),
    )
    return module_ctx


def _items(ctx, campaign_id) -> list[tuple[str, int, str]]:
    return [(i.number, i.level, i.text) for i in campaign_detail(ctx, campaign_id).items]


def _id(ctx, campaign_id, text: str) -> int:
    return next(i.id for i in campaign_detail(ctx, campaign_id).items if i.text == text)


# --- the tree --------------------------------------------------------------------------------------------


def test_pasted_numbered_text_builds_the_tree(ctx):
    campaign_id = save_campaign(ctx, YEAR_2020)
    assert add_content_items(ctx, campaign_id, TREE) == 8
    assert _items(ctx, campaign_id) == [
        ("1.", 1, "Nhóm một"),
        ("1.1.", 2, "Việc một"),
        ("a)", 3, "Điểm a"),
        ("-", 4, "Gạch đầu dòng"),
        ("b)", 3, "Điểm b"),
        ("1.2.", 2, "Việc hai"),
        ("2.", 1, "Nhóm hai"),
        ("3.", 1, "Nhóm ba"),
    ]
    # Pasted under an item: the lines become its sub-items, after those it has.
    assert (
        add_content_items(ctx, campaign_id, "- Việc ba\n- Việc bốn", _id(ctx, campaign_id, "Nhóm hai")) == 2
    )
    assert _items(ctx, campaign_id)[7:] == [
        ("2.1.", 2, "Việc ba"),
        ("2.2.", 2, "Việc bốn"),
        ("3.", 1, "Nhóm ba"),
    ]


def test_indent_outdent_move_and_delete_keep_the_sub_items_with_their_item(ctx):
    campaign_id = save_campaign(ctx, YEAR_2020)
    add_content_items(ctx, campaign_id, TREE)
    indent_content_item(ctx, _id(ctx, campaign_id, "Nhóm hai"))  # under Nhóm một, after Việc hai
    assert _items(ctx, campaign_id)[5:] == [
        ("1.2.", 2, "Việc hai"),
        ("1.3.", 2, "Nhóm hai"),
        ("2.", 1, "Nhóm ba"),
    ]
    outdent_content_item(ctx, _id(ctx, campaign_id, "Việc một"))  # right after Nhóm một, with its points
    assert _items(ctx, campaign_id)[:6] == [
        ("1.", 1, "Nhóm một"),
        ("1.1.", 2, "Việc hai"),
        ("1.2.", 2, "Nhóm hai"),
        ("2.", 1, "Việc một"),
        ("2.1.", 2, "Điểm a"),
        ("a)", 3, "Gạch đầu dòng"),  # numbered as its new level is
    ]
    move_content_item(ctx, _id(ctx, campaign_id, "Việc một"), -1)  # above Nhóm một, among the top level
    move_content_item(ctx, _id(ctx, campaign_id, "Nhóm ba"), +1)  # the last stays last
    assert [x for x in _items(ctx, campaign_id) if x[1] == 1] == [
        ("1.", 1, "Việc một"),
        ("2.", 1, "Nhóm một"),
        ("3.", 1, "Nhóm ba"),
    ]
    detail = campaign_detail(ctx, campaign_id)
    first = _id(ctx, campaign_id, "Việc một")
    assert content_item_count(detail, first) == 4  # the item, Điểm a (with its dash) and Điểm b
    assert delete_content_item(ctx, first) == 4
    assert _items(ctx, campaign_id) == [
        ("1.", 1, "Nhóm một"),
        ("1.1.", 2, "Việc hai"),
        ("1.2.", 2, "Nhóm hai"),
        ("2.", 1, "Nhóm ba"),
    ]
    with pytest.raises(ValidationError, match="không có nội dung cùng cấp"):
        indent_content_item(ctx, _id(ctx, campaign_id, "Việc hai"))
    with pytest.raises(ValidationError, match="đã ở cấp cao nhất"):
        outdent_content_item(ctx, _id(ctx, campaign_id, "Nhóm ba"))
    delete_campaign(ctx, campaign_id)  # the whole tree goes with it, sub-items before their items


# --- review points ---------------------------------------------------------------------------------------


def test_a_multi_year_campaign_gets_its_yearly_reviews_and_its_tong_ket(ctx):
    campaign_id = save_campaign(ctx, SEED_001)
    assert create_yearly_reviews(ctx, campaign_id) == 4
    assert create_yearly_reviews(ctx, campaign_id) == 0  # those it has are kept, none doubled
    reviews = campaign_detail(ctx, campaign_id).reviews
    assert [(r.kind, r.year) for r in reviews] == [
        (ReviewKind.YEARLY, 2023),
        (ReviewKind.YEARLY, 2024),
        (ReviewKind.YEARLY, 2025),
        (ReviewKind.FINAL, 2025),
    ]
    assert reviews[-1].sentence() == "Năm 2025, tổ chức tổng kết phong trào giai đoạn 2023 - 2025"
    # A sơ kết in the middle overlaps the yearly ones: review points are not phases.
    save_review_point(
        ctx,
        campaign_id,
        ReviewInput(ReviewKind.INTERIM, held_on=dt.date(2024, 7, 15), subject="phong trào giữa giai đoạn"),
    )
    plan = launch_draft(ctx, campaign_id, DocumentKind.PLAN).text.split("\n\n")
    section = plan[plan.index("**I. SƠ KẾT, TỔNG KẾT**") + 1 :]
    assert section[:5] == [
        "1. Năm 2023, đánh giá kết quả thực hiện phong trào năm 2023 và xét khen thưởng.",
        "2. Ngày 15/7/2024, tổ chức sơ kết phong trào giữa giai đoạn.",
        "3. Năm 2024, đánh giá kết quả thực hiện phong trào năm 2024 và xét khen thưởng.",
        "4. Năm 2025, đánh giá kết quả thực hiện phong trào năm 2025 và xét khen thưởng.",
        "5. Năm 2025, tổ chức tổng kết phong trào giai đoạn 2023 - 2025.",
    ]
    delete_review_point(ctx, reviews[0].id)
    assert len(campaign_detail(ctx, campaign_id).reviews) == 4


@pytest.mark.parametrize(
    ("review", "message"),
    [
        (ReviewInput(ReviewKind.FINAL), "cần ngày tổ chức hoặc năm"),
        (ReviewInput(ReviewKind.YEARLY, 2026), "nằm ngoài thời gian của phong trào"),
        (ReviewInput(ReviewKind.YEARLY, 2024), "đã có mốc đánh giá hằng năm của năm 2024"),
        (ReviewInput(ReviewKind.INTERIM, 2024, dt.date(2023, 6, 1)), "không thuộc năm 2024"),
        (
            ReviewInput(ReviewKind.INTERIM, 2024, None, dt.date(2022, 1, 1), dt.date(2024, 6, 30)),
            "phải nằm trong thời gian của phong trào",
        ),
    ],
)
def test_review_point_checks(ctx, review, message):
    campaign_id = save_campaign(ctx, SEED_001)
    save_review_point(ctx, campaign_id, ReviewInput(ReviewKind.YEARLY, 2024))
    with pytest.raises(ValidationError, match=message):
        save_review_point(ctx, campaign_id, review)
    assert len(campaign_detail(ctx, campaign_id).reviews) == 1


def test_a_campaign_of_one_year_has_no_yearly_reviews_and_its_phases_still_may_not_overlap(ctx):
    campaign_id = save_campaign(ctx, YEAR_2020)
    with pytest.raises(ValidationError, match="không kéo dài qua nhiều năm"):
        create_yearly_reviews(ctx, campaign_id)
    add_phase(ctx, campaign_id, PhaseInput(dt.date(2020, 6, 26), dt.date(2020, 7, 27)))
    with pytest.raises(ValidationError, match="trùng với Đợt 1"):
        add_phase(ctx, campaign_id, PhaseInput(dt.date(2020, 7, 1), dt.date(2020, 8, 1)))
    save_review_point(ctx, campaign_id, ReviewInput(ReviewKind.FINAL, held_on=dt.date(2021, 1, 15)))
    text = launch_draft(ctx, campaign_id).text
    assert "Ngày 15/01/2021, tổ chức tổng kết phong trào." in text


# --- the plan's own sections -----------------------------------------------------------------------------


def test_the_plans_sections_are_kept_and_printed_as_entered(ctx):
    defaults = campaign_default_texts(ctx, YEAR_2020)
    assert defaults.organisation.splitlines()[0].startswith("Để phong trào đạt kết quả thiết thực")
    assert defaults.organisation.splitlines()[1].startswith("1. Xây dựng kế hoạch")
    assert defaults.closing.endswith("./.") and defaults.copies_to.splitlines()[0] == "Như trên"
    texts = replace(
        defaults,
        purpose="Phát huy tinh thần yêu nước.\n\n  Tạo khí thế thi đua sôi nổi.  ",
        scope="Các đơn vị trực thuộc Sở.",
        rewards="Khen thưởng kịp thời:\n- Giấy khen của Giám đốc Sở;\n- Bằng khen của Chủ tịch UBND tỉnh.",
        organisation="Văn phòng Sở là đầu mối:\n1. Theo dõi, đôn đốc.\n2. Tổng hợp, báo cáo.",
        closing="Giám đốc Sở Y tế kêu gọi toàn ngành hưởng ứng./.",
        addressees="Các bệnh viện\nCác trung tâm y tế",
        copies_to="- Như trên;\n- Lưu: VT, VP.",
    )
    campaign_id = save_campaign(ctx, replace(YEAR_2020, texts=texts))
    kept = campaign_detail(ctx, campaign_id).texts
    assert kept.purpose == "Phát huy tinh thần yêu nước.\nTạo khí thế thi đua sôi nổi."  # lines cleaned
    assert kept.rewards == texts.rewards and kept.closing == texts.closing
    letter = launch_draft(ctx, campaign_id)
    lines = letter.text.split("\n\n")
    assert lines[lines.index("**1. Mục đích, yêu cầu**") : lines.index("**2. Phạm vi, đối tượng**")] == [
        "**1. Mục đích, yêu cầu**",
        "Phát huy tinh thần yêu nước.",
        "Tạo khí thế thi đua sôi nổi.",
    ]
    assert lines[lines.index("**3. Khen thưởng**") + 1 :][:3] == [
        "Khen thưởng kịp thời:",
        "- Giấy khen của Giám đốc Sở;",
        "- Bằng khen của Chủ tịch UBND tỉnh.",
    ]
    assert lines[-4:] == [
        "Văn phòng Sở là đầu mối:",
        "4.1. Theo dõi, đôn đốc.",
        "4.2. Tổng hợp, báo cáo.",
        "Giám đốc Sở Y tế kêu gọi toàn ngành hưởng ứng./.",
    ]
    assert letter.recipients == ("Các bệnh viện", "Các trung tâm y tế")
    assert letter.copies_to == ("Như trên;", "Lưu: VT, VP.")
    plan = launch_draft(ctx, campaign_id, DocumentKind.PLAN).text.split("\n\n")
    assert "**IV. TỔ CHỨC THỰC HIỆN**" in plan and "1. Theo dõi, đôn đốc." in plan
    emptied = replace(YEAR_2020, texts=PlanTexts())
    save_campaign(ctx, emptied, campaign_id)
    again = launch_draft(ctx, campaign_id).text
    assert "Mục đích" not in again and "Để phong trào đạt kết quả thiết thực" in again  # the default again


# --- launchers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("launcher", "origin", "copies"),
    [
        (
            Launcher.PRIME_MINISTER,
            "do Thủ tướng Chính phủ phát động",
            ("Bộ Y tế (để b/c)", "UBND tỉnh (để b/c)"),
        ),
        (Launcher.PARTY_CENTRAL, "do Ban Chấp hành Trung ương Đảng phát động", ("Đảng ủy Sở",)),
        (
            Launcher.SECTOR_UNION,
            "do Công đoàn Ngành Y tế phát động",
            ("Công đoàn Ngành Y tế", "Liên đoàn Lao động tỉnh"),
        ),
    ],
)
def test_the_new_launchers_are_stored_and_worded(ctx, launcher, origin, copies):
    campaign_id = save_campaign(ctx, replace(YEAR_2020, launcher=launcher))
    assert campaign_detail(ctx, campaign_id).launcher is launcher  # the CHECK takes it
    draft = launch_draft(ctx, campaign_id)
    assert (
        f"Giám đốc Sở Y tế triển khai trong toàn ngành phong trào thi đua yêu nước năm 2020 {origin}"
        in draft.text
    )
    assert set(copies) <= set(draft.copies_to) and draft.copies_to[0] == "Như trên"
    assert set(copies) <= set(
        campaign_default_texts(ctx, replace(YEAR_2020, launcher=launcher)).copies_to.splitlines()
    )


def test_the_launcher_check_takes_the_new_values_and_still_refuses_others(ctx):
    insert = text(
        "INSERT INTO campaign (name, kind, launcher, version) VALUES (:name, 'REGULAR', :launcher, 1)"
    )
    with ctx.write("CHECK mới") as s:
        s.execute(insert, {"name": "Phong trào do Thủ tướng phát động", "launcher": "PRIME_MINISTER"})
    with pytest.raises(IntegrityError), ctx.write("CHECK từ chối") as s:
        s.execute(insert, {"name": "Phong trào không rõ ai phát động", "launcher": "NOBODY"})
