"""The rating grid as a table model: one row a person, the last three columns editable.

The model keeps the grid as loaded (app.services.ratings.RatingGrid) and, beside it, what the clerk
has made of each row; a row whose values differ from the loaded ones is "changed" and tinted until it
is saved. Clearing a row's level clears its whole rating (a stored rating needs a level), so absent
days and the note go with it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.ratings import (
    PasteColumn,
    RatingChange,
    RatingGrid,
    RatingRow,
    parse_rating_paste,
)
from database.enums import RatingLevel
from ui.format import date, number
from ui.models.roles import (
    ALIGN,
    BACKGROUND,
    CENTRE,
    DISPLAY,
    EDIT,
    EDITABLE_FLAGS,
    FONT,
    FOREGROUND,
    READ_ONLY_FLAGS,
    RIGHT,
    TOOLTIP,
)

HEADERS = ("STT", "Họ và tên", "Năm sinh", "Khoa/phòng", "Chức vụ", "Xếp loại", "Số ngày nghỉ", "Ghi chú")
NUMBER_COLUMN, NAME_COLUMN, BIRTH_COLUMN, DEPARTMENT_COLUMN, POSITION_COLUMN = range(5)
LEVEL_COLUMN, DAYS_COLUMN, NOTE_COLUMN = 5, 6, 7
EDITABLE = (LEVEL_COLUMN, DAYS_COLUMN, NOTE_COLUMN)
# What a block pasted at an editable column holds, left to right.
PASTE_KINDS = {
    LEVEL_COLUMN: PasteColumn.LEVEL,
    DAYS_COLUMN: PasteColumn.ABSENT_DAYS,
    NOTE_COLUMN: PasteColumn.NOTE,
}

# The level in a word, as the counter line and the keyboard hint say it.
LEVEL_WORDS = {
    RatingLevel.EXCELLENT: "Xuất sắc",
    RatingLevel.GOOD: "Tốt",
    RatingLevel.DONE: "Hoàn thành",
    RatingLevel.FAILED: "Không hoàn thành",
}

NOT_RATED_MARK = "(chưa xếp loại)"
CHANGED_COLOUR = QColor("#fff1c9")
MUTED_COLOUR = QColor("#7a8591")  # people gone during the year, levels not given yet
FAILED_COLOUR = QColor("#b3261e")

Values = tuple[RatingLevel | None, int | None, str | None]  # level, absent days, note
Edit = tuple[Values, Values]  # a row's values as loaded, and as the clerk made them


def _values(row: RatingRow) -> Values:
    return row.level, row.absent_days, row.document_ref


def _kept(stored: Values, edit: Edit | None) -> Values:
    """A row read again under the clerk's unsaved edit of it: the cells they changed, the rest as stored now
    (another clerk's absent days stay when only the level was typed over)."""
    if edit is None:
        return stored
    loaded, typed = edit
    level, days, note = (t if t != was else now for now, was, t in zip(stored, loaded, typed, strict=True))
    return (level, days, note) if level is not None else (None, None, None)


def departure(row: RatingRow) -> str:
    """Why someone listed for the year is no longer here, or ""."""
    if row.left_on is not None:
        return f"đã nghỉ {date(row.left_on)}"
    if row.moved_out_on is not None:
        return f"chuyển đi {date(row.moved_out_on)}"
    return ""


@dataclass(frozen=True)
class PasteOutcome:
    applied: int  # cells written
    problems: tuple[str, ...]  # one line each, naming the person


class RatingsTableModel(QAbstractTableModel):
    edited = Signal()  # something the clerk typed, pasted or cleared (counts and changed rows moved)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[RatingRow] = []
        self._values: list[Values] = []
        self._fixed: list[tuple[str, ...]] = []  # the read-only cells as text, made once per grid
        self._italic = QFont()
        self._italic.setItalic(True)

    # --- content -----------------------------------------------------------------------------------
    def set_grid(self, grid: RatingGrid | None, kept: dict[int, Edit] | None = None) -> None:
        """Show `grid`; `kept`: the clerk's unsaved edits (`edits`), laid over what it stores (a save refused
        because another clerk changed a rating: the grid read again, the cells this clerk typed still there)."""
        self.beginResetModel()
        self._rows = list(grid.rows) if grid else []
        kept = kept or {}
        self._values = [_kept(_values(r), kept.get(r.person_id)) for r in self._rows]
        self._fixed = [
            (str(n), r.full_name, str(r.birth_year or ""), r.department, r.position or "")
            for n, r in enumerate(self._rows, start=1)
        ]
        self.endResetModel()

    def row_info(self, row: int) -> RatingRow:
        return self._rows[row]

    def values(self, row: int) -> Values:
        return self._values[row]

    def is_changed(self, row: int) -> bool:
        return self._values[row] != _values(self._rows[row])

    def changed_rows(self) -> list[int]:
        return [r for r in range(len(self._rows)) if self.is_changed(r)]

    def changes(self) -> list[RatingChange]:
        """What to save, each with the version of the rating shown (the save is refused if it moved)."""
        return [
            RatingChange(self._rows[r].person_id, *self._values[r], expected_version=self._rows[r].version)
            for r in self.changed_rows()
        ]

    def edits(self) -> dict[int, Edit]:
        """The unsaved rows by person, as loaded and as the clerk made them (to keep over a grid read again)."""
        return {
            self._rows[r].person_id: (_values(self._rows[r]), self._values[r]) for r in self.changed_rows()
        }

    def level_counts(self) -> Counter:
        """How many rows hold each level; None counts those not rated yet."""
        return Counter(level for level, _days, _note in self._values)

    def mark_saved(self, versions: dict[int, int]) -> None:
        """What is on screen is now what is stored, at `versions` (by person, SaveResult.versions): no row
        counts as changed any more."""
        changed = self.changed_rows()
        for r in changed:
            level, days, note = self._values[r]
            row = self._rows[r]
            self._rows[r] = dataclasses.replace(
                row,
                level=level,
                absent_days=days,
                document_ref=note,
                version=versions.get(row.person_id, row.version),
            )
        self._touched(changed)

    # --- editing -----------------------------------------------------------------------------------
    def _put(self, row: int, column: int, value) -> bool:
        """Set one editable cell without signalling; True when the value changed."""
        level, days, note = old = self._values[row]
        if column == LEVEL_COLUMN:
            new = (value, days, note) if value is not None else (None, None, None)
        elif column == DAYS_COLUMN:
            new = (level, value, note)
        else:
            new = (level, days, value or None)
        self._values[row] = new
        return new != old

    def _touched(self, rows: list[int]) -> None:
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(HEADERS) - 1))
            self.edited.emit()

    def set_value(self, row: int, column: int, value) -> bool:
        if column not in EDITABLE or not 0 <= row < len(self._rows):
            return False
        if self._put(row, column, value):
            self._touched([row])
        return True

    def clear_cells(self, cells: list[tuple[int, int]]) -> None:
        """Delete pressed over a selection: empty its editable cells."""
        touched = [r for r, c in cells if c in EDITABLE and self._put(r, c, None)]
        self._touched(touched)

    def paste(self, text: str, row: int, column: int) -> PasteOutcome:
        """A block from Excel with its top-left cell at (row, column); bad cells are left as they were."""
        column = max(column, LEVEL_COLUMN)  # pasted at the name: the block still means ratings
        kinds = [PASTE_KINDS[c] for c in EDITABLE if c >= column]
        result = parse_rating_paste(text, kinds)
        problems = []
        for p in result.problems:
            target = row + p.row - 1
            if target >= len(self._rows):
                continue  # counted below with the rest of what falls past the end
            place = column + p.column - 1
            heading = f"cột {HEADERS[place]}" if place < len(HEADERS) else "ngoài bảng"
            # Named by the grid's STT and the person, as the clerk sees them, not by the block's lines.
            problems.append(f"STT {target + 1} – {self._rows[target].full_name}, {heading}: {p.message}.")
        beyond = row + result.rows - len(self._rows)
        if beyond > 0:
            problems.append(f"{number(beyond)} dòng cuối của khối dán vượt quá danh sách, không được dán.")
        touched = []
        applied = 0
        for cell in result.cells:
            target = row + cell.row
            if target < len(self._rows):
                applied += 1
                if self._put(target, column + cell.column, cell.value):
                    touched.append(target)
        self._touched(touched)
        return PasteOutcome(applied, tuple(problems))

    def copy_text(self, row: int, column: int) -> str:
        """A cell as it goes to Excel: plain values, no on-screen marks."""
        if column < LEVEL_COLUMN:
            return self._fixed[row][column]
        level, days, note = self._values[row]
        if column == LEVEL_COLUMN:
            return level.label if level else ""
        if column == DAYS_COLUMN:
            return "" if days is None else str(days)
        return note or ""

    # --- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index, role=DISPLAY):
        row, column = index.row(), index.column()
        if role == DISPLAY:
            if column == NAME_COLUMN:
                gone = departure(self._rows[row])
                return f"{self._fixed[row][1]} ({gone})" if gone else self._fixed[row][1]
            if column == LEVEL_COLUMN and self._values[row][0] is None:
                return NOT_RATED_MARK  # a gap to see at a glance; copied as an empty cell
            return self.copy_text(row, column)
        if role == EDIT:
            if column in EDITABLE:
                return self._values[row][column - LEVEL_COLUMN]
            return None
        if role == BACKGROUND:
            return QBrush(CHANGED_COLOUR) if self.is_changed(row) else None
        if role == FOREGROUND:
            if (column == NAME_COLUMN and departure(self._rows[row])) or (
                column == LEVEL_COLUMN and self._values[row][0] is None
            ):
                return QBrush(MUTED_COLOUR)
            if column == LEVEL_COLUMN and self._values[row][0] is RatingLevel.FAILED:
                return QBrush(FAILED_COLOUR)
            return None
        if role == FONT:
            return self._italic if column == NAME_COLUMN and departure(self._rows[row]) else None
        if role == ALIGN:
            if column in (NUMBER_COLUMN, DAYS_COLUMN):
                return RIGHT
            return CENTRE if column == BIRTH_COLUMN else None
        if role == TOOLTIP:
            return self._tooltip(row, column)
        return None

    def _tooltip(self, row: int, column: int) -> str | None:
        info = self._rows[row]
        if column == NAME_COLUMN and departure(info):
            return f"{info.full_name} {departure(info)}: vẫn được xếp loại năm này"
        if column == DEPARTMENT_COLUMN:
            return info.department or None  # long names are cut off in the column
        if column in EDITABLE and self.is_changed(row):
            before = info.level.label if info.level else "chưa xếp loại"
            return f"Đã sửa, chưa lưu (trước đây: {before})"
        return None

    def setData(self, index, value, role=EDIT) -> bool:
        if role != EDIT or not index.isValid():
            return False
        return self.set_value(index.row(), index.column(), value)

    def headerData(self, section, orientation, role=DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return HEADERS[section]
        return None

    def flags(self, index):
        return EDITABLE_FLAGS if index.column() in EDITABLE else READ_ONLY_FLAGS
