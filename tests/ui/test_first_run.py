"""The first-run wizard (ui/dialogs/first_run.py) on a new database: driven page by page as a clerk would, what
it writes (through the services, audited), the connection test, and where it is never shown."""

from __future__ import annotations

import argparse
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWizard
from sqlalchemy import func, select

from app.paths import remembered_url_file
from app.services.accounts import list_accounts, read_policy, sign_in
from app.services.agency import get_agency
from app.services.backups import read_policy as read_backup_policy
from app.services.context import ServiceContext
from app.services.first_run import FIRST_RUN_ACTOR, StartChoice, is_new_database
from app.startup import open_database, remember_database_url, resolve_url
from database.engine import sqlite_url
from database.enums import SignAuthority
from database.models import AuditEntry, Person, Unit
from tests.ui.keyboard import type_text
from tests.ui.sign_in_steps import PASSWORD, answer, make_admin, sign_in_as
from ui import application
from ui.dialogs.first_run import FirstRunWizard
from ui.dialogs.sign_in import SignInDialog
from ui.main_window import MainWindow


@pytest.fixture
def new_db(tmp_path):
    db = open_database(sqlite_url(tmp_path / "moi.sqlite3"))
    yield db
    db.dispose()


def _wizard(qtbot, db) -> FirstRunWizard:
    wizard = FirstRunWizard(db, read_policy(ServiceContext(db)))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _next(qtbot, wizard: FirstRunWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _fill_to_the_last_page(qtbot, wizard: FirstRunWizard, second_folder: str = "") -> None:
    agency = wizard.agency_page.fields
    for field, value in zip(
        agency.fields[:4], ("UBND tỉnh Nghệ An", "Sở Y tế", "syt", "Nghệ An"), strict=True
    ):
        type_text(qtbot, field, value)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.signers_page
    director, deputy = wizard.signers_page.signers.rows
    type_text(qtbot, director.name, "Lê Văn Giám")
    type_text(qtbot, deputy.name, "Trần Thị Phó")
    _next(qtbot, wizard)
    admin = wizard.admin_page.fields
    type_text(qtbot, admin.username, "quantri")
    type_text(qtbot, admin.full_name, "Nguyễn Văn An")
    type_text(qtbot, admin.password.first, PASSWORD)
    type_text(qtbot, admin.password.second, PASSWORD)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.storage_page and wizard.storage_page.fields.local.isChecked()
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.backups_page
    assert str(wizard.db.file_path.parent / "backups") in wizard.backups_page.folder.text()
    if second_folder:
        type_text(qtbot, wizard.backups_page.fields.second_edit, second_folder)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.start_page


def _finish(qtbot, wizard: FirstRunWizard, choice: StartChoice) -> None:
    wizard.start_page.choices[choice].click()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=120_000)
    assert wizard.start_page.error.text() == ""
    assert wizard.outcome is not None and not wizard.isVisible()


def _audit_rows(db) -> int:
    with ServiceContext(db).read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_each_step_refuses_what_is_missing_and_nothing_is_written(qtbot, qt_app, new_db):
    before = _audit_rows(new_db)  # the catalogue the opening loaded
    wizard = _wizard(qtbot, new_db)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.agency_page
    assert "Hãy nhập đủ" in wizard.agency_page.error.text()
    assert wizard.focusWidget() is wizard.agency_page.fields.parent_name
    for field, value in zip(
        wizard.agency_page.fields.fields[:4], ("UBND tỉnh A", "Sở Y tế", "SYT", "A"), strict=True
    ):
        type_text(qtbot, field, value)
    _next(qtbot, wizard)
    _next(qtbot, wizard)  # no signer's name yet
    assert wizard.currentPage() is wizard.signers_page
    assert "họ tên" in wizard.signers_page.error.text()
    for row, name in zip(wizard.signers_page.signers.rows, ("Lê Văn Giám", "Trần Thị Phó"), strict=True):
        type_text(qtbot, row.name, name)
    _next(qtbot, wizard)
    admin = wizard.admin_page.fields
    type_text(qtbot, admin.username, "quantri")
    type_text(qtbot, admin.full_name, "Nguyễn Văn An")
    type_text(qtbot, admin.password.first, "ngan")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.admin_page
    assert wizard.admin_page.error.text().startswith("Mật khẩu chưa đạt")
    wizard.reject()  # Thoát
    assert wizard.outcome is None
    assert is_new_database(new_db) and _audit_rows(new_db) == before


