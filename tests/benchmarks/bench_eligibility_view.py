""" "Ai đủ điều kiện?" at province scale.

- asked → shown (issue 16: ≤ 1 s at 100,000 staff): the window opened (Ctrl+E) until the first title's
  rows (LĐTT, judged first) are in the table and painted, and until every title's candidates of the year
  are, when another screen has read the histories already (the window's cache, `Workspace.histories`;
  nothing judged yet in the first round, the year's shared verdicts reused in the next ones), and the first
  time, histories read included;
- a keystroke in the name search over every title's candidates of a year (about 70,000 rows for the demo
  province) to the repainted table (DESIGN: ≤ 20 ms, as for the staff page), and a change of the verdict
  filter, which starts the search again from the whole list."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services.agency import get_agency
from tests.benchmarks.bench_staff_page import TYPING, _keystroke_benchmark, _PaintCounter

YEAR = 2024


@pytest.fixture(scope="module")
def workspace(qapp, province_ctx):
    from ui.application import setup
    from ui.workspace import Workspace

    setup(qapp)
    made = Workspace(province_ctx, get_agency(province_ctx))
    yield made
    made.close()


def _asked_to_shown(workspace, complete: bool):
    """Open the window as Ctrl+E does and wait until the listing is in the table and painted: the first
    title's rows, or (`complete`) every title's."""
    from ui.dialogs.eligibility_dialog import EligibilityDialog

    dialog = EligibilityDialog(workspace, YEAR)
    panel = dialog.panel
    painted = _PaintCounter(panel.table.viewport())
    dialog.show()
    while panel.listing is None or (complete and panel.loading):
        QApplication.processEvents()
        time.sleep(0.001)
    before = painted.count
    while painted.count == before:
        QApplication.processEvents()
    return dialog


def _close(dialog) -> None:
    """Close the window, let the judging it started end, and free it (its listing and histories)."""
    from ui.jobs import wait_for_background_work

    dialog.panel.close_down()
    dialog.close()
    wait_for_background_work(60_000)
    dialog.deleteLater()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.mark.parametrize("complete", [False, True], ids=["first_rows", "every_title"])
def test_asked_to_shown_histories_read(benchmark, workspace, complete):
    workspace.histories.get()  # another screen (or an earlier opening) has read them
    shown = []
    benchmark.pedantic(
        lambda: shown.append(_asked_to_shown(workspace, complete)),
        teardown=lambda: _close(shown.pop()),
        rounds=5,
        iterations=1,
    )


@pytest.mark.parametrize("complete", [False, True], ids=["first_rows", "every_title"])
def test_asked_to_shown_first_time(benchmark, workspace, complete):
    shown = []
    benchmark.pedantic(
        lambda: shown.append(_asked_to_shown(workspace, complete)),
        setup=workspace.histories.forget,
        teardown=lambda: _close(shown.pop()),
        rounds=3,
        iterations=1,
    )


@pytest.fixture(scope="module")
def panel(qapp, workspace):
    from ui.dialogs.eligibility_dialog import EligibilityPanel

    shown = EligibilityPanel(workspace, YEAR)
    shown.resize(1180, 700)
    shown.show()
    shown.start()
    while shown.listing is None or shown.loading:
        QTest.qWait(50)
    QApplication.processEvents()
    assert len(shown.listing.candidates) >= 50_000  # every title: LĐTT, Giấy khen, CSTĐCS, …
    yield shown
    shown.close_down()
    shown.close()
    shown.deleteLater()


def test_keystroke_to_repainted_table(benchmark, panel):
    listed = SimpleNamespace(total=panel.model.rowCount())  # every verdict listed, before any word is typed
    page = SimpleNamespace(view=panel.table, search_box=panel.search_box, model=listed)
    _keystroke_benchmark(benchmark, page, TYPING)


def test_verdict_filter_to_repainted_table(benchmark, panel):
    panel.search_box.setText("nguyen")
    painted = _PaintCounter(panel.table.viewport())
    choices = iter(range(10_000))

    def switch():
        before = painted.count
        panel.show_combo.setCurrentIndex(next(choices) % 3)
        while painted.count == before:
            QApplication.processEvents()

    benchmark.pedantic(switch, rounds=30, iterations=1, warmup_rounds=3)
