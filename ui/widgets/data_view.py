"""A read-only table view over a plain model, set up the way every list of the program reads: whole
rows selected, no editing, rows tall enough for Vietnamese marks, columns sized from sample texts, and
Enter or a double-click opening the current row.

    view = data_view(model, "awardTable", widths={0: "Nguyễn Thị Phương Thảo"}, stretch=3)
    on_open(view, self.open_row)          # open_row(row: int)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def data_view(
    model: QAbstractItemModel,
    name: str,
    *,
    widths: Mapping[int, str] | None = None,
    stretch: int | None = None,
    sortable: bool = False,
) -> QTableView:
    """`widths`: for some columns, a sample text whose width the column gets (or its header's, if wider);
    `stretch`: the column that takes the spare width."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setCornerButtonEnabled(False)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 10)  # room for marks above capitals
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    header.setStretchLastSection(stretch is None)
    metrics = view.fontMetrics()
    bold = QFont(view.font())
    bold.setBold(True)  # headers are bold (ui/style.py)
    header_metrics = QFontMetrics(bold)
    for column, sample in (widths or {}).items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        view.setColumnWidth(
            column, max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(title)) + 24
        )
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if sortable:
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # as the database ordered them, at first
        header.setSortIndicatorShown(True)
        view.setSortingEnabled(True)
    return view


def on_open(view: QTableView, open_row: Callable[[int], None]) -> None:
    """Double-click, Enter or Return on a row calls open_row(row)."""
    view.doubleClicked.connect(lambda index: open_row(index.row()))
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: current_row(view) is not None and open_row(current_row(view)))


def current_row(view: QTableView) -> int | None:
    """The row the keyboard is on, or the first selected one."""
    index = view.currentIndex()
    if index.isValid():
        return index.row()
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].row() if rows else None
