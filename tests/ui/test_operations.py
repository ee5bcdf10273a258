"""The one way the window reads and writes: Loader and DetailLoader (reads with bound arguments), WriteOp (every
write, on the one writer thread) and QueryOp (long reads), over a real SQLite file."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QPushButton, QWidget
from shiboken6 import isValid

import database.engine as engine_module
import ui.jobs as jobs
import ui.operations as operations
from app.errors import ValidationError
from app.refusals import DatabaseBusy
from app.services.catalogue import list_base_salaries
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url
from tests.scratch import put_setting, setting
from tests.ui.conftest import sample_agency
from ui.dialogs.catalogue_forms import BaseSalaryDialog
from ui.jobs import DetailLoader, Loader, wait_for_background_work
from ui.operations import Cancelled, QueryOp, WriteOp
from ui.pages.base import Page
from ui.workspace import Area, Workspace


class UnitsProbe(Page):
    AREAS = frozenset({Area.UNITS, Area.STAFF})

    def __init__(self, workspace):
        super().__init__(workspace)
        self.refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1


class DecisionsProbe(UnitsProbe):
    AREAS = frozenset({Area.DECISIONS})


@pytest.fixture
def new_workspace(qt_app):
    """Workspaces made by a test, deleted on the GUI thread when it ends (a QObject left to Python's collector
    could be freed on a worker thread, which Qt does not survive)."""
    made = []

    def make(ctx, agency):
        made.append(Workspace(ctx, agency))
        return made[-1]

    yield make
    for ws in made:
        ws.close()
    wait_for_background_work()
    for ws in made:
        ws.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def workspace(new_workspace, ui_ctx, agency):
    return new_workspace(ui_ctx, agency)


@pytest.fixture
def host(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def boxes(monkeypatch):
    """The message boxes an operation shows, instead of showing them."""
    shown: list[str] = []
    monkeypatch.setattr(operations.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    return shown


def is_gui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def save(ctx: ServiceContext, key: str, value: str) -> str:
    with ctx.write("Ghi thử") as s:
        put_setting(s, key, value)
    return value.upper()


def read_setting(ctx: ServiceContext, key: str) -> str | None:
    with ctx.read() as s:
        return setting(s, key)


def test_a_write_runs_off_the_gui_thread_and_the_pages_of_its_areas_refresh(qtbot, workspace, host, ui_ctx):
    units, decisions, hidden = UnitsProbe(workspace), DecisionsProbe(workspace), UnitsProbe(workspace)
    for page in (units, decisions, hidden):
        qtbot.addWidget(page)
    units.show()
    decisions.show()
    threads, results = [], []

    def write(ctx, key, value):
        threads.append(is_gui_thread())
        return save(ctx, key, value)

    def saved(result):
        results.append((result, is_gui_thread()))

    with qtbot.waitSignal(workspace.changed) as changed:
        WriteOp(workspace, host, "Đang lưu…", write, "test.key", "abc", areas={Area.STAFF}).success(
            saved
        ).run()
    assert threads == [False]  # the service ran on the writer thread
    assert results == [("ABC", True)]  # the result came back to the GUI thread
    assert changed.args == [frozenset({Area.STAFF})]
    assert read_setting(ui_ctx, "test.key") == "abc"
    assert (units.refreshed, decisions.refreshed) == (1, 0)  # only the page showing staff read again
    assert hidden.refreshed == 0 and hidden.stale  # a page not on screen reads when it comes back
    hidden.activated()
    assert hidden.refreshed == 1 and not hidden.stale
    qtbot.waitUntil(lambda: not workspace.loading)  # the overview was counted again too
    assert workspace.overview is not None


def test_a_refused_write_shows_its_vietnamese_message_and_announces_nothing(
    qtbot, workspace, host, boxes, ui_ctx
):
    announced = []
    workspace.changed.connect(announced.append)

    def refuse(ctx, name):
        with ctx.write() as s:
            put_setting(s, "test.refused", name)
            raise ValidationError("Tên đơn vị không được để trống.")

    op = WriteOp(workspace, host, "Đang lưu…", refuse, "x", areas={Area.UNITS})
    with qtbot.waitSignal(op.failed):
        op.run()
    assert boxes == ["Tên đơn vị không được để trống."]
    assert announced == [] and read_setting(ui_ctx, "test.refused") is None

    def crash(ctx):
        raise RuntimeError("lỗi lập trình")

    op = WriteOp(workspace, host, "Đang lưu…", crash, areas={Area.UNITS})
    with qtbot.waitSignal(op.failed):
        op.run()
    assert "lỗi không mong đợi" in boxes[1] and "Dữ liệu không thay đổi" in boxes[1]
    assert "Traceback" not in boxes[1]

    caught = []
    op = WriteOp(workspace, host, "Đang lưu…", crash).failure(caught.append)
    with qtbot.waitSignal(op.failed):
        op.run()
    assert len(boxes) == 2 and isinstance(caught[0], RuntimeError)  # the caller's handler, no box


def test_writes_run_one_after_the_other_in_the_order_asked(qtbot, workspace, host):
    spans: list[tuple[int, float, float, int]] = []

    def slow_write(ctx, n):
        with ctx.write() as s:
            began = time.monotonic()
            put_setting(s, f"test.order.{n}", str(n))
            s.flush()
            time.sleep(0.1)  # a write that takes a moment, holding the transaction
        spans.append((n, began, time.monotonic(), threading.get_ident()))

    ops = [WriteOp(workspace, host, "Đang lưu…", slow_write, n) for n in range(3)]
    with qtbot.waitSignals([op.finished for op in ops], timeout=10_000):
        for op in ops:
            op.run()
    assert [n for n, *_ in spans] == [0, 1, 2]
    assert len({ident for *_, ident in spans}) == 1  # the one writer thread
    assert threading.main_thread().ident not in {ident for *_, ident in spans}
    for (_, _, ended, _), (_, began, _, _) in zip(spans, spans[1:], strict=False):
        assert ended <= began


def test_long_work_shows_progress_and_cancel_rolls_it_back(qtbot, workspace, host, ui_ctx):
    def long_write(ctx, key, *, progress, cancelled):
        with ctx.write("Nhập dài") as s:
            put_setting(s, key, "nửa chừng")
            for done in range(400):
                progress(done, 400)  # raises Cancelled once the clerk pressed Hủy
                time.sleep(0.01)
        return "xong"

    caught = []
    op = WriteOp(workspace, host, "Đang nhập…", long_write, "test.long", long=True, areas={Area.STAFF})
    op.failure(caught.append).run()
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.value() > 0, timeout=5_000)
    dialog = op.dialog
    assert dialog.maximum() == 400 and dialog.labelText() == "Đang nhập…"
    cancel = [b for b in dialog.findChildren(QPushButton) if b.text() == "Hủy"]
    assert len(cancel) == 1
    cancel[0].click()
    qtbot.waitUntil(lambda: bool(caught), timeout=5_000)
    assert isinstance(caught[0], Cancelled)
    assert read_setting(ui_ctx, "test.long") is None  # the transaction rolled back


def test_a_quick_write_shows_no_progress_dialog(qtbot, workspace, host):
    op = WriteOp(workspace, host, "Đang lưu…", save, "test.quick", "x")
    with qtbot.waitSignal(op.finished):
        op.run()
    assert op.dialog is None


def test_a_query_runs_on_the_pool_with_progress_and_delivers_its_result(qtbot, host):
    threads, steps = [], []

    def count(n, *, progress, cancelled):
        threads.append(is_gui_thread())
        for i in range(n):
            progress(i + 1, n)
        return n * 2

    op = QueryOp(host, "Đang đếm…", count, 5, long=True)
    shown = op._progressed
    op._progressed = lambda done, total: (steps.append((done, total, is_gui_thread())), shown(done, total))
    with qtbot.waitSignal(op.finished) as finished:
        op.run()
    assert finished.args == [10] and threads == [False]
    assert steps[-1] == (5, 5, True)  # reported on the worker, shown on the GUI thread


def test_an_answer_for_a_window_closed_meanwhile_is_dropped(qtbot):
    """A read whose page or dialog is deleted while it runs: its answer reaches nothing (the worker hands it
    to an object that is never deleted, not to one the GUI thread may be deleting)."""
    gate = threading.Event()
    window = QObject()
    loader = Loader(lambda: gate.wait(10), window)
    op = QueryOp(QWidget(), "Đang đọc…", lambda: gate.wait(10))
    answers: list = []
    loader.loaded.connect(lambda *a: answers.append(a))
    op.finished.connect(answers.append)
    loader.request()
    op.run()
    shiboken6.delete(window)  # closed while the read runs
    shiboken6.delete(op.parent_widget)
    gate.set()
    wait_for_background_work()
    qtbot.wait(50)
    assert answers == []


def test_a_job_ending_after_the_program_tore_down_its_objects_says_nothing(qtbot):
    """The window quit while a read ran: the program's answering object is gone when the job ends; the job
    drops its answer quietly (it raised "Signal source has been deleted" on the worker)."""
    gate = threading.Event()
    window = QObject()
    loader = Loader(lambda: gate.wait(10), window)
    delivered: list = []
    loader.loaded.connect(lambda *a: delivered.append(a))
    loader.request()
    shiboken6.delete(jobs.answers())  # as at the program's end
    with qtbot.captureExceptions() as raised:
        gate.set()
        wait_for_background_work()
        qtbot.wait(20)
    assert raised == [] and delivered == []
    assert shiboken6.isValid(jobs.answers())  # a program still running makes itself a new one


def test_a_loader_binds_its_arguments_and_the_newest_request_wins(qtbot, host):
    gate = threading.Event()
    calls = []

    def read(year, kind):
        calls.append((year, kind, is_gui_thread()))
        gate.wait(5)
        return f"{kind}-{year}"

    loader = Loader(read, host)
    delivered = []
    loader.loaded.connect(lambda args, result: delivered.append((args, result)))
    loader.request(2023, "a")
    loader.request(2024, "b")  # superseded before it starts
    loader.request(2025, "c")
    gate.set()
    qtbot.waitUntil(lambda: bool(delivered) and not loader.busy)
    QThreadPool.globalInstance().waitForDone(5_000)
    QCoreApplication.processEvents()
    assert delivered == [((2025, "c"), "c-2025")]  # the older answer was dropped
    assert calls == [(2023, "a", False), (2025, "c", False)]


def test_a_detail_loader_shows_only_the_row_still_chosen(qtbot, host):
    gates = {key: threading.Event() for key in (1, 2, 3)}

    def detail(key):
        gates[key].wait(5)
        return f"chi tiết {key}"

    details = DetailLoader(detail, host)
    shown = []
    details.shown.connect(shown.append)
    details.show(1)
    details.show(2)  # the clerk moved on before row 1 was read
    gates[1].set()
    gates[2].set()
    qtbot.waitUntil(lambda: shown == ["chi tiết 2"])
    details.show(3)
    details.show(None)  # then cleared the selection
    assert shown[-1] is None
    gates[3].set()
    QThreadPool.globalInstance().waitForDone(5_000)
    QCoreApplication.processEvents()
    assert shown == ["chi tiết 2", None]  # row 3's answer came too late and was dropped
    details.show(2)
    qtbot.waitUntil(lambda: shown[-1] == "chi tiết 2" and not details.busy)
    details.refresh()
    qtbot.waitUntil(lambda: len(shown) == 4 and not details.busy)


def hold_write_lock(path) -> sqlite3.Connection:
    """Another program holding the database's write lock: a transaction begun IMMEDIATE and left open."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_form_waits_for_another_writer_then_says_so_and_the_window_keeps_working(
    qtbot, new_workspace, db_path, tmp_path, monkeypatch
):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 800)  # the bounded wait, shortened
    db = open_database(sqlite_url(db_path), backup_dir=tmp_path / "backups")
    ctx = ServiceContext(db, actor="thu-ky")
    workspace = new_workspace(ctx, sample_agency())
    salaries = len(list_base_salaries(ctx))
    dialog = BaseSalaryDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount_box.setValue(2_700_000)
    dialog.from_edit.setDate(dialog.from_edit.date().replace(year=dialog.from_edit.date().year + 3))
    dialog.basis_edit.setText("Nghị định mới")

    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    other = hold_write_lock(db_path)
    try:
        started = time.monotonic()
        dialog.ok_button.click()
        assert not dialog.ok_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
        waited = time.monotonic() - started
    finally:
        other.rollback()
        other.close()
        timer.stop()
    assert waited >= 0.7  # it waited its turn for the bounded time
    assert dialog.error.text() == DatabaseBusy.message  # Vietnamese, says what to do; no traceback
    assert "Traceback" not in dialog.error.text()
    assert dialog.isVisible() and dialog.ok_button.isEnabled()  # what was typed is kept
    during = [t for t in ticks if started < t < started + waited]
    assert len(during) >= 10  # the GUI thread kept running its timer all along the wait

    dialog.ok_button.click()  # the other writer has finished: now it goes through
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=10_000)
    assert len(list_base_salaries(ctx)) == salaries + 1
    workspace.close()
    wait_for_background_work()
    db.dispose()


