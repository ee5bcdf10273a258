"""Reading staff lists from Excel: the sample files, the layouts units really send, and bad files."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from app.errors import UserError
from app.exchange.file_limits import FileLimits
from app.exchange.roster import (
    FIELDS,
    FORMULA_NO_VALUE,
    MISSING_NAME,
    SKIP_CONTINUED,
    SKIP_NUMBERS,
    SKIP_OUTSIDE,
    SKIP_SIGNATURE,
    SKIP_TITLE,
    SKIP_TOTAL,
    RosterError,
    RosterSheet,
    guess_mapping,
    parse_people,
    read_roster,
)
from app.text.legacy import TCVN3_TABLE
from tests.unit.test_file_limits import BAD_NAMES, bad_spreadsheets

SAMPLES = Path(__file__).parents[1] / "data" / "samples"
TCVN3_ENCODE = {uni: code for code, uni in TCVN3_TABLE.items()}


def tcvn3(text: str) -> str:
    """Unicode -> TCVN3 as a .VnTime cell stores it (toned capitals have no code: lowercase)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = TCVN3_ENCODE.get(ch) or TCVN3_ENCODE.get(ch.lower())
        out.append(code if code else ch)
    return "".join(out)


def people_of(sheet: RosterSheet):
    return parse_people(sheet, guess_mapping(sheet))


# ------------------------------------------------------------------ builders
def write_xlsx(path: Path, rows, *, fonts=None, merges=(), formats=None, title="Danh sách", sheets=()):
    """rows: lists of values (None = empty); fonts/formats: {(row, col): name} with 1-based keys."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for (r, c), name in (fonts or {}).items():
        ws.cell(r, c).font = Font(name=name)
    for (r, c), fmt in (formats or {}).items():
        ws.cell(r, c).number_format = fmt
    for ref in merges:
        ws.merge_cells(ref)
    for name, extra_rows in sheets:
        other = wb.create_sheet(name)
        for values in extra_rows:
            other.append(values)
    wb.save(path)
    return path


def write_xls(path: Path, rows, *, fonts=None, merges=()):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("DS")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    styles = {}
    merged_at = {}
    for ref in merges:  # "C5:D5" -> written with write_merge
        a, b = ref.split(":")
        r1, c1 = openpyxl.utils.cell.coordinate_to_tuple(a)
        r2, c2 = openpyxl.utils.cell.coordinate_to_tuple(b)
        merged_at[(r1, c1)] = (r2, c2)
    covered = {
        (r, c)
        for (r1, c1), (r2, c2) in merged_at.items()
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
        if (r, c) != (r1, c1)
    }
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if (r, c) in covered:
                continue
            font = (fonts or {}).get((r, c))
            if isinstance(value, dt.date):
                style = date_style
            elif font:
                style = styles.setdefault(font, xlwt.easyxf(f"font: name {font}"))
            else:
                style = xlwt.Style.default_style
            if (r, c) in merged_at:
                r2, c2 = merged_at[(r, c)]
                ws.write_merge(r - 1, r2 - 1, c - 1, c2 - 1, value, style)
            elif value is not None:
                ws.write(r - 1, c - 1, value, style)
    wb.save(str(path))
    return path


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def raw_xlsx(path: Path, sheet_data: str, *, dimension=None, shared=None, styles=None, prefix="", date1904=False,
             tail="", before_data="") -> Path:  # fmt: skip
    """A minimal workbook written by hand, to control every byte of the sheet XML."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {xmlns}>{dim}{before_data}'
        f"<{p}sheetData>{sheet_data}</{p}sheetData>{tail}</{p}worksheet>"
    )
    types = [
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        (
            "/xl/worksheets/sheet1.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        ),
    ]
    rels = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    parts = {"xl/worksheets/sheet1.xml": sheet}
    if shared is not None:
        items = "".join(s if s.startswith("<si") else f"<si><t>{s}</t></si>" for s in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{NS}" count="{len(shared)}">{items}</sst>'
        types.append(("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"))  # fmt: skip
        rels.append(("rId2", "sharedStrings", "sharedStrings.xml"))
    if styles is not None:
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{NS}">{styles}</styleSheet>'
        types.append(
            ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
        )
        rels.append(("rId3", "styles", "styles.xml"))
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in types)
        + "</Types>"
    )
    parts["_rels/.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{REL_NS}/{t}" Target="{x}"/>' for i, t, x in rels)
        + "</Relationships>"
    )
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{NS}" xmlns:r="{REL_NS}">{pr}<sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def inline_row(r: int, values) -> str:
    cells = []
    for c, v in enumerate(values):
        ref = f"{chr(65 + c)}{r}"
        if isinstance(v, int | float):
            cells.append(f'<c r="{ref}"><v>{v}</v></c>')
        elif v is not None:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'


# ------------------------------------------------------------------ the sample files
def test_tcvn3_sample_gives_exactly_the_expected_people():
    expected = json.loads((SAMPLES / "roster_tcvn3.expected.json").read_text(encoding="utf-8"))
    sheet = read_roster(SAMPLES / "roster_tcvn3.xlsx")
    assert sheet.legacy == "tcvn3"
    assert sheet.header_row == 1 and sheet.skipped == []
    assert [c.header for c in sheet.columns] == [
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Chức vụ",
        "Khoa, phòng",
    ]
    assert guess_mapping(sheet) == {
        0: "full_name",
        1: "gender",
        2: "birth_date",
        3: "position",
        4: "department",
    }
    people = people_of(sheet)
    got = [
        {
            "full_name": p.full_name,
            "gender": {"MALE": "Nam", "FEMALE": "Nữ"}[p.gender],
            "birth_date": p.birth_date.isoformat(),
            "position": p.position,
        }
        for p in people
    ]
    assert got == expected
    assert all(p.problems == () for p in people)
    assert [p.row for p in people] == list(range(2, 27))
    assert "Khoa Hồi sức tích cực - Chống độc" in {p.department for p in people}


