"""Đơn vị › Nhập danh sách đơn vị từ Excel…: choose the file, read what will be added, skipped or refused, Nhập.

The check is the import's own plan (app.services.unit_import), so what the clerk reads is what "Nhập" does;
a file with a refused row lists it by its Excel row and cannot be imported. Everything is written at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from app.services.unit_import import (
    ACTIONS,
    UnitImportPlan,
    UnitImportRefused,
    check_unit_file,
    import_unit_file,
)
from ui.dialogs.file_check import FileCheckDialog
from ui.dialogs.history_import import EXCEL_FILTER
from ui.format import number
from ui.models.text_rows import TextRowsModel
from ui.widgets.data_view import data_view
from ui.workspace import Area, Workspace

PLAN_HEADERS = ("Dòng", "Kết quả", "Tên đơn vị", "Loại", "Trực thuộc", "Ghi chú")
ERROR_HEADERS = ("Dòng", "Kết quả", "Lỗi")
INTRO = (
    "Tệp Excel (.xlsx, .xls) có dòng tiêu đề với các cột: <b>Tên đơn vị</b> (bắt buộc), Mã đơn vị, "
    "Loại (bệnh viện, trung tâm y tế, trạm y tế, khoa, phòng…), <b>Trực thuộc</b> (tên hoặc mã đơn vị "
    "cấp trên; để trống: trực thuộc Sở), Địa chỉ, Điện thoại. Đơn vị đã có (cùng mã, hoặc cùng tên "
    "và cùng đơn vị cấp trên) được bỏ qua. Chương trình kiểm tra cả tệp trước; chỉ khi không còn lỗi "
    "mới nhập, và nhập tất cả một lần."
)


class UnitImportDialog(FileCheckDialog):
    FILE_CAPTION = "Chọn tệp danh sách đơn vị"
    FILE_FILTER = EXCEL_FILTER.replace("*.xlsx", "*.xlsx *.xls")

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, "Nhập danh sách đơn vị từ Excel", INTRO, parent)
        self.plan: UnitImportPlan | None = None
        self.result_value: UnitImportPlan | None = None
        self.resize(900, 560)
        self.details_model = TextRowsModel(list(PLAN_HEADERS))
        self.details = data_view(
            self.details_model, "unitImportPlan", widths={0: "Dòng 999", 1: "Đã có (bỏ qua)"}, stretch=2
        )
        self.import_button = self.add_button("Nhập", self.run_import, QDialogButtonBox.ButtonRole.AcceptRole)
        self.lay_out(self.verdict, (self.details, 1))

    def use_file(self, path: Path) -> None:
        """Read and plan the whole file in the background, writing nothing."""
        super().use_file(path)
        self.plan = None
        self.import_button.setEnabled(False)
        self.verdict.setText("Đang kiểm tra tệp…")
        self.details_model.set_rows([])
        self.query(
            "Đang kiểm tra danh sách đơn vị…", check_unit_file, self.workspace.ctx, path, done=self.show_plan
        )

    def show_plan(self, plan: UnitImportPlan) -> None:
        self.plan = plan
        if plan.errors:
            self.verdict.setText(
                f"<b>Tệp có {number(len(plan.errors))} dòng lỗi; chưa nhập được.</b> Hãy sửa các dòng dưới "
                "đây trong Excel, lưu lại rồi chọn lại tệp."
            )
            rows = [(str(e.row or ""), "Lỗi", e.message) for e in plan.errors]
            self._fill(ERROR_HEADERS, rows)
        else:
            self.verdict.setText(f"<b>Sẽ nhập:</b> {plan.summary()}.")
            rows = [
                (str(u.row), ACTIONS[u.action], u.name, u.kind.label, u.parent, u.note) for u in plan.units
            ]
            self._fill(PLAN_HEADERS, rows)
        self.import_button.setEnabled(not plan.errors and bool(plan.added))

    def _fill(self, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        self.details_model.headers = headers
        self.details_model.set_rows(rows)
        for column in range(len(headers) - 1):
            self.details.resizeColumnToContents(column)

    def run_import(self) -> None:
        if self.path is None or self.plan is None or self.plan.errors:
            return
        self.import_button.setEnabled(False)
        self.write(
            "Đang nhập danh sách đơn vị…",
            import_unit_file,
            self.path,
            areas={Area.UNITS},
            done=self._imported,
        )

    def _imported(self, plan: UnitImportPlan) -> None:
        self.result_value = plan
        self.done_and_close("Đã nhập danh sách đơn vị", f"Đã nhập: {plan.summary()}.")

    def failed(self, exc: BaseException) -> None:
        if isinstance(exc, UnitImportRefused):  # the database changed between the check and the import
            self.show_plan(exc.plan)
            return
        super().failed(exc)
