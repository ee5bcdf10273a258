"""The unit tree as a widget: the Department, its units, their departments; a folded filter; ended
units shown or hidden; optionally a check box on each unit (to pick several, as a merge does).

    tree = UnitTreeWidget([Column("Tên đơn vị", lambda n: n.name), Column("Cán bộ", staff, numeric=True)])
    tree.set_tree(unit_tree(ctx))           # app.services.units.UnitTree, read in the background
    tree.apply_filter("benh vien", show_ended=False)

A province has about 150 units, so the whole tree is built as items at once and filtering hides
items; the expanded branches and the current unit survive a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.services.units import UnitNode, UnitTree, search_words
from ui.widgets.tables import MUTED_COLOUR

ID_ROLE = Qt.ItemDataRole.UserRole + 11


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[UnitNode], str]
    numeric: bool = False
    width_sample: str | None = None  # the column's width fits this text; None: fit the contents
    tooltip: Callable[[UnitNode], str] | None = None


class UnitTreeWidget(QTreeWidget):
    def __init__(self, columns: list[Column], checkable: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.columns = columns
        self.checkable = checkable
        self.tree: UnitTree | None = None
        self.nodes: dict[int, UnitNode] = {}
        self.items: dict[int, QTreeWidgetItem] = {}
        self._filtering = False
        self._row_height = self.fontMetrics().height() + 10  # room for marks above capitals (Ể, Ố)
        self.setColumnCount(len(columns))
        self.setHeaderLabels([c.header for c in columns])
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setExpandsOnDoubleClick(False)  # double-click opens the record; the arrow or +/- unfolds
        header = self.header()
        header.setStretchLastSection(False)
        # the name column takes the spare width, unless its width is given (then the clerk may drag it)
        header.setSectionResizeMode(
            0,
            QHeaderView.ResizeMode.Interactive if columns[0].width_sample else QHeaderView.ResizeMode.Stretch,
        )
        metrics = self.fontMetrics()
        for n, column in enumerate(columns):
            if column.width_sample:
                self.setColumnWidth(n, metrics.horizontalAdvance(column.width_sample) + 28)
            elif n:
                header.setSectionResizeMode(n, QHeaderView.ResizeMode.ResizeToContents)
            if column.numeric:
                self.headerItem().setTextAlignment(
                    n, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )

    # --- content ----------------------------------------------------------------------------------------
    def set_tree(self, tree: UnitTree) -> None:
        """Replace the units, keeping what the clerk had open, current and checked."""
        expanded = {uid for uid, item in self.items.items() if item.isExpanded()}
        current = self.current_id()
        checked = self.checked_ids()
        first_time = self.tree is None
        self.tree = tree
        self.nodes = tree.by_id()
        self.setUpdatesEnabled(False)
        self.clear()
        self.items = {}
        for node in tree.nodes:
            item = QTreeWidgetItem([c.text(node) for c in self.columns])
            item.setData(0, ID_ROLE, node.id)
            item.setSizeHint(0, QSize(0, self._row_height))
            for n, column in enumerate(self.columns):
                if column.numeric:
                    item.setTextAlignment(n, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column.tooltip is not None:
                    item.setToolTip(n, column.tooltip(node))
            if not node.active:
                font = item.font(0)
                font.setItalic(True)
                for n in range(len(self.columns)):
                    item.setForeground(n, MUTED_COLOUR)
                    item.setFont(n, font)
            if self.checkable and node.parent_id is not None and node.active:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    0, Qt.CheckState.Checked if node.id in checked else Qt.CheckState.Unchecked
                )
            parent = self.items.get(node.parent_id) if node.parent_id is not None else None
            if parent is None:
                self.addTopLevelItem(item)
            else:
                parent.addChild(item)
            self.items[node.id] = item
        for uid, item in self.items.items():
            if uid in expanded or (first_time and self.nodes[uid].depth == 0):
                item.setExpanded(True)
        if current in self.items:
            self.setCurrentItem(self.items[current])
        self.setUpdatesEnabled(True)

    def apply_filter(self, text: str, show_ended: bool) -> int:
        """Show the units whose name, short name, code or former name holds every word of `text`
        (folded: "benh vien" finds "Bệnh viện"), with the units above them (unfolded, to see the
        match) and below them. Returns how many units match."""
        if self.tree is None:
            return 0
        words = search_words(text)
        nodes = self.nodes
        visible: set[int] = set()
        found: set[int] = set()  # the matches and everything under them
        unfold: set[int] = set()
        for node in self.tree.nodes:  # parents come first, so a parent's fate is known before its children's
            if not (show_ended or node.active):
                continue
            if node.parent_id in found:
                found.add(node.id)  # under a match: the departments of a hospital found by name
                visible.add(node.id)
            elif not words or node.matches(words):
                found.add(node.id)
                visible.add(node.id)
                uid = node.parent_id
                while uid is not None and uid not in unfold:
                    unfold.add(uid)
                    visible.add(uid)
                    uid = nodes[uid].parent_id if uid in nodes else None
        matches = sum(1 for uid in found if not words or self.nodes[uid].matches(words))
        self.setUpdatesEnabled(False)
        for uid, item in self.items.items():
            item.setHidden(uid not in visible)
        if words:
            for uid in unfold:
                self.items[uid].setExpanded(True)
        elif self._filtering:  # the filter was cleared: fold back, keeping the current unit in sight
            for uid, item in self.items.items():
                item.setExpanded(nodes[uid].depth == 0)
            self.reveal(self.current_id())
        self._filtering = bool(words)
        self.setUpdatesEnabled(True)
        current = self.currentItem()
        if current is not None and current.isHidden():
            self.setCurrentItem(None)
        return matches

    # --- selection --------------------------------------------------------------------------------------
    def current_id(self) -> int | None:
        item = self.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def current_node(self) -> UnitNode | None:
        uid = self.current_id()
        return self.nodes.get(uid) if uid is not None else None

    def selected_ids(self) -> list[int]:
        return [item.data(0, ID_ROLE) for item in self.selectedItems()]

    def select_unit(self, unit_id: int | None) -> None:
        item = self.items.get(unit_id) if unit_id is not None else None
        if item is None:
            return
        self.reveal(unit_id)
        self.setCurrentItem(item)
        self.scrollToItem(item)

    def reveal(self, unit_id: int | None) -> None:
        item = self.items.get(unit_id) if unit_id is not None else None
        parent = item.parent() if item is not None else None
        while parent is not None:
            parent.setExpanded(True)
            parent = parent.parent()

    def checked_ids(self) -> list[int]:
        if not self.checkable:
            return []
        return [uid for uid, item in self.items.items() if item.checkState(0) == Qt.CheckState.Checked]

    def set_checked(self, unit_ids: Iterable[int]) -> None:
        wanted = set(unit_ids)
        first = None
        for uid, item in self.items.items():
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(0, Qt.CheckState.Checked if uid in wanted else Qt.CheckState.Unchecked)
                if uid in wanted:
                    self.reveal(uid)
                    first = first or item
        if first is not None:
            self.scrollToItem(first)

    def texts(self, visible_only: bool = True) -> list[str]:
        """The names shown, in tree order (for tests and for copying)."""
        return [item.text(0) for uid, item in self.items.items() if not (visible_only and self._hidden(item))]

    @staticmethod
    def _hidden(item: QTreeWidgetItem) -> bool:
        while item is not None:
            if item.isHidden():
                return True
            item = item.parent()
        return False
