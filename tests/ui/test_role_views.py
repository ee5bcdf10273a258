"""The window hides or greys what the signed-in account's roles cannot do (issue 14, Deliver 2).

The main window is opened over a demo database as an account of each role, and every page (every tab of it)
is walked: its toolbar actions and its buttons are collected generically. A "Chỉ xem" account reads every
page, and nothing it can press writes (every enabled control is one of the reads listed below, and every
greyed one says why); the same walk for an account of every role finds the writes enabled, so the walk is not
empty. A "Văn thư" has the register's actions and not the desk's; a "Chuyên viên TĐKT" the opposite.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QTabWidget, QWidget

from app.demo import build_demo
from app.domain.permissions import Principal
from app.services.agency import get_agency
from app.services.context import ServiceContext
from app.services.documents import DraftInput, save_draft
from app.startup import open_database
from database.engine import sqlite_url
from database.enums import DocumentKind, Role
from tests.ui.test_gui_thread import settle
from tests.ui.test_screen_fit import add_a_batch
from ui.permissions import denial, denied_tip

# What a page offers that only reads, shows or prints (never a write, never personal data leaving the office).
READS = {
    "Làm mới",
    "Bỏ lọc",
    "Xem hồ sơ",
    "Xem hồ sơ đơn vị…",
    "Hồ sơ đơn vị",
    "Sao chép",
    "Cột",
    "Mở",
    "Mở tệp",
    "Mở bản ký",
    "Mở bản quét",
    "Xem trước",
    "In…",
    "Lưu Word…",
    "In quyết định…",
    "In giấy khen…",
    "Biên bản họp…",
    "Ai đủ điều kiện?…",
    "Soạn văn bản phát động…",  # drafts and previews; its "Vào sổ" is greyed inside
    "Mở thư mục chứa tệp dữ liệu",
    "Mở thư mục sao lưu",
    "Chép khóa công khai",
    "Lưu khóa công khai ra tệp…",
    "Đánh dấu người đủ điều kiện",  # marks rows in the list; proposing them is the write
    "Báo cáo & Xuất dữ liệu: Xuất Excel…",  # counts and money by year, unit, title: no person in it
    "Cụm/Khối thi đua: Cơ quan ngoài ngành…",  # the list; its Thêm, Sửa, Xóa are greyed inside
    "In bản giao ước…",  # the pledge as saved, to PDF
}
READ_PREFIXES = ("Báo cáo năm ",)  # the yearly report of TT 02/2023: figures only


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, ui_template):
    path = tmp_path_factory.mktemp("role_views") / "demo.sqlite3"
    shutil.copyfile(ui_template, path)
    db = open_database(sqlite_url(path), backup_dir=path.parent / "b")
    build_demo(db, small=True, seed=9, staff=300)
    ctx = ServiceContext(db, actor="thu-ky")
    add_a_batch(ctx)
    year = dt.date.today().year
    plan = DraftInput(
        kind=DocumentKind.PLAN,
        subject=f"Kế hoạch tổng kết thi đua năm {year}",
        text="Tổng kết phong trào thi đua của năm.",
    )
    save_draft(ctx, plan)
    db.dispose()
    return path


@pytest.fixture
def open_as(qtbot, qt_app, demo_file, tmp_path):
    """The main window over a copy of the demo database, as an account with these roles."""
    from ui.main_window import MainWindow
    from ui.workspace import Workspace

    made = []

    def make(*roles: Role):
        path = tmp_path / f"demo-{len(made)}.sqlite3"
        shutil.copyfile(demo_file, path)
        db = open_database(sqlite_url(path), backup_dir=tmp_path / "b")
        principal = Principal("nguoidung", frozenset(roles), None, "Người dùng")
        window = MainWindow(
            Workspace(ServiceContext.signed_in(db, principal), get_agency(ServiceContext(db)))
        )
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        made.append((window, db))
        return window

    yield make
    for window, db in made:
        window.close()
        db.dispose()


def controls(page: QWidget) -> list[QAction | QPushButton]:
    """What the clerk can press on a page: its actions (toolbars, menus) and its buttons."""
    actions = [
        a for a in page.findChildren(QAction) if a.text() and not a.isSeparator() and not a.isCheckable()
    ]
    buttons = [b for b in page.findChildren(QPushButton) if not b.isHidden()]
    return actions + buttons


def name(control) -> str:
    return control.text().replace("&", "")


def choose_first_rows(qtbot, widget: QWidget) -> None:
    """The first row of every list shown, chosen: the actions on a chosen row are then offered."""
    for view in widget.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisible() or model.rowCount() == 0 or view.currentIndex().isValid():
            continue
        view.setCurrentIndex(model.index(0, 0))
        settle(qtbot)


def walk(qtbot, window) -> dict[str, list]:
    """Every page and every tab shown in turn, the first row of each table chosen (so that the actions on a
    row are offered); the controls of each page, by the page's title."""
    from ui.main_window import SECTIONS

    found = {}
    for row, section in enumerate(SECTIONS):
        window.show_section(row)
        settle(qtbot)
        page = window.current_page()
        if getattr(page, "view_data", True) is None:  # a page that reads: it did read
            pytest.fail(f"{section.title}: chưa đọc được dữ liệu")
        choose_first_rows(qtbot, page)
        for tabs in page.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                settle(qtbot)
                choose_first_rows(qtbot, tabs.widget(index))
        found[section.title] = controls(page)
    return found


