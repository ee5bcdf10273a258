"""The audit trail: append-only (the database refuses UPDATE, DELETE, TRUNCATE) and hash-chained, so a change
made behind the program's back (triggers dropped or disabled first) is found by `audit verify`."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from app.cli import main
from app.domain.permissions import PermissionDenied, Principal
from app.errors import UserError
from app.services.audit import (
    CONTENT_CHANGED,
    GENESIS,
    REORDERED,
    ROW_MISSING,
    TAIL_MISSING,
    append_rows,
    row_hash,
    utc_now,
    verify_chain,
)
from app.services.context import ServiceContext
from app.services.units import create_unit_under_department
from database.engine import Database
from database.enums import Role
from database.migrate import downgrade, upgrade
from database.models import AuditEntry


def _cli(db) -> list[str]:
    if db.file_path is not None:
        return ["--db", str(db.file_path)]
    return ["--db-url", db.url.render_as_string(hide_password=False)]


def _some_writes(ctx: ServiceContext) -> list[int]:
    for name in ("Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế huyện Cẩm Thủy", "Trung tâm Kiểm soát bệnh tật"):
        create_unit_under_department(ctx, name)
    with ctx.read() as s:
        return list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def _tamper(db: Database, sql: str, **params) -> None:
    """Change audit_log behind the program's back: the append-only triggers out of the way first."""
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
        conn.execute(text(sql), params)


def test_writes_chain_and_verify(ctx):
    started = utc_now()
    ids = _some_writes(ctx)
    report = verify_chain(ctx)
    assert report.ok and report.broken is None and report.rows == len(ids)
    with ctx.read() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert rows[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.row_hash for a, b in zip(rows, rows[1:], strict=False))
    assert ids == list(range(1, len(ids) + 1))
    newest = rows[-1]
    assert newest.actor == "tester" and newest.entity == "unit"
    # `at` is UTC (naive), whatever the machine's time zone.
    assert started - dt.timedelta(seconds=1) <= newest.at <= utc_now() + dt.timedelta(seconds=1)


def test_the_hash_is_of_the_row_as_it_reads_back(ctx):
    """Tuples, non-string keys: the hash taken on writing is the one computed on reading."""
    with ctx.write("Ghi thử") as s:
        append_rows(
            s.connection(),
            [
                {
                    "at": utc_now(),
                    "actor": "tester",
                    "action": "import",
                    "entity": "person",
                    "after": {"rows": (1, 2), 3: "ba", "tên": "Ánh"},
                }
            ],
        )
    assert verify_chain(ctx).ok


def test_the_database_refuses_to_change_an_audit_row(ctx):
    _some_writes(ctx)
    with pytest.raises(UserError), ctx.write("Sửa nhật ký") as s:
        s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one().summary = "khác"
    with pytest.raises(UserError), ctx.write("Xóa nhật ký") as s:
        s.delete(s.scalars(select(AuditEntry).limit(1)).one())
    for statement in (update(AuditEntry).values(actor="ai đó"), delete(AuditEntry)):
        with pytest.raises(DBAPIError), ctx.db.engine.begin() as conn:
            conn.execute(statement)
    if not ctx.db.is_sqlite:
        with pytest.raises(DBAPIError), ctx.db.engine.begin() as conn:
            conn.exec_driver_sql("TRUNCATE audit_log")
    assert verify_chain(ctx).ok


