"""Cài đặt › Chữ ký gói: the office's key for signing the USB packages it exports, the agencies whose
packages it trusts, and whether only their packages are taken (app.exchange.package_signing)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.exchange.package_signing import (
    SigningState,
    add_trusted,
    fingerprint,
    make_signing_key,
    parse_key_text,
    remove_trusted,
    set_require_trusted,
    signing_state,
)
from ui import file_dialogs
from ui.format import date
from ui.jobs import Loader
from ui.operations import WriteOp, error_text
from ui.permissions import allow
from ui.widgets.actions import open_window_modal
from ui.widgets.tables import cell, read_only_table
from ui.workspace import Area, Workspace

INTRO = (
    "Gói dữ liệu chép qua USB có mã kiểm tra để biết gói còn nguyên vẹn, nhưng không cho biết ai đã tạo "
    "ra nó. Khi cơ quan có khóa ký, mọi gói xuất ra đều được ký; đơn vị nhận gói thêm khóa công khai của "
    "cơ quan vào danh sách tin cậy để biết chắc gói do cơ quan gửi. Gói bị sửa sau khi ký luôn bị từ chối."
)
NO_KEY = "Cơ quan chưa có khóa ký: gói xuất ra không có chữ ký."
REPLACE = (
    "Tạo khóa mới thay cho khóa đang dùng? Các đơn vị đã tin khóa cũ sẽ thấy gói mới là “chưa được tin "
    "cậy” cho đến khi được gửi khóa công khai mới."
)
REQUIRE = "Chỉ nhận gói có chữ ký của cơ quan tin cậy (từ chối gói không có chữ ký hoặc của cơ quan lạ)"
KEY_FILTER = "Văn bản (*.txt)"


class SigningTab(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.state: SigningState | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(intro)

        own = QGroupBox("Khóa ký của cơ quan")
        inner = QVBoxLayout(own)
        self.key_label = QLabel(NO_KEY)
        self.key_label.setWordWrap(True)
        inner.addWidget(self.key_label)
        self.key_text = QPlainTextEdit()
        self.key_text.setReadOnly(True)
        self.key_text.setAccessibleName("Khóa công khai của cơ quan, để gửi cho đơn vị")
        self.key_text.setMaximumHeight(90)
        inner.addWidget(self.key_text)
        row = QHBoxLayout()
        self.make_button = QPushButton("Tạo khóa ký…")
        self.make_button.clicked.connect(self.make_key)
        self.copy_button = QPushButton("Chép khóa công khai")
        self.copy_button.clicked.connect(self.copy_key)
        self.save_button = QPushButton("Lưu khóa công khai ra tệp…")
        self.save_button.clicked.connect(self.save_key)
        for button in (self.make_button, self.copy_button, self.save_button):
            row.addWidget(button)
        row.addStretch(1)
        inner.addLayout(row)
        layout.addWidget(own)

        trusted = QGroupBox("Cơ quan tin cậy")
        inner = QVBoxLayout(trusted)
        self.trusted_table = read_only_table(["Cơ quan", "Dấu vân tay", "Ngày thêm"], stretch=0)
        self.trusted_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.trusted_table.setAccessibleName("Danh sách cơ quan tin cậy")
        self.trusted_table.itemSelectionChanged.connect(self._selection_changed)
        inner.addWidget(self.trusted_table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("Thêm cơ quan tin cậy…")
        self.add_button.clicked.connect(self.add_key)
        self.remove_button = QPushButton("Bỏ khỏi danh sách")
        self.remove_button.clicked.connect(self.remove_key)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        inner.addLayout(row)
        self.require = QCheckBox(REQUIRE)
        self.require.toggled.connect(self._require_toggled)
        inner.addWidget(self.require)
        layout.addWidget(trusted, 1)

        self._loader = Loader(signing_state, self)
        self._loader.loaded.connect(lambda _args, state: self.show_state(state))
        self._loader.failed.connect(
            lambda exc: self.key_label.setText(f"Không đọc được cài đặt chữ ký: {error_text(exc)}")
        )
        workspace.changed.connect(lambda areas: self.reload() if Area.SETTINGS in areas else None)
        allow(workspace, make_signing_key, self.make_button)
        allow(workspace, add_trusted, self.add_button)
        allow(workspace, remove_trusted, self.remove_button)
        allow(workspace, set_require_trusted, self.require)
        self.show_state(None)
        self.reload()

    def reload(self) -> None:
        self._loader.request(self.workspace.ctx)

    def show_state(self, state: SigningState | None) -> None:
        self.state = state
        has_key = state is not None and state.public is not None
        if state is None:
            self.key_label.setText("Đang đọc…")
        elif has_key:
            made = f", tạo ngày {date(_day(state.created))}" if state.created else ""
            self.key_label.setText(
                f"Gói xuất ra được ký bằng khóa của cơ quan. Dấu vân tay: <b>{state.fingerprint}</b>{made}. "
                "Gửi đoạn dưới đây cho các đơn vị nhận gói; khi đọc cho nhau qua điện thoại, chỉ cần so "
                "dấu vân tay."
            )
        else:
            self.key_label.setText(NO_KEY)
        self.key_text.setPlainText(state.text if has_key else "")
        self.make_button.setText("Tạo khóa mới…" if has_key else "Tạo khóa ký…")
        self.make_button.setEnabled(state is not None)
        self.copy_button.setEnabled(has_key)
        self.save_button.setEnabled(has_key)
        keys = state.trusted if state is not None else []
        table = self.trusted_table
        table.setRowCount(len(keys))
        for r, key in enumerate(keys):
            table.setItem(r, 0, cell(key.name))
            table.setItem(r, 1, cell(key.fingerprint))
            table.setItem(r, 2, cell(date(_day(key.added)) if key.added else ""))
        self.add_button.setEnabled(state is not None)
        self.require.blockSignals(True)
        self.require.setChecked(bool(state and state.require_trusted))
        self.require.blockSignals(False)
        self.require.setEnabled(state is not None)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected_fingerprint() is not None)

    def selected_fingerprint(self) -> str | None:
        rows = self.trusted_table.selectionModel().selectedRows()
        if not rows or self.state is None or rows[0].row() >= len(self.state.trusted):
            return None
        return self.state.trusted[rows[0].row()].fingerprint

    # --- actions ---------------------------------------------------------------------------------------
    def _write(self, label: str, fn, *args) -> None:
        WriteOp(self.workspace, self, label, fn, *args, areas={Area.SETTINGS}).success(
            lambda _result: self.reload()
        ).run()

    def make_key(self) -> None:
        if self.state is not None and self.state.public is not None:
            answer = QMessageBox.question(self, "Tạo khóa mới", REPLACE)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._write("Đang tạo khóa ký…", make_signing_key)

    def copy_key(self) -> None:
        if self.state is not None and self.state.text:
            QGuiApplication.clipboard().setText(self.state.text)

    def save_key(self) -> None:
        if self.state is None or not self.state.text:
            return
        name, _ = file_dialogs.save_file_name(
            self, "Lưu khóa công khai", "khoa-cong-khai-TDKT.txt", KEY_FILTER
        )
        if not name:
            return
        try:
            Path(name).write_text(self.state.text, encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, "TĐKT", f"Không ghi được tệp “{name}”: {exc.strerror or exc}.")

    def add_key(self) -> None:
        open_window_modal(
            TrustedKeyDialog(self),
            lambda dialog: self._write(
                "Đang thêm cơ quan tin cậy…", add_trusted, dialog.name.text(), dialog.text.toPlainText()
            ),
        )

    def remove_key(self) -> None:
        chosen = self.selected_fingerprint()
        if chosen is None:
            return
        name = next(k.name for k in self.state.trusted if k.fingerprint == chosen)
        answer = QMessageBox.question(
            self, "Bỏ cơ quan tin cậy", f"Bỏ “{name}” khỏi danh sách cơ quan tin cậy?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write("Đang bỏ cơ quan tin cậy…", remove_trusted, chosen)

    def _require_toggled(self, on: bool) -> None:
        self._write("Đang lưu cài đặt nhận gói…", set_require_trusted, on)


def _day(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class TrustedKeyDialog(QDialog):
    """The name of an agency and the public key text it shared; the fingerprint is shown to compare."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Thêm cơ quan tin cậy")
        self.resize(620, 360)
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Dán đoạn khóa công khai mà cơ quan gửi (có dòng “Khóa: ed25519:…”), rồi so dấu vân tay với "
            "cơ quan đó, ví dụ qua điện thoại."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Khóa công khai của cơ quan")
        self.text.textChanged.connect(self._text_changed)
        self.name = QLineEdit()
        self.name.setPlaceholderText("lấy theo dòng “Cơ quan:” nếu để trống")
        self.name.setMaxLength(200)
        self.fingerprint = QLabel("—")
        self.fingerprint.setWordWrap(True)
        form.addRow("Khóa công khai:", self.text)
        form.addRow("Tên cơ quan:", self.name)
        form.addRow("Dấu vân tay:", self.fingerprint)
        layout.addLayout(form, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Thêm")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._text_changed()

    def _text_changed(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            public, named = parse_key_text(self.text.toPlainText())
        except UserError as exc:
            self.fingerprint.setText(str(exc) if self.text.toPlainText().strip() else "—")
            ok.setEnabled(False)
            return
        self.fingerprint.setText(f"<b>{fingerprint(public)}</b>")
        if named and not self.name.text().strip():
            self.name.setText(named)
        ok.setEnabled(True)