def is_read(page: str, control) -> bool:
    text = name(control)
    return text in READS or f"{page}: {text}" in READS or text.startswith(READ_PREFIXES)


def enabled_writes(found: dict[str, list]) -> list[str]:
    return sorted(
        f"{page}: {name(c)}"
        for page, items in found.items()
        for c in items
        if c.isEnabled() and not is_read(page, c)
    )


def test_a_viewer_reads_every_page_and_can_press_no_write(qtbot, open_as):
    found = walk(qtbot, open_as(Role.VIEWER))
    writes = enabled_writes(found)
    assert not writes, "\n".join(writes)
    greyed = [c for items in found.values() for c in items if denial(c) is not None]
    assert len(greyed) > 40
    assert all(c.toolTip().startswith("Tài khoản của bạn không có quyền") for c in greyed)


def test_the_walk_finds_the_writes_of_an_account_that_may_do_everything(qtbot, open_as):
    found = walk(qtbot, open_as(*Role))
    writes = enabled_writes(found)
    for expected in (
        "Cán bộ: Thêm cán bộ…",
        "Đơn vị: Thêm đơn vị…",
        "Văn bản: Soạn văn bản…",
        "Quyết định & Khen thưởng: Lập quyết định…",
        "Cài đặt: Sửa thông tin cơ quan…",
        "Cài đặt: Thêm tài khoản…",
    ):
        assert expected in writes
    assert not any(denial(c) for items in found.values() for c in items)


def page_of(qtbot, window, title: str):
    from ui.main_window import SECTIONS

    window.show_section(next(n for n, s in enumerate(SECTIONS) if s.title == title))
    settle(qtbot)
    return window.current_page()


def choose_draft(qtbot, page) -> None:
    from database.enums import DocumentStatus

    for row in range(page.model.rowCount()):
        if page.model.row_id(row).status is DocumentStatus.DRAFT:
            page.view.selectRow(row)
            settle(qtbot)
            return
    pytest.fail("no draft in the register")


