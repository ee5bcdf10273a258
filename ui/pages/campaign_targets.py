"""The targets tab's own tools on the campaign page: a unit's own values for a target, and the report of
targets against results out to Excel or PDF (app.exchange.target_report), written off the GUI thread and
opened once written."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QToolBar

from app.exchange.target_report import export_target_report
from app.services.targets import set_unit_value
from ui.permissions import allow
from ui.widgets.actions import open_tracked, page_action
from ui.widgets.pdf_output import PdfJob, safe_file_name, save_pdf_and_open
from ui.widgets.xlsx_export import XlsxExporter, export_list


class TargetTools(QToolBar):
    """ "Mục tiêu riêng của đơn vị…" and the targets report ("Xuất báo cáo Excel…", "… PDF…") for the page's campaign."""

    def __init__(self, page):
        super().__init__(page)
        self.page = page
        self.setObjectName("targetTools")
        self.unit_value_action = page_action(
            page,
            self,
            "Mục tiêu riêng của đơn vị…",
            "Đặt cho một đơn vị mục tiêu riêng thay cho mục tiêu chung của phong trào",
            self.open_unit_value,
            once=True,
        )
        self.addSeparator()
        self.xlsx_action = page_action(
            page,
            self,
            "Xuất báo cáo Excel…",
            "Xuất báo cáo chỉ tiêu: kết quả thực hiện theo đơn vị, từng năm, theo mẫu bảng biểu (Excel)",
            self.export_xlsx,
        )
        self.pdf_action = page_action(
            page,
            self,
            "Xuất báo cáo PDF…",
            "Xuất báo cáo chỉ tiêu: kết quả thực hiện theo đơn vị, từng năm, khổ A4 ngang (PDF)",
            self.export_pdf,
        )
        self.exporter = XlsxExporter(page, self.xlsx_action, page.say, "chỉ tiêu", open_after=True)
        self.pdf_job: PdfJob | None = None
        allow(page.workspace, set_unit_value, self.unit_value_action)

    def update_actions(self) -> None:
        detail = self.page.detail
        has = detail is not None and bool(detail.targets)
        numeric = has and any(not t.judged_by_hand for t in detail.targets)
        self.unit_value_action.setEnabled(numeric)  # a role that may not write keeps it greyed (allow)
        self.xlsx_action.setEnabled(has and not self.exporter.running)
        self.pdf_action.setEnabled(has)

    def _name(self) -> str:
        return safe_file_name(f"Chỉ tiêu {self.page.detail.name}")[:120]

    def export_xlsx(self):
        detail = self.page.detail
        if detail is None:
            return None
        ctx, count = self.page.workspace.ctx, len(detail.targets)

        def write(path) -> int:
            export_target_report(ctx, detail.id, path)
            return count

        return export_list(self.exporter, "Xuất báo cáo chỉ tiêu ra Excel", self._name(), count, write)

    def export_pdf(self) -> PdfJob | None:
        detail = self.page.detail
        if detail is None:
            return None
        ctx = self.page.workspace.ctx
        self.pdf_job = save_pdf_and_open(
            self.page,
            self._name(),
            lambda path: export_target_report(ctx, detail.id, path),
            "Xuất báo cáo chỉ tiêu ra PDF",
        )
        if self.pdf_job is not None:
            self.pdf_job.done.connect(lambda path: self.page.say(f"Đã xuất báo cáo chỉ tiêu ra {path.name}."))
        return self.pdf_job

    def open_unit_value(self) -> QDialog | None:
        from ui.dialogs.target_forms import UnitValueDialog

        page = self.page
        if page.detail is None:
            return None
        target = page.current_target()
        dialog = UnitValueDialog(
            page.workspace,
            page.detail,
            page.view_data.units if page.view_data else [],
            target.id if target else None,
            None,
            page,
        )
        return open_tracked(page, dialog, lambda _dialog: page.say("Đã lưu mục tiêu riêng của đơn vị."))
