"""A campaign's time line, painted: the period as an axis with month (or year) ticks, each phase as a bar
on its own row, deadlines as diamonds, and today as a red line.

    timeline.set_timeline(start, end, [Bar("Đợt 1", d1, d2)], [Mark("Tổng kết", d3)], today=dt.date.today())
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOURS = ("#2f6fb3", "#2e8b57", "#b5651d", "#7b4fa0", "#1f8a8a", "#a23b5a")
TODAY_COLOUR = "#c62828"
ROW, AXIS, MARGIN = 30, 34, 14


@dataclass(frozen=True)
class Bar:
    label: str
    start: dt.date
    end: dt.date
    tooltip: str = ""


@dataclass(frozen=True)
class Mark:
    label: str
    day: dt.date


class Timeline(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("campaignTimeline")
        self.start: dt.date | None = None
        self.end: dt.date | None = None
        self.bars: tuple[Bar, ...] = ()
        self.marks: tuple[Mark, ...] = ()
        self.today = dt.date.today()
        self.empty_text = "Phong trào chưa có thời gian bắt đầu và kết thúc."
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_timeline(
        self,
        start: dt.date | None,
        end: dt.date | None,
        bars: Sequence[Bar] = (),
        marks: Sequence[Mark] = (),
        today: dt.date | None = None,
    ) -> None:
        """The axis runs over the period, stretched to hold every bar and mark (and today, when near)."""
        days = [d for d in (start, end) if d] + [b.start for b in bars] + [b.end for b in bars]
        days += [m.day for m in marks]
        self.today = today or dt.date.today()
        self.bars, self.marks = tuple(bars), tuple(marks)
        self.start, self.end = (min(days), max(days)) if days else (None, None)
        if self.start == self.end and self.start is not None:
            self.end = self.start + dt.timedelta(days=1)
        self.updateGeometry()
        self.update()

    # --- geometry ----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(520, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(240, AXIS + MARGIN * 2 + ROW * max(1, len(self.bars)) + (ROW if self.marks else 0))

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        return max([metrics.horizontalAdvance(b.label) for b in self.bars] + [60]) + 16

    def x_of(self, day: dt.date) -> float:
        """Where a day falls on the axis (pixels)."""
        left = MARGIN + self._label_width()
        width = max(self.width() - left - MARGIN, 1)
        span = max((self.end - self.start).days, 1)
        return left + width * (day - self.start).days / span

    def bar_rect(self, n: int) -> QRectF:
        bar = self.bars[n]
        x0, x1 = (
            self.x_of(bar.start),
            self.x_of(bar.end + dt.timedelta(days=1) if bar.end < self.end else bar.end),
        )
        return QRectF(x0, MARGIN + AXIS + n * ROW + 5, max(x1 - x0, 3), ROW - 10)

    def _ticks(self) -> list[tuple[dt.date, str]]:
        """The first of each month (or of each year over a long period), labelled."""
        years = self.end.year - self.start.year
        if years >= 2:
            return [
                (dt.date(y, 1, 1), str(y))
                for y in range(self.start.year + (self.start.month > 1), self.end.year + 1)
            ]
        step = 1 if years == 0 else 3
        out, day = [], dt.date(self.start.year, self.start.month, 1)
        while day <= self.end:
            if day >= self.start and (day.month - 1) % step == 0:
                out.append(
                    (day, f"{day.month:02d}/{day.year}" if day.month == 1 or not out else f"T{day.month}")
                )
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return out

    # --- painting ----------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text, faint = palette.windowText().color(), palette.mid().color()
        if self.start is None:
            p.setPen(text)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        metrics = QFontMetrics(self.font())
        top, bottom = MARGIN + AXIS - 6, self.height() - MARGIN
        left, right = self.x_of(self.start), self.x_of(self.end)
        p.setPen(QPen(text, 1))
        p.drawLine(QPointF(left, top), QPointF(right, top))
        for day, label in self._ticks():
            x = self.x_of(day)
            p.setPen(QPen(faint, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(x, top), QPointF(x, bottom))
            p.setPen(text)
            p.drawText(QPointF(x - metrics.horizontalAdvance(label) / 2, top - 8), label)
        for n, bar in enumerate(self.bars):
            rect = self.bar_rect(n)
            colour = QColor(BAR_COLOURS[n % len(BAR_COLOURS)])
            if bar.end < self.today:
                colour = colour.lighter(150)  # a phase that is over fades
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRoundedRect(rect, 4, 4)
            p.setPen(text)
            p.drawText(
                QRectF(MARGIN, rect.top(), self._label_width() - 8, rect.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                bar.label,
            )
            dates = f"{bar.start:%d/%m} – {bar.end:%d/%m/%Y}"
            if metrics.horizontalAdvance(dates) + 8 < rect.width():
                p.setPen(QColor("white"))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, dates)
        marks_y = MARGIN + AXIS + len(self.bars) * ROW + ROW / 2
        for mark in self.marks:
            x = self.x_of(mark.day)
            p.setPen(QPen(text, 1))
            p.setBrush(QColor("#f2b705"))
            p.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x, marks_y - 6),
                        QPointF(x + 6, marks_y),
                        QPointF(x, marks_y + 6),
                        QPointF(x - 6, marks_y),
                    ]
                )
            )
            label = f"{mark.label} {mark.day:%d/%m/%Y}"
            width = metrics.horizontalAdvance(label)
            lx = min(max(x - width / 2, MARGIN), self.width() - MARGIN - width)
            p.drawText(QPointF(lx, marks_y + 6 + metrics.ascent() + 2), label)
        if self.start <= self.today <= self.end:
            x = self.x_of(self.today)
            p.setPen(QPen(QColor(TODAY_COLOUR), 2))
            p.drawLine(QPointF(x, top - 4), QPointF(x, bottom))
            p.drawText(QPointF(x + 4, bottom - 2), "Hôm nay")

    def mouseMoveEvent(self, event) -> None:
        for n, bar in enumerate(self.bars):
            if self.bar_rect(n).contains(event.position()):
                self.setToolTip(bar.tooltip or f"{bar.label}: {bar.start:%d/%m/%Y} – {bar.end:%d/%m/%Y}")
                return
        self.setToolTip("")
