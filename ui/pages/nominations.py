"""Đề nghị & Xét duyệt: the area's page. Its screens come later; for now it says what it will hold."""

from __future__ import annotations

from app.services.overview import Overview
from ui.format import number
from ui.pages.base import AreaPage


class NominationsPage(AreaPage):
    TITLE = "Đề nghị & Xét duyệt"
    ICON = "nominations"
    DESCRIPTION = (
        "Khu vực này sẽ chứa hồ sơ đề nghị khen thưởng các đơn vị gửi về, việc kiểm tra điều kiện, họp và"
        " bỏ phiếu của Hội đồng Thi đua – Khen thưởng."
    )

    def facts(self, o: Overview) -> list[str]:
        if not o.nomination_batches and not o.nominations:
            return ["Chưa có hồ sơ đề nghị khen thưởng nào."]
        return [f"{number(o.nomination_batches)} hồ sơ đề nghị với {number(o.nominations)} lượt đề nghị",
                f"{number(o.nominations_open)} đề nghị đang chờ xử lý"]
