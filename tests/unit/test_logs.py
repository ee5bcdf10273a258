"""The driver's English words go to the program's log file, not to the clerk's console."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_warning_goes_to_the_log_file_and_not_to_stderr(tmp_path):
    code = (
        "import logging; from app.logs import setup_logging; setup_logging(); "
        "logging.getLogger('app.services.context').warning('the database refused: OperationalError')"
    )
    env = dict(os.environ, TDKT_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stderr == ""
    assert "OperationalError" in (tmp_path / "logs" / "tdkt.log").read_text(encoding="utf-8")


def test_a_data_folder_that_cannot_be_written_still_lets_the_program_run(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    code = "import logging; from app.logs import setup_logging; setup_logging(); logging.warning('x')"
    env = dict(os.environ, TDKT_DATA_DIR=str(blocked), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == ""
