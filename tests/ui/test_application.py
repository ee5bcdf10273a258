"""`python -m app` with no command: refuse what cannot be opened; the first-run wizard on a new database
(tests/ui/test_first_run.py drives it); on an older one the agency form or the first administrator for what
it lacks, else a sign-in."""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.services.accounts import list_accounts
from app.services.agency import get_agency
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url
from tests.ui.keyboard import type_text
from tests.ui.sign_in_steps import PASSWORD, answer, create_admin, give_up, make_admin, sign_in_as
from ui import application
from ui.dialogs.agency_dialog import AgencyDialog
from ui.dialogs.first_run import FirstRunWizard
from ui.dialogs.sign_in import FirstAdminDialog, SignInDialog
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _args(path) -> argparse.Namespace:
    return argparse.Namespace(db=str(path), db_url=None, command=None)


@pytest.fixture
def captured_errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, title, message, *a: shown.append((title, message))
    )
    return shown


@pytest.fixture
def no_event_loop(monkeypatch):
    """Instead of waiting for the clerk: run events until the database is open (or the start has ended),
    then close the window that is left and report a normal exit."""
    shown: list[MainWindow] = []

    def fake_exec(*_args):
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        deadline = time.monotonic() + 30
        while any(w.isVisible() and w.workspace is None for w in windows) and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)
        for window in windows:
            if window.isVisible():
                shown.append(window)
                window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return shown


def test_a_newer_database_is_refused_with_exit_code_2(qt_app, db_path, captured_errors, no_event_loop):
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()

    assert application.run(_args(db_path)) == 2

    assert not no_event_loop  # the window shown at start is closed again
    assert len(captured_errors) == 1
    title, message = captured_errors[0]
    assert "không mở được" in title.lower()
    assert "mới hơn" in message or "phiên bản" in message
    assert db_path.read_bytes() == before  # untouched


def test_a_file_that_is_not_a_database_is_refused(qt_app, tmp_path, captured_errors, no_event_loop):
    path = tmp_path / "bang-tinh.sqlite3"
    path.write_bytes(b"PK\x03\x04 not a database")
    assert application.run(_args(path)) == 2
    assert "không phải là cơ sở dữ liệu TĐKT" in captured_errors[0][1]
    assert path.read_bytes() == b"PK\x03\x04 not a database"


def test_cancelling_the_first_run_wizard_exits_0_and_leaves_nothing(
    qt_app, tmp_path, monkeypatch, no_event_loop
):
    path = tmp_path / "moi" / "tdkt.sqlite3"
    asked = []

    def cancel(dialog):
        asked.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(FirstRunWizard, "exec", cancel)
    assert application.run(_args(path)) == 0
    assert asked == ["Cài đặt lần đầu – TĐKT"]
    assert not path.exists() and not no_event_loop  # no file left, no window shown


def test_cancelling_on_an_existing_empty_database_writes_nothing(qt_app, db_path, monkeypatch, no_event_loop):
    before = db_path.read_bytes()
    monkeypatch.setattr(FirstRunWizard, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert application.run(_args(db_path)) == 0
    assert db_path.exists()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM agency").fetchone() == (0,)
    conn.close()
    assert db_path.read_bytes() == before


def test_a_database_with_data_but_no_agency_asks_for_the_agency_form_not_the_wizard(
    qtbot, qt_app, db_path, ui_db, monkeypatch, no_event_loop
):
    # A database made from the command line (an account, no agency yet): it is not new, so no wizard; the
    # agency form asks for what it lacks, then the sign-in.
    make_admin(ui_db)
    ui_db.dispose()
    monkeypatch.setattr(
        FirstRunWizard, "exec", lambda _w: pytest.fail("the wizard is for a new database only")
    )

    def fill_and_save(dialog):
        dialog.show()
        for field, value in (
            (dialog.parent_name, "UBND tỉnh Nghệ An"),
            (dialog.agency_name, "Sở Y tế"),
            (dialog.symbol, "SYT"),
            (dialog.place_name, "Nghệ An"),
        ):
            type_text(qtbot, field, value)
        type_text(qtbot, dialog.signers.rows[0].name, "Nguyễn Văn An")
        dialog.save_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())  # the save runs on the writer thread
        return dialog.result()

    monkeypatch.setattr(AgencyDialog, "exec", fill_and_save)
    asked = answer(monkeypatch, qtbot, SignInDialog, sign_in_as("quantri"))
    assert application.run(_args(db_path)) == 0
    assert len(asked) == 1 and "SỞ Y TẾ" in asked[0].place.text()
    assert len(no_event_loop) == 1
    window = no_event_loop[0]
    assert window.database_label.text() == f"Cơ sở dữ liệu: {db_path}"
    assert window.workspace.actor == "quantri" and window.workspace.signed_in

    db = open_database(sqlite_url(db_path))
    try:
        agency = get_agency(ServiceContext(db))
        accounts = list_accounts(ServiceContext(db))
    finally:
        db.dispose()
    assert agency.parent_name == "UBND TỈNH NGHỆ AN" and agency.signers[0].full_name == "Nguyễn Văn An"
    assert [(a.username, a.last_sign_in_at is not None) for a in accounts] == [("quantri", True)]


