"""A list out to an .xlsx sheet, the way every export of the program writes one: an optional bold title,
a bold centred header with STT first, fixed column widths, the header frozen in view, real dates shown
dd/mm/yyyy, and text that Excel would take for a formula kept as text.

openpyxl's write-only mode streams the rows (a fraction of the memory and time of the normal mode).
The file is written beside the target and moved into place at the end, so a cancelled or failed export
leaves the clerk's earlier file (if any) as it was, and no half-written one.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError
from app.text import clean

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0"
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class ExportColumn:
    """A column of a list as the program shows and exports it."""

    key: str
    header: str
    width: int  # in characters, for the .xlsx and as a hint on screen
    numeric: bool = False
    short: str | None = None  # the header on screen, where columns are narrower than in a spreadsheet

    @property
    def screen_header(self) -> str:
        return self.short or self.header


class ExportCancelled(UserError):
    def __init__(self):
        super().__init__("Đã hủy xuất tệp; không có tệp nào được ghi.")


def write_table_xlsx(
    path: str | os.PathLike,
    sheet_name: str,
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence[object]],
    total: int,
    *,
    title: str | None = None,
    money_columns: frozenset[int] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write `rows` (texts, dates, numbers, None) under STT and `headers`; returns the rows written.

    `widths` are in characters, one per header; `money_columns` (indices into a row) get a thousands
    format; `total` is only for the progress reports."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    for n, width in enumerate([6, *widths], start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = f"A{4 if title else 2}"  # the header stays in view (set before any row)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    if title:
        heading = WriteOnlyCell(sheet, _text(title))
        heading.font = Font(bold=True, size=13)
        sheet.append([heading])
        sheet.append([])
    header_row = []
    for text in ["STT", *headers]:
        cell = WriteOnlyCell(sheet, text)
        cell.font = bold
        cell.alignment = centre
        header_row.append(cell)
    sheet.append(header_row)

    def value_cell(column: int, value: object):
        if isinstance(value, str):
            value = _text(value)
            if value.startswith(FORMULA_STARTS):
                cell = WriteOnlyCell(sheet)
                cell.value = value
                cell.data_type = "s"  # never a formula, whatever it starts with
                cell.quotePrefix = True
                return cell
            return value
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = DATE_FORMAT
            return cell
        if column in money_columns and value is not None:
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = MONEY_FORMAT
            return cell
        return value

    partial = path.with_name(f"~{path.stem}.partial{path.suffix}")
    written = 0
    try:
        for written, values in enumerate(rows, start=1):
            sheet.append([written, *(value_cell(c, v) for c, v in enumerate(values))])
            if written % PROGRESS_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise ExportCancelled()
                if progress is not None:
                    progress(written, total)
        workbook.save(partial)
        os.replace(partial, path)
    except BaseException:
        try:
            sheet.close()  # finish the streamed sheet so nothing is left writing to a closed file
        except Exception:
            pass
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    if progress is not None:
        progress(written, total)
    return written


def _text(value: str | None) -> str:
    return clean(value) or ""


def today_stamp(day: dt.date | None = None) -> str:
    """"27-11-2025": for default file names."""
    day = day or dt.date.today()
    return f"{day.day:02d}-{day.month:02d}-{day.year}"
