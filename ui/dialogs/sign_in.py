"""Who works in the window: the first administrator of a database, the sign-in at every start, the change of
one's own password (forced at a first sign-in with a password the administrator set, or when it expired).

    signed = ask_account(db, agency, accounts, parent)   # SignIn, or None when the clerk chose Thoát

No password is ever filled in or suggested: the first administrator chooses theirs (QĐ 742/QĐ-BTTTT item
1.3). Checking a password takes scrypt's tenth of a second, so the check (and the writes that hash) run off
the GUI thread (`QueryOp`, `WriteOp`) while the dialog keeps painting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Permission, Principal
from app.services.accounts import (
    FIRST_ADMIN_ROLES,
    AccountData,
    PasswordPolicy,
    SignIn,
    SignInRefused,
    change_own_password,
    create_first_admin_and_sign_in,
    policy_problems,
    read_policy,
    record_sign_in,
    sign_in,
)
from app.services.agency import AgencyInfo
from app.services.context import ServiceContext
from database.engine import Database
from database.enums import Role
from ui import settings as pc_settings
from ui.jobs import Loader
from ui.operations import QueryOp, WriteOp, error_text
from ui.style import ERROR

GOOD = "#1e7b34"

log = logging.getLogger(__name__)


# --- no sign-in possible ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnsignedPrincipal(Principal):
    """Nobody signed in, on a database open read-only where no sign-in can happen: a damaged file whose
    account table cannot be read, or an older file (no account yet) that cannot be written to create one.

    The safest behaviour we chose (issue 14, a damaged database): the window opens read-only, because
    - nothing can be written: the database refuses every write before a use case is even asked;
    - what the pages show is what the file itself shows to whoever holds it (any SQLite tool reads it), so
      the program gives no access the file does not already give;
    - on a damaged file the only thing this principal may do is restore a checked backup (BACKUPS): the
      damaged file is first set aside as a backup (nothing is lost), and the restored database asks for a
      sign-in at once (MainWindow.reopen_database; cancelling that sign-in closes the window). Refusing the
      restore too would leave an office whose account page broke with no way back from the window.
    The idle lock is off (there is no password to unlock with)."""

    may_restore: bool = False

    @property
    def permissions(self) -> frozenset[Permission]:
        return frozenset({Permission.BACKUPS}) if self.may_restore else frozenset()


UNSIGNED_NAME = "(chưa đăng nhập)"


def unsigned(damaged: bool) -> SignIn:
    principal = UnsignedPrincipal(UNSIGNED_NAME, full_name="Chưa đăng nhập", may_restore=damaged)
    return SignIn(principal, must_change=False, idle_lock_minutes=0)


# --- the work, off the GUI thread ---------------------------------------------------------------------------


# --- the pieces the dialogs share ---------------------------------------------------------------------------


def password_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMaxLength(256)
    return field


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


def policy_text(policy: PasswordPolicy) -> str:
    return (
        f"Mật khẩu cần có ít nhất {policy.min_length} ký tự và ít nhất {policy.classes} trong 4 loại ký tự: "
        "chữ hoa, chữ thường, chữ số, ký tự đặc biệt; không chứa tên đăng nhập."
    )


class NewPassword:
    """A new password typed twice, the office's policy above it and what the password still lacks below,
    as the clerk types. `problems()` is empty when the two agree and the policy is met."""

    LABELS = ("Mật khẩu &mới:", "&Nhập lại mật khẩu mới:")

    def __init__(self, form: QFormLayout, policy: PasswordPolicy | None, username=lambda: "", labels=LABELS):
        self.username = username
        self.first = password_field()
        self.second = password_field()
        self.policy_label = muted()
        self.live = QLabel()
        self.live.setWordWrap(True)
        self.live.setObjectName("muted")
        form.addRow("", self.policy_label)
        form.addRow(labels[0], self.first)
        form.addRow(labels[1], self.second)
        form.addRow("", self.live)
        self.first.textChanged.connect(self.update)
        self.second.textChanged.connect(self.update)
        self.set_policy(policy or PasswordPolicy())

    def set_policy(self, policy: PasswordPolicy) -> None:
        self.policy = policy
        self.policy_label.setText(policy_text(policy))
        self.update()

    def problems(self, typing: bool = False) -> list[str]:
        """What keeps the password from being saved; `typing`: as the clerk types (the second field not
        reached yet is no problem then)."""
        problems = policy_problems(self.first.text(), self.policy, self.username())
        if not self.second.text() and not typing:
            problems.append("hãy nhập lại mật khẩu lần thứ hai")
        elif self.second.text() and self.second.text() != self.first.text():
            problems.append("hai lần nhập chưa giống nhau")
        return problems

    def update(self) -> None:
        if not self.first.text():
            self.live.setText("")
            return
        problems = self.problems(typing=True)
        if problems:
            self.live.setStyleSheet(f"color: {ERROR};")
            self.live.setText("Chưa đạt: " + "; ".join(problems) + ".")
        else:
            self.live.setStyleSheet(f"color: {GOOD};")
            self.live.setText("Mật khẩu đạt yêu cầu.")

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()


def where_html(agency: AgencyInfo | None, db: Database) -> str:
    """The agency and the database: the clerk sees where they sign in."""
    name = escape(agency.name) if agency is not None and agency.name else "—"
    read_only = " <i>(chỉ xem)</i>" if db.read_only is not None else ""
    return f"<b>{name}</b><br>Cơ sở dữ liệu: {escape(db.describe())}{read_only}"


class _AccountDialog(QDialog):
    """The frame of the three dialogs: a title line, a form, an error line beside two buttons."""

    def __init__(self, title: str, ok_text: str, cancel_text: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(20, 16, 20, 14)
        self.outer.setSpacing(10)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = error_label()
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton(cancel_text)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.busy = False
        self.result_value = None  # what the check or the write gave back, once the dialog is accepted

    def finish_layout(self, width: int) -> None:
        self.outer.addLayout(self.form)
        self.outer.addStretch(1)
        self.outer.addWidget(self.error)  # the whole width: a refusal can be two sentences
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.ok_button)
        bottom.addWidget(self.cancel_button)
        self.outer.addLayout(bottom)
        self.setMinimumWidth(width)
        for edit in self.findChildren(QLineEdit):
            edit.textEdited.connect(self.error.clear)

    def start(self, operation) -> None:
        """Run the check or write; the dialog waits for it (no second click, no closing meanwhile)."""
        self.busy = True
        self.ok_button.setEnabled(False)
        operation.success(self._done).failure(self._refused).run()

    def _done(self, result) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.result_value = result
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.error.setText(error_text(exc, "Chưa làm được"))
        self.refused(exc)

    def refused(self, exc: BaseException) -> None:
        """What else the dialog does after a refusal (clear the password, put the cursor back)."""

    def reject(self) -> None:
        if not self.busy:  # a check or a write runs: it ends before the dialog may close
            super().reject()


# --- the first administrator --------------------------------------------------------------------------------


class AdminFields:
    """The first administrator's rows of a form: tên đăng nhập, họ và tên, the password twice (the policy
    above it, what it still lacks below) and the roles (Quản trị required). In the first-administrator dialog
    and in the first-run wizard."""

    def __init__(self, form: QFormLayout, policy: PasswordPolicy | None):
        self.username = QLineEdit()
        self.username.setPlaceholderText("Ví dụ: quantri hoặc nguyenvanan")
        self.username.setMaxLength(60)
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("Ví dụ: Nguyễn Văn An")
        form.addRow("&Tên đăng nhập:", self.username)
        form.addRow("&Họ và tên:", self.full_name)
        self.password = NewPassword(form, policy, self.username.text, ("&Mật khẩu:", "Nhập &lại mật khẩu:"))
        self.password.first.setPlaceholderText("Tự chọn, không dùng lại mật khẩu nơi khác")
        self.username.textChanged.connect(self.password.update)
        self.roles: dict[Role, QCheckBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for n, role in enumerate(Role):
            box = QCheckBox(role.label)
            box.setChecked(role in FIRST_ADMIN_ROLES)
            if role is Role.ADMIN:
                box.setEnabled(False)  # the first account administers: it is required
                box.setToolTip("Tài khoản đầu tiên phải có vai trò Quản trị")
            self.roles[role] = box
            grid.addWidget(box, n // 3, n % 3)
        roles = QWidget()
        roles.setLayout(grid)
        form.addRow("Vai trò:", roles)
        form.addRow("", muted("Một người làm cả công việc thi đua và văn thư thì giữ các vai trò đã chọn."))

    def data(self) -> AccountData:
        roles = frozenset(role for role, box in self.roles.items() if box.isChecked())
        return AccountData(self.username.text(), self.full_name.text(), roles)

    def problem(self) -> tuple[str, QLineEdit] | None:
        """What keeps the account from being created, and the field to type it in; None when nothing."""
        if not self.username.text().strip() or not self.full_name.text().strip():
            return "Hãy nhập tên đăng nhập và họ và tên.", (
                self.full_name if self.username.text().strip() else self.username
            )
        problems = self.password.problems()
        if problems:
            return "Mật khẩu chưa đạt: " + "; ".join(problems) + ".", self.password.first
        return None


class FirstAdminDialog(_AccountDialog):
    """Tạo tài khoản quản trị: the first account of a database. `result_value` is the SignIn once created."""

    def __init__(
        self,
        ctx: ServiceContext,
        agency: AgencyInfo | None,
        policy: PasswordPolicy | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__("Tạo tài khoản quản trị", "Tạo tài khoản", "Thoát", parent)
        self.ctx = ctx
        self.result_value: SignIn | None = None
        self.cancel_button.setToolTip("Đóng chương trình, không tạo tài khoản nào")
        intro = QLabel(
            "<b>Cơ sở dữ liệu này chưa có tài khoản nào.</b> Hãy tạo tài khoản quản trị đầu tiên: từ nay mỗi "
            "lần mở chương trình đều phải đăng nhập. Người quản trị tạo tài khoản cho những người khác và "
            "cấp vai trò cho họ. Chương trình không có mật khẩu mặc định: hãy tự đặt mật khẩu và ghi nhớ."
        )
        intro.setWordWrap(True)
        self.outer.addWidget(intro)
        self.place = QLabel(where_html(agency, ctx.db))
        self.outer.addWidget(self.place)
        self.fields = AdminFields(self.form, policy)
        self.username, self.full_name, self.password = (
            self.fields.username,
            self.fields.full_name,
            self.fields.password,
        )
        self.roles = self.fields.roles
        self.finish_layout(620)
        if policy is None:  # asked from a dialog without the policy at hand: read it in the background
            self._policy = Loader(read_policy, self)
            self._policy.loaded.connect(lambda _args, p: self.password.set_policy(p))
            self._policy.request(ctx)
        self.username.setFocus()

    def data(self) -> AccountData:
        return self.fields.data()

    def accept(self) -> None:
        if self.busy:
            return
        self.error.clear()
        problem = self.fields.problem()
        if problem is not None:
            self.error.setText(problem[0])
            problem[1].setFocus()
            return
        label = "Đang tạo tài khoản…"
        self.start(
            WriteOp(
                self.ctx, self, label, create_first_admin_and_sign_in, self.data(), self.password.first.text()
            )
        )

    def _done(self, result) -> None:
        pc_settings.write(pc_settings.LAST_USERNAME, result.principal.username)
        super()._done(result)


# --- sign in ------------------------------------------------------------------------------------------------


class SignInDialog(_AccountDialog):
    """Đăng nhập: the name (the last one used on this PC filled in) and the password. A refusal is said in
    the dialog, in the service's words (how many tries are left; until when the account is locked)."""

    def __init__(self, db: Database, agency: AgencyInfo | None, parent: QWidget | None = None):
        super().__init__("Đăng nhập – TĐKT", "Đăng nhập", "Thoát", parent)
        self.db = db
        self.result_value: SignIn | None = None
        self.cancel_button.setToolTip("Đóng chương trình")
        self.place = QLabel(where_html(agency, db))
        self.outer.addWidget(self.place)
        self.username = QLineEdit(pc_settings.read(pc_settings.LAST_USERNAME))
        self.username.setMaxLength(60)
        self.username.setPlaceholderText("Tên đăng nhập")
        self.password = password_field("Mật khẩu")
        self.form.addRow("&Tên đăng nhập:", self.username)
        self.form.addRow("&Mật khẩu:", self.password)
        if db.read_only is not None:
            self.form.addRow(
                "", muted("Cơ sở dữ liệu đang mở chỉ để xem: không ghi được gì sau khi đăng nhập.")
            )
        self.finish_layout(460)
        (self.password if self.username.text() else self.username).setFocus()

    def accept(self) -> None:
        if self.busy:
            return
        self.error.clear()
        if not self.username.text().strip():
            self.error.setText("Hãy nhập tên đăng nhập.")
            self.username.setFocus()
            return
        check = partial(sign_in, later=True)  # its bookkeeping: write_down_sign_in, queued on the writer
        self.start(
            QueryOp(
                self, "Đang kiểm tra mật khẩu…", check, self.db, self.username.text(), self.password.text()
            )
        )

    def _done(self, result) -> None:
        pc_settings.write(pc_settings.LAST_USERNAME, result.principal.username)
        super()._done(result)

    def _refused(self, exc: BaseException) -> None:
        damaged = self.db.read_only is not None and self.db.read_only.damaged
        if damaged and not isinstance(exc, SignInRefused):
            # The damage reaches what the check reads (the account's row, the policy's settings): no password
            # can be checked on this file, as when its account table cannot be read (UnsignedPrincipal).
            self.busy = False
            self.result_value = unsigned(damaged=True)
            QDialog.accept(self)
            return
        super()._refused(exc)

    def refused(self, exc: BaseException) -> None:
        self.password.clear()
        self.password.setFocus()


