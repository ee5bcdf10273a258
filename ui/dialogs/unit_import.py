"""Đơn vị › Nhập danh sách đơn vị từ Excel…: choose the file, read what will be added, skipped or refused, Nhập.

The check is the import's own plan (app.services.unit_import), so what the clerk reads is what "Nhập" does;
a file with a refused row lists it by its Excel row and cannot be imported. Everything is written at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.unit_import import (
    ACTIONS,
    UnitImportPlan,
    UnitImportRefused,
    check_unit_file,
    import_unit_file,
)
from ui import file_dialogs
from ui.dialogs.history_import import EXCEL_FILTER
from ui.format import number
from ui.models.text_rows import TextRowsModel
from ui.operations import Operation, QueryOp, WriteOp, error_text
from ui.widgets.data_view import data_view
from ui.workspace import Area, Workspace

PLAN_HEADERS = ("Dòng", "Kết quả", "Tên đơn vị", "Loại", "Trực thuộc", "Ghi chú")
ERROR_HEADERS = ("Dòng", "Kết quả", "Lỗi")


class UnitImportDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.path: Path | None = None
        self.plan: UnitImportPlan | None = None
        self.task: Operation | None = None
        self.result_value: UnitImportPlan | None = None
        self.setWindowTitle("Nhập danh sách đơn vị từ Excel")
        self.resize(900, 560)

        intro = QLabel(
            "Tệp Excel (.xlsx, .xls) có dòng tiêu đề với các cột: <b>Tên đơn vị</b> (bắt buộc), Mã đơn vị, "
            "Loại (bệnh viện, trung tâm y tế, trạm y tế, khoa, phòng…), <b>Trực thuộc</b> (tên hoặc mã đơn vị "
            "cấp trên; để trống: trực thuộc Sở), Địa chỉ, Điện thoại. Đơn vị đã có (cùng mã, hoặc cùng tên "
            "và cùng đơn vị cấp trên) được bỏ qua. Chương trình kiểm tra cả tệp trước; chỉ khi không còn lỗi "
            "mới nhập, và nhập tất cả một lần."
        )
        intro.setWordWrap(True)
        self.file_label = QLabel("Chưa chọn tệp.")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("Chọn tệp…")
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)

        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.details_model = TextRowsModel(list(PLAN_HEADERS))
        self.details = data_view(
            self.details_model, "unitImportPlan", widths={0: "Dòng 999", 1: "Đã có (bỏ qua)"}, stretch=2
        )

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton("Nhập", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        chosen, _ = file_dialogs.open_file_name(
            self,
            "Chọn tệp danh sách đơn vị",
            str(Path.home()),
            EXCEL_FILTER.replace("*.xlsx", "*.xlsx *.xls"),
        )
        if chosen:
            self.check(Path(chosen))

    def check(self, path: Path) -> None:
        """Read and plan the whole file in the background, writing nothing."""
        self.path, self.plan = path, None
        self.file_label.setText(str(path))
        self.import_button.setEnabled(False)
        self.verdict.setText("Đang kiểm tra tệp…")
        self.details_model.set_rows([])
        self._start(
            QueryOp(self, "Đang kiểm tra danh sách đơn vị…", check_unit_file, self.workspace.ctx, path),
            self.show_plan,
        )

    def _start(self, operation: Operation, on_done) -> None:
        self.task = operation
        operation.success(on_done).failure(self._failed).run()

    def show_plan(self, plan: UnitImportPlan) -> None:
        self.task, self.plan = None, plan
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
        operation = WriteOp(
            self.workspace,
            self,
            "Đang nhập danh sách đơn vị…",
            import_unit_file,
            self.path,
            areas={Area.UNITS},
        )
        self._start(operation, self._imported)

    def _imported(self, plan: UnitImportPlan) -> None:
        self.task, self.result_value = None, plan
        QMessageBox.information(self, "Đã nhập danh sách đơn vị", f"Đã nhập: {plan.summary()}.")
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.task = None
        if isinstance(exc, UnitImportRefused):  # the database changed between the check and the import
            self.show_plan(exc.plan)
            return
        message = error_text(exc, "Không nhập được tệp")
        self.verdict.setText(f"<b>{message}</b>")
        if isinstance(exc, UserError):
            message += "\n\nDữ liệu không thay đổi."
        QMessageBox.warning(self, "Không nhập được", message)
