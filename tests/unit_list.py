"""A list of units as an office keeps it in Excel, written for the tests (Unicode, or TCVN3 in .VnTime cells).

A title row above the header, the columns in the office's own order, children listed before their parents.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from tests.unit.test_roster_reader import tcvn3

HEADER = ("STT", "Tên đơn vị", "Loại", "Trực thuộc", "Mã đơn vị", "Địa chỉ", "Điện thoại")
# (name, kind, parent, code, address, phone): Khoa Nội comes before its hospital
ROWS: tuple[tuple, ...] = (
    ("Khoa Nội", "khoa", "BVDK", None, None, None),
    ("Bệnh viện Đa khoa tỉnh", "Bệnh viện", None, "BVDK", "12 Lê Lợi, TP Sơn Hà", "0203 3821 111"),
    ("Trung tâm Y tế huyện Tân Lạc", "trung tâm y tế", "", "TTYT-TL", None, None),
    ("Trạm Y tế xã Mỹ Hòa", "Trạm", "Trung tâm Y tế huyện Tân Lạc", None, None, None),
    ("Phòng Kế hoạch tổng hợp", "Phòng", "Bệnh viện Đa khoa tỉnh", None, None, None),
)


def write_unit_list(path: Path, rows=ROWS, header=HEADER, legacy: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Don vi"

    def put(r: int, c: int, value) -> None:
        if isinstance(value, str) and legacy:
            ws.cell(r, c, tcvn3(value)).font = Font(name=".VnTime")
        else:
            ws.cell(r, c, value)

    put(1, 1, "DANH SÁCH ĐƠN VỊ TRỰC THUỘC SỞ Y TẾ")
    for c, text in enumerate(header, 1):
        put(3, c, text)
    for n, row in enumerate(rows, 1):
        put(3 + n, 1, n)
        for c, value in enumerate(row, 2):
            put(3 + n, c, value)
    wb.save(path)
    return path