# --- change one's own password ------------------------------------------------------------------------------


class ChangePasswordDialog(_AccountDialog):
    """Đổi mật khẩu: the current one, the new one twice. `reason` (forced at sign-in) is said at the top, and
    the dialog's cancel is then Thoát (no work before the change)."""

    def __init__(
        self,
        where,  # the Workspace, or a bare ServiceContext before the window has one
        principal: Principal,
        reason: str = "",
        policy: PasswordPolicy | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__("Đổi mật khẩu", "Đổi mật khẩu", "Thoát" if reason else "Hủy", parent)
        self.where = where
        self.principal = principal
        self.result_value = None
        if reason:
            self.reason_label = QLabel(escape(reason))
            self.reason_label.setObjectName("error")
            self.reason_label.setWordWrap(True)
            self.outer.addWidget(self.reason_label)
            self.cancel_button.setToolTip("Đóng chương trình, chưa đổi mật khẩu")
        who = escape(principal.full_name or principal.username)
        self.outer.addWidget(QLabel(f"Tài khoản: <b>{who}</b> ({escape(principal.username)})"))
        self.old = password_field()
        self.form.addRow("Mật khẩu &hiện tại:", self.old)
        self.password = NewPassword(self.form, policy, lambda: principal.username)
        self.finish_layout(560)
        if policy is None:
            ctx = getattr(where, "ctx", where)
            self._policy = Loader(read_policy, self)
            self._policy.loaded.connect(lambda _args, p: self.password.set_policy(p))
            self._policy.request(ctx)
        self.old.setFocus()

    def accept(self) -> None:
        if self.busy:
            return
        self.error.clear()
        problems = self.password.problems()
        if not self.old.text():
            self.error.setText("Hãy nhập mật khẩu hiện tại.")
            self.old.setFocus()
            return
        if problems:
            self.error.setText("Mật khẩu mới chưa đạt: " + "; ".join(problems) + ".")
            self.password.first.setFocus()
            return
        self.start(
            WriteOp(
                self.where,
                self,
                "Đang đổi mật khẩu…",
                change_own_password,
                self.principal.username,
                self.old.text(),
                self.password.first.text(),
            )
        )

    def refused(self, exc: BaseException) -> None:
        self.old.clear()
        self.old.setFocus()


# --- the whole step -----------------------------------------------------------------------------------------


def _run(dialog: _AccountDialog) -> bool:
    """Show the dialog and wait for the clerk (its check runs off the GUI thread meanwhile)."""
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return accepted


def ask_account(
    ctx: ServiceContext,
    agency: AgencyInfo | None,
    accounts: bool | None,
    policy: PasswordPolicy | None = None,
    parent: QWidget | None = None,
) -> SignIn | None:
    """Who the window works for, asked on the GUI thread before it shows a database: the first administrator
    (no account yet), else a sign-in, then the forced change of password. None when the clerk chose Thoát.

    `accounts`: whether the database has accounts (None: its account table cannot be read, a damaged file).
    `ctx` is the program's own (trusted) context, used only to create the first administrator."""
    db = ctx.db
    if db.read_only is not None and not accounts:
        return unsigned(db.read_only.damaged)  # no sign-in can happen here: see UnsignedPrincipal
    dialog = (
        FirstAdminDialog(ctx, agency, policy, parent) if not accounts else SignInDialog(db, agency, parent)
    )
    if not _run(dialog):
        return None
    signed = dialog.result_value
    write_down_sign_in(db, signed, parent)  # before the change of password, as it happened
    if signed.must_change and db.read_only is None:  # read-only: nothing could be saved, nor changed
        if not _run(ChangePasswordDialog(ctx, signed.principal, signed.reason, policy, parent)):
            return None
    return signed


class _Bookkeeping(WriteOp):
    """A write nobody waits for: no busy indicator."""

    def _show_dialog(self) -> None:
        pass


def write_down_sign_in(db: Database, signed: SignIn, parent: QWidget | None = None) -> None:
    """A sign-in checked by `sign_in(later=True)` written down (its audit row, the account's last sign-in) on
    the writer thread, ahead of any write the clerk asks for. The window does not wait for it: it is written
    once the integrity check behind the opening has given its verdict (a damaged file keeps nothing: the
    program's log says so)."""
    pending = signed.pending
    if pending is None:
        return
    _Bookkeeping(ServiceContext(db), parent, "Đang ghi lần đăng nhập…", record_sign_in, pending).failure(
        lambda exc: log.warning("the sign-in of %s was not written down: %s", pending.username, exc)
    ).run()
