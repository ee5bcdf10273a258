"""Start-up of the window on the province database, timed as a whole process (DESIGN: ≤ 0.5 s warm).

The child process runs the real `python -m app --db FILE` path and quits as soon as the main window
has been painted once, so the figure is interpreter start + imports + opening the database + first
paint + exit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

_exec = QApplication.exec
def exec_once(self):
    QTimer.singleShot(0, self.quit)  # runs after the first paint of the shown window
    return _exec()
QApplication.exec = exec_once
from app.__main__ import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def test_window_shown_warm(benchmark, province_path):
    env = dict(os.environ, TDKT_NO_BOOTSTRAP="1", QT_QPA_PLATFORM="offscreen")

    def start():
        result = subprocess.run([sys.executable, "-c", CHILD, str(province_path)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr

    start()  # warm the file cache
    benchmark.pedantic(start, rounds=5, iterations=1)
