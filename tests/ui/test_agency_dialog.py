"""The agency form, filled by typing as a clerk would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import func, select

from app.services.agency import get_agency
from database.enums import AgencyLevel, SignAuthority
from database.models import Agency, AuditEntry, Signer
from tests.ui.keyboard import type_text
from ui.dialogs.agency_dialog import AgencyDialog


@pytest.fixture
def dialog(qtbot, qt_app, ui_ctx):
    d = AgencyDialog(ui_ctx, None, first_run=True)
    qtbot.addWidget(d)
    d.show()
    return d


def _rows(ctx, model):
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_first_run_form_saves_the_typed_agency_and_signers(qtbot, dialog, ui_ctx):
    assert dialog.cancel_button.text() == "Thoát"
    type_text(qtbot, dialog.parent_name, "UBND tỉnh Thanh Hóa")
    type_text(qtbot, dialog.agency_name, "Sở Y tế")
    type_text(qtbot, dialog.symbol, "syt")
    type_text(qtbot, dialog.place_name, "Thanh Hóa")
    type_text(qtbot, dialog.phone, "0237 3852 426")
    director = dialog.signers.rows[0]
    assert director.position.currentText() == "GIÁM ĐỐC" and director.authority_value() is SignAuthority.OWN
    assert not director.head.isEnabled()
    type_text(qtbot, director.name, "Lê Văn Bình")

    qtbot.mouseClick(dialog.signers.add_button, Qt.MouseButton.LeftButton)
    deputy = dialog.signers.rows[1]
    assert deputy.name.hasFocus()
    assert deputy.authority_value() is SignAuthority.DEPUTY and deputy.head.isEnabled()
    type_text(qtbot, deputy.name, "Trần Thị Hoa")
    deputy.default.click()

    preview = dialog.preview.text()
    assert "UBND TỈNH THANH HÓA" in preview and "SỞ Y TẾ" in preview and "/QĐ-SYT" in preview
    assert "KT. GIÁM ĐỐC" in preview and "Trần Thị Hoa" in preview

    qtbot.keyClick(dialog.place_name, Qt.Key.Key_Return)  # Enter saves, on the writer thread
    assert not dialog.save_button.isEnabled()  # while the save runs, a second Enter does nothing
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted

    saved = get_agency(ui_ctx)
    assert saved == dialog.saved
    assert (saved.parent_name, saved.name, saved.symbol, saved.place_name) == (
        "UBND TỈNH THANH HÓA",
        "SỞ Y TẾ",
        "SYT",
        "Thanh Hóa",
    )
    assert saved.phone == "0237 3852 426" and saved.address is None
    assert [
        (s.full_name, s.position_title, s.authority, s.authority_title, s.is_default) for s in saved.signers
    ] == [
        ("Lê Văn Bình", "GIÁM ĐỐC", SignAuthority.OWN, None, False),
        ("Trần Thị Hoa", "PHÓ GIÁM ĐỐC", SignAuthority.DEPUTY, "GIÁM ĐỐC", True),
    ]


def test_a_validation_error_keeps_the_form_open_and_writes_nothing(qtbot, dialog, ui_ctx):
    audit_before = _rows(ui_ctx, AuditEntry)
    type_text(qtbot, dialog.parent_name, "UBND tỉnh Thanh Hóa")
    type_text(qtbot, dialog.signers.rows[0].name, "Lê Văn Bình")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.save_button.isEnabled()
    assert "Chưa nhập" in dialog.error.text() and "Cơ quan ban hành" in dialog.error.text()
    assert dialog.parent_name.text() == "UBND tỉnh Thanh Hóa"  # nothing typed is lost
    assert dialog.agency_name.hasFocus()  # where the clerk has to type next
    assert get_agency(ui_ctx) is None
    assert (_rows(ui_ctx, Agency), _rows(ui_ctx, Signer), _rows(ui_ctx, AuditEntry)) == (0, 0, audit_before)

    type_text(qtbot, dialog.agency_name, "S")  # typing again clears the message
    assert dialog.error.text() == ""


def test_a_deputy_without_the_heads_title_is_refused(qtbot, dialog, ui_ctx):
    for field, text in (
        (dialog.parent_name, "UBND tỉnh Thanh Hóa"),
        (dialog.agency_name, "Sở Y tế"),
        (dialog.symbol, "SYT"),
        (dialog.place_name, "Thanh Hóa"),
    ):
        type_text(qtbot, field, text)
    row = dialog.signers.rows[0]
    type_text(qtbot, row.name, "Trần Thị Hoa")
    row.authority.setCurrentIndex(row.authority.findData(SignAuthority.DEPUTY))
    row.head.setEditText("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert dialog.isVisible() and "KT." in dialog.error.text()
    assert get_agency(ui_ctx) is None


def test_escape_cancels_without_writing(qtbot, dialog, ui_ctx):
    type_text(qtbot, dialog.parent_name, "UBND tỉnh Thanh Hóa")
    qtbot.keyClick(dialog.parent_name, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert get_agency(ui_ctx) is None


def test_editing_removes_a_signer_and_keeps_the_others(qtbot, qt_app, ui_ctx, agency):
    d = AgencyDialog(ui_ctx, agency)
    qtbot.addWidget(d)
    d.show()
    assert d.cancel_button.text() == "Hủy"
    assert [r.name.text() for r in d.signers.rows] == ["Lê Văn Bình", "Trần Thị Hoa"]
    assert d.signers.rows[1].authority_value() is SignAuthority.DEPUTY
    qtbot.mouseClick(d.signers.rows[1].remove, Qt.MouseButton.LeftButton)
    assert len(d.signers.rows) == 1 and not d.signers.rows[0].remove.isEnabled()
    d.place_name.selectAll()
    type_text(qtbot, d.place_name, "Sầm Sơn")
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not d.isVisible())
    assert d.saved is not None
    saved = get_agency(ui_ctx)
    assert saved.place_name == "Sầm Sơn"
    assert [s.full_name for s in saved.signers] == ["Lê Văn Bình"]
    assert saved.signers[0].id == agency.signers[0].id and saved.signers[0].is_default


def test_tab_walks_the_form_in_reading_order(qtbot, dialog):
    row = dialog.signers.rows[0]
    chain = [
        dialog.parent_name,
        dialog.level,
        dialog.agency_name,
        dialog.symbol,
        dialog.place_name,
        dialog.address,
        dialog.phone,
        dialog.email,
        dialog.website,
        row.name,
        row.position,
        row.authority,
        row.default,
        dialog.signers.add_button,
        dialog.save_button,
        dialog.cancel_button,
    ]
    dialog.parent_name.setFocus()
    for expected in chain[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is expected or focused.parent() is expected, expected


def test_the_level_follows_a_citys_parent_name_and_is_saved(qtbot, dialog, ui_ctx):
    assert dialog.level.currentData() is AgencyLevel.PROVINCE
    for field, text in (
        (dialog.parent_name, "UBND thành phố Hà Nội"),
        (dialog.agency_name, "Sở Y tế"),
        (dialog.symbol, "SYT"),
        (dialog.place_name, "Hà Nội"),
    ):
        type_text(qtbot, field, text)
    assert dialog.level.currentData() is AgencyLevel.CITY  # inferred while the clerk types
    assert dialog.level.currentText() == "Thành phố trực thuộc trung ương"
    type_text(qtbot, dialog.signers.rows[0].name, "Nguyễn Văn Hùng")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = get_agency(ui_ctx)
    assert saved.level is AgencyLevel.CITY
    assert saved.wording.people_committee == "Ủy ban nhân dân thành phố"


def test_a_level_chosen_by_hand_wins_over_the_parent_name(qtbot, qt_app, ui_ctx, agency):
    d = AgencyDialog(ui_ctx, agency)
    qtbot.addWidget(d)
    d.show()
    assert d.level.currentData() is AgencyLevel.PROVINCE  # as saved
    d.parent_name.selectAll()
    type_text(qtbot, d.parent_name, "UBND thành phố Hải Phòng")
    assert d.level.currentData() is AgencyLevel.PROVINCE  # a saved agency's level is not guessed again
    d.level.setCurrentIndex(d.level.findData(AgencyLevel.CITY))
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not d.isVisible())
    assert get_agency(ui_ctx).level is AgencyLevel.CITY
