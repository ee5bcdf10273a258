"""Báo cáo & Xuất dữ liệu: the lists and figures a clerk hands on, one tab each.

"Ai đủ điều kiện?": for a year and a title, across the province or a unit, with the reasons, out to Excel
(ui/dialogs/eligibility_dialog.py). "Thống kê": counts and bonus money by year, unit, title or form, sex and
level, with charts, out to Excel, and the yearly report by the indicators of TT 02/2023/TT-BNV
(ui/widgets/stat_panel.py). Each tab reads the database the first time it is shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.dialogs.eligibility_dialog import EligibilityPanel
from ui.pages.base import Page
from ui.widgets.stat_panel import StatisticsPanel


class ReportsPage(Page):
    TITLE = "Báo cáo & Xuất dữ liệu"
    ICON = "reports"

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(8)
        row, sub = self.heading(
            "Danh sách xét khen thưởng và số liệu thống kê thi đua, khen thưởng, xuất ra Excel "
            "để gửi cấp trên hoặc trình Hội đồng."
        )
        layout.addLayout(row)
        layout.addWidget(sub)
        self.sections = QTabWidget()
        self.sections.setObjectName("reportSections")
        self.eligibility = EligibilityPanel(workspace, parent=self)
        self.statistics = StatisticsPanel(workspace, parent=self)
        self.sections.addTab(self.eligibility, "Ai đủ điều kiện khen thưởng?")
        self.sections.addTab(self.statistics, "Thống kê khen thưởng")
        self.sections.currentChanged.connect(lambda _i: self.activated())
        layout.addWidget(self.sections, 1)

    def working_year_changed(self, year: int) -> None:
        self.eligibility._year_given = True  # the clerk's year stays, even before anyone is rated in it
        self.eligibility.year_box.setValue(year)  # judges again if the histories are read

    def activated(self) -> None:
        # Each section reads the first time it is shown (the histories take a few seconds for a province),
        # not at start-up; "Làm mới" (F5) in the eligibility section reads them again.
        if self.sections.currentWidget() is self.statistics:
            self.statistics.start()
        else:
            self.eligibility.start()
