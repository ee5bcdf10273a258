"""The launching document drafted from a campaign's records, read back from the PDF: seed 003 entered as
data (the campaign, its two phases and ten content items, the wording of its organisation section) must
come out as the seed's dispatch, word for word and in FORMAT.md's layout.

The reading helpers and the expected positions are those of test_state_documents (FORMAT.md's numbers).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from app.documents.campaign_document import (
    LaunchWording,
    blocks_text,
    draft_launch,
    launch_blocks,
    launch_document,
    phase_sentence,
    text_blocks,
)
from app.documents.state import render_pdf
from app.domain.targets import TargetInfo
from app.services.agency import AgencyInfo, SignerInfo
from app.services.campaigns import (
    CampaignDetail,
    CampaignStatus,
    ContentItemInfo,
    PhaseInfo,
)
from database.enums import CampaignKind, DocumentKind, Launcher, TargetComparison
from tests.unit.test_state_documents import (
    DATA,
    LEFT,
    LEFT_CENTRE,
    LEFT_COL,
    MM,
    PAGE_CENTRE,
    PAGE_H,
    RIGHT_CENTRE,
    TOL,
    TOP,
    Pdf,
    _reading_order,
    _words,
    assert_element,
    bottom_of,
    close,
    top_of,
)

SEED = json.loads((DATA / "seed_003.json").read_text(encoding="utf-8"))
PHASE = re.compile(r"(Đợt \d+) bắt đầu từ ngày (\S+) đến (?:hết )?ngày (\S+?), (.*)")
NUMBERED = re.compile(r"^\d+\.\d+\.\s+")


def _day(text: str) -> dt.date:
    d, m, y = (int(x) for x in text.split("/"))
    return dt.date(y, m, d)


def _sections() -> dict[str, list[str]]:
    """The seed's paragraphs under each heading ("" before the first)."""
    out: dict[str, list[str]] = {"": []}
    current = ""
    for block in SEED["body"]:
        if "heading" in block:
            current = block["heading"]
            out[current] = []
        else:
            out[current].append(block["para"])
    return out


def seed_campaign() -> tuple[CampaignDetail, LaunchWording]:
    """Seed 003 as the clerk enters it: the campaign and its records, and the words of the dispatch that
    are not records (the lead-in, the organisation section, the closing call, recipients, Nơi nhận)."""
    parts = _sections()
    opening, launch = parts[""]
    lead_in, _, rest = launch.partition(", Giám đốc")
    name = re.search(r"phát động (phong trào .+?) với chủ đề", rest).group(1)
    theme = re.search(r"“\s*\*\*\*(.+?)\*\*\*”", rest).group(1)
    phases = []
    for n, text in enumerate(parts["1. Phân kỳ thời gian phát động thi đua"], start=1):
        label, start, end, focus = PHASE.fullmatch(text).groups()
        phases.append(PhaseInfo(n, n, label, _day(start), _day(end), focus))
    items = [NUMBERED.sub("", x) for x in parts["2. Nội dung phát động thi đua"]]
    intro, *tasks, closing = parts["3. Tổ chức thực hiện"]
    campaign = CampaignDetail(
        id=1,
        name=name[0].upper() + name[1:],
        theme=theme,
        kind=CampaignKind.PHASED,
        launcher=Launcher.JOINT_UNION,
        start_date=phases[0].start_date,
        end_date=phases[-1].end_date,
        legal_basis=opening,
        rule_set_date=None,
        note="",
        status=CampaignStatus.ENDED,
        phases=tuple(phases),
        items=tuple(ContentItemInfo(n, n, x) for n, x in enumerate(items, start=1)),
        targets=(),
        results=(),
        launch_document=None,
        launch_document_id=None,
    )
    wording = LaunchWording(
        lead_in=lead_in,
        organisation_intro=intro,
        organisation_items=tuple(NUMBERED.sub("", x) for x in tasks),
        closing=closing,
        recipients=tuple(SEED["recipients"]),
        copies_to=tuple(SEED["copies_to"]),
        drafter=SEED["drafter"],
        unit_code=SEED["unit_code"],
    )
    return campaign, wording


