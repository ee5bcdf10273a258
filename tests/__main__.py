"""`python -m tests`: set up what is missing, then run the whole suite (arguments go to pytest), one worker per
core (pytest-xdist; a test file stays on one worker, so its module fixtures are built once; `-n 0` for one
process).

`python -m tests --benchmarks` runs the benchmarks under tests/benchmarks instead
(`python -m tests --benchmarks tests/benchmarks/bench_bad_files.py -s`: that file only).
"""

from __future__ import annotations

import os
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
    elif not any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in args):
        args = ["-n", "auto", "--dist", "loadfile", *args]
    return pytest.main(args)


if __name__ == "__main__":
    from app.bootstrap import ensure

    ensure(extras="test", module="tests")
    raise SystemExit(main())
