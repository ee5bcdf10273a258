"""Large lists stay usable (issue 16, Deliver 5): a batch naming a large unit's whole staff is shown row by row
through a model (no widget item per row), the decision form's picker over the same items filters in Python,
and an export of any list runs on the thread pool with a progress dialog whose Hủy leaves no file — not even
when the writer cannot stop half-way — and the clerk's earlier file as it was."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QPushButton, QTableView, QWidget

from app.services.agency import save_agency
from app.services.nominations import BatchData, create_batch, load_batch, new_items
from app.text import fold
from database.models import AwardType, NominationBatch, Person, Posting
from tests.db.test_review import build_history
from tests.ui.conftest import sample_agency
from ui.format import number
from ui.jobs import wait_for_background_work
from ui.operations import QueryOp
from ui.pages import nominations as nominations_page
from ui.widgets.nomination_picker import NominationPicker
from ui.widgets.xlsx_export import XlsxExporter

YEAR = 2025
STAFF = 1_200  # a large hospital's LĐTT list, beside the three doctors of the history


@pytest.fixture
def large_batch(ui_ctx):
    """The hospital of build_history with STAFF more people, and one received batch proposing all of them."""
    world = build_history(ui_ctx)
    hospital = world["hospital"]
    with ui_ctx.write() as s:
        people = [
            Person(
                full_name=f"Nguyễn Văn Số {n:04d}",
                name_folded=fold(f"Nguyễn Văn Số {n:04d}"),
                sort_key=fold(f"Nguyễn Văn Số {n:04d}"),
                birth_year=1970 + n % 30,
                unit_id=hospital,
                position="Điều dưỡng",
            )
            for n in range(STAFF)
        ]
        s.add_all(people)
        s.flush()
        s.add_all(Posting(person_id=p.id, unit_id=hospital, start_date=dt.date(2015, 1, 1)) for p in people)
    batch_id = create_batch(
        ui_ctx, BatchData(YEAR, "Đề nghị LĐTT năm 2025", unit_id=hospital, received_on=dt.date(2025, 12, 1))
    )
    with ui_ctx.write() as s:
        types = {t.code: t.id for t in s.query(AwardType)}
        everyone = [world["lan"], world["hung"], world["chau"], *(p.id for p in people)]
        wanted = [(types["CSTDCS"] if n < 3 else types["LDTT"], pid, None) for n, pid in enumerate(everyone)]
        new_items(s, s.get(NominationBatch, batch_id), wanted, "test")
    return batch_id, len(everyone)


def test_a_large_batch_is_shown_through_its_model(qtbot, make_window, ui_ctx, large_batch):
    batch_id, count = large_batch
    window = make_window(save_agency(ui_ctx, sample_agency()))
    window.resize(1366, 800)
    window.show_section(7)
    page = window.current_page()
    page.year_box.setValue(YEAR)
    qtbot.waitUntil(
        lambda: page.batch_view is not None and page.judged_batch == batch_id and not page.loading,
        timeout=60_000,
    )
    table = page.items
    assert isinstance(table, QTableView) and table.model() is page.items_model
    model = page.items_model
    assert all(table.indexWidget(model.index(r, c)) is None for r in (0, count - 1) for c in range(6))
    assert model.rowCount() == count
    names = {model.text(r, 0).split(" (")[0] for r in range(model.rowCount())}
    assert {"Nguyễn Thị Lan", "Nguyễn Văn Số 0000", "Nguyễn Văn Số 1199"} <= names
    # The verdicts came back for every row, filled in the one column.
    verdicts = {model.text(r, nominations_page.VERDICT_COLUMN) for r in range(model.rowCount())}
    assert "Đang xét…" not in verdicts
    lan = next(r for r in range(model.rowCount()) if model.text(r, 0).startswith("Nguyễn Thị Lan"))
    assert model.text(lan, nominations_page.VERDICT_COLUMN).startswith("Đủ điều kiện")
    # The last row is reachable and chosen like any other.
    table.selectRow(count - 1)
    table.scrollToBottom()
    assert page.current_item() is not None and page.current_item().id == model.item(count - 1).id
    wait_for_background_work()


def test_the_picker_filters_a_large_list_in_python(qtbot, ui_ctx, large_batch):
    batch_id, count = large_batch
    items = load_batch(ui_ctx, batch_id).items
    picker = NominationPicker("Hồ sơ")
    qtbot.addWidget(picker)
    picker.resize(900, 600)
    picker.show()
    picker.set_items(items, lambda item: "Đề nghị năm 2025 – Bệnh viện Đa khoa tỉnh")
    assert len(picker.shown_ids()) == count
    assert picker.model.rowCount() == count + 1  # the group's heading above its items
    assert picker.view.columnSpan(0, 0) == picker.model.columnCount()  # the heading spans the row
    assert picker.count_label.text() == f"Đã chọn 0 / {number(count)} đề nghị"

    picker.award_combo.setCurrentIndex(picker.award_combo.findData("CSTDCS"))
    cstd = [i.id for i in items if i.award_code == "CSTDCS"]
    assert picker.shown_ids() == cstd
    picker.check_shown(True)  # "Chọn tất cả" ticks what the filter shows, nothing else
    assert picker.checked_ids() == cstd

    picker.award_combo.setCurrentIndex(0)
    assert len(picker.shown_ids()) == count
    last = items[-1].id
    picker.view.setFocus()
    picker.view.setCurrentIndex(picker.index_of(last))
    qtbot.keyClick(picker.view, Qt.Key.Key_Space)  # ticked from the keyboard, as before
    assert picker.checked_ids() == [*cstd, last]
    picker.set_items(items, lambda item: "Đề nghị năm 2025 – Bệnh viện Đa khoa tỉnh")
    assert picker.checked_ids() == [*cstd, last]  # ticks survive a new list holding the same items


# --- exports: in the background, Hủy leaves nothing ----------------------------------------------------------


class _Held:
    """A writer that cannot stop half-way (as openpyxl's): writes its file, then waits to be let go."""

    def __init__(self):
        self.started, self.go_on = threading.Event(), threading.Event()
        self.thread: threading.Thread | None = None
        self.written_to = None

    def __call__(self, partial, _progress, _cancelled) -> int:
        self.thread = threading.current_thread()
        self.written_to = partial
        partial.write_bytes(b"PK half a workbook")
        self.started.set()
        assert self.go_on.wait(20)
        partial.write_bytes(b"PK the whole workbook")
        return 7


@pytest.fixture
def exporter(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    button = QPushButton("Xuất Excel…", page)
    said: list[str] = []
    return XlsxExporter(page, button, said.append, "dòng"), button, said


def test_an_export_runs_off_the_gui_thread_and_hủy_leaves_the_earlier_file(qtbot, exporter, tmp_path):
    exporter, button, said = exporter
    target = tmp_path / "ds.xlsx"
    target.write_bytes(b"the clerk's earlier list")
    work = _Held()
    task = exporter.start(target, 7, work)
    assert isinstance(task, QueryOp) and exporter.running and not button.isEnabled()
    assert work.started.wait(20)
    assert work.thread is not threading.main_thread()
    assert work.written_to != target and work.written_to.parent == target.parent
    # The window keeps painting while the file is written: the progress dialog comes up, with Hủy.
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=5_000)
    cancel = task.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Hủy"
    with qtbot.waitSignal(exporter.finished, timeout=20_000) as finished:
        cancel.click()
        work.go_on.set()
    assert str(finished.args[0]) == "Đã hủy xuất tệp; không có tệp nào được ghi."
    assert said == ["Đã hủy xuất tệp; không có tệp nào được ghi."]
    assert target.read_bytes() == b"the clerk's earlier list"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds.xlsx"]  # no partial file left
    assert button.isEnabled() and not exporter.running


def test_an_export_not_cancelled_takes_the_place_of_the_file(qtbot, exporter, tmp_path):
    exporter, _button, said = exporter
    target = tmp_path / "ds.xlsx"
    work = _Held()
    work.go_on.set()
    with qtbot.waitSignal(exporter.finished, timeout=20_000) as finished:
        exporter.start(target, 7, work)
    assert finished.args == [target]
    assert target.read_bytes() == b"PK the whole workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds.xlsx"]
    assert said == ["Đã xuất 7 dòng ra ds.xlsx"]


