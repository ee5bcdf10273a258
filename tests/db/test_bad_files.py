"""Every bad input of the corpus (tests/bad_files.py) through the command line, in-process (app.cli.main), on
SQLite and PostgreSQL: it ends with exit 2 and a Vietnamese message (or, read in a dry run, exit 0), never a
traceback or a Python exception's name, and the database is exactly as it was (a fingerprint of every
table, or the file's bytes when the database itself is the bad input).

Damaged, read-only and oddly named databases are SQLite files whatever the backend, so they run once. File
permissions mean nothing to root: a read-only database is tried by a child process that has lost root's
override of them (setpriv) when the tests run as root.
"""

from __future__ import annotations

import contextlib
import hashlib
import signal
import sqlite3
import traceback
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.cli import main
from tests.bad_files import (
    CORPUS,
    DATABASES,
    SECRET,
    BadDatabase,
    BadInput,
    Workshop,
    build_source,
    file_digest,
    judge,
    run_process,
)


# ----------------------------------------------------------------------------------------- building
@pytest.fixture(scope="session")
def workshop(tmp_path_factory) -> Workshop:
    folder = tmp_path_factory.mktemp("corpus")
    _demo, package = build_source(folder)
    return Workshop(folder, source_package=package)


@pytest.fixture(scope="session")
def demo_file(workshop) -> Path:
    return workshop.folder / "demo.sqlite3"


# ------------------------------------------------------------------------------------------ running
def run_cli(argv: list[str], capsys, caplog=None) -> tuple[int | None, str, str]:
    """Exit code (None when an exception escaped the command line), stdout, stderr (with the traceback of
    an escaped exception appended, so a failure shows it). Warnings logged on the way are added after
    stderr: without pytest, Python's last-resort handler prints them on the clerk's console."""
    capsys.readouterr()
    if caplog is not None:
        caplog.clear()
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except Exception:
        code = None
        escaped = traceback.format_exc()
    else:
        escaped = ""
    out, err = capsys.readouterr()
    logged = "".join(
        f"{r.getMessage()}\n" for r in (caplog.records if caplog is not None else []) if r.levelno >= 30
    )
    return code, out, err + logged + escaped


@contextlib.contextmanager
def runaway_guard(on: bool):
    """For the large inputs only: a reader that still inflates a bomb in memory meets a MemoryError at
    1.5 GB more than the suite uses, and one that never ends is stopped after 300 s (30 times the bound).
    Neither is a measurement (that is tests/benchmarks/bench_bad_files.py): they keep a broken reader from
    taking the machine, or CI, down with it."""
    if not on or not Path("/proc/self/statm").exists():  # Linux only (CI); elsewhere no guard
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as f:
        used = int(f.read().split()[0]) * resource.getpagesize()
    cap = used + 1_500_000_000
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))

    def stop(_signum, _frame):
        raise RunawayStopped("still reading after 300 s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(300)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class RunawayStopped(Exception):
    pass


def fingerprint(engine) -> dict[str, str]:
    """Every table's rows, hashed (order-free)."""
    result = {}
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{table}"')))
            result[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest() + f" ({len(rows)} rows)"
    return result


def holds_text(engine, needle: str) -> bool:
    with engine.connect() as conn:
        return any(
            needle in repr(tuple(r))
            for table in inspect(conn).get_table_names()
            for r in conn.execute(text(f'SELECT * FROM "{table}"'))
        )


def changed(before: dict[str, str], after: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    return {
        t: (before.get(t), after.get(t)) for t in set(before) | set(after) if before.get(t) != after.get(t)
    }


def url_args(db) -> list[str]:
    if db.is_sqlite:
        return ["--db", str(db.file_path)]
    return ["--db-url", db.url.render_as_string(hide_password=False)]


# ------------------------------------------------------------------------------------ file inputs
@pytest.mark.parametrize("item", CORPUS, ids=[i.name for i in CORPUS])
def test_a_bad_file_is_refused_and_changes_nothing(item: BadInput, workshop, db, capsys, caplog):
    path = workshop.path(item)
    base = url_args(db)
    db.dispose()
    # A first harmless run, so whatever the program writes on any start is there before the fingerprint.
    assert run_cli([*base, "documents", "list", "--year", "2025"], capsys)[0] == 0
    before = fingerprint(db.engine)
    with runaway_guard(item.large):
        code, out, err = run_cli([*base, *item.argv(path)], capsys, caplog)
    problems = judge(item.expected(workshop), code, out, err, item.reads)
    if item.leak_check and SECRET in out + err:
        problems.append("the content of a local file named by an external entity reached the output")
    if item.leak_check and holds_text(db.engine, SECRET):
        problems.append("the content of a local file named by an external entity reached the database")
    after = fingerprint(db.engine)
    if changed(before, after):
        problems.append(f"the database changed: {sorted(changed(before, after))}")
    assert not problems, f"{item.name} ({item.what}):\n" + "\n".join(problems)


def test_the_corpus_is_as_wide_as_promised():
    names = [i.name for i in CORPUS] + [d.name for d in DATABASES]
    assert len(names) == len(set(names)) and len(names) >= 40
    assert {i.command for i in CORPUS} == {"staff", "history", "package"}


# -------------------------------------------------------------------------------- bad databases
@pytest.mark.parametrize("item", DATABASES, ids=[d.name for d in DATABASES])
def test_a_bad_database_is_refused_and_left_as_it_was(item: BadDatabase, demo_file, tmp_path, capsys, caplog):
    folder = tmp_path / "csdl"
    folder.mkdir()
    try:
        path = item.prepare(demo_file, folder)
        w = Workshop(tmp_path / "tep")
        w.folder.mkdir()
        argv = item.argv(w)
        same = file_digest if not item.healthy else _file_fingerprint
        if item.healthy:  # whatever the program writes on any start is there before the fingerprint
            assert run_cli(["--db", str(path), "documents", "list", "--year", "2025"], capsys)[0] == 0
        before = same(path)
        if item.permissions:
            ran = run_process(["--db", str(path), *argv], tmp_path, permissions=True)
            code, out, err = ran.code, ran.out, ran.err
        else:
            code, out, err = run_cli(["--db", str(path), *argv], capsys, caplog)
        problems = judge(item.outcome, code, out, err, item.reads)
        if same(path) != before:
            problems.append("the database file changed")
        assert not problems, f"{item.name} ({item.what}):\n" + "\n".join(problems)
    finally:
        for p in [folder, *folder.rglob("*")]:
            if p.is_dir():
                p.chmod(0o755)


def _file_fingerprint(path: Path) -> dict[str, str]:
    from sqlalchemy import create_engine

    from database.engine import sqlite_uri

    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(sqlite_uri(path), uri=True))
    try:
        return fingerprint(engine)
    finally:
        engine.dispose()
