"""Writes that meet another writer, a read-only file, a damaged file, a refused constraint: the database's
refusals reach the clerk as Vietnamese `UserError`s from `ServiceContext.write`, and writers take turns."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import IntegrityError, OperationalError

import database.engine as engine_module
from app.errors import UserError, ValidationError
from app.refusals import (
    ConnectionLost,
    ConstraintRefused,
    DatabaseBusy,
    DatabaseDamaged,
    DiskFull,
    ReadOnlyDatabase,
)
from app.services.context import ServiceContext, database_refusal
from database.engine import Database, sqlite_url
from database.models import AppSetting
from tests.db.conftest import BACKENDS
from tests.scratch import put_setting, setting

ROOT = Path(__file__).resolve().parents[2]

WRITER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.services.context import ServiceContext
    from tests.scratch import put_setting
    from database.engine import Database, sqlite_url

    path, name, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    db = Database.open(sqlite_url(path))
    ctx = ServiceContext(db, actor=name)
    Path(f"{go}.{name}.ready").touch()
    while not go.exists():  # both processes start their write at the same moment
        time.sleep(0.01)
    with ctx.write("Ghi thử từ " + name) as s:
        put_setting(s, "test." + name, "ghi")
        s.flush()  # the transaction has begun (it holds the write lock) and written
        began = time.time()
        time.sleep(0.5)  # a write transaction that takes a while
        ended = time.time()
    db.dispose()
    print(began, ended)
    """
)


@pytest.fixture
def sqlite_file(templates, tmp_path) -> Path:
    path = tmp_path / "chung.sqlite3"
    shutil.copyfile(templates("sqlite"), path)
    return path


