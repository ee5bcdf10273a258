"""Đăng ký thi đua: the area's page. Its screens come later; for now it says what it will hold."""

from __future__ import annotations

from app.services.overview import Overview
from ui.format import number
from ui.pages.base import AreaPage


class RegistrationsPage(AreaPage):
    TITLE = "Đăng ký thi đua"
    ICON = "registrations"
    DESCRIPTION = (
        "Khu vực này sẽ chứa bản đăng ký thi đua hằng năm của các đơn vị: danh hiệu tập thể và cá nhân mà"
        " đơn vị đăng ký phấn đấu, và việc tiếp nhận, duyệt các bản đăng ký."
    )

    def facts(self, o: Overview) -> list[str]:
        if not o.registrations:
            return ["Chưa có bản đăng ký thi đua nào."]
        return [f"{number(o.registrations_this_year)} bản đăng ký thi đua năm {o.today.year}",
                f"{number(o.registrations)} bản đăng ký qua các năm"]
