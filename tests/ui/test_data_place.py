"""Nơi lưu dữ liệu changed later (Cài đặt › Cơ sở dữ liệu › Đổi nơi lưu dữ liệu…, the first-run wizard's step 4
fields): what the tab shows, this PC chosen again, a server chosen only once tested (a real PostgreSQL: empty
and this office's are taken, another office's refused), Quản trị only, audited; and a remembered server that
cannot be reached at start, with the way back to this PC's data."""

from __future__ import annotations

import argparse
import os
import time

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app.domain.permissions import Principal
from app.errors import UserError
from app.paths import default_database_path, remembered_url_file
from app.services.agency import get_agency, save_agency
from app.services.context import ServiceContext
from app.services.data_place import choose_data_place, place_of
from app.startup import open_database, remember_database_url, remembered_database_url
from database.engine import normalise_url, sqlite_url
from database.enums import Role
from database.models import AuditEntry
from tests.ui.boxes import Answers
from tests.ui.conftest import sample_agency
from tests.ui.keyboard import type_text
from tests.ui.sign_in_steps import answer, make_admin, sign_in_as
from tests.ui.test_first_run import _run_without_event_loop
from ui.dialogs.data_place_dialog import DataPlaceDialog
from ui.dialogs.sign_in import SignInDialog
from ui.main_window import section_row
from ui.workspace import Workspace

PG_ENV = "TDKT_TEST_DATABASE_URL"
SERVERS = [os.environ[PG_ENV]] if os.environ.get(PG_ENV) else []  # CI always gives one
FAR_SERVER = (
    "postgresql://tdkt:mat-khau-bi-mat@127.0.0.1:1/tdkt"  # nothing listens on port 1: refused at once
)


def _database_tab(window):
    window.show_section(section_row("settings"))
    page = window.current_page()
    page.tabs.setCurrentIndex(1)
    return page


def test_the_tab_shows_where_the_data_live_and_whether_it_is_the_remembered_choice(
    make_window, agency, db_path
):
    page = _database_tab(make_window(agency))
    assert page.tabs.tabText(1) == "Cơ sở dữ liệu"
    assert page.db_location.text() == str(db_path)
    # Opened with --db: the next start (nothing given) opens the file of the data folder instead.
    assert page.db_next.text().startswith("Chỉ mở lần này.")
    assert str(default_database_path()) in page.db_next.text()
    assert page.data_place_button.isEnabled()  # the program's own context: every permission

    remember_database_url(FAR_SERVER)
    page.show_data_place()
    assert (
        "máy chủ PostgreSQL 127.0.0.1, cổng 1, cơ sở dữ liệu “tdkt”, người dùng tdkt" in page.db_next.text()
    )
    assert "mat-khau" not in page.db_next.text()


def test_only_an_administrator_may_change_it(qtbot, qt_app, ui_db, agency):
    from ui.pages.settings import SettingsPage

    for roles, allowed in (({Role.CLERK, Role.REGISTRAR}, False), ({Role.ADMIN}, True)):
        principal = Principal("nguoidung", frozenset(roles), None, "Người dùng")
        page = SettingsPage(Workspace(ServiceContext.signed_in(ui_db, principal), agency))
        qtbot.addWidget(page)
        assert page.data_place_button.isEnabled() is allowed
    clerk = ServiceContext.signed_in(ui_db, Principal("chuyenvien", frozenset({Role.CLERK})))
    with pytest.raises(UserError, match="không có quyền thay đổi cài đặt"):
        choose_data_place(clerk, None)


def _audited(db) -> list[tuple[str, str]]:
    with ServiceContext(db).read() as s:
        rows = s.execute(
            select(AuditEntry.action, AuditEntry.summary).where(AuditEntry.action == "data_place")
        ).all()
    return [tuple(r) for r in rows]


