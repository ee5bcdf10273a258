"""Every bad input of the corpus (tests/bad_files.py) as a fresh `python -m app` process on a SQLite copy:
prints its wall time and peak memory (the child's own VmHWM) beside the bounds the issue sets, 10 s and
300 MB, and how it ended. A child is capped at 2 GB of address space and killed after 60 s, so a reader that
still keeps a bomb in memory shows as over the bound instead of taking the machine down.

    python -m tests --benchmarks tests/benchmarks/bench_bad_files.py -s
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from app.startup import open_database
from database.engine import sqlite_url
from tests.bad_files import CORPUS, DATABASES, Workshop, build_source, judge, run_process

SECONDS, MEGABYTES = 10.0, 300.0
CAP, TIMEOUT = 2_000_000_000, 60.0


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench-bad-files")
    yield folder
    for p in [folder, *folder.rglob("*")]:  # the read-only folders, so that the folder can be removed
        if p.is_dir():
            p.chmod(0o755)


def _verdict(outcome: str, ran, reads: str | None) -> str:
    if ran.code is None:
        return "killed"
    if "Traceback" in ran.err:
        return "traceback"
    problems = judge(outcome, ran.code, ran.out, ran.err, reads)
    if not problems:
        return "ok"
    return "exit" if problems[0].startswith("exit") else "words"


def test_each_bad_input_in_time_and_memory(place, capsys):
    workshop_folder = place / "tep"
    workshop_folder.mkdir()
    demo, package = build_source(workshop_folder)
    workshop = Workshop(workshop_folder, source_package=package)
    empty = place / "trong.sqlite3"
    open_database(sqlite_url(empty), backup_dir=place / "sao-luu").dispose()
    conn = sqlite3.connect(empty)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for item in CORPUS:
        workshop.path(item)

    rows = []
    for n, item in enumerate(CORPUS):
        run = place / f"r{n}"
        run.mkdir()
        target = run / "tdkt.sqlite3"
        shutil.copyfile(empty, target)
        ran = run_process(
            ["--db", str(target), *item.argv(workshop.path(item))], run, timeout=TIMEOUT, memory_cap=CAP
        )
        rows.append((item.name, item.command, item.expected(workshop), item.reads, ran))
        shutil.rmtree(run)
    for n, item in enumerate(DATABASES):
        run = place / f"d{n}"
        run.mkdir()
        path = item.prepare(demo, run)
        w = Workshop(run / "tep")
        w.folder.mkdir()
        argv = item.argv(w)
        ran = run_process(
            ["--db", str(path), *argv], run, permissions=item.permissions, timeout=TIMEOUT, memory_cap=CAP
        )
        rows.append((item.name, "database", item.outcome, item.reads, ran))
        for p in [run, *run.rglob("*")]:
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(run)

    lines = [f"{'input':38} {'reader':8} {'exit':>4} {'s':>6} {'MB':>7}  bounds  ending  stderr"]
    over = []
    for name, command, outcome, reads, ran in rows:
        within = ran.seconds <= SECONDS and ran.peak_mb <= MEGABYTES
        verdict = _verdict(outcome, ran, reads)
        first = (ran.err.strip().splitlines() or [""])[-1 if verdict in ("traceback",) else 0][:90]
        lines.append(
            f"{name:38} {command:8} {ran.code if ran.code is not None else '—':>4} {ran.seconds:6.2f} "
            f"{ran.peak_mb:7.0f}  {'ok' if within else 'OVER':6}  {verdict:6}  {first}"
        )
        if not within or verdict != "ok":
            over.append(name)
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        print(
            f"{len(rows) - len(over)} of {len(rows)} inputs within {SECONDS:g} s / {MEGABYTES:g} MB and ended well"
        )
    assert not over, f"over the bounds or ended badly: {over}"
