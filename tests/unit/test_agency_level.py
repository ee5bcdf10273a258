"""The agency's level: a Sở under a province prints "tỉnh" words, one under a centrally run city "thành phố"
words, in every document that names the province or its bodies — read back from the PDFs. The words come from
one place (app.domain.agency.LevelWording)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.documents.campaign_document import LaunchWording, draft_launch, launch_document
from app.documents.certificate import SAMPLE, render_certificates
from app.documents.state import quyet_dinh_khen_thuong, render_pdf
from app.domain.agency import AgencyInfo, LevelWording, level_from_parent
from app.domain.campaigns import ContentItemInfo, PhaseInfo
from app.services.decisions import higher_bodies
from app.services.statistics import level_labels
from database.enums import AgencyLevel, AuthorityLevel, DocumentKind, Launcher
from tests.unit.test_campaign_document import seed_campaign
from tests.unit.test_certificates import open_pdf
from tests.unit.test_state_documents import DEPUTY, DIRECTOR, Pdf, decision_draft

HA_NOI = AgencyInfo(
    parent_name="UBND THÀNH PHỐ HÀ NỘI",
    name="SỞ Y TẾ",
    symbol="SYT",
    place_name="Hà Nội",
    level=AgencyLevel.CITY,
)
QUANG_NAM = AgencyInfo(
    parent_name="UBND TỈNH QUẢNG NAM", name="SỞ Y TẾ", symbol="SYT", place_name="Quảng Nam"
)
CITY = HA_NOI.wording
PROVINCE = QUANG_NAM.wording


def _text(pdf: Pdf) -> str:
    return "\n".join(pdf.text(n) for n in range(len(pdf.pages)))


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "parent, level",
    [
        ("UBND THÀNH PHỐ HÀ NỘI", AgencyLevel.CITY),
        ("Ủy ban nhân dân thành phố Hồ Chí Minh", AgencyLevel.CITY),
        ("UBND TP. Hải Phòng", AgencyLevel.CITY),
        ("UBND TỈNH THANH HÓA", AgencyLevel.PROVINCE),
        ("Ủy ban nhân dân tỉnh Quảng Nam", AgencyLevel.PROVINCE),
        ("UBND tỉnh Thừa Thiên Huế", AgencyLevel.PROVINCE),
        ("", AgencyLevel.PROVINCE),
    ],
)
def test_the_level_is_read_from_the_parents_name(parent, level):
    assert level_from_parent(parent) is level


def test_the_words_of_each_level():
    assert (CITY.people_committee, CITY.people_committee_short, CITY.committee_chair) == (
        "Ủy ban nhân dân thành phố",
        "UBND thành phố",
        "Chủ tịch Ủy ban nhân dân thành phố",
    )
    assert (CITY.emulation_board, CITY.labour_federation, CITY.whole_area) == (
        "Ban Thi đua – Khen thưởng thành phố",
        "Liên đoàn Lao động thành phố",
        "Toàn thành phố",
    )
    assert (PROVINCE.emulation_board, PROVINCE.whole_area) == ("Ban Thi đua – Khen thưởng tỉnh", "Toàn tỉnh")
    assert CITY.with_place("Sở Y tế") == "Sở Y tế Hà Nội"
    assert PROVINCE.with_place("Sở Y tế") == "Sở Y tế tỉnh Quảng Nam"
    assert LevelWording().with_place("Sở Y tế") == "Sở Y tế"  # no place entered
    assert CITY.with_place("Sở Y tế Hà Nội") == "Sở Y tế Hà Nội"  # named with it already: not twice
    assert PROVINCE.with_place("SỞ Y TẾ TỈNH QUẢNG NAM") == "SỞ Y TẾ TỈNH QUẢNG NAM"
    assert higher_bodies(CITY)[AuthorityLevel.PROVINCE] == "UBND thành phố"
    assert higher_bodies(PROVINCE)[AuthorityLevel.PROVINCE] == "UBND tỉnh"
    assert level_labels(CITY)[AuthorityLevel.PROVINCE] == "Cấp thành phố (Chủ tịch UBND thành phố)"
    assert level_labels(PROVINCE)[AuthorityLevel.PROVINCE] == "Cấp tỉnh (Chủ tịch UBND tỉnh)"
    assert CITY.authority(AuthorityLevel.PROVINCE) == "Chủ tịch UBND thành phố"
    assert (
        PROVINCE.authority(AuthorityLevel.PROVINCE) == AuthorityLevel.PROVINCE.label == "Chủ tịch UBND tỉnh"
    )
    assert CITY.authority(AuthorityLevel.MINISTRY) == "Bộ trưởng Bộ Y tế"


def _campaign(launcher: Launcher):
    campaign, _ = seed_campaign()
    return replace(
        campaign,
        launcher=launcher,
        name="Phong trào thi đua thực hiện văn hóa công sở năm 2024",
        theme="",
        legal_basis="Căn cứ Kế hoạch số 25/KH-UBND ngày 10/01/2024 về phong trào thi đua năm 2024;",
        phases=(
            PhaseInfo(1, 1, "Đợt 1", dt.date(2024, 3, 1), dt.date(2024, 12, 31), "thi đua thường xuyên"),
        ),
        items=(ContentItemInfo(1, 1, "Thực hiện nghiêm quy tắc ứng xử nơi công sở"),),
    )


def _dispatch(agency: AgencyInfo, launcher: Launcher, path=None) -> str:
    draft = draft_launch(_campaign(launcher), agency, DIRECTOR, DocumentKind.OFFICIAL_LETTER, LaunchWording())
    data = render_pdf(launch_document(draft, agency, number=215, issued_on=dt.date(2024, 3, 1)))
    if path is not None:
        path.write_bytes(data)
    return _flat(_text(Pdf(data)))


def test_a_city_agencys_launch_dispatch_speaks_of_the_city(tmp_path):
    text = _dispatch(HA_NOI, Launcher.PROVINCE, tmp_path / "phat-dong-ha-noi.pdf")
    assert "do Ủy ban nhân dân thành phố phát động" in text
    assert "UBND thành phố (để b/c)" in text and "Ban Thi đua – Khen thưởng thành phố" in text
    assert "UBND THÀNH PHỐ HÀ NỘI" in text and "Hà Nội, ngày 01 tháng 3 năm 2024" in text
    assert "tỉnh" not in text.lower()
    union = _dispatch(HA_NOI, Launcher.JOINT_UNION)
    assert "Liên đoàn Lao động thành phố" in union and "tỉnh" not in union.lower()


def test_a_province_agencys_launch_dispatch_keeps_the_province():
    text = _dispatch(QUANG_NAM, Launcher.PROVINCE)
    assert "do Ủy ban nhân dân tỉnh phát động" in text
    assert "UBND tỉnh (để b/c)" in text and "Ban Thi đua – Khen thưởng tỉnh" in text
    assert "thành phố" not in text.lower()


def test_a_city_agencys_decision_and_certificate_carry_the_city():
    draft = decision_draft()
    draft = replace(
        draft, lines=tuple(replace(x, unit_name="Bệnh viện Đa khoa Đống Đa") for x in draft.lines)
    )
    decision = _flat(_text(Pdf(render_pdf(quyet_dinh_khen_thuong(HA_NOI, DEPUTY, draft, year=2025)))))
    assert "UBND THÀNH PHỐ HÀ NỘI" in decision and "tỉnh" not in decision.lower()
    certificate = replace(
        SAMPLE,
        parent_name=HA_NOI.parent_name,
        unit="Điều dưỡng trưởng, Khoa Hồi sức tích cực – Bệnh viện Đa khoa Đống Đa",
        place_date="Hà Nội, ngày 20 tháng 12 năm 2025",
    )
    with open_pdf(render_certificates([certificate])) as pdf:
        text = pdf.pages[0].extract_text()
    assert "UBND THÀNH PHỐ HÀ NỘI" in text and "tỉnh" not in text.lower()
