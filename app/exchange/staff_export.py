"""The staff list as the clerk sees it, out to Excel (.xlsx) or to the clipboard as tab-separated text.

The columns are defined once here, so the table on screen, the copied text and the exported file
always agree. The .xlsx is written in openpyxl's write-only mode (streamed, a fraction of the memory
and time of the normal mode); text that Excel would take for a formula stays text.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError
from app.services.staff import StaffRecord
from app.text import clean

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class StaffColumn:
    key: str
    header: str
    width: int  # in characters, for the .xlsx and as a hint on screen


STAFF_COLUMNS: tuple[StaffColumn, ...] = (
    StaffColumn("full_name", "Họ và tên", 26),
    StaffColumn("gender", "Giới tính", 9),
    StaffColumn("birth", "Ngày sinh", 12),
    StaffColumn("unit", "Đơn vị", 48),
    StaffColumn("position", "Chức vụ", 24),
    StaffColumn("title", "Chức danh", 24),
    StaffColumn("ethnicity", "Dân tộc", 10),
)
COLUMN_BY_KEY = {c.key: c for c in STAFF_COLUMNS}


def staff_text_getters(unit_labels: Mapping[int, str]) -> dict[str, Callable[[StaffRecord], str]]:
    """For each column, how a record reads as text (the unit with the units above it)."""
    return {
        "full_name": lambda r: r.full_name,
        "gender": lambda r: r.gender.label if r.gender else "",
        "birth": lambda r: r.birth_text,
        "unit": lambda r: unit_labels.get(r.unit_id, r.unit_name) if r.unit_id is not None else r.unit_name,
        "position": lambda r: r.position or "",
        "title": lambda r: r.professional_title or "",
        "ethnicity": lambda r: r.ethnicity or "",
    }


def _tsv_cell(text: str) -> str:
    text = " ".join(text.replace("\t", " ").splitlines())
    # Excel would read "=…", "+…", "-…", "@…" as a formula; the apostrophe makes it plain text.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def staff_tsv(records: Sequence[StaffRecord], columns: Sequence[str], unit_labels: Mapping[int, str]) -> str:
    """Tab-separated text with a header line: what "Sao chép" puts on the clipboard for Excel."""
    getters = staff_text_getters(unit_labels)
    chosen = [getters[key] for key in columns]
    lines = ["\t".join(COLUMN_BY_KEY[key].header for key in columns)]
    lines.extend("\t".join(_tsv_cell(get(r)) for get in chosen) for r in records)
    return "\r\n".join(lines) + "\r\n"


class ExportCancelled(UserError):
    def __init__(self):
        super().__init__("Đã hủy xuất tệp; không có tệp nào được ghi.")


def export_staff_xlsx(
    path: str | os.PathLike,
    records: Sequence[StaffRecord],
    columns: Sequence[str],
    unit_labels: Mapping[int, str],
    *,
    title: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the rows to an .xlsx file (STT first, then the chosen columns); returns the rows written.

    Dates are real dates shown dd/mm/yyyy; a birth known only by its year is the year as a number.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    getters = staff_text_getters(unit_labels)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách cán bộ")
    widths = [6] + [COLUMN_BY_KEY[key].width for key in columns]
    for n, width in enumerate(widths, start=1):
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
    for text in ["STT", *(COLUMN_BY_KEY[key].header for key in columns)]:
        cell = WriteOnlyCell(sheet, text)
        cell.font = bold
        cell.alignment = centre
        header_row.append(cell)
    sheet.append(header_row)

    def text_cell(value: str):
        value = _text(value)
        if value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(sheet)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever it starts with
            cell.quotePrefix = True
            return cell
        return value

    def birth_cell(r: StaffRecord):
        if r.birth_date:
            cell = WriteOnlyCell(sheet, r.birth_date)
            cell.number_format = DATE_FORMAT
            return cell
        return r.birth_year

    total = len(records)
    # Written beside the target and moved into place at the end: a cancelled or failed export leaves
    # the clerk's earlier file (if any) as it was, and no half-written one.
    partial = path.with_name(f"~{path.stem}.partial{path.suffix}")
    try:
        for n, r in enumerate(records, start=1):
            row: list = [n]
            for key in columns:
                row.append(birth_cell(r) if key == "birth" else text_cell(getters[key](r)))
            sheet.append(row)
            if n % 2000 == 0:
                if cancelled is not None and cancelled():
                    raise ExportCancelled()
                if progress is not None:
                    progress(n, total)
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
        progress(total, total)
    return total


def _text(value: str | None) -> str:
    return clean(value) or ""


def today_stamp(day: dt.date | None = None) -> str:
    """"27-11-2025": for default file names."""
    day = day or dt.date.today()
    return f"{day.day:02d}-{day.month:02d}-{day.year}"
