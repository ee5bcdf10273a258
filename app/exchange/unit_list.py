"""Reading a list of units (danh sách đơn vị trực thuộc) from an Excel file, old or new.

One sheet (the first visible one that has the header), read by the same bounded reader as staff lists
(app.exchange.roster.open_spreadsheet, TCVN3/VNI text repaired). The columns are found by the words of
their header, in any order: STT, Tên đơn vị (required), Mã đơn vị, Loại, Trực thuộc / Đơn vị cấp trên,
Địa chỉ, Điện thoại. This module only reads the cells; app/services/unit_import.py resolves the parents
and kinds and writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.exchange.file_limits import LIMITS, FileRefused
from app.exchange.history import cell_text, header_row
from app.exchange.roster import FORMULA_NO_VALUE, RosterCancelled, make_fixer, open_spreadsheet, sheet_reading
from app.text import fold

HEADER_ROWS = 15  # rows searched for the header (a title or two may stand above it)
MAX_ROWS = LIMITS.max_rows

# Each column by the folded words its header starts with; looked at in this order, so that
# "Đơn vị cấp trên" is the parent and not the name, "Mã đơn vị" the code.
_HEADERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("seq", ("stt", "so tt", "tt", "so thu tu")),
    ("parent", ("truc thuoc", "don vi cap tren", "cap tren", "don vi chu quan", "chu quan", "thuoc")),
    ("code", ("ma don vi", "ma dv", "ma")),
    ("kind", ("loai", "loai don vi", "loai hinh")),
    ("address", ("dia chi",)),
    ("phone", ("dien thoai", "so dien thoai", "dt")),
    ("name", ("ten don vi", "ten co quan", "ten", "don vi", "co quan")),
)
_COLUMN_NUMBER = re.compile(r"\(?\s*\d{1,3}\s*\)?")


class UnitListError(FileRefused):
    """The file cannot be read as a list of units at all."""


@dataclass(frozen=True)
class UnitRow:
    """One row of the list, as typed (text cleaned, NFC)."""

    row: int  # 1-based Excel row
    name: str | None
    code: str | None = None
    kind: str | None = None
    parent: str | None = None
    address: str | None = None
    phone: str | None = None
    problem: str | None = None  # the row cannot be read (a formula saved without its value)


@dataclass(frozen=True)
class UnitList:
    file_name: str
    sheet_name: str
    rows: tuple[UnitRow, ...]
    legacy: str = "unicode"


def column_of(header: str) -> str | None:
    folded = fold(header).strip(" .:*")
    for key, starts in _HEADERS:
        if any(folded == start or folded.startswith(start + " ") for start in starts):
            return key
    return None


def _find_header(rows: list[tuple[int, list]]) -> tuple[int, dict[str, int]] | None:
    return header_row(
        [cells for _number, cells in rows],
        column_of,
        lambda found: "name" in found and len(found) >= 2,
        HEADER_ROWS,
    )


def _rows(raw_rows: list[tuple[int, list]], formulas, start: int, columns: dict[str, int]) -> list[UnitRow]:
    out: list[UnitRow] = []
    for number, cells in raw_rows[start + 1 :]:

        def get(key: str, cells=cells) -> str | None:
            col = columns.get(key)
            return cell_text(cells[col]) if col is not None and col < len(cells) else None

        values = {key: get(key) for key in ("name", "code", "kind", "parent", "address", "phone")}
        if not any(values.values()):
            continue  # a blank row, or only an STT
        if values["name"] and _COLUMN_NUMBER.fullmatch(values["name"]):
            continue  # the (1) (2) (3) row under the header
        uncalculated = any((number, col + 1) in formulas for col in columns.values())
        out.append(UnitRow(number, **values, problem=FORMULA_NO_VALUE if uncalculated else None))
    return out


def read_unit_list(
    path: str | Path, cancelled: Callable[[], bool] | None = None, max_rows: int = MAX_ROWS
) -> UnitList:
    """The list read from a .xlsx or .xls file (by content). UnitListError says what is wrong with a
    file that cannot be read, or that has no header naming the units' column."""

    def check() -> None:
        if cancelled is not None and cancelled():
            raise RosterCancelled()

    path = Path(path)
    display = path.name
    book = open_spreadsheet(path, display, error=UnitListError)
    try:
        for index, sheet in enumerate(book.sheet_names()):
            fix, encodings = make_fixer()
            with sheet_reading(display, max_rows, UnitListError):
                raw = book.read_sheet(index, max_rows, fix, check)
            if not raw.visible:
                continue
            header = _find_header(raw.rows)
            if header is None:
                continue
            legacy = [k for k in ("tcvn3", "vni") if encodings[k]]
            return UnitList(
                display,
                sheet,
                tuple(_rows(raw.rows, raw.formulas, *header)),
                legacy[0] if len(legacy) == 1 else "mixed" if legacy else "unicode",
            )
    finally:
        book.close()
    raise UnitListError(
        f"Tệp “{display}” không có bảng nào có cột “Tên đơn vị” (và một cột khác như “Trực thuộc”, "
        "“Loại”, “Mã đơn vị”). Hãy đặt tên các cột như mẫu rồi nhập lại."
    )