def test_vni_xls_sample_with_title_row_and_stt_column():
    sheet = read_roster(SAMPLES / "roster_vni.xls")
    assert sheet.legacy == "vni"
    assert sheet.sheet_names == ["Sheet1"]
    assert sheet.header_row == 3
    assert sheet.skipped == [(1, SKIP_TITLE)]
    assert [c.header for c in sheet.columns] == [
        "TT",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Chức danh",
        "Khoa/Phòng",
    ]
    # Plain "Chức danh" with no "Chức vụ" column is the job title people hold.
    assert [c.guess for c in sheet.columns] == [
        "seq",
        "full_name",
        "gender",
        "birth_date",
        "position",
        "department",
    ]
    assert [r.cells[0] for r in sheet.rows] == list(range(1, 21))
    people = people_of(sheet)
    assert [p.full_name for p in people] == [
        "Lê Ngọc Phương", "Đinh Thanh Uyên", "Vũ Hồng Phương", "Lý Ngọc Hạnh", "Phạm Minh Quang",
        "Mai Thị Oanh", "Phan Thúy Hằng", "Lê Thu Hằng", "Hoàng Diệu Trang", "Nguyễn Thị Ỳ",
        "Phan Hồng Anh", "Bùi Ngọc Thảo", "Đinh Mỹ Phương", "Dương Đức Trung", "Phạm Kim Chi",
        "Phạm Kim Chi", "Lương Thị Dung", "Võ Thúy Phương", "Võ Kim Hạnh", "Lê Minh Phong",
    ]  # fmt: skip
    assert [p.full_name for p in people if p.gender == "MALE"] == [
        "Phạm Minh Quang",
        "Dương Đức Trung",
        "Lê Minh Phong",
    ]
    first = people[0]
    assert (first.birth_date, first.position, first.department) == (
        dt.date(1985, 3, 12),
        "Bác sĩ",
        "Phòng Kế hoạch tổng hợp",
    )
    assert people[-1].birth_date == dt.date(1966, 4, 22) and people[-1].position == "Điều dưỡng"
    assert all(p.problems == () for p in people)


def test_unicode_nfd_sample_is_cleaned():
    sheet = read_roster(SAMPLES / "roster_unicode_nfd.xlsx")
    assert sheet.legacy == "unicode"
    assert [c.guess for c in sheet.columns] == ["full_name", "gender", "birth_date", "position", "department"]
    for row in sheet.rows:
        for value in row.cells:
            assert not isinstance(value, str) or (
                unicodedata.is_normalized("NFC", value) and value == " ".join(value.split())
            )
    people = people_of(sheet)
    names = [p.full_name for p in people]
    assert len(people) == 20
    assert names[:4] == ["Hoàng Thanh Hà", "Lý Đức Việt", "Ngô Minh Lực", "Dương Thành Ước"]
    assert {"Lê Quốc An", "Đinh Thúy Hoa", "Trần Quốc Hải", "Huỳnh Ngọc Hà"} <= set(names)
    assert people[0].gender == "FEMALE" and people[0].birth_date == dt.date(1978, 3, 15)
    assert people[0].department == "Khoa Ngoại chấn thương"
    assert all(p.problems == () for p in people)


