"""The statistics page's charts (Qt Charts): awards by year as stacked bars (titles below, forms above), the
15 most awarded units as horizontal bars, and pies by sex and by level. Each chart lives in one QChartView
that is filled again whenever new figures arrive."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from app.services.statistics import Share, Statistics
from app.text.numbers import decimal_text
from ui.format import number
from ui.widgets.bar_chart import HONOR_COLOUR, TITLE_COLOUR, nice_step

TOP_UNITS = 15
PIE_COLOURS = ("#2b5c8a", "#e3a21a", "#3f9a6b", "#b5473a", "#7a5ea8", "#7d8894")
NAME_LIMIT = 34  # longer unit names are shortened on the axis (the full name is in the table)


def chart_view(name: str, accessible: str) -> QChartView:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(320, 240)
    return view


def _reset(view: QChartView, title: str) -> QChart:
    chart = view.chart()
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    return chart


def _count_axis(top: int) -> QValueAxis:
    axis = QValueAxis()
    step = nice_step(top)
    axis.setRange(0, max(step, -(-top // step) * step))
    axis.setTickCount(max(2, min(11, -(-top // step) + 1)))
    axis.setLabelFormat("%d")
    return axis


def _bar_set(label: str, colour: QColor, values: Sequence[int]) -> QBarSet:
    bars = QBarSet(label)
    bars.setColor(colour)
    bars.setBorderColor(colour)
    bars.append([float(v) for v in values])
    return bars


def _stacked(
    view: QChartView,
    title: str,
    series,
    categories: Sequence[str],
    titles: Sequence[int],
    honors: Sequence[int],
    horizontal: bool,
) -> None:
    chart = _reset(view, title)
    series.append(_bar_set("Danh hiệu thi đua", TITLE_COLOUR, titles))
    series.append(_bar_set("Hình thức khen thưởng", HONOR_COLOUR, honors))
    series.setBarWidth(0.7)
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append(list(categories))
    counts = _count_axis(max((t + h for t, h in zip(titles, honors, strict=True)), default=0))
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(counts)


def show_years(view: QChartView, stats: Statistics) -> None:
    years = stats.years
    _stacked(
        view,
        "Số lượt khen thưởng theo năm",
        QStackedBarSeries(),
        [str(y.year) for y in years],
        [y.titles for y in years],
        [y.honors for y in years],
        horizontal=False,
    )


# The usual abbreviations of the sector, so that names stay apart on a narrow axis.
ABBREVIATIONS = (
    ("Trung tâm Y tế khu vực", "TTYT KV"),
    ("Trung tâm Y tế", "TTYT"),
    ("Bệnh viện Đa khoa", "BVĐK"),
    ("Bệnh viện", "BV"),
    ("Trung tâm", "TT"),
    ("khu vực", "KV"),
)


def _short(name: str) -> str:
    for long, short in ABBREVIATIONS:
        name = name.replace(long, short)
    return name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1].rstrip() + "…"


def show_units(view: QChartView, stats: Statistics) -> None:
    top = stats.units[:TOP_UNITS][::-1]  # a horizontal chart draws its first bar at the bottom
    _stacked(
        view,
        f"{len(top)} đơn vị có nhiều lượt khen thưởng nhất",
        QHorizontalStackedBarSeries(),
        [_short(u.name) for u in top],
        [u.titles for u in top],
        [u.honors for u in top],
        horizontal=True,
    )


def show_pie(view: QChartView, title: str, shares: Sequence[Share]) -> None:
    chart = _reset(view, title)
    pie = QPieSeries()
    total = sum(s.count for s in shares)
    for n, share in enumerate(s for s in shares if s.count):
        percent = decimal_text(100 * share.count / total, 1)
        part = pie.append(f"{share.label}: {number(share.count)} ({percent}%)", share.count)
        part.setColor(QColor(PIE_COLOURS[n % len(PIE_COLOURS)]))
    pie.setPieSize(0.7)
    chart.addSeries(pie)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)


def series_count(view: QChartView) -> int:
    return len(view.chart().series())
