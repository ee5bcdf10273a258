"""Quyết định & Khen thưởng: the area's page. Its screens come later; for now it says what it will hold."""

from __future__ import annotations

from app.services.overview import Overview
from ui.format import number
from ui.pages.base import AreaPage


class DecisionsPage(AreaPage):
    TITLE = "Quyết định & Khen thưởng"
    ICON = "decisions"
    DESCRIPTION = (
        "Khu vực này sẽ chứa các quyết định khen thưởng của Sở và của cấp trên, cùng lịch sử khen thưởng "
        "của từng cá nhân, tập thể."
    )

    def facts(self, o: Overview) -> list[str]:
        lines = []
        if o.decisions:
            lines.append(f"{number(o.decisions)} quyết định khen thưởng, {number(o.decisions_issued)} đã ban hành")
        if o.awards:
            lines.append(f"{number(o.awards)} lượt khen thưởng đã ghi nhận, "
                         f"từ năm {o.awards_first_year} đến năm {o.awards_last_year}")
        return lines or ["Chưa có quyết định hay lượt khen thưởng nào."]