def test_choosing_this_pc_forgets_the_server_says_so_and_offers_to_open_it(
    qtbot, make_window, agency, monkeypatch
):
    window = make_window(agency)
    page = _database_tab(window)
    remember_database_url(FAR_SERVER)
    opened = []
    monkeypatch.setattr(window, "open_database_url", lambda url, where: opened.append((url, where)))

    def clerk(dialog):
        dialog.show()
        assert dialog.fields.local.isChecked()  # the window uses a file
        assert str(default_database_path()) in dialog.fields.local_text.text()
        assert "Tệp › Hợp nhất dữ liệu từ cơ sở dữ liệu khác…" in dialog.not_copied.text()
        dialog.save_button.click()
        qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10_000)
        return dialog.result()

    monkeypatch.setattr(DataPlaceDialog, "exec", clerk)
    answers = Answers(monkeypatch, yes=True)
    page.data_place_button.click()

    assert not remembered_url_file().exists()
    assert [a.buttons for a in answers.asked] == [("Mở ngay", "Để lần khởi động sau")]
    assert answers.asked[0].text.startswith(
        f"Từ lần khởi động sau, chương trình trên máy này mở dữ liệu ở tệp “{default_database_path()}”"
    )
    assert "không được chép sang" in answers.asked[0].text
    assert [(url.database, where) for url, where in opened] == [
        (str(default_database_path()), f"tệp “{default_database_path()}” trên máy này")
    ]
    assert _audited(window.workspace.db) == [
        (
            "data_place",
            f"Đổi nơi lưu dữ liệu của máy này (từ lần khởi động sau): tệp “{default_database_path()}” trên máy này",
        )
    ]
    assert page.db_next.text().startswith("Chỉ mở lần này.")


def test_a_server_that_cannot_be_reached_is_refused_without_hanging(qtbot, make_window, agency):
    window = make_window(agency)
    dialog = DataPlaceDialog(window.workspace, window)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.fields
    fields.server.click()
    type_text(qtbot, fields.host, "127.0.0.1")
    fields.port.setValue(1)
    assert dialog.save() is None and "Kiểm tra kết nối" in dialog.error.text()  # not tested yet
    started = time.monotonic()
    fields.test_button.click()
    qtbot.waitUntil(lambda: fields.test_button.isEnabled(), timeout=15_000)
    assert time.monotonic() - started < 15
    assert "từ chối kết nối" in fields.test_result.text() and fields.tested is None
    assert dialog.save() is None and not remembered_url_file().exists()
    dialog.reject()


@pytest.fixture
def server_database(request):
    """make(agency | None) -> URL of a new migrated PostgreSQL database (holding that agency), dropped after."""
    admin_url = normalise_url(make_url(request.param))
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make(agency=None):
        name = f"tdkt_dp_{os.getpid()}_{len(made)}_{int(time.time() * 1000) % 100000}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        url = admin_url.set(database=name)
        if agency is not None:
            db = open_database(url)
            save_agency(ServiceContext(db), agency)
            db.dispose()
        return url

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _fill(qtbot, fields, url) -> None:
    fields.server.click()
    for edit, value in (
        (fields.host, url.host),
        (fields.user, url.username),
        (fields.password, url.password),
    ):
        edit.clear()
        type_text(qtbot, edit, value or "")
    fields.database.clear()
    type_text(qtbot, fields.database, url.database)
    fields.port.setValue(url.port or 5432)


def _test(qtbot, fields) -> str:
    fields.test_button.click()
    qtbot.waitUntil(lambda: fields.test_button.isEnabled(), timeout=15_000)
    return fields.test_result.text()


