"""Cài đặt › Tài khoản driven by a signed-in administrator: add an account (it must change its password),
reset a password, unlock a locked account, deactivate and activate again, refuse to deactivate the last
administrator, save the password policy. The tab is there only for an account that manages accounts."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from app.errors import UserError
from app.services.accounts import (
    AccountData,
    PasswordPolicy,
    add_account,
    create_first_admin,
    list_accounts,
    read_policy,
    sign_in,
)
from app.services.context import ServiceContext
from database.enums import Role
from ui.dialogs.account_form import ONE_TIME_PASSWORD, AccountDialog, ResetPasswordDialog, role_explanation
from ui.main_window import section_row
from ui.pages.settings_accounts import ACTIVE, DISABLED, MUST_CHANGE, AccountsTab

ADMIN_PASSWORD = "So-Y-te#2026"
SETTINGS_ROW = section_row("settings")


@pytest.fixture
def admin(ui_db):
    return create_first_admin(
        ui_db, AccountData("quantri", "Nguyễn Văn Quản", frozenset({Role.ADMIN})), ADMIN_PASSWORD
    )


@pytest.fixture
def signed_in_window(qtbot, qt_app, ui_db, agency):
    """The main window as an account with `roles` sees it (the account is made first)."""
    from ui.main_window import MainWindow
    from ui.workspace import Workspace

    made = []

    def make(principal):
        window = MainWindow(Workspace(ServiceContext.signed_in(ui_db, principal), agency))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.workspace.overview is not None and not window.workspace.loading)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def accounts_tab(qtbot, window) -> AccountsTab:
    window.show_section(SETTINGS_ROW)
    page = window.current_page()
    index = next(i for i in range(page.tabs.count()) if page.tabs.tabText(i) == "Tài khoản")
    page.tabs.setCurrentIndex(index)
    tab = page.tabs.widget(index)
    assert isinstance(tab, AccountsTab)
    qtbot.waitUntil(lambda: tab.view is not None)
    return tab


@pytest.fixture
def tab(qtbot, signed_in_window, admin):
    return accounts_tab(qtbot, signed_in_window(admin))


def row_of(tab: AccountsTab, username: str) -> int:
    return next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == username)


def choose(tab: AccountsTab, username: str) -> None:
    tab.table.selectRow(row_of(tab, username))


def status(tab: AccountsTab, username: str) -> str:
    return tab.table.item(row_of(tab, username), 3).text()


def modal(qtbot, kind):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    return QApplication.activeModalWidget()


def test_the_administrator_adds_an_account_that_must_change_its_password(qtbot, tab, ui_db):
    assert tab.table.rowCount() == 1 and status(tab, "quantri") == ACTIVE
    assert "chưa đăng nhập" in tab.table.item(0, 4).text()
    tab.add_button.click()
    dialog = modal(qtbot, AccountDialog)
    assert any(
        label.text() == ONE_TIME_PASSWORD.format(when="đầu tiên") for label in dialog.findChildren(QLabel)
    )  # says it must change
    dialog.username_edit.setText("vanthu")
    dialog.full_name_edit.setText("Trần Thị Thư")
    dialog.role_choice.boxes[Role.CLERK].setChecked(False)
    dialog.role_choice.boxes[Role.REGISTRAR].setChecked(True)
    dialog.password.first.setText("ngan")
    assert "ít nhất 8 ký tự" in dialog.password.state.text()
    assert dialog.password.state.objectName() == "error"
    dialog.password.first.setText("Vanthu2026!")
    assert "không được chứa tên đăng nhập" in dialog.password.state.text()
    dialog.password.first.setText("Sổ-đi-2026")
    assert "chưa khớp" in dialog.password.state.text()
    dialog.password.second.setText("Sổ-đi-2026")
    assert "đạt chính sách" in dialog.password.state.text()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2)
    assert status(tab, "vanthu") == MUST_CHANGE
    assert tab.table.item(row_of(tab, "vanthu"), 2).text() == Role.REGISTRAR.label
    signed = sign_in(ui_db, "vanthu", "Sổ-đi-2026")
    assert signed.must_change and signed.principal.roles == {Role.REGISTRAR}


def test_role_lines_come_from_the_matrix():
    assert role_explanation(Role.VIEWER) == "chỉ xem, không thay đổi được gì"
    assert role_explanation(Role.ADMIN) == "tài khoản, cài đặt cơ quan, danh mục, sao lưu, xem nhật ký"
    assert "vào sổ, cấp số, hủy số văn bản đi" in role_explanation(Role.REGISTRAR, short=False)
    assert role_explanation(Role.CLERK, short=False).startswith("xem mọi dữ liệu; thay đổi dữ liệu thi đua")


def test_edit_roles_and_reset_a_password(qtbot, tab, ui_db, admin):
    ctx = ServiceContext.signed_in(ui_db, admin)
    add_account(ctx, AccountData("chuyenvien", "Lê Văn Chuyên", frozenset({Role.CLERK})), "Khen-thuong-1")
    tab.reload()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2)
    choose(tab, "chuyenvien")
    tab.edit_button.click()
    dialog = modal(qtbot, AccountDialog)
    assert dialog.username_edit.isReadOnly() and dialog.password is None
    dialog.role_choice.boxes[Role.LEADER].setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: Role.LEADER.label in tab.table.item(row_of(tab, "chuyenvien"), 2).text())

    choose(tab, "chuyenvien")
    tab.reset_button.click()
    dialog = modal(qtbot, ResetPasswordDialog)
    dialog.password.first.setText("Mat-khau-moi-9")
    dialog.password.second.setText("Mat-khau-moi-9")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Đã đặt lại mật khẩu" in tab.message.text())
    assert sign_in(ui_db, "chuyenvien", "Mat-khau-moi-9").must_change
    with pytest.raises(UserError):
        sign_in(ui_db, "chuyenvien", "Khen-thuong-1")


def test_unlock_a_locked_account(qtbot, tab, ui_db, admin):
    ctx = ServiceContext.signed_in(ui_db, admin)
    add_account(ctx, AccountData("lanhdao", "Phạm Lãnh", frozenset({Role.LEADER})), "Phong-TDKT-26")
    for _ in range(read_policy(ctx).lockout_attempts):
        with pytest.raises(UserError):
            sign_in(ui_db, "lanhdao", "sai mật khẩu")
    tab.reload()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2)
    assert status(tab, "lanhdao").startswith("Đang khóa đến ")
    choose(tab, "lanhdao")
    assert tab.unlock_button.isEnabled()
    tab.unlock_button.click()
    qtbot.waitUntil(lambda: status(tab, "lanhdao") == MUST_CHANGE)
    assert "Đã mở khóa" in tab.message.text()
    assert sign_in(ui_db, "lanhdao", "Phong-TDKT-26").principal.username == "lanhdao"


def test_deactivate_keeps_the_account_and_the_last_administrator_stays(qtbot, tab, ui_db, admin, monkeypatch):
    import ui.pages.settings_accounts as accounts_page

    monkeypatch.setattr(accounts_page, "confirm", lambda *_a, **_k: True)
    ctx = ServiceContext.signed_in(ui_db, admin)
    add_account(ctx, AccountData("xem", "Đỗ Thị Xem", frozenset({Role.VIEWER})), "Doc-du-lieu-26")
    tab.reload()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2)

    choose(tab, "quantri")
    tab.active_button.click()
    qtbot.waitUntil(lambda: tab.message.objectName() == "error")
    assert "tài khoản quản trị duy nhất" in tab.message.text()
    assert status(tab, "quantri") == ACTIVE

    choose(tab, "xem")
    assert tab.active_button.text() == "Vô hiệu hóa"
    assert "lịch sử của tài khoản được giữ" in tab.active_button.toolTip()
    tab.active_button.click()
    qtbot.waitUntil(lambda: status(tab, "xem") == DISABLED)
    assert "lịch sử của tài khoản được giữ" in tab.message.text()
    assert [a.username for a in list_accounts(ctx)] == ["quantri", "xem"]  # never deleted
    with pytest.raises(UserError, match="vô hiệu hóa"):
        sign_in(ui_db, "xem", "Doc-du-lieu-26")
    choose(tab, "xem")
    assert tab.active_button.text() == "Kích hoạt lại"
    tab.active_button.click()
    qtbot.waitUntil(lambda: status(tab, "xem") == MUST_CHANGE)


def test_save_the_password_policy(qtbot, tab, ui_db):
    assert tab.min_length.value() == 8 and tab.max_age.text() == "không hết hạn"
    tab.min_length.setValue(12)
    tab.max_age.setValue(90)
    tab.idle_minutes.setValue(5)
    tab.save_policy_button.click()
    qtbot.waitUntil(lambda: "Đã lưu" in tab.message.text())
    assert read_policy(ServiceContext(ui_db)) == PasswordPolicy(12, 3, 90, 5, 15, 5)


@pytest.mark.parametrize("roles", [{Role.CLERK}, {Role.REGISTRAR}, {Role.LEADER}, {Role.VIEWER}])
def test_only_an_administrator_sees_the_tab(qtbot, signed_in_window, ui_db, admin, roles):
    from app.domain.permissions import Principal

    window = signed_in_window(Principal("nguoidung", frozenset(roles), 99, "Người dùng"))
    window.show_section(SETTINGS_ROW)
    page = window.current_page()
    names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Tài khoản" not in names and "Cơ quan và người ký" in names
    assert page.accounts_tab is None
