"""Probes: the same kind of work done by the bare tools in the same session, so a figure reads as a ratio.

A figure on a shared machine moves with the load; the bare tools' figure moves with it. Each probe is the
best of several runs, measured once per session (cached) and returned in seconds (memory: MiB).

    from tests.benchmarks.probes import bare_query, bare_table_keystroke, compare

    benchmark.pedantic(...)
    compare(benchmark, bare_table_keystroke(rows), "bare QTableView keystroke")
    # prints  "figure 14.2 ms / bare QTableView keystroke 3.1 ms = 4.6×"  and keeps both in extra_info

The API:
- `compare(figure, probe, what, unit="ms", stat="min")`: prints "figure / probe = ratio"; `figure` is a
  number (seconds, or MiB with unit="MiB") or a pytest-benchmark fixture that has run (its `stat` round:
  "min", the best, or "median" where the probe is a median too). Returns the ratio.
- `bare_window()`: a child Python process imports PySide6, shows an empty QMainWindow, paints it once
  and reports; timed from start to that report, like bench_startup's children.
- `bare_table_open(rows)`: a QTableView over a minimal QAbstractTableModel of `rows` plain rows of five
  short texts, set and painted.
- `bare_table_keystroke(rows)`: the same table; a keystroke filters the rows by substring in a list
  comprehension and resets the model, until painted: the median over a typed name and clears (each
  keystroke's best of two); compare with stat="median".
- `bare_query(db, sql)`: the query run by the driver alone (the sqlite3 module on the file, read-only; a
  raw psycopg connection on PostgreSQL), every row fetched: the bare-SQLite (bare-PostgreSQL) probe.
- `bare_statement(db, run)`: the slowest SQL statement `run()` sends (caught on the engine), run again by
  the driver alone with the same parameters: what the database itself needs of a service's figure.
- `bare_xlsx_read(path)`: every row of a workbook read by openpyxl alone (read-only, values only).
- `bare_process_mib()`: the resident memory (VmHWM) of a child process with PySide6 and an empty
  QMainWindow shown.
- `best_of(run, rounds=7)`: the shortest wall time of `rounds` calls, for a probe of one's own.
- `on_cpu(benchmark, fn)`: `fn` recording the least CPU time (every thread's) any round took in
  extra_info `cpu_ms`: on a shared machine the wall time says more about the neighbours than the code.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import subprocess
import sys
import time

ROUNDS = 7

_BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("probe")
window.resize(1280, 720)
window.show()
def done():
    if sys.argv[1] == "memory":
        status = open("/proc/self/status").read()
        print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")), flush=True)
    else:
        print("reached", flush=True)
    app.quit()
QTimer.singleShot(0, done)  # after the shown window's first paint
app.exec()
"""


def compare(figure, probe: float, what: str, unit: str = "ms", stat: str = "min") -> float:
    """Print "figure / probe = ratio" and return the ratio; a benchmark fixture gives its `stat` round."""
    stats = getattr(getattr(figure, "stats", None), "stats", None)
    value = getattr(stats, stat) if stats is not None else float(figure)
    scale = 1000 if unit == "ms" else 1
    ratio = value / probe if probe else float("inf")
    line = f"figure {value * scale:,.1f} {unit} / {what} {probe * scale:,.1f} {unit} = {ratio:.1f}×"
    print(f"\n  {line}", flush=True)
    if stats is not None:
        figure.extra_info.update(probe=what, probe_value=probe, ratio=round(ratio, 2))
    return ratio


def on_cpu(benchmark, fn):
    """`fn`, recording the least CPU time any round took in `benchmark.extra_info["cpu_ms"]`."""

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = round((time.process_time() - started) * 1000, 1)
            benchmark.extra_info["cpu_ms"] = min(benchmark.extra_info.get("cpu_ms", spent), spent)

    return timed


