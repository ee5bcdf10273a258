"""kill -9 during every kind of write: issuing a decision, a package import, a restore, a backup. A few trials
each, in a child process killed at different moments once its write has begun; afterwards the program opens
the database, it passes PRAGMA integrity_check, and it holds all or nothing of the write (the rows of every
table are counted: as before the write, or as after a run that was let finish).

The child marks the moment its write begins: the first INSERT into the tables the write fills (SQLAlchemy's
before_cursor_execute), or for a backup or a restore the first time it opens the backup file or the backups
folder (Python's audit events sqlite3.connect and open). Kills land at once, half way and near the end of
the time the same write took in a run let finish.
SQLite only: the files are what a kill can leave half written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.services.agency import save_agency
from app.services.context import ServiceContext
from app.services.nominations import BatchData, add_nomination, create_batch
from app.startup import open_database
from app.text import fold
from database.engine import sqlite_uri, sqlite_url
from database.enums import UnitKind
from database.models import Person, Unit
from tests.bad_files import build_source, good_staff
from tests.council_vote import pass_by_council
from tests.office import SON_HA

ROOT = Path(__file__).resolve().parents[2]
# When to kill, as parts of the time the write took in a run let finish: at once, half way, near its end.
MOMENTS = (0.0, 0.5, 0.95)
PEOPLE = 150
# Tables a restore or a backup may write on its own (its audit row, the setting that remembers the last
# backup or integrity check): left out of the all-or-nothing count for those two.
BOOKKEEPING = {"audit_log", "app_setting"}

CHILD = r"""
import json, os, sys
mode, mark, payload = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])

def said():
    os.write(1, b"WRITING\n")

if mode.startswith("sql:"):
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    wanted = tuple(w.upper() for w in mark.split("|"))
    seen = []

    @event.listens_for(Engine, "before_cursor_execute")
    def _mark(conn, cursor, statement, parameters, context, executemany):
        if not seen and " ".join(statement.split()).upper().startswith(wanted):
            seen.append(1)
            said()
else:
    seen = []

    def _hook(event, args):
        if seen or event not in ("sqlite3.connect", "open") or not args:
            return
        if mark in str(args[0]):
            seen.append(1)
            said()

    sys.addaudithook(_hook)

if mode.endswith("decision"):
    import datetime as dt
    from app.services.context import ServiceContext
    from app.services.decisions import issue_decision
    from app.startup import open_database
    from database.engine import sqlite_url
    db = open_database(sqlite_url(payload["db"]), backup_dir=payload["backups"])
    issue_decision(ServiceContext(db, actor="kill"), payload["items"], dt.date(2025, 12, 20), payload["signer"])
    os.write(1, b"DONE\n")
else:
    from app.cli import main
    code = main(payload["argv"])
    os.write(1, b"DONE\n")
    sys.exit(code)
