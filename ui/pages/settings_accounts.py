"""Cài đặt › Tài khoản (only for an account with Permission.ACCOUNTS): who may sign in, with which roles, their
state and last sign-in; add, edit, reset a password, unlock, deactivate or activate again (never delete: the
account's history stays); the password policy and the idle lock (app.services.accounts)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts import (
    AccountRow,
    PasswordPolicy,
    list_accounts,
    local_time_text,
    read_policy,
    save_policy,
    set_account_active,
    unlock_account,
)
from app.services.audit import utc_now
from app.services.context import ServiceContext
from ui.jobs import Loader
from ui.operations import WriteOp, error_text
from ui.widgets.actions import open_window_modal
from ui.widgets.confirm import confirm
from ui.widgets.tables import cell, read_only_table
from ui.workspace import Area

INTRO = (
    "Mỗi người dùng chương trình có một tài khoản riêng với một hoặc nhiều vai trò; vai trò quyết định "
    "những việc tài khoản được làm. Tài khoản không bao giờ bị xóa: khi người dùng nghỉ, hãy vô hiệu hóa "
    "để lịch sử của tài khoản được giữ trong nhật ký."
)
COLUMNS = [
    "Tên đăng nhập",
    "Họ và tên",
    "Vai trò",
    "Trạng thái",
    "Đăng nhập gần nhất",
    "Đổi mật khẩu lần cuối",
]
ACTIVE, DISABLED, MUST_CHANGE = "Đang hoạt động", "Đã vô hiệu hóa", "Phải đổi mật khẩu"


@dataclass(frozen=True)
class AccountsView:
    accounts: list[AccountRow]
    policy: PasswordPolicy


def load_accounts_view(ctx: ServiceContext) -> AccountsView:
    return AccountsView(list_accounts(ctx), read_policy(ctx))


def locked(row: AccountRow) -> bool:
    return row.locked_until is not None and row.locked_until > utc_now()


def status_text(row: AccountRow) -> str:
    if not row.active:
        return DISABLED
    if locked(row):
        return f"Đang khóa đến {local_time_text(row.locked_until)}"
    return MUST_CHANGE if row.must_change else ACTIVE


def _spin(low: int, high: int, suffix: str, name: str, special: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSuffix(suffix)
    box.setAccessibleName(name)
    if special:
        box.setSpecialValueText(special)  # shown for the lowest value
    return box


class AccountsTab(QWidget):
    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.view: AccountsView | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(intro)

        buttons = QHBoxLayout()
        self.add_button = self._button("Thêm tài khoản…", self.add_account, buttons)
        self.edit_button = self._button("Sửa…", self.edit_account, buttons)
        self.reset_button = self._button("Đặt lại mật khẩu…", self.reset_password, buttons)
        self.unlock_button = self._button("Mở khóa", self.unlock, buttons)
        self.active_button = self._button("Vô hiệu hóa", self.toggle_active, buttons)
        self.edit_button.setToolTip("Sửa họ tên, vai trò của tài khoản đang chọn")
        self.reset_button.setToolTip("Đặt mật khẩu mới; người dùng phải đổi ở lần đăng nhập sau")
        self.unlock_button.setToolTip("Mở khóa tài khoản bị khóa vì đăng nhập sai nhiều lần")
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.table = read_only_table(COLUMNS, stretch=None)
        self.table.horizontalHeader().setStretchLastSection(
            False
        )  # nothing squeezed: a narrow window scrolls
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName("Các tài khoản")
        self.table.setMinimumHeight(150)
        self.table.setMaximumHeight(300)  # the policy below stays in view on a laptop's screen
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_account())
        layout.addWidget(self.table)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addWidget(self._policy_box())
        layout.addStretch(1)

        self.loader = Loader(load_accounts_view, self)
        self.loader.loaded.connect(lambda _args, view: self.show_view(view))
        self.loader.failed.connect(lambda exc: self.say(error_text(exc, "Chưa đọc được"), error=True))
        workspace.changed.connect(lambda areas: self.reload() if Area.ACCOUNTS in areas else None)
        self._selection_changed()
        self.reload()

    @staticmethod
    def _button(text: str, slot, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _policy_box(self) -> QGroupBox:
        box = QGroupBox("Chính sách mật khẩu")
        outer = QHBoxLayout(box)
        left, right = QFormLayout(), QFormLayout()
        self.min_length = _spin(8, 128, " ký tự", "Độ dài tối thiểu của mật khẩu")
        self.classes = _spin(1, 4, " trong 4 loại", "Số loại ký tự tối thiểu")
        self.classes.setToolTip("Chữ hoa, chữ thường, chữ số, ký tự đặc biệt")
        self.max_age = _spin(0, 3650, " ngày", "Số ngày trước khi mật khẩu hết hạn", "không hết hạn")
        self.attempts = _spin(3, 10, " lần", "Số lần đăng nhập sai trước khi khóa tài khoản")
        self.lock_minutes = _spin(1, 1440, " phút", "Thời gian khóa tài khoản")
        self.idle_minutes = _spin(0, 480, " phút", "Khóa cửa sổ khi không dùng", "không tự khóa")
        left.addRow("Độ dài tối thiểu:", self.min_length)
        left.addRow("Loại ký tự (hoa, thường, số, đặc biệt):", self.classes)
        left.addRow("Mật khẩu hết hạn sau:", self.max_age)
        right.addRow("Đăng nhập sai trước khi khóa:", self.attempts)
        right.addRow("Khóa tài khoản trong:", self.lock_minutes)
        right.addRow("Khóa cửa sổ khi không dùng:", self.idle_minutes)
        outer.addLayout(left)
        outer.addSpacing(18)
        outer.addLayout(right)
        self.save_policy_button = QPushButton("Lưu chính sách")
        self.save_policy_button.setToolTip(
            "Áp dụng cho mật khẩu đặt từ nay và cho lần đăng nhập sau; 0 ngày: mật khẩu không hết hạn, "
            "0 phút: cửa sổ không tự khóa"
        )
        self.save_policy_button.clicked.connect(self.save_policy)
        outer.addStretch(1)
        outer.addWidget(self.save_policy_button, 0, Qt.AlignmentFlag.AlignBottom)
        return box

    # --- reading --------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.loader.request(self.workspace.ctx)

    def show_view(self, view: AccountsView) -> None:
        chosen = self.current()
        self.view = view
        table = self.table
        table.blockSignals(True)
        table.setRowCount(len(view.accounts))
        select = 0
        for r, row in enumerate(view.accounts):
            table.setItem(r, 0, cell(row.username, bold=True))
            table.setItem(r, 1, cell(row.full_name))
            table.setItem(r, 2, cell(row.roles_label))
            table.setItem(r, 3, cell(status_text(row), muted=not row.active))
            table.setItem(
                r, 4, cell(local_time_text(row.last_sign_in_at) if row.last_sign_in_at else "chưa đăng nhập")
            )
            table.setItem(r, 5, cell(local_time_text(row.password_changed_at)))
            if chosen is not None and row.id == chosen.id:
                select = r
        table.blockSignals(False)
        if view.accounts:
            table.selectRow(select)
        self.show_policy(view.policy)
        self._selection_changed()

    def show_policy(self, policy: PasswordPolicy) -> None:
        self.min_length.setValue(policy.min_length)
        self.classes.setValue(policy.classes)
        self.max_age.setValue(policy.max_age_days)
        self.attempts.setValue(policy.lockout_attempts)
        self.lock_minutes.setValue(policy.lockout_minutes)
        self.idle_minutes.setValue(policy.idle_lock_minutes)

    def current(self) -> AccountRow | None:
        if self.view is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        return self.view.accounts[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        row = self.current()
        self.add_button.setEnabled(self.view is not None)
        self.save_policy_button.setEnabled(self.view is not None)
        for button in (self.edit_button, self.reset_button):
            button.setEnabled(row is not None)
        self.unlock_button.setEnabled(row is not None and locked(row))
        self.active_button.setEnabled(row is not None)
        reactivate = row is not None and not row.active
        self.active_button.setText("Kích hoạt lại" if reactivate else "Vô hiệu hóa")
        self.active_button.setToolTip(
            "Cho tài khoản đăng nhập lại"
            if reactivate
            else "Không cho đăng nhập nữa; tài khoản không bị xóa: lịch sử của tài khoản được giữ"
        )

    # --- writing ------------------------------------------------------------------------------------------
    def _write(self, label: str, fn, *args, done: str = "") -> WriteOp:
        self.message.clear()
        op = WriteOp(self.workspace, self, label, fn, *args, areas={Area.ACCOUNTS})
        op.success(lambda _r: self.say(done)).failure(lambda exc: self.say(error_text(exc), error=True))
        return op.run()

    def say(self, text: str, error: bool = False) -> None:
        """A line under the table: what was done, or (in red) why it was refused."""
        name = "error" if error else "muted"
        if self.message.objectName() != name:
            self.message.setObjectName(name)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
        self.message.setText(text)

    def add_account(self):
        from ui.dialogs.account_form import AccountDialog

        if self.view is not None:
            return open_window_modal(AccountDialog(self.workspace, self.view.policy, None, self.window()))
        return None

    def edit_account(self):
        from ui.dialogs.account_form import AccountDialog

        row = self.current()
        if row is not None and self.edit_button.isEnabled():
            return open_window_modal(AccountDialog(self.workspace, self.view.policy, row, self.window()))
        return None

    def reset_password(self):
        from ui.dialogs.account_form import ResetPasswordDialog

        row = self.current()
        if row is not None:
            return open_window_modal(
                ResetPasswordDialog(self.workspace, self.view.policy, row, self.window()),
                lambda _d: self.say(
                    f"Đã đặt lại mật khẩu cho “{row.username}”; người dùng phải đổi mật khẩu khi đăng nhập."
                ),
            )
        return None

    def unlock(self) -> WriteOp | None:
        row = self.current()
        if row is None:
            return None
        return self._write(
            "Đang mở khóa tài khoản…", unlock_account, row.id, done=f"Đã mở khóa tài khoản “{row.username}”."
        )

    def toggle_active(self) -> WriteOp | None:
        row = self.current()
        if row is None:
            return None
        if row.active:
            if not confirm(
                self,
                "Vô hiệu hóa tài khoản",
                f"Vô hiệu hóa tài khoản “{row.username}” ({row.full_name})?",
                "Vô hiệu hóa",
                details="Người dùng không đăng nhập được nữa. Tài khoản không bị xóa: lịch sử của tài khoản "
                "được giữ trong nhật ký, và có thể kích hoạt lại khi cần.",
            ):
                return None
            return self._write(
                "Đang vô hiệu hóa tài khoản…",
                set_account_active,
                row.id,
                False,
                done=f"Đã vô hiệu hóa tài khoản “{row.username}”; lịch sử của tài khoản được giữ.",
            )
        return self._write(
            "Đang kích hoạt lại tài khoản…",
            set_account_active,
            row.id,
            True,
            done=f"Đã kích hoạt lại tài khoản “{row.username}”.",
        )

    def save_policy(self) -> WriteOp:
        policy = PasswordPolicy(
            min_length=self.min_length.value(),
            classes=self.classes.value(),
            max_age_days=self.max_age.value(),
            lockout_attempts=self.attempts.value(),
            lockout_minutes=self.lock_minutes.value(),
            idle_lock_minutes=self.idle_minutes.value(),
        )
        return self._write(
            "Đang lưu chính sách mật khẩu…", save_policy, policy, done="Đã lưu chính sách mật khẩu."
        )
