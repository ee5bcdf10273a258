"""The staff table: a plain model over the loaded directory and the indices the search returned.

Filtering is done by StaffDirectory.search (a pass over pre-folded names), never by a proxy model:
a QSortFilterProxyModel over 25,000 Python rows costs about 100 ms a keystroke. The model keeps the
current hits and resets once per new result; data() is one list lookup and one attribute read.
Sorting by a column other than the name uses a rank per record computed once per column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.exchange.staff_export import STAFF_COLUMNS, staff_text_getters
from app.services.staff import StaffRecord
from app.text import vietnamese_key

NAME_COLUMN = 0
COLUMN_KEYS = tuple(c.key for c in STAFF_COLUMNS)
CENTRED = frozenset(COLUMN_KEYS.index(k) for k in ("gender", "birth"))
UNIT_COLUMN = COLUMN_KEYS.index("unit")
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_PERSON = int(PERSON_ID_ROLE)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_HEADER_ALIGN = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_HORIZONTAL = Qt.Orientation.Horizontal
_LAST = "\uffff"  # empty values sort after every text


class StaffTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._records: Sequence[StaffRecord] = []
        self._rows: Sequence[int] = []  # indices into the directory, in the order shown
        self._unit_labels: Mapping[int, str] = {}
        self._getters: list[Callable[[StaffRecord], str]] = list(staff_text_getters({}).values())
        # Each record's cells as text, made the first time the row is shown (100,000 rows' texts at once
        # would cost a second at every load): painting a row is then tuple lookups.
        self._texts: list[tuple[str, ...] | None] = []
        self._sort_column = NAME_COLUMN
        self._descending = False
        self._ranks: dict[int, list[int]] = {}
        self._orders: dict[tuple[int, bool], list[int]] = {}

    # --- content ---------------------------------------------------------------------------------
    def set_directory(self, records: Sequence[StaffRecord], unit_labels: Mapping[int, str]) -> None:
        self.beginResetModel()
        self._records = records  # as the directory holds them (made when asked for: StaffDirectory)
        self._unit_labels = unit_labels
        getters = staff_text_getters(unit_labels)
        self._getters = [getters[key] for key in COLUMN_KEYS]
        self._texts = [None] * len(self._records)
        self._ranks.clear()
        self._orders.clear()
        self._rows = self._ordered(range(len(self._records)))
        self.endResetModel()

    def set_hits(self, hits: Sequence[int], ordered: bool = False) -> None:
        """A new search result: indices into the directory, ascending, or already in `display_order()`."""
        self.beginResetModel()
        self._rows = hits if ordered else self._ordered(hits)
        self.endResetModel()

    def display_order(self) -> list[int] | None:
        """Every record in the order shown (None: the directory's own order, by Vietnamese name)."""
        if self._sort_column == NAME_COLUMN:
            return list(range(len(self._records) - 1, -1, -1)) if self._descending else None
        return self._order(self._sort_column, self._descending)

    @property
    def total(self) -> int:
        return len(self._records)

    def record(self, row: int) -> StaffRecord:
        return self._records[self._rows[row]]

    def records_at(self, rows: Iterable[int]) -> list[StaffRecord]:
        records, order = self._records, self._rows
        return [records[order[r]] for r in rows]

    def shown_records(self) -> list[StaffRecord]:
        records = self._records
        return [records[i] for i in self._rows]

    @property
    def unit_labels(self) -> Mapping[int, str]:
        return self._unit_labels

    # --- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_KEYS)

    def data(self, index, role=_DISPLAY):
        # Called for every visible cell and role on each paint: keep it to a couple of lookups.
        if role == _DISPLAY:
            i = self._rows[index.row()]
            return (self._texts[i] or self._make_texts(i))[index.column()]
        if role == _ALIGN:
            return _CENTRE if index.column() in CENTRED else None
        if role == _TOOLTIP:
            column = index.column()
            return self.text(index.row(), column) if column == UNIT_COLUMN else None
        if role == _PERSON:
            return self._records[self._rows[index.row()]].id
        return None

    def headerData(self, section, orientation, role=_DISPLAY):
        if orientation == _HORIZONTAL:
            if role == _DISPLAY:
                return STAFF_COLUMNS[section].header
            if role == _ALIGN:
                return _HEADER_ALIGN
        return None

    def flags(self, index):
        return _FLAGS

    def text(self, row: int, column: int) -> str:
        i = self._rows[row]
        return (self._texts[i] or self._make_texts(i))[column]

    def _make_texts(self, i: int) -> tuple[str, ...]:
        record = self._records[i]
        texts = self._texts[i] = tuple(get(record) for get in self._getters)
        return texts

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._rows = self._ordered(sorted(self._rows))  # timsort: linear when already in name order
        self.endResetModel()

    # --- ordering ----------------------------------------------------------------------------------
    def _ordered(self, hits: Sequence[int]) -> Sequence[int]:
        if self._sort_column == NAME_COLUMN:
            return hits[::-1] if self._descending else hits
        total = len(self._records)
        if len(hits) * 8 < total:  # a few hits: sort them
            rank = self._rank(self._sort_column)
            # Python's sort is stable even reversed: equal values keep the Vietnamese name order.
            return sorted(hits, key=rank.__getitem__, reverse=self._descending)
        order = self._order(self._sort_column, self._descending)
        if len(hits) == total:
            return order
        wanted = set(hits)  # many hits: pick them out of the whole sorted list, in one pass
        return [i for i in order if i in wanted]

    def _order(self, column: int, descending: bool) -> list[int]:
        """Every record, sorted by the column (ties in name order); made once per column and direction."""
        key = (column, descending)
        order = self._orders.get(key)
        if order is None:
            rank = self._rank(column)
            order = self._orders[key] = sorted(
                range(len(self._records)), key=rank.__getitem__, reverse=descending
            )
        return order

    def _rank(self, column: int) -> list[int]:
        """For each record, the place of its value among the column's distinct values."""
        rank = self._ranks.get(column)
        if rank is None:
            key = self._sort_value(COLUMN_KEYS[column])
            values = [key(r) for r in self._records]
            order = {v: n for n, v in enumerate(sorted(set(values)))}
            rank = [order[v] for v in values]
            self._ranks[column] = rank
        return rank

    def _sort_value(self, key: str) -> Callable[[StaffRecord], object]:
        if key == "birth":

            def birth(r: StaffRecord):
                if r.birth_date:
                    return r.birth_date
                return dt.date(r.birth_year, 1, 1) if r.birth_year else dt.date.max

            return birth
        text = self._getters[COLUMN_KEYS.index(key)]
        cache: dict[str, str] = {}

        def collated(r: StaffRecord) -> str:
            value = text(r)
            found = cache.get(value)
            if found is None:
                found = cache[value] = vietnamese_key(value) if value else _LAST
            return found

        return collated