def test_the_wizard_writes_the_agency_signers_administrator_and_backups_then_signing_in_works(
    qtbot, qt_app, new_db, tmp_path
):
    wizard = _wizard(qtbot, new_db)
    _fill_to_the_last_page(qtbot, wizard, second_folder=str(tmp_path / "usb"))
    _finish(qtbot, wizard, StartChoice.EMPTY)

    done = wizard.outcome
    assert done.db is new_db and done.start is StartChoice.EMPTY
    assert done.signed.principal.username == "quantri" and not done.signed.must_change
    ctx = ServiceContext(new_db)
    agency = get_agency(ctx)
    assert (agency.parent_name, agency.name, agency.symbol, agency.place_name) == (
        "UBND TỈNH NGHỆ AN",
        "SỞ Y TẾ",
        "SYT",
        "Nghệ An",
    )
    assert [
        (s.full_name, s.position_title, s.authority, s.authority_title, s.is_default) for s in agency.signers
    ] == [
        ("Lê Văn Giám", "GIÁM ĐỐC", SignAuthority.OWN, None, True),
        ("Trần Thị Phó", "PHÓ GIÁM ĐỐC", SignAuthority.DEPUTY, "GIÁM ĐỐC", False),
    ]
    assert [(a.username, a.full_name) for a in list_accounts(ctx)] == [("quantri", "Nguyễn Văn An")]
    assert read_backup_policy(ctx).second_folder == str(tmp_path / "usb")
    with ctx.read() as s:
        actors = set(s.scalars(select(AuditEntry.actor)))
        assert s.scalar(select(func.count()).select_from(Unit)) == 0  # started empty
    assert FIRST_RUN_ACTOR in actors  # the agency and the backups, written as the first start
    assert sign_in(new_db, "quantri", PASSWORD).principal.full_name == "Nguyễn Văn An"
    assert not is_new_database(new_db)


def test_the_demo_choice_builds_the_small_demo_into_this_database(qtbot, qt_app, new_db):
    wizard = _wizard(qtbot, new_db)
    _fill_to_the_last_page(qtbot, wizard)
    _finish(qtbot, wizard, StartChoice.DEMO)

    ctx = ServiceContext(new_db)
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) > 1000
        assert s.scalar(select(func.count()).select_from(Unit)) > 10
    assert get_agency(ctx).name == "SỞ Y TẾ" and get_agency(ctx).place_name == "Nghệ An"  # the clerk's, kept
    assert [a.username for a in list_accounts(ctx)] == ["quantri"]  # no demo account beside it


def test_the_import_choice_makes_the_department_the_first_unit(qtbot, qt_app, new_db):
    wizard = _wizard(qtbot, new_db)
    _fill_to_the_last_page(qtbot, wizard)
    _finish(qtbot, wizard, StartChoice.IMPORT)
    with ServiceContext(new_db).read() as s:
        assert list(s.scalars(select(Unit.name))) == ["Sở Y tế"]
    assert wizard.outcome.start is StartChoice.IMPORT


def test_the_connection_test_says_why_a_server_cannot_be_reached_without_hanging(qtbot, qt_app, new_db):
    wizard = _wizard(qtbot, new_db)
    page = wizard.storage_page
    fields = page.fields
    fields.server.click()
    assert fields.server_box.isEnabled()
    type_text(qtbot, fields.host, "127.0.0.1")
    fields.port.setValue(1)  # nothing listens there: refused at once
    type_text(qtbot, fields.user, "tdkt")
    started = time.monotonic()
    fields.test_button.click()
    qtbot.waitUntil(lambda: fields.test_button.isEnabled(), timeout=15_000)
    assert time.monotonic() - started < 15
    assert fields.test_result.text().startswith("Không kết nối được máy chủ PostgreSQL (127.0.0.1, cổng 1)")
    assert "từ chối kết nối" in fields.test_result.text()
    assert fields.tested is None
    assert not page.validatePage() and "Kiểm tra kết nối" in page.error.text()
    fields.local.click()
    assert page.validatePage() and page.chosen_url() is None


