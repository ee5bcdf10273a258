"""Sáng kiến: the area's page. Its screens come later; for now it says what it will hold."""

from __future__ import annotations

from app.services.overview import Overview
from ui.format import number
from ui.pages.base import AreaPage


class InitiativesPage(AreaPage):
    TITLE = "Sáng kiến"
    ICON = "initiatives"
    DESCRIPTION = (
        "Khu vực này sẽ chứa các sáng kiến, đề tài khoa học đã được công nhận, tác giả và phạm vi ảnh "
        "hưởng, làm căn cứ xét danh hiệu Chiến sĩ thi đua."
    )

    def facts(self, o: Overview) -> list[str]:
        if not o.initiatives:
            return ["Chưa có sáng kiến, đề tài nào."]
        return [f"{number(o.initiatives)} sáng kiến, đề tài đã ghi nhận"]
