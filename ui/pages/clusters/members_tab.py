"""Thành viên: the chosen cluster's members (units of the Sở, outside organisations, the Sở itself) in
their order, their roles, whether a unit of the Sở has registered, and what the suy tôn proposed."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.clusters import ClusterDetail
from ui.format import number
from ui.models.text_rows import TextRowsModel
from ui.pages.clusters.parts import tab_layout
from ui.widgets.data_view import data_view
from ui.widgets.record_view import text_label


class MembersTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = tab_layout(self)
        self.title = text_label("", "sectionTitle", wrap=True, selectable=True)
        layout.addWidget(self.title)
        self.model = TextRowsModel(["Thành viên", "Loại", "Vai trò", "Suy tôn đề nghị"])
        self.view = data_view(
            self.model,
            "clusterMembers",
            widths={1: "Cơ quan ngoài ngành", 2: "Cụm/Khối trưởng", 3: "Bằng khen của Chủ tịch UBND tỉnh"},
            stretch=0,
        )
        layout.addWidget(self.view, 1)

    def show_detail(self, detail: ClusterDetail | None) -> None:
        if detail is None:
            self.title.setText("")
            self.model.set_rows([])
            return
        leader = next((m.name for m in detail.members if m.role.value == "LEADER"), None)
        self.title.setText(
            f"{detail.title} – năm {detail.year} – {number(len(detail.members))} thành viên"
            + (f"; {detail.kind.label.split()[0].lower()} trưởng: {leader}" if leader else "")
            + (
                f"; {number(len(detail.unregistered))} đơn vị chưa đăng ký thi đua"
                if detail.unregistered
                else ""
            )
        )

        def note(m) -> str:
            if not m.active:
                return " (không còn hoạt động)"
            return " (chưa đăng ký thi đua)" if m.id in detail.unregistered else ""

        self.model.set_rows(
            [(m.name + note(m), m.kind.label, m.role.label, m.proposed_name or "") for m in detail.members]
        )
