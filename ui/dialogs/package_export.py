"""Tệp › Xuất gói dữ liệu ra USB…: a year's (or one decision's) records, lists and PDFs in one .zip.

The USB sticks the program finds are offered first as the folder; a password, typed twice, locks the
.zip with AES-256. A package holds personal data (Nghị định 13/2023/NĐ-CP), so the password is asked for by
default: the clerk may tick "Không đặt mật khẩu", which shows a warning, and the package's audit row then
says it left unencrypted. The work runs in the background with its progress, and the dialog ends on a
summary.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.drives import removable_drives
from app.exchange.package import ExportResult, PackageScope, default_name, export_package
from app.exchange.package_signing import SigningState, signing_state
from app.services.awards import list_decisions
from ui import file_dialogs
from ui.jobs import Loader
from ui.operations import QueryOp, error_text
from ui.workspace import Workspace


def signing_text(state: SigningState) -> str:
    if state.public is None:
        return "Gói không được ký: cơ quan chưa có khóa ký (tạo ở Cài đặt › Chữ ký gói)."
    return f"Gói được ký bằng khóa của cơ quan (dấu vân tay {state.fingerprint})."


NO_PASSWORD_WARNING = (
    "Không mật khẩu: ai cầm USB cũng đọc được dữ liệu cá nhân của cán bộ (Nghị định 13/2023/NĐ-CP). "
    "Việc này được ghi vào nhật ký hệ thống."
)


class PackageExportDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.result_: ExportResult | None = None
        self.task: QueryOp | None = None  # the export running now
        self.setWindowTitle("Xuất gói dữ liệu ra USB")
        self.resize(640, 360)

        intro = QLabel(
            "Gói gồm dữ liệu (data.json) để nơi nhận nhập vào chương trình TĐKT, danh sách khen thưởng "
            "(Excel), bản PDF các quyết định đã vào sổ, và bảng mã kiểm tra SHA-256 của từng tệp."
        )
        intro.setWordWrap(True)
        self.year = QSpinBox()
        self.year.setRange(1945, 2200)
        self.year.setValue(dt.date.today().year)
        self.year.valueChanged.connect(self._load_decisions)
        self._decisions = Loader(partial(list_decisions, workspace.ctx), self)  # (year)
        self._decisions.loaded.connect(self._decisions_loaded)
        self._decisions.failed.connect(
            lambda exc: self.verdict.setText(f"Không đọc được danh sách quyết định: {exc}")
        )
        self.decision = QComboBox()
        self.folder = QComboBox()
        self.folder.setEditable(True)
        for drive in removable_drives():
            self.folder.addItem(f"{drive} (USB)", str(drive))
        self.folder.addItem(str(Path.home()), str(Path.home()))
        browse = QPushButton("Chọn thư mục…")
        browse.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.file_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("mật khẩu để mở gói (báo riêng cho nơi nhận)")
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.no_password = QCheckBox("Không đặt mật khẩu")
        self.no_password.setToolTip("Gói không được mã hóa; việc xuất sẽ được ghi vào nhật ký")
        self.no_password_warning = QLabel(NO_PASSWORD_WARNING)
        self.no_password_warning.setObjectName("error")
        self.no_password_warning.setWordWrap(True)
        self.no_password_warning.hide()
        self.no_password.toggled.connect(self._password_declined)

        form = QFormLayout()
        form.addRow("Năm:", self.year)
        form.addRow("Phạm vi:", self.decision)
        form.addRow("Lưu vào thư mục:", folder_row)
        form.addRow("Tên tệp:", self.file_name)
        form.addRow("Mật khẩu:", self.password)
        form.addRow("Nhập lại mật khẩu:", self.password_again)
        form.addRow("", self.no_password)
        form.addRow("", self.no_password_warning)
        self.signing = QLabel("Đang đọc…")
        self.signing.setWordWrap(True)
        form.addRow("Chữ ký:", self.signing)
        self._signing = Loader(signing_state, self)
        self._signing.loaded.connect(lambda _args, state: self.signing.setText(signing_text(state)))
        self._signing.failed.connect(lambda exc: self.signing.setText(error_text(exc)))
        self._signing.request(workspace.ctx)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("Xuất", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.run_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.verdict, 1)
        layout.addWidget(self.buttons)
        self._load_decisions()

    def _load_decisions(self) -> None:
        """The year's decisions, read in the background; until they are in, "Cả năm" alone."""
        self.decision.clear()
        self.decision.addItem("Cả năm", None)
        self._suggest_name()
        self._decisions.request(self.year.value())

    @property
    def loading(self) -> bool:
        return self._decisions.busy or self._signing.busy

    def _decisions_loaded(self, _args: tuple[int], decisions) -> None:
        chosen = self.decision.currentData()
        self.decision.clear()
        self.decision.addItem("Cả năm", None)
        for d in decisions:
            self.decision.addItem(f"Quyết định {d.number_text or '(chưa số)'} — {d.subject[:60]}", d.id)
        self.decision.setCurrentIndex(max(self.decision.findData(chosen), 0) if chosen else 0)
        self._suggest_name()

    def scope(self) -> PackageScope:
        return PackageScope(self.year.value(), decision_id=self.decision.currentData())

    def _suggest_name(self) -> None:
        self.file_name.setText(default_name(self.scope()))

    def choose_folder(self) -> None:
        chosen = file_dialogs.existing_directory(self, "Chọn thư mục lưu gói", self.target_folder())
        if chosen:
            self.folder.insertItem(0, chosen, chosen)
            self.folder.setCurrentIndex(0)

    def target_folder(self) -> str:
        data = self.folder.currentData()
        return data if data and self.folder.currentText().startswith(data) else self.folder.currentText()

    def _password_declined(self, declined: bool) -> None:
        for field in (self.password, self.password_again):
            field.setEnabled(not declined)
        self.no_password_warning.setVisible(declined)
        if declined:  # room for the warning's lines
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def run_export(self) -> None:
        declined = self.no_password.isChecked()
        password = "" if declined else self.password.text()
        if not declined and not password:
            self.verdict.setText(
                "<b>Hãy đặt mật khẩu cho gói</b> (gói có dữ liệu cá nhân của cán bộ), hoặc chọn "
                "“Không đặt mật khẩu”."
            )
            self.password.setFocus()
            return
        if not declined and password != self.password_again.text():
            self.verdict.setText("<b>Hai lần nhập mật khẩu không giống nhau.</b> Hãy gõ lại.")
            return
        name = self.file_name.text().strip() or default_name(self.scope())
        if not name.lower().endswith(".zip"):
            name += ".zip"
        target = Path(self.target_folder()) / name
        if not target.parent.is_dir():
            self.verdict.setText(
                f"<b>Không có thư mục “{target.parent}”.</b> Hãy cắm USB hoặc chọn thư mục khác."
            )
            return
        self.export_button.setEnabled(False)
        self.verdict.setText("Đang xuất gói…")
        self.task = QueryOp(
            self,
            "Đang xuất gói dữ liệu…",
            export_package,
            self.workspace.ctx,
            self.scope(),
            target,
            password or None,
            long=True,
        )
        self.task.success(self._exported).failure(self._failed).run()

    @property
    def busy(self) -> bool:
        return self.task is not None

    def _exported(self, result: ExportResult) -> None:
        self.task = None
        self.result_ = result
        self.export_button.setEnabled(True)
        lines = [result.summary()] + [f"Không in được quyết định {x}" for x in result.skipped]
        self.verdict.setText("<br>".join(lines))

    def _failed(self, exc: Exception) -> None:
        self.task = None
        self.export_button.setEnabled(True)
        self.verdict.setText(f"<b>{error_text(exc, 'Không xuất được gói')}</b>")


def open_package_export(workspace: Workspace, parent: QWidget | None = None) -> PackageExportDialog:
    dialog = PackageExportDialog(workspace, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