def seed_agency() -> tuple[AgencyInfo, SignerInfo]:
    return AgencyInfo(**SEED["agency"]), SignerInfo(**SEED["signer"])


def seed_targets() -> tuple[TargetInfo, ...]:
    """Seed 001's four targets of 2023–2025."""
    return (
        TargetInfo(
            1, "Số bác sĩ/vạn dân", "bác sĩ/vạn dân", TargetComparison.RANGE, Decimal("8.5"), Decimal("9")
        ),
        TargetInfo(
            2,
            "Số giường bệnh/vạn dân",
            "giường bệnh/vạn dân",
            TargetComparison.RANGE,
            Decimal("24"),
            Decimal("25"),
        ),
        TargetInfo(
            3,
            "Tỷ lệ xã đạt bộ tiêu chí quốc gia về y tế",
            "%",
            TargetComparison.AT_LEAST,
            Decimal("100"),
            None,
        ),
        TargetInfo(
            4, "Tỷ lệ tăng dân số tự nhiên", "%", TargetComparison.ABOUT, Decimal("1.0"), Decimal("1.0")
        ),
    )


def seed_draft(**kw):
    campaign, wording = seed_campaign()
    agency, signer = seed_agency()
    return draft_launch(campaign, agency, signer, wording=replace(wording, **kw))


@pytest.fixture(scope="module")
def issued() -> Pdf:
    agency, _ = seed_agency()
    doc = launch_document(
        seed_draft(), agency, number=SEED["number"], issued_on=dt.date.fromisoformat(SEED["issued_on"])
    )
    return Pdf(render_pdf(doc))


# --- the words -------------------------------------------------------------------------------------------


def test_seed_003_entered_as_data_comes_out_as_the_seed(issued):
    expected = (DATA / "seed_003.txt").read_text(encoding="utf-8").replace("*", "")
    # The decree's fixed forms, as test_state_documents spells them out; and the typist's stray space
    # inside the theme's opening quote, which the program does not reproduce.
    for seed_text, program_text in (
        ("CỘNG HOÀ", "CỘNG HÒA"),
        ("Vv phát động", "V/v phát động"),
        ("1975 /SYT-VP", "1975/SYT-VP"),
        ("kinh tế./. HQ", "kinh tế./."),
        ("Lưu VT, VP.", "Lưu VT, VP. HQ"),
        ("“ Cán bộ", "“Cán bộ"),
    ):
        assert seed_text in expected
        expected = expected.replace(seed_text, program_text)
    assert _words(_reading_order(issued)) == _words(expected)


def test_the_draft_is_the_seeds_body_as_editable_text():
    draft = seed_draft()
    seed_body = [f"**{b['heading']}**" if "heading" in b else b["para"] for b in SEED["body"]]
    assert draft.text.replace("“***", "“ ***").split("\n\n") == seed_body
    assert draft.subject == SEED["subject"] and draft.recipients == tuple(SEED["recipients"])
    assert text_blocks(draft.text) == tuple(b for b in text_blocks(blocks_text(text_blocks(draft.text))))


def test_phases_read_from_their_dates():
    phase = PhaseInfo(1, 1, "Đợt 1", dt.date(2024, 1, 5), dt.date(2024, 2, 29), "")
    assert phase_sentence(phase) == "Đợt 1 bắt đầu từ ngày 05/01/2024 đến hết ngày 29/02/2024."
    assert phase_sentence(replace(phase, end_date=dt.date(2024, 3, 9), focus="tập trung tuyên truyền")) == (
        "Đợt 1 bắt đầu từ ngày 05/01/2024 đến ngày 09/3/2024, tập trung tuyên truyền."
    )


# --- the layout (FORMAT.md) ------------------------------------------------------------------------------


