"""Staff upkeep driven as a clerk would: from the Cán bộ page (buttons, context menu) and from the person's
record; each form types, clicks OK, and the list or the record shows the change. A refusal stays in red
beside the buttons and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.services.agency import save_agency
from database.enums import DisciplineForm, RatingLevel
from database.models import Posting
from tests.db.test_records import build_career
from tests.ui.conftest import sample_agency
from tests.ui.keyboard import type_text
from ui.jobs import wait_for_background_work
from ui.widgets.form_dialog import set_date


@pytest.fixture
def career(ui_ctx):
    return build_career(ui_ctx)


@pytest.fixture
def open_record(qtbot, qt_app, ui_ctx):
    from ui.dialogs.person_record import PersonRecordDialog
    from ui.workspace import Workspace

    def make(person_id: int) -> PersonRecordDialog:
        workspace = Workspace(ui_ctx, save_agency(ui_ctx, sample_agency()))
        dialog = PersonRecordDialog(workspace, person_id)
        workspace.setParent(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.record is not None)
        return dialog

    yield make
    wait_for_background_work()


def names(page) -> list[str]:
    return [page.model.record(r).full_name for r in range(page.model.rowCount())]


def select_person(page, name: str) -> None:
    row = names(page).index(name)
    page.view.setCurrentIndex(page.model.index(row, 0))


def opened(qtbot, owner):
    qtbot.waitUntil(lambda: owner.active_dialog is not None and owner.active_dialog.isVisible())
    return owner.active_dialog


def menu_action(menu, text: str):
    (action,) = [a for a in menu.actions() if a.text() == text]
    return action


def click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def postings(ctx) -> int:
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(Posting))


def test_add_a_person_from_the_page(qtbot, make_page, career):
    page = make_page()
    assert page.add_button.isEnabled() and not page.upkeep_button.isEnabled()  # nobody chosen yet
    page.unit_combo.setCurrentIndex(page.unit_combo.findData(career["internal"]))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = opened(qtbot, page)
    assert dialog.windowTitle() == "Thêm cán bộ"
    assert dialog.unit_combo.currentData() == career["internal"]  # the unit the list shows, offered first
    type_text(qtbot, dialog.name_edit, "Hoàng Văn Nam")
    set_date(dialog.birth_edit, dt.date(1993, 7, 12))
    type_text(qtbot, dialog.position_edit, "Bác sĩ")
    with qtbot.waitSignal(page.workspace.changed):
        click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "Hoàng Văn Nam" in names(page) and not page.loading)
    assert names(page) == ["Lê Văn Bình", "Hoàng Văn Nam"]  # the Khoa Nội list, read again, by given name
    qtbot.waitUntil(lambda: page.current_person_id() is not None)
    assert page.model.record(page.view.currentIndex().row()).full_name == "Hoàng Văn Nam"  # shown chosen
    row = names(page).index("Hoàng Văn Nam")
    assert page.model.index(row, 2).data() == "12/07/1993"
    assert page.model.index(row, 4).data() == "Bác sĩ"


def test_a_refused_form_shows_red_and_writes_nothing(qtbot, make_page, career, ui_ctx):
    page = make_page()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = opened(qtbot, page)
    type_text(qtbot, dialog.name_edit, "Hoàng Văn Nam")
    click_ok(qtbot, dialog)  # no unit chosen
    assert dialog.error.text() == "Hãy chọn đơn vị công tác." and dialog.isVisible()
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(career["internal"]))
    set_date(dialog.birth_edit, dt.date(1993, 7, 12))
    set_date(dialog.start_edit, dt.date(1990, 1, 1))  # before the birth: the service refuses
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "trước ngày sinh" in dialog.error.text())
    assert dialog.isVisible() and dialog.name_edit.text() == "Hoàng Văn Nam"  # what was typed stays
    assert "Hoàng Văn Nam" not in [r.full_name for r in page.directory.records]
    dialog.reject()


def test_edit_from_the_context_menu(qtbot, make_page, career):
    page = make_page()
    select_person(page, "Đỗ Thị Cúc")
    assert page.upkeep_button.isEnabled()
    menu = page.row_menu()
    assert [a.text() for a in menu.actions() if a.text()][:7] == [
        "Xem hồ sơ",
        "Thêm cán bộ…",
        "Sửa thông tin…",
        "Điều chuyển…",
        "Nghỉ/thôi việc…",
        "Kỷ luật…",
        "Xếp loại…",
    ]
    menu_action(menu, "Sửa thông tin…").trigger()
    dialog = opened(qtbot, page)
    assert dialog.name_edit.text() == "Đỗ Thị Cúc" and dialog.birth_year.value() == 1990
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "Đỗ Thị Cúc Hoa")
    set_date(dialog.birth_edit, dt.date(1990, 3, 8))
    with qtbot.waitSignal(page.workspace.changed):
        click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "Đỗ Thị Cúc Hoa" in names(page) and not page.loading)
    assert "Đỗ Thị Cúc" not in names(page)
    assert page.model.index(names(page).index("Đỗ Thị Cúc Hoa"), 2).data() == "08/03/1990"


def test_transfer_from_the_page_after_a_refusal(qtbot, make_page, career, ui_ctx):
    page = make_page()
    select_person(page, "Lê Văn Bình")
    menu_action(page.upkeep_menu, "Điều chuyển…").trigger()
    dialog = opened(qtbot, page)
    assert dialog.unit_combo.findData(career["internal"]) < 0  # the current unit is not offered
    click_ok(qtbot, dialog)
    assert dialog.error.text() == "Hãy chọn đơn vị mới."
    before = postings(ui_ctx)
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(career["centre_ward"]))
    set_date(dialog.day_edit, dt.date(1960, 1, 1))  # before the birth year
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "trước năm sinh" in dialog.error.text())
    assert postings(ui_ctx) == before
    set_date(dialog.day_edit, dt.date(2024, 9, 1))
    with qtbot.waitSignal(page.workspace.changed):
        click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not page.loading)
    page.unit_combo.setCurrentIndex(page.unit_combo.findData(career["centre_ward"]))
    assert "Lê Văn Bình" in names(page)
    assert postings(ui_ctx) == before + 1


def test_leave_hides_the_person_from_the_rolls(qtbot, make_page, career):
    page = make_page()
    select_person(page, "Đỗ Thị Cúc")
    menu_action(page.row_menu(), "Nghỉ/thôi việc…").trigger()
    dialog = opened(qtbot, page)
    dialog.reason_combo.setCurrentIndex(1)  # Thôi việc
    set_date(dialog.day_edit, dt.date(2025, 1, 31))
    type_text(qtbot, dialog.note_edit, "QĐ 45/QĐ-SYT")
    with qtbot.waitSignal(page.workspace.changed):
        click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "Đỗ Thị Cúc" not in names(page) and not page.loading)


def test_the_record_records_and_lifts_a_discipline(qtbot, open_record, career):
    record = open_record(career["colleague"])
    assert record.upkeep_button.isEnabled()
    record.upkeep_actions["discipline"].trigger()
    dialog = opened(qtbot, record)
    assert dialog.what_combo.count() == 1  # nothing in force to lift
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findData(DisciplineForm.WARNING))
    set_date(dialog.from_edit, dt.date(2024, 5, 1))
    set_date(dialog.to_edit, dt.date(2024, 4, 1))  # before it starts
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "trước ngày có hiệu lực" in dialog.error.text())
    assert record.discipline_table.rowCount() == 0
    set_date(dialog.to_edit, None)
    type_text(qtbot, dialog.ref_edit, "15/QĐ-BV")
    with qtbot.waitSignal(record.loaded, timeout=5000):
        click_ok(qtbot, dialog)
    table = record.discipline_table
    assert [table.item(0, c).text() for c in range(4)] == ["Cảnh cáo", "01/05/2024", "", "15/QĐ-BV"]

    record.upkeep_actions["discipline"].trigger()
    dialog = opened(qtbot, record)
    dialog.what_combo.setCurrentIndex(1)
    assert dialog.ok_button.text() == "Chấm dứt" and not dialog.from_edit.isVisible()
    set_date(dialog.lift_edit, dt.date(2025, 5, 1))
    with qtbot.waitSignal(record.loaded, timeout=5000):
        click_ok(qtbot, dialog)
    assert record.discipline_table.item(0, 2).text() == "01/05/2025"


def test_the_record_edits_a_rating_and_a_hand_award(qtbot, open_record, career):
    record = open_record(career["nurse"])
    record.upkeep_actions["ratings"].trigger()
    dialog = opened(qtbot, record)
    assert dialog.year_box.value() == 2020 and dialog.level_combo.currentData() is RatingLevel.EXCELLENT
    dialog.year_box.setValue(2021)
    assert dialog.level_combo.currentData() is None  # not rated that year yet
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData(RatingLevel.GOOD))
    with qtbot.waitSignal(record.loaded, timeout=5000):
        click_ok(qtbot, dialog)
    assert record.rating_texts() == {2018: "HTXSNV", 2019: "HTTNV", 2020: "HTXSNV", 2021: "HTTNV"}

    record.upkeep_actions["awards"].trigger()
    dialog = opened(qtbot, record)
    # only the one entered by hand is offered (the revoked one and the program's decisions are not)
    assert [dialog.pick_combo.itemText(i) for i in range(dialog.pick_combo.count())] == [
        "Thêm khen thưởng mới",
        "2018 – Lao động tiên tiến",
    ]
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findText("Giấy khen của Giám đốc Sở Y tế"))
    dialog.year_box.setValue(2016)
    type_text(qtbot, dialog.number_edit, "5/QĐ-SYT")
    type_text(qtbot, dialog.bonus_edit, "500.000")
    with qtbot.waitSignal(record.loaded, timeout=5000):
        click_ok(qtbot, dialog)
    rows = [
        [record.awards_table.item(r, c).text() for c in (0, 1, 3, 6)]
        for r in range(record.awards_table.rowCount())
    ]
    assert ["2016", "Giấy khen của Giám đốc Sở Y tế", "5/QĐ-SYT", "500.000"] in rows

    record.upkeep_actions["awards"].trigger()
    dialog = opened(qtbot, record)
    dialog.pick_combo.setCurrentIndex(dialog.pick_combo.findText("2018 – Lao động tiên tiến"))
    assert dialog.number_edit.text() == "123/QĐ-BV"
    dialog.delete_check.setChecked(True)
    with qtbot.waitSignal(record.loaded, timeout=5000):
        click_ok(qtbot, dialog)
    names = [record.awards_table.item(r, 1).text() for r in range(record.awards_table.rowCount())]
    assert "Lao động tiên tiến" not in names and "Chiến sĩ thi đua cơ sở" in names


def test_leaving_from_the_record_keeps_it_and_closes_the_moves(qtbot, open_record, career):
    record = open_record(career["colleague"])
    record.upkeep_actions["leave"].trigger()
    dialog = opened(qtbot, record)
    assert [dialog.reason_combo.itemText(i) for i in range(dialog.reason_combo.count())] == [
        "Nghỉ hưu",
        "Thôi việc",
        "Chuyển công tác ngoài ngành",
    ]
    set_date(dialog.day_edit, dt.date(2025, 1, 31))
    with qtbot.waitSignal(record.loaded, timeout=5000):
        click_ok(qtbot, dialog)
    assert record.summary_label.text().endswith("đã nghỉ từ 31/01/2025")
    assert record.facts["left_on"].text() == "31/01/2025"
    assert not record.upkeep_actions["transfer"].isEnabled()
    assert not record.upkeep_actions["leave"].isEnabled()
    assert record.upkeep_actions["edit"].isEnabled() and record.upkeep_actions["discipline"].isEnabled()


def test_correcting_the_birth_from_the_record(qtbot, open_record, career):
    record = open_record(career["colleague"])
    assert record.fact_captions["birth"].text() == "Năm sinh:"
    record.upkeep_actions["edit"].trigger()
    dialog = opened(qtbot, record)
    assert dialog.birth_year.value() == 1975 and dialog.start_edit is None  # no first posting when editing
    set_date(dialog.birth_edit, dt.date(1975, 11, 2))
    type_text(qtbot, dialog.code_edit, "BV-0012")
    with qtbot.waitSignal(record.loaded, timeout=5000):
        click_ok(qtbot, dialog)
    assert record.fact_captions["birth"].text() == "Ngày sinh:"
    assert record.facts["birth"].text() == "02/11/1975" and record.facts["code"].text() == "BV-0012"


def test_a_double_click_on_add_opens_one_form(qtbot, make_page, career):
    page = make_page()
    for _ in range(2):  # a double click: two clicks before the first form is read and shown
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = opened(qtbot, page)
    wait_for_background_work()  # every read asked for is done, and its answer delivered:
    QApplication.processEvents()
    from ui.dialogs.person_edit import PersonDialog

    assert [d for d in page.window().findChildren(PersonDialog) if d.isVisible()] == [dialog]
    dialog.reject()


def test_f2_on_the_list_edits_the_chosen_person(qtbot, make_page, career):
    page = make_page()
    select_person(page, "Lê Văn Bình")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    dialog = opened(qtbot, page)
    assert dialog.windowTitle() == "Sửa thông tin cán bộ – Lê Văn Bình"
    dialog.reject()
