"""Set up what is missing, with the standard library only, then run in the project's venv.

`python -m app` and `python -m tests` call `ensure()` first: on a fresh clone it creates .venv
beside the sources and installs the project (with the test extras for the tests); later starts
only compare a stamp. A frozen build or an installed package skips all of this. The command then becomes
the venv's Python (`relaunch`): on POSIX by exec, on Windows with the child bound to this process by a job
object, so that stopping the command always stops the work.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / "tdkt-installed.txt"
SKIP_ENV = "TDKT_NO_BOOTSTRAP"


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _wanted_stamp(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} [{extras}]"


def _in_project_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def _install(extras: str) -> None:
    if not _venv_python().exists():
        print("TĐKT: đang tạo môi trường Python riêng (.venv) ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("TĐKT: đang cài các thư viện cần thiết, lần đầu có thể mất vài phút ...", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run(
        [str(_venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target],
        cwd=ROOT,
        check=True,
    )
    STAMP.write_text(_wanted_stamp(extras), encoding="utf-8")


def ensure(extras: str = "", module: str = "app") -> None:
    """Make sure the venv has what `extras` needs; re-run `python -m module` inside it if we are outside."""
    if getattr(sys, "frozen", False) or os.environ.get(SKIP_ENV):
        return
    if not (ROOT / "pyproject.toml").exists():
        return  # installed as a package: pip already set things up
    stamp = STAMP.read_text(encoding="utf-8") if STAMP.exists() else ""
    if stamp != _wanted_stamp(extras) and not (extras == "" and stamp.startswith(_wanted_stamp("")[:64])):
        _install(extras)
    if not _in_project_venv():
        env = dict(os.environ, **{SKIP_ENV: "1"})
        relaunch([str(_venv_python()), "-m", module, *sys.argv[1:]], env)


def relaunch(argv: list[str], env: dict[str, str]) -> None:
    """Become `argv` (never returns): the command the clerk or a scheduler started is the process doing the
    work, so that stopping it (Ctrl+C, `timeout`, a scheduler, closing the console) stops the work.

    POSIX: the process replaces itself (os.execve: same process id, same signals, no child at all).
    Windows has no exec that keeps the process: the child runs in a job object that kills it when the job's
    last handle closes, that is when this process ends, however it ends (even TerminateProcess)."""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name != "nt":
        os.execve(argv[0], argv, env)
    job = _kill_on_close_job()
    child = subprocess.Popen(argv, env=env)
    if job is not None:
        _assign_to_job(job, child)
    while True:
        try:
            raise SystemExit(child.wait())
        except KeyboardInterrupt:  # Ctrl+C reaches the child too (one console): wait for it to finish
            continue


def _kill_on_close_job():
    """A Windows job object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE (None if Windows refuses one)."""
    import ctypes
    from ctypes import wintypes

    class IoCounters(ctypes.Structure):
        _fields_ = [(name, ctypes.c_ulonglong) for name in ("r", "w", "o", "rb", "wb", "ob")]

    class BasicLimits(ctypes.Structure):
        _fields_ = [
            ("PerProcessUserTimeLimit", ctypes.c_int64),
            ("PerJobUserTimeLimit", ctypes.c_int64),
            ("LimitFlags", wintypes.DWORD),
            ("MinimumWorkingSetSize", ctypes.c_size_t),
            ("MaximumWorkingSetSize", ctypes.c_size_t),
            ("ActiveProcessLimit", wintypes.DWORD),
            ("Affinity", ctypes.c_size_t),
            ("PriorityClass", wintypes.DWORD),
            ("SchedulingClass", wintypes.DWORD),
        ]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [
            ("BasicLimitInformation", BasicLimits),
            ("IoInfo", IoCounters),
            ("ProcessMemoryLimit", ctypes.c_size_t),
            ("JobMemoryLimit", ctypes.c_size_t),
            ("PeakProcessMemoryUsed", ctypes.c_size_t),
            ("PeakJobMemoryUsed", ctypes.c_size_t),
        ]

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.CreateJobObjectW.argtypes = (ctypes.c_void_p, wintypes.LPCWSTR)
    kernel32.SetInformationJobObject.argtypes = (
        wintypes.HANDLE,
        ctypes.c_int,
        ctypes.c_void_p,
        wintypes.DWORD,
    )
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return None
    limits = ExtendedLimits()
    limits.BasicLimitInformation.LimitFlags = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    extended_limit_information = 9
    if not kernel32.SetInformationJobObject(
        job, extended_limit_information, ctypes.byref(limits), ctypes.sizeof(limits)
    ):
        return None
    return job  # never closed: it closes with this process, and then the child goes with it


def _assign_to_job(job, child: subprocess.Popen) -> None:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.AssignProcessToJobObject.argtypes = (wintypes.HANDLE, wintypes.HANDLE)
    # Refused only by an outer job forbidding nesting (before Windows 8): the child then runs unbound, as before.
    kernel32.AssignProcessToJobObject(job, int(child._handle))
