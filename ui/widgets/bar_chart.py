"""Awards per year as stacked bars (danh hiệu below, hình thức above), drawn with QPainter."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.services.overview import AwardYear
from ui.format import number

TITLE_COLOUR = QColor("#2b5c8a")
HONOR_COLOUR = QColor("#e3a21a")
GRID_COLOUR = QColor("#e3e7ec")
TEXT_COLOUR = QColor("#4a5664")


def nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 × 10ⁿ) that splits 0..top into about `ticks` parts."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for f in (1, 2, 5, 10):
        if f * power >= raw:
            return max(1, int(f * power))
    return int(10 * power)


LEGEND = ((TITLE_COLOUR, "Danh hiệu thi đua"), (HONOR_COLOUR, "Hình thức khen thưởng"))


def legend_places(fm: QFontMetrics, width: int) -> list[tuple[int, int]]:
    """(x, row) of each legend entry: side by side while they fit in `width`, else on the next row."""
    places, x, row = [], 8, 0
    for _colour, text in LEGEND:
        entry = 15 + fm.horizontalAdvance(text)
        if x > 8 and x + entry > width - 4:
            x, row = 8, row + 1
        places.append((x, row))
        x += entry + 18
    return places


class AwardsChart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.years: list[AwardYear] = []
        self._bars: list[tuple[QRectF, AwardYear]] = []
        self.setMouseTracking(True)
        self.setMinimumSize(240, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Biểu đồ số lượt khen thưởng theo năm")

    def sizeHint(self) -> QSize:
        return QSize(480, 280)

    def set_years(self, years) -> None:
        self.years = list(years)
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        p.setFont(font)
        fm = QFontMetrics(font)
        w, h = self.width(), self.height()
        self._bars = []
        top_total = max((y.total for y in self.years), default=0)

        # Legend: an entry that does not fit beside the one before goes on the next line, never cut
        legend_y = 4
        places = legend_places(fm, w)
        for (colour, text), (x, row) in zip(LEGEND, places, strict=True):
            y = legend_y + row * (fm.height() + 4)
            p.fillRect(QRectF(x, y + (fm.height() - 10) / 2, 10, 10), colour)
            p.setPen(TEXT_COLOUR)
            p.drawText(int(x + 15), y + fm.ascent(), text)
        legend_bottom = legend_y + (places[-1][1] + 1) * (fm.height() + 4) - 4

        if top_total == 0:
            p.setPen(TEXT_COLOUR)
            p.drawText(
                self.rect().adjusted(10, legend_bottom + 10, -10, -10),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                "Chưa có lượt khen thưởng nào trong những năm này.",
            )
            return

        step = nice_step(top_total)
        scale_top = step * math.ceil(top_total / step)
        left = fm.horizontalAdvance(number(scale_top)) + 12
        plot = QRectF(
            left,
            legend_bottom + 14,
            w - left - 8,
            h - (legend_bottom + 14) - fm.height() - 8,
        )
        if plot.height() < 20 or plot.width() < 20:
            return

        # Grid and scale
        p.setPen(QPen(GRID_COLOUR, 1))
        value = 0
        while value <= scale_top:
            y = plot.bottom() - plot.height() * value / scale_top
            p.setPen(QPen(GRID_COLOUR, 1))
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.setPen(TEXT_COLOUR)
            label = number(value)
            p.drawText(int(left - 6 - fm.horizontalAdvance(label)), int(y + fm.ascent() / 2 - 1), label)
            value += step

        # Bars
        n = len(self.years)
        slot = plot.width() / n
        bar_w = min(46.0, slot * 0.62)
        for i, year in enumerate(self.years):
            cx = plot.left() + slot * (i + 0.5)
            titles_h = plot.height() * year.titles / scale_top
            honors_h = plot.height() * year.honors / scale_top
            base = plot.bottom()
            if titles_h:
                p.fillRect(QRectF(cx - bar_w / 2, base - titles_h, bar_w, titles_h), TITLE_COLOUR)
            if honors_h:
                p.fillRect(QRectF(cx - bar_w / 2, base - titles_h - honors_h, bar_w, honors_h), HONOR_COLOUR)
            p.setPen(TEXT_COLOUR)
            label = str(year.year)
            if slot < fm.horizontalAdvance(label) + 4:
                label = f"’{year.year % 100:02d}"
            p.drawText(int(cx - fm.horizontalAdvance(label) / 2), int(plot.bottom() + fm.ascent() + 5), label)
            self._bars.append((QRectF(cx - slot / 2, plot.top(), slot, plot.height()), year))

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        for area, year in self._bars:
            if area.contains(pos):
                QToolTip.showText(
                    event.globalPosition().toPoint(),
                    f"<b>Năm {year.year}</b><br>Danh hiệu thi đua: {number(year.titles)}"
                    f"<br>Hình thức khen thưởng: {number(year.honors)}<br>Cộng: {number(year.total)}",
                    self,
                )
                return
        QToolTip.hideText()
