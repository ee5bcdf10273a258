"""Large lists at province scale (issue 16, Deliver 5): every list that can hold the province's staff or awards,
opened (rows on screen, the view painted) and filtered (a keystroke or a filter chosen → the view repainted).

The staff table is the reference: a model over plain rows, loaded off the GUI thread. Beside it: the
initiatives (tens of thousands at 100,000 staff), a decision's list of awards (the largest decision of the
province), a batch of nomination items as a large unit's LĐTT list sends it (every member of staff of the
largest units), and the picker of a decision's form over the same items. The nomination items are made from
the province's own staff (names, units, dates of birth): the demo's year has few nominations.

    TDKT_BENCH_PROVINCE=~/provinces/p100k.sqlite3 python3 -m tests --benchmarks tests/benchmarks/bench_large_lists.py -s

measures a prebuilt province (copied first: the file is never written); without it, the `province_path` demo.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.services.agency import get_agency
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url

ITEMS = 5_000  # nomination items of one batch: a large unit's whole staff


@pytest.fixture(scope="module")
def lists_ctx(request, tmp_path_factory):
    given = os.environ.get("TDKT_BENCH_PROVINCE")
    if given:
        path = tmp_path_factory.mktemp("large_lists") / "province.sqlite3"
        shutil.copyfile(given, path)
    else:
        path = request.getfixturevalue("province_path")
    db = open_database(sqlite_url(path))
    yield ServiceContext(db, actor="bench")
    db.dispose()


@pytest.fixture(scope="module")
def workspace(qapp, lists_ctx):
    from ui.application import setup
    from ui.workspace import Workspace

    setup(qapp)
    space = Workspace(lists_ctx, get_agency(lists_ctx))
    yield space
    space.close()


class _Painted(QObject):
    """Counts the paint events of a view's viewport."""

    def __init__(self, view):
        super().__init__(view)
        self.count = 0
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False

    def wait(self, before: int) -> None:
        while self.count == before:
            QApplication.processEvents()


def _cpu(name: str, fn: Callable) -> Callable:
    """`fn`, with the CPU time of each call (every thread of the process: the background read included)
    printed at the end: wall time on a shared machine moves with its load, CPU time much less."""
    spent: list[float] = []

    def timed(*args, **kwargs):
        start = time.process_time()
        fn(*args, **kwargs)
        spent.append(time.process_time() - start)

    def report() -> None:
        if spent:
            best, median = min(spent) * 1000, statistics.median(spent) * 1000
            print(f"\n{name}: CPU best {best:.1f} ms, median {median:.1f} ms ({len(spent)} rounds)")

    timed.report = report
    return timed


def _until(condition) -> None:
    while not condition():
        QTest.qWait(5)


def _shown(widget):
    widget.resize(1180, 700)
    widget.show()
    QApplication.processEvents()
    return widget


def _dispose(widget) -> None:
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def _page_open(benchmark, name, make, ready, view_of, rows_of, rounds: int = 3) -> int:
    """A fresh page each round: shown, activated, its list read and painted."""
    shown: list[int] = []

    def setup():
        page = _shown(make())
        return (page,), {}

    def opened(page):
        painted = _Painted(view_of(page))
        before = painted.count
        page.activated()
        _until(lambda: ready(page))
        painted.wait(before)
        shown.append(rows_of(page))
        _dispose(page)

    timed = _cpu(name, opened)
    benchmark.pedantic(timed, setup=setup, rounds=rounds, iterations=1)
    timed.report()
    return shown[-1]


def _filtering(benchmark, name, view, change, rounds: int) -> None:
    painted = _Painted(view)

    def keystroke():
        before = painted.count
        change()
        painted.wait(before)

    timed = _cpu(name, keystroke)
    benchmark.pedantic(timed, rounds=rounds, iterations=1, warmup_rounds=2)
    timed.report()


# --- the staff table, the reference ---------------------------------------------------------------------------


