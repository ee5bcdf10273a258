"""Nomination items to tick: grouped under their batch (or their Tờ trình), filtered by group and by title,
ticked with the mouse or the space bar.

    picker = NominationPicker("Hồ sơ")
    picker.set_items(items, group_of=lambda item: batch_titles[item.batch_id])
    picker.changed.connect(...)            # ticks changed
    picker.checked_ids()                   # in the order shown
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.nominations import NominationItem
from ui.format import number
from ui.models.nomination_items import PICKER_HEADERS as HEADERS
from ui.models.nomination_items import NominationTickModel
from ui.widgets.data_view import data_view

ALL = None


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
        self.groups: dict[str, list[int]] = {}  # each group's items, in the order given
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

        # A model over the items (thousands in a year's decision), filtered in Python: no item per row, and a
        # table view, which lays out only the rows on screen.
        self.model = NominationTickModel(self)
        self.view = data_view(
            self.model,
            "nominationPicker",
            widths={0: "Nguyễn Thị Phương Thảo MM", 1: "Chiến sĩ thi đua cơ sở", 2: "00/00/0000"},
        )  # the unit goes last and takes what is left: in a narrow pane it is the one cut short
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAccessibleName("Các đề nghị: phím cách để đánh dấu")
        self.model.ticks_changed.connect(self._ticks_changed)
        layout.addWidget(self.view, 1)

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
        self.items = {i.id: i for i in items}
        self.groups = {}
        for item in items:
            self.groups.setdefault(group_of(item), []).append(item.id)
        self.model.set_items(items)
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
        items = self.items
        headings = self.model.show(
            [
                (name, ids if code is ALL else [i for i in ids if items[i].award_code == code])
                for name, ids in self.groups.items()
                if group is ALL or name == group
            ]
        )
        self.view.clearSpans()
        for row in headings:
            self.view.setSpan(row, 0, 1, len(HEADERS))
        self._show_count()

    def index_of(self, item_id: int) -> QModelIndex:
        """Where the item is shown (invalid when filtered out)."""
        return self.model.index_of(item_id)

    # --- ticks -------------------------------------------------------------------------------------
    def checked_ids(self) -> list[int]:
        checked = self.model.checked
        return [i for i in self.items if i in checked]

    def shown_ids(self) -> list[int]:
        return self.model.shown_ids()

    def set_checked(self, ids: Sequence[int], checked: bool = True) -> None:
        self.model.set_checked(ids, checked)  # one change signal for the lot, not one per row

    def check_shown(self, checked: bool) -> None:
        self.model.set_checked(self.shown_ids(), checked)

    def _ticks_changed(self) -> None:
        self._show_count()
        self.changed.emit()

    def _show_count(self) -> None:
        if not self.items:
            self.count_label.setText(self.empty_text)
        else:
            self.count_label.setText(
                f"Đã chọn {number(len(self.model.checked))} / {number(len(self.items))} đề nghị"
            )
        for button in (self.all_button, self.none_button):
            button.setEnabled(bool(self.items))
