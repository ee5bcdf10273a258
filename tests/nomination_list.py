"""A unit's nomination list as units send it, written for the tests and for tests/data/samples/.

TCVN3 text in .VnTime cells (the titles in .VnTimeH, an uppercase font whose text is stored in lowercase codes),
title rows, a two-row header with Nam | Nữ under "Ngày sinh", a (1) (2) (3) row, a collective row, the unit's
own wordings of the titles and forms, and a signature block under the list.

    python -m tests.nomination_list     # writes tests/data/samples/nomination_list_tcvn3.xlsx again
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from tests.unit.test_roster_reader import tcvn3

SAMPLE = Path(__file__).parent / "data" / "samples" / "nomination_list_tcvn3.xlsx"
UNIT = "Bệnh viện Đa khoa tỉnh"

# (name, sex, birth (a date, or dd/mm/yyyy text as some units type it), position and unit, the unit's wording)
ROWS: tuple[tuple[str, str | None, object, str, str], ...] = (
    ("Nguyễn Thị Lan", "F", dt.date(1980, 3, 1), "Bác sĩ, Khoa Nội", "Chiến sĩ thi đua cơ sở"),
    ("Trần Văn Hùng", "M", "15/06/1975", "Trưởng khoa, Khoa Ngoại", "CSTĐ cơ sở"),
    ("Phạm Minh Châu", "M", dt.date(1990, 1, 20), "Điều dưỡng, Khoa Nội", "LĐTT"),
    ("Đỗ Thị Mai", "F", "02/09/1978", "Phó Giám đốc", "BK UBND tỉnh"),
    ("Le Thi Thu", "F", dt.date(1988, 11, 5), "Kỹ thuật viên, Khoa Xét nghiệm", "Lao động tiên tiến"),
    ("Hoàng Văn Nam", "M", "07/07/1985", "Bác sĩ, Khoa Ngoại", "LĐTT"),
    ("Tập thể Khoa Nội", None, None, "", "Tập thể lao động xuất sắc"),
)
SIGNERS = ("Người lập biểu", "GIÁM ĐỐC")


def write_nomination_list(
    path: Path, year: int = 2026, rows=ROWS, unit: str = UNIT, reference: str = "125/TTr-BV"
) -> Path:
    """The list of `rows` in the layout above, as a .xlsx in TCVN3."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS de nghi"
    fonts: dict[tuple[int, int], str] = {}

    def put(r: int, c: int, value, font: str = ".VnTime") -> None:
        if isinstance(value, str):
            upper = font == ".VnTimeH"
            value = tcvn3(value.lower() if upper else value)
            fonts[r, c] = font
        ws.cell(r, c, value)

    put(1, 1, "SỞ Y TẾ", ".VnTimeH")
    put(1, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ".VnTimeH")
    put(2, 1, unit.upper(), ".VnTimeH")
    put(2, 5, "Độc lập - Tự do - Hạnh phúc")
    put(4, 1, f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {year}", ".VnTimeH")
    put(5, 1, f"(Kèm theo Tờ trình số {reference} ngày 05/12/{year} của {unit})")
    for ref in ("A1:D1", "E1:G1", "A2:D2", "E2:G2", "A4:G4", "A5:G5"):
        ws.merge_cells(ref)
    # the two-row header: Nam | Nữ under "Ngày sinh", the other headers merged down
    for c, text in enumerate(
        ("TT", "Họ và tên", "Ngày sinh", None, "Chức vụ và đơn vị", "Hình thức đề nghị", "Ghi chú"), 1
    ):
        if text:
            put(7, c, text)
    put(8, 3, "Nam")
    put(8, 4, "Nữ")
    for ref in ("A7:A8", "B7:B8", "C7:D7", "E7:E8", "F7:F8", "G7:G8"):
        ws.merge_cells(ref)
    for c in range(1, 8):
        put(9, c, f"({c})")
    r = 10
    for n, (name, sex, birth, position, wording) in enumerate(rows, 1):
        ws.cell(r, 1, n)
        put(r, 2, name)
        if birth is not None:
            column = 3 if sex == "M" else 4
            put(r, column, birth)
            if isinstance(birth, dt.date):
                ws.cell(r, column).number_format = "dd/mm/yyyy"
        if position:
            put(r, 5, position)
        put(r, 6, wording)
        r += 1
    # the signature block under the list, after a blank row
    put(r + 1, 2, SIGNERS[0])
    put(r + 1, 5, SIGNERS[1], ".VnTimeH")
    put(r + 4, 5, "Nguyễn Văn Bình")
    for (row, col), name in fonts.items():
        ws.cell(row, col).font = Font(name=name, bold=row in (4, 7, 8))
    for letter, width in zip("ABCDEFG", (5, 24, 12, 12, 30, 28, 12), strict=True):
        ws.column_dimensions[letter].width = width
    wb.save(path)
    return path


if __name__ == "__main__":
    print(write_nomination_list(SAMPLE))
