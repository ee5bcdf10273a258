"""Awards in a table view: a plain model over AwardHit tuples (a decision's list, or a search's result).

The cells are turned into text once per result, so painting is tuple lookups; a click on a header
sorts the rows in memory (Vietnamese order for names, real order for years, dates and amounts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.exchange.award_export import COLUMN_BY_KEY, award_text_getters
from app.services.awards import AwardHit
from app.text import vietnamese_key

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_HEADER_ALIGN = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_CENTRED_KEYS = frozenset({"birth", "year", "date"})
_TIPPED_KEYS = frozenset({"unit", "award", "name"})  # long texts a narrow column cuts short


def _sort_value(key: str) -> Callable[[AwardHit], object]:
    """How a column orders: by the value itself where it has one, else by the Vietnamese text."""
    return {
        "birth": lambda h: h.birth_date or (dt.date(h.birth_year, 1, 1) if h.birth_year else dt.date.max),
        "year": lambda h: h.year,
        "date": lambda h: h.decision_date or dt.date.max,
        "amount": lambda h: h.bonus_amount if h.bonus_amount is not None else -1,
    }.get(key, lambda h: None)


class AwardTableModel(QAbstractTableModel):
    def __init__(self, keys: Sequence[str], parent=None):
        super().__init__(parent)
        self.keys = tuple(keys)
        self._hits: list[AwardHit] = []
        self._texts: list[tuple[str, ...]] = []
        self._unit_labels: Mapping[int, str] = {}
        self._numeric = frozenset(n for n, k in enumerate(self.keys) if COLUMN_BY_KEY[k].numeric)
        self._centred = frozenset(n for n, k in enumerate(self.keys) if k in _CENTRED_KEYS)
        self._tipped = frozenset(n for n, k in enumerate(self.keys) if k in _TIPPED_KEYS)
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # --- content ---------------------------------------------------------------------------------
    def set_hits(self, hits: Sequence[AwardHit], unit_labels: Mapping[int, str]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._unit_labels = unit_labels
        getters = award_text_getters(unit_labels)
        chosen = [getters[k] for k in self.keys]
        self._texts = [tuple(get(h) for get in chosen) for h in self._hits]
        self._apply_sort()
        self.endResetModel()

    def hit(self, row: int) -> AwardHit:
        return self._hits[row]

    @property
    def hits(self) -> list[AwardHit]:
        return self._hits

    @property
    def unit_labels(self) -> Mapping[int, str]:
        return self._unit_labels

    def text(self, row: int, column: int) -> str:
        return self._texts[row][column]

    def column_texts(self, key: str) -> list[str]:
        column = self.keys.index(key)
        return [t[column] for t in self._texts]

    # --- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def data(self, index, role=_DISPLAY):
        if role == _DISPLAY:
            return self._texts[index.row()][index.column()]
        if role == _ALIGN:
            column = index.column()
            if column in self._numeric:
                return _RIGHT
            return _CENTRE if column in self._centred else None
        if role == _TOOLTIP and index.column() in self._tipped:
            return self._texts[index.row()][index.column()] or None
        return None

    def headerData(self, section, orientation, role=_DISPLAY):
        if orientation == Qt.Orientation.Horizontal:
            if role == _DISPLAY:
                return COLUMN_BY_KEY[self.keys[section]].header
            if role == _ALIGN:
                return _RIGHT if section in self._numeric else _HEADER_ALIGN
        return None

    def flags(self, index):
        return _FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header; the order is kept for the next result too (-1: as the database gave it)."""
        self._sort = (column, order)
        if column < 0 or not self._hits:
            return
        self.beginResetModel()
        self._apply_sort()
        self.endResetModel()

    def _apply_sort(self) -> None:
        column, order = self._sort
        if column < 0 or not self._hits:
            return
        value = _sort_value(self.keys[column])
        if value(self._hits[0]) is None:  # a text column: Vietnamese order of what is shown
            texts = self._texts
            cache: dict[str, str] = {}

            def rank(n: int) -> object:
                text = texts[n][column]
                found = cache.get(text)
                if found is None:
                    found = cache[text] = vietnamese_key(text) if text else "\uffff"
                return found
        else:
            hits = self._hits

            def rank(n: int) -> object:
                return value(hits[n])
        # Python's sort is stable, also reversed: equal values keep the database's order.
        order_ = sorted(range(len(self._hits)), key=rank, reverse=order == Qt.SortOrder.DescendingOrder)
        self._hits = [self._hits[n] for n in order_]
        self._texts = [self._texts[n] for n in order_]
