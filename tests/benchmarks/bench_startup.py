"""Start-up on the province database, timed as whole processes (DESIGN: window shown and usable ≤ 0.5 s warm).

Each child runs the real `python -m app --db FILE` path and quits at a given moment, so a figure is
interpreter start + imports + what happened until then + exit:
- shown: the window has been painted once (sidebar, menus, status bar; the database still opening);
- sign-in: the database is open and the sign-in dialog would be shown (the clerk types while the file's
  integrity check runs behind: app.startup's check_behind);
- ready: the database is open, migrated if needed, signed in (the account's name and password given
  to the sign-in service as the dialog gives them: the password's check is timed, the typing is not; the
  sign-in's record, a write, is queued behind the integrity check as the dialog queues it), and the Tổng
  quan page shows its figures;
- pages (memory, not time): ready, then Đơn vị, Cán bộ, Đề nghị & Xét duyệt and Quyết định & Khen thưởng
  opened one after another, each with its rows in: the process's resident memory then, and its peak.

On PostgreSQL (TDKT_BENCH_DATABASE_URL; the functions at the end): the same children started as a clerk
whose copy of the program was set up for the server starts it, `python -m app` with no argument, the server
remembered in the data folder (may-chu-du-lieu.txt), on the province's PostgreSQL copy.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.paths import default_database_path
from tests.benchmarks.conftest import ACCOUNT_ENV
from tests.benchmarks.probes import bare_process_mib, bare_window, compare

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

MOMENT = sys.argv[2]
if sys.argv[3:] == ["no-read-ahead"]:  # the four pages alone: the verdicts' read-ahead never starts
    import ui.workspace
    ui.workspace.READ_AHEAD_IDLE_MS = 2**31 - 1
_exec = QApplication.exec

def exec_until(self):
    from ui.main_window import MainWindow
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))

    def check():
        ws = window.workspace
        if MOMENT == "shown" or (ws is not None and ws.overview is not None):
            if MOMENT == "pages":
                open_pages()
            print("reached", flush=True)  # the parent's clock stops here, not at exit
            self.quit()
        else:
            QTimer.singleShot(2, check)

    def open_pages():
        # The four main pages opened one after another, each until its rows are in and painted.
        from ui.jobs import wait_for_background_work
        from ui.main_window import section_row

        for name in ("units", "staff", "nominations", "decisions"):
            window.sidebar.setCurrentRow(section_row(name))
            page = window.stack.currentWidget()
            while True:
                wait_for_background_work()
                QApplication.processEvents()
                if getattr(page, "view_data", True) is not None and not getattr(page, "loading", False):
                    break
            page.repaint()
        status = open("/proc/self/status").read()
        kib = {k: int(v.split()[0]) for k, v in (l.split(":", 1) for l in status.splitlines()) if k.startswith("Vm")}
        print(kib["VmRSS"], kib["VmHWM"], flush=True)

    QTimer.singleShot(0, check)  # runs once the shown window has been painted
    return _exec()

def signed_in(ctx, agency, accounts, policy=None, parent=None):
    import os
    from app.services.accounts import sign_in

    if MOMENT == "sign-in":  # the dialog would be shown now: the database open, the clerk typing
        print("reached", flush=True)
        QApplication.instance().quit()
        return None
    from ui.dialogs.sign_in import write_down_sign_in

    signed = sign_in(ctx.db, os.environ["TDKT_USER"], os.environ["TDKT_PASSWORD"], later=True)
    write_down_sign_in(ctx.db, signed, parent)  # what ask_account does after the dialog
    return signed

QApplication.exec = exec_until
if MOMENT != "shown":  # (imported here, the accounts' module would weigh on the first paint)
    import ui.dialogs.sign_in
    ui.dialogs.sign_in.ask_account = signed_in
from app.__main__ import main
sys.exit(main(["--db", sys.argv[1]] if sys.argv[1] else []))  # "": as a clerk starts it, no argument
"""


@pytest.mark.parametrize("moment", ["shown", "sign-in", "ready"])
def test_window_start(benchmark, province_path, moment):
    env = dict(os.environ, TDKT_NO_BOOTSTRAP="1", QT_QPA_PLATFORM="offscreen", **ACCOUNT_ENV)
    children: list[subprocess.Popen] = []

    def finish_previous():
        # Untimed: the previous child exits (and stops using the CPU) before the next one starts.
        while children:
            child = children.pop()
            _, err = child.communicate(timeout=60)
            assert child.returncode == 0, err

    def start():
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(province_path), moment],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        children.append(child)
        assert child.stdout.readline().strip() == "reached"

    start()  # warm the file cache
    benchmark.pedantic(start, setup=finish_previous, rounds=7, iterations=1)
    finish_previous()
    compare(benchmark, bare_window(), "bare PySide6 window shown (process)")


def pages_memory(benchmark, path, script: str, *extra: str, rounds: int = 3, timeout: int = 300) -> None:
    """Resident memory of a window that opened the four main pages (`script` a child like CHILD), beside a bare
    PySide6 window's; the smallest of the processes (the figures barely move). The benchmark's time is the
    whole child's, for the record."""
    env = dict(os.environ, TDKT_NO_BOOTSTRAP="1", QT_QPA_PLATFORM="offscreen", **ACCOUNT_ENV)
    found: list[tuple[int, int]] = []

    def child():
        out = subprocess.run(
            [sys.executable, "-c", script, str(path), "pages", *extra],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert out.returncode == 0, out.stderr
        rss, peak = (int(x) for x in out.stdout.splitlines()[0].split())
        found.append((rss, peak))

    benchmark.pedantic(child, rounds=rounds, iterations=1)
    rss, peak = min(found)
    benchmark.extra_info.update(rss_mib=round(rss / 1024, 1), peak_mib=round(peak / 1024, 1))
    compare(rss / 1024, bare_process_mib(), "bare PySide6 window (resident)", unit="MiB")
    compare(peak / 1024, bare_process_mib(), "bare PySide6 window (resident) — peak", unit="MiB")


def test_memory_with_the_four_main_pages_open(benchmark, province_path):
    """GUI memory (issue 16: ≤ 350 MiB at 100,000 staff) of the four pages alone, the verdicts' read-ahead
    held back (bench_eligibility_view measures the window with it)."""
    pages_memory(benchmark, province_path, CHILD, "no-read-ahead")


# PostgreSQL: the same moments and pages, the window started with no argument on the remembered server.
ON_THE_REMEMBERED_SERVER = ""


@pytest.mark.parametrize("moment", ["shown", "sign-in", "ready"])
def test_window_start_on_postgresql(benchmark, remembered_server, moment):
    test_window_start(benchmark, ON_THE_REMEMBERED_SERVER, moment)
    assert not default_database_path().exists()  # the server was opened, not a file of this PC


def test_memory_with_the_four_main_pages_open_on_postgresql(benchmark, remembered_server):
    test_memory_with_the_four_main_pages_open(benchmark, ON_THE_REMEMBERED_SERVER)
    assert not default_database_path().exists()
