""" "Ai đủ điều kiện?" at province scale: a keystroke in the name search over every title's candidates of a year
(about 70,000 rows for the demo province) to the repainted table (DESIGN: ≤ 20 ms, as for the staff page).
Also a change of the verdict filter, which starts the search again from the whole list."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services.agency import get_agency
from tests.benchmarks.bench_staff_page import TYPING, _keystroke_benchmark, _PaintCounter


@pytest.fixture(scope="module")
def panel(qapp, province_ctx):
    from ui.application import setup
    from ui.dialogs.eligibility_dialog import EligibilityPanel
    from ui.workspace import Workspace

    setup(qapp)
    workspace = Workspace(province_ctx, get_agency(province_ctx))
    shown = EligibilityPanel(workspace, 2024)
    workspace.setParent(shown)
    shown.resize(1180, 700)
    shown.show()
    shown.start()
    while shown.listing is None or shown.loading:
        QTest.qWait(50)
    QApplication.processEvents()
    assert len(shown.listing.candidates) >= 50_000  # every title: LĐTT, Giấy khen, CSTĐCS, …
    yield shown
    shown.close_down()
    workspace.close()
    shown.close()
    shown.deleteLater()


def test_keystroke_to_repainted_table(benchmark, panel):
    _keystroke_benchmark(benchmark, SimpleNamespace(view=panel.table, search_box=panel.search_box), TYPING)


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
