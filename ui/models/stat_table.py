"""One statistical table (app.services.statistics.StatTable) as a read-only Qt model: the row label, then
the figures right-aligned with Vietnamese thousands separators; subtotals and the total in bold."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.statistics import RowKind, StatTable
from ui.format import number

GROUP_BACKGROUND = QColor("#eef2f6")
TOTAL_BACKGROUND = QColor("#dfe7ef")
ROOT = QModelIndex()


class StatTableModel(QAbstractTableModel):
    def __init__(self, table: StatTable | None = None, parent=None):
        super().__init__(parent)
        self.table = table
        self._bold = QFont()
        self._bold.setBold(True)

    def set_table(self, table: StatTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() or self.table is None else len(self.table.columns) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or self.table is None:
            return None
        if section == 0:
            heading = self.table.row_header
            group = None
        else:
            column = self.table.columns[section - 1]
            heading, group = column.header, column.group
        if role == Qt.ItemDataRole.DisplayRole:
            return heading
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{group}: {heading}" if group else heading
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.table is None:
            return None
        row = self.table.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label if col == 0 else number(row.values[col - 1])
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.kind is not RowKind.ITEM:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and row.kind is not RowKind.ITEM:
            return QBrush(TOTAL_BACKGROUND if row.kind is RowKind.TOTAL else GROUP_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return row.label
        return None

    def value(self, row: int, header: str) -> int:
        """A figure by row and column heading (tests and the charts read it this way)."""
        return self.table.rows[row].values[self.table.column(header)]
