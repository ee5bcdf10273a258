"""The staff list as the clerk sees it, out to Excel (.xlsx) or to the clipboard as tab-separated text.

The columns are defined once here, so the table on screen, the copied text and the exported file
always agree. The .xlsx is written by app.exchange.xlsx_table (streamed, formulas kept as text).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence

from app.exchange.xlsx_table import (
    FORMULA_STARTS,
    ExportCancelled,
    ExportColumn,
    today_stamp,
    write_table_xlsx,
)
from app.services.staff import StaffRecord

__all__ = [
    "COLUMN_BY_KEY",
    "STAFF_COLUMNS",
    "ExportCancelled",
    "export_staff_xlsx",
    "staff_text_getters",
    "staff_tsv",
    "today_stamp",
]


StaffColumn = ExportColumn

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
    getters = staff_text_getters(unit_labels)
    cells = [_birth_value if key == "birth" else getters[key] for key in columns]
    return write_table_xlsx(
        path,
        "Danh sách cán bộ",
        [COLUMN_BY_KEY[key].header for key in columns],
        [COLUMN_BY_KEY[key].width for key in columns],
        ([get(r) for get in cells] for r in records),
        len(records),
        title=title,
        progress=progress,
        cancelled=cancelled,
    )


def _birth_value(r: StaffRecord) -> dt.date | int | None:
    return r.birth_date or r.birth_year