def test_a_registrar_numbers_and_voids_but_does_not_draft(qtbot, open_as):
    window = open_as(Role.REGISTRAR)
    documents = page_of(qtbot, window, "Văn bản")
    choose_draft(qtbot, documents)
    assert documents.register_action.isEnabled()
    for action in (documents.register_action, documents.void_action, documents.attach_action):
        assert denial(action) is None
    assert documents.series_combo.isEnabled()  # how the register numbers
    for action in (documents.new_action, documents.delete_action):
        assert not action.isEnabled()
        assert action.toolTip() == "Tài khoản của bạn không có quyền thay đổi dữ liệu thi đua, khen thưởng."
    decisions = page_of(qtbot, window, "Quyết định & Khen thưởng")
    assert decisions.issue_action.isEnabled()
    assert denial(decisions.forward_action) is None  # a Tờ trình takes its number from the register
    staff = page_of(qtbot, window, "Cán bộ")
    assert not staff.add_button.isEnabled() and not staff.export_button.isEnabled()


def test_a_clerk_drafts_but_does_not_number(qtbot, open_as):
    window = open_as(Role.CLERK)
    documents = page_of(qtbot, window, "Văn bản")
    choose_draft(qtbot, documents)
    assert documents.new_action.isEnabled() and documents.delete_action.isEnabled()
    for action in (documents.register_action, documents.void_action, documents.attach_action):
        assert not action.isEnabled()
        assert action.toolTip() == denied_tip(denial(action))
        assert "vào sổ, cấp số, hủy số văn bản đi" in action.toolTip()
    assert not documents.series_combo.isEnabled()
    decisions = page_of(qtbot, window, "Quyết định & Khen thưởng")
    assert not decisions.issue_action.isEnabled()
    assert not decisions.forward_action.isEnabled() and denial(decisions.forward_action) is not None
    staff = page_of(qtbot, window, "Cán bộ")
    assert staff.add_button.isEnabled() and staff.export_button.isEnabled()
    settings = page_of(qtbot, window, "Cài đặt")
    assert not settings.edit_button.isEnabled() and settings.accounts_tab is None


def test_an_administrator_keeps_the_settings_and_not_the_desk(qtbot, open_as):
    window = open_as(Role.ADMIN)
    settings = page_of(qtbot, window, "Cài đặt")
    assert settings.accounts_tab is not None
    for button in (settings.edit_button, settings.add_award_button, settings.add_salary_button):
        assert button.isEnabled()
    staff = page_of(qtbot, window, "Cán bộ")
    assert not staff.add_button.isEnabled() and not staff.import_button.isEnabled()
    assert not window.package_import_action.isEnabled() and not window.package_export_action.isEnabled()
    clusters = page_of(qtbot, window, "Cụm/Khối thi đua")
    assert clusters.scores_tab.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers


def test_a_greying_holds_against_the_page_and_is_lifted_for_an_account_that_may(qtbot, qt_app):
    from app.domain.permissions import Permission
    from ui.permissions import allow

    page = QWidget()
    qtbot.addWidget(page)
    button, action = QPushButton("Vào sổ…", page), QAction("Vào sổ…", page)
    button.setToolTip("Cấp số")
    registrar = Principal("vanthu", frozenset({Role.REGISTRAR}))
    clerk = Principal("chuyenvien", frozenset({Role.CLERK}))
    needs = (Permission.DESK, Permission.REGISTER)  # save the draft, then number it
    assert not allow(clerk, needs, button, action)
    assert denial(button) is Permission.REGISTER
    button.setEnabled(True)  # the page enables it when a draft is chosen: it stays greyed
    action.setEnabled(True)
    button.setToolTip("Cấp số cho dự thảo")
    assert not button.isEnabled() and not action.isEnabled()
    assert button.toolTip() == denied_tip(Permission.REGISTER)
    assert not allow(registrar, needs, button)
    assert denial(button) is Permission.DESK and button.toolTip() == denied_tip(Permission.DESK)
    both = Principal("motcanbo", frozenset({Role.CLERK, Role.REGISTRAR}))
    assert allow(both, needs, button, action)
    assert button.isEnabled() and action.isEnabled() and denial(button) is None
    assert button.toolTip() == "Cấp số"