def test_header_number_and_date_line(issued):
    assert_element(issued.find("UBND TỈNH THANH HÓA"), 12, "R", centre=LEFT_CENTRE)
    issuer = issued.find("SỞ Y TẾ")
    assert_element(issuer, 12, "B", centre=LEFT_CENTRE)
    assert close(issued.find("UBND TỈNH THANH HÓA").baseline, PAGE_H - TOP - 1825 / 2048 * 12)
    issued.rule_under(issuer)
    assert_element(issued.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, "B", centre=RIGHT_CENTRE)
    motto = issued.find("Độc lập - Tự do - Hạnh phúc")
    assert_element(motto, 13, "B", centre=RIGHT_CENTRE)
    issued.rule_under(motto)
    number, date = issued.find("Số: 1975/SYT-VP"), issued.find("Thanh Hoá, ngày 01 tháng 7 năm 2020")
    assert_element(number, 13, "R", centre=LEFT_CENTRE)
    assert_element(date, 13, "I", centre=RIGHT_CENTRE)
    assert close(number.baseline, date.baseline, 0.01)


def test_subject_under_the_number_and_one_recipient(issued):
    number = issued.find("Số: 1975/SYT-VP")
    subject = issued.find("V/v phát động phong trào thi đua yêu nước năm 2020")
    assert subject.size == 12 and subject.style == "R"
    assert close(bottom_of(number) - top_of(subject), 6)
    assert all(LEFT <= c["x0"] and c["x1"] <= LEFT + LEFT_COL for c in subject.chars)
    assert_element(issued.find("Kính gửi: Thủ trưởng các đơn vị trong ngành"), 14, "R", x=LEFT + 35 * MM)


def test_both_phases_and_all_ten_content_items_as_body_paragraphs(issued):
    campaign, _ = seed_campaign()
    for heading in (
        "1. Phân kỳ thời gian phát động thi đua",
        "2. Nội dung phát động thi đua",
        "3. Tổ chức thực hiện",
    ):
        assert_element(issued.find(heading), 14, "B", x=LEFT + 10 * MM)
    for phase in campaign.phases:
        found = issued.find(f"{phase.name} bắt đầu từ ngày")
        assert_element(found, 14, "R", x=LEFT + 10 * MM)
    phase_2 = issued.find("Đợt 2 bắt đầu từ ngày 28/7/2020 đến hết ngày 31/12/2020")
    assert phase_2.baseline < issued.find("Đợt 1 bắt đầu từ ngày 26/6/2020 đến ngày 27/7/2020").baseline
    previous = None
    for item in campaign.items:
        label = issued.find(f"2.{item.number}.", nth=0)
        assert_element(label, 14, "R", x=LEFT + 10 * MM)
        words = issued.find(" ".join(item.text.replace("*", "").split()[:6]))
        assert words.size == 14 and close(words.chars[0]["x0"], label.x1, 6)  # the label starts its text
        if previous is not None:
            assert (label.page, -label.baseline) > (previous.page, -previous.baseline)  # in order
        previous = label
    assert issued.find("Đẩy mạnh việc học tập").style == "B"  # 2.4 is bold, as typed
    assert len(issued.find_all("2.10.")) == 1 and not issued.has("2.11.")


def test_organisation_section_then_closing_with_noi_nhan_and_signer(issued):
    for n in range(1, 5):
        assert_element(issued.find(f"3.{n}."), 14, "R", x=LEFT + 10 * MM)
    closing = issued.find("vừa phát triển kinh tế./.")
    assert closing.size == 14
    last = len(issued.pages) - 1
    head = issued.find("Nơi nhận:", last)
    assert_element(head, 12, "BI", x=LEFT)
    for text in ("- Như trên;", "- Ban TĐKT tỉnh;", "- LĐLĐ tỉnh;", "- Lưu VT, VP."):
        assert_element(issued.find(text, last), 11, "R", x=LEFT)
    title, name = issued.find("GIÁM ĐỐC", last), issued.find("Trịnh Hữu Hùng", last)
    assert_element(title, 14, "B", centre=RIGHT_CENTRE)
    assert_element(name, 14, "B", centre=RIGHT_CENTRE)
    assert close(title.baseline, head.baseline)
    assert bottom_of(title) - top_of(name) >= 25 * MM - TOL
    assert_element(issued.find("HQ", last), 11, "R")
    for page in range(1, len(issued.pages)):
        assert issued.page_number(page) == str(page + 1)


def test_an_unregistered_draft_leaves_number_and_day_blank():
    agency, _ = seed_agency()
    pdf = Pdf(render_pdf(launch_document(seed_draft(), agency)))
    assert_element(pdf.find("Số:/SYT-VP"), 13, "R", centre=LEFT_CENTRE)
    assert pdf.find(f"Thanh Hoá, ngày tháng năm {dt.date.today().year}").style == "I"