# ------------------------------------------------------------------ real layouts
D = dt.date
LAYOUT = [
    ["SỞ Y TẾ TỈNH THANH HÓA", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["Bệnh viện Đa khoa huyện Cẩm Thủy"],
    [tcvn3("danh sách cán bộ đề nghị khen thưởng năm 2024")],
    [],
    ["STT", tcvn3("họ và tên"), "Ngày sinh", None, "Chức vụ", "Khoa, phòng", "Ghi chú"],
    [None, None, "Nam", "Nữ"],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
    [1, "Nguyễn Văn An", D(1980, 3, 12), None, "Bác sĩ", "Khoa Nội"],
    [2, "TRẦN THỊ BÌNH", None, "05/11/1985", "Điều dưỡng", "Khoa Nhi"],
    [3, "Lê Văn Cường", "07-08-1979", None, "Giám đốc", "Ban Giám đốc"],
    [4, "Phạm Thị Dung", None, 1990, "Hộ sinh", "Khoa Sản", "Chuyển đến 2020"],
    [5, "  hoàng   văn em ", "1975", None, "Trưởng khoa", tcvn3("khoa ngoại")],
    [6, "Đỗ Thị Giang", None, "x", "Kỹ thuật viên", "Khoa Xét nghiệm"],
    [7, "Vũ Văn Hải", "12.01.1982", None, "Trưởng phòng", "Phòng Tổ chức cán bộ"],
    [None, "Cộng: 7 người"],
    [],
    [None, None, None, None, None, "Cẩm Thủy, ngày 15 tháng 10 năm 2024"],
    [None, "Người lập biểu", None, None, None, "Thủ trưởng đơn vị"],
    [None, "(Ký, ghi rõ họ tên)", None, None, None, "(Ký tên, đóng dấu)"],
    [],
    [],
    [None, "Nguyễn Thị Lập", None, None, None, "Trần Văn Trưởng"],
]
LAYOUT_FONTS = {(3, 1): ".VnTimeH", (5, 2): ".VnTimeH", (12, 6): ".VnTimeH"}
LAYOUT_MERGES = ["A5:A6", "B5:B6", "C5:D5", "E5:E6", "F5:F6", "G5:G6", "A3:G3"]


def check_layout(sheet: RosterSheet) -> None:
    assert sheet.header_row == 6
    assert [c.header for c in sheet.columns] == [
        "STT", "HỌ VÀ TÊN", "Ngày sinh Nam", "Ngày sinh Nữ", "Chức vụ", "Khoa, phòng", "Ghi chú",
    ]  # fmt: skip
    assert guess_mapping(sheet) == {
        0: "seq", 1: "full_name", 2: "birth_date_male", 3: "birth_date_female", 4: "position",
        5: "department", 6: "note",
    }  # fmt: skip
    assert sheet.skipped == [
        (1, SKIP_TITLE), (2, SKIP_TITLE), (3, SKIP_TITLE), (7, SKIP_NUMBERS), (15, SKIP_TOTAL),
        (17, SKIP_SIGNATURE), (18, SKIP_SIGNATURE), (19, SKIP_SIGNATURE), (22, SKIP_SIGNATURE),
    ]  # fmt: skip
    assert [r.row for r in sheet.rows] == list(range(8, 15))
    people = people_of(sheet)
    got = [(p.full_name, p.gender, p.birth_date, p.birth_year, p.position, p.department) for p in people]
    assert got == [
        ("Nguyễn Văn An", "MALE", D(1980, 3, 12), 1980, "Bác sĩ", "Khoa Nội"),
        ("Trần Thị Bình", "FEMALE", D(1985, 11, 5), 1985, "Điều dưỡng", "Khoa Nhi"),
        ("Lê Văn Cường", "MALE", D(1979, 8, 7), 1979, "Giám đốc", "Ban Giám đốc"),
        ("Phạm Thị Dung", "FEMALE", None, 1990, "Hộ sinh", "Khoa Sản"),
        ("Hoàng Văn Em", "MALE", None, 1975, "Trưởng khoa", "KHOA NGOẠI"),  # .VnTimeH: capitals
        ("Đỗ Thị Giang", "FEMALE", None, None, "Kỹ thuật viên", "Khoa Xét nghiệm"),  # an x in the Nữ column
        ("Vũ Văn Hải", "MALE", D(1982, 1, 12), 1982, "Trưởng phòng", "Phòng Tổ chức cán bộ"),
    ]
    assert people[3].note == "Chuyển đến 2020"
    assert all(p.problems == () for p in people)


@pytest.mark.parametrize("merged", [True, False], ids=["merged-header", "header-without-merges"])
def test_layout_xlsx(tmp_path, merged):
    path = write_xlsx(
        tmp_path / "ds.xlsx", LAYOUT, fonts=LAYOUT_FONTS, merges=LAYOUT_MERGES if merged else (),
        formats={(8, 3): "dd/mm/yyyy"},
    )  # fmt: skip
    check_layout(read_roster(path))


@pytest.mark.parametrize("merged", [True, False], ids=["merged-header", "header-without-merges"])
def test_layout_xls(tmp_path, merged):
    path = write_xls(tmp_path / "ds.xls", LAYOUT, fonts=LAYOUT_FONTS, merges=LAYOUT_MERGES if merged else ())
    check_layout(read_roster(path))


def test_legacy_fonts_in_xls(tmp_path):
    rows = [["STT", "Hä vµ tªn", "Giíi tÝnh", "N¨m sinh"], [1, "Hoµng C«ng TuÊn", "Nam", 1970]]
    fonts = {(1, c): ".VnTime" for c in range(2, 5)} | {(2, 2): ".VnTime"}
    sheet = read_roster(write_xls(tmp_path / "old.xls", rows, fonts=fonts))
    assert sheet.legacy == "tcvn3"
    assert [c.header for c in sheet.columns] == ["STT", "Họ và tên", "Giới tính", "Năm sinh"]
    (p,) = people_of(sheet)
    assert (p.full_name, p.gender, p.birth_date, p.birth_year) == ("Hoàng Công Tuấn", "MALE", None, 1970)


def test_a_misnamed_file_is_read_by_its_content(tmp_path):
    xls = write_xls(tmp_path / "a.xls", [["Họ và tên", "Giới tính"], ["An", "Nam"]])
    renamed = tmp_path / "really-xls.xlsx"
    renamed.write_bytes(xls.read_bytes())
    assert people_of(read_roster(renamed))[0].full_name == "An"


# ------------------------------------------------------------------ dates, sex, problems
def test_dates_in_every_usual_form(tmp_path):
    rows = [
        ["Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào ngành", "Số điện thoại"],
        ["A", "Nam", D(1980, 3, 12), D(2005, 9, 1), 912345678],
        ["B", "Nữ", "05/11/1985", "03/2010", "0987 654 321"],
        ["C", "nam", "7-8-1979", 2001, None],
        ["D", "NỮ", "12.01.1982", "2012", None],
        ["E", "Nam", 1975, None, None],
        ["F", "Nữ", "1975", None, None],
        ["G", "Nam", "1985-06-30", None, None],
        ["H", "Nữ", "12/03/85", None, None],
        ["I", "Nam", "15031978", None, None],
        ["J", "Nữ", "12/03/1985 00:00:00", None, None],
    ]
    people = people_of(read_roster(write_xlsx(tmp_path / "d.xlsx", rows, formats={(2, 3): "dd/mm/yyyy"})))
    assert [(p.birth_date, p.birth_year) for p in people] == [
        (D(1980, 3, 12), 1980), (D(1985, 11, 5), 1985), (D(1979, 8, 7), 1979), (D(1982, 1, 12), 1982),
        (None, 1975), (None, 1975), (D(1985, 6, 30), 1985), (D(1985, 3, 12), 1985), (D(1978, 3, 15), 1978),
        (D(1985, 3, 12), 1985),
    ]  # fmt: skip
    assert [p.health_sector_since for p in people[:4]] == [
        D(2005, 9, 1),
        D(2010, 3, 1),
        D(2001, 1, 1),
        D(2012, 1, 1),
    ]
    assert [p.gender for p in people] == ["MALE", "FEMALE"] * 5
    assert people[0].phone == "0912345678" and people[1].phone == "0987 654 321"
    assert all(p.problems == () for p in people)


def test_bad_values_are_problems_on_their_rows_not_exceptions(tmp_path):
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Nam", "Nữ"],
        [1, "Ngày sai", "Nam", "31/02/1980"],
        [2, "Chữ", "Nữ", "không rõ"],
        [3, "Năm sai", "Nam", "2090"],
        [4, None, "Nam", "01/01/1980"],
        [5, "Không giới tính", None, "01/01/1980"],
        [6, "Giới lạ", "x", "01/01/1980"],
        [7, "Hai cột", None, None, "01/01/1980", "02/02/1981"],
        [8, "Lệch", "Nam", None, None, "01/01/1980"],
        [9, "Tương lai", "Nữ", "01/01/2999"],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "bad.xlsx", rows))
    assert [c.guess for c in sheet.columns][3:] == ["birth_date", "birth_date_male", "birth_date_female"]
    problems = {p.row: p.problems for p in people_of(sheet)}
    assert problems[2] == ("Ngày sinh không hợp lệ: 31/02/1980",)
    assert problems[3] == ("Ngày sinh không hợp lệ: không rõ",)
    assert problems[4] == ("Năm sinh không hợp lệ: 2090",)
    assert problems[5] == ("Thiếu họ và tên",)
    assert problems[6] == ()  # an unknown sex is left blank, not refused
    assert problems[7] == ("Không rõ giới tính: “x”",)
    assert problems[8] == ("Có ngày sinh ở cả cột Nam và cột Nữ",)
    assert len(problems[9]) == 1 and "cột Nữ" in problems[9][0]
    assert problems[10] == ("Ngày sinh không hợp lệ: 01/01/2999",)