@pytest.mark.parametrize("server_database", SERVERS, indirect=True)
def test_a_server_is_chosen_once_tested_and_another_office_is_refused(
    qtbot, make_window, agency, server_database
):
    from dataclasses import replace

    window = make_window(agency)
    other = server_database(replace(sample_agency(), name="SỞ Y TẾ", parent_name="UBND TỈNH HÀ TĨNH"))
    same = server_database(sample_agency())
    empty = server_database()
    dialog = DataPlaceDialog(window.workspace, window)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.fields

    _fill(qtbot, fields, other)
    said = _test(qtbot, fields)
    assert "đã có dữ liệu của cơ quan khác" in said and "không dùng được" in said and fields.tested is None
    assert dialog.save() is None and "Kiểm tra kết nối" in dialog.error.text()
    with pytest.raises(UserError, match="cơ quan khác"):  # the service refuses it too, not only the dialog
        choose_data_place(window.workspace.ctx, other.render_as_string(hide_password=False))

    _fill(qtbot, fields, same)
    assert "dữ liệu của chính cơ quan này" in _test(qtbot, fields) and fields.tested is not None

    _fill(qtbot, fields, empty)
    assert "còn trống: dùng được" in _test(qtbot, fields)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=15_000)
    assert normalise_url(remembered_database_url()) == empty
    assert remembered_url_file().stat().st_mode & 0o077 == 0
    assert dialog.saved == place_of(empty)
    summary = f"Đổi nơi lưu dữ liệu của máy này (từ lần khởi động sau): {place_of(empty).text}"
    assert _audited(window.workspace.db) == [("data_place", summary)]
    assert f":{empty.password}@" not in summary and "mật khẩu" not in summary  # never the password

    # The tab, and the dialog opened again from a window on that server, show it without its password.
    server_db = open_database(empty)
    try:
        ws = Workspace(ServiceContext(server_db), get_agency(ServiceContext(server_db)))
        again = DataPlaceDialog(ws, window)
        qtbot.addWidget(again)
        assert again.fields.server.isChecked() and again.fields.host.text() == empty.host
        assert again.fields.database.text() == empty.database and again.fields.password.text() == ""
        again.reject()
    finally:
        server_db.dispose()


@pytest.mark.parametrize(
    "button, file_kept, code",
    [
        (QMessageBox.StandardButton.Yes, True, 0),  # this start only
        (QMessageBox.StandardButton.YesToAll, False, 0),  # and the server forgotten
        (QMessageBox.StandardButton.No, True, 2),  # Thoát
    ],
)
def test_an_unreachable_remembered_server_at_start_offers_this_pcs_data(
    qtbot, qt_app, monkeypatch, button, file_kept, code
):
    db = open_database(sqlite_url(default_database_path()))
    save_agency(ServiceContext(db), sample_agency())
    make_admin(db)
    db.dispose()
    remember_database_url(FAR_SERVER)
    asked = []

    def clerk(box):
        asked.append((box.text(), tuple(b.text() for b in box.buttons())))
        return button

    monkeypatch.setattr(QMessageBox, "exec", clerk)
    signed = answer(monkeypatch, qtbot, SignInDialog, sign_in_as("quantri"))
    got, windows = _run_without_event_loop(
        monkeypatch, argparse.Namespace(db=None, db_url=None, command=None)
    )

    said, buttons = asked[0]
    assert said.startswith("Không mở được cơ sở dữ liệu") and "127.0.0.1" in said
    assert "mat-khau" not in said
    assert set(buttons) == {
        "Dùng dữ liệu trên máy này lần này",
        "Dùng dữ liệu trên máy này từ nay",
        "Thoát",
    }
    assert len(asked) == 1 and got == code
    assert remembered_url_file().exists() is file_kept
    if code == 0:
        assert len(signed) == 1 and windows[0].workspace.db.file_path == default_database_path()
    else:
        assert not signed and not windows


def test_opening_the_place_chosen_now_switches_the_window_in_place(qtbot, make_window, agency, monkeypatch):
    here = open_database(sqlite_url(default_database_path()))  # this PC's own file, with its office and admin
    save_agency(ServiceContext(here), sample_agency())
    make_admin(here)
    here.dispose()
    remember_database_url(FAR_SERVER)
    window = make_window(agency)
    page = _database_tab(window)
    before = window.workspace

    def clerk(dialog):
        dialog.show()
        dialog.save_button.click()
        qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10_000)
        return dialog.result()

    monkeypatch.setattr(DataPlaceDialog, "exec", clerk)
    Answers(monkeypatch, yes=True)  # Mở ngay
    signed = answer(monkeypatch, qtbot, SignInDialog, sign_in_as("quantri"))
    page.data_place_button.click()
    qtbot.waitUntil(lambda: window.workspace is not before, timeout=20_000)
    assert len(signed) == 1 and window.workspace.actor == "quantri"
    assert window.workspace.db.file_path == default_database_path()
    assert _audited(before.db) and not remembered_url_file().exists()
