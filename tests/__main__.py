"""`python -m tests`: set up what is missing, then run the whole suite; with arguments, pytest with those.

The whole suite runs in two steps: the tests without an event loop (tests/unit, tests/db) one file per core
(pytest-xdist), then the window's tests (tests/ui), also one file per core but after the others: each worker is a
process with its own offscreen Qt, and a Qt test shares its process with no other test's threads (their
waits need the core a worker has: on a machine busy with other work they may time out).

`python -m tests --benchmarks` runs the benchmarks under tests/benchmarks instead
(`python -m tests --benchmarks tests/benchmarks/bench_bad_files.py -s`: that file only).
"""

from __future__ import annotations

import os
import subprocess
import sys


def main() -> int:
    import pytest

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args = sys.argv[1:]
    if args[:1] == ["--benchmarks"]:
        rest = args[1:]
        chosen = [a for a in rest if a.startswith("tests/benchmarks/")]  # one file or test: that one only
        others = [a for a in rest if a not in chosen]
        args = [
            *(chosen or ["tests/benchmarks"]),
            "-o",
            "python_files=bench_*.py",
            "--benchmark-enable",
            "-q",
        ]
        args += others
    elif not args:
        return _whole_suite()
    return pytest.main(args)


def _whole_suite() -> int:
    def pytest_run(*args: str) -> int:
        return subprocess.call([sys.executable, "-m", "pytest", *args])

    without_window = pytest_run("-n", "auto", "--dist", "loadfile", "tests/unit", "tests/db")
    window = pytest_run("-n", "auto", "--dist", "loadfile", "tests/ui")
    return without_window or window


if __name__ == "__main__":
    from app.bootstrap import ensure

    ensure(extras="test", module="tests")
    raise SystemExit(main())