def test_an_existing_database_without_accounts_asks_for_the_administrator_once(
    qtbot, qt_app, db_path, agency, monkeypatch, no_event_loop
):
    # A database made before accounts (the demo of an older version, the command line): its agency is kept.
    monkeypatch.setattr(AgencyDialog, "exec", lambda dialog: pytest.fail("the form must not be asked again"))
    answer(monkeypatch, qtbot, FirstAdminDialog, create_admin("quantri"))
    assert application.run(_args(db_path)) == 0
    assert len(no_event_loop) == 1
    assert no_event_loop[0].workspace.agency.name == "SỞ Y TẾ"

    asked = answer(monkeypatch, qtbot, SignInDialog, sign_in_as("quantri"))
    monkeypatch.setattr(FirstAdminDialog, "exec", lambda dialog: pytest.fail("asked once only"))
    assert application.run(_args(db_path)) == 0
    assert len(asked) == 1 and len(no_event_loop) == 2
    assert asked[0].username.text() == "quantri"  # the name used last on this PC
    assert no_event_loop[1].workspace.actor == "quantri"


def test_cancelling_the_administrator_on_an_existing_database_changes_nothing(
    qtbot, qt_app, db_path, agency, ui_db, monkeypatch, no_event_loop
):
    ui_db.dispose()
    before = db_path.read_bytes()
    asked = answer(monkeypatch, qtbot, FirstAdminDialog, give_up)
    assert application.run(_args(db_path)) == 0
    assert len(asked) == 1 and not no_event_loop
    assert db_path.read_bytes() == before


def test_a_database_with_accounts_asks_for_a_sign_in_and_thoat_exits_0(
    qtbot, qt_app, db_path, agency, ui_db, monkeypatch, no_event_loop
):
    make_admin(ui_db)
    asked = answer(monkeypatch, qtbot, SignInDialog, give_up)
    assert application.run(_args(db_path)) == 0
    assert len(asked) == 1 and not no_event_loop
    assert "SỞ Y TẾ" in asked[0].place.text()
    assert str(db_path) in asked[0].place.text()


def test_qt_speaks_vietnamese(qt_app):
    from PySide6.QtCore import QCoreApplication, QLocale

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    assert QCoreApplication.translate("QLineEdit", "&Paste") == "&Dán"
    assert QCoreApplication.translate("QColorDialog", "Hu&e:") == "Sắc &độ:"
    assert QCoreApplication.translate("QNativeSocketEngine", "Unknown error") == "Unknown error"  # not ours
    assert QLocale().language() == QLocale.Language.Vietnamese
    assert QApplication.applicationName() == "TĐKT"
    assert QApplication.font().pointSizeF() >= 10


def test_the_window_is_shown_before_the_database_is_open(qtbot, qt_app, db_path, agency, ui_db, monkeypatch):
    make_admin(ui_db)
    answer(monkeypatch, qtbot, SignInDialog, sign_in_as("quantri", PASSWORD))
    seen = {}

    def exec_while_opening(*_args):
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        seen["status"] = window.database_label.text()
        seen["workspace"] = window.workspace
        window.show_section(2)  # the clerk picks Cán bộ while the file is still being opened
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=30_000)
        seen["page"] = type(window.current_page()).__name__
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_while_opening)
    assert application.run(_args(db_path)) == 0
    assert seen == {"status": "Đang mở cơ sở dữ liệu…", "workspace": None, "page": "StaffPage"}


def test_the_window_module_leaves_the_database_layer_to_the_worker():
    # What the window needs before it is painted must not pull in SQLAlchemy (about half a second).
    code = "import sys, ui.application, ui.main_window; sys.exit(1 if 'sqlalchemy' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_the_collector_never_runs_while_a_worker_job_does(qt_app, qtbot):
    import gc
    import threading

    from ui.jobs import Loader
    from ui.operations import QueryOp

    release = threading.Event()
    seen = []

    def work(*_args):
        seen.append(gc.isenabled())
        release.wait(5)
        return len(seen)

    first, second = Loader(work), Loader(work)
    assert gc.isenabled()
    first.request()
    second.request()
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen == [False, False] and not gc.isenabled()  # off while any worker runs Python
    release.set()
    with qtbot.waitSignals([first.loaded, second.loaded], timeout=5_000):
        pass
    assert gc.isenabled()  # back on: collections happen on the GUI thread only
    release.clear()
    task = QueryOp(None, "…", gc.isenabled)
    with qtbot.waitSignal(task.finished, timeout=5_000) as result:
        release.set()
        task.run()
    assert result.args == [False] and gc.isenabled()


def test_a_second_window_on_a_database_this_account_has_open_says_so_and_exits(
    qtbot, qt_app, db_path, agency, ui_db, monkeypatch, tmp_path, no_event_loop
):
    from tests.db.test_location import _start_holder

    make_admin(ui_db)
    ui_db.dispose()
    asked = answer(monkeypatch, qtbot, SignInDialog, give_up)
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, title, message, *a: told.append((title, message))
    )
    first = _start_holder(db_path, tmp_path / "ready")  # the copy already running, as this account, here
    try:
        assert application.run(_args(db_path)) == 0
    finally:
        first.kill()
        first.wait(timeout=30)
    assert [title for title, _ in told] == ["TĐKT đang mở"]
    assert f"TĐKT đang mở tệp dữ liệu “{db_path}” trên máy này" in told[0][1]
    assert f"tiến trình số {first.pid}" in told[0][1]
    assert asked == [] and no_event_loop == []  # no sign-in, no window left open

    # The first copy gone, the window opens the file as always.
    assert application.run(_args(db_path)) == 0
    assert len(asked) == 1 and len(told) == 1
