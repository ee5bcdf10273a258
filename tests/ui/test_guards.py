"""One trigger, one piece of work (ui/guards.py): a guarded action refuses a second trigger while the write
it started runs, and within the double-click interval; a dialog it opened holds it until closed, and then
it works again at once."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QToolBar, QWidget

from ui.jobs import wait_for_background_work
from ui.operations import WriteOp
from ui.widgets.actions import open_window_modal, page_action


@pytest.fixture
def page(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.toolbar = QToolBar(widget)
    yield widget
    wait_for_background_work()


@pytest.fixture
def no_interval():
    """No double-click interval: only the work itself holds the action."""
    interval = QApplication.doubleClickInterval()
    QApplication.setDoubleClickInterval(0)
    yield
    QApplication.setDoubleClickInterval(interval)


def test_a_second_trigger_while_the_write_runs_starts_nothing(qtbot, page, no_interval):
    release, started = threading.Event(), []

    def write(_ctx, n: int) -> int:
        release.wait(10)
        return n

    def create():
        started.append(len(started) + 1)
        return WriteOp(None, page, "Đang lập…", write, len(started)).run()

    action = page_action(page, page.toolbar, "Lập…", "Lập", create, once=True)
    plain = page_action(page, page.toolbar, "Làm mới", "Đọc lại", lambda: started.append("đọc"))
    action.trigger()
    action.trigger()  # the first write still runs
    plain.trigger()
    plain.trigger()  # an action that creates nothing is not held
    assert started == [1, "đọc", "đọc"]
    with qtbot.waitSignal(page.findChild(WriteOp).finished):
        release.set()
    action.trigger()  # the write ended: the action works again
    assert started == [1, "đọc", "đọc", 4]
    wait_for_background_work()


def test_within_the_double_click_interval_a_second_trigger_is_refused(qtbot, page):
    interval = QApplication.doubleClickInterval()
    QApplication.setDoubleClickInterval(60_000)
    try:
        runs = []
        action = page_action(page, page.toolbar, "Sao chép", "Sao chép", lambda: runs.append(1), once=True)
        action.trigger()
        action.trigger()  # the slot's work is long done, but this is the second click of a double-click
        assert runs == [1]
    finally:
        QApplication.setDoubleClickInterval(interval)


def test_a_dialog_holds_the_action_until_it_closes_then_it_works_at_once(qtbot, page):
    interval = QApplication.doubleClickInterval()
    QApplication.setDoubleClickInterval(60_000)  # a dialog, not the interval, holds the action
    try:
        opened: list[QDialog] = []

        def open_form():
            opened.append(open_window_modal(QDialog(page)))

        action = page_action(page, page.toolbar, "Thêm…", "Thêm", open_form, once=True)
        action.trigger()
        action.trigger()
        assert len(opened) == 1
        opened[0].reject()
        action.trigger()  # closed: the clerk may add the next one straight away
        assert len(opened) == 2
        opened[1].reject()
    finally:
        QApplication.setDoubleClickInterval(interval)
