"""Where the SQLite file lives and in what state: damaged, read-only file or folder, a network share, held by
another copy of the program, a path with any characters. Each opens read-only with its reason (or refuses to
open), every write is refused at once in Vietnamese, and nothing is written into the file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

import app.startup as startup
from app.cli import main as cli_main
from app.errors import StartupError
from app.refusals import DatabaseDamaged, ReadOnlyDatabase
from app.services.accounts import AccountData, SignInRefused, create_first_admin, record_sign_in, sign_in
from app.services.context import ServiceContext
from app.services.settings import read_setting
from app.settings import INTEGRITY_CHECKED_AT
from app.startup import inspect_sqlite_file, open_database
from database.engine import sqlite_url
from database.enums import Role
from database.location import (
    DatabaseLock,
    ReadOnlyKind,
    filesystem_type,
    held_reason,
    lock_path,
    on_network_share,
    same_account_here,
    who_am_i,
)
from database.models import Account, AuditEntry
from tests.damage import damage_middle, pad_with_rows
from tests.read_only import read_only
from tests.scratch import put_setting, setting

ROOT = Path(__file__).resolve().parents[2]
HISTORY = ROOT / "tests" / "data" / "samples" / "history_sample.xlsx"
ROSTER = ROOT / "tests" / "data" / "samples" / "roster_tcvn3.xlsx"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sqlite_file(templates, tmp_path) -> Path:
    path = tmp_path / "du-lieu.sqlite3"
    shutil.copyfile(templates("sqlite"), path)
    return path


def _damage(path: Path) -> None:
    """64 KiB of random bytes in the middle of a file holding some data (2 MB of rows), as a failing disk or a
    bad copy leaves it: the schema at the start is intact, pages of data are not."""
    pad_with_rows(path)
    damage_middle(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        found = str(exc)
    finally:
        conn.close()
    assert found != "ok"  # the file really is damaged


def _write_something(db) -> None:
    with ServiceContext(db, actor="thu-ky").write("Ghi thử") as s:
        put_setting(s, "test.mine", "ghi")


# --- a damaged file ---------------------------------------------------------------------------------------


def test_a_damaged_file_opens_read_only_and_refuses_every_write(sqlite_file):
    _damage(sqlite_file)
    before = _digest(sqlite_file)
    db = open_database(sqlite_url(sqlite_file), backup_dir=sqlite_file.parent / "b")
    try:
        assert db.read_only is not None and db.read_only.kind is ReadOnlyKind.DAMAGED
        assert "bị hỏng" in db.read_only.text and "sao lưu" in db.read_only.text
        with pytest.raises(DatabaseDamaged) as caught:
            _write_something(db)
        assert "Chưa có gì được lưu" in str(caught.value)
    finally:
        db.dispose()
    assert _digest(sqlite_file) == before
    assert not (sqlite_file.parent / "b").exists()  # no migration backup, nothing made for it


@pytest.mark.parametrize(
    "command",
    [
        ["import", "history", str(HISTORY)],
        ["import", "staff", str(ROSTER), "--unit", "Bệnh viện Mới", "--create-unit", "--create-departments"],
        ["eligibility", "--year", "2024"],
        ["documents", "list"],
        ["export", "package", "--year", "2024", "--out", "{tmp}/goi.zip"],
    ],
)
def test_every_command_on_a_damaged_file_exits_2_and_writes_nothing(sqlite_file, tmp_path, capsys, command):
    _damage(sqlite_file)
    before = _digest(sqlite_file)
    argv = ["--db", str(sqlite_file), *(part.replace("{tmp}", str(tmp_path)) for part in command)]
    assert cli_main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and "bị hỏng" in err and "Traceback" not in err and "Error" not in err
    assert _digest(sqlite_file) == before
    assert not (tmp_path / "goi.zip").exists()


def test_the_full_check_runs_weekly_and_is_remembered_after_a_clean_pass(sqlite_file):
    facts = inspect_sqlite_file(sqlite_file)
    assert facts.damage is None and facts.full_check  # never checked fully: due now
    before = _digest(sqlite_file)
    open_database(sqlite_url(sqlite_file), backup_dir=sqlite_file.parent / "b").dispose()
    assert _digest(sqlite_file) == before  # opening alone writes nothing, not even this
    assert inspect_sqlite_file(sqlite_file).full_check  # so it is still due
    db = open_database(sqlite_url(sqlite_file), backup_dir=sqlite_file.parent / "b")
    try:
        _write_something(db)  # the clean pass is remembered with the session's first write
        with ServiceContext(db).read() as s:
            checked = dt.datetime.fromisoformat(read_setting(s, INTEGRITY_CHECKED_AT))
            assert setting(s, "test.mine") == "ghi"
        _write_something(db)  # and only once
    finally:
        db.dispose()
    assert not inspect_sqlite_file(sqlite_file, now=checked + dt.timedelta(days=6)).full_check
    assert inspect_sqlite_file(sqlite_file, now=checked + dt.timedelta(days=8)).full_check
    assert inspect_sqlite_file(sqlite_file, now=checked - dt.timedelta(days=1)).full_check  # a clock set back


# --- read-only files and folders ------------------------------------------------------------------------------


def test_a_read_only_file_opens_read_only_lists_and_refuses_the_import(sqlite_file, capsys):
    before = _digest(sqlite_file)
    with read_only(sqlite_file):
        db = open_database(sqlite_url(sqlite_file))
        try:
            assert db.read_only.kind is ReadOnlyKind.FILE
            with ServiceContext(db).read() as s:
                assert setting(s, "test.mine") is None  # reading works
            with pytest.raises(ReadOnlyDatabase) as caught:
                _write_something(db)
            assert "chỉ cho phép đọc" in str(caught.value)
        finally:
            db.dispose()
        assert cli_main(["--db", str(sqlite_file), "documents", "list"]) == 0
        capsys.readouterr()
        assert cli_main(["--db", str(sqlite_file), "import", "history", str(HISTORY)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("Lỗi: ") and "chỉ cho phép đọc" in err
        assert "Traceback" not in err and "OperationalError" not in err
    assert _digest(sqlite_file) == before


def test_a_read_only_folder_opens_read_only_lists_and_refuses_writes(sqlite_file, capsys):
    folder = sqlite_file.parent / "Tài liệu%20mới #1"
    folder.mkdir()
    path = folder / "tdkt.sqlite3"
    shutil.move(sqlite_file, path)
    before = _digest(path)
    with read_only(folder):
        db = open_database(sqlite_url(path))
        try:
            assert db.read_only.kind is ReadOnlyKind.FOLDER
            with ServiceContext(db).read() as s:
                assert setting(s, "test.mine") is None
            with pytest.raises(ReadOnlyDatabase):
                _write_something(db)
        finally:
            db.dispose()
        assert cli_main(["--db", str(path), "documents", "list"]) == 0  # listing works
        capsys.readouterr()
        assert cli_main(["--db", str(path), "import", "history", str(HISTORY)]) == 2
        assert "Thư mục" in capsys.readouterr().err
    assert _digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["tdkt.sqlite3"]


def test_a_new_file_in_a_read_only_folder_is_refused_with_the_reason(tmp_path):
    folder = tmp_path / "khoa"
    folder.mkdir()
    with read_only(folder), pytest.raises(StartupError) as caught:
        open_database(sqlite_url(folder / "moi.sqlite3"))
    assert "Không tạo được" in str(caught.value) and "chỉ cho phép đọc" in str(caught.value)


def test_paths_with_any_characters_open_and_write(templates, tmp_path):
    folder = tmp_path / "Tài liệu%20mới #2 ?&=;"
    folder.mkdir()
    path = folder / "dữ liệu #1.sqlite3"
    shutil.copyfile(templates("sqlite"), path)
    db = open_database(sqlite_url(path))
    try:
        assert db.read_only is None
        _write_something(db)
        with ServiceContext(db).read() as s:
            assert setting(s, "test.mine") == "ghi"
    finally:
        db.dispose()


# --- network shares ----------------------------------------------------------------------------------------

MOUNTS = textwrap.dedent(
    """\
    /dev/sda1 / ext4 rw,relatime 0 0
    //server/chung /mnt/chung cifs rw,vers=3.0 0 0
    server:/export /srv/nfs nfs4 rw 0 0
    /dev/sdb1 /mnt/chung/usb vfat rw 0 0
    me@host:/x /home/an/Thư\\040mục sshfs rw 0 0
    """
)


def test_network_file_systems_are_recognised_from_the_mount_table():
    assert filesystem_type(Path("/home/an/tdkt.sqlite3"), MOUNTS) == "ext4"
    assert on_network_share(Path("/mnt/chung/tdkt.sqlite3"), "linux", MOUNTS)
    assert on_network_share(Path("/srv/nfs/a/b.sqlite3"), "linux", MOUNTS)
    assert on_network_share(Path("/home/an/Thư mục/tdkt.sqlite3"), "linux", MOUNTS)
    assert not on_network_share(Path("/mnt/chung/usb/tdkt.sqlite3"), "linux", MOUNTS)  # a mount inside
    assert not on_network_share(Path("/mnt/chungkhac/tdkt.sqlite3"), "linux", MOUNTS)
    assert not on_network_share(Path("/home/an/tdkt.sqlite3"), "linux", MOUNTS)


def test_unc_paths_are_network_shares_on_windows():
    assert on_network_share(Path("//server/chung/tdkt.sqlite3"), "win32")
    assert on_network_share(Path(r"\\server\chung\tdkt.sqlite3"), "win32")
    assert on_network_share(Path(r"\\?\UNC\server\chung\tdkt.sqlite3"), "win32")


def test_a_file_on_a_network_share_opens_read_only_and_explains_why(sqlite_file, monkeypatch, capsys):
    monkeypatch.setattr(startup, "on_network_share", lambda path: path == sqlite_file)
    before = _digest(sqlite_file)
    db = open_database(sqlite_url(sqlite_file))
    try:
        assert db.read_only.kind is ReadOnlyKind.NETWORK
        assert "ổ mạng" in db.read_only.text and "PostgreSQL" in db.read_only.text
        with pytest.raises(ReadOnlyDatabase):
            _write_something(db)
    finally:
        db.dispose()
    assert cli_main(["--db", str(sqlite_file), "import", "history", str(HISTORY)]) == 2
    assert "ổ mạng" in capsys.readouterr().err
    assert _digest(sqlite_file) == before
    monkeypatch.setattr(startup, "on_network_share", lambda path: True)
    with pytest.raises(StartupError) as caught:  # no new database is made there
        open_database(sqlite_url(sqlite_file.parent / "moi.sqlite3"))
    assert "ổ mạng" in str(caught.value)
    assert not (sqlite_file.parent / "moi.sqlite3").exists()


# --- a second copy of the program -------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.startup import open_database
    from database.engine import sqlite_url

    db = open_database(sqlite_url(sys.argv[1]))
    assert db.read_only is None
    Path(sys.argv[2]).touch()
    time.sleep(600)
    """
)


