"""A file dialog never costs the program its locks on the database (Linux: POSIX drops every lock a process
holds on a file when it closes any descriptor of it, and Qt's dialog reads files to guess their type), and
no dialog opens in the database's folder."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

from tests.ui.boxes import run_modal
from ui import file_dialogs
from ui import settings as pc_settings
from ui.widgets import pdf_output


@pytest.fixture
def protected(db_path):
    file_dialogs.protect_database(db_path)
    yield db_path
    file_dialogs.protect_database(None)


def held_locks(db_path: Path) -> list[str]:
    """The names of the database's files on which this process holds a lock, one entry per lock."""
    names = {}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            names[os.stat(path).st_ino] = path.name
    held = []
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:  # a waiting lock
            continue
        pid, where = fields[4], fields[5]
        inode = int(where.split(":")[-1])
        if pid == str(os.getpid()) and inode in names:
            held.append(names[inode])
    return sorted(held)


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX record locks and /proc/locks are Linux's")
def test_a_save_dialog_walked_into_the_database_folder_keeps_the_locks(qtbot, qt_app, protected):
    folder = protected.parent
    reader = sqlite3.connect(protected)
    reader.execute("PRAGMA journal_mode = WAL")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a read transaction: WAL index locks
    before = held_locks(protected)
    assert any(name.endswith("-shm") for name in before)

    def walk_in(dialog: QFileDialog) -> str:
        started_in = dialog.directory().absolutePath()
        dialog.setDirectory(str(folder))
        model = dialog.findChild(QFileSystemModel)
        shm = model.index(f"{protected}-shm")
        # The gatherer has looked at the files (their type is filled in) once "Loại" shows for them.
        qtbot.waitUntil(lambda: bool(model.type(model.index(f"{protected}-shm"))), timeout=5000)
        qtbot.waitUntil(lambda: bool(model.type(model.index(str(protected)))), timeout=5000)
        assert shm.isValid()
        return started_in

    started_in = run_modal(
        lambda: file_dialogs.save_file_name(None, "Lưu thành", str(folder / "bao-cao.pdf"), "Mọi tệp (*)"),
        walk_in,
    )
    QApplication.processEvents()

    assert Path(started_in).resolve() != folder.resolve()
    assert held_locks(protected) == before
    reader.rollback()
    reader.close()


def test_no_dialog_starts_in_the_database_folder(qt_app, protected):
    folder = protected.parent
    assert Path(file_dialogs.safe_start(folder)).resolve() != folder.resolve()
    moved = Path(file_dialogs.safe_start(folder / "Hồ sơ.pdf"))
    assert moved.name == "Hồ sơ.pdf" and moved.parent.resolve() != folder.resolve()
    elsewhere = folder.parent / "khac"
    assert file_dialogs.safe_start(elsewhere / "a.pdf") == str(elsewhere / "a.pdf")


def test_the_pdf_save_dialog_leaves_the_database_folder(qt_app, protected, monkeypatch):
    """The folder used last for PDFs is the database's: the dialog offers the file elsewhere."""
    folder = protected.parent
    monkeypatch.setattr(pc_settings, "read", lambda setting: str(folder))
    offered = {}

    def ask(parent, caption, start, filters):
        offered["start"] = start
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    assert pdf_output.ask_pdf_path(None, "Hồ sơ - Nguyễn Văn An") is None
    start = Path(offered["start"])
    assert start.name == "Hồ sơ - Nguyễn Văn An.pdf"
    assert start.parent.resolve() != folder.resolve()


def test_the_window_protects_the_database_it_shows(qtbot, qt_app, ui_ctx, agency, db_path, monkeypatch):
    from ui.main_window import MainWindow
    from ui.workspace import Workspace

    window = MainWindow()
    qtbot.addWidget(window)
    window.install_workspace(Workspace(ui_ctx, agency))
    try:
        assert file_dialogs.protected_folder() == db_path.parent.resolve()
        offered = {}

        def ask(parent, caption, start, filters):
            offered["start"] = start
            return "", ""

        monkeypatch.setattr(QFileDialog, "getOpenFileName", ask)
        window.choose_database()
        assert Path(offered["start"]).resolve() != db_path.parent.resolve()
    finally:
        file_dialogs.protect_database(None)