def test_one_column_of_x_marks_for_women(tmp_path):
    rows = [["TT", "Họ và tên", "Năm sinh", "Nữ"], [1, "An", 1980, None], [2, "Bình", 1981, "x"]]
    people = people_of(read_roster(write_xlsx(tmp_path / "x.xlsx", rows)))
    assert [(p.gender, p.birth_year, p.problems) for p in people] == [
        ("MALE", 1980, ()),
        ("FEMALE", 1981, ()),
    ]


def test_the_clerk_can_change_the_mapping(tmp_path):
    rows = [["Họ và tên", "Giới tính", "Năm sinh", "Cột lạ"], ["an", "Nam", 1980, "Kinh"]]
    sheet = read_roster(write_xlsx(tmp_path / "m.xlsx", rows))
    assert sheet.columns[3].guess is None
    mapping = guess_mapping(sheet) | {3: "ethnicity"}
    (p,) = parse_people(sheet, mapping)
    assert (p.full_name, p.ethnicity) == ("An", "Kinh")
    (p,) = parse_people(sheet, {0: "full_name", 1: "note"})
    assert p.note == "Nam" and p.gender is None and p.problems == ()


@pytest.mark.parametrize(
    "header",
    [
        "Mã cán bộ",
        "Mã CB",
        "Mã số cán bộ",
        "Mã viên chức",
        "Mã số viên chức",
        "Mã nhân viên",
        "Mã NV",
        "Số hiệu",
        "MÃ CÁN BỘ",
    ],
)
def test_a_staff_code_column_is_read_as_text(tmp_path, header):
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", header, "Mã số", "Số CCCD"],
        [1, "Nguyễn Văn An", "01/02/1980", " bv-017 ", "x", "001080012345"],
        [2, "Lê Thị Hà", "03/04/1985", 1234, None, None],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "code.xlsx", rows))
    assert [c.guess for c in sheet.columns] == ["seq", "full_name", "birth_date", "staff_code", None, None]
    assert [p.staff_code for p in people_of(sheet)] == ["bv-017", "1234"]  # no ID number (CCCD) is read


def test_split_name_columns_and_other_header_words(tmp_path):
    rows = [
        ["Số TT", "Họ và tên", None, "Phái", "Ngày, tháng, năm sinh", "Chức vụ", "Chức danh", "Dân tộc", "SĐT",
         "Đơn vị", "Khoa/Phòng"],
        [None, "Họ đệm", "Tên"],
        [1, "Nguyễn Văn", "An", "Nam", "01/02/1980", "Trưởng khoa", "Bác sĩ hạng II", "Tày", "0912", "BV", "Khoa Nội"],
    ]  # fmt: skip
    sheet = read_roster(write_xlsx(tmp_path / "s.xlsx", rows, merges=["B1:C1"]))
    assert [c.guess for c in sheet.columns] == [
        "seq", "family_name", "given_name", "gender", "birth_date", "position", "professional_title", "ethnicity",
        "phone", None, "department",  # "Khoa/Phòng" wins over a plain "Đơn vị"
    ]  # fmt: skip
    (p,) = people_of(sheet)
    assert (p.full_name, p.professional_title, p.ethnicity, p.department) == (
        "Nguyễn Văn An",
        "Bác sĩ hạng II",
        "Tày",
        "Khoa Nội",
    )


def test_group_rows_rows_after_the_list_and_merged_departments(tmp_path):
    rows = [
        ["TT", "Họ và tên", "Giới tính", "Năm sinh", "Khoa"],
        ["I", "Khoa Nội"],
        [1, "An", "Nam", 1980, "Khoa Nội"],
        [2, "Bình", "Nữ", 1981, None],
        [3, "Cúc", "Nữ", 1982, None],
        ["II. Khoa Ngoại"],
        [4, "Dũng", "Nam", 1983, "Khoa Ngoại"],
        [],
        [None, "Ghi chú: danh sách đã được hội đồng xét duyệt"],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "g.xlsx", rows, merges=["E3:E5"]))
    assert [r.row for r in sheet.rows] == [3, 4, 5, 7]
    assert [reason for _, reason in sheet.skipped][:2] == ["Dòng tiêu đề nhóm (không phải một người)"] * 2
    assert sheet.skipped[2] == (9, SKIP_OUTSIDE)
    assert [p.department for p in people_of(sheet)] == ["Khoa Nội", "Khoa Nội", "Khoa Nội", "Khoa Ngoại"]