def _start_holder(path: Path, ready: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), str(ready)], env=env, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "the other copy did not start"
        time.sleep(0.02)
    return proc


def test_a_second_copy_is_told_who_holds_the_file_and_opens_read_only(sqlite_file, tmp_path, capsys):
    holder = _start_holder(sqlite_file, tmp_path / "ready")
    try:
        db = open_database(sqlite_url(sqlite_file))
        try:
            assert db.read_only.kind is ReadOnlyKind.HELD
            assert "TĐKT khác" in db.read_only.text and f"tiến trình số {holder.pid}" in db.read_only.text
            with pytest.raises(ReadOnlyDatabase):
                _write_something(db)
        finally:
            db.dispose()
        assert cli_main(["--db", str(sqlite_file), "import", "history", str(HISTORY)]) == 2
        assert "đang được mở ở một chương trình TĐKT khác" in capsys.readouterr().err
    finally:
        holder.send_signal(signal.SIGKILL if os.name != "nt" else signal.SIGTERM)
        holder.wait(timeout=30)
    db = open_database(sqlite_url(sqlite_file))  # a killed holder leaves no lock behind
    try:
        assert db.read_only is None
        _write_something(db)
    finally:
        db.dispose()


def test_this_copy_opening_the_same_file_twice_shares_its_lock(sqlite_file):
    first = open_database(sqlite_url(sqlite_file))
    second = open_database(sqlite_url(sqlite_file))
    try:
        assert first.read_only is None and second.read_only is None
        assert lock_path(sqlite_file).exists()
        first.dispose()
        _write_something(second)
        assert lock_path(sqlite_file).exists()  # still held by the second
    finally:
        first.dispose()
        second.dispose()
    assert not lock_path(sqlite_file).exists()  # the last one out removes it
    DatabaseLock.acquire(sqlite_file).release()


