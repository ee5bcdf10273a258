"""The staff list out to .xlsx and to the clipboard: real files read back with openpyxl."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app.exchange.staff_export import ExportCancelled, export_staff_xlsx, staff_tsv
from app.services.staff import StaffRecord
from database.enums import Gender

LABELS = {1: "Khoa Nội – Bệnh viện Đa khoa tỉnh", 2: "Trung tâm Y tế huyện Nga Sơn"}
COLUMNS = ["full_name", "gender", "birth", "unit", "position"]


def _records() -> list[StaffRecord]:
    return [
        StaffRecord(
            1, "Nguyễn Văn An", Gender.MALE, dt.date(1980, 3, 9), 1980, 1, "Khoa Nội", "Bác sĩ", None, "Kinh"
        ),
        StaffRecord(
            2,
            "Lê Thị Đào",
            Gender.FEMALE,
            None,
            1975,
            2,
            "Trung tâm Y tế huyện Nga Sơn",
            '=HYPERLINK("http://x")',
            None,
            None,
        ),
        StaffRecord(3, "Hà Văn Bình", None, None, None, None, "", "-Phó khoa", "@x", "Mường"),
    ]


def test_xlsx_has_a_bold_header_real_dates_and_no_formulas(tmp_path):
    path = tmp_path / "Danh sách.xlsx"
    assert export_staff_xlsx(path, _records(), COLUMNS, LABELS, title="DANH SÁCH CÁN BỘ") == 3
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "DANH SÁCH CÁN BỘ"
    assert rows[2] == ("STT", "Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị", "Chức vụ")
    assert all(cell.font.bold for cell in sheet[3])
    assert rows[3] == (
        1,
        "Nguyễn Văn An",
        "Nam",
        dt.datetime(1980, 3, 9),
        "Khoa Nội – Bệnh viện Đa khoa tỉnh",
        "Bác sĩ",
    )
    assert sheet["D4"].number_format == "DD/MM/YYYY"
    assert rows[4][3] == 1975  # only the year is known
    formula_like = sheet["F5"]
    assert formula_like.value == '=HYPERLINK("http://x")' and formula_like.data_type == "s"
    assert rows[5][1:] == ("Hà Văn Bình", None, None, None, "-Phó khoa")
    assert sheet.freeze_panes == "A4"


def test_cancelled_export_leaves_the_old_file(tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"old")
    many = _records() * 1500
    with pytest.raises(ExportCancelled):
        export_staff_xlsx(path, many, COLUMNS, LABELS, cancelled=lambda: True)
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["ds.xlsx"]


def test_tsv_pastes_into_excel_as_plain_text():
    text = staff_tsv(_records(), ["full_name", "birth", "position"], LABELS)
    lines = text.split("\r\n")
    assert lines[0] == "Họ và tên\tNgày sinh\tChức vụ"
    assert lines[1] == "Nguyễn Văn An\t09/03/1980\tBác sĩ"
    assert lines[2] == 'Lê Thị Đào\t1975\t\'=HYPERLINK("http://x")'
    assert lines[3] == "Hà Văn Bình\t\t'-Phó khoa" and lines[4] == ""
