"""Phong trào thi đua: the area's page. Its screens come later; for now it says what it will hold."""

from __future__ import annotations

from app.services.overview import Overview
from ui.format import date, number
from ui.pages.base import AreaPage


class CampaignsPage(AreaPage):
    TITLE = "Phong trào thi đua"
    ICON = "campaigns"
    DESCRIPTION = (
        "Khu vực này sẽ chứa các phong trào thi đua do Sở phát động hoặc triển khai, với các đợt, nội "
        "dung và chỉ tiêu thi đua."
    )

    def facts(self, o: Overview) -> list[str]:
        if not o.campaigns:
            return ["Chưa có phong trào thi đua nào."]
        return [f"{number(o.campaigns)} phong trào thi đua",
                f"{number(o.campaigns_running)} phong trào đang diễn ra hôm nay ({date(o.today)})"]