# --- what cannot be opened even to view ---------------------------------------------------------------------


def test_a_file_whose_structure_is_damaged_is_refused_with_the_way_to_its_backups(sqlite_file):
    data = bytearray(sqlite_file.read_bytes())
    data[100:4096] = random.Random(7).randbytes(3996)  # the schema's own page, after the header
    sqlite_file.write_bytes(bytes(data))
    with pytest.raises(StartupError) as caught:
        open_database(sqlite_url(sqlite_file))
    message = str(caught.value)
    assert (
        "bị hỏng" in message
        and str(sqlite_file.parent / "backups") in message
        and "backup restore" in message
    )
    assert bytes(data) == sqlite_file.read_bytes()


def test_an_older_read_only_file_is_refused_since_it_cannot_be_upgraded(sqlite_file):
    from database.engine import Database
    from database.migrate import downgrade

    db = Database.open(sqlite_url(sqlite_file))
    downgrade(db, "-1")
    db.dispose()
    before = _digest(sqlite_file)
    with read_only(sqlite_file), pytest.raises(StartupError) as caught:
        open_database(sqlite_url(sqlite_file))
    assert "chỉ cho phép đọc" in str(caught.value) and "cũ hơn" in str(caught.value)
    assert _digest(sqlite_file) == before


def test_a_checked_backup_of_the_file_counts_as_its_full_check(sqlite_file):
    from app.services.backups import KIND_MANUAL, create_backup

    conn = sqlite3.connect(sqlite_file)
    with conn:  # forget any full check the file remembers
        conn.execute("DELETE FROM app_setting WHERE key = ?", (INTEGRITY_CHECKED_AT.key,))
    conn.close()
    assert inspect_sqlite_file(sqlite_file).full_check
    db = open_database(sqlite_url(sqlite_file))
    try:
        taken = create_backup(db, KIND_MANUAL).info
    finally:
        db.dispose()
    assert taken.verified
    assert not inspect_sqlite_file(sqlite_file).full_check  # the copy was checked in full: not due
    assert inspect_sqlite_file(sqlite_file, now=taken.created + dt.timedelta(days=8)).full_check


