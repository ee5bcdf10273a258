"""The history workbook: the years of ratings, initiatives and awards an office kept before the program.

Four sheets, found by name whatever the case or marks: "Cán bộ", "Xếp loại", "Sáng kiến", "Khen thưởng".
Columns are found by their header in the first rows, in any order. This module only reads and checks
the cells; app/services/history.py matches people and units and writes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.exchange.file_limits import LIMITS, FileRefused
from app.exchange.roster import (
    FORMULA_NO_VALUE,
    RosterCancelled,
    make_fixer,
    open_spreadsheet,
    read_when,
    sheet_reading,
)
from app.text import clean, fold
from database.enums import AwardBasis, Gender, InitiativeLevel, RatingLevel

STAFF, RATINGS, INITIATIVES, AWARDS = "Cán bộ", "Xếp loại", "Sáng kiến", "Khen thưởng"
SHEETS = (STAFF, RATINGS, INITIATIVES, AWARDS)
MAX_ROWS = LIMITS.max_rows  # Excel rows per sheet (2,000 people over 25 years), as for a staff list
HEADER_ROWS = 10  # rows searched for the header


class HistoryError(FileRefused):
    """The workbook cannot be read as a history file at all."""


@dataclass(frozen=True)
class Who:
    """A person as the sheets name them: full name and birth (date, or only the year)."""

    full_name: str
    birth_date: dt.date | None
    birth_year: int | None

    @property
    def birth_key(self) -> str:
        if self.birth_date:
            return self.birth_date.isoformat()
        return str(self.birth_year) if self.birth_year else ""


@dataclass(frozen=True)
class StaffRow:
    sheet_row: int
    who: Who
    gender: Gender | None
    unit: str | None
    position: str | None


@dataclass(frozen=True)
class RatingRow:
    sheet_row: int
    who: Who
    year: int
    level: RatingLevel


@dataclass(frozen=True)
class InitiativeRow:
    sheet_row: int
    title: str
    author: Who
    year: int
    level: InitiativeLevel
    decision_number: str | None


@dataclass(frozen=True)
class AwardRow:
    sheet_row: int
    who: Who  # for a collective award: the unit's name, no birth
    year: int
    award: str  # a catalogue code or a name, as written
    decision_number: str | None
    decision_date: dt.date | None
    issuer: str | None
    basis: AwardBasis


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int  # the Excel row; 0 for the sheet as a whole
    message: str

    def text(self) -> str:
        return (
            f"{self.sheet}, dòng {self.row}: {self.message}" if self.row else f"{self.sheet}: {self.message}"
        )


@dataclass
class HistoryBook:
    file_name: str
    staff: list[StaffRow] = field(default_factory=list)
    ratings: list[RatingRow] = field(default_factory=list)
    initiatives: list[InitiativeRow] = field(default_factory=list)
    awards: list[AwardRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# Header words, folded: each column key with the headers that name it (the first match wins).
_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    STAFF: {
        "name": ("ho va ten", "ho ten"),
        "birth": ("ngay sinh", "nam sinh"),
        "gender": ("gioi tinh",),
        "unit": ("don vi", "co quan"),
        "position": ("chuc vu",),
    },
    RATINGS: {
        "name": ("ho va ten", "ho ten"),
        "birth": ("ngay sinh", "nam sinh"),
        "year": ("nam xep loai", "nam danh gia", "nam"),
        "level": ("xep loai", "muc xep loai", "danh gia"),
    },
    INITIATIVES: {
        "title": ("ten sang kien", "sang kien", "ten de tai"),
        "name": ("tac gia", "ho va ten"),
        "birth": ("ngay sinh", "nam sinh"),
        "year": ("nam cong nhan", "nam"),
        "level": ("cap",),
        "decision": ("so quyet dinh", "so qd", "quyet dinh"),
    },
    AWARDS: {
        "name": ("ho va ten", "ho ten", "ten tap the", "don vi"),
        "birth": ("ngay sinh", "nam sinh"),
        "year": ("nam khen thuong", "nam"),
        "award": ("danh hieu/hinh thuc", "danh hieu", "hinh thuc"),
        "decision": ("so quyet dinh", "so qd"),
        "date": ("ngay quyet dinh", "ngay qd", "ngay ky"),
        "issuer": ("co quan quyet dinh", "co quan ban hanh", "cap quyet dinh"),
        "basis": ("loai",),
    },
}
_REQUIRED = {
    STAFF: ("name",),
    RATINGS: ("name", "year", "level"),
    INITIATIVES: ("title", "name", "year", "level"),
    AWARDS: ("name", "year", "award"),
}
_LABELS = {
    "name": "Họ và tên",
    "year": "Năm",
    "level": "Xếp loại / Cấp",
    "title": "Tên sáng kiến",
    "award": "Danh hiệu/Hình thức",
}

_INITIATIVE_LEVELS = {
    "co so": InitiativeLevel.BASE,
    "cap co so": InitiativeLevel.BASE,
    "tinh": InitiativeLevel.PROVINCE,
    "cap tinh": InitiativeLevel.PROVINCE,
    "bo": InitiativeLevel.PROVINCE,
    "cap bo": InitiativeLevel.PROVINCE,
    "tinh/bo": InitiativeLevel.PROVINCE,
    "cap tinh/bo": InitiativeLevel.PROVINCE,
    "toan quoc": InitiativeLevel.NATIONAL,
    "cap toan quoc": InitiativeLevel.NATIONAL,
}
_BASES = {
    "cong trang": AwardBasis.MERIT,
    "thuong xuyen": AwardBasis.MERIT,
    "dot xuat": AwardBasis.SUDDEN,
    "chuyen de": AwardBasis.THEMATIC,
    "theo chuyen de": AwardBasis.THEMATIC,
    "cong hien": AwardBasis.SERVICE,
    "qua trinh cong hien": AwardBasis.SERVICE,
    "doi ngoai": AwardBasis.FOREIGN,
}
_GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}


def _column_of(header: str, wanted: dict[str, tuple[str, ...]]) -> str | None:
    folded = fold(header)
    for key, names in wanted.items():
        if folded in names:
            return key
    return None


def header_row(
    rows: list[list],
    column_of: Callable[[str], str | None],
    complete: Callable[[dict[str, int]], bool],
    limit: int = HEADER_ROWS,
) -> tuple[int, dict[str, int]] | None:
    """The first row (of the first `limit`) whose header texts name columns enough (`complete`): its index and
    the column map (a column's first header wins)."""
    for index, row in enumerate(rows[:limit]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            key = column_of(value) if isinstance(value, str) else None
            if key and key not in columns:
                columns[key] = col
        if complete(columns):
            return index, columns
    return None


def _find_header(rows: list[list], sheet: str) -> tuple[int, dict[str, int]] | None:
    """The first row (of the first few) that names every required column: its index and the column map."""
    wanted, required = _HEADERS[sheet], _REQUIRED[sheet]
    return header_row(
        rows, lambda text: _column_of(text, wanted), lambda found: all(k in found for k in required)
    )


def cell_text(value) -> str | None:
    """A cell as text: a whole number without its ".0", cleaned; None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value)) or None


def _year(value) -> int | None:
    when = read_when(value)
    if when is None or when.bad:
        return None
    year = when.date.year if when.date else when.year
    return year if year and 1945 <= year <= 2200 else None


class _Row:
    """One data row of a sheet, with the problems found in it."""

    def __init__(self, cells: tuple, columns: dict[str, int]):
        self.cells, self.columns, self.problems = cells, columns, []

    def get(self, key: str):
        col = self.columns.get(key)
        return self.cells[col] if col is not None and col < len(self.cells) else None

    def text(self, key: str) -> str | None:
        return cell_text(self.get(key))

    def who(self) -> Who | None:
        name = self.text("name")
        if not name:
            self.problems.append("thiếu họ và tên")
            return None
        birth = read_when(self.get("birth"))
        if birth is not None and (birth.bad or not (birth.date or birth.year)):
            self.problems.append(f"ngày sinh “{self.get('birth')}” không đọc được")
            return None
        return Who(
            name,
            birth.date if birth else None,
            (birth.date.year if birth.date else birth.year) if birth else None,
        )

    def year(self) -> int | None:
        year = _year(self.get("year"))
        if year is None:
            value = self.get("year")
            self.problems.append(f"năm “{value}” không hợp lệ" if value not in (None, "") else "thiếu năm")
        return year

    def choice(self, key: str, table: dict, what: str, default=None):
        text = self.text(key)
        if not text:
            if default is None:
                self.problems.append(f"thiếu {what}")
            return default
        found = table.get(fold(text))
        if found is None:
            self.problems.append(f"{what} “{text}” không rõ")
        return found


def _staff(row: _Row, n: int) -> StaffRow | None:
    who = row.who()
    gender = row.choice("gender", _GENDERS, "giới tính", default=False) or None
    if who and not row.problems:
        return StaffRow(n, who, gender, row.text("unit"), row.text("position"))
    return None


def _rating(row: _Row, n: int, parse_level: Callable[[str], RatingLevel | None]) -> RatingRow | None:
    who, year = row.who(), row.year()
    text = row.text("level")
    level = parse_level(text) if text else None
    if level is None:
        row.problems.append(f"xếp loại “{text}” không rõ" if text else "thiếu xếp loại")
    if who and year and level and not row.problems:
        return RatingRow(n, who, year, level)
    return None


def _initiative(row: _Row, n: int) -> InitiativeRow | None:
    title = row.text("title")
    if not title:
        row.problems.append("thiếu tên sáng kiến")
    who, year = row.who(), row.year()
    level = row.choice("level", _INITIATIVE_LEVELS, "cấp")
    if title and who and year and level and not row.problems:
        return InitiativeRow(n, title, who, year, level, row.text("decision"))
    return None


def _award(row: _Row, n: int) -> AwardRow | None:
    who, year = row.who(), row.year()
    award = row.text("award")
    if not award:
        row.problems.append("thiếu danh hiệu/hình thức")
    basis = row.choice("basis", _BASES, "loại khen thưởng", default=AwardBasis.MERIT)
    date = read_when(row.get("date"))
    if date is not None and not date.date:
        row.problems.append(f"ngày quyết định “{row.get('date')}” không đọc được")
    if who and year and award and basis and not row.problems:
        return AwardRow(
            n, who, year, award, row.text("decision"), date.date if date else None, row.text("issuer"), basis
        )
    return None


def read_history(
    path: str | Path, cancelled: Callable[[], bool] | None = None, max_rows: int = MAX_ROWS
) -> HistoryBook:
    """Every sheet read and checked; a file that cannot be read as a history workbook raises
    HistoryError saying what is wrong with it (missing, a folder, empty, text or a web page renamed,
    a password, .ods, damaged, too big...). The sheets are read by the same bounded, streamed reader as
    staff lists (app.exchange.roster.open_spreadsheet): .xlsx and .xls, row by row, a claimed
    dimension never trusted, nothing padded to it."""
    from app.services.ratings import parse_level

    def check() -> None:
        if cancelled is not None and cancelled():
            raise RosterCancelled()

    path = Path(path)
    display = path.name
    workbook = open_spreadsheet(path, display, error=HistoryError)
    book = HistoryBook(display)
    try:
        names = workbook.sheet_names()
        by_name: dict[str, int] = {}
        for index, name in enumerate(names):
            by_name.setdefault(fold(name).strip(), index)
        found = [s for s in SHEETS if fold(s) in by_name]
        if not found:
            raise HistoryError(
                f"Tệp “{display}” không có trang tính nào tên {', '.join(f'“{s}”' for s in SHEETS)}; "
                "hãy đặt tên các trang như mẫu."
            )
        readers = {
            STAFF: (_staff, book.staff),
            RATINGS: (lambda r, n: _rating(r, n, parse_level), book.ratings),
            INITIATIVES: (_initiative, book.initiatives),
            AWARDS: (_award, book.awards),
        }
        for sheet in found:
            fix, _encodings = make_fixer()
            with sheet_reading(display, max_rows, HistoryError):
                raw = workbook.read_sheet(by_name[fold(sheet)], max_rows, fix, check)
                _read_sheet(raw.rows, sheet, *readers[sheet], book.problems, raw.formulas)
    finally:
        workbook.close()
    return book


def _read_sheet(
    rows: list[tuple[int, list]],
    sheet: str,
    make,
    into: list,
    problems: list[Problem],
    formulas: set[tuple[int, int]] = frozenset(),
) -> None:
    """`rows`: (Excel row, cells from column A) of the rows that hold anything, in order; `formulas`:
    (Excel row, 1-based column) of formula cells saved without a calculated value."""
    top = list(itertools.takewhile(lambda row: row[0] <= HEADER_ROWS, rows))
    header = _find_header([cells for _number, cells in top], sheet)
    if header is None:
        names = ", ".join(f"“{_LABELS[k]}”" for k in _REQUIRED[sheet])
        problems.append(Problem(sheet, 0, f"không tìm thấy dòng tiêu đề có các cột {names}"))
        return
    start, columns = header
    for number, cells in rows[start + 1 :]:
        uncalculated = [col for col in columns.values() if (number, col + 1) in formulas]
        if uncalculated:  # a file written by a program and never opened in Excel
            problems.append(Problem(sheet, number, FORMULA_NO_VALUE[:1].lower() + FORMULA_NO_VALUE[1:]))
            continue
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        row = _Row(tuple(cells), columns)
        made = make(row, number)
        if made is not None:
            into.append(made)
        problems.extend(Problem(sheet, number, message) for message in row.problems)