"""


def _env(data: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TDKT_NO_BOOTSTRAP": "1",
        "TDKT_DATA_DIR": str(data),
        "PYTHONPATH": str(ROOT),
        "HOME": str(data),
        "LANG": "C.UTF-8",
    }


def run_child(
    mode: str, mark: str, payload: dict, folder: Path, kill_after: float | None
) -> tuple[str, float]:
    """Run the child; kill it -9 `kill_after` seconds after it said its write began (None: let it finish).
    Returns how it ended, "killed", "finished" (it ended before the kill) or "no write" (it never began
    one), and the seconds from the start of its write to its end."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, mark, json.dumps(payload)],
        cwd=folder,
        env=_env(folder / "data"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    first = child.stdout.readline()
    began = time.perf_counter()
    if first.strip() != b"WRITING":
        out, err = child.communicate(timeout=300)
        if kill_after is None:
            _finished(child, first + out, err)
            raise AssertionError(f"the child never said its write began (mark {mark!r})")
        return "no write", 0.0
    if kill_after is None:
        out, err = child.communicate(timeout=300)
        _finished(child, first + out, err)
        return "finished", time.perf_counter() - began
    time.sleep(kill_after)
    ending = "finished"
    if child.poll() is None:
        os.kill(child.pid, signal.SIGKILL)
        ending = "killed"
    child.communicate(timeout=60)
    return ending, time.perf_counter() - began


def _finished(child, out: bytes, err: bytes) -> str:
    assert child.returncode == 0 and b"DONE" in out, (
        f"the uninterrupted run failed (exit {child.returncode}):\n{out.decode(errors='replace')}"
        f"\n{err.decode(errors='replace')}"
    )
    return "finished"


def counts(path: Path, leave_out: set[str] = frozenset()) -> dict[str, int]:
    conn = sqlite3.connect(sqlite_uri(path), uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t not in leave_out
        }
    finally:
        conn.close()


def check_after_kill(path: Path, allowed: list[dict[str, int]], leave_out: set[str], capsys) -> None:
    """The program opens the database again; it is whole, and holds one of the allowed states."""
    assert path.exists(), "the database file is gone"
    capsys.readouterr()
    code = main(["--db", str(path), "documents", "list", "--year", "2025"])
    err = capsys.readouterr().err
    assert code == 0, f"the program cannot open the database after the kill: {err}"
    conn = sqlite3.connect(sqlite_uri(path), uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    now = counts(path, leave_out)
    assert now in allowed, "partly written: " + ", ".join(
        f"{t} {now.get(t)} (before {allowed[0].get(t)}, after {allowed[-1].get(t)})"
        for t in sorted(set(now) | set(allowed[0]))
        if all(now.get(t) != a.get(t) for a in allowed)
    )


def trials(
    tmp_path: Path,
    prepare,
    mode: str,
    mark: str,
    payload_of,
    leave_out: set[str],
    capsys,
    extra_state=None,
) -> list[str]:
    """A reference run let finish, then one kill per moment; each on a fresh copy made by `prepare(folder)`."""
    ref = tmp_path / "ref"
    ref.mkdir()
    db = prepare(ref)
    before = counts(db, leave_out)
    _, window = run_child(mode, mark, payload_of(ref, db), ref, None)
    after = counts(db, leave_out)
    assert after != before, "the write changed no table; nothing to test"
    allowed = [before, after] + ([extra_state(before, after)] if extra_state else [])
    endings = []
    for n, moment in enumerate(MOMENTS):
        folder = tmp_path / f"t{n}"
        folder.mkdir()
        db = prepare(folder)
        endings.append(run_child(mode, mark, payload_of(folder, db), folder, moment * window)[0])
        check_after_kill(db, allowed, leave_out, capsys)
    assert "no write" not in endings, f"a child never began its write: {endings}"
    return endings


# ------------------------------------------------------------------------------------------ sources
@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """The demo province (small) and its whole 2025 package (about 1,500 people and awards)."""
    folder = tmp_path_factory.mktemp("kill-source")
    demo, _ = build_source(folder)
    package = folder / "goi-2025.zip"
    argv = ["--db", str(demo), "export", "package", "--year", "2025", "--out", str(package), "--no-password"]
    assert main(argv) == 0
    return {"demo": demo, "package": package}


@pytest.fixture(scope="module")
def decision_desk(tmp_path_factory, templates):
    """A database with PEOPLE Lao động tiên tiến items passed and waiting for the Director's decision."""
    path = tmp_path_factory.mktemp("kill-desk") / "desk.sqlite3"
    shutil.copyfile(templates("sqlite"), path)
    db = open_database(sqlite_url(path), backup_dir=path.parent / "b")
    ctx = ServiceContext(db, actor="tester")
    agency = save_agency(ctx, SON_HA)
    with ctx.write() as s:
        unit = Unit(
            name="Bệnh viện Đa khoa tỉnh", name_folded=fold("Bệnh viện Đa khoa tỉnh"), kind=UnitKind.HOSPITAL
        )
        s.add(unit)
        s.flush()
        s.add_all(
            Person(
                full_name=f"Nguyễn Văn Số {n}",
                name_folded=fold(f"Nguyễn Văn Số {n}"),
                sort_key=f"{n:05d}",
                birth_year=1970 + n % 30,
                unit_id=unit.id,
                position="Bác sĩ",
            )
            for n in range(PEOPLE)
        )
        s.flush()
        unit_id = unit.id
        people = list(s.scalars(select(Person.id).where(Person.unit_id == unit_id)))
    batch = create_batch(
        ctx, BatchData(year=2025, title="Đề nghị năm 2025", unit_id=unit_id, received_on=dt.date(2025, 12, 1))
    )
    items = [add_nomination(ctx, batch, "LDTT", person_id=p) for p in people]
    pass_by_council(ctx, items)
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"path": path, "items": items, "signer": agency.signers[0].id}


def _copy(source: Path, folder: Path, name: str = "tdkt.sqlite3") -> Path:
    (folder / "data").mkdir(exist_ok=True)
    target = folder / name
    shutil.copyfile(source, target)
    return target


# ------------------------------------------------------------------------------------------- trials
def test_kill_while_issuing_a_decision(tmp_path, decision_desk, capsys):
    endings = trials(
        tmp_path,
        lambda folder: _copy(decision_desk["path"], folder),
        "sql:decision",
        "INSERT INTO award|INSERT INTO outgoing_document|INSERT INTO decision",
        lambda folder, db: {
            "db": str(db),
            "backups": str(folder / "b"),
            "items": decision_desk["items"],
            "signer": decision_desk["signer"],
        },
        set(),
        capsys,
    )
    assert "killed" in endings


def test_kill_while_importing_a_package(tmp_path, source, templates, capsys):
    endings = trials(
        tmp_path,
        lambda folder: _copy(templates("sqlite"), folder),
        "sql:cli",
        "INSERT INTO unit|INSERT INTO person",
        lambda folder, db: {"argv": ["--db", str(db), "import", "package", str(source["package"])]},
        set(),
        capsys,
    )
    assert "killed" in endings


def _backups_beside(db: Path) -> list[Path]:
    """SQLite files in the folders beside the database, newest first (a backup, whatever its name)."""
    found = []
    for p in db.parent.rglob("*"):
        if p.is_file() and p != db and not p.name.startswith(db.name):
            with p.open("rb") as f:
                if f.read(16) == b"SQLite format 3\x00":
                    found.append(p)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _take_backup(db: Path, capsys) -> Path:
    capsys.readouterr()
    code = main(["--db", str(db), "backup", "create"])
    out, err = capsys.readouterr()
    assert code == 0, f"backup create failed: {err}"
    for token in re.findall(r"“([^”]+)”|(\S+)", out):
        candidate = Path(token[0] or token[1])
        if candidate.is_file() and candidate != db:
            return candidate
    made = _backups_beside(db)
    assert made, f"backup create made no file: {out}"
    return made[0]


def test_kill_while_restoring(tmp_path, source, capsys):
    """State A is backed up, then 5 people are added (state B); a restore of A is killed: the database is
    A or B, never a mix, never missing, never damaged."""
    origin = tmp_path / "origin"
    origin.mkdir()
    (origin / "data").mkdir()
    db = _copy(source["demo"], origin)
    backup = _take_backup(db, capsys)
    kept = tmp_path / "ban-sao-luu" / backup.name
    kept.parent.mkdir()
    shutil.copyfile(backup, kept)
    for side in backup.parent.glob(backup.stem + "*"):
        if side != backup:
            shutil.copyfile(side, kept.parent / side.name)
    roster = good_staff(tmp_path / "ds.xlsx")
    code = main(
        [
            "--db",
            str(db),
            "import",
            "staff",
            str(roster),
            "--unit",
            "BV Thử",
            "--create-unit",
            "--create-departments",
        ]
    )
    assert code == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()

    endings = trials(
        tmp_path,
        lambda folder: _copy(db, folder),
        "audit:cli",
        str(kept),
        lambda folder, target: {"argv": ["--db", str(target), "backup", "restore", str(kept), "--yes"]},
        BOOKKEEPING,
        capsys,
    )
    assert "killed" in endings


def test_kill_while_taking_a_backup(tmp_path, source, capsys):
    """A backup killed half way: the database is as it was and whole; any backup file left under its final
    name is whole and complete (a half-written one must never pass for a backup)."""

    def run(folder: Path, mark: str, kill_after: float | None) -> tuple[Path, str, float]:
        folder.mkdir()
        db = _copy(source["demo"], folder)
        argv = ["--db", str(db), "backup", "create"]
        ending, window = run_child(
            "audit:cli", mark.replace("{}", str(folder)), {"argv": argv}, folder, kill_after
        )
        return db, ending, window

    # A first run shows where backups go; a second, marked there, how long writing one takes.
    db, _, _ = run(tmp_path / "where", "{}", None)
    before = counts(db, BOOKKEEPING)
    made = _backups_beside(db)
    assert made, "backup create left no backup beside the database"
    mark = str(made[0].parent).replace(str(tmp_path / "where"), "{}")
    _, _, window = run(tmp_path / "ref", mark, None)
    endings = []
    for n, moment in enumerate(MOMENTS):
        db, ending, _ = run(tmp_path / f"t{n}", mark, moment * window)
        endings.append(ending)
        check_after_kill(db, [before], BOOKKEEPING, capsys)
        for left in _backups_beside(db):
            if re.search(r"partial|tmp|temp|~|-journal|-wal|-shm", left.name, re.I):
                continue
            conn = sqlite3.connect(sqlite_uri(left), uri=True)
            try:
                verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                verdict = str(exc)
            finally:
                conn.close()
            assert verdict == "ok", f"a half-written backup is left as {left.name}: {verdict}"
            assert counts(left, BOOKKEEPING) == before, f"an incomplete backup is left as {left.name}"
    assert "no write" not in endings and "killed" in endings, endings
