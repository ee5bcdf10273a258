"""Seed 000 (Chỉ thị 04/CT-BYT: the sector's campaigns of 2021–2025 around "6 nhóm nhiệm vụ trọng tâm") entered
through the services on SQLite and PostgreSQL: the six groups pasted as numbered text with their sub-items
come back as a tree, in order, numbered 1., 1.1., 2. …; the Kế hoạch printed from them shows each group and
sub-item with its number as a body paragraph (FORMAT.md: first-line indent), its purpose section as the office
wrote it, and the yearly reviews and the tổng kết in a section of their own. The page layout checks are the
unit tests' (imported below, run here on this plan)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.documents.state import render_pdf
from app.services.agency import save_agency
from app.services.campaigns import (
    CampaignInput,
    PlanTexts,
    add_content_items,
    campaign_detail,
    create_yearly_reviews,
    launch_draft,
    launch_model,
    save_campaign,
)
from database.enums import CampaignKind, DocumentKind, Launcher
from tests.unit.test_campaign_document import seed_agency
from tests.unit.test_state_documents import (  # noqa: F401 (collected here, on this plan)
    LEFT,
    MM,
    Pdf,
    assert_element,
    test_header_left_column_agency_names_and_rule,
    test_header_right_column_national_name_motto_and_rule,
    test_page_is_a4_and_text_stays_inside_the_margins,
    test_page_numbers_from_page_two_centred_in_the_top_margin,
)

_SENTENCE_END = re.compile(r"(?<=[.…])\s+(?=[A-ZĐÀ-Ỹ])")


def _seed_text() -> str:
    here = Path(__file__).resolve().parents[1] / "data" / "seed_000.txt"
    return here.read_text(encoding="utf-8")


def six_groups() -> list[tuple[str, list[str]]]:
    """The six paragraphs after "6 nhóm nhiệm vụ trọng tâm giai đoạn 2021-2025": each a group (its first
    sentence) with its sub-items (the sentences after it)."""
    paragraphs = [x.strip() for x in _seed_text().splitlines() if x.strip()]
    first = next(k for k, x in enumerate(paragraphs) if x.startswith("Tập trung công tác xây dựng thể chế"))
    groups = []
    for paragraph in paragraphs[first : first + 6]:
        head, *rest = _SENTENCE_END.split(paragraph)
        groups.append((head, rest))
    return groups


def pasted() -> str:
    """The groups as the clerk pastes them from the directive: "1. …", "1.1. …"."""
    lines = []
    for g, (head, subs) in enumerate(six_groups(), start=1):
        lines.append(f"{g}. {head}")
        lines += [f"{g}.{k}. {x}" for k, x in enumerate(subs, start=1)]
    return "\n".join(lines)


SEED_000 = CampaignInput(
    "Phong trào thi đua yêu nước ngành y tế giai đoạn 2021 - 2025",
    CampaignKind.MULTI_YEAR,
    Launcher.MINISTRY,
    start_date=dt.date(2021, 1, 1),
    end_date=dt.date(2025, 12, 31),
    legal_basis="Thực hiện Chỉ thị số 04/CT-BYT năm 2021 của Bộ trưởng Bộ Y tế về việc tăng cường thực hiện "
    "công tác thi đua, khen thưởng trong ngành y tế giai đoạn 2021 - 2025.",
    texts=PlanTexts(
        purpose="Bảo đảm thiết thực, hiệu quả, lồng ghép công tác thi đua, khen thưởng gắn với việc thực hiện "
        "các nhiệm vụ trọng tâm của cơ quan, đơn vị.",
        content_intro="Thi đua thực hiện 6 nhóm nhiệm vụ trọng tâm giai đoạn 2021 - 2025:",
    ),
)


@pytest.fixture(scope="module")
def entered(module_ctx):
    ctx = module_ctx
    agency, signer = seed_agency()
    save_agency(ctx, replace(agency, signers=(replace(signer, is_default=True),)))
    campaign_id = save_campaign(ctx, SEED_000)
    assert add_content_items(ctx, campaign_id, pasted()) == 12
    assert create_yearly_reviews(ctx, campaign_id) == 6
    plan = launch_draft(ctx, campaign_id, DocumentKind.PLAN, day=dt.date(2021, 4, 1))
    pdf = Pdf(render_pdf(launch_model(ctx, plan)))
    return SimpleNamespace(ctx=ctx, campaign_id=campaign_id, plan=plan, pdf=pdf)


@pytest.fixture(scope="module")
def seed(entered) -> Pdf:
    return entered.pdf


def _expected() -> list[tuple[str, int, str]]:
    out = []
    for g, (head, subs) in enumerate(six_groups(), start=1):
        out.append((f"{g}.", 1, head))
        out += [(f"{g}.{k}.", 2, x) for k, x in enumerate(subs, start=1)]
    return out


def test_the_six_groups_come_back_as_a_tree_in_order(entered):
    items = campaign_detail(entered.ctx, entered.campaign_id).items
    assert [(i.number, i.level, i.text) for i in items] == _expected()
    groups = [i for i in items if i.parent_id is None]
    assert len(groups) == 6
    for group in groups:
        assert [i.parent_id for i in items].count(group.id) == 1


def test_the_plan_prints_every_group_and_sub_item_with_its_number(entered):
    pdf = entered.pdf
    heading = pdf.find("II. NỘI DUNG PHÁT ĐỘNG THI ĐUA")
    assert_element(heading, 14, "B", x=LEFT + 10 * MM)
    intro = pdf.find("Thi đua thực hiện 6 nhóm nhiệm vụ trọng tâm")
    previous = (intro.page, -intro.baseline)
    assert previous > (heading.page, -heading.baseline)
    for label, _, text in _expected():
        found = pdf.find(f"{label} {' '.join(text.split()[:6])}")
        number = replace(found, chars=found.chars[: len(label)])
        assert_element(number, 14, "R", x=LEFT + 10 * MM)  # a body paragraph: the first line indented
        assert (found.page, -found.baseline) > previous  # in order
        previous = (found.page, -found.baseline)
    assert not pdf.has("7. Tập trung") and not pdf.has("1.2.")


def test_the_plan_has_its_own_purpose_and_review_sections(entered):
    text = entered.plan.text.split("\n\n")
    assert text.index("**I. MỤC ĐÍCH, YÊU CẦU**") < text.index("**II. NỘI DUNG PHÁT ĐỘNG THI ĐUA**")
    assert text[text.index("**I. MỤC ĐÍCH, YÊU CẦU**") + 1] == SEED_000.texts.purpose
    reviews = text[text.index("**III. SƠ KẾT, TỔNG KẾT**") + 1 : text.index("**IV. TỔ CHỨC THỰC HIỆN**")]
    assert reviews == [
        *(
            f"{n}. Năm {year}, đánh giá kết quả thực hiện phong trào năm {year} và xét khen thưởng."
            for n, year in enumerate(range(2021, 2026), start=1)
        ),
        "6. Năm 2025, tổ chức tổng kết phong trào giai đoạn 2021 - 2025.",
    ]
    assert "PHÂN KỲ" not in entered.plan.text and "bắt đầu từ ngày" not in entered.plan.text
    assert entered.pdf.has("III. SƠ KẾT, TỔNG KẾT")
    assert "do Bộ Y tế phát động" in entered.plan.text


def test_a_letter_numbers_the_groups_under_its_section_and_the_office_may_letter_level_two(entered):
    ctx, campaign_id = entered.ctx, entered.campaign_id
    letter = launch_draft(ctx, campaign_id).text.split("\n\n")
    assert "**2. Nội dung phát động thi đua**" in letter
    assert any(x.startswith("2.1. Tập trung công tác xây dựng thể chế") for x in letter)
    assert any(x.startswith("2.1.1. Thúc đẩy việc nghiên cứu") for x in letter)
    detail = campaign_detail(ctx, campaign_id)
    save_campaign(ctx, replace(detail.as_input(), item_styles=("1.", "a)")), campaign_id, detail.version)
    items = campaign_detail(ctx, campaign_id).items
    assert [i.number for i in items[:4]] == ["1.", "a)", "2.", "a)"]
    letter = launch_draft(ctx, campaign_id).text.split("\n\n")
    assert any(x.startswith("a) Thúc đẩy việc nghiên cứu") for x in letter)
    save_campaign(ctx, detail.as_input(), campaign_id, detail.version + 1)  # back as it was
