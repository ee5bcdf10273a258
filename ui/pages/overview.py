"""Tổng quan: the figures of the whole database at a glance, read in the background."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.services.overview import YEARS_SHOWN, Overview
from ui.format import date, money, number, weekday_date
from ui.pages.base import Page
from ui.widgets.bar_chart import AwardsChart
from ui.widgets.figure_card import FigureCard
from ui.widgets.tables import cell, fit_contents, read_only_table


class OverviewPage(Page):
    TITLE = "Tổng quan"
    ICON = "overview"

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        layout = self.scrolling_body()
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)

        row, self.subtitle = self.heading()
        self.refresh_button = QPushButton("Làm mới")
        self.refresh_button.setToolTip("Đếm lại số liệu từ cơ sở dữ liệu (F5)")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.workspace.refresh_overview)
        row.addWidget(self.refresh_button)
        layout.addLayout(row)
        layout.addWidget(self.subtitle)

        cards = QHBoxLayout()
        cards.setSpacing(10)
        self.units_card = FigureCard("Đơn vị đang hoạt động")
        self.staff_card = FigureCard("Cán bộ đang công tác")
        self.campaigns_card = FigureCard("Phong trào thi đua đang diễn ra")
        self.nominations_card = FigureCard("Đề nghị khen thưởng đang chờ xử lý")
        self.salary_card = FigureCard("Mức lương cơ sở")
        for card in (self.units_card, self.staff_card, self.campaigns_card, self.nominations_card,
                     self.salary_card):
            cards.addWidget(card)
        layout.addLayout(cards)

        self.awards_box = QGroupBox(f"Khen thưởng trong {YEARS_SHOWN} năm gần đây")
        awards = QHBoxLayout(self.awards_box)
        self.chart = AwardsChart()
        awards.addWidget(self.chart, 1)
        self.awards_table = read_only_table(["Năm", "Danh hiệu", "Hình thức", "Cộng"], stretch=None)
        self.awards_table.horizontalHeader().setStretchLastSection(False)
        self.awards_table.horizontalHeaderItem(1).setToolTip("Danh hiệu thi đua")
        self.awards_table.horizontalHeaderItem(2).setToolTip("Hình thức khen thưởng")
        awards.addWidget(self.awards_table, 0, Qt.AlignmentFlag.AlignTop)

        self.nominations_box = QGroupBox("Đề nghị theo trạng thái")
        nominations = QVBoxLayout(self.nominations_box)
        self.nominations_table = read_only_table(["Trạng thái", "Số đề nghị"], stretch=None)
        self.nominations_table.horizontalHeader().setStretchLastSection(False)
        nominations.addWidget(self.nominations_table, 0, Qt.AlignmentFlag.AlignTop)

        lower = QHBoxLayout()
        lower.setSpacing(10)
        lower.addWidget(self.awards_box, 1)
        lower.addWidget(self.nominations_box, 0)
        layout.addLayout(lower, 1)

        self.status = QLabel("Đang đọc số liệu…")
        self.status.setObjectName("muted")
        layout.addWidget(self.status)

        workspace.overview_changed.connect(self.show_overview)
        workspace.overview_failed.connect(self._failed)
        workspace.agency_changed.connect(lambda _agency: self._update_subtitle())
        self._update_subtitle()
        if workspace.overview is not None:
            self.show_overview(workspace.overview)

    def activated(self) -> None:
        self.workspace.refresh_overview()

    def _update_subtitle(self) -> None:
        agency = self.workspace.agency
        parts = [f"{agency.name} – {agency.parent_name}"] if agency else []
        overview = self.workspace.overview
        if overview is not None:
            parts.append(f"số liệu ngày {weekday_date(overview.today).lower()}")
        self.subtitle.setText(", ".join(parts))

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.status.show()

    def show_overview(self, o: Overview) -> None:
        self.units_card.set(number(o.units_active))
        self.staff_card.set(number(o.staff_working))
        self.campaigns_card.set(number(o.campaigns_running),
                                tooltip=f"Trong tổng số {number(o.campaigns)} phong trào thi đua")
        self.nominations_card.set(number(o.nominations_open),
                                  tooltip=f"Trong tổng số {number(o.nominations)} đề nghị")
        if o.base_salary is None:
            self.salary_card.set("—", "Mức lương cơ sở: chưa có trong danh mục")
        else:
            self.salary_card.set(f"{number(o.base_salary)} đ", f"Mức lương cơ sở từ {date(o.base_salary_since)}",
                                 tooltip=money(o.base_salary))

        years = list(o.awards_by_year)
        self.chart.set_years(years)
        self.awards_box.setTitle(f"Khen thưởng trong {YEARS_SHOWN} năm gần đây "
                                 f"({years[0].year}–{years[-1].year})")
        table = self.awards_table
        table.setRowCount(len(years) + 1)
        for r, y in enumerate(reversed(years)):
            empty = y.total == 0
            table.setItem(r, 0, cell(str(y.year), muted=empty))
            table.setItem(r, 1, cell(number(y.titles), numeric=True, muted=not y.titles))
            table.setItem(r, 2, cell(number(y.honors), numeric=True, muted=not y.honors))
            table.setItem(r, 3, cell(number(y.total), numeric=True, bold=not empty, muted=empty))
        last = len(years)
        table.setItem(last, 0, cell("Cộng", bold=True))
        table.setItem(last, 1, cell(number(sum(y.titles for y in years)), numeric=True, bold=True))
        table.setItem(last, 2, cell(number(sum(y.honors for y in years)), numeric=True, bold=True))
        table.setItem(last, 3, cell(number(o.awards_shown), numeric=True, bold=True))
        fit_contents(table)

        table = self.nominations_table
        rows = list(o.nominations_by_status)
        table.setRowCount(len(rows) + 1)
        for r, sc in enumerate(rows):
            table.setItem(r, 0, cell(sc.status.label, muted=not sc.count))
            table.setItem(r, 1, cell(number(sc.count), numeric=True, muted=not sc.count))
        table.setItem(len(rows), 0, cell("Cộng", bold=True))
        table.setItem(len(rows), 1, cell(number(o.nominations), numeric=True, bold=True))
        fit_contents(table)

        self._update_subtitle()
        self.status.hide()