def test_a_page_export_cancelled_leaves_no_file(
    qtbot, make_window, ui_ctx, large_batch, tmp_path, monkeypatch
):
    """The batch's list (an openpyxl writer, which cannot stop half-way), cancelled from its progress dialog."""
    batch_id, _count = large_batch
    folder = tmp_path / "xuat"
    folder.mkdir()
    target = folder / "de-nghi.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    written, go_on = threading.Event(), threading.Event()
    real = nominations_page.nomination_list_xlsx

    def held(path, *args, **kwargs):
        result = real(path, *args, **kwargs)
        written.set()
        assert go_on.wait(20)
        return result

    monkeypatch.setattr(nominations_page, "nomination_list_xlsx", held)
    window = make_window(save_agency(ui_ctx, sample_agency()))
    window.show_section(7)
    page = window.current_page()
    page.year_box.setValue(YEAR)
    qtbot.waitUntil(
        lambda: page.batch_view is not None and page.batch_view.batch.id == batch_id, timeout=30_000
    )
    task = page.export_batch_list()
    assert isinstance(task, QueryOp)
    assert written.wait(30)
    qtbot.waitUntil(lambda: task.dialog is not None, timeout=5_000)
    with qtbot.waitSignal(page.list_exporter.finished, timeout=20_000):
        task.dialog.findChild(QPushButton).click()  # Hủy
        go_on.set()
    assert list(folder.iterdir()) == []
    assert page.status_label.text() == "Đã hủy xuất tệp; không có tệp nào được ghi."
    wait_for_background_work()
