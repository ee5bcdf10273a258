"""Awards as the lists of the Quyết định & Khen thưởng page show them, and out to .xlsx.

The columns are defined once here, so a decision's list, the search results on screen and the exported
file read the same. The file is written by app.exchange.xlsx_table.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence

from app.exchange.xlsx_table import ExportColumn, write_table_xlsx
from app.services.awards import AwardHit
from app.text import money_text, vn_date

AwardColumn = ExportColumn

AWARD_COLUMNS: tuple[AwardColumn, ...] = (
    AwardColumn("name", "Họ và tên / Tập thể", 28),
    AwardColumn("birth", "Ngày sinh", 12),
    AwardColumn("position", "Chức vụ", 20),
    AwardColumn("unit", "Đơn vị", 44),
    AwardColumn("award", "Danh hiệu, hình thức", 34),
    AwardColumn("year", "Năm", 7),
    AwardColumn("decision", "Số quyết định", 16, short="Số QĐ"),
    AwardColumn("date", "Ngày quyết định", 12, short="Ngày QĐ"),
    AwardColumn("issuer", "Cơ quan quyết định", 22, short="Cơ quan QĐ"),
    AwardColumn("amount", "Tiền thưởng (đồng)", 14, numeric=True, short="Tiền thưởng (đ)"),
    AwardColumn("note", "Ghi chú", 34),  # why the amount is not the full one (one bonus per achievement)
)
COLUMN_BY_KEY = {c.key: c for c in AWARD_COLUMNS}
# What a search shows and exports (the long unit last: on a small screen it is the one cut short), and what
# a decision's own list shows (its number and date are above it).
SEARCH_KEYS = ("name", "birth", "award", "year", "decision", "date", "issuer", "amount", "unit")
DECISION_KEYS = ("name", "birth", "position", "unit", "award", "amount", "note")


def award_name(hit: AwardHit) -> str:
    return hit.award_name + (" (đã thu hồi)" if hit.revoked else "")


def amount_text(amount: int | None) -> str:
    return money_text(amount)


def unit_text(hit: AwardHit, unit_labels: Mapping[int, str]) -> str:
    """The person's unit; for a collective, the units above it (its own name is in the name column)."""
    label = unit_labels.get(hit.unit_id, "") if hit.unit_id is not None else ""
    return "" if hit.collective and label == hit.subject_name else label


def award_text_getters(unit_labels: Mapping[int, str]) -> dict[str, Callable[[AwardHit], str]]:
    """For each column, how an award reads as text (the unit with the units above it)."""
    return {
        "name": lambda h: h.subject_name,
        "birth": lambda h: h.birth_text,
        "position": lambda h: h.position or "",
        "unit": lambda h: unit_text(h, unit_labels),
        "award": award_name,
        "year": lambda h: str(h.year),
        "decision": lambda h: h.decision_number or "",
        "date": lambda h: vn_date(h.decision_date),
        "issuer": lambda h: h.issuer or "",
        "amount": lambda h: amount_text(h.bonus_amount),
        "note": lambda h: h.bonus_note or "",
    }


def _cell_values(unit_labels: Mapping[int, str]) -> dict[str, Callable[[AwardHit], object]]:
    """As award_text_getters, but real dates and numbers for a spreadsheet."""
    values: dict[str, Callable[[AwardHit], object]] = dict(award_text_getters(unit_labels))
    values.update(
        {
            "birth": lambda h: h.birth_date or h.birth_year,
            "year": lambda h: h.year,
            "date": lambda h: h.decision_date,
            "amount": lambda h: h.bonus_amount,
        }
    )
    return values


def export_awards_xlsx(
    path: str | os.PathLike,
    hits: Iterable[AwardHit],
    columns: Sequence[str],
    unit_labels: Mapping[int, str],
    total: int | None = None,
    **options,
) -> int:
    """The awards, one a row, with STT first; returns the rows written. `hits` may be a stream (then
    `total`, their number, is given for the progress reports). `options` go to write_table_xlsx (title,
    progress, cancelled)."""
    values = _cell_values(unit_labels)
    chosen = [values[key] for key in columns]
    money = frozenset(n for n, key in enumerate(columns) if COLUMN_BY_KEY[key].numeric)
    return write_table_xlsx(
        path,
        "Khen thưởng",
        [COLUMN_BY_KEY[key].header for key in columns],
        [COLUMN_BY_KEY[key].width for key in columns],
        ([get(h) for get in chosen] for h in hits),
        len(hits) if total is None else total,
        money_columns=money,
        **options,
    )
