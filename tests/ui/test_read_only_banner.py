"""The window over a database open read-only: a band above the pages says why; for a damaged file it offers
"Khôi phục từ bản sao lưu…" (helper "backups"' restore dialog); every write is refused with the reason."""

from __future__ import annotations

import random
import shutil
import sqlite3
import types

import pytest

from app.domain.permissions import PermissionDenied
from app.refusals import DatabaseDamaged, ReadOnlyDatabase
from app.services.agency import save_agency
from app.services.context import ServiceContext
from app.services.settings import set_document_font
from app.settings import FONT_BUNDLED
from app.startup import open_database
from database.engine import sqlite_url
from tests.damage import damage_middle, pad_with_rows
from tests.read_only import read_only
from tests.ui.conftest import sample_agency
from tests.ui.sign_in_steps import answer, create_admin
from ui.dialogs.sign_in import FirstAdminDialog
from ui.widgets.read_only_banner import RESTORE_TEXT


@pytest.fixture
def office_file(tmp_path, ui_template):
    """A database with the agency and 2 MB of other rows, closed."""
    path = tmp_path / "so-y-te.sqlite3"
    shutil.copyfile(ui_template, path)
    db = open_database(sqlite_url(path), backup_dir=tmp_path / "b")
    save_agency(ServiceContext(db, actor="thu-ky"), sample_agency())
    db.dispose()
    pad_with_rows(path)
    return path


def _window(qtbot, path):
    from ui.main_window import MainWindow
    from ui.workspace import finish_workspace, open_workspace_database

    opened = open_workspace_database(sqlite_url(path), "thu-ky")
    workspace = finish_workspace(opened)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_damaged_database_shows_the_band_and_offers_the_newest_backup(
    qtbot, qt_app, office_file, monkeypatch
):
    damage_middle(office_file, seed=13)
    offered = []
    fake = types.ModuleType("ui.dialogs.restore_dialog")
    fake.offer_restore = lambda window, reason=None: offered.append((window, reason))
    monkeypatch.setitem(__import__("sys").modules, "ui.dialogs.restore_dialog", fake)

    window = _window(qtbot, office_file)
    banner = window.read_only_banner
    assert banner.isVisible() and "bị hỏng" in banner.text.text()
    assert banner.restore_button.isVisible() and banner.restore_button.text() == RESTORE_TEXT
    assert window.database_label.text().endswith("(chỉ xem)")
    banner.restore_button.click()
    assert offered == [(window, window.workspace.db.read_only.text)]
    with pytest.raises(DatabaseDamaged):  # the database refuses every write...
        set_document_font(ServiceContext(window.workspace.db), FONT_BUNDLED)
    with pytest.raises(PermissionDenied):  # ... and nobody signed in (no account on this file) may change it
        set_document_font(window.workspace.ctx, FONT_BUNDLED)
    window.close()
    window.workspace.db.dispose()


def test_a_damaged_agency_page_still_opens_the_window_with_the_band(qtbot, qt_app, office_file):
    conn = sqlite3.connect(office_file)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'agency'").fetchone()[0]
    conn.close()
    data = bytearray(office_file.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = random.Random(5).randbytes(page_size)
    office_file.write_bytes(bytes(data))

    window = _window(qtbot, office_file)  # no first-run form: nothing could be saved
    assert window.read_only_banner.restore_button.isVisible()
    assert "bị hỏng" in window.read_only_banner.text.text()
    window.close()
    window.workspace.db.dispose()


def test_a_read_only_file_shows_why_without_a_restore_button(qtbot, qt_app, office_file):
    with read_only(office_file):
        window = _window(qtbot, office_file)
        banner = window.read_only_banner
        assert banner.isVisible() and "chỉ cho phép đọc" in banner.text.text()
        assert not banner.restore_button.isVisible()
        with pytest.raises(ReadOnlyDatabase):
            set_document_font(ServiceContext(window.workspace.db), FONT_BUNDLED)
        window.close()
        window.workspace.db.dispose()


def test_a_writable_database_shows_no_band(qtbot, qt_app, office_file, monkeypatch):
    answer(monkeypatch, qtbot, FirstAdminDialog, create_admin())  # a file made before accounts
    window = _window(qtbot, office_file)
    assert not window.read_only_banner.isVisible()
    assert not window.database_label.text().endswith("(chỉ xem)")
    window.close()
    window.workspace.db.dispose()


def test_a_damaged_database_is_restored_from_its_newest_checked_backup_and_reopens_writable(
    qtbot, qt_app, office_file, monkeypatch
):
    from app.services.backups import KIND_AUTO, create_backup
    from tests.ui.boxes import Answers

    db = open_database(sqlite_url(office_file))
    backup = create_backup(db, KIND_AUTO).info
    db.dispose()
    assert backup.verified
    damage_middle(office_file, seed=7)

    window = _window(qtbot, office_file)
    damaged = window.workspace
    answer(monkeypatch, qtbot, FirstAdminDialog, create_admin())  # the backup was made before accounts
    assert damaged.db.read_only is not None
    answers = Answers(monkeypatch, yes=True)
    window.read_only_banner.restore_button.click()
    from ui.dialogs.restore_dialog import RestoreDialog

    dialog = window.findChild(RestoreDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.chosen is not None)
    assert dialog.chosen.path == backup.path
    dialog.restore_button.click()
    assert answers.asked
    qtbot.waitUntil(lambda: window.workspace is not damaged, timeout=20_000)

    assert window.workspace.db.read_only is None
    assert not window.read_only_banner.isVisible()
    set_document_font(window.workspace.ctx, FONT_BUNDLED)  # writes are taken again
    window.close()
    window.workspace.db.dispose()
