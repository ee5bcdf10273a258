"""Start-up on the province database, timed as whole processes (DESIGN: window shown and usable ≤ 0.5 s warm).

Each child runs the real `python -m app --db FILE` path and quits at a given moment, so a figure is
interpreter start + imports + what happened until then + exit:
- shown: the window has been painted once (sidebar, menus, status bar; the database still opening);
- ready: the database is open, migrated if needed, and the Tổng quan page shows its figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

MOMENT = sys.argv[2]
_exec = QApplication.exec

def exec_until(self):
    from ui.main_window import MainWindow
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))

    def check():
        ws = window.workspace
        if MOMENT == "shown" or (ws is not None and ws.overview is not None):
            print("reached", flush=True)  # the parent's clock stops here, not at exit
            self.quit()
        else:
            QTimer.singleShot(2, check)

    QTimer.singleShot(0, check)  # runs once the shown window has been painted
    return _exec()

QApplication.exec = exec_until
from app.__main__ import main
sys.exit(main(["--db", sys.argv[1]]))
"""


@pytest.mark.parametrize("moment", ["shown", "ready"])
def test_window_start(benchmark, province_path, moment):
    env = dict(os.environ, TDKT_NO_BOOTSTRAP="1", QT_QPA_PLATFORM="offscreen")
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
