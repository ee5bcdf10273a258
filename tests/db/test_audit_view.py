"""The audit trail as an inspector reads it: filters, keyset pages, a record's history, the diff, local times,
the Excel export (read back), and a viewer refused."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import select

from app.domain.permissions import PermissionDenied, Principal
from app.services.audit import append_rows
from app.services.audit_view import (
    SECRET_TEXT,
    AuditFilter,
    audit_entry,
    audit_page,
    chain_text,
    check_chain,
    diff_lines,
    diff_text,
    export_audit_xlsx,
    local_text,
    record_history,
    utc_from_local_day,
)
from app.services.context import ServiceContext
from app.services.persons import PersonData, add_person, update_person
from app.services.units import create_unit_under_department
from database.enums import Role
from database.models import AuditEntry


def _rows(ctx: ServiceContext, rows: list[tuple[dt.datetime, str, str, str]]) -> None:
    with ctx.write("Ghi thử") as s:
        append_rows(
            s.connection(),
            [
                {
                    "at": at,
                    "actor": actor,
                    "action": action,
                    "entity": entity,
                    "summary": f"{action} {entity}",
                }
                for at, actor, action, entity in rows
            ],
        )


def _viewer(ctx: ServiceContext) -> ServiceContext:
    return ServiceContext.signed_in(ctx.db, Principal("xem", frozenset({Role.VIEWER}), 9))


def _leader(ctx: ServiceContext) -> ServiceContext:
    return ServiceContext.signed_in(ctx.db, Principal("lanh-dao", frozenset({Role.LEADER}), 8))


def test_filters_and_keyset_pages(ctx, hanoi_clock):
    base = dt.datetime(2026, 12, 1, 17, 30)  # UTC: 00:30 on 2 December in Hà Nội
    _rows(
        ctx,
        [(base + dt.timedelta(hours=h), "an" if h % 2 else "binh", "update", "person") for h in range(30)]
        + [(base, "binh", "export", "person"), (base, "an", "create", "unit")],
    )
    everything = audit_page(ctx, size=1000).rows
    assert [r.id for r in everything] == sorted((r.id for r in everything), reverse=True)  # newest first

    f = AuditFilter(actor="an", action="update", entity="person")
    seen, after = [], None
    while True:
        page = audit_page(ctx, f, after_id=after, size=4)
        seen += page.rows
        assert len(page.rows) <= 4
        if page.next_after is None:
            break
        after = page.next_after
    assert len(seen) == 15 and len({r.id for r in seen}) == 15
    assert all(r.actor == "an" and r.action == "update" and r.entity == "person" for r in seen)
    assert [r.id for r in seen] == sorted((r.id for r in seen), reverse=True)

    # Local days: 2 December in Hà Nội is 1 Dec 17:00 UTC to 2 Dec 17:00 UTC.
    assert utc_from_local_day(dt.date(2026, 12, 2)) == dt.datetime(2026, 12, 1, 17, 0)
    day = audit_page(ctx, AuditFilter(day_from=dt.date(2026, 12, 2), day_to=dt.date(2026, 12, 2)), size=100)
    assert len(day.rows) == 2 + 24  # the two at `base`, and hourly from 00:30 to 23:30 local
    assert all(dt.datetime(2026, 12, 1, 17) <= r.at < dt.datetime(2026, 12, 2, 17) for r in day.rows)
    exports = audit_page(ctx, AuditFilter(action="export")).rows
    assert [r.action_label for r in exports] == ["Xuất dữ liệu"] and exports[0].entity_label == "Cán bộ"
    # shown in local time
    assert exports[0].local_at == "02/12/2026 00:30:00"
    assert local_text(dt.datetime(2026, 12, 7, 7, 5, 9)) == "07/12/2026 14:05:09"


def test_a_record_history_with_its_diff(ctx):
    unit = create_unit_under_department(ctx, "Bệnh viện Đa khoa tỉnh")
    person = add_person(ctx, unit, PersonData("Nguyễn Văn An", birth_year=1980, position="Bác sĩ"))
    update_person(
        ctx, person, PersonData("Nguyễn Văn An", birth_date=dt.date(1980, 3, 4), position="Trưởng khoa")
    )
    history = record_history(ctx, "person", person)
    assert [h.row.action for h in history] == ["create", "update"]
    assert "Họ và tên: Nguyễn Văn An" in history[0].diff_text
    changed = history[1].diff_text.splitlines()
    assert "Chức vụ: Bác sĩ → Trưởng khoa" in changed
    assert "Ngày sinh: (trống) → 04/03/1980" in changed
    assert not any(line.startswith("Họ và tên") for line in changed)  # unchanged fields are not listed
    detail = audit_entry(ctx, history[1].row.id)
    assert detail.row.entity_label == "Cán bộ" and detail.lines == history[1].lines


def test_secrets_stay_masked():
    lines = diff_lines(
        {"password_hash": "(đã thay đổi)", "active": True}, {"password_hash": "x", "active": False}
    )
    assert [line.text for line in lines] == [
        f"Mật khẩu: {SECRET_TEXT} → {SECRET_TEXT}",
        "Đang dùng: Có → Không",
    ]
    assert "x" not in diff_text(None, {"package_password": "x"}).split(": ", 1)[1]
    # a stored code reads as its Vietnamese label, in the table it belongs to
    assert diff_text({"status": "DRAFT"}, {"status": "REGISTERED"}, "outgoing_document") == (
        "Trạng thái: Dự thảo → Đã vào sổ"
    )


def test_reading_the_audit_needs_the_audit_permission(ctx):
    create_unit_under_department(ctx, "Trung tâm Y tế huyện Cẩm Thủy")
    viewer = _viewer(ctx)
    for read in (
        lambda: audit_page(viewer),
        lambda: record_history(viewer, "unit", 1),
        lambda: audit_entry(viewer, 1),
        lambda: check_chain(viewer),
    ):
        with pytest.raises(PermissionDenied):
            read()
    newest = audit_page(ctx, AuditFilter(action="deny"))
    assert newest.rows and newest.rows[0].actor == "xem"
    assert audit_page(_leader(ctx)).rows  # Lãnh đạo reads it


def test_chain_text(ctx):
    create_unit_under_department(ctx, "Trung tâm Kiểm soát bệnh tật")
    report = check_chain(ctx)
    assert chain_text(report) == f"Nhật ký nguyên vẹn: {report.rows} dòng."


def test_export_to_excel_read_back(ctx, tmp_path, hanoi_clock):
    _rows(
        ctx,
        [
            (dt.datetime(2030, 1, 7, 7, 5), "an", "update", "person"),
            (dt.datetime(2030, 1, 7, 8, 0), "=cmd|' /C calc'!A0", "create", "unit"),
        ],
    )
    target = tmp_path / "nhat-ky.xlsx"
    written = export_audit_xlsx(
        _leader(ctx), AuditFilter(day_from=dt.date(2030, 1, 7), day_to=dt.date(2030, 1, 7)), target
    )
    assert written == 2
    sheet = openpyxl.load_workbook(target).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "NHẬT KÝ HỆ THỐNG"
    assert rows[2][:4] == ("STT", "Thời gian", "Người thực hiện", "Thao tác")
    assert rows[3][1:5] == ("07/01/2030 15:00:00", "=cmd|' /C calc'!A0", "Thêm mới", "Đơn vị")
    assert sheet.cell(4, 3).data_type == "s"  # the formula stays text
    assert rows[4][1:4] == ("07/01/2030 14:05:00", "an", "Sửa")
    # the export is itself a row: who, how many, where
    with ctx.read() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert (last.actor, last.action, last.entity) == ("lanh-dao", "export", "audit_log")
    assert last.after["rows"] == 2 and last.after["target"] == str(target)
    with pytest.raises(PermissionDenied):
        export_audit_xlsx(_viewer(ctx), AuditFilter(), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
