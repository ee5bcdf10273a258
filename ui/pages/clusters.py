"""Cụm/Khối thi đua: the area's page. Its screens come later; for now it says what it will hold."""

from __future__ import annotations

from app.services.overview import Overview
from ui.format import number
from ui.pages.base import AreaPage


class ClustersPage(AreaPage):
    TITLE = "Cụm/Khối thi đua"
    ICON = "clusters"
    DESCRIPTION = (
        "Khu vực này sẽ chứa các cụm, khối thi đua theo từng năm: đơn vị thành viên, cụm trưởng, giao ước"
        " thi đua và bảng chấm điểm cuối năm."
    )

    def facts(self, o: Overview) -> list[str]:
        if not o.clusters:
            return ["Chưa có cụm, khối thi đua nào."]
        return [f"{number(o.clusters_this_year)} cụm, khối thi đua năm {o.today.year}",
                f"{number(o.clusters)} cụm, khối thi đua qua các năm"]