def test_the_clerks_edits_are_what_prints():
    agency, _ = seed_agency()
    draft = seed_draft()
    edited = replace(
        draft,
        text=draft.text.replace("Ngày Thương binh Liệt sỹ", "Ngày Thương binh – Liệt sĩ 27/7"),
        copies_to=draft.copies_to[:-1] + ("Lưu: VT, TĐKT",),
    )
    pdf = Pdf(render_pdf(launch_document(edited, agency)))
    assert pdf.has("Ngày Thương binh – Liệt sĩ 27/7") and not pdf.has("Liệt sỹ")
    assert pdf.has("- Lưu: VT, TĐKT.")


# --- other launches --------------------------------------------------------------------------------------


def test_a_plan_has_its_title_subject_and_roman_sections():
    campaign, _ = seed_campaign()
    campaign = replace(campaign, targets=seed_targets())
    agency, signer = seed_agency()
    draft = draft_launch(campaign, agency, signer, DocumentKind.PLAN)
    pdf = Pdf(render_pdf(launch_document(draft, agency, number=12, issued_on=dt.date(2020, 6, 25))))
    assert_element(pdf.find("KẾ HOẠCH"), 14, "B", centre=PAGE_CENTRE)
    subject = pdf.find("Phát động phong trào thi đua yêu nước năm 2020")
    assert_element(subject, 14, "B", centre=PAGE_CENTRE)
    pdf.rule_under(subject)
    assert_element(pdf.find("Số: 12/KH-SYT"), 13, "R", centre=LEFT_CENTRE)
    for n, title in enumerate(
        (
            "PHÂN KỲ THỜI GIAN PHÁT ĐỘNG THI ĐUA",
            "NỘI DUNG PHÁT ĐỘNG THI ĐUA",
            "CHỈ TIÊU THI ĐUA",
            "TỔ CHỨC THỰC HIỆN",
        ),
        start=1,
    ):
        assert_element(pdf.find(f"{['I', 'II', 'III', 'IV'][n - 1]}. {title}"), 14, "B", x=LEFT + 10 * MM)
    assert not pdf.has("Kính gửi")
    assert pdf.has("- Các đơn vị trực thuộc Sở;")


def test_seed_001_targets_are_written_as_goals():
    campaign, _ = seed_campaign()
    campaign = replace(
        campaign,
        targets=seed_targets(),
        phases=(),
        launcher=Launcher.DEPARTMENT,
        kind=CampaignKind.MULTI_YEAR,
    )
    agency, signer = seed_agency()
    text = blocks_text(launch_blocks(campaign, agency, signer))
    assert "**2. Chỉ tiêu thi đua**" in text
    for line in (
        "2.1. Số bác sĩ/vạn dân: từ 8,5 đến 9 bác sĩ/vạn dân.",
        "2.2. Số giường bệnh/vạn dân: từ 24 đến 25 giường bệnh/vạn dân.",
        "2.3. Tỷ lệ xã đạt bộ tiêu chí quốc gia về y tế: đạt tối thiểu 100%.",
        "2.4. Tỷ lệ tăng dân số tự nhiên: khoảng 1%.",
    ):
        assert line in text.splitlines()
    assert "Công đoàn" not in text  # the Department alone launches it
    assert "Giám đốc Sở Y tế phát động phong trào thi đua yêu nước năm 2020" in text
    assert text.splitlines()[-1].endswith("./.")


def test_a_relayed_campaign_names_who_launched_it():
    campaign, _ = seed_campaign()
    agency, signer = seed_agency()
    text = blocks_text(launch_blocks(replace(campaign, launcher=Launcher.MINISTRY, theme=""), agency, signer))
    assert (
        "Giám đốc Sở Y tế triển khai trong toàn ngành phong trào thi đua yêu nước năm 2020 do Bộ Y tế phát động"
        in text
    )
    draft = draft_launch(replace(campaign, launcher=Launcher.MINISTRY), agency, signer)
    assert "Bộ Y tế (để b/c)" in draft.copies_to and draft.copies_to[0] == "Như trên"