def test_an_edited_row_is_found(ctx):
    ids = _some_writes(ctx)
    middle = ids[len(ids) // 2]
    _tamper(ctx.db, "UPDATE audit_log SET after = :after WHERE id = :id", after='{"name": "khác"}', id=middle)
    report = verify_chain(ctx)
    assert not report.ok and report.broken.id == middle and report.broken.reason == CONTENT_CHANGED
    assert report.rows == ids.index(middle) + 1


def test_a_deleted_row_is_found(ctx):
    ids = _some_writes(ctx)
    middle = ids[len(ids) // 2]
    _tamper(ctx.db, "DELETE FROM audit_log WHERE id = :id", id=middle)
    report = verify_chain(ctx)
    following = ids[ids.index(middle) + 1]
    assert not report.ok and report.broken.id == following and report.broken.reason == ROW_MISSING


def test_rows_cut_from_the_end_are_found(ctx):
    ids = _some_writes(ctx)
    _tamper(ctx.db, "DELETE FROM audit_log WHERE id >= :id", id=ids[-2])
    report = verify_chain(ctx)
    assert not report.ok and report.broken.id == ids[-2] and report.broken.reason == TAIL_MISSING
    assert "cuối" in report.broken.reason_text


def test_only_those_who_read_the_audit_may_check_it(ctx):
    _some_writes(ctx)
    viewer = ServiceContext.signed_in(ctx.db, Principal("xem", frozenset({Role.VIEWER}), 7))
    with pytest.raises(PermissionDenied):
        verify_chain(viewer)
    leader = ServiceContext.signed_in(ctx.db, Principal("lanh-dao", frozenset({Role.LEADER}), 8))
    assert verify_chain(leader).ok  # the refusal above is itself a row of the chain


def test_a_row_chained_to_the_wrong_predecessor_is_found(ctx):
    ids = _some_writes(ctx)
    with ctx.read() as s:
        early = s.scalars(select(AuditEntry).where(AuditEntry.id == ids[0])).one()
        early_hash = early.row_hash
    row = {
        "id": ids[-1] + 1,
        "at": utc_now(),
        "actor": "x",
        "action": "create",
        "entity": "unit",
        "entity_id": None,
        "summary": None,
        "before": None,
        "after": None,
    }
    with ctx.db.engine.begin() as conn:
        conn.execute(
            insert(AuditEntry), [{**row, "prev_hash": early_hash, "row_hash": row_hash(row, early_hash)}]
        )
    report = verify_chain(ctx)
    assert not report.ok and report.broken.id == ids[-1] + 1 and report.broken.reason == REORDERED


def test_the_command_line(ctx, capsys):
    ids = _some_writes(ctx)
    assert main([*_cli(ctx.db), "audit", "verify"]) == 0
    assert f"Nhật ký nguyên vẹn: {len(ids)} dòng" in capsys.readouterr().out
    _tamper(ctx.db, "UPDATE audit_log SET actor = 'ai đó' WHERE id = :id", id=ids[2])
    assert main([*_cli(ctx.db), "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"dòng số {ids[2]}" in out and "ai đó" in out and "đã bị sửa" in out
    _tamper(ctx.db, "DELETE FROM audit_log WHERE id >= :id", id=ids[1])
    assert main([*_cli(ctx.db), "audit", "verify"]) == 1
    assert f"các dòng cuối của nhật ký, từ dòng này, đã bị xóa (dòng số {ids[1]})" in capsys.readouterr().out
    with ctx.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    assert main([*_cli(ctx.db), "audit", "verify"]) == 2
    assert "Lỗi:" in capsys.readouterr().err


def test_the_migration_chains_the_rows_already_there(db_url, tmp_path):
    db = Database.open(db_url)
    try:
        upgrade(db, tmp_path / "backups", target="0005_identity")
        old = [
            {
                "id": i,
                "at": dt.datetime(2025, 1, 1, 8, i, 0, 123 * i),
                "actor": "cli",
                "action": "update",
                "entity": "person",
                "entity_id": i,
                "summary": f"Sửa hồ sơ {i}",
                "before": {"tên": "Ánh"},
                "after": {"tên": "Anh", "năm": 1980 + i},
            }
            for i in range(1, 31)
        ]
        with db.engine.begin() as conn:
            columns = ", ".join(old[0])
            values = ", ".join(f":{k}" for k in old[0])
            conn.execute(
                text(f"INSERT INTO audit_log ({columns}) VALUES ({values})"),
                [
                    {
                        **r,
                        "before": '{"tên": "Ánh"}',
                        "after": f'{{"tên": "Anh", "năm": {r["after"]["năm"]}}}',
                    }
                    for r in old
                ],
            )
        upgrade(db, tmp_path / "backups")
        ctx = ServiceContext(db, actor="tester")
        assert verify_chain(ctx).ok and verify_chain(ctx).rows == 30
        create_unit_under_department(ctx, "Bệnh viện Đa khoa tỉnh")  # new rows continue the chain
        report = verify_chain(ctx)
        assert report.ok and report.rows > 30
        with ctx.read() as s:
            assert s.scalar(select(func.min(AuditEntry.id)).where(AuditEntry.actor == "tester")) == 31
        with pytest.raises(DBAPIError), db.engine.begin() as conn:
            conn.execute(delete(AuditEntry))
    finally:
        db.dispose()


def test_two_writers_at_once_keep_one_chain(ctx, new_db):
    """Two programs on one database (separate engines, so separate writer lanes): the writer lock taken
    before reading the chain's last row keeps their rows in one chain."""
    import threading

    other = Database.open(ctx.db.url)
    errors: list[BaseException] = []

    def work(db: Database, tag: str) -> None:
        try:
            for i in range(6):
                create_unit_under_department(ServiceContext(db, actor=tag), f"Trung tâm Y tế {tag} {i}")
        except BaseException as exc:  # reported below
            errors.append(exc)

    try:
        threads = [threading.Thread(target=work, args=(d, t)) for d, t in ((ctx.db, "một"), (other, "hai"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        other.dispose()
    assert errors == []
    report = verify_chain(ctx)
    assert report.ok
    with ctx.read() as s:
        actors = set(s.scalars(select(AuditEntry.actor)))
    assert {"một", "hai"} <= actors


def test_the_migration_goes_down_and_up_again(db_url, tmp_path):
    db = Database.open(db_url)
    try:
        upgrade(db, tmp_path / "backups")
        ctx = ServiceContext(db, actor="tester")
        create_unit_under_department(ctx, "Bệnh viện Đa khoa tỉnh")
        downgrade(db, "0005_identity")
        with db.engine.begin() as conn:  # no triggers, no chain columns: an old program's table
            assert "row_hash" not in {c for c in conn.execute(text("SELECT * FROM audit_log")).keys()}
            conn.execute(text("UPDATE audit_log SET summary = 'sửa khi chưa có chuỗi' WHERE id = 1"))
        upgrade(db, tmp_path / "backups")
        assert verify_chain(ctx).ok
        with pytest.raises(DBAPIError), db.engine.begin() as conn:
            conn.execute(update(AuditEntry).values(summary="khác"))
    finally:
        db.dispose()
