"""The main window: every area in the sidebar, real figures, the database named, another one opened."""

from __future__ import annotations

import datetime as dt
import linecache

import pytest
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from app.services.agency import get_agency, save_agency
from app.services.context import ServiceContext
from app.startup import open_database
from app.version import pyproject_version
from database.engine import sqlite_url
from tests.db.test_overview import add_records
from tests.ui.conftest import SMALL_SCREEN, sample_agency
from tests.ui.sign_in_steps import answer, give_up, make_admin, sign_in_as
from ui import workspace as workspace_module
from ui.dialogs.sign_in import SignInDialog
from ui.main_window import WINDOW_TITLE, section_row

AREA_TITLES = [
    "Tổng quan",
    "Đơn vị",
    "Cán bộ",
    "Phong trào thi đua",
    "Đăng ký thi đua",
    "Cụm/Khối thi đua",
    "Sáng kiến",
    "Đề nghị & Xét duyệt",
    "Quyết định & Khen thưởng",
    "Văn bản",
    "Văn bản đến",
    "Báo cáo & Xuất dữ liệu",
    "Cài đặt",
    "Nhật ký",  # Quản trị and Lãnh đạo only (tests/ui/test_audit_page.py); the test window is trusted
]


def _click_row(qtbot, window, row: int) -> None:
    item = window.sidebar.item(row)
    rect = window.sidebar.visualItemRect(item)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_sidebar_lists_every_area_in_order(make_window, agency):
    window = make_window(agency)
    assert (
        window.windowTitle() == WINDOW_TITLE == f"TĐKT {pyproject_version()} – Quản lý thi đua, khen thưởng"
    )
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == AREA_TITLES
    assert all(not window.sidebar.item(i).icon().isNull() for i in range(window.sidebar.count()))
    assert window.current_page().TITLE == "Tổng quan" and list(window.pages) == [0]  # others built on demand


def test_clicking_each_entry_shows_its_page(qtbot, make_window, agency):
    window = make_window(agency)
    for row, title in enumerate(AREA_TITLES):
        _click_row(qtbot, window, row)
        page = window.current_page()
        assert window.sidebar.currentRow() == row
        assert page is window.pages[row] and page.TITLE == title
    _click_row(qtbot, window, 0)
    assert window.current_page().TITLE == "Tổng quan"


def test_every_page_fits_a_1280_pixel_screen(qtbot, make_window, agency):
    """No page asks the window for more width than a 1280×720 screen has (the report tabs, the eligibility
    filters and counts, the Đề nghị heading included): nothing is pushed off the right edge."""
    window = make_window(agency)
    for row in range(len(AREA_TITLES)):
        _click_row(qtbot, window, row)
        assert window.minimumSizeHint().width() <= SMALL_SCREEN[0], AREA_TITLES[row]


def test_keyboard_moves_between_areas(qtbot, make_window, agency):
    window = make_window(agency)
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.current_page().TITLE == "Đơn vị"
    qtbot.keyClick(window.sidebar, Qt.Key.Key_End)
    assert window.current_page().TITLE == AREA_TITLES[-1]  # Nhật ký: the test window may read the audit
    qtbot.keyClick(window.sidebar, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().TITLE == "Cán bộ"


def test_the_window_lets_go_of_the_source_lines_its_start_left_behind(make_window, agency):
    """PySide6 reads the whole source of every module imported after Qt (to see whether it uses PySide6) and
    linecache keeps it: about 20 MiB at start. Once the window's figures are in, they are let go."""
    source = workspace_module.__file__
    assert linecache.getlines(source)  # as PySide6's check leaves a module's lines
    assert source in linecache.cache
    make_window(agency)
    assert source not in linecache.cache


def test_the_status_bar_names_the_database_and_the_clerk(make_window, agency, db_path):
    window = make_window(agency)
    assert window.database_label.text() == f"Cơ sở dữ liệu: {db_path}"
    assert window.user_label.text() == "Người dùng: thu-ky"


def test_overview_shows_the_real_counts(qtbot, make_window, agency, ui_ctx):
    add_records(ui_ctx, dt.date.today())
    window = make_window(agency)
    page = window.current_page()
    assert page.units_card.value.text() == "2"
    assert page.staff_card.value.text() in ("3", "4")  # one left 30 days ago; one leaves in 30 days
    assert page.nominations_card.value.text() == "2"
    # The base salary in force today (NĐ 161/2026/NĐ-CP from 01/07/2026, NĐ 73/2024 before).
    assert page.salary_card.value.text() == (
        "2.530.000 đ" if dt.date.today() >= dt.date(2026, 7, 1) else "2.340.000 đ"
    )
    last_year = dt.date.today().year - 1
    table = page.awards_table
    assert table.item(0, 0).text() == str(last_year)  # newest first; this year has no awards yet
    assert (table.item(0, 1).text(), table.item(0, 2).text(), table.item(0, 3).text()) == ("3", "2", "5")
    assert table.item(table.rowCount() - 1, 3).text() == "8"
    assert [y.year for y in page.chart.years][-1] == last_year and len(page.chart.years) == 10
    statuses = {
        page.nominations_table.item(r, 0).text(): page.nominations_table.item(r, 1).text()
        for r in range(page.nominations_table.rowCount())
    }
    assert statuses["Nháp"] == "2" and statuses["Đã quyết định"] == "1" and statuses["Cộng"] == "4"
    assert "SỞ Y TẾ – UBND TỈNH THANH HÓA" in page.subtitle.text()


def test_area_pages_count_what_the_database_holds(qtbot, make_window, agency, ui_ctx):
    add_records(ui_ctx, dt.date.today())
    window = make_window(agency)
    window.show_section(
        4
    )  # Đăng ký thi đua has its own page: the units of the latest year with registrations
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    assert page.view_data.year == dt.date.today().year
    assert sum(1 for u in page.view_data.units if u.registration_id) == 2
    window.show_section(6)  # Sáng kiến has its own page: every initiative
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    assert page.model.rowCount() == 1 and page.model.text(0, 1) == "Quy trình tiếp đón người bệnh"
    window.show_section(
        3
    )  # Phong trào thi đua has its own page: this year's campaigns, those under way first
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    names = [page.campaigns_model.text(r, 0) for r in range(page.campaigns_model.rowCount())]
    assert {"Thi đua thường xuyên", "Đợt cao điểm"} <= set(names[:2])


def test_an_empty_database_says_so(qtbot, make_window, agency):
    window = make_window(agency)
    window.show_section(2)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None)
    assert page.message.text().startswith("Chưa có cán bộ nào.")