def test_a_holder_is_this_account_here_only_with_the_same_user_and_computer():
    mine = json.loads(who_am_i())
    assert same_account_here(who_am_i())
    assert not same_account_here(json.dumps({**mine, "host": "KT-02"}))  # another computer
    assert not same_account_here(json.dumps({**mine, "user": "khac"}))  # another Windows account
    assert not same_account_here("")  # a lock file whose line could not be read
    reason = held_reason(Path("so-y-te.sqlite3"), "người dùng an", who_am_i())
    assert reason.held_here and not held_reason(Path("so-y-te.sqlite3"), "?", "").held_here


def test_damage_found_behind_the_windows_opening_refuses_the_first_write(sqlite_file):
    """The window opens a file at the schema head at once and checks it on a thread (check_behind): a write
    waits for the verdict, and damage refuses it as a check before the opening would have."""
    _damage(sqlite_file)
    before = _digest(sqlite_file)
    db = open_database(sqlite_url(sqlite_file), backup_dir=sqlite_file.parent / "b", check_behind=True)
    try:
        with pytest.raises(DatabaseDamaged):
            _write_something(db)
        assert db.pending_check is None
        assert db.read_only is not None and db.read_only.kind is ReadOnlyKind.DAMAGED
    finally:
        db.dispose()
    assert _digest(sqlite_file) == before


def test_a_whole_file_opened_with_the_check_behind_writes_once_the_check_is_done(sqlite_file):
    db = open_database(sqlite_url(sqlite_file), check_behind=True)
    try:
        _write_something(db)
        assert db.pending_check is None and db.read_only is None
    finally:
        db.dispose()
    db = open_database(sqlite_url(sqlite_file))
    try:
        with ServiceContext(db).read() as s:
            assert setting(s, "test.mine") == "ghi"
    finally:
        db.dispose()


