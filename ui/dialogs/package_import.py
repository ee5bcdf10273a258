"""Tệp › Nhập gói dữ liệu…: a package checked in full (what will be added, filled in, in conflict), then
merged in one go.

The check is the import itself run as a dry run, so the plan the clerk reads is exactly what "Nhập"
does; a package that cannot be trusted (checksum, cut file, wrong password …) is refused with its reason.
"""

from __future__ import annotations

from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.exchange.package import MergeReport, import_package
from app.exchange.package_merge import KINDS, REVIEW
from app.exchange.package_signing import TRUSTED, UNSIGNED
from ui import file_dialogs
from ui.format import number
from ui.models.text_rows import TextRowsModel
from ui.operations import Operation, QueryOp, WriteOp, error_text
from ui.widgets.data_view import data_view
from ui.workspace import Area, Workspace

PACKAGE_FILTER = "Gói dữ liệu TĐKT (*.zip);;Mọi tệp (*)"
RULE = (
    "Quy tắc: mỗi bản ghi trong gói mang mã định danh riêng, bản ghi đã có ở đây được nhận ra theo mã đó. "
    "Bản ghi chưa có mã ở đây mới so theo nội dung: người theo họ tên (đúng từng dấu) và ngày sinh, đơn vị "
    "theo mã hoặc tên dưới cùng đơn vị cấp trên. Nếu ở đây có nhiều bản ghi giống mà không phân biệt được, "
    "bản ghi đó là <i>cần xem xét</i>: không nhập, cùng các dữ liệu đi theo nó. Dữ liệu đang có được giữ "
    "nguyên: ô trống ở đây mà gói có thì được bổ sung; ô hai bên khác nhau là <i>xung đột</i> — giữ giá trị "
    "đang có và liệt kê để kiểm tra lại. Văn bản đi chỉ nhận từ gói của chính cơ quan. Phần được nhập thì "
    "nhập tất cả hoặc không nhập gì."
)
# what a package carries (app.exchange.package_merge.KINDS)
PACKAGE_AREAS = frozenset(
    {Area.AGENCY, Area.UNITS, Area.STAFF, Area.RATINGS, Area.INITIATIVES, Area.DECISIONS, Area.DOCUMENTS}
)
PROBABLE = "Nhận người có tên không dấu ở một bên nếu ở đây chỉ có đúng một người trùng tên và ngày sinh"


class PackageImportDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.path: Path | None = None
        self.report: MergeReport | None = None
        self.task: Operation | None = None  # the check or the import running now
        self.setWindowTitle("Nhập gói dữ liệu")
        self.resize(900, 600)

        rule = QLabel(RULE)
        rule.setWordWrap(True)
        self.file_label = QLabel("Chưa chọn gói.")
        choose = QPushButton("Chọn gói…")
        choose.clicked.connect(self.choose_file)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("mật khẩu của gói, nếu có")
        check = QPushButton("Kiểm tra")
        check.clicked.connect(lambda: self.check(self.path) if self.path else None)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(choose)
        password_row = QHBoxLayout()
        password_row.addWidget(QLabel("Mật khẩu:"))
        password_row.addWidget(self.password, 1)
        password_row.addWidget(check)
        self.accept_probable = QCheckBox(PROBABLE)
        self.accept_probable.toggled.connect(lambda _on: self.check(self.path) if self.path else None)

        self.signer = QLabel()
        self.signer.setWordWrap(True)
        self.signer.setAccessibleName("Chữ ký của gói")
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        # A model, not a QTableWidget: a year's package plans a line for each of tens of thousands of records.
        self.details_model = TextRowsModel(["Loại", "Việc", "Bản ghi", "Chi tiết"])
        self.details = data_view(
            self.details_model,
            "packagePlan",
            widths={0: "Khen thưởng", 1: "Cần xem lại", 2: "Nguyễn Thị Phương Thảo (1980)"},
            stretch=3,
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton("Nhập", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(rule)
        layout.addLayout(file_row)
        layout.addLayout(password_row)
        layout.addWidget(self.accept_probable)
        layout.addWidget(self.signer)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        chosen, _ = file_dialogs.open_file_name(self, "Chọn gói dữ liệu", str(Path.home()), PACKAGE_FILTER)
        if chosen:
            self.check(Path(chosen))

    @property
    def busy(self) -> bool:
        return self.task is not None

    def _start(self, operation: Operation, on_done) -> None:
        self.task = operation
        operation.success(on_done).failure(self._failed).run()

    def check(self, path: Path) -> None:
        """Verify and plan in the background, writing nothing."""
        self.path, self.report = path, None
        self.file_label.setText(str(path))
        self.import_button.setEnabled(False)
        self.details_model.set_rows([])
        self.signer.setText("")
        self.verdict.setText("Đang kiểm tra gói…")
        check = partial(import_package, dry_run=True, accept_probable=self.accept_probable.isChecked())
        self._start(
            QueryOp(
                self,
                "Đang kiểm tra gói dữ liệu…",
                check,
                self.workspace.ctx,
                path,
                self.password.text() or None,
                long=True,  # progress, and Cancel (nothing is written either way)
            ),
            self._checked,
        )

    def _checked(self, report: MergeReport) -> None:
        self.task = None
        self.report = report
        self.signer.setText(signer_html(report))
        if report.errors:
            self.verdict.setText(f"<b>Gói có {number(len(report.errors))} vấn đề; chưa nhập được.</b>")
            self._fill([("Lỗi", "", message, "") for message in report.errors])
            return
        head = "Không có gì mới để nhập." if not report.anything else "<b>Sẽ nhập:</b>"
        self.verdict.setText(f"Gói của {report.source}.<br>{head} {report.summary()}{_review_note(report)}")
        self._fill(_rows(report))
        self.import_button.setEnabled(report.anything)

    def _fill(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.details_model.set_rows(rows)

    def run_import(self) -> None:
        if self.path is None or self.report is None or self.report.errors:
            return
        self.import_button.setEnabled(False)
        operation = WriteOp(
            self.workspace,
            self,
            "Đang nhập gói dữ liệu…",
            partial(import_package, accept_probable=self.accept_probable.isChecked()),
            self.path,
            self.password.text() or None,
            areas=PACKAGE_AREAS,
            long=True,  # progress, and Cancel: the one transaction is rolled back
        )
        self._start(operation, self._imported)

    def _imported(self, report: MergeReport) -> None:
        self.task = None
        if report.errors:  # the database changed between the check and the import
            self._checked(report)
            return
        self.report = report
        self.signer.setText(signer_html(report))
        self.verdict.setText(f"<b>Đã nhập.</b> {report.summary()}{_review_note(report)}")
        self._fill(_rows(report))

    def _failed(self, exc: Exception) -> None:
        self.task = None
        self.verdict.setText(f"<b>{error_text(exc, 'Không nhập được gói')}</b>")


def signer_html(report: MergeReport) -> str:
    """Who signed the package (app.exchange.package_signing), as the dialog shows it."""
    check = report.signature
    if check is None:
        return ""
    if check.status == TRUSTED:
        return f"✔ {escape(check.text)}."
    advice = (
        "không biết chắc gói do ai tạo ra"
        if check.status == UNSIGNED
        else "khóa ký chưa có trong danh sách tin cậy (Cài đặt › Chữ ký gói)"
    )
    return f"<b>{escape(check.text)}</b>: {advice}."


def _review_note(report: MergeReport) -> str:
    if not report.review:
        return ""
    return (
        f"<br><b>{number(len(report.review))} bản ghi cần xem xét, không nhập</b> (các dòng “{REVIEW}” ở đầu bảng): "
        "ở đây có nhiều bản ghi giống mà không phân biệt được, hoặc tên chỉ gần đúng. Hãy kiểm tra hồ sơ "
        "ở đây rồi nhập lại gói; phần còn lại vẫn được nhập."
    )


def _rows(report: MergeReport) -> list[tuple[str, str, str, str]]:
    # What waits for the clerk first, then the plan in order.
    lines = report.review + [x for x in report.lines if x.action != REVIEW]
    return [(KINDS[x.kind], x.action, x.what, x.detail) for x in lines]


def open_package_import(workspace: Workspace, parent: QWidget | None = None) -> PackageImportDialog:
    dialog = PackageImportDialog(workspace, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
