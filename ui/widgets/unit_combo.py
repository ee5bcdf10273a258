"""A unit picker: the unit tree flattened into a combo box, indented in the list, plain when closed.

combo = UnitComboBox(all_text="Tất cả đơn vị")
combo.set_units(unit_choices(ctx))      # app.domain.units.UnitChoice list, in tree order
combo.current_unit()                    # the UnitChoice, or None for "all"
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.domain.units import UnitChoice

DEPTH_ROLE = Qt.ItemDataRole.UserRole + 7
INDENT = 16  # pixels per level in the open list


class _IndentDelegate(QStyledItemDelegate):
    def paint(self, painter, option, index):
        depth = index.data(DEPTH_ROLE) or 0
        if depth:
            option = QStyleOptionViewItem(option)
            option.rect.adjust(depth * INDENT, 0, 0, 0)
        super().paint(painter, option, index)

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        size.setWidth(size.width() + (index.data(DEPTH_ROLE) or 0) * INDENT)
        return size


class UnitComboBox(QComboBox):
    def __init__(self, all_text: str | None = "Tất cả đơn vị", parent: QWidget | None = None):
        super().__init__(parent)
        self.all_text = all_text
        self.units: dict[int, UnitChoice] = {}
        self.setItemDelegate(_IndentDelegate(self))
        self.setMaxVisibleItems(24)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.setMinimumWidth(120)  # gives way on a narrow window (ui/widgets/screen_fit.py)
        self.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        if all_text is not None:
            self.addItem(all_text, None)

    def set_units(self, units: Sequence[UnitChoice]) -> None:
        """Replace the list, keeping the current unit when it is still there (no signal when it is)."""
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        if self.all_text is not None:
            self.addItem(self.all_text, None)
        self.units = {u.id: u for u in units}
        for u in units:
            self.addItem(u.name, u.id)
            row = self.count() - 1
            self.setItemData(row, u.depth, DEPTH_ROLE)
            self.setItemData(row, u.label, Qt.ItemDataRole.ToolTipRole)
            if not u.active:
                self.setItemData(row, f"{u.label} (không còn hoạt động)", Qt.ItemDataRole.ToolTipRole)
        found = self.findData(current) if current is not None else -1
        self.setCurrentIndex(found if found >= 0 else 0)
        self.blockSignals(False)
        if found < 0 and current is not None:
            self.currentIndexChanged.emit(self.currentIndex())

    def current_unit(self) -> UnitChoice | None:
        unit_id = self.currentData()
        return self.units.get(unit_id) if unit_id is not None else None

    def select_unit(self, unit_id: int | None) -> None:
        index = self.findData(unit_id) if unit_id is not None else (0 if self.all_text is not None else -1)
        if index >= 0:
            self.setCurrentIndex(index)
