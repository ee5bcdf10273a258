"""Nhật ký on screen: the filtered rows in local time with their diff, "Kiểm tra nhật ký" naming a row edited
behind the program's back, the Excel export (read back), a record's history from the person record, the
page hidden from an account without Permission.AUDIT, and a staff list export leaving its row."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select, text

from app.domain.permissions import Principal
from app.services.agency import get_agency, save_agency
from app.services.audit import append_rows
from app.services.context import ServiceContext
from app.services.persons import PersonData, add_person, update_person
from app.services.units import create_unit_under_department
from database.enums import Role
from database.models import AuditEntry
from tests.ui.conftest import sample_agency
from ui.jobs import wait_for_background_work
from ui.main_window import section_row

AUDIT_ROW = section_row("audit")  # Nhật ký, after Cài đặt


@pytest.fixture
def person(ui_ctx):
    save_agency(ui_ctx, sample_agency())
    unit = create_unit_under_department(ui_ctx, "Bệnh viện Đa khoa tỉnh")
    person_id = add_person(ui_ctx, unit, PersonData("Nguyễn Văn An", birth_year=1980, position="Bác sĩ"))
    update_person(ui_ctx, person_id, PersonData("Nguyễn Văn An", birth_year=1980, position="Trưởng khoa"))
    return person_id


@pytest.fixture
def audit_page(qtbot, make_window, ui_ctx, person):
    window = make_window(get_agency(ui_ctx))
    window.resize(1366, 768)
    window.show_section(AUDIT_ROW)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading, timeout=10_000)
    yield page
    wait_for_background_work()


def _settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading, timeout=10_000)


def test_rows_filters_and_the_diff(qtbot, audit_page):
    page = audit_page
    assert page.TITLE == "Nhật ký" and page.model.rowCount() > 0
    page.entity_combo.setCurrentIndex(page.entity_combo.findData("person"))
    page.action_combo.setCurrentIndex(page.action_combo.findData("update"))
    qtbot.waitUntil(lambda: page.filter_timer.isActive() or page._loader.busy, timeout=2000)
    _settle(qtbot, page)
    assert page.model.rowCount() == 1
    assert [page.model.text(0, c) for c in (1, 2, 3)] == ["thu-ky", "Sửa", "Cán bộ"]
    qtbot.waitUntil(lambda: "Chức vụ: Bác sĩ → Trưởng khoa" in page.detail.toPlainText())
    assert "Người thực hiện: thu-ky" in page.detail.toPlainText()


def test_times_are_shown_in_local_time(qtbot, audit_page, ui_ctx, hanoi_clock):
    page = audit_page
    with ui_ctx.write() as s:
        append_rows(
            s.connection(),
            [{"at": dt.datetime(2031, 1, 5, 23, 30), "actor": "an", "action": "export", "entity": "person"}],
        )
    page.from_field.setDate(dt.date(2031, 1, 6))  # 23:30 UTC on the 5th is 06:30 on the 6th in Hà Nội
    _settle(qtbot, page)
    assert page.model.rowCount() == 1 and page.model.text(0, 0) == "06/01/2031 06:30:00"


def test_the_check_names_a_row_edited_behind_the_programs_back(qtbot, audit_page, ui_ctx):
    page = audit_page
    with qtbot.waitSignal(page.verify().finished, timeout=20_000):
        pass
    assert page.chain.ok and page.chain_label.text().startswith("✔ Nhật ký nguyên vẹn:")
    with ui_ctx.read() as s:
        victim = s.scalar(
            select(AuditEntry.id).where(AuditEntry.action == "update", AuditEntry.entity == "person")
        )
    with ui_ctx.db.engine.begin() as conn:  # as tests/db/test_audit_chain.py does
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        conn.execute(text("UPDATE audit_log SET actor = 'ai-do' WHERE id = :id"), {"id": victim})
    with qtbot.waitSignal(page.verify().finished, timeout=20_000):
        pass
    said = page.chain_label.text()
    assert not page.chain.ok and page.chain.broken.id == victim
    assert said.startswith(f"✖ Nhật ký đã bị can thiệp: dòng số {victim}")
    assert "nội dung dòng đã bị sửa sau khi ghi" in said and page.chain_label.objectName() == "error"


def test_the_filtered_rows_to_excel(qtbot, audit_page, monkeypatch, tmp_path, ui_ctx):
    page = audit_page
    target = tmp_path / "nhat-ky.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page.entity_combo.setCurrentIndex(page.entity_combo.findData("person"))
    _settle(qtbot, page)
    page.choose_export_file()
    qtbot.waitUntil(lambda: not page.exporter.running, timeout=20_000)
    assert opened == [str(target)]
    rows = list(openpyxl.load_workbook(target).worksheets[0].iter_rows(values_only=True))
    assert rows[2][1:4] == ("Thời gian", "Người thực hiện", "Thao tác")
    body = rows[3:]
    assert {r[4] for r in body} == {"Cán bộ"} and len(body) == 2
    assert any("Chức vụ: Bác sĩ → Trưởng khoa" in (r[7] or "") for r in body)
    with ui_ctx.read() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert (last.action, last.entity, last.after["rows"]) == ("export", "audit_log", 2)
    assert "Đã xuất 2 dòng nhật ký" in page.status_label.text()


def _window_for(qtbot, qt_app, ui_ctx, role: Role):
    from ui.main_window import MainWindow
    from ui.workspace import Workspace

    ctx = ServiceContext.signed_in(ui_ctx.db, Principal(f"tk-{role.value.lower()}", frozenset({role}), 5))
    window = MainWindow(Workspace(ctx, get_agency(ui_ctx)))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize(("role", "shown"), [(Role.VIEWER, False), (Role.CLERK, False), (Role.LEADER, True)])
def test_the_page_is_for_quan_tri_and_lanh_dao(qtbot, qt_app, ui_ctx, person, role, shown):
    window = _window_for(qtbot, qt_app, ui_ctx, role)
    try:
        assert window.sidebar.item(AUDIT_ROW).isHidden() is not shown
        assert window.may_open(AUDIT_ROW) is shown
        window.show_section(AUDIT_ROW)
        assert (AUDIT_ROW in window.pages) is shown
    finally:
        window.close()
        wait_for_background_work()


def _record(qtbot, ctx, person_id):
    from ui.dialogs.person_record import PersonRecordDialog
    from ui.workspace import Workspace

    workspace = Workspace(ctx, get_agency(ctx))
    dialog = PersonRecordDialog(workspace, person_id)
    workspace.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.record is not None)
    return dialog


def test_a_record_history_from_the_person_record(qtbot, qt_app, ui_ctx, person):
    dialog = _record(qtbot, ui_ctx, person)
    assert dialog.changes_button.isVisible()
    dialog.changes_button.click()
    history = dialog.changes_dialog
    qtbot.waitUntil(lambda: history.history is not None)
    assert history.windowTitle() == "Lịch sử thay đổi – Cán bộ: Nguyễn Văn An"
    assert [history.model.text(r, 2) for r in range(history.model.rowCount())] == ["Thêm mới", "Sửa"]
    assert "Chức vụ: Bác sĩ → Trưởng khoa" in history.detail.toPlainText()  # the newest, chosen
    history.view.selectRow(0)
    assert "Họ và tên: Nguyễn Văn An" in history.detail.toPlainText()
    history.close()
    wait_for_background_work()

    viewer = ServiceContext.signed_in(ui_ctx.db, Principal("chi-xem", frozenset({Role.VIEWER}), 6))
    assert not _record(qtbot, viewer, person).changes_button.isVisible()
    wait_for_background_work()


def test_a_staff_list_export_leaves_its_row(qtbot, make_page, ui_ctx, person, tmp_path):
    page = make_page()
    target = tmp_path / "can-bo.xlsx"
    with qtbot.waitSignal(page.exporter.finished, timeout=20_000):
        page.export_to(target)
    with ui_ctx.read() as s:
        row = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert (row.actor, row.entity) == ("thu-ky", "person")
    assert row.after == {"what": "danh sách cán bộ", "people": 1, "target": str(target)}


def test_a_document_history_from_the_register(qtbot, make_window, ui_ctx, person):
    from app.services.documents import DraftInput, save_draft
    from database.enums import DocumentKind

    letter = DraftInput(
        DocumentKind.OFFICIAL_LETTER,
        "Về việc tổng kết thi đua",
        "Đề nghị các đơn vị gửi báo cáo.",
        ("Các đơn vị",),
    )
    save_draft(ui_ctx, letter)
    window = make_window(get_agency(ui_ctx))
    window.workspace.set_year(dt.date.today().year)
    window.show_section(9)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    assert page.changes_action.isVisible() and page.changes_action.isEnabled()
    history = page.show_changes()
    qtbot.waitUntil(lambda: history.history is not None)
    assert [h.row.action for h in history.history] == ["create"]
    assert "Trích yếu: Về việc tổng kết thi đua" in history.detail.toPlainText()
    history.close()
    wait_for_background_work()


def test_a_package_asks_for_a_password_unless_the_clerk_declines(qtbot, qt_app, ui_ctx, person, tmp_path):
    from ui.dialogs.package_export import PackageExportDialog
    from ui.workspace import Workspace

    workspace = Workspace(ui_ctx, get_agency(ui_ctx))
    dialog = PackageExportDialog(workspace)
    workspace.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.loading)
    dialog.folder.setEditText(str(tmp_path))
    assert not dialog.no_password.isChecked() and dialog.no_password_warning.isHidden()
    dialog.export_button.click()
    assert "Hãy đặt mật khẩu cho gói" in dialog.verdict.text() and dialog.task is None
    dialog.no_password.setChecked(True)
    assert dialog.no_password_warning.isVisible() and not dialog.password.isEnabled()
    assert "ghi vào nhật ký" in dialog.no_password_warning.text()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=30_000)
    with ui_ctx.read() as s:
        row = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert row.entity == "package" and row.after["encrypted"] is False
    assert row.after["target"] == str(dialog.result_.target)
    wait_for_background_work()