def test_settings_shows_the_agency_and_the_catalogue(qtbot, make_window, agency, db_path):
    window = make_window(agency)
    window.show_section(section_row("settings"))
    page = window.current_page()
    assert "UBND TỈNH THANH HÓA" in page.header_preview.text()
    names = [page.signers_table.item(r, 0).text() for r in range(page.signers_table.rowCount())]
    assert names == ["Lê Văn Bình", "Trần Thị Hoa"]
    assert page.signers_table.item(1, 3).text() == "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
    assert page.db_location.text() == str(db_path)
    qtbot.waitUntil(lambda: page.view_data is not None)  # the catalogue is read in the background
    codes = [page.catalogue_table.item(r, 0).text() for r in range(page.catalogue_table.rowCount())]
    assert "LDTT" in codes and "GIAY_KHEN" in codes and len(codes) == 20
    ldtt = codes.index("LDTT")
    assert page.catalogue_table.item(ldtt, 1).text() == "Lao động tiên tiến"
    assert page.catalogue_table.item(ldtt, 4).text() == "Có"  # within the Director's power


def test_editing_the_agency_from_settings_updates_every_page(qtbot, make_window, agency, ui_ctx):
    window = make_window(agency)
    overview = window.current_page()
    window.show_section(section_row("settings"))
    page = window.current_page()

    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        dialog.agency_name.setText("Sở Y tế tỉnh Thanh Hóa")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_and_save)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert get_agency(ui_ctx).name == "SỞ Y TẾ TỈNH THANH HÓA"
    assert "SỞ Y TẾ TỈNH THANH HÓA" in page.header_preview.text()
    assert "SỞ Y TẾ TỈNH THANH HÓA" in overview.subtitle.text()


def test_the_window_remembers_its_size(qtbot, qt_app, ui_ctx, agency):
    from ui.main_window import MainWindow
    from ui.workspace import Workspace

    first = MainWindow(Workspace(ui_ctx, agency))
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 560)
    qtbot.waitUntil(lambda: first.size() == QSize(720, 560))
    first.close()
    second = MainWindow(Workspace(ui_ctx, agency))
    qtbot.addWidget(second)
    assert second.size() == QSize(720, 560)
    second.close()


@pytest.fixture
def other_database(tmp_path, ui_template):
    import shutil

    path = tmp_path / "huyen.sqlite3"
    shutil.copyfile(ui_template, path)
    db = open_database(sqlite_url(path), backup_dir=tmp_path / "b2")
    ctx = ServiceContext(db, actor="thu-ky")
    save_agency(ctx, sample_agency())
    add_records(ctx, dt.date.today())
    make_admin(db)
    db.dispose()
    return path


def test_opening_another_database_switches_everything(
    qtbot, make_window, agency, other_database, db_path, monkeypatch
):
    asked = answer(monkeypatch, qtbot, SignInDialog, sign_in_as("quantri"))  # the other file's account
    window = make_window(agency)
    window.show_section(1)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    opening = window.open_database_file(str(other_database))
    assert opening is not None and not window.open_action.isEnabled()
    qtbot.waitUntil(
        lambda: window.database_label.text() == f"Cơ sở dữ liệu: {other_database}", timeout=20_000
    )
    timer.stop()
    assert ticks  # the window kept running while the file was opened on a worker
    assert window.open_action.isEnabled()
    assert window.current_page().TITLE == "Tổng quan" and list(window.pages) == [0]
    qtbot.waitUntil(lambda: window.workspace.overview is not None and not window.workspace.loading)
    assert window.current_page().units_card.value.text() == "2"
    assert len(asked) == 1 and window.workspace.actor == "quantri"
    window.close()


def test_declining_the_sign_in_of_another_database_keeps_the_current_one(
    qtbot, make_window, agency, other_database, db_path, monkeypatch
):
    asked = answer(monkeypatch, qtbot, SignInDialog, give_up)
    window = make_window(agency)
    current = window.workspace
    window.open_database_file(str(other_database))
    qtbot.waitUntil(lambda: bool(asked) and window.open_action.isEnabled(), timeout=20_000)
    assert window.workspace is current and window.isVisible()
    assert window.database_label.text() == f"Cơ sở dữ liệu: {db_path}"
    window.close()


def test_a_database_that_cannot_be_opened_leaves_the_window_as_it_was(
    qtbot, make_window, agency, tmp_path, monkeypatch, db_path
):
    bad = tmp_path / "ghi-chu.sqlite3"
    bad.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    window = make_window(agency)
    window.open_database_file(str(bad))
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "không phải là cơ sở dữ liệu TĐKT" in shown[0]
    assert window.open_action.isEnabled()
    assert window.database_label.text() == f"Cơ sở dữ liệu: {db_path}"
    with window.workspace.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM agency")).scalar() == 1