ADMIN = AccountData("quantri", "Nguyễn Văn An", frozenset({Role.ADMIN}))
PASSWORD = "Thi-dua-2026"


def _held_check(monkeypatch) -> threading.Event:
    """The integrity check behind the opening held until the returned event is set (the schema's look
    before the opening is not held)."""
    gate = threading.Event()
    real = startup.inspect_sqlite_file

    def held(path, now=None, check=True):
        if check:
            assert gate.wait(30)
        return real(path, now, check)

    monkeypatch.setattr(startup, "inspect_sqlite_file", held)
    return gate


def _signed_in_record(db, actions=("sign_in",)) -> list[tuple[str, str]]:
    with ServiceContext(db).read() as s:
        rows = s.execute(select(AuditEntry.actor, AuditEntry.action).where(AuditEntry.action.in_(actions)))
        return [tuple(r) for r in rows]


@pytest.mark.parametrize("damaged", [False, True], ids=["whole", "damaged"])
def test_the_window_signs_in_during_the_check_and_writes_the_sign_in_after_its_verdict(
    sqlite_file, monkeypatch, damaged
):
    """The window's sign-in (sign_in(later=True)) only reads, so the clerk is in while the file is still being
    checked; its record (the audit row, the last sign-in) waits for the verdict like every write: written on a
    whole file, and nothing at all written to a damaged one."""
    db = open_database(sqlite_url(sqlite_file))
    try:
        create_first_admin(db, ADMIN, PASSWORD)
    finally:
        db.dispose()
    if damaged:
        _damage(sqlite_file)
    before = _digest(sqlite_file)
    gate = _held_check(monkeypatch)
    db = open_database(sqlite_url(sqlite_file), backup_dir=sqlite_file.parent / "b", check_behind=True)
    try:
        signed = sign_in(db, ADMIN.username, PASSWORD, later=True)
        assert signed.principal.username == ADMIN.username and signed.pending is not None
        assert db.pending_check is not None  # signed in before the verdict
        recorded: list[bool] = []
        writer = threading.Thread(
            target=lambda: recorded.append(record_sign_in(ServiceContext(db), signed.pending))
        )
        writer.start()
        writer.join(0.2)
        assert writer.is_alive() and not recorded  # the record waits for the verdict
        gate.set()
        writer.join(30)
        assert recorded == [not damaged] and db.pending_check is None
        if damaged:
            assert db.read_only is not None and db.read_only.damaged
        else:
            assert _signed_in_record(db) == [(ADMIN.username, "sign_in")]
            with ServiceContext(db).read() as s:
                account = s.scalar(select(Account).where(Account.username == ADMIN.username))
                assert account.last_sign_in_at is not None and account.failed_attempts == 0
    finally:
        db.dispose()
    assert (_digest(sqlite_file) == before) is damaged


def test_a_refused_sign_in_is_counted_at_once_even_during_the_check(sqlite_file, monkeypatch):
    """A wrong password is not a read: its count (towards the lock-out) is written before the refusal is
    given, after the verdict; a right one later does not forget a failure counted after its check."""
    db = open_database(sqlite_url(sqlite_file))
    try:
        create_first_admin(db, ADMIN, PASSWORD)
    finally:
        db.dispose()
    gate = _held_check(monkeypatch)
    db = open_database(sqlite_url(sqlite_file), check_behind=True)
    try:
        signed = sign_in(db, ADMIN.username, PASSWORD, later=True)  # checked, not yet written down
        gate.set()
        with pytest.raises(SignInRefused, match="Còn 4 lần"):
            sign_in(db, ADMIN.username, "sai", later=True)  # another window's wrong try, after that check
        assert record_sign_in(ServiceContext(db), signed.pending)
        with ServiceContext(db).read() as s:
            assert s.scalar(select(Account.failed_attempts).where(Account.username == ADMIN.username)) == 1
        assert _signed_in_record(db, ("sign_in", "sign_in_failed")) == [
            (ADMIN.username, "sign_in_failed"),
            (ADMIN.username, "sign_in"),
        ]
    finally:
        db.dispose()
