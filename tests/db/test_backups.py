"""Backups (app.services.backups, database.backup, `python -m app backup …`) on SQLite and PostgreSQL:
a backup is checked and listed; retention prunes as configured; a second folder receives a checked copy;
restore round-trips, sets the current data aside, writes an audit row, refuses a newer schema and brings
an older one up to date; a copy refused by a full disk leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError

from app.cli import main
from app.errors import UserError
from app.services import backups as service
from app.services.audit import verify_chain
from app.services.backups import (
    KIND_AUTO,
    KIND_BEFORE_RESTORE,
    KIND_MANUAL,
    BackupPolicy,
    backup_due,
    backup_folder,
    create_backup,
    list_backups,
    preview_backup,
    read_policy,
    restore_backup,
    save_policy,
)
from app.services.context import ServiceContext
from app.services.units import create_unit_under_department
from app.startup import open_database
from database.backup import backup_sqlite
from database.engine import Database, sqlite_url
from database.migrate import SCHEMA_HEAD, current_revision, downgrade
from database.models import AuditEntry, Unit

ROOT = Path(__file__).resolve().parents[2]


def unit_names(ctx: ServiceContext) -> set[str]:
    with ctx.read() as s:
        return set(s.scalars(select(Unit.name)))


@pytest.fixture(params=["pg_dump", "export"])
def method(request, backend, monkeypatch):
    """On PostgreSQL both ways of dumping (pg_dump, the program's own export); SQLite has one."""
    if backend == "sqlite" and request.param == "export":
        return "sqlite"  # the same as the other parameter: the file's own copy
    monkeypatch.setattr(service, "USE_PG_DUMP", request.param == "pg_dump")
    return "sqlite" if backend == "sqlite" else request.param


def test_a_backup_is_checked_counted_and_listed(ctx, method):
    create_unit_under_department(ctx, "Bệnh viện Đa khoa tỉnh")
    result = create_backup(ctx.db)
    info = result.info
    assert info.verified and info.problem == ""
    assert info.method == method
    assert info.schema == SCHEMA_HEAD
    assert info.counts["unit"] >= 1 and "person" in info.counts
    assert info.path.parent == backup_folder(ctx.db)
    assert service.sidecar_path(info.path).is_file()
    listed = list_backups(ctx.db)
    assert [b.path for b in listed] == [info.path]
    assert listed[0].verified and listed[0].counts == info.counts
    assert preview_backup(info.path).verified


def test_a_backup_whose_file_changed_is_not_counted_as_checked(ctx, method):
    info = create_backup(ctx.db).info
    with info.path.open("ab") as fh:
        fh.write(b"\0" * 10)
    assert not list_backups(ctx.db)[0].verified


def test_retention_prunes_as_configured(ctx):
    save_policy(ctx, BackupPolicy(keep_daily=3, keep_weekly=2, keep_monthly=0))
    assert read_policy(ctx) == BackupPolicy(3, 2, 0, "")
    days = [dt.datetime(2026, 1, d, 10, 0) for d in range(1, 11)]  # Thu 1 … Sat 10 January
    for day in days:
        create_backup(ctx.db, KIND_AUTO, now=day)
    kept = sorted(b.created.day for b in list_backups(ctx.db))
    # Three days (10, 9, 8); the newest of two ISO weeks (10 of 5–11 January, 4 of 29 December–4 January).
    assert kept == [4, 8, 9, 10]
    # Every copy of the last day is kept (this morning's, before a big change); of an older day, the newest.
    create_backup(ctx.db, KIND_MANUAL, now=dt.datetime(2026, 1, 10, 16, 0))
    create_backup(ctx.db, KIND_MANUAL, now=dt.datetime(2026, 1, 11, 8, 0))
    kept = sorted((b.created.day, b.created.hour) for b in list_backups(ctx.db))
    assert kept == [(4, 10), (9, 10), (10, 10), (10, 16), (11, 8)]
    create_backup(ctx.db, KIND_AUTO, now=dt.datetime(2026, 1, 11, 17, 0))
    kept = sorted((b.created.day, b.created.hour) for b in list_backups(ctx.db))
    assert kept == [(4, 10), (9, 10), (10, 16), (11, 8), (11, 17)]
    for b in list_backups(ctx.db):
        if b.created.day == 11:
            b.path.unlink()
            b.path.with_name(b.path.name + ".json").unlink()
    # Set-aside copies are never pruned; a monthly slot keeps the newest of the month.
    save_policy(ctx, BackupPolicy(keep_daily=1, keep_weekly=0, keep_monthly=2))
    create_backup(ctx.db, KIND_BEFORE_RESTORE, now=dt.datetime(2026, 1, 11, 9, 0))
    create_backup(ctx.db, KIND_AUTO, now=dt.datetime(2026, 2, 1, 10, 0))
    left = sorted((b.created, b.kind) for b in list_backups(ctx.db))
    assert left == [
        (dt.datetime(2026, 1, 10, 16, 0), KIND_MANUAL),
        (dt.datetime(2026, 1, 11, 9, 0), KIND_BEFORE_RESTORE),
        (dt.datetime(2026, 2, 1, 10, 0), KIND_AUTO),
    ]


def test_backup_due_once_a_day(db):
    start = dt.datetime(2026, 3, 2, 8, 0)
    assert backup_due(db, start)
    create_backup(db, KIND_AUTO, now=start)
    assert not backup_due(db, start + dt.timedelta(hours=23))
    assert backup_due(db, start + dt.timedelta(hours=24))


def test_the_second_folder_receives_a_checked_copy(ctx, tmp_path, method):
    second = tmp_path / "o-dia-khac" / "Sao lưu TĐKT"
    save_policy(ctx, BackupPolicy(second_folder=str(second)))
    result = create_backup(ctx.db)
    assert result.second_problem == ""
    assert result.second_copy == second / result.info.path.name
    copy = list_backups(folder=second)
    assert [b.path.name for b in copy] == [result.info.path.name] and copy[0].verified
    assert preview_backup(result.second_copy).verified


def test_an_unreachable_second_folder_does_not_stop_the_backup(ctx, tmp_path):
    blocker = tmp_path / "usb"
    blocker.write_text("không phải thư mục")
    save_policy(ctx, BackupPolicy(second_folder=str(blocker / "SaoLuu")))
    result = create_backup(ctx.db)
    assert result.info.verified and result.second_copy is None
    assert "thư mục thứ hai" in result.second_problem


def test_a_relative_second_folder_is_refused(ctx):
    with pytest.raises(UserError):
        save_policy(ctx, BackupPolicy(second_folder="SaoLuu"))
    assert read_policy(ctx) == BackupPolicy()


def test_restore_round_trips(ctx, method):
    create_unit_under_department(ctx, "Trung tâm Y tế huyện A")
    before = unit_names(ctx)
    backup = create_backup(ctx.db).info
    create_unit_under_department(ctx, "Trung tâm Y tế huyện B")
    changed = unit_names(ctx)
    assert changed != before

    result = restore_backup(ServiceContext(ctx.db, actor="thu-ky"), backup.path)
    assert unit_names(ctx) == before
    with ctx.read() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "restore")).all()
    assert len(audit) == 1 and audit[0].actor == "thu-ky" and backup.path.name in audit[0].summary
    # The data as it was before the restore is kept, and restores too.
    aside = preview_backup(result.set_aside)
    assert aside.verified and aside.kind == KIND_BEFORE_RESTORE
    restore_backup(ctx, result.set_aside)
    assert unit_names(ctx) == changed
    create_unit_under_department(ctx, "Trung tâm Y tế huyện C")  # ids and sequences still work
    # The audit trail came back whole, its chain goes on, and it is append-only again.
    assert verify_chain(ctx).ok
    with pytest.raises(DBAPIError), ctx.db.engine.begin() as conn:
        conn.execute(delete(AuditEntry))


