"""Báo cáo & Xuất dữ liệu: the area's page. Its screens come later; for now it says what it will hold."""

from __future__ import annotations

from app.services.overview import Overview
from ui.format import number
from ui.pages.base import AreaPage


class ReportsPage(AreaPage):
    TITLE = "Báo cáo & Xuất dữ liệu"
    ICON = "reports"
    DESCRIPTION = (
        "Khu vực này sẽ chứa các báo cáo thống kê thi đua, khen thưởng và các bản xuất dữ liệu (Excel, "
        "PDF, gói dữ liệu) để gửi cấp trên qua USB."
    )

    def facts(self, o: Overview) -> list[str]:
        if not o.awards:
            return [f"Chưa có lượt khen thưởng nào để báo cáo; đang có {number(o.units_active)} đơn vị "
                    f"và {number(o.staff_working)} cán bộ."]
        return [f"{number(o.awards)} lượt khen thưởng từ năm {o.awards_first_year} đến năm "
                f"{o.awards_last_year}, của {number(o.units_active)} đơn vị và {number(o.staff_working)} cán bộ"]