def test_staff_page_open(benchmark, workspace):
    from ui.pages.staff import StaffPage

    rows = _page_open(
        benchmark,
        "staff page open",
        lambda: StaffPage(workspace),
        lambda p: p.view_data is not None,
        lambda p: p.view,
        _model_rows,
    )
    print(f"staff rows shown: {rows:,}")


# --- initiatives -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def initiatives_page(workspace):
    from ui.pages.initiatives import InitiativesPage

    page = _shown(InitiativesPage(workspace))
    page.activated()
    _until(lambda: page.view_data is not None and not page.loading)
    yield page
    _dispose(page)


def test_initiatives_page_open(benchmark, workspace):
    from ui.pages.initiatives import InitiativesPage

    rows = _page_open(
        benchmark,
        "initiatives page open",
        lambda: InitiativesPage(workspace),
        lambda p: p.view_data is not None and not p.loading,
        lambda p: p.view,
        _model_rows,
    )
    print(f"initiatives shown: {rows:,}")


def test_initiatives_keystroke(benchmark, initiatives_page):
    page = initiatives_page
    texts = iter(["c", "ca", "cai", "cai t", "cai tien", ""] * 100)
    _filtering(
        benchmark, "initiatives keystroke", page.view, lambda: page.search_box.setText(next(texts)), 30
    )


# --- a decision's list of awards -------------------------------------------------------------------------------