def test_signature_words_in_data_rows_are_positions(tmp_path):
    rows = [
        ["Họ và tên", "Giới tính", "Chức vụ"],
        ["An", "Nam", "Giám đốc"],
        ["Bình", "Nữ", "Thủ trưởng đơn vị"],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "p.xlsx", rows))
    assert [p.position for p in people_of(sheet)] == ["Giám đốc", "Thủ trưởng đơn vị"]


def test_a_person_row_with_a_signature_word_does_not_end_the_list(tmp_path):
    rows = [
        ["Họ và tên", "Giới tính", "Chức vụ"],
        ["An", "Nam", "Bác sĩ"],
        [None, None, "Giám đốc"],  # name forgotten: still a row of the list, with a problem
        ["Bình", "Nữ", "Điều dưỡng"],
        [],
        [None, "Người lập biểu", "Thủ trưởng đơn vị"],
        [None, "Lò Văn Lập", "Cầm Thị Trưởng"],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "gd.xlsx", rows))
    assert [r.row for r in sheet.rows] == [2, 3, 4]
    assert sheet.skipped == [(6, SKIP_SIGNATURE), (7, SKIP_SIGNATURE)]
    assert people_of(sheet)[1].problems == ("Thiếu họ và tên",)


def test_a_wide_merged_header_cell_over_data(tmp_path):
    rows = [["STT", "Họ và tên", None, "Giới tính"], [1, "An", None, "Nam"], [2, "Bình", None, "Nữ"]]
    sheet = read_roster(write_xlsx(tmp_path / "w.xlsx", rows, merges=["B1:C1", "B2:C2", "B3:C3"]))
    assert sheet.header_row == 1 and [p.full_name for p in people_of(sheet)] == ["An", "Bình"]


def test_sheet_choice(tmp_path):
    path = write_xlsx(
        tmp_path / "many.xlsx", [["Ghi chú chung"]], title="Bìa",
        sheets=[("Ẩn", [["Họ và tên", "Giới tính"], ["Cũ", "Nam"]]),
                ("Danh sách", [["Họ và tên", "Giới tính"], ["An", "Nam"]])],
    )  # fmt: skip
    wb = openpyxl.load_workbook(path)
    wb["Ẩn"].sheet_state = "hidden"
    wb.save(path)
    sheet = read_roster(path)
    assert sheet.sheet_name == "Danh sách" and sheet.sheet_names == ["Bìa", "Ẩn", "Danh sách"]
    assert read_roster(path, sheet="Ẩn").rows[0].cells == ("Cũ", "Nam")
    assert read_roster(path, sheet="danh sach").sheet_name == "Danh sách"
    with pytest.raises(RosterError, match="Không tìm thấy dòng tiêu đề"):
        read_roster(path, sheet="Bìa")
    with pytest.raises(RosterError, match="không có trang “Khác”.*Bìa, Ẩn, Danh sách"):
        read_roster(path, sheet="Khác")


# ------------------------------------------------------------------ the fast .xlsx reader
def test_fast_reader_agrees_with_openpyxl(tmp_path):
    rng = random.Random(7)
    rows = [["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Hệ số", "Ghi chú"]]
    for i in range(1, 200):
        rows.append([
            i, f"Người {rng.choice(['Ánh', 'Đức', 'Hà & Lê', '<Ỷ>', 'Tú'])} {i}", rng.choice(["Nam", "Nữ"]),
            D(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000)), rng.choice([2.34, 3, 4.98, -1.5]),
            rng.choice([None, "", "  cách   nhau  ", "a\nb", "50% &lt;x&gt;"]),
        ])  # fmt: skip
    path = write_xlsx(tmp_path / "cmp.xlsx", rows, formats={(r, 4): "dd/mm/yyyy" for r in range(2, 201)})
    sheet = read_roster(path)
    wb = openpyxl.load_workbook(path)
    for src in sheet.rows:
        want = []
        for c in wb.active[src.row]:
            v = c.value
            v = v.date() if isinstance(v, dt.datetime) else v
            v = " ".join(v.split()) or None if isinstance(v, str) else v
            want.append(v)
        assert list(src.cells) == want
    assert len(sheet.rows) == 199


def test_shared_strings_prefixes_and_unusual_xml(tmp_path):
    shared = [
        "Họ và tên", "Ngày sinh", "Giới tính",
        '<si><r><rPr><rFont val=".VnTime"/></rPr><t>Hoµng C«ng TuÊn</t></r></si>',  # a run in .VnTime
        '<si><t xml:space="preserve">  Nữ &amp; </t><rPh sb="0" eb="1"><t>ignored</t></rPh></si>',
        "Nam",
    ]  # fmt: skip
    styles = (
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-42A]dd/mm/yyyy;@"/></numFmts>'
        '<fonts count="2"><font><name val="Calibri"/></font><font><name val=".VnTime"/></font></fonts>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="0"/><xf numFmtId="0" fontId="1"/>'
        "</cellXfs>"
    )
    data = (
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>2</x:v></x:c>'
        '<x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row>'
        # attributes in another order and with single quotes; a cell without r; a formula with its value
        "<x:row r='2'><x:c t='s' r='A2'><x:v>3</x:v></x:c><x:c t=\"s\"><x:v>5</x:v></x:c>"
        '<x:c s="1" r="C2"><x:f>DATE(1980,3,12)</x:f><x:v>29292</x:v></x:c></x:row>'
        # pretty-printed XML, a row without r, a string formula, a styled empty cell
        '\n  <x:row>\n    <x:c r="A3" t="str" s="2">\n      <x:f>"Lª"&amp;" V¨n"</x:f>\n'
        "      <x:v>Lª V¨n</x:v>\n    </x:c>\n"
        '    <x:c r="B3" t="s">\n      <x:v>4</x:v>\n    </x:c>\n    <x:c r="C3" s="1"/>\n  </x:row>\n'
    )
    path = raw_xlsx(tmp_path / "odd.xlsx", data, shared=shared, styles=styles, prefix="x", dimension="A1:C3")
    sheet = read_roster(path)
    assert [c.header for c in sheet.columns] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    assert [r.cells for r in sheet.rows] == [
        ("Hoàng Công Tuấn", "Nam", D(1980, 3, 12)),
        ("Lê Văn", "Nữ &", None),
    ]


