"""Văn bản: the area's page. Its screens come later; for now it says what it will hold."""

from __future__ import annotations

from app.services.overview import Overview
from ui.format import number
from ui.pages.base import AreaPage


class DocumentsPage(AreaPage):
    TITLE = "Văn bản"
    ICON = "documents"
    DESCRIPTION = (
        "Khu vực này sẽ chứa sổ văn bản đi: công văn, kế hoạch, quyết định, tờ trình soạn đúng thể thức "
        "Nghị định 30/2020/NĐ-CP, cùng bản đã ký."
    )

    def facts(self, o: Overview) -> list[str]:
        if not o.documents_registered and not o.documents_draft:
            return ["Chưa có văn bản nào."]
        return [f"{number(o.documents_registered)} văn bản đã vào sổ",
                f"{number(o.documents_draft)} dự thảo chưa lấy số"]
