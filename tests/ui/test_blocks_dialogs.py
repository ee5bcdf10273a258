"""The clusters page with blocks of departments: the outside organisations entered in their list, a block
whose members are the Sở (its leader) and an outside department in the order the clerk sets, the members
tab saying which kind each member is, and the pledge printed with every member's signature."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from app.services.agency import save_agency
from app.services.clusters import (
    AGENCY_MEMBER,
    MemberRef,
    PledgeData,
    cluster_detail,
    list_clusters,
    save_pledge,
)
from app.services.outside_organisations import list_outside_organisations
from app.services.units import create_unit_under_department
from database.enums import ClusterRole, ClusterRotation, MemberKind
from tests.ui.conftest import sample_agency
from tests.ui.keyboard import type_text
from tests.unit.test_state_documents import Pdf
from ui.jobs import wait_for_background_work

YEAR = dt.date.today().year


@pytest.fixture
def page(qtbot, make_window, ui_ctx):
    create_unit_under_department(ui_ctx, "Bệnh viện Đa khoa tỉnh")
    window = make_window(save_agency(ui_ctx, sample_agency()))
    window.resize(1366, 800)
    window.workspace.set_year(YEAR)
    window.show_section(5)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    yield page
    wait_for_background_work()


def test_a_block_of_departments_entered_through_the_page(qtbot, page, ui_ctx, tmp_path, monkeypatch):
    # The list of outside organisations: one added through its form.
    listing = page.open_outside()
    assert listing.table.rowCount() == 0 and "Chưa có cơ quan nào" in listing.status.text()
    form = listing.open_add()
    type_text(qtbot, form.name_edit, "Sở Giáo dục và Đào tạo")
    type_text(qtbot, form.head_edit, "Trần Thế Cương")
    type_text(qtbot, form.head_title_edit, "Giám đốc")
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listing.table.rowCount() == 1)
    assert (
        listing.table.item(0, 2).text() == "Giám đốc, Trần Thế Cương"
    )  # the head signs when no one else does
    assert listing.status.text() == "Đã thêm cơ quan."
    listing.accept()
    qtbot.waitUntil(lambda: not page.loading and len(page.view_data.outside) == 1)
    (education,) = list_outside_organisations(ui_ctx)

    # The block: the Sở and the department ticked, the department moved first, the Sở as leader.
    dialog = page.open_add()
    type_text(qtbot, dialog.name_edit, "Khối thi đua số 9")
    rows = {dialog.unit_list.item(r).text(): r for r in range(dialog.unit_list.count())}
    assert "Sở Y tế tỉnh Thanh Hóa (cơ quan Sở)" in rows and "Sở Giáo dục và Đào tạo (ngoài ngành)" in rows
    for text in ("Sở Y tế tỉnh Thanh Hóa (cơ quan Sở)", "Sở Giáo dục và Đào tạo (ngoài ngành)"):
        dialog.unit_list.item(rows[text]).setCheckState(Qt.CheckState.Checked)
    dialog.unit_list.setCurrentRow(rows["Sở Giáo dục và Đào tạo (ngoài ngành)"])
    dialog.move_current(-1)
    assert [r.key for r in dialog.member_ids()] == [MemberRef.outside(education.id).key, AGENCY_MEMBER.key]
    dialog.leader_box.setCurrentIndex(dialog.leader_box.findData(AGENCY_MEMBER.key))
    dialog.rotation_box.setCurrentIndex(dialog.rotation_box.findData(ClusterRotation.ORDER))
    assert dialog.count_label.text() == "Đã chọn 2 thành viên"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.name == "Khối thi đua số 9")
    detail = page.detail
    assert [(m.name, m.kind, m.role) for m in detail.members] == [
        ("Sở Giáo dục và Đào tạo", MemberKind.OUTSIDE, ClusterRole.MEMBER),
        ("Sở Y tế tỉnh Thanh Hóa", MemberKind.AGENCY, ClusterRole.LEADER),
    ]
    assert detail.rotation is ClusterRotation.ORDER
    model = page.members_tab.model
    assert [(model.text(r, 0), model.text(r, 1)) for r in range(2)] == [
        ("Sở Giáo dục và Đào tạo", "Cơ quan ngoài ngành"),
        ("Sở Y tế tỉnh Thanh Hóa", "Cơ quan Sở"),
    ]
    assert page.members_tab.title.text().startswith("Khối thi đua số 9 – năm")

    # Editing keeps the order and the roles.
    edit = page.open_edit()
    assert [r.key for r in edit.member_ids()] == [MemberRef.outside(education.id).key, AGENCY_MEMBER.key]
    assert edit.leader_box.currentData() == AGENCY_MEMBER.key
    edit.reject()

    # The pledge, printed for the members to sign.
    save_pledge(ui_ctx, detail.id, PledgeData(dt.date(YEAR, 5, 4), "Các đơn vị thống nhất ký kết giao ước."))
    page.reload()
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.pledge is not None and not page.loading)
    target = tmp_path / "giao-uoc.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Tệp PDF (*.pdf)"))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    job = page.pledge_tab.print_pledge()
    with qtbot.waitSignal(job.done, timeout=20_000):
        pass
    pdf = Pdf(target.read_bytes())
    assert pdf.has(f"BẢN GIAO ƯỚC THI ĐUA NĂM {YEAR}") and pdf.has("Trần Thế Cương")
    assert pdf.has("SỞ GIÁO DỤC VÀ ĐÀO TẠO") and pdf.has("Lê Văn Bình")  # the Sở's default signer

    # The department is in a block: its deletion is refused, with the reason in the list.
    listing = page.open_outside()
    listing.table.setCurrentCell(0, 0)
    listing.delete_current()
    qtbot.waitUntil(lambda: "đang là thành viên của Khối thi đua số 9" in listing.status.text())
    assert len(list_outside_organisations(ui_ctx)) == 1
    listing.accept()
    assert [c.name for c in list_clusters(ui_ctx, YEAR)] == ["Khối thi đua số 9"]
    assert cluster_detail(ui_ctx, detail.id).unregistered == ()