def test_1904_dates_and_merges_read_from_the_sheet_xml(tmp_path):
    styles = (
        '<fonts count="1"><font><name val="Arial"/></font></fonts>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0"/></cellXfs>'
    )
    data = (
        inline_row(1, ["Họ và tên", "Năm sinh", None])
        + inline_row(2, [None, "Nam", "Nữ"])
        + '<row r="3"><c r="A3" t="inlineStr"><is><t>An</t></is></c><c r="B3" s="1"><v>27830</v></c></row>'
    )
    tail = '<mergeCells count="2"><mergeCell ref="A1:A2"/><mergeCell ref="B1:C1"/></mergeCells>'
    sheet = read_roster(raw_xlsx(tmp_path / "m.xlsx", data, styles=styles, date1904=True, tail=tail))
    assert [c.header for c in sheet.columns] == ["Họ và tên", "Năm sinh Nam", "Năm sinh Nữ"]
    (p,) = people_of(sheet)
    assert (p.gender, p.birth_date) == ("MALE", D(1980, 3, 12))


def test_ten_thousand_rows_all_read(tmp_path):
    rng = random.Random(3)
    body = [
        inline_row(
            1, ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Khoa, phòng", "Dân tộc", "SĐT"]
        )
    ]
    for r in range(2, 10_002):
        name = f"{rng.choice(['Nguyễn', 'Trần', 'Lê'])} {rng.choice(['Văn', 'Thị'])} {rng.choice(['An', 'Bình', 'Chi'])}{r}"
        body.append(inline_row(r, [r - 1, name, rng.choice(["Nam", "Nữ"]), f"{rng.randint(1, 28):02d}/03/1980",
                                   "Bác sĩ", "Khoa Nội", "Kinh", "0912345678"]))  # fmt: skip
    path = raw_xlsx(tmp_path / "big.xlsx", "".join(body), dimension="A1:H10001")
    people = people_of(read_roster(path))  # its speed is measured in tests/benchmarks/bench_import.py
    assert len(people) == 10_000 and all(p.problems == () for p in people)
    assert people[-1].full_name.endswith("10001") and people[-1].birth_date.month == 3


# ------------------------------------------------------------------ files that must be refused
def refused(path: Path, match: str, **kwargs) -> RosterError:
    with pytest.raises(RosterError, match=match) as info:
        read_roster(path, **kwargs)
    assert isinstance(info.value, UserError)
    return info.value


def test_random_bytes_named_xlsx(tmp_path):
    path = tmp_path / "rac.xlsx"
    path.write_bytes(os.urandom(4096))
    refused(path, "Tệp “rac.xlsx” bị hỏng hoặc không phải tệp Excel")


def test_empty_and_web_page_files(tmp_path):
    (tmp_path / "rong.xlsx").write_bytes(b"")
    refused(tmp_path / "rong.xlsx", r"Tệp “rong.xlsx” rỗng \(0 byte\)")
    (tmp_path / "web.xls").write_text("<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>")
    refused(tmp_path / "web.xls", "không phải tệp Excel thật")
    refused(tmp_path / "missing.xlsx", "Không tìm thấy tệp")


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_xlsx(tmp_path, cut):
    whole = write_xlsx(tmp_path / "full.xlsx", LAYOUT, fonts=LAYOUT_FONTS).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: int(len(whole) * cut)])
    refused(path, r"Tệp “cut.xlsx” bị hỏng \(tệp nén bị cắt cụt")


def test_truncated_sheet_xml_inside_a_valid_zip(tmp_path):
    data = inline_row(1, ["Họ và tên", "Giới tính"]) + inline_row(2, ["An", "Nam"])
    path = raw_xlsx(tmp_path / "half.xlsx", data)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-40]
    with zipfile.ZipFile(path, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    refused(path, "bị hỏng")


def test_password_protected_xlsx(tmp_path):
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(tmp_path / "plain.xlsx", LAYOUT)
    out = io.BytesIO()
    with plain.open("rb") as fh:
        OOXMLFile(fh).encrypt("matkhau", out)
    path = tmp_path / "khoa.xlsx"
    path.write_bytes(out.getvalue())
    assert msoffcrypto.olefile.isOleFile(str(path))
    refused(path, "Tệp “khoa.xlsx” đang được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu")


def test_ole_file_with_an_encryption_stream(tmp_path):
    # What Excel writes for a password-protected .xlsx, reduced to what the reader looks at:
    # a compound-file header and a directory entry named EncryptionInfo.
    entry = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\0")
    data = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504) + entry + bytes(4096)
    (tmp_path / "khoa.xlsx").write_bytes(data)
    refused(tmp_path / "khoa.xlsx", "đang được đặt mật khẩu")
    (tmp_path / "ole.xlsx").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4096))
    refused(tmp_path / "ole.xlsx", "bị hỏng hoặc không phải tệp Excel")


