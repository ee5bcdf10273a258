"""Events as audit rows: exports of people (what, how many, where; refused before the file to a role without
EXPORT), packages (encrypted or not), prints of numbered documents and certificates, backups, imports."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import select

from app.domain.permissions import PermissionDenied, Principal
from app.exchange.package import PackageScope, export_package
from app.exchange.staff_export import export_staff_xlsx
from app.services.audit_events import audited_export, record_export
from app.services.backups import back_up_now, backup_at_close
from app.services.certificates import certificates_for_decision, print_certificates
from app.services.context import ServiceContext
from app.services.decisions import issue_decision
from app.services.documents import render_document
from app.services.staff import load_directory
from app.startup import open_database
from database.engine import sqlite_url
from database.enums import Role
from database.models import AuditEntry
from tests.db.test_decisions import desk  # noqa: F401  (a hospital, three people, four items "Đạt")
from tests.db.test_registrations import world  # noqa: F401  (two units and their people)
from tests.read_only import read_only


def _as(ctx: ServiceContext, name: str, role: Role) -> ServiceContext:
    return ServiceContext.signed_in(ctx.db, Principal(name, frozenset({role}), 7))


def _rows(ctx: ServiceContext, action: str) -> list[AuditEntry]:
    with ctx.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def _issued(ctx, desk):  # noqa: F811
    items = desk["items"]
    return issue_decision(
        ctx, [items["lan"], items["hung"], items["unit"]], dt.date(2025, 12, 20), desk["signer"]
    )


def test_a_staff_list_export_records_who_how_many_and_where(ctx, desk, tmp_path):  # noqa: F811
    records = load_directory(ctx).records
    target = tmp_path / "can-bo.xlsx"
    clerk = _as(ctx, "thu-ky", Role.CLERK)
    written = audited_export(
        clerk,
        "danh sách cán bộ",
        target,
        lambda: export_staff_xlsx(target, records, ["full_name"], {}),
        len(records),
    )
    assert written == len(records) == 3 and target.exists()
    [row] = _rows(ctx, "export")
    assert (row.actor, row.entity) == ("thu-ky", "person")
    assert row.after == {"what": "danh sách cán bộ", "people": 3, "target": str(target)}
    assert "3 người" in row.summary and str(target) in row.summary


def test_a_viewer_is_refused_before_the_file_is_written(ctx, desk, tmp_path):  # noqa: F811
    viewer = _as(ctx, "chi-xem", Role.VIEWER)
    target = tmp_path / "can-bo.xlsx"
    wrote = []
    with pytest.raises(PermissionDenied):
        audited_export(viewer, "danh sách cán bộ", target, lambda: wrote.append(1) or 1)
    with pytest.raises(PermissionDenied):
        record_export(viewer, "danh sách cán bộ", 3, target)
    with pytest.raises(PermissionDenied):
        export_package(viewer, PackageScope(2025), tmp_path / "goi.zip")
    assert not wrote and not target.exists() and not (tmp_path / "goi.zip").exists()
    assert _rows(ctx, "export") == []
    assert [r.actor for r in _rows(ctx, "deny")] == ["chi-xem"] * 3


def test_a_package_export_records_people_year_target_and_encryption(ctx, desk, tmp_path):  # noqa: F811
    _issued(ctx, desk)
    leader = _as(ctx, "lanh-dao", Role.LEADER)
    plain = export_package(leader, PackageScope(2025), tmp_path / "goi.zip")
    locked = export_package(leader, PackageScope(2025), tmp_path / "goi-khoa.zip", password="Mật-khẩu 2025")
    first, second = _rows(ctx, "export")
    assert first.actor == "lanh-dao" and first.entity == "package"
    assert first.after["people"] == plain.counts["persons"] > 0
    assert first.after["year"] == 2025 and first.after["target"] == str(plain.target)
    assert first.after["encrypted"] is False and second.after["encrypted"] is True
    assert second.after["target"] == str(locked.target)
    assert _rows(ctx, "print") == []  # the decisions' PDFs inside the package are the package's row


def test_prints_of_numbered_documents_and_certificates(ctx, desk, tmp_path):  # noqa: F811
    issued = _issued(ctx, desk)
    render_document(ctx, issued.document_id, tmp_path / "qd.pdf")
    certs = certificates_for_decision(ctx, issued.decision_id)
    print_certificates(ctx, issued.decision_id, issued.number_text, certs, None, tmp_path / "gk.pdf")
    document, certificates = _rows(ctx, "print")
    assert (document.entity, document.entity_id) == ("outgoing_document", issued.document_id)
    assert document.after["number"] == "01/QĐ-SYT" and document.after["target"] == str(tmp_path / "qd.pdf")
    assert (certificates.entity, certificates.entity_id) == ("decision", issued.decision_id)
    assert certificates.after["pages"] == len(certs) == 3 and certificates.after["people"] == 2
    assert certificates.after["number"] == issued.number_text


def test_backups_are_rows_and_their_rows_change_nothing(ctx, tmp_path):
    back_up_now(ctx)
    [row] = _rows(ctx, "backup")
    assert row.entity == "database" and row.after["kind"] == "thu-cong"
    # the row written after the backup is no change: closing does not back up again
    assert backup_at_close(ctx.db) is None
    assert len(_rows(ctx, "backup")) == 1


def test_a_registration_import_is_a_row_with_its_counts(ctx, world, tmp_path):  # noqa: F811
    from app.services.registrations import apply_registration_import, plan_registration_import
    from tests.db.test_registrations import YEAR, _aims, _list

    aims = _aims(_list(tmp_path, [("Trần Thị Bình", "06/05/1990", "", "LĐTT")]))
    result = apply_registration_import(
        ctx, plan_registration_import(ctx, YEAR, world["hospital"], aims), source="dang_ky.xlsx"
    )
    [row] = _rows(ctx, "import")
    assert (row.entity, row.entity_id) == ("registration", result.registration_id)
    assert (row.after["people"], row.after["added"], row.after["removed"]) == (1, 1, 0)
    assert "1 người" in row.summary


def test_a_read_only_file_is_backed_up_at_close_without_a_row(tmp_path, templates):
    """The automatic backup at close never fails for its row: a read-only file cannot hold one (SQLite's case)."""
    path = tmp_path / "chi-doc.sqlite3"
    shutil.copyfile(templates("sqlite"), path)
    with read_only(path):
        db = open_database(sqlite_url(path), backup_dir=tmp_path / "b")
        try:
            assert db.read_only is not None
            result = backup_at_close(db)
            assert result is not None and result.info.verified
        finally:
            db.dispose()
    db = open_database(sqlite_url(path), backup_dir=tmp_path / "b")
    try:
        assert _rows(ServiceContext(db), "backup") == []
    finally:
        db.dispose()