def best_of(run, rounds: int = ROUNDS) -> float:
    """The shortest wall time of `rounds` calls of `run()`."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def _child(moment: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _BARE_WINDOW, moment],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


@functools.cache
def bare_window() -> float:
    def run():
        child = _child("shown")
        assert child.stdout.readline().strip() == "reached"
        timings.append(time.perf_counter())
        children.append(child)

    timings: list[float] = []
    children: list[subprocess.Popen] = []
    best = float("inf")
    run()  # warm the file cache
    for _ in range(ROUNDS):
        while children:
            children.pop().wait(timeout=60)
        started = time.perf_counter()
        run()
        best = min(best, timings[-1] - started)
    for child in children:
        child.wait(timeout=60)
    return best


@functools.cache
def bare_process_mib() -> float:
    child = _child("memory")
    kib = int(child.stdout.readline())
    child.wait(timeout=60)
    return kib / 1024


def _bare_table(rows: int):
    from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    class Model(QAbstractTableModel):
        def __init__(self, data):
            super().__init__()
            self.rows = data

        def rowCount(self, parent=QModelIndex()):  # noqa: B008 (Qt's signature)
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent=QModelIndex()):  # noqa: B008
            return 5

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.rows[index.row()][index.column()]
            return None

        def set_rows(self, data):
            self.beginResetModel()
            self.rows = data
            self.endResetModel()

    class Painted(QObject):
        count = 0

        def eventFilter(self, _watched, event):
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    words = ["nguyen", "tran", "le", "pham", "hoang", "van", "thi", "minh", "an", "binh", "chi", "duc"]
    data = [
        (f"{words[n % 12]} {words[(n // 12) % 12]} {words[(n // 144) % 12]}", f"{n}", "Nam", "1980", "Khoa")
        for n in range(rows)
    ]
    view = QTableView()
    view.verticalHeader().hide()
    view.resize(1180, 600)
    painted = Painted(view)
    view.viewport().installEventFilter(painted)

    def show(model_rows):
        before = painted.count
        view.model().set_rows(model_rows)
        while painted.count == before:
            QApplication.processEvents()

    return view, Model, data, show


@functools.cache
def bare_table_open(rows: int) -> float:
    view, model_class, data, _show = _bare_table(rows)
    from PySide6.QtWidgets import QApplication

    def run():
        view.setModel(model_class(list(data)))
        view.show()
        view.viewport().repaint()
        QApplication.processEvents()

    best = best_of(run)
    view.close()
    view.deleteLater()
    return best


@functools.cache
def bare_table_keystroke(rows: int) -> float:
    view, model_class, data, show = _bare_table(rows)
    view.setModel(model_class(data))
    view.show()
    typed = ["n", "ng", "ngu", "nguy", "nguye", "nguyen", "nguyen v", "nguyen van", "", "t", "tr", "tran", ""]

    def keystroke(text):
        show([r for r in data if text in r[0]] if text else data)

    typical = sorted(best_of(lambda text=text: keystroke(text), rounds=2) for text in typed)
    view.close()
    view.deleteLater()
    return typical[len(typical) // 2]


def bare_query(db, sql: str) -> float:
    """`sql` run by the database's own driver, every row fetched, no SQLAlchemy: the sqlite3 module on the
    file (read-only), or a raw DBAPI connection of the engine (PostgreSQL)."""
    key = (db.url.render_as_string(hide_password=False), sql)
    if key not in _BARE_QUERIES:
        _BARE_QUERIES[key] = _time_query(db, sql)
    return _BARE_QUERIES[key]


_BARE_QUERIES: dict[tuple[str, str], float] = {}


def _time_query(db, sql: str) -> float:
    if db.is_sqlite:
        conn = sqlite3.connect(f"file:{db.file_path}?mode=ro", uri=True)
    else:
        conn = db.engine.raw_connection()

    def run():
        cursor = conn.cursor()
        cursor.execute(sql)
        cursor.fetchall()
        cursor.close()

    try:
        return best_of(run)
    finally:
        conn.close()


def bare_statement(db, run) -> float:
    from sqlalchemy import event

    sent: list[tuple[float, str, object]] = []

    def before(conn, _cursor, _statement, _parameters, _context, _many):
        conn.info["probe_started"] = time.perf_counter()

    def after(conn, _cursor, statement, parameters, _context, _many):
        sent.append((time.perf_counter() - conn.info.pop("probe_started"), statement, parameters))

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
        event.remove(db.engine, "after_cursor_execute", after)
    _, statement, parameters = max(sent, key=lambda x: x[0])
    conn = db.engine.raw_connection()

    def again():
        cursor = conn.cursor()
        cursor.execute(statement, parameters)
        cursor.fetchall()
        cursor.close()

    try:
        return best_of(again)
    finally:
        conn.close()


@functools.cache
def bare_xlsx_read(path) -> float:
    import openpyxl

    def run():
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        book.close()

    return best_of(run, rounds=3)
