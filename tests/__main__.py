"""`python -m tests`: set up what is missing, then run the whole suite (arguments go to pytest).

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
    return pytest.main(args)


if __name__ == "__main__":
    from app.bootstrap import ensure

    ensure(extras="test", module="tests")
    raise SystemExit(main())