def test_largest_decision_shown(benchmark, workspace, lists_ctx):
    from database.models import Award
    from ui.pages.decisions import DecisionsPage

    with lists_ctx.read() as s:
        decision_id, awards = s.execute(
            select(Award.decision_id, func.count())
            .where(Award.decision_id.is_not(None))
            .group_by(Award.decision_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    page = _shown(DecisionsPage(workspace))
    page.activated()
    _until(lambda: page.view_data is not None and not page.loading)
    painted = _Painted(page.detail_view)

    def show():
        before = painted.count
        page.details.show(decision_id)
        _until(lambda: page.detail_model.rowCount() == awards)
        painted.wait(before)
        page.detail_model.set_hits([], {})  # the next round shows it afresh
        QApplication.processEvents()

    timed = _cpu("largest decision shown", show)
    benchmark.pedantic(timed, rounds=5, iterations=1, warmup_rounds=1)
    timed.report()
    print(f"decision's awards shown: {awards:,}")
    _dispose(page)


# --- a batch of nomination items, and the decision form's picker -------------------------------------------------


@pytest.fixture(scope="module")
def nomination_items(lists_ctx):
    """ITEMS nominations for LĐTT, made from the staff of the largest units (no database write)."""
    from app.services.nominations import ChecklistEntry, NominationItem
    from app.services.staff import load_directory
    from database.enums import AttachmentKind, AwardBasis, NominationStatus

    records = load_directory(lists_ctx).records
    by_unit: dict[str | None, list] = {}
    for r in records:
        by_unit.setdefault(r.unit_name, []).append(r)
    chosen = [r for unit in sorted(by_unit.values(), key=len, reverse=True) for r in unit][:ITEMS]
    papers = (
        ChecklistEntry(AttachmentKind.MINUTES, True),
        ChecklistEntry(AttachmentKind.ACHIEVEMENT_REPORT, False),
    )
    return [
        NominationItem(
            id=n + 1,
            batch_id=1,
            person_id=r.id,
            unit_id=None,
            subject_name=r.full_name,
            birth_text=r.birth_text,
            position=r.position,
            unit_name=r.unit_name,
            award_code="LDTT" if n % 10 else "CSTDCS",
            award_name="Lao động tiên tiến" if n % 10 else "Chiến sĩ thi đua cơ sở",
            is_title=True,
            within_director_power=True,
            year=2025,
            basis=AwardBasis.MERIT,
            achievement=None,
            status=NominationStatus.RECEIVED,
            status_reason=None,
            checklist=papers if n % 3 else papers[:1],
        )
        for n, r in enumerate(chosen)
    ]


def test_nomination_batch_shown(benchmark, workspace, nomination_items):
    """The page's item table filled with a batch's items and painted, then the verdicts filled in."""
    from app.rules import Verdict
    from app.services.nominations import BatchInfo, BatchView
    from database.enums import AuthorityLevel, AwardBasis, BatchStatus
    from ui.pages.nominations import Judged, NominationsPage

    batch = BatchInfo(
        1, 2025, None, "Bệnh viện", "Lao động tiên tiến", AwardBasis.MERIT, AuthorityLevel.DEPARTMENT,
        None, None, BatchStatus.RECEIVED, len(nomination_items),
    )  # fmt: skip
    view = BatchView(batch, tuple(nomination_items), ())
    verdict = Verdict("LDTT", 2025, True, ("Hoàn thành tốt nhiệm vụ",), (), (), law="NĐ 152/2025 Đ13")
    judged = Judged(1, None, {it.id: verdict for it in nomination_items})
    page = _shown(NominationsPage(workspace))
    painted = _Painted(page.items)

    def fill():
        before = painted.count
        page.batch_view = view
        page.verdicts, page.unregistered = {}, frozenset()
        page._fill_items(set())
        painted.wait(before)
        before = painted.count
        page.show_verdicts((), judged)
        painted.wait(before)

    timed = _cpu("nomination batch shown", fill)
    benchmark.pedantic(timed, rounds=5, iterations=1, warmup_rounds=1)
    timed.report()
    _dispose(page)


@pytest.fixture
def picker(qapp, nomination_items):
    from ui.widgets.nomination_picker import NominationPicker

    widget = _shown(NominationPicker("Hồ sơ"))
    yield widget
    _dispose(widget)


def _group(item) -> str:
    return f"Đề nghị năm 2025 – {item.unit_name}"


def test_picker_filled(benchmark, picker, nomination_items):
    view = picker.findChild(QObject, "nominationPicker")
    painted = _Painted(view)

    def fill():
        before = painted.count
        picker.set_items(nomination_items, _group)
        painted.wait(before)
        picker.set_items([], _group)
        QApplication.processEvents()

    timed = _cpu("picker filled", fill)
    benchmark.pedantic(timed, rounds=5, iterations=1, warmup_rounds=1)
    timed.report()


def test_picker_filtered(benchmark, picker, nomination_items):
    picker.set_items(nomination_items, _group)
    QApplication.processEvents()
    view = picker.findChild(QObject, "nominationPicker")
    choices = iter([2, 0, 1, 0] * 100)  # a title chosen, then all again
    _filtering(
        benchmark, "picker filtered", view, lambda: picker.award_combo.setCurrentIndex(next(choices)), 12
    )


def _model_rows(page) -> int:
    return page.view.model().rowCount()


# --- a package's plan: a line for each record --------------------------------------------------------------------


def test_package_plan_shown(benchmark, workspace, nomination_items):
    """The import dialog's plan of a year's package at this scale: a line for each person and each award."""
    from ui.dialogs.package_import import PackageImportDialog

    people = [
        ("Cán bộ", "Thêm", f"{it.subject_name} ({it.birth_text})", it.unit_name or "")
        for it in nomination_items
    ]
    awards = [
        ("Khen thưởng", "Thêm", f"{it.award_name} {it.year}", it.subject_name) for it in nomination_items
    ]
    rows = (people + awards) * 10  # 100,000 lines
    dialog = _shown(PackageImportDialog(workspace))
    painted = _Painted(dialog.details)

    def fill():
        before = painted.count
        dialog._fill(rows)
        painted.wait(before)
        dialog._fill([])
        QApplication.processEvents()

    timed = _cpu("package plan shown", fill)
    benchmark.pedantic(timed, rounds=3, iterations=1, warmup_rounds=1)
    timed.report()
    print(f"plan lines: {len(rows):,}")
    _dispose(dialog)