def test_other_spreadsheet_formats_are_named(tmp_path):
    with zipfile.ZipFile(tmp_path / "bang.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    refused(tmp_path / "bang.xlsx", r"OpenDocument \(.ods\)")


def test_password_protected_xls(tmp_path):
    data = bytearray(write_xls(tmp_path / "plain.xls", LAYOUT).read_bytes())
    bof = data.find(bytes.fromhex("0908100000060500"))  # BOF of the workbook globals
    assert bof > 0
    data[bof + 20 : bof + 22] = b"\x2f\x00"  # the next record becomes FILEPASS, as Excel writes it
    path = tmp_path / "khoa.xls"
    path.write_bytes(bytes(data))
    refused(path, "đang được đặt mật khẩu")


def test_no_recognisable_header(tmp_path):
    rows = [["Bảng chấm công tháng 10"], ["Mã", "Tên hàng", "Số lượng"], ["A1", "Bút bi", 20]]
    error = refused(
        write_xlsx(tmp_path / "khac.xlsx", rows), r"Không tìm thấy dòng tiêu đề \(Họ và tên, Ngày sinh …\)"
    )
    assert "khac.xlsx" in str(error)


def test_empty_sheet(tmp_path):
    refused(write_xlsx(tmp_path / "trong.xlsx", []), "không có dữ liệu")
    refused(raw_xlsx(tmp_path / "trong2.xlsx", ""), "không có dữ liệu")


def test_a_claimed_dimension_refuses_nothing(tmp_path):
    data = inline_row(1, ["Họ và tên", "Giới tính"]) + inline_row(2, ["An", "Nam"])
    path = raw_xlsx(tmp_path / "lon.xlsx", data, dimension="A1:E200001")
    # Programs write what they like there: the two rows are read, nothing is padded to 200,001.
    sheet = read_roster(path)
    assert [r.cells[:2] for r in sheet.rows] == [("An", "Nam")]


@pytest.mark.parametrize(
    "dimension", [None, "A1:E10", "A1"], ids=["no-dimension", "wrong-dimension", "A1-only"]
)
def test_two_hundred_thousand_rows_refused_without_a_true_dimension(tmp_path, dimension):
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Người {r}</t></is></c></row>'
        for r in range(2, 200_002)
    )
    path = raw_xlsx(
        tmp_path / "lon.xlsx", inline_row(1, ["Họ và tên", "Giới tính"]) + rows, dimension=dimension
    )
    refused(path, "có hơn 50.000 dòng, vượt quá giới hạn 50.000 dòng")  # "hơn": it stopped counting there


def test_row_limit_applies_to_xls_and_to_a_smaller_limit(tmp_path):
    rows = [["Họ và tên", "Giới tính"]] + [[f"Người {i}", "Nam"] for i in range(30)]
    refused(write_xls(tmp_path / "a.xls", rows), "có 31 dòng, vượt quá giới hạn 20 dòng", max_rows=20)
    refused(write_xlsx(tmp_path / "a.xlsx", rows), "vượt quá giới hạn 20 dòng", max_rows=20)
    assert len(read_roster(tmp_path / "a.xlsx", max_rows=31).rows) == 30


def test_field_labels_are_vietnamese():
    assert FIELDS["full_name"] == "Họ và tên" and FIELDS["birth_date_female"] == "Ngày sinh – Nữ"
    assert {"seq", "gender", "position", "professional_title", "department", "ethnicity", "phone",
            "health_sector_since", "note", "birth_date", "birth_date_male"} <= FIELDS.keys()  # fmt: skip


# ------------------------------------------------------------------ merged cells and formulas (issue 12)
MERGED = [
    ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Khoa, phòng"],
    [1, "Trần Thị Hai", "02/02/1980", "Bác sĩ", "Khoa Mắt"],
    [None, None, None, "Trưởng khoa", None],  # the rest of Hai: her name cell is merged over two rows
    [2, "Lê Văn Ba", "03/03/1981", "Điều dưỡng", None],  # the department cell is merged down to here
    [3, None, "04/04/1982", "Hộ lý", "Khoa Khám bệnh"],  # an STT of its own under a name merged from row 4
]
MERGES = ["B2:B3", "E2:E4", "B4:B5"]


@pytest.mark.parametrize("writer", [write_xlsx, write_xls], ids=["xlsx", "xls"])
def test_a_merged_name_cell_is_one_person_and_a_merged_department_fills_down(tmp_path, writer):
    sheet = read_roster(writer(tmp_path / f"m.{writer.__name__[-4:]}", MERGED, merges=MERGES))
    people = people_of(sheet)
    assert [p.row for p in people] == [2, 4, 5]
    assert (3, SKIP_CONTINUED) in sheet.skipped
    assert [p.full_name for p in people].count("Trần Thị Hai") == 1
    assert [p.department for p in people] == ["Khoa Mắt", "Khoa Mắt", "Khoa Khám bệnh"]
    hai, ba, third = people
    assert hai.position == "Bác sĩ" and hai.problems == ()
    assert ba.full_name == "Lê Văn Ba" and ba.problems == ()
    assert third.full_name is None
    assert third.problems == (
        "Thiếu họ và tên: ô Họ và tên gộp chung với dòng 4 (bỏ gộp ô rồi ghi tên người này)",
    )


