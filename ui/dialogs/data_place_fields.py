"""Nơi lưu dữ liệu: this PC, or a PostgreSQL server that passed "Kiểm tra kết nối" – the fields of the
first-run wizard's step 4 (ui/dialogs/first_run.py) and of Cài đặt › Cơ sở dữ liệu › Đổi nơi lưu dữ liệu…
(ui/dialogs/data_place_dialog.py), in one place."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.paths import data_dir
from app.services.data_place import DataPlace
from app.services.first_run import ServerFacts, check_server, server_url
from ui.dialogs.sign_in import GOOD, muted
from ui.operations import QueryOp, error_text
from ui.style import ERROR


class DataPlaceFields(QWidget):
    """`local` (the file named by `local_text`) or `server` (its fields, and the connection test). A server
    may be chosen only once the test passed for exactly the fields shown (`tested`); `check` is the test
    (check_server, or one that also knows the office in use)."""

    changed = Signal()  # the choice or a field changed: an error shown about them is stale

    def __init__(
        self,
        local_label: str,
        local_text: str,
        server_rule: str,
        check: Callable[[str], ServerFacts] = check_server,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.check = check
        self.tested: tuple[str, ServerFacts] | None = None  # the URL the last successful test was for
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.local = QRadioButton(local_label)
        self.local.setChecked(True)
        self.server = QRadioButton("Máy chủ PostgreSQL dùng chung")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        layout.addWidget(self.local)
        self.local_text = muted(local_text)
        layout.addWidget(self.local_text)
        layout.addWidget(self.server)
        self.host = QLineEdit()
        self.host.setPlaceholderText("Ví dụ: 192.168.1.10 hoặc maychu-syt")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.port.setMaximumWidth(110)
        self.database = QLineEdit("tdkt")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton("Kiểm tra kết nối")
        self.test_button.setAutoDefault(False)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.server_box = QWidget()
        form = QFormLayout(self.server_box)
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow("Máy chủ:", self.host)
        form.addRow("Cổng:", self.port)
        form.addRow("Cơ sở dữ liệu:", self.database)
        form.addRow("Người dùng:", self.user)
        form.addRow("Mật khẩu:", self.password)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form.addRow("", test_row)
        form.addRow(
            "",
            muted(
                "Địa chỉ máy chủ (cả mật khẩu) được ghi nhớ cho người dùng máy tính này, trong thư mục dữ liệu "
                f"{escape(str(data_dir()))}. {server_rule}"
            ),
        )
        layout.addWidget(self.server_box)
        self.server.toggled.connect(self._chosen)
        self.test_button.clicked.connect(self.test)
        for edit in (self.host, self.database, self.user, self.password):
            edit.textEdited.connect(self._forget_test)
        self.port.valueChanged.connect(self._forget_test)
        self._chosen()

    def show_server(self, place: DataPlace) -> None:
        """The fields filled from a server in use (its password is not shown: the clerk types it again)."""
        self.host.setText(place.host)
        self.port.setValue(place.port)
        self.database.setText(place.database)
        self.user.setText(place.user)
        self.server.setChecked(True)

    def _chosen(self) -> None:
        self.server_box.setEnabled(self.server.isChecked())
        self.changed.emit()

    def _forget_test(self) -> None:
        self.tested = None
        self.test_result.clear()
        self.changed.emit()

    def url(self) -> str:
        return server_url(
            self.host.text(), self.port.value(), self.database.text(), self.user.text(), self.password.text()
        )

    def chosen_url(self) -> str | None:
        return self.url() if self.server.isChecked() else None

    def test(self) -> QueryOp:
        """Kiểm tra kết nối: connects off the GUI thread (at most a few seconds) and says what it found."""
        url = self.url()
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText("Đang kết nối…")
        op = QueryOp(self, "Đang kiểm tra kết nối…", self.check, url)
        return op.success(lambda facts: self._tested(url, facts)).failure(self._test_failed).run()

    def _tested(self, url: str, facts: ServerFacts) -> None:
        self.test_button.setEnabled(True)
        self.tested = (url, facts) if facts.usable else None
        self.test_result.setStyleSheet(f"color: {GOOD if facts.usable else ERROR};")
        self.test_result.setText(facts.text)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.tested = None
        self.test_result.setStyleSheet(f"color: {ERROR};")
        self.test_result.setText(error_text(exc, "Không kiểm tra được"))

    def server_untested(self) -> bool:
        """A server is chosen but the fields shown have not passed the connection test."""
        return self.server.isChecked() and (self.tested is None or self.tested[0] != self.url())