def test_cancelling_the_wizard_of_a_new_start_leaves_no_file_and_exits_0(qt_app, tmp_path, monkeypatch):
    """The quick start: `python -m app` with no database given opens the file in the data folder; new, it
    gets the wizard. Thoát closes the program plainly, and the file made by the opening is gone again."""
    path = tmp_path / "data" / "tdkt.sqlite3"
    monkeypatch.setenv("TDKT_DATA_DIR", str(path.parent))
    asked: list[FirstRunWizard] = []

    def cancel(wizard):
        asked.append(wizard.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(FirstRunWizard, "exec", cancel)
    shown = _run_without_event_loop(monkeypatch, argparse.Namespace(db=None, db_url=None, command=None))
    assert asked == ["Cài đặt lần đầu – TĐKT"]
    assert shown == (0, [])
    assert not path.exists()


def test_the_quick_start_goes_through_the_wizard_into_the_window(qtbot, qt_app, tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path / "data"))

    def clerk(wizard):
        wizard.show()
        _fill_to_the_last_page(qtbot, wizard)
        _finish(qtbot, wizard, StartChoice.EMPTY)
        return wizard.result()

    monkeypatch.setattr(FirstRunWizard, "exec", clerk)
    code, windows = _run_without_event_loop(
        monkeypatch, argparse.Namespace(db=None, db_url=None, command=None)
    )
    assert code == 0 and len(windows) == 1
    workspace = windows[0].workspace
    assert workspace.signed_in and workspace.actor == "quantri" and workspace.agency.symbol == "SYT"
    assert workspace.db.file_path == tmp_path / "data" / "tdkt.sqlite3"

    # The next start signs in: no wizard on a database with data.
    monkeypatch.setattr(
        FirstRunWizard, "exec", lambda _w: pytest.fail("the wizard is for a new database only")
    )
    asked = answer(monkeypatch, qtbot, SignInDialog, sign_in_as("quantri"))
    code, windows = _run_without_event_loop(
        monkeypatch, argparse.Namespace(db=None, db_url=None, command=None)
    )
    assert code == 0 and len(asked) == 1 and windows[0].workspace.actor == "quantri"


def test_the_import_choice_opens_the_unit_list_then_the_staff_list_import(
    qtbot, qt_app, tmp_path, monkeypatch
):
    import ui.dialogs.import_wizard as import_wizard
    from ui.dialogs.unit_import import UnitImportDialog

    opened = []
    monkeypatch.setattr(import_wizard, "run_import_wizard", lambda ws, parent: opened.append((ws, parent)))

    def clerk(wizard):
        wizard.show()
        _fill_to_the_last_page(qtbot, wizard)
        _finish(qtbot, wizard, StartChoice.IMPORT)
        return wizard.result()

    monkeypatch.setattr(FirstRunWizard, "exec", clerk)
    code, windows = _run_without_event_loop(
        monkeypatch, argparse.Namespace(db=str(tmp_path / "tdkt.sqlite3"), db_url=None, command=None)
    )
    assert code == 0 and len(windows) == 1
    window = windows[0]
    units = window.current_page()  # the Đơn vị page first, its import open
    assert type(units).__name__ == "UnitsPage" and isinstance(units.active_dialog, UnitImportDialog)
    assert units.active_dialog.isVisible() and opened == []
    units.active_dialog.reject()  # no unit list at hand: Đóng, and the staff list comes next
    assert [ws for ws, _page in opened] == [window.workspace]  # the import wizard, asked for its file
    assert window.current_page() is opened[0][1]  # from the Cán bộ page, shown
    assert type(opened[0][1]).__name__ == "StaffPage"


@pytest.mark.parametrize("what", ["agency", "account", "unit"])
def test_a_database_holding_anything_of_the_office_is_not_new(new_db, what):
    from app.services.agency import save_agency
    from app.services.units import create_unit_under_department
    from tests.ui.conftest import sample_agency

    assert is_new_database(new_db)  # the catalogue the program loaded does not count
    ctx = ServiceContext(new_db)
    {
        "agency": lambda: save_agency(ctx, sample_agency()),
        "account": lambda: make_admin(new_db),
        "unit": lambda: create_unit_under_department(ctx, "Bệnh viện Đa khoa tỉnh"),
    }[what]()
    assert not is_new_database(new_db)


def test_a_remembered_server_is_opened_at_the_next_starts(tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    assert resolve_url().database == str(tmp_path / "tdkt.sqlite3")
    remember_database_url("postgresql://tdkt:mật-khẩu@maychu:5433/tdkt")
    url = resolve_url()
    assert (url.drivername, url.host, url.port, url.password) == (
        "postgresql+psycopg",
        "maychu",
        5433,
        "mật-khẩu",
    )
    assert remembered_url_file().stat().st_mode & 0o077 == 0  # this user's only
    assert resolve_url(db_path=str(tmp_path / "khac.sqlite3")).database.endswith("khac.sqlite3")  # --db wins


def _run_without_event_loop(monkeypatch, args) -> tuple[int, list[MainWindow]]:
    """application.run as `python -m app` calls it, its event loop replaced by: run events until the database
    is open (or the start has ended), then close the window left."""
    shown: list[MainWindow] = []

    def fake_exec(*_args):
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        deadline = time.monotonic() + 60
        while any(w.isVisible() and w.workspace is None for w in windows) and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)
        for window in windows:
            if window.isVisible():
                shown.append(window)
                window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return application.run(args), shown
