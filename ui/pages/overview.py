"""Tổng quan: the figures of the whole database at a glance, read in the background."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.services.overview import DEADLINE_DAYS, YEARS_SHOWN, Overview
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
        self.status = QLabel("Đang đọc số liệu…")  # under the title: a failure to read is seen at once
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        cards = QHBoxLayout()
        cards.setSpacing(10)
        self.units_card = FigureCard("Đơn vị đang hoạt động")
        self.staff_card = FigureCard("Cán bộ đang công tác")
        self.campaigns_card = FigureCard("Phong trào thi đua đang diễn ra")
        self.nominations_card = FigureCard("Đề nghị khen thưởng đang chờ xử lý")
        self.salary_card = FigureCard("Mức lương cơ sở")
        for card in (
            self.units_card,
            self.staff_card,
            self.campaigns_card,
            self.nominations_card,
            self.salary_card,
        ):
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

        self.registrations_table = read_only_table(["Đăng ký thi đua năm nay", "Số đơn vị"], stretch=None)
        self.registrations_table.horizontalHeader().setStretchLastSection(False)
        nominations.addWidget(self.registrations_table, 0, Qt.AlignmentFlag.AlignTop)
        nominations.addStretch(1)

        self.campaigns_box = QGroupBox("Phong trào thi đua đang diễn ra")
        campaigns = QHBoxLayout(self.campaigns_box)
        self.campaigns_table = read_only_table(["Phong trào", "Đợt hiện tại", "Đến ngày", "Kết thúc"])
        campaigns.addWidget(self.campaigns_table, 3, Qt.AlignmentFlag.AlignTop)
        self.deadlines_table = read_only_table(["Sắp đến hạn", "Ngày", "Còn"])
        self.deadlines_table.horizontalHeaderItem(0).setToolTip(f"Trong {DEADLINE_DAYS} ngày tới")
        campaigns.addWidget(self.deadlines_table, 2, Qt.AlignmentFlag.AlignTop)
        self.no_campaigns = QLabel(
            f"Không có phong trào thi đua nào đang diễn ra, không có hạn nào trong {DEADLINE_DAYS} ngày tới."
        )
        self.no_campaigns.setObjectName("muted")
        self.no_campaigns.setWordWrap(True)
        campaigns.addWidget(self.no_campaigns)

        layout.addWidget(self.campaigns_box)
        lower = QHBoxLayout()
        lower.setSpacing(10)
        lower.addWidget(self.awards_box, 1)
        lower.addWidget(self.nominations_box, 0)
        layout.addLayout(lower, 1)

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
        self.campaigns_card.set(
            number(o.campaigns_running), tooltip=f"Trong tổng số {number(o.campaigns)} phong trào thi đua"
        )
        self.nominations_card.set(
            number(o.nominations_open), tooltip=f"Trong tổng số {number(o.nominations)} đề nghị"
        )
        if o.base_salary is None:
            self.salary_card.set("—", "Mức lương cơ sở: chưa có trong danh mục")
        else:
            self.salary_card.set(
                f"{number(o.base_salary)} đ",
                f"Mức lương cơ sở từ {date(o.base_salary_since)}",
                tooltip=money(o.base_salary),
            )

        years = list(o.awards_by_year)
        self.chart.set_years(years)
        self.awards_box.setTitle(
            f"Khen thưởng trong {YEARS_SHOWN} năm gần đây ({years[0].year}–{years[-1].year})"
        )
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

        self._show_campaigns(o)
        table = self.registrations_table
        regs = list(o.registrations_by_status)
        table.setRowCount(len(regs))
        for r, rc in enumerate(regs):
            table.setItem(r, 0, cell(rc.status.label, muted=not rc.count))
            table.setItem(r, 1, cell(number(rc.count), numeric=True, muted=not rc.count))
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

    def _show_campaigns(self, o: Overview) -> None:
        quiet = not o.campaigns_now and not o.deadlines
        self.no_campaigns.setVisible(quiet)
        self.campaigns_table.setVisible(not quiet)
        self.deadlines_table.setVisible(not quiet)
        table = self.campaigns_table
        table.setRowCount(max(len(o.campaigns_now), 1))
        if not o.campaigns_now:
            table.setItem(0, 0, cell("Không có phong trào nào đang diễn ra.", muted=True))
        for r, c in enumerate(o.campaigns_now):
            table.setItem(r, 0, cell(c.name))
            table.item(r, 0).setToolTip(c.name)
            table.setItem(r, 1, cell(c.phase or "—", muted=c.phase is None))
            table.setItem(r, 2, cell(date(c.phase_end)))
            table.setItem(r, 3, cell(date(c.end_date)))
        table = self.deadlines_table
        table.setRowCount(max(len(o.deadlines), 1))
        if not o.deadlines:
            table.setItem(0, 0, cell("Không có hạn nào sắp tới.", muted=True))
        for r, d in enumerate(o.deadlines):
            days = (d.day - o.today).days
            table.setItem(r, 0, cell(d.what))
            table.item(r, 0).setToolTip(d.what)
            table.setItem(r, 1, cell(date(d.day)))
            table.setItem(
                r, 2, cell("hôm nay" if days == 0 else f"{days} ngày", numeric=True, bold=days <= 7)
            )
        for t in (self.campaigns_table, self.deadlines_table):
            t.setFixedHeight(
                min(t.verticalHeader().length(), 6 * t.verticalHeader().defaultSectionSize())
                + t.horizontalHeader().height()
                + 4
            )
