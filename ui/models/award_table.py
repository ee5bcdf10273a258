"""Awards in a table view: the text rows of TextRowsModel over AwardHit tuples (a decision's list, or a
search's result).

The cells are turned into text once per result, so painting is tuple lookups; a click on a header
sorts the rows in memory (Vietnamese order for names, real order for years, dates and amounts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt

from app.exchange.award_export import COLUMN_BY_KEY, award_text_getters
from app.services.awards import AwardHit
from app.text import vietnamese_key
from ui.models.text_rows import TextRowsModel

_CENTRED_KEYS = frozenset({"birth", "year", "date"})
_LAST = "\uffff"  # empty cells sort after every text


def _sort_value(key: str) -> Callable[[AwardHit], object] | None:
    """How a column orders by value; None: by its text, in Vietnamese order."""
    return {
        "birth": lambda h: h.birth_date or (dt.date(h.birth_year, 1, 1) if h.birth_year else dt.date.max),
        "year": lambda h: h.year,
        "date": lambda h: h.decision_date or dt.date.max,
        "amount": lambda h: h.bonus_amount if h.bonus_amount is not None else -1,
    }.get(key)


class AwardTableModel(TextRowsModel):
    def __init__(self, keys: Sequence[str], parent=None):
        self.keys = tuple(keys)
        super().__init__(
            [COLUMN_BY_KEY[k].screen_header for k in self.keys],
            numeric=frozenset(n for n, k in enumerate(self.keys) if COLUMN_BY_KEY[k].numeric),
            centred=frozenset(n for n, k in enumerate(self.keys) if k in _CENTRED_KEYS),
            parent=parent,
        )
        self._unit_labels: Mapping[int, str] = {}
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    def set_hits(self, hits: Sequence[AwardHit], unit_labels: Mapping[int, str]) -> None:
        self._unit_labels = unit_labels
        getters = award_text_getters(unit_labels)
        chosen = [getters[k] for k in self.keys]
        self.set_rows(*self._sorted([tuple(get(h) for get in chosen) for h in hits], list(hits)))

    def hit(self, row: int) -> AwardHit:
        return self.row_id(row)

    @property
    def hits(self) -> list[AwardHit]:
        return list(self._ids)

    @property
    def unit_labels(self) -> Mapping[int, str]:
        return self._unit_labels

    def column_texts(self, key: str) -> list[str]:
        column = self.keys.index(key)
        return [row[column] for row in self._rows]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header; the order is kept for the next result too (-1: as the database gave it)."""
        self._sort = (column, order)
        if column >= 0 and self._rows:
            self.set_rows(*self._sorted(self._rows, self._ids))

    def _sorted(self, rows: list, hits: list) -> tuple[list, list]:
        column, order = self._sort
        if column < 0 or not rows:
            return rows, hits
        value = _sort_value(self.keys[column])
        if value is None:
            cache: dict[str, str] = {}

            def rank(n: int) -> object:
                text = rows[n][column]
                found = cache.get(text)
                if found is None:
                    found = cache[text] = vietnamese_key(text) if text else _LAST
                return found
        else:

            def rank(n: int) -> object:
                return value(hits[n])

        # Python's sort is stable, also reversed: equal values keep the database's order.
        order_ = sorted(range(len(rows)), key=rank, reverse=order == Qt.SortOrder.DescendingOrder)
        return [rows[n] for n in order_], [hits[n] for n in order_]
