"""A plain table model over rows already turned into text, with an id per row: for the short lists of a
page or a dialog (a year's decisions, a draft's lines) that need a view, not a QTableWidget's items."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
LONG_TEXT = 24  # longer cells carry their text as a tooltip too: a narrow column may cut them short


class TextRowsModel(QAbstractTableModel):
    def __init__(
        self,
        headers: Sequence[str],
        numeric: frozenset[int] = frozenset(),
        centred: frozenset[int] = frozenset(),
        parent=None,
    ):
        super().__init__(parent)
        self.headers = tuple(headers)
        self.numeric, self.centred = numeric, centred
        self._rows: list[tuple[str, ...]] = []
        self._ids: list[object] = []

    def set_rows(self, rows: Sequence[Sequence[str]], ids: Sequence[object] | None = None) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._ids = list(ids) if ids is not None else list(range(len(self._rows)))
        self.endResetModel()

    def row_id(self, row: int) -> object:
        return self._ids[row]

    def row_of(self, row_id: object) -> int | None:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return None

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=_DISPLAY):
        if role == _DISPLAY:
            return self._rows[index.row()][index.column()]
        if role == _ALIGN:
            column = index.column()
            return _RIGHT if column in self.numeric else _CENTRE if column in self.centred else None
        if role == _TOOLTIP:
            text = self._rows[index.row()][index.column()]
            return text if len(text) > LONG_TEXT else None
        return None

    def headerData(self, section, orientation, role=_DISPLAY):
        if orientation == Qt.Orientation.Horizontal:
            if role == _DISPLAY:
                return self.headers[section]
            if role == _ALIGN:
                return _RIGHT if section in self.numeric else _LEFT
        return None

    def flags(self, index):
        return _FLAGS
