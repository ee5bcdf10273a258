"""Đơn vị: the area's page. Its screens come later; for now it says what it will hold."""

from __future__ import annotations

from app.services.overview import Overview
from ui.format import number
from ui.pages.base import AreaPage


class UnitsPage(AreaPage):
    TITLE = "Đơn vị"
    ICON = "units"
    DESCRIPTION = (
        "Khu vực này sẽ chứa danh sách các đơn vị trực thuộc Sở (bệnh viện, trung tâm y tế, chi cục, các "
        "phòng thuộc Sở…), cây tổ chức và lịch sử đổi tên, sáp nhập, chia tách của từng đơn vị."
    )

    def facts(self, o: Overview) -> list[str]:
        lines = [f"{number(o.units_active)} đơn vị đang hoạt động" if o.units_active
                 else "Chưa có đơn vị nào đang hoạt động."]
        if o.units_ended:
            lines.append(f"{number(o.units_ended)} đơn vị đã sáp nhập, chia tách hoặc giải thể "
                         "(giữ lại để tra cứu lịch sử)")
        return lines
