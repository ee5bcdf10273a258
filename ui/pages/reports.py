"""Báo cáo & Xuất dữ liệu: the lists a clerk hands on. First section: "Ai đủ điều kiện?" for a year and a
title, across the province or a unit, with the reasons, out to Excel (ui/dialogs/eligibility_dialog.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.dialogs.eligibility_dialog import EligibilityPanel
from ui.pages.base import Page
from ui.widgets.record_view import text_label


class ReportsPage(Page):
    TITLE = "Báo cáo & Xuất dữ liệu"
    ICON = "reports"

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(8)
        row, sub = self.heading("Danh sách xét khen thưởng theo năm, danh hiệu và đơn vị, xuất ra Excel để gửi "
                                "cấp trên hoặc trình Hội đồng.")
        layout.addLayout(row)
        layout.addWidget(sub)
        layout.addWidget(text_label("Ai đủ điều kiện khen thưởng?", "sectionTitle"))
        self.eligibility = EligibilityPanel(workspace, parent=self)
        layout.addWidget(self.eligibility, 1)

    def activated(self) -> None:
        # The histories are read the first time the page is shown (a few seconds for a province), not at
        # start-up; "Làm mới" (F5) reads them again.
        self.eligibility.start()