def test_formula_cells_without_a_value_are_reported_as_such(tmp_path):
    """Issue 12 (c): a list written by a program (formulas, no calculated values) showed "Thiếu họ và tên"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ", "Tên", "Họ và tên", "Ngày sinh"])
    ws.append([1, "Trần Thị", "Hai", '=B2&" "&C2', "02/02/1980"])
    ws.append([2, "Lê Văn", "Ba", "Lê Văn Ba", "=DATE(1981,3,3)"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    sheet = read_roster(path)
    people = parse_people(sheet, {0: "seq", 3: "full_name", 4: "birth_date"})
    assert people[0].problems == (f"Họ và tên: {FORMULA_NO_VALUE}",)
    assert MISSING_NAME not in people[0].problems
    assert people[1].full_name == "Lê Văn Ba" and people[1].problems == (f"Ngày sinh: {FORMULA_NO_VALUE}",)
    assert "mở tệp bằng Excel, lưu lại rồi nhập" in FORMULA_NO_VALUE


def test_a_formula_with_its_calculated_value_is_read(tmp_path):
    data = inline_row(1, ["Họ và tên", "Năm sinh"]) + (
        '<row r="2"><c r="A2" t="str"><f>"An"</f><v>An</v></c><c r="B2"><f>1970+10</f><v>1980</v></c></row>'
    )
    sheet = read_roster(raw_xlsx(tmp_path / "v.xlsx", data))
    (p,) = people_of(sheet)
    assert (p.full_name, p.birth_year, p.problems) == ("An", 1980, ())
    assert sheet.formulas == frozenset()


# ------------------------------------------------------------------ bounded reading (issue 13)
@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """The issue's bad inputs (tests/unit/test_file_limits.py), made once for this module."""
    return bad_spreadsheets(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("case", BAD_NAMES)
def test_every_bad_spreadsheet_is_one_roster_error_saying_what_is_wrong(bad, case):
    path, message = bad[case]
    error = refused(path, message)
    assert "Error" not in str(error) and "Exception" not in str(error)


def test_a_claimed_dimension_pads_nothing(tmp_path):
    body = inline_row(1, ["Họ và tên", "Giới tính"]) + inline_row(2, ["An", "Nam"])
    path = raw_xlsx(tmp_path / "rong.xlsx", body, dimension="A1:XFD20001")
    sheet = read_roster(path)
    assert [len(row.cells) for row in sheet.rows] == [2] and len(sheet.columns) == 2


def test_a_row_longer_than_the_limit_is_refused_without_holding_the_sheet(tmp_path, monkeypatch):
    import app.exchange.roster as roster

    blanks = '<row r="2">' + " " * 300_000 + '<c r="A2" t="inlineStr"><is><t>An</t></is></c></row>'
    path = raw_xlsx(tmp_path / "dai.xlsx", inline_row(1, ["Họ và tên", "Giới tính"]) + blanks)
    refused(path, "nén bất thường")  # 300 KB of blanks compress too well to be a real sheet
    monkeypatch.setattr(roster, "_CHUNK", 4096)  # the sheet comes in pieces, as a big one does
    refused(path, r"quá lớn để nhập một lần \(một dòng của trang tính quá dài\)",
            limits=FileLimits(max_row_text=100_000, max_ratio=10_000))  # fmt: skip
    assert len(read_roster(path, limits=FileLimits(max_ratio=10_000)).rows) == 1


def test_cells_shared_strings_and_merges_are_bounded(tmp_path):
    rows = [["Họ và tên", "Giới tính"]] + [[f"Người {i}", "Nam"] for i in range(60)]
    texts = [text for row in rows for text in row]
    body = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{"AB"[c]}{r}" t="s"><v>{2 * (r - 1) + c}</v></c>' for c in range(2))
        + "</row>"
        for r in range(1, len(rows) + 1)
    )
    path = raw_xlsx(tmp_path / "o.xlsx", body, shared=texts)
    refused(path, r"hơn 100 ô có dữ liệu", limits=FileLimits(max_cells=100))
    refused(path, r"quá lớn để nhập một lần \(hơn 100 ô\)", limits=FileLimits(max_cell_tags=100))
    refused(write_xls(tmp_path / "o.xls", rows), r"hơn 100 ô có dữ liệu", limits=FileLimits(max_cells=100))
    refused(path, r"hơn 50 chữ trong bảng chữ dùng chung", limits=FileLimits(max_string_count=50))
    refused(path, r"bảng chữ dùng chung .* giới hạn", limits=FileLimits(max_strings=100))
    merged = write_xlsx(tmp_path / "g.xlsx", rows[:5], merges=[f"C{r}:D{r}" for r in range(2, 40)])
    refused(merged, "quá nhiều ô gộp", limits=FileLimits(max_cells=20))
    assert [row.cells[:2] for row in read_roster(path).rows[-1:]] == [("Người 59", "Nam")]


def test_a_sheet_read_in_pieces_gives_the_same_rows(tmp_path, monkeypatch):
    import app.exchange.roster as roster

    rows = [["Họ và tên", "Giới tính", "Ngày sinh"]] + [
        [f"Nguyễn Thị Ngọc Ánh {i}", "Nữ", f"{i % 28 + 1:02d}/03/1980"] for i in range(300)
    ]
    path = write_xlsx(tmp_path / "p.xlsx", rows, merges=["D2:E2", "D5:E7"])
    whole = read_roster(path)
    monkeypatch.setattr(roster, "_CHUNK", 7)  # pieces cut inside tags, cells, rows and UTF-8 letters
    pieces = read_roster(path)
    assert pieces.rows == whole.rows and len(whole.rows) == 300


def test_an_xls_row_is_not_padded_to_the_widest_row(tmp_path):
    # xlrd pads every row to the widest one unless told not to: one cell at IV40000 made 10 million.
    import xlwt

    from app.exchange.roster import open_spreadsheet

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("DS")
    for c, value in enumerate(["Họ và tên", "Giới tính"]):
        ws.write(0, c, value)
    ws.write(39_999, 255, "x")
    book.save(str(tmp_path / "xa.xls"))
    with open_spreadsheet(tmp_path / "xa.xls") as spreadsheet:
        sheet = spreadsheet.book.sheet_by_index(0)
        assert (sheet.nrows, sheet.row_len(0), sheet.row_len(39_999)) == (40_000, 2, 256)