def _sqlite_db(tmp_path: Path, name: str):
    return open_database(sqlite_url(tmp_path / f"{name}.sqlite3"), backup_dir=tmp_path / "migration")


def test_a_backup_from_a_newer_program_is_refused(tmp_path):
    db = _sqlite_db(tmp_path, "tdkt")
    try:
        ctx = ServiceContext(db)
        create_unit_under_department(ctx, "Bệnh viện Nhi")
        info = create_backup(db).info
        newer = tmp_path / "newer.sqlite3"
        shutil.copyfile(info.path, newer)
        conn = sqlite3.connect(newer)
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
        conn.close()
        create_unit_under_department(ctx, "Bệnh viện Mắt")
        with pytest.raises(UserError, match="mới hơn"):
            restore_backup(ctx, newer)
        assert unit_names(ctx) == {"Bệnh viện Nhi", "Bệnh viện Mắt"}
        assert [b.kind for b in list_backups(db)] == ["thu-cong"]  # nothing set aside either
    finally:
        db.dispose()


def test_an_older_backup_is_brought_up_to_date(tmp_path):
    old = _sqlite_db(tmp_path, "cu")
    downgrade(old, "0004_nomination_status")
    old_copy = backup_sqlite(old.file_path, tmp_path / "kept", "old")
    old.dispose()
    db = _sqlite_db(tmp_path, "tdkt")
    try:
        restore_backup(ServiceContext(db), old_copy)
        assert current_revision(db) == SCHEMA_HEAD
        with ServiceContext(db).read() as s:
            assert s.scalars(select(AuditEntry.action).where(AuditEntry.action == "restore")).all() == [
                "restore"
            ]
        assert verify_chain(
            ServiceContext(db)
        ).ok  # the old rows chained by the migration, then the restore's
    finally:
        db.dispose()


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path):
    db = _sqlite_db(tmp_path, "tdkt")
    try:
        ctx = ServiceContext(db)
        info = create_backup(db).info
        damaged = tmp_path / "hong.sqlite3"
        data = bytearray(info.path.read_bytes())
        data[len(data) // 2 : len(data) // 2 + 8192] = b"\xa5" * 8192
        damaged.write_bytes(bytes(data))
        create_unit_under_department(ctx, "Bệnh viện Phổi")
        with pytest.raises(UserError):
            restore_backup(ctx, damaged)
        assert unit_names(ctx) == {"Bệnh viện Phổi"}
    finally:
        db.dispose()


def test_a_copy_refused_by_a_full_disk_leaves_nothing_behind(tmp_path):
    """The disk fills during the copy (a file size limit stands in for it): the refusal is Vietnamese and the
    backup folder holds no partial file and no -journal."""
    db = _sqlite_db(tmp_path, "tdkt")
    create_unit_under_department(ctx := ServiceContext(db), "Bệnh viện Y học cổ truyền")
    db.dispose()
    del ctx
    folder = tmp_path / "backups"
    script = textwrap.dedent(
        """
        import resource, signal, sys
        from pathlib import Path
        from database.backup import BackupError, backup_sqlite
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))
        try:
            backup_sqlite(Path(sys.argv[1]), Path(sys.argv[2]), "before-0006")
        except BackupError as exc:
            print(exc)
            sys.exit(3)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "tdkt.sqlite3"), str(folder)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert "Không sao lưu được" in done.stdout
    assert list(folder.iterdir()) == []


def _cli(db) -> list[str]:
    if db.file_path is not None:
        return ["--db", str(db.file_path)]
    return ["--db-url", db.url.render_as_string(hide_password=False)]


def test_the_command_line(ctx, capsys, tmp_path):
    create_unit_under_department(ctx, "Bệnh viện Đa khoa tỉnh")
    assert main([*_cli(ctx.db), "backup", "create", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["verified"] and Path(made["path"]).is_file()
    assert main([*_cli(ctx.db), "backup", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [b["path"] for b in listed] == [made["path"]] and listed[0]["counts"]["unit"] >= 1
    assert main([*_cli(ctx.db), "backup", "list"]) == 0
    assert "Đã kiểm tra" in capsys.readouterr().out

    create_unit_under_department(ctx, "Bệnh viện Nhi")
    # Without --yes: what it holds is shown, nothing changes, exit 2.
    assert main([*_cli(ctx.db), "backup", "restore", made["path"]]) == 2
    out = capsys.readouterr()
    assert "Phiên bản lược đồ" in out.out and out.err.startswith("Lỗi: ")
    assert "Bệnh viện Nhi" in unit_names(ctx)
    # A file that is no backup: one Vietnamese line, exit 2.
    junk = tmp_path / "bang-tinh.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    for bad in (str(junk), str(tmp_path / "khong-co.sqlite3"), str(tmp_path)):
        assert main([*_cli(ctx.db), "backup", "restore", bad, "--yes"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("Lỗi: ") and "Traceback" not in err and err.count("\n") == 1
    assert "Bệnh viện Nhi" in unit_names(ctx)
    # With --yes, by the name `backup list` shows.
    assert main([*_cli(ctx.db), "backup", "restore", Path(made["path"]).name, "--yes"]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out
    assert unit_names(ctx) == {"Bệnh viện Đa khoa tỉnh"}


def test_a_copy_cut_short_is_cleared_away_once_old(db):
    """A copy killed part way leaves a .partial (never listed); the next backup removes it once it is old,
    and leaves alone one that may still be being written."""
    import os
    import time

    folder = backup_folder(db)
    folder.mkdir(parents=True, exist_ok=True)
    old = folder / "tdkt-20260101-100000-tu-dong.sqlite3.partial"
    old.write_bytes(b"cut short")
    Path(f"{old}-journal").write_bytes(b"journal")
    os.utime(Path(f"{old}-journal"), (time.time() - 7 * 3600,) * 2)
    stale = time.time() - 7 * 3600
    os.utime(old, (stale, stale))
    fresh = folder / "tdkt-20260101-100001-tu-dong.sqlite3.partial"
    fresh.write_bytes(b"being written")
    assert list_backups(db) == []
    create_backup(db, KIND_AUTO)
    assert not old.exists() and not Path(f"{old}-journal").exists()
    assert fresh.exists()
    assert len(list_backups(db)) == 1


@pytest.mark.parametrize("where", ["header", "middle"])
def test_a_damaged_database_is_restored_and_kept_aside_as_it_was(tmp_path, where):
    """The clerk's way out of a damaged file: the restore works even when SQLite cannot read the file, and
    the damaged file is kept (as it was) beside the backups."""
    db = _sqlite_db(tmp_path, "tdkt")
    ctx = ServiceContext(db)
    create_unit_under_department(ctx, "Bệnh viện Đa khoa tỉnh")
    good = create_backup(db).info
    for n in range(40):
        create_unit_under_department(ctx, f"Trạm Y tế xã số {n}")
    db.dispose()
    conn = sqlite3.connect(db.file_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.file_path.read_bytes())
    at = 0 if where == "header" else len(data) // 2
    data[at : at + 8192] = b"\x5a" * 8192
    db.file_path.write_bytes(bytes(data))
    damaged = bytes(data)

    damaged_db = Database.open(sqlite_url(db.file_path))
    try:
        result = restore_backup(ServiceContext(damaged_db, actor="thu-ky"), good.path)
    finally:
        damaged_db.dispose()
    assert result.set_aside is not None
    if where == "header":  # unreadable: kept byte for byte
        assert result.set_aside.read_bytes() == damaged
    reopened = open_database(sqlite_url(db.file_path), backup_dir=tmp_path / "migration")
    try:
        assert unit_names(ServiceContext(reopened)) == {"Bệnh viện Đa khoa tỉnh"}
        conn = sqlite3.connect(db.file_path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    finally:
        reopened.dispose()


def test_a_missing_database_file_is_restored(tmp_path):
    db = _sqlite_db(tmp_path, "tdkt")
    create_unit_under_department(ServiceContext(db), "Bệnh viện Nhi")
    good = create_backup(db).info
    db.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db.file_path}{suffix}").unlink(missing_ok=True)
    assert main(["--db", str(db.file_path), "backup", "restore", str(good.path), "--yes"]) == 0
    reopened = open_database(sqlite_url(db.file_path), backup_dir=tmp_path / "migration")
    try:
        assert unit_names(ServiceContext(reopened)) == {"Bệnh viện Nhi"}
    finally:
        reopened.dispose()


def test_the_copy_taken_before_a_migration_is_checked_and_listed(tmp_path):
    db = _sqlite_db(tmp_path, "tdkt")
    create_unit_under_department(ServiceContext(db), "Bệnh viện Nhi")
    downgrade(db, "0005_identity")
    db.dispose()
    db = _sqlite_db(tmp_path, "tdkt")  # upgraded again: a copy is taken first
    try:
        copies = list_backups(folder=tmp_path / "migration")
        assert [b.kind for b in copies] == [f"before-{SCHEMA_HEAD}"]
        assert copies[0].verified and copies[0].schema == "0005_identity" and copies[0].counts["unit"] == 1
        assert copies[0].kind_text == "Trước khi nâng cấp"
    finally:
        db.dispose()
