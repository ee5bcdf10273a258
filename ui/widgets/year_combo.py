"""The year a page or a dialog works on ("Năm thành tích"), chosen among the years that have something.

combo = YearCombo("Năm của thành tích được khen thưởng")
combo.year_chosen.connect(self.load_year)       # only when the clerk picks another year
combo.set_years([2025, 2024], current=2025)     # no signal
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_spin(year: int) -> QSpinBox:
    """A year typed or stepped, for a year that may have nothing yet (a new batch, a new review)."""
    box = QSpinBox()
    box.setRange(FIRST_YEAR, LAST_YEAR)
    box.setValue(year)
    box.setAccelerated(True)
    box.setFixedWidth(box.fontMetrics().horizontalAdvance("00000") + 44)
    return box


class YearCombo(QComboBox):
    year_chosen = Signal(int)

    def __init__(self, tooltip: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumContentsLength(5)
        self.setToolTip(tooltip)
        self._shown: int | None = None
        self.currentIndexChanged.connect(self._changed)

    def set_years(self, years: Sequence[int], current: int | None) -> None:
        self.blockSignals(True)
        self.clear()
        for year in years:
            self.addItem(str(year), year)
        self.setCurrentIndex(max(self.findData(current), 0) if current is not None else 0)
        self._shown = self.currentData()
        self.blockSignals(False)

    def year(self) -> int | None:
        return self.currentData()

    def _changed(self, *_args) -> None:
        year = self.currentData()
        if year is not None and year != self._shown:
            self._shown = year
            self.year_chosen.emit(year)
