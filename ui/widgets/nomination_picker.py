"""Nomination items to tick: grouped under their batch (or their Tờ trình), filtered by group and by title,
ticked with the mouse or the space bar.

    picker = NominationPicker("Hồ sơ")
    picker.set_items(items, group_of=lambda item: batch_titles[item.batch_id])
    picker.changed.connect(...)            # ticks changed
    picker.checked_ids()                   # in the order shown
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.nominations import NominationItem
from ui.format import number

ID_ROLE = Qt.ItemDataRole.UserRole + 11
ALL = None
HEADERS = ["Cá nhân / Tập thể", "Danh hiệu, hình thức", "Ngày sinh", "Đơn vị"]


class NominationPicker(QWidget):
    changed = Signal()

    def __init__(
        self,
        group_caption: str = "Hồ sơ",
        empty_text: str = "Không có đề nghị nào.",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.items: dict[int, NominationItem] = {}
        self.rows: dict[int, QTreeWidgetItem] = {}
        self.groups: dict[str, QTreeWidgetItem] = {}
        self._group_of: dict[int, str] = {}
        self.empty_text = empty_text

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(QLabel(f"{group_caption}:"))
        self.group_combo = self._combo(f"Tất cả {group_caption.lower()}", 14)
        filters.addWidget(self.group_combo, 2)
        filters.addWidget(QLabel("Danh hiệu:"))
        self.award_combo = self._combo("Tất cả", 9)
        filters.addWidget(self.award_combo, 1)
        layout.addLayout(filters)

        self.tree = QTreeWidget()
        self.tree.setObjectName("nominationPicker")
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Các đề nghị: phím cách để đánh dấu")
        # The unit goes last and takes what is left: in a narrow pane it is the one cut short.
        self.tree.header().setStretchLastSection(True)
        metrics = self.tree.fontMetrics()
        bold = QFont(self.tree.font())
        bold.setBold(True)  # the header's font (ui/style.py)
        for column, sample in enumerate(("Nguyễn Thị Phương Thảo", "Chiến sĩ thi đua cơ sở", "00/00/0000")):
            wide = max(
                metrics.horizontalAdvance(sample), QFontMetrics(bold).horizontalAdvance(HEADERS[column])
            )
            self.tree.setColumnWidth(column, wide + (44 if column == 0 else 24))
        self.tree.itemChanged.connect(self._item_changed)
        layout.addWidget(self.tree, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel("")
        self.count_label.setObjectName("muted")
        self.count_label.setWordWrap(True)
        self.all_button = QPushButton("Chọn tất cả")
        self.all_button.setToolTip("Đánh dấu mọi đề nghị đang hiển thị (theo bộ lọc)")
        self.all_button.clicked.connect(lambda: self.check_shown(True))
        self.none_button = QPushButton("Bỏ chọn")
        self.none_button.setToolTip("Bỏ đánh dấu mọi đề nghị đang hiển thị")
        self.none_button.clicked.connect(lambda: self.check_shown(False))
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.all_button)
        bottom.addWidget(self.none_button)
        layout.addLayout(bottom)

        self.group_combo.currentIndexChanged.connect(self.refilter)
        self.award_combo.currentIndexChanged.connect(self.refilter)
        self._show_count()

    @staticmethod
    def _combo(all_text: str, length: int) -> QComboBox:
        combo = QComboBox()
        combo.addItem(all_text, ALL)
        combo.setMinimumContentsLength(length)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMaxVisibleItems(24)
        return combo

    # --- content -----------------------------------------------------------------------------------
    def set_items(self, items: Sequence[NominationItem], group_of: Callable[[NominationItem], str]) -> None:
        """Replace the list; items ticked before stay ticked when they are still there."""
        kept = set(self.checked_ids())
        self.tree.blockSignals(True)
        self.tree.clear()
        self.items = {i.id: i for i in items}
        self.rows, self.groups, self._group_of = {}, {}, {}
        for item in items:
            group = group_of(item)
            self._group_of[item.id] = group
            parent = self.groups.get(group)
            if parent is None:
                parent = self.groups[group] = QTreeWidgetItem(self.tree, [group])
                parent.setFirstColumnSpanned(True)
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setToolTip(0, group)
            unit = "(tập thể)" if item.collective else item.unit_name or ""
            row = QTreeWidgetItem(parent, [item.subject_name, item.award_name, item.birth_text, unit])
            row.setData(0, ID_ROLE, item.id)
            row.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            )
            row.setCheckState(0, Qt.CheckState.Checked if item.id in kept else Qt.CheckState.Unchecked)
            row.setTextAlignment(2, Qt.AlignmentFlag.AlignCenter)
            for column in (0, 1, 3):
                row.setToolTip(column, row.text(column))
            self.rows[item.id] = row
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._fill(self.group_combo, [(g, g) for g in self.groups])
        titles = dict.fromkeys((i.award_name, i.award_code) for i in items)
        self._fill(self.award_combo, list(titles))
        self.refilter()
        self.changed.emit()

    @staticmethod
    def _fill(combo: QComboBox, choices: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, data in choices:
            combo.addItem(text, data)
            combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
        combo.blockSignals(False)

    def refilter(self, *_args) -> None:
        group, code = self.group_combo.currentData(), self.award_combo.currentData()
        shown_groups: set[str] = set()
        for item_id, row in self.rows.items():
            shown = (group is ALL or self._group_of[item_id] == group) and (
                code is ALL or self.items[item_id].award_code == code
            )
            row.setHidden(not shown)
            if shown:
                shown_groups.add(self._group_of[item_id])
        for name, parent in self.groups.items():
            parent.setHidden(name not in shown_groups)
        self._show_count()

    # --- ticks -------------------------------------------------------------------------------------
    def checked_ids(self) -> list[int]:
        return [i for i, row in self.rows.items() if row.checkState(0) == Qt.CheckState.Checked]

    def shown_ids(self) -> list[int]:
        return [i for i, row in self.rows.items() if not row.isHidden()]

    def set_checked(self, ids: Sequence[int], checked: bool = True) -> None:
        self._set_states(ids, checked)

    def check_shown(self, checked: bool) -> None:
        self._set_states(self.shown_ids(), checked)

    def _set_states(self, ids: Sequence[int], checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.tree.blockSignals(True)  # one change signal for the lot, not one per row
        for item_id in ids:
            if item_id in self.rows:
                self.rows[item_id].setCheckState(0, state)
        self.tree.blockSignals(False)
        self._show_count()
        self.changed.emit()

    def _item_changed(self, row: QTreeWidgetItem, column: int) -> None:
        if column == 0 and row.data(0, ID_ROLE) is not None:
            self._show_count()
            self.changed.emit()

    def _show_count(self) -> None:
        if not self.rows:
            self.count_label.setText(self.empty_text)
        else:
            self.count_label.setText(
                f"Đã chọn {number(len(self.checked_ids()))} / {number(len(self.rows))} đề nghị"
            )
        for button in (self.all_button, self.none_button):
            button.setEnabled(bool(self.rows))