def test_a_page_write_against_a_held_lock_shows_a_message_box_in_vietnamese(
    qtbot, new_workspace, db_path, tmp_path, monkeypatch, boxes
):
    from ui.pages.settings import SettingsPage

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 400)
    db = open_database(sqlite_url(db_path), backup_dir=tmp_path / "backups")
    workspace = new_workspace(ServiceContext(db, actor="thu-ky"), sample_agency())
    page = SettingsPage(workspace)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.font_combo.isEnabled())  # the office's choice has been read
    other = hold_write_lock(db_path)
    try:
        page.font_combo.setCurrentIndex(1 - page.font_combo.currentIndex())
        qtbot.waitUntil(lambda: bool(boxes), timeout=10_000)
    finally:
        other.rollback()
        other.close()
    assert boxes == [DatabaseBusy.message]
    workspace.close()
    wait_for_background_work()
    db.dispose()


def test_closing_the_window_waits_for_a_pending_write(qtbot, make_window, agency, ui_ctx):
    window = make_window(agency)

    def slow_save(ctx, key, value):
        with ctx.write() as s:
            put_setting(s, key, value)
            s.flush()
            time.sleep(0.5)

    WriteOp(window.workspace, window, "Đang lưu…", slow_save, "test.closing", "đã lưu").run()
    window.close()  # returns only when the write has committed
    assert read_setting(ui_ctx, "test.closing") == "đã lưu"


def test_a_form_cannot_be_closed_while_its_write_runs(qtbot, workspace, ui_ctx):
    dialog = BaseSalaryDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount_box.setValue(2_800_000)
    dialog.from_edit.setDate(dialog.from_edit.date().replace(year=dialog.from_edit.date().year + 4))
    dialog.basis_edit.setText("Nghị định mới")
    salaries = len(list_base_salaries(ui_ctx))
    other = hold_write_lock(ui_ctx.db.file_path)  # keeps the write waiting while the clerk presses Esc
    try:
        dialog.ok_button.click()
        dialog.reject()
        assert dialog.isVisible()
    finally:
        other.rollback()
        other.close()
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=15_000)
    assert len(list_base_salaries(ui_ctx)) == salaries + 1
