"""Cài đặt › Tài khoản: add an account, change its name and roles, or give it a new password.

A password the administrator types here is checked against the policy as it is typed, twice; the account must
change it at its first sign-in (app.services.accounts). Each OK is one use case needing Permission.ACCOUNTS.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QWidget

from app.domain.permissions import ROLE_PERMISSIONS, Permission
from app.errors import ValidationError
from app.services.accounts import (
    AccountData,
    AccountRow,
    PasswordPolicy,
    add_account,
    policy_problems,
    reset_password,
    update_account,
)
from database.enums import Role
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, line
from ui.workspace import Area

ONE_TIME_PASSWORD = (
    "Mật khẩu này chỉ dùng một lần: ở lần đăng nhập {when}, người dùng phải đổi sang mật khẩu của riêng mình. "
    "Hãy trao mật khẩu tận tay, không gửi qua thư điện tử."
)


# A few words a permission, for the one line beside each role (Permission.label is the full sentence).
_SHORT = {
    Permission.ACCOUNTS: "tài khoản",
    Permission.SETTINGS: "cài đặt cơ quan",
    Permission.CATALOGUE: "danh mục",
    Permission.BACKUPS: "sao lưu",
    Permission.DESK: "mọi việc thi đua, khen thưởng",
    Permission.REGISTER: "sổ văn bản đi: cấp số, hủy số, bản ký",
    Permission.APPROVE: "duyệt văn bản trình ký",
    Permission.AUDIT: "xem nhật ký",
    Permission.EXPORT: "xuất dữ liệu cá nhân",
}


def role_explanation(role: Role, short: bool = True) -> str:
    """What the role may change, from the permission matrix itself (every role reads everything)."""
    granted = [p for p in Permission if p in ROLE_PERMISSIONS[role]]
    if not granted:
        return "chỉ xem, không thay đổi được gì"
    if short:
        return ", ".join(_SHORT[p] for p in granted)
    return "xem mọi dữ liệu; " + "; ".join(p.label for p in granted)


class RoleChoice(QWidget):
    """One checkbox a role, with a line beside it on what the role may do (the tooltip says it in full)."""

    def __init__(self, chosen: frozenset[Role] = frozenset(), parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.boxes: dict[Role, QCheckBox] = {}
        for row, role in enumerate(Role):
            box = QCheckBox(role.label)
            box.setChecked(role in chosen)
            box.setAccessibleName(f"Vai trò {role.label}")
            box.setToolTip("Được " + role_explanation(role, short=False))
            explanation = QLabel(role_explanation(role))
            explanation.setObjectName("muted")
            explanation.setToolTip(box.toolTip())
            grid.addWidget(box, row, 0)
            grid.addWidget(explanation, row, 1)
            self.boxes[role] = box
        grid.setColumnStretch(1, 1)
        note = QLabel("Mọi vai trò đều xem được mọi dữ liệu.")
        note.setObjectName("muted")
        grid.addWidget(note, len(Role), 0, 1, 2)

    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.boxes.items() if box.isChecked())


class PasswordPair:
    """The password typed twice, with what it still lacks under the policy shown as it is typed."""

    def __init__(self, form_dialog: FormDialog, policy: PasswordPolicy, username) -> None:
        self.policy = policy
        self.username = username  # a callable: the account's name, which the password must not contain
        self.first = self._edit("Mật khẩu")
        self.second = self._edit("Nhập lại mật khẩu")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setObjectName("muted")
        form = form_dialog.form
        form.addRow("Mật khẩu:", self.first)
        form.addRow("Nhập lại:", self.second)
        form.addRow("", self.state)
        for edit in (self.first, self.second):
            edit.textChanged.connect(self.update)
        self.update()

    @staticmethod
    def _edit(name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        return edit

    def problem(self) -> str:
        """What is wrong now, in Vietnamese ("" when the password passes and both entries match)."""
        password = self.first.text()
        problems = policy_problems(password, self.policy, self.username())
        if problems:
            return "Mật khẩu chưa đạt: " + "; ".join(problems) + "."
        if password != self.second.text():
            return "Hai lần nhập mật khẩu chưa khớp nhau."
        return ""

    def update(self) -> None:
        problem = self.problem()
        self.state.setText(problem or "Mật khẩu đạt chính sách; hai lần nhập khớp nhau.")
        name = "error" if problem and self.first.text() else "muted"
        if self.state.objectName() != name:
            self.state.setObjectName(name)
            self.state.style().unpolish(self.state)
            self.state.style().polish(self.state)

    def value(self) -> str:
        problem = self.problem()
        if problem:
            raise ValidationError(problem)
        return self.first.text()


class AccountDialog(FormDialog):
    """A new account (`account` None), or the full name and roles of one."""

    def __init__(
        self,
        workspace,
        policy: PasswordPolicy,
        account: AccountRow | None = None,
        parent: QWidget | None = None,
    ):
        adding = account is None
        self.OK_TEXT = "Thêm tài khoản" if adding else "Lưu"
        super().__init__(
            workspace,
            "Thêm tài khoản" if adding else f"Sửa tài khoản “{account.username}”",
            "Mỗi người dùng một tài khoản riêng; nhật ký ghi việc làm theo tài khoản. Một tài khoản có thể "
            "có nhiều vai trò (ví dụ cơ quan chỉ có một cán bộ vừa làm TĐKT vừa làm văn thư)."
            if adding
            else "Tên đăng nhập không đổi được. Vai trò mới có hiệu lực từ lần đăng nhập sau của người dùng.",
            parent,
        )
        self.ok_button.setText(self.OK_TEXT)
        self.account = account
        self.username_edit = line("Ví dụ: nguyenvana (không dấu cách)", account.username if account else "")
        self.username_edit.setReadOnly(not adding)
        self.username_edit.setAccessibleName("Tên đăng nhập")
        self.full_name_edit = line("Họ và tên người dùng", account.full_name if account else "")
        self.full_name_edit.setAccessibleName("Họ và tên")
        self.role_choice = RoleChoice(account.roles if account else frozenset({Role.CLERK}))
        self.form.addRow("Tên đăng nhập:", self.username_edit)
        self.form.addRow("Họ và tên:", self.full_name_edit)
        self.form.addRow("Vai trò:", self.role_choice)
        self.password: PasswordPair | None = None
        if adding:
            self.password = PasswordPair(self, policy, self.username_edit.text)
            self.username_edit.textChanged.connect(self.password.update)
            add_hint(self.form, ONE_TIME_PASSWORD.format(when="đầu tiên"))
        self.finish_layout(600)

    def submit(self) -> WriteOp:
        roles = self.role_choice.roles()
        if self.account is not None:
            return self.write(
                update_account,
                self.account.id,
                self.full_name_edit.text(),
                roles,
                self.account.version,  # another administrator's change since is not overwritten
                areas={Area.ACCOUNTS},
            )
        data = AccountData(self.username_edit.text(), self.full_name_edit.text(), roles)
        return self.write(add_account, data, self.password.value(), areas={Area.ACCOUNTS})


class ResetPasswordDialog(FormDialog):
    OK_TEXT = "Đặt lại mật khẩu"

    def __init__(self, workspace, policy: PasswordPolicy, account: AccountRow, parent: QWidget | None = None):
        super().__init__(
            workspace,
            f"Đặt lại mật khẩu cho “{account.username}”",
            f"Tài khoản “{account.username}” ({account.full_name}) nhận mật khẩu mới và được mở khóa nếu đang "
            "bị khóa. Mật khẩu cũ không dùng được nữa.",
            parent,
        )
        self.account = account
        self.password = PasswordPair(self, policy, lambda: account.username)
        add_hint(self.form, ONE_TIME_PASSWORD.format(when="tới"))
        self.finish_layout(520)

    def submit(self) -> WriteOp:
        return self.write(reset_password, self.account.id, self.password.value(), areas={Area.ACCOUNTS})