@pytest.fixture
def short_wait(monkeypatch):
    """A bounded wait of 0.4 s instead of 10 s, taken by the databases opened after it."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 400)
    return 0.4


def test_two_processes_writing_at_once_take_turns_and_both_succeed(sqlite_file, tmp_path):
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_SCRIPT, str(sqlite_file), name, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in ("may1", "may2")
    ]
    deadline = time.monotonic() + 60
    while not all(Path(f"{go}.{n}.ready").exists() for n in ("may1", "may2")):
        assert time.monotonic() < deadline, "the writer processes did not start"
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        time.sleep(0.02)
    go.touch()
    spans = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err  # the second writer waited; it did not fail with "locked"
        began, ended = map(float, out.split())
        spans.append((began, ended))
    (a_began, a_ended), (b_began, b_ended) = sorted(spans)
    assert a_ended <= b_began  # one after the other: the second began only when the first had committed
    db = Database.open(sqlite_url(sqlite_file))
    try:
        with ServiceContext(db).read() as s:
            assert setting(s, "test.may1") == setting(s, "test.may2") == "ghi"
    finally:
        db.dispose()


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another program's connection holding the write lock (a transaction begun IMMEDIATE, left open)."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO app_setting(key, value) VALUES ('test.other', 'dang ghi')")
    return other


def test_a_write_waits_its_bounded_time_then_says_the_database_is_busy(sqlite_file, short_wait):
    db = Database.open(sqlite_url(sqlite_file))
    ctx = ServiceContext(db, actor="thu-ky")
    other = _hold_write_lock(sqlite_file)
    try:
        with ctx.read() as s:  # reading is never held up by a writer
            assert setting(s, "test.other") is None
        started = time.monotonic()
        with pytest.raises(DatabaseBusy) as caught, ctx.write("Ghi thử") as s:
            put_setting(s, "test.mine", "ghi")
        waited = time.monotonic() - started
    finally:
        other.rollback()
        other.close()
    assert waited >= short_wait * 0.9  # it waited its turn before giving up
    assert isinstance(caught.value, UserError)
    assert "đang bận" in str(caught.value) and "Chưa có gì được lưu" in str(caught.value)
    assert isinstance(
        caught.value, OperationalError
    )  # still the driver's kind, for a service that handles it
    assert "locked" in str(caught.value.orig)
    with ctx.read() as s:
        assert setting(s, "test.mine") is None
    db.dispose()


def test_a_write_waits_for_a_writer_that_finishes_in_time(sqlite_file):
    db = Database.open(sqlite_url(sqlite_file))  # the full 10 s wait
    ctx = ServiceContext(db, actor="thu-ky")
    other = _hold_write_lock(sqlite_file)
    release = threading.Timer(0.3, other.commit)
    release.start()
    try:
        with ctx.write("Ghi thử") as s:  # BEGIN IMMEDIATE waits the 0.3 s, then goes on
            put_setting(s, "test.mine", "ghi")
    finally:
        release.join()
        other.close()
    with ctx.read() as s:
        assert setting(s, "test.other") == "dang ghi"
        assert setting(s, "test.mine") == "ghi"
    db.dispose()


def test_a_read_only_file_refuses_the_write_in_vietnamese(sqlite_file):
    url = sqlite_url(sqlite_file)
    read_only = url.set(database=f"file:{url.database}?mode=ro", query={"uri": "true"})
    db = Database.open(read_only)
    ctx = ServiceContext(db, actor="thu-ky")
    with ctx.read() as s:  # reading still works
        assert s.get(AppSetting, "nothing") is None
    with pytest.raises(ReadOnlyDatabase) as caught, ctx.write("Ghi thử") as s:
        put_setting(s, "test.mine", "ghi")
    assert "chỉ cho phép đọc" in str(caught.value)
    db.dispose()


def test_a_file_that_is_not_a_database_is_reported_as_damaged(tmp_path):
    path = tmp_path / "hong.sqlite3"
    path.write_bytes(b"Day khong phai co so du lieu. " * 400)
    db = Database.open(sqlite_url(path))
    with pytest.raises(DatabaseDamaged) as caught, ServiceContext(db).write("Ghi thử") as s:
        put_setting(s, "test.mine", "ghi")
    assert "sao lưu" in str(caught.value)
    db.dispose()


def test_a_damaged_file_is_reported_as_damaged(sqlite_file):
    page = sqlite3.connect(sqlite_file).execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(sqlite_file.read_bytes())
    data[page:] = b"\xa5" * (len(data) - page)  # every page but the schema's is garbage
    sqlite_file.write_bytes(bytes(data))
    db = Database.open(sqlite_url(sqlite_file))
    with pytest.raises(DatabaseDamaged), ServiceContext(db).write("Ghi thử") as s:
        put_setting(s, "test.mine", "ghi")
        s.flush()
    db.dispose()


def test_a_refused_constraint_says_nothing_was_saved(ctx):
    with ctx.write() as s:
        put_setting(s, "test.first", "một")
    with pytest.raises(ConstraintRefused) as caught, ctx.write() as s:
        put_setting(s, "test.second", "hai")
        s.flush()
        s.add(AppSetting(key="test.first", value="trùng"))
    assert "Chưa có gì được lưu" in str(caught.value)
    assert isinstance(caught.value, IntegrityError)
    with ctx.read() as s:
        assert setting(s, "test.first") == "một"
        assert setting(s, "test.second") is None  # the whole unit of work rolled back


def test_a_users_error_from_a_service_reaches_the_window_unchanged(ctx):
    refusal = ValidationError("Tên đơn vị không được để trống.")
    with pytest.raises(ValidationError) as caught, ctx.write() as s:
        put_setting(s, "test.mine", "ghi")
        raise refusal
    assert caught.value is refusal
    assert database_refusal(refusal) is None
    assert database_refusal(RuntimeError("lỗi của chương trình")) is None  # a program fault stays itself


def test_a_full_disk_while_writing_files_is_translated_too(ctx):
    with pytest.raises(UserError) as caught, ctx.write() as s:
        put_setting(s, "test.mine", "ghi")
        raise OSError(28, "No space left on device")
    assert "hết chỗ trống" in str(caught.value)


def test_reads_begin_deferred_and_writes_begin_immediate(sqlite_file):
    db = Database.open(sqlite_url(sqlite_file))
    seen: list[str] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def _log(_conn, _cursor, statement, *_):
        seen.append(statement)

    ctx = ServiceContext(db)
    with ctx.read() as s:
        s.execute(text("SELECT 1"))
    with ctx.write() as s:
        put_setting(s, "test.mine", "ghi")
    db.dispose()
    begins = [st for st in seen if st.startswith("BEGIN")]
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]


class _PgError(Exception):
    """What psycopg raises: an error carrying its SQLSTATE."""

    def __init__(self, sqlstate: str):
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


def _sqlite_error(kind, message: str, code: int) -> sqlite3.Error:
    error = kind(message)
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("orig", "expected"),
    [
        (_sqlite_error(sqlite3.OperationalError, "database is locked", 5), DatabaseBusy),
        (_sqlite_error(sqlite3.OperationalError, "database or disk is full", 13), DiskFull),
        (
            _sqlite_error(sqlite3.OperationalError, "attempt to write a readonly database", 8),
            ReadOnlyDatabase,
        ),
        (_sqlite_error(sqlite3.OperationalError, "unable to open database file", 14), ReadOnlyDatabase),
        (_sqlite_error(sqlite3.DatabaseError, "database disk image is malformed", 11), DatabaseDamaged),
        (sqlite3.DatabaseError("file is not a database"), DatabaseDamaged),  # no code: read by its words
        (_PgError("55P03"), DatabaseBusy),  # lock_timeout ran out
        (_PgError("40P01"), DatabaseBusy),  # deadlock
        (_PgError("25006"), ReadOnlyDatabase),  # a read-only transaction (a standby server)
        (_PgError("53100"), DiskFull),
        (_PgError("08006"), ConnectionLost),
        (_PgError("57P01"), ConnectionLost),  # the administrator stopped the server
        (_PgError("XX001"), DatabaseDamaged),
    ],
)
def test_each_refusal_of_the_database_gets_its_vietnamese_error(orig, expected):
    refusal = database_refusal(OperationalError("UPDATE …", {}, orig))
    assert type(refusal) is expected
    assert isinstance(refusal, UserError) and "Chưa có gì được lưu" in str(refusal)
    assert refusal.orig is orig


def test_an_unknown_driver_error_stays_a_fault_of_the_program():
    assert database_refusal(OperationalError("SELECT …", {}, _PgError("42P01"))) is None  # undefined table
    assert database_refusal(OSError(5, "Input/output error")) is None


# --- PostgreSQL ------------------------------------------------------------------------------------------


if "postgresql" in BACKENDS:  # the server named by TDKT_TEST_DATABASE_URL (always in CI)

    @pytest.mark.parametrize("backend", ["postgresql"])
    def test_postgresql_a_write_waits_for_a_locked_row_then_says_busy(ctx, short_wait):
        with ctx.write() as s:
            put_setting(s, "test.shared", "đầu")
        other = create_engine(ctx.db.url)
        with other.connect() as conn:
            # another session changes the row and keeps it locked
            conn.execute(text("UPDATE app_setting SET value = 'khác' WHERE key = 'test.shared'"))
            started = time.monotonic()
            with pytest.raises(DatabaseBusy), ctx.write() as s:
                s.execute(text("UPDATE app_setting SET value = 'của tôi' WHERE key = 'test.shared'"))
            assert time.monotonic() - started >= short_wait * 0.9
            conn.rollback()
        other.dispose()
        with ctx.read() as s:
            assert setting(s, "test.shared") == "đầu"

    @pytest.mark.parametrize("backend", ["postgresql"])
    def test_postgresql_a_read_only_transaction_refuses_in_vietnamese(ctx):
        with pytest.raises(ReadOnlyDatabase), ctx.write() as s:
            s.execute(text("SET TRANSACTION READ ONLY"))
            put_setting(s, "test.mine", "ghi")
            s.flush()

    @pytest.mark.parametrize("backend", ["postgresql"])
    def test_postgresql_a_connection_lost_mid_write_is_said_in_vietnamese(ctx):
        admin = create_engine(ctx.db.url)
        with pytest.raises(ConnectionLost), ctx.write() as s:
            put_setting(s, "test.mine", "ghi")
            s.flush()
            pid = s.execute(text("SELECT pg_backend_pid()")).scalar()
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            s.execute(text("SELECT 1"))
        admin.dispose()
        with ctx.read() as s:
            assert setting(s, "test.mine") is None
