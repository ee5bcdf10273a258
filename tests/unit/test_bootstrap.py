"""The command is the process: `python -m app` outside the venv becomes the venv's Python (exec on POSIX, a
job object on Windows), so that stopping the command (a `timeout`, a scheduler, closing the console) stops
the work too; no child is left running."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import app.bootstrap as bootstrap

ROOT = Path(__file__).resolve().parents[2]

# What the parent runs: it relaunches itself as a "long import" that writes its process id and waits.
PARENT = textwrap.dedent(
    """
    import os, sys
    from app.bootstrap import relaunch

    work = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(600)"
    relaunch([sys.executable, "-c", work, sys.argv[1]], dict(os.environ, TDKT_NO_BOOTSTRAP="1"))
    """
)


def _alive(pid: int) -> bool:
    if os.name == "nt":
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32")
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped by its parent) is no longer running
        status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return status != "Z"
    except OSError:
        return True


def _kill(pid: int) -> None:
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/PID", str(pid)], capture_output=True)
    else:
        os.kill(pid, 9)


def test_killing_the_command_leaves_no_child_running(tmp_path):
    pid_file = tmp_path / "work.pid"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(pid_file)], env=env, stderr=subprocess.PIPE)
    work_pid = None
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and pid_file.read_text()):
            assert parent.poll() is None, parent.stderr.read()
            assert time.monotonic() < deadline, "the relaunched work did not start"
            time.sleep(0.02)
        work_pid = int(pid_file.read_text())
        if os.name != "nt":
            assert work_pid == parent.pid  # exec: the command is the process doing the work
        parent.kill()  # SIGKILL / TerminateProcess: the parent gets no chance to clean up
        parent.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _alive(work_pid) and time.monotonic() < deadline:
            time.sleep(0.05)  # Windows closes the job's last handle as the parent's process ends
        assert not _alive(work_pid), "the work went on running after its command was killed"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if work_pid is not None and _alive(work_pid):
            _kill(work_pid)


def test_ensure_relaunches_in_the_venv_with_the_same_arguments(tmp_path, monkeypatch):
    stamp = tmp_path / "stamp.txt"
    stamp.write_text(bootstrap._wanted_stamp(""), encoding="utf-8")
    monkeypatch.setattr(bootstrap, "STAMP", stamp)
    monkeypatch.delenv(bootstrap.SKIP_ENV, raising=False)
    monkeypatch.setattr(bootstrap, "_in_project_venv", lambda: False)
    monkeypatch.setattr(sys, "argv", ["app", "--db", "a b.sqlite3", "import", "staff", "x.xlsx"])
    seen = []

    def relaunch(argv, env):
        seen.append((argv, env))
        raise SystemExit(0)

    monkeypatch.setattr(bootstrap, "relaunch", relaunch)
    with pytest.raises(SystemExit):
        bootstrap.ensure(extras="", module="app")
    ((argv, env),) = seen
    assert argv == [
        str(bootstrap._venv_python()),
        "-m",
        "app",
        "--db",
        "a b.sqlite3",
        "import",
        "staff",
        "x.xlsx",
    ]
    assert env[bootstrap.SKIP_ENV] == "1"  # the relaunched program does not bootstrap again
