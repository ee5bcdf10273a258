"""No widget is read off the GUI thread: every page of the window is opened over a demo database while every
worker job (reads, operations) is watched, and no Qt widget method may be called from one of them."""

from __future__ import annotations

import shutil
import sys
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtWidgets import QTabWidget, QWidget

import ui.jobs as jobs
from app.demo import build_demo
from app.services.agency import get_agency
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url


class WidgetCalls:
    """Qt widget methods called on a worker thread: (thread, class, method, where in our code)."""

    def __init__(self):
        self.seen: list[tuple[str, str, str, str]] = []
        self.jobs = 0
        self._lock = threading.Lock()

    def watch(self, run):
        def watched(runnable):
            with self._lock:
                self.jobs += 1
            sys.setprofile(self._profile)
            try:
                return run(runnable)
            finally:
                sys.setprofile(None)

        return watched

    def _profile(self, frame, event, arg) -> None:
        if event != "c_call":
            return
        owner = getattr(arg, "__self__", None)
        if isinstance(owner, QWidget):
            where = f"{frame.f_code.co_filename.rsplit('/', 1)[-1]}:{frame.f_lineno}"
            with self._lock:
                self.seen.append(
                    (
                        threading.current_thread().name,
                        type(owner).__name__,
                        getattr(arg, "__name__", "?"),
                        where,
                    )
                )


@pytest.fixture
def watched(monkeypatch):
    calls = WidgetCalls()
    monkeypatch.setattr(jobs.PoolJob, "run", calls.watch(jobs.PoolJob.run))  # loaders' reads and operations
    return calls


@pytest.fixture
def demo_window(qtbot, qt_app, tmp_path, ui_template):
    from ui.main_window import MainWindow
    from ui.workspace import Workspace

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(ui_template, path)
    db = open_database(sqlite_url(path), backup_dir=tmp_path / "b")
    build_demo(db, small=True, seed=9, staff=300)
    ctx = ServiceContext(db, actor="thu-ky")
    window = MainWindow(Workspace(ctx, get_agency(ctx)))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    db.dispose()


def settle(qtbot) -> None:
    """Until no worker job runs and no answer waits to be delivered (an answer may start the next read)."""
    pool = QThreadPool.globalInstance()
    for _ in range(50):
        pool.waitForDone(20_000)
        jobs.writer_pool().waitForDone(20_000)
        QCoreApplication.processEvents()
        qtbot.wait(20)  # let queued answers arrive and the reads they start begin
        if pool.activeThreadCount() == 0 and jobs.writer_pool().activeThreadCount() == 0:
            return


def test_no_widget_is_read_off_the_gui_thread_while_any_page_loads(qtbot, watched, demo_window):
    from ui.main_window import SECTIONS

    window = demo_window
    for row in range(len(SECTIONS)):
        window.show_section(row)
        settle(qtbot)
        page = window.current_page()
        for tabs in page.findChildren(QTabWidget):  # every tab of the page, too
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                settle(qtbot)
    assert watched.jobs >= len(SECTIONS)  # the pages did read in the background
    offenders = sorted({(cls, method, where) for _thread, cls, method, where in watched.seen})
    assert offenders == [], "\n".join(" ".join(o) for o in offenders)
