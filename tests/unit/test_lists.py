"""The lists for authorities (app.exchange.lists): real workbooks read back with openpyxl, and each one
converted by LibreOffice headless to check what a reader of the file sees."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from app.exchange.lists import (
    NomineeRow,
    cluster_ranking_xlsx,
    decision_list_xlsx,
    nomination_list_xlsx,
    person_history_xlsx,
    registration_list_xlsx,
    unit_history_xlsx,
)
from app.services.agency import AgencyInfo
from app.services.awards import AwardHit, DecisionDetail, DecisionSummary
from app.services.clusters import (
    ClusterDetail,
    CriteriaGroup,
    CriterionInfo,
    MemberInfo,
    MemberRef,
    ScoreCell,
    rank_members,
)
from app.services.records import AwardEntry, PersonRecord, StaffCounts, UnitRecord
from app.services.registrations import AimResult
from database.enums import (
    AuthorityLevel,
    AwardBasis,
    AwardCategory,
    AwardSource,
    ClusterKind,
    ClusterRole,
    DecisionStatus,
    Gender,
    UnitKind,
    UnitStatus,
)

AGENCY = AgencyInfo("UBND TỈNH THANH HÓA", "SỞ Y TẾ", "SYT", "Thanh Hóa")


def _nominees() -> list[NomineeRow]:
    return [
        NomineeRow(
            "Nguyễn Văn An",
            False,
            Gender.MALE,
            dt.date(1980, 3, 9),
            "Trưởng khoa",
            "Khoa Nội",
            "Chiến sĩ thi đua cơ sở",
            "Hoàn thành xuất sắc nhiệm vụ",
        ),
        NomineeRow(
            "Lê Thị Đào",
            False,
            Gender.FEMALE,
            1975,
            '=HYPERLINK("x")',
            "Khoa Sản",
            "Lao động tiên tiến",
            "-Sáng kiến cấp cơ sở",
        ),
        NomineeRow(
            "Hà Văn Bình", False, None, dt.date(1990, 1, 2), None, "Khoa Dược", "Lao động tiên tiến", None
        ),
        NomineeRow(
            "Khoa Hồi sức cấp cứu",
            True,
            None,
            None,
            None,
            "Bệnh viện Đa khoa tỉnh",
            "Tập thể lao động xuất sắc",
            "@Dẫn đầu phong trào",
        ),
    ]


def _hit(n: int, name: str, amount: int | None, collective: bool = False, revoked: bool = False) -> AwardHit:
    return AwardHit(
        n,
        None if collective else n,
        n if collective else None,
        name,
        None if collective else dt.date(1980, 1, n),
        None,
        1,
        "Bác sĩ" if not collective else None,
        "CSTDCS",
        "Chiến sĩ thi đua cơ sở",
        True,
        2025,
        AwardBasis.MERIT,
        AwardSource.DECISION,
        7,
        "12/QĐ-SYT",
        dt.date(2025, 12, 20),
        "Sở Y tế",
        amount,
        revoked,
    )


def _decision() -> DecisionDetail:
    summary = DecisionSummary(
        7,
        "12/QĐ-SYT",
        dt.date(2025, 12, 20),
        "Giám đốc Sở Y tế",
        AuthorityLevel.DEPARTMENT,
        2025,
        "Khen thưởng năm 2025",
        "Lê Văn Ký",
        "GIÁM ĐỐC",
        DecisionStatus.ISSUED,
        None,
        2_340_000,
        3,
        2,
        1,
        4_680_000,
    )
    awards = (
        _hit(1, "Khoa Nội", 3_510_000, collective=True),
        _hit(2, "Trần Thị Lan", 1_170_000),
        _hit(3, "Phạm Văn Hùng", 1_170_000, revoked=True),
    )
    return DecisionDetail(summary, awards, ())


def _aims() -> list[AimResult]:
    return [
        AimResult(
            1,
            10,
            "Bệnh viện A",
            5,
            "Nguyễn Văn An",
            "09/03/1980",
            "CSTDCS",
            "Chiến sĩ thi đua cơ sở",
            True,
            (),
        ),
        AimResult(
            1,
            10,
            "Bệnh viện A",
            None,
            "Bệnh viện A",
            "",
            "TTLDXS",
            "Tập thể lao động xuất sắc",
            False,
            ("TTLĐTT",),
        ),
        AimResult(
            2, 11, "Trung tâm Y tế B", 6, "Lê Thị Đào", "1975", "LDTT", "Lao động tiên tiến", False, ()
        ),
    ]


def _cluster() -> ClusterDetail:
    members = (
        MemberInfo(
            10, MemberRef.unit(3), "Bệnh viện A", "BV A", ClusterRole.LEADER, True, "CO_THI_DUA", "Cờ thi đua"
        ),
        MemberInfo(11, MemberRef.unit(4), "Trung tâm Y tế B", "TTYT B", ClusterRole.MEMBER, True, None, None),
    )
    criteria = (
        CriterionInfo(1, "Chuyên môn", "1.1", "Khám chữa bệnh", Decimal("60.00")),
        CriterionInfo(2, "Phong trào", "2.1", "Thi đua", Decimal("40.00")),
    )
    scores = {
        (1, 10): ScoreCell(Decimal("55.00"), Decimal("54.50")),
        (2, 10): ScoreCell(Decimal("38.00")),
        (1, 11): ScoreCell(Decimal("58.00")),
        (2, 11): ScoreCell(Decimal("39.00"), Decimal("37.00")),
    }
    groups = (CriteriaGroup("Chuyên môn", criteria[:1]), CriteriaGroup("Phong trào", criteria[1:]))
    return ClusterDetail(
        3,
        2025,
        "Cụm bệnh viện tuyến tỉnh",
        ClusterKind.CLUSTER,
        "",
        members,
        None,
        groups,
        scores,
        rank_members(members, [1, 2], scores),
        {"CO_THI_DUA": "Cờ thi đua của UBND tỉnh"},
    )


def _award_entry(n: int, year: int, name: str, amount: int | None, revoked: bool = False) -> AwardEntry:
    return AwardEntry(
        n,
        year,
        None,
        None,
        "X",
        name,
        AwardCategory.TITLE,
        AwardBasis.MERIT,
        AwardSource.DECISION,
        f"{n}/QĐ-SYT",
        dt.date(year, 12, 1),
        "Sở Y tế",
        amount,
        None,
        revoked,
        "Sai hồ sơ" if revoked else None,
    )


def _person() -> PersonRecord:
    awards = (
        _award_entry(2, 2024, "Chiến sĩ thi đua cơ sở", 1_170_000),
        _award_entry(1, 2023, "Lao động tiên tiến", None, revoked=True),
    )
    return PersonRecord(
        5,
        "Trần Thị Lan",
        Gender.FEMALE,
        dt.date(1985, 6, 1),
        None,
        "Kinh",
        "Điều dưỡng",
        None,
        1,
        "Khoa Nội – Bệnh viện A",
        None,
        None,
        None,
        None,
        (),
        (),
        (),
        (),
        awards,
    )


def _unit() -> UnitRecord:
    return UnitRecord(
        10,
        None,
        "Bệnh viện A",
        None,
        "Bệnh viện A – Sở Y tế",
        UnitKind.SUB_DEPARTMENT,
        UnitStatus.ACTIVE,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        (),
        (),
        (),
        (),
        (),
        StaffCounts(0, 0, 0, 0),
        (),
        (_award_entry(4, 2025, "Tập thể lao động xuất sắc", 3_510_000),),
    )


def _rows(path, sheet=None) -> list[tuple]:
    workbook = openpyxl.load_workbook(path)
    return list((workbook[sheet] if sheet else workbook.worksheets[0]).iter_rows(values_only=True))


def _find(rows: list[tuple], first: object) -> tuple:
    return next(r for r in rows if first in r)


def test_nomination_list_has_the_agency_header_and_births_under_nam_or_nu(tmp_path):
    path = tmp_path / "de-nghi.xlsx"
    assert (
        nomination_list_xlsx(
            path,
            _nominees(),
            AGENCY,
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            "(Kèm theo Tờ trình số 15/TTr-SYT)",
            year=2025,
        )
        == 4
    )
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "UBND TỈNH THANH HÓA" and rows[1][0] == "SỞ Y TẾ"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in rows[0] and "Độc lập - Tự do - Hạnh phúc" in rows[1]
    assert any(str(v).startswith("Thanh Hóa, ngày") for v in rows[2] if v)
    header = next(n for n, r in enumerate(rows, start=1) if r[0] == "STT")
    assert rows[header - 1][:3] == ("STT", "Họ và tên", "Ngày sinh") and rows[header][2:4] == ("Nam", "Nữ")
    assert f"C{header}:D{header}" in {str(r) for r in sheet.merged_cells.ranges}  # Ngày sinh over Nam | Nữ
    assert f"A{header}:A{header + 1}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.print_title_rows == f"${header}:${header + 1}"
    assert rows[header + 1][0] == "I. CÁ NHÂN"
    an, dao, binh = rows[header + 2], rows[header + 3], rows[header + 4]
    assert an[:4] == (1, "Nguyễn Văn An", dt.datetime(1980, 3, 9), None)
    assert dao[2:4] == (None, 1975) and dao[4] == '=HYPERLINK("x")'
    assert (
        sheet.cell(header + 4, 5).data_type == "s"
        and sheet.cell(header + 4, 8).value == "-Sáng kiến cấp cơ sở"
    )
    assert sheet.cell(header + 3, 3).number_format == "DD/MM/YYYY"
    assert binh[2] == dt.datetime(1990, 1, 2)  # sex unknown: across Nam | Nữ
    assert f"C{header + 5}:D{header + 5}" in {str(r) for r in sheet.merged_cells.ranges}
    assert rows[header + 5][0] == "II. TẬP THỂ" and rows[header + 6][1] == "Khoa Hồi sức cấp cứu"
    assert sheet.cell(header + 7, 8).data_type == "s"
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_options.horizontalCentered
    assert sheet.freeze_panes == f"A{header + 2}" and sheet.page_margins.left == 0.6
    assert sheet.cell(header + 3, 2).border.left.style == "thin"


def test_decision_list_totals_what_is_not_revoked_and_says_it_in_words(tmp_path):
    path = tmp_path / "qd.xlsx"
    assert decision_list_xlsx(path, _decision(), AGENCY, {1: "Bệnh viện A"}) == 3
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "(Kèm theo Quyết định số 12/QĐ-SYT ngày 20/12/2025 của Giám đốc Sở Y tế)" in {r[0] for r in rows}
    assert _find(rows, "Khoa Nội")[5:] == ("Chiến sĩ thi đua cơ sở", 3_510_000)
    assert _find(rows, "Phạm Văn Hùng")[5:] == ("Chiến sĩ thi đua cơ sở (đã thu hồi)", None)
    total = _find(rows, "Tổng cộng: 3 khen thưởng")
    assert total[6] == 4_680_000
    row = rows.index(total) + 1
    assert sheet.cell(row, 7).number_format == "#,##0" and sheet.cell(row, 1).font.b
    assert rows[row][0] == "Bằng chữ: Bốn triệu sáu trăm tám mươi nghìn đồng."
    assert f"A{row}:F{row}" in {str(r) for r in sheet.merged_cells.ranges}


def test_registrations_group_units_and_say_what_was_achieved(tmp_path):
    path = tmp_path / "dk.xlsx"
    assert registration_list_xlsx(path, _aims(), AGENCY, 2025) == 3
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.page_setup.orientation == "portrait"
    assert "I. Bệnh viện A" in {r[0] for r in rows} and "II. Trung tâm Y tế B" in {r[0] for r in rows}
    assert _find(rows, "Nguyễn Văn An")[2:5] == (dt.datetime(1980, 3, 9), "Chiến sĩ thi đua cơ sở", "Đạt")
    assert _find(rows, "Tập thể lao động xuất sắc")[4:] == ("Chưa đạt", "TTLĐTT")
    assert _find(rows, "Lê Thị Đào")[2] == 1975


def test_cluster_ranking_and_score_sheet(tmp_path):
    path = tmp_path / "cum.xlsx"
    assert cluster_ranking_xlsx(path, _cluster(), AGENCY) == 2
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Xếp hạng", "Bảng điểm"]
    rows = _rows(path, "Xếp hạng")
    first = _find(rows, "Trung tâm Y tế B")
    assert first[0] == 1 and first[3:7] == (97, 37, 95, "1")  # 58 + 37 beats 54.5 + 38
    assert _find(rows, "Bệnh viện A")[5:] == (92.5, "2", "Cờ thi đua của UBND tỉnh")
    scores = _rows(path, "Bảng điểm")
    assert _find(scores, "Khám chữa bệnh")[3:] == (60, 54.5, 58)
    assert _find(scores, "Tổng điểm")[3:] == (100, 92.5, 95)
    sheet = workbook["Bảng điểm"]
    assert sheet.cell(rows.index(first) + 1, 4).number_format == "#,##0.00"
    assert sheet.print_title_rows and sheet.page_setup.fitToWidth == 1


def test_person_and_unit_history(tmp_path):
    path = tmp_path / "ca-nhan.xlsx"
    assert person_history_xlsx(path, _person(), AGENCY) == 2
    rows = _rows(path)
    assert "Bà Trần Thị Lan, sinh 01/06/1985 – Khoa Nội – Bệnh viện A" in {r[0] for r in rows}
    header = next(n for n, r in enumerate(rows) if r[0] == "STT")
    assert rows[header + 1][1:4] == (2023, "Lao động tiên tiến", "1/QĐ-SYT")
    assert rows[header + 1][7] == "Đã thu hồi: Sai hồ sơ"
    assert rows[header + 2][4:7] == (dt.datetime(2024, 12, 1), "Sở Y tế", 1_170_000)
    unit = tmp_path / "tap-the.xlsx"
    assert unit_history_xlsx(unit, _unit(), AGENCY) == 1
    assert "QUÁ TRÌNH KHEN THƯỞNG CỦA TẬP THỂ" in {r[0] for r in _rows(unit)}


def test_a_failed_list_leaves_the_old_file(tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"old")
    broken = [NomineeRow("A", False, Gender.MALE, object(), None, None, "X", None)]  # not a cell value
    with pytest.raises(ValueError):
        nomination_list_xlsx(path, broken, AGENCY, "DS")
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["ds.xlsx"]


# --- what LibreOffice reads ----------------------------------------------------------------------------------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:  # CI installs libreoffice-calc (.ci/run); never skipped silently
        pytest.fail("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    return found


def _as_shown(path, tmp_path) -> list[list[str]]:
    """The first sheet as LibreOffice shows it (formatted values), through a headless CSV conversion."""
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with open(path.with_suffix(".csv"), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_libreoffice_reads_every_list(tmp_path):
    from app.exchange.award_export import SEARCH_KEYS, export_awards_xlsx

    made = {
        "de-nghi.xlsx": lambda p: nomination_list_xlsx(
            p, _nominees(), AGENCY, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
        ),
        "qd.xlsx": lambda p: decision_list_xlsx(p, _decision(), AGENCY, {1: "Bệnh viện A"}),
        "dk.xlsx": lambda p: registration_list_xlsx(p, _aims(), AGENCY, 2025),
        "cum.xlsx": lambda p: cluster_ranking_xlsx(p, _cluster(), AGENCY),
        "ls.xlsx": lambda p: person_history_xlsx(p, _person(), AGENCY),
        "tra-cuu.xlsx": lambda p: export_awards_xlsx(
            p, _decision().awards, SEARCH_KEYS, {1: "Bệnh viện A"}, title="KẾT QUẢ TRA CỨU"
        ),
    }
    for name, make in made.items():
        make(tmp_path / name)
    shown = {name: _as_shown(tmp_path / name, tmp_path) for name in made}

    nominees = shown["de-nghi.xlsx"]
    assert nominees[0][0] == "UBND TỈNH THANH HÓA" and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in nominees[0]
    assert _find(nominees, "Nguyễn Văn An")[2:4] == ["09/03/1980", ""]  # dd/mm/yyyy under Nam
    assert _find(nominees, "Lê Thị Đào")[2:5] == ["", "1975", '=HYPERLINK("x")']  # text, not a formula
    assert "@Dẫn đầu phong trào" in _find(nominees, "Khoa Hồi sức cấp cứu")
    decision = shown["qd.xlsx"]
    # The thousands format: LibreOffice here runs in en-US and draws commas; a Vietnamese reader gets dots.
    assert _find(decision, "Khoa Nội")[6] == "3,510,000"
    assert _find(decision, "Tổng cộng: 3 khen thưởng")[6] == "4,680,000"
    assert _find(decision, "Bằng chữ: Bốn triệu sáu trăm tám mươi nghìn đồng.")
    assert _find(shown["dk.xlsx"], "Nguyễn Văn An")[2:5] == ["09/03/1980", "Chiến sĩ thi đua cơ sở", "Đạt"]
    assert _find(shown["cum.xlsx"], "Bệnh viện A")[3:6] == ["93.00", "54.50", "92.50"]
    assert _find(shown["ls.xlsx"], "Chiến sĩ thi đua cơ sở")[4:7] == ["01/12/2024", "Sở Y tế", "1,170,000"]
    search = shown["tra-cuu.xlsx"]
    assert search[0][0] == "KẾT QUẢ TRA CỨU" and search[2][0] == "STT"
    assert _find(search, "Trần Thị Lan")[:3] == ["2", "Trần Thị Lan", "02/01/1980"]
    assert _find(search, "Khoa Nội")[8] == "3,510,000"


def test_libreoffice_prints_the_merged_header_on_one_a4_page_width(tmp_path):
    path = tmp_path / "de-nghi.xlsx"
    nomination_list_xlsx(path, _nominees() * 40, AGENCY, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    import pypdf

    pdf = pypdf.PdfReader(tmp_path / "de-nghi.pdf")
    box = pdf.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595  # A4 landscape
    assert len(pdf.pages) >= 2
    texts = [page.extract_text() for page in pdf.pages]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts[0]
    assert all("Tóm tắt thành tích" in t for t in texts)  # the header repeats on every page
    assert f"Trang 1/{len(pdf.pages)}" in texts[0]
