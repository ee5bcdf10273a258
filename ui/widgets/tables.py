"""Small read-only tables (a few dozen rows): figures, signers, the catalogue."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

MUTED_COLOUR = QColor("#9aa4af")


def read_only_table(headers: list[str], stretch: int | None = 0) -> QTableWidget:
    """`stretch` is the column that takes the spare width (None: the widths fit the contents)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    for col in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if col == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(col, mode)
    if stretch is None:
        header.setStretchLastSection(True)
    return table


def cell(text: str, numeric: bool = False, bold: bool = False, muted: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if numeric:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    if muted:
        item.setForeground(MUTED_COLOUR)
    return item


def fit_contents(table: QTableWidget) -> None:
    """Make a small table exactly the size of its rows and columns, with no scroll bars."""
    table.resizeColumnsToContents()
    table.resizeRowsToContents()
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    width = sum(header.sectionSize(c) for c in range(table.columnCount())) + 2 * table.frameWidth()
    height = (
        header.height() + sum(table.rowHeight(r) for r in range(table.rowCount())) + 2 * table.frameWidth()
    )
    table.setFixedSize(width, height)
