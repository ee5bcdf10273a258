"""Hồ sơ PDFs read back: exact Vietnamese text, embedded fonts, A4 with the state margins, page numbers."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from decimal import Decimal

import pypdf

from app.documents.fonts import FAMILY, font_files, register_fonts
from app.documents.record_pdf import person_record_pdf, unit_record_pdf
from app.paths import resource
from app.services.agency import AgencyInfo
from app.services.records import (
    AwardEntry,
    DisciplineEntry,
    FormerName,
    InitiativeEntry,
    PersonRecord,
    PostingEntry,
    RatingEntry,
    StaffCounts,
    UnitEventEntry,
    UnitRecord,
    UnitRef,
)
from database.enums import (
    AwardBasis,
    AwardCategory,
    AwardSource,
    DisciplineForm,
    Gender,
    InitiativeKind,
    InitiativeLevel,
    RatingLevel,
    UnitEventKind,
    UnitKind,
    UnitStatus,
)

MM = 72 / 25.4
AGENCY = AgencyInfo(parent_name="UBND TỈNH THANH HÓA", name="SỞ Y TẾ", symbol="SYT", place_name="Thanh Hóa")
TODAY = dt.date(2026, 1, 5)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _award(n: int, year: int, name: str = "Lao động tiên tiến", **kw) -> AwardEntry:
    values = dict(
        id=n,
        year=year,
        period_from=None,
        period_to=None,
        code="LDTT",
        name=name,
        category=AwardCategory.TITLE,
        basis=AwardBasis.MERIT,
        source=AwardSource.DECISION,
        decision_number=f"{100 + n}/QĐ-SYT",
        decision_date=dt.date(year, 12, 20),
        decision_issuer="Sở Y tế",
        bonus_amount=1_490_000,
        achievement=None,
        revoked=False,
        revoked_reason=None,
    )
    values.update(kw)
    return AwardEntry(**values)


def person(awards: int = 3) -> PersonRecord:
    # Strings arrive decomposed (NFD), as text pasted from some programs does: the PDF must hold NFC.
    return PersonRecord(
        id=1,
        full_name=nfd("Nguyễn Thị Ánh"),
        gender=Gender.FEMALE,
        birth_date=dt.date(1988, 4, 9),
        birth_year=1988,
        ethnicity="Kinh",
        position=nfd("Điều dưỡng trưởng"),
        professional_title="Điều dưỡng hạng III",
        unit_id=5,
        unit_name="Khoa Ngoại – Trung tâm Y tế khu vực Nga Sơn",
        health_sector_since=dt.date(2010, 9, 1),
        phone=None,
        left_on=None,
        note=None,
        staff_code="TTNS-0417",
        postings=(
            PostingEntry(
                3,
                "Khoa Nội – Bệnh viện Đa khoa tỉnh",
                "Điều dưỡng",
                None,
                dt.date(2010, 9, 1),
                dt.date(2019, 12, 31),
                None,
            ),
            PostingEntry(
                5,
                "Khoa Ngoại – Trung tâm Y tế huyện Nga Sơn",
                "Điều dưỡng trưởng",
                None,
                dt.date(2020, 1, 1),
                None,
                "Chuyển công tác từ Bệnh viện Đa khoa tỉnh",
            ),
        ),
        ratings=(
            RatingEntry(2019, RatingLevel.GOOD, None, None),
            RatingEntry(2020, RatingLevel.EXCELLENT, 2, None),
        ),
        disciplines=(
            DisciplineEntry(
                DisciplineForm.REPRIMAND,
                dt.date(2016, 3, 1),
                dt.date(2016, 3, 1),
                dt.date(2016, 9, 1),
                "QĐ 7/QĐ-BV",
                "Đi muộn nhiều lần",
            ),
        ),
        initiatives=(
            InitiativeEntry(
                9,
                "Giảm thời gian chờ khám bằng phiếu hẹn giờ",
                InitiativeKind.INITIATIVE,
                2020,
                InitiativeLevel.BASE,
                Decimal("60"),
                "Giám đốc Bệnh viện Đa khoa tỉnh",
                "99/QĐ-BV",
                dt.date(2020, 10, 2),
                ("Lê Văn Bình",),
                1,
                "Chiến sĩ thi đua cơ sở năm 2020",
            ),
        ),
        awards=tuple(_award(n, 2000 + n % 26) for n in range(awards)),
    )


def unit() -> UnitRecord:
    old = UnitRef(
        7, "Trung tâm Y tế huyện Hà Trung", UnitKind.HEALTH_CENTER, UnitStatus.MERGED, dt.date(2025, 7, 1)
    )
    return UnitRecord(
        id=5,
        code="TTYT.NS",
        name="Trung tâm Y tế khu vực Nga Sơn",
        short_name=None,
        label="Trung tâm Y tế khu vực Nga Sơn",
        kind=UnitKind.HEALTH_CENTER,
        status=UnitStatus.ACTIVE,
        parent_id=1,
        parent_name="Sở Y tế",
        address="Thị trấn Nga Sơn",
        phone=None,
        email=None,
        head_name="Lê Quốc Việt",
        established_on=None,
        ended_on=None,
        note=None,
        former_names=(FormerName("Trung tâm Y tế huyện Nga Sơn", None, dt.date(2025, 6, 30)),),
        events=(
            UnitEventEntry(
                1,
                UnitEventKind.MERGE,
                dt.date(2025, 7, 1),
                "QĐ 1620/QĐ-UBND",
                None,
                ("Trung tâm Y tế huyện Hà Trung",),
                ("Trung tâm Y tế khu vực Nga Sơn",),
            ),
        ),
        predecessors=(old,),
        successors=(),
        sub_units=(),
        staff=StaffCounts(4, 1_950, 1_324, 33),
        ratings=(
            RatingEntry(2024, RatingLevel.EXCELLENT, None, None, 5, None),
            RatingEntry(2024, RatingLevel.GOOD, None, None, 7, "Trung tâm Y tế huyện Hà Trung"),
        ),
        awards=(
            _award(
                1, 2023, "Tập thể lao động xuất sắc", unit_id=7, earned_by="Trung tâm Y tế huyện Hà Trung"
            ),
            _award(2, 2024, "Tập thể lao động tiên tiến", unit_id=5),
        ),
    )


def _read(data: bytes):
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def test_person_record_text_reads_back_exactly_in_nfc():
    data = person_record_pdf(person(), AGENCY, today=TODAY)
    reader, pages = _read(data)
    text = "\n".join(pages)
    assert unicodedata.is_normalized("NFC", text)
    for expected in (
        "UBND TỈNH THANH HÓA",
        "SỞ Y TẾ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thanh Hóa, ngày 05 tháng 01 năm 2026",
        "HỒ SƠ KHEN THƯỞNG CÁ NHÂN",
        "Nguyễn Thị Ánh",
        "Điều dưỡng trưởng",
        "09/04/1988",
        "Mã cán bộ:",
        "TTNS-0417",
        "Hoàn thành xuất sắc nhiệm vụ",
        "Nghỉ 2 ngày",
        "Khiển trách",
        "Đi muộn nhiều lần",
        "Cùng tác giả: Lê Văn Bình",
        "Chiến sĩ thi",
        "Lao động tiên tiến",
        "101/QĐ-SYT",
        "1.490.000",
        "Tổng tiền thưởng: 4.470.000 đồng.",
    ):
        assert expected in text, expected
    assert reader.metadata.title == "HỒ SƠ KHEN THƯỞNG CÁ NHÂN – Nguyễn Thị Ánh"


def test_fonts_are_embedded_and_the_page_is_a4():
    reader, _pages = _read(person_record_pdf(person(), AGENCY, today=TODAY))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (595.3, 841.9)
    used = []
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        if font["/BaseFont"] == "/Helvetica":
            continue  # ReportLab's unused default resource (FORMAT.md §8)
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]
        used.append(str(font["/BaseFont"]).split("+", 1)[-1])
    assert {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"} <= set(used) or any(
        "Times" in name for name in used
    )


def test_text_keeps_to_the_margins():
    reader, _pages = _read(person_record_pdf(person(40), AGENCY, today=TODAY))
    xs: list[float] = []
    ys: list[float] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():  # the text's origin on the page: text matrix × current transformation
            xs.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])
            ys.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert min(xs) >= 30 * MM - 0.5  # left margin 30 mm
    assert max(ys) <= 297 * MM - 10 * MM  # nothing above the page-number line in the top margin
    assert min(ys) >= 20 * MM - 1  # bottom margin 20 mm


def test_long_records_number_their_pages_from_two_and_repeat_table_headers():
    reader, pages = _read(person_record_pdf(person(60), AGENCY, today=TODAY))
    assert len(pages) >= 3
    assert not pages[0].lstrip().startswith("1")
    for n, text in enumerate(pages[1:], start=2):
        assert text.lstrip().splitlines()[0].strip() == str(n)
    with_awards = [t for t in pages if "Lao động tiên tiến" in t]
    assert len(with_awards) >= 2
    assert all("Danh hiệu, hình thức" in t and "Loại hình" in t for t in with_awards)


def test_unit_record_shows_what_predecessors_earned():
    _reader, pages = _read(unit_record_pdf(unit(), AGENCY, today=TODAY))
    text = "\n".join(pages)
    for expected in (
        "HỒ SƠ KHEN THƯỞNG ĐƠN VỊ",
        "Trung tâm Y tế khu vực Nga Sơn",
        "TTYT.NS",
        "Lê Quốc Việt",
        "1.950 người đang công tác (nữ: 1.324); 33 người đã nghỉ",
        "Sáp nhập",
        "QĐ 1620/QĐ-UBND",
        "Đơn vị tiền thân (thành tích được kế thừa): Trung tâm Y tế huyện Hà Trung",
        "Đơn vị đạt",
        "Tập thể lao động xuất sắc",
        "Hoàn thành tốt nhiệm vụ",
    ):
        assert expected in text, expected


def test_writing_to_a_path_leaves_only_the_finished_file(tmp_path):
    target = tmp_path / "Hồ sơ - Nguyễn Thị Ánh.pdf"
    assert person_record_pdf(person(), None, target, today=TODAY) is None
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    _reader, pages = _read(target.read_bytes())
    assert "ngày 05 tháng 01 năm 2026" in pages[0]  # no agency yet: the date line alone


def test_the_shipped_font_is_liberation_serif_with_its_licence():
    files = font_files()
    assert len(files) == 4 and all(p.is_file() for p in files)
    licence = resource("fonts", "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Red Hat" in licence
    assert register_fonts() == register_fonts() == files  # registered once
    from reportlab.lib.fonts import tt2ps

    assert tt2ps(FAMILY, 1, 0) == f"{FAMILY}-B" and tt2ps(FAMILY, 1, 1) == f"{FAMILY}-BI"
