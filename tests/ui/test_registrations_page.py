"""The Đăng ký thi đua page driven like a clerk: a unit's registration list built with openpyxl goes through
the import wizard and shows in the year-end view, achieved or missing once the awards are recorded; the
status changes with a reason; a registration entered by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.services.agency import get_agency
from app.services.registrations import RegistrationData, save_registration
from app.text import fold, name_sort_key
from database.enums import AwardSource, RegistrationStatus, UnitKind
from database.models import Award, AwardType, Person, Unit
from tests.ui.keyboard import type_text
from ui.jobs import wait_for_background_work
from ui.workspace import Area

YEAR = dt.date.today().year


@pytest.fixture
def hospital(ui_ctx, agency):
    with ui_ctx.write() as s:
        so = Unit(name="Sở Y tế", name_folded=fold("Sở Y tế"), kind=UnitKind.DEPARTMENT)
        s.add(so)
        s.flush()
        units = {}
        for name, kind, parent in (
            ("Bệnh viện Đa khoa tỉnh", UnitKind.HOSPITAL, so.id),
            ("Trung tâm Y tế huyện Hà Trung", UnitKind.HEALTH_CENTER, so.id),
        ):
            unit = Unit(name=name, name_folded=fold(name), kind=kind, parent_id=parent)
            s.add(unit)
            s.flush()
            units[name] = unit.id
        ward = Unit(
            name="Khoa Nội",
            name_folded=fold("Khoa Nội"),
            kind=UnitKind.CLINICAL_DEPT,
            parent_id=units["Bệnh viện Đa khoa tỉnh"],
        )
        s.add(ward)
        s.flush()
        people = {}
        for name, born, unit in (
            ("Nguyễn Văn An", dt.date(1980, 3, 2), ward.id),
            ("Trần Thị Bình", dt.date(1990, 5, 6), units["Bệnh viện Đa khoa tỉnh"]),
            ("Lê Văn Cường", dt.date(1985, 7, 8), ward.id),
        ):
            person = Person(
                full_name=name,
                name_folded=fold(name),
                sort_key=name_sort_key(name),
                unit_id=unit,
                birth_date=born,
                birth_year=born.year,
            )
            s.add(person)
            s.flush()
            people[name] = person.id
    return units["Bệnh viện Đa khoa tỉnh"], people


@pytest.fixture
def page(qtbot, make_window, ui_ctx, hospital):
    window = make_window(get_agency(ui_ctx))
    window.resize(1366, 768)
    window.workspace.set_year(YEAR)  # the working year (the year under review is the year before until April)
    window.show_section(4)
    page = window.current_page()
    wait_idle(qtbot, page)
    yield page
    wait_for_background_work()


def wait_idle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading, timeout=10_000)


def texts(model, column: int) -> list[str]:
    return [model.text(r, column) for r in range(model.rowCount())]


def registration_list(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["BỆNH VIỆN ĐA KHOA TỈNH"])
    sheet.append([f"DANH SÁCH CÁ NHÂN ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM {YEAR}"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu đăng ký"])
    sheet.append([1, "Nguyễn Văn An", dt.datetime(1980, 3, 2), "Trưởng khoa", "Chiến sĩ thi đua cơ sở"])
    sheet.append([2, "Trần Thị Bình", "06/05/1990", "Điều dưỡng", "LĐTT"])
    sheet.append([3, "Lê Văn Cường", "08/07/1985", "Bác sĩ", "LĐTT"])
    sheet.append([4, "Hoàng Văn Em", "01/01/1999", "Bác sĩ", "LĐTT"])  # not on the staff list
    sheet.append([None, "Người lập biểu", None, None, "Giám đốc"])
    path = tmp_path / "dang_ky_bvdk.xlsx"
    book.save(path)
    return path


def record_award(ui_ctx, code: str, person_id: int) -> None:
    with ui_ctx.write() as s:
        type_id = s.scalar(select(AwardType.id).where(AwardType.code == code))
        s.add(
            Award(
                award_type_id=type_id,
                is_title=True,
                year=YEAR,
                source=AwardSource.HISTORY,
                person_id=person_id,
            )
        )


def test_an_imported_list_shows_in_the_registered_against_achieved_view(
    qtbot, page, hospital, ui_ctx, tmp_path
):
    unit_id, people = hospital
    assert texts(page.units_model, 0) == ["Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế huyện Hà Trung"]
    assert texts(page.units_model, 1) == ["Chưa nhận", "Chưa nhận"]
    assert "Chưa nhận bản đăng ký" in page.detail_facts.text()

    wizard = page.import_list(registration_list(tmp_path))
    qtbot.waitUntil(
        lambda: wizard.sheet is not None and wizard.unit_combo.currentData() == unit_id, timeout=10_000
    )
    assert wizard.year_box.value() == YEAR
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.mapping()[4] == "registered_title"  # the reader knows the column
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.step == 2, timeout=10_000)
    model = wizard.preview
    assert texts_of(model, model.NAME) == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Hoàng Văn Em"]
    assert texts_of(model, model.TITLE)[:2] == ["CSTĐCS", "LĐTT"]
    assert texts_of(model, model.MATCH)[0] == "Khoa Nội"
    assert "Không tìm thấy cán bộ" in texts_of(model, model.CHECK)[3]
    assert "Còn 1 dòng có lỗi" in wizard.preview_summary.text() and not wizard.import_button.isEnabled()
    qtbot.mouseClick(wizard.exclude_errors_button, Qt.MouseButton.LeftButton)
    assert wizard.import_button.isEnabled()
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert "Cá nhân đăng ký: 3 người" in wizard.result_label.text()
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    assert texts(page.units_model, 1)[0] == "Đã nhận" and texts(page.units_model, 3)[0] == "3"
    qtbot.waitUntil(lambda: page.people_model.rowCount() == 3, timeout=10_000)
    assert sorted(texts(page.people_model, 0)) == ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình"]

    # The year end: An reached LĐTT only, Bình her LĐTT, Cường nothing.
    record_award(ui_ctx, "LDTT", people["Nguyễn Văn An"])
    record_award(ui_ctx, "LDTT", people["Trần Thị Bình"])
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.results is not None and not page.loading, timeout=10_000)
    rows = {
        (page.results_model.text(r, 1), page.results_model.text(r, 3)): (
            page.results_model.text(r, 4),
            page.results_model.text(r, 5),
        )
        for r in range(page.results_model.rowCount())
    }
    assert rows == {
        ("Nguyễn Văn An", "Chiến sĩ thi đua cơ sở"): ("Chưa đạt", "LĐTT"),
        ("Trần Thị Bình", "Lao động tiên tiến"): ("Đạt", ""),
        ("Lê Văn Cường", "Lao động tiên tiến"): ("Chưa đạt", ""),
    }
    assert "3 danh hiệu đăng ký, 1 đạt, 2 chưa đạt" in page.results_count.text()
    page.missing_check.setChecked(True)
    assert sorted(texts(page.results_model, 1)) == ["Lê Văn Cường", "Nguyễn Văn An"]


def texts_of(model, column: int) -> list[str]:
    return [str(model.data(model.index(r, column)) or "") for r in range(model.rowCount())]


def test_status_change_needs_a_reason_to_return(qtbot, page, hospital):
    unit_id, people = hospital
    dialog = page.enter_by_hand()
    qtbot.waitUntil(lambda: not dialog.loading and dialog.finder.search is not None, timeout=10_000)
    dialog.collective_checks["TTLDXS"].setChecked(True)
    type_text(qtbot, dialog.finder.search_edit, "tran thi binh")
    qtbot.keyClick(dialog.finder.search_edit, Qt.Key.Key_Return)  # adds her; the dialog stays open
    assert (
        texts(dialog.model, 0) == ["Trần Thị Bình"]
        and texts(dialog.model, 2) == ["LĐTT"]
        and dialog.isVisible()
    )
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # saved on the writer thread
    qtbot.waitUntil(lambda: texts(page.units_model, 2)[0] == "TTLĐXS", timeout=10_000)
    wait_idle(qtbot, page)
    assert texts(page.units_model, 3)[0] == "1"
    assert page.status_label.text() == f"Đã lưu bản đăng ký thi đua năm {YEAR} của Bệnh viện Đa khoa tỉnh."
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)

    dialog = page.change_status()
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(RegistrationStatus.RETURNED))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "lý do" in dialog.error.text())  # the service refuses; the dialog stays
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    type_text(qtbot, dialog.reason_edit, "Thiếu chữ ký của Giám đốc")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: texts(page.units_model, 1)[0] == "Trả lại để bổ sung", timeout=10_000)
    qtbot.waitUntil(
        lambda: page.detail is not None and "Thiếu chữ ký" in page.detail_facts.text(), timeout=10_000
    )
    assert "Trả lại" in page.status_label.text()


def test_a_registration_saved_elsewhere_shows_once_announced(qtbot, page, hospital, ui_ctx):
    unit_id, people = hospital
    page.units_view.selectRow(0)
    save_registration(
        ui_ctx, RegistrationData(YEAR, unit_id, ("TTLDXS",), ((people["Lê Văn Cường"], "LDTT"),))
    )
    assert page.isVisible()
    page.workspace.announce({Area.REGISTRATIONS})  # what a write from any window does
    qtbot.waitUntil(lambda: texts(page.units_model, 2)[0] == "TTLĐXS", timeout=10_000)
    qtbot.waitUntil(lambda: texts(page.people_model, 0) == ["Lê Văn Cường"], timeout=10_000)
    page.workspace.announce({Area.NOMINATIONS})  # not shown here: nothing is read
    assert not page.loading


def test_esc_on_a_registration_with_24_people_entered_asks_first(qtbot, page, hospital, ui_ctx):
    unit_id, _people = hospital
    with ui_ctx.write() as s:
        for i in range(21):
            name = f"Phạm Văn Thứ {i + 1}"
            s.add(
                Person(full_name=name, name_folded=fold(name), sort_key=name_sort_key(name), unit_id=unit_id)
            )
    dialog = page.enter_by_hand()
    qtbot.waitUntil(lambda: not dialog.loading and dialog.finder.search is not None, timeout=10_000)
    type_text(qtbot, dialog.finder.search_edit, "pham")  # searching alone is no change
    asked: list[str] = []

    def answer(button_text: str) -> None:
        def click() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                asked.append(box.text())
                next(b for b in box.buttons() if b.text() == button_text).click()

        QTimer.singleShot(0, click)

    qtbot.mouseClick(dialog.add_all_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 24
    answer("Tiếp tục sửa")
    qtbot.keyClick(dialog.finder.search_edit, Qt.Key.Key_Escape)
    assert asked == ["Bỏ các thay đổi chưa lưu?"] and dialog.isVisible() and dialog.model.rowCount() == 24
    answer("Bỏ thay đổi")
    assert dialog.close() is True and not dialog.isVisible()
    assert len(asked) == 2
    wait_idle(qtbot, page)
    assert texts(page.units_model, 3)[0] in ("", "0")  # nothing was saved


def test_a_registration_form_only_searched_in_closes_at_once(qtbot, page):
    dialog = page.enter_by_hand()
    qtbot.waitUntil(lambda: not dialog.loading and dialog.finder.search is not None, timeout=10_000)
    type_text(qtbot, dialog.finder.search_edit, "tran")
    qtbot.keyClick(dialog.finder.search_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_people_are_counted_once_whatever_the_titles_they_aim_at(qtbot, page, hospital, ui_ctx):
    """The list showed "Cá nhân 145" where the detail listed 128 people: it counted person–title pairs."""
    unit_id, people = hospital
    save_registration(
        ui_ctx,
        RegistrationData(
            YEAR,
            unit_id,
            (),
            (
                (people["Nguyễn Văn An"], "LDTT"),
                (people["Nguyễn Văn An"], "CSTDCS"),
                (people["Trần Thị Bình"], "LDTT"),
            ),
        ),
    )
    page.workspace.announce({Area.REGISTRATIONS})
    qtbot.waitUntil(lambda: texts(page.units_model, 3)[0] == "2", timeout=10_000)
    assert page.summary_label.text().endswith("; 2 cá nhân đăng ký.")
    page.units_view.selectRow(0)
    qtbot.waitUntil(lambda: page.people_model.rowCount() == 2, timeout=10_000)
    assert "<b>Cá nhân đăng ký:</b> 2 người" in page.detail_facts.text()


def test_a_model_and_a_solution_are_entered_with_the_campaign_and_marked_done(qtbot, page, hospital, ui_ctx):
    """Seed 004's "mô hình, giải pháp thi đua được đăng ký từ đầu năm": entered by hand with the campaign,
    then checked at the year end from the page."""
    from app.domain.campaigns import CampaignInput
    from app.services.campaigns import save_campaign
    from app.services.registrations import registered_vs_achieved
    from database.enums import CampaignKind, RegistrationKind

    unit_id, people = hospital
    campaign = save_campaign(
        ui_ctx,
        CampaignInput(
            f"Phong trào thi đua yêu nước năm {YEAR}",
            CampaignKind.REGULAR,
            start_date=dt.date(YEAR, 1, 1),
            end_date=dt.date(YEAR, 12, 31),
        ),
    )
    page.reload()
    wait_idle(qtbot, page)
    dialog = page.enter_by_hand()
    qtbot.waitUntil(lambda: not dialog.loading and dialog.finder.search is not None, timeout=10_000)
    assert dialog.campaign_combo.currentData() is None  # the year's registration unless one is chosen
    dialog.campaign_combo.setCurrentIndex(dialog.campaign_combo.findData(campaign))
    type_text(qtbot, dialog.work_name, "Bệnh viện xanh – sạch – đẹp, an toàn")
    qtbot.keyClick(dialog.work_name, Qt.Key.Key_Return)  # adds it for the unit; the dialog stays open
    assert dialog.ok_button.isEnabled()  # Enter did not press OK: nothing is being saved
    assert dialog.isVisible() and texts(dialog.model, 2) == ["Mô hình bệnh viện xanh – sạch – đẹp, an toàn"]
    assert texts(dialog.model, 0) == ["Tập thể Bệnh viện Đa khoa tỉnh"]
    dialog.work_kind.setCurrentIndex(dialog.work_kind.findData(RegistrationKind.SOLUTION))
    dialog.work_owner.setCurrentIndex(1)  # by the people chosen in the finder
    type_text(qtbot, dialog.work_name, "Đặt lịch khám trực tuyến")
    dialog.finder.view.clearSelection()
    qtbot.mouseClick(dialog.add_work_button, Qt.MouseButton.LeftButton)
    assert "chọn cán bộ" in dialog.error.text() and dialog.model.rowCount() == 1  # nobody chosen: not added
    type_text(qtbot, dialog.finder.search_edit, "tran thi binh")
    qtbot.waitUntil(lambda: len(dialog.finder.selected()) == 1, timeout=10_000)
    qtbot.mouseClick(dialog.add_work_button, Qt.MouseButton.LeftButton)
    assert texts(dialog.model, 2)[1] == "Giải pháp đặt lịch khám trực tuyến"
    assert texts(dialog.model, 0)[1] == "Trần Thị Bình"
    assert "mô hình, giải pháp: 2" in dialog.count_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.summary_label.text().endswith("; 2 mô hình, giải pháp."), timeout=10_000)
    wait_idle(qtbot, page)
    qtbot.waitUntil(lambda: page.detail is not None and page.works_model.rowCount() == 2, timeout=10_000)
    assert f"<b>Phong trào:</b> Phong trào thi đua yêu nước năm {YEAR}" in page.detail_facts.text()
    assert texts(page.works_model, 2) == ["Chưa đạt", "Chưa đạt"]

    assert not page.outcome_action.isEnabled()  # nothing chosen in the list of models yet
    page.works_view.selectRow(0)
    assert page.outcome_action.isEnabled()
    outcome = page.record_outcome()
    qtbot.waitUntil(lambda: not outcome.loading, timeout=10_000)
    assert not outcome.done_edit.isEnabled()
    outcome.done_check.setChecked(True)
    outcome.done_edit.setDate(dt.date(YEAR, 11, 25))
    type_text(qtbot, outcome.note_edit, "Đoàn kiểm tra ghi nhận")
    qtbot.mouseClick(outcome.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: texts(page.works_model, 2) == ["Đạt", "Chưa đạt"], timeout=10_000)
    assert texts(page.works_model, 3)[0] == f"Đã thực hiện (25/11/{YEAR}): Đoàn kiểm tra ghi nhận"
    assert [(r.kind, r.achieved) for r in registered_vs_achieved(ui_ctx, YEAR, unit_id)] == [
        (RegistrationKind.MODEL, True),
        (RegistrationKind.SOLUTION, False),
    ]
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.results is not None and not page.loading, timeout=10_000)
    assert texts(page.results_model, 3) == [
        "Mô hình bệnh viện xanh – sạch – đẹp, an toàn",
        "Giải pháp đặt lịch khám trực tuyến",
    ]
    assert "2 mô hình, giải pháp đăng ký, 1 đạt, 1 chưa đạt" in page.results_count.text()


def test_a_units_campaign_registration_beside_its_yearly_one_is_told_apart(qtbot, page, hospital, ui_ctx):
    from app.domain.campaigns import CampaignInput
    from app.services.campaigns import save_campaign
    from database.enums import CampaignKind

    unit_id, people = hospital
    campaign = save_campaign(ui_ctx, CampaignInput("Phong trào thi đua chuyên đề", CampaignKind.THEMATIC))
    save_registration(ui_ctx, RegistrationData(YEAR, unit_id, ("TTLDTT",)))
    save_registration(ui_ctx, RegistrationData(YEAR, unit_id, ("TTLDXS",), campaign_id=campaign))
    page.workspace.announce({Area.REGISTRATIONS})
    qtbot.waitUntil(lambda: page.units_model.rowCount() == 3, timeout=10_000)
    assert texts(page.units_model, 0) == [
        "Bệnh viện Đa khoa tỉnh (đăng ký năm)",
        "Bệnh viện Đa khoa tỉnh (Phong trào thi đua chuyên đề)",
        "Trung tâm Y tế huyện Hà Trung",
    ]
    assert texts(page.units_model, 2)[:2] == ["TTLĐTT", "TTLĐXS"]


def test_a_list_with_a_model_imports_into_the_chosen_campaigns_registration(
    qtbot, page, hospital, ui_ctx, tmp_path
):
    from app.domain.campaigns import CampaignInput
    from app.services.campaigns import save_campaign
    from app.services.registrations import registration_detail
    from database.enums import CampaignKind, RegistrationKind

    unit_id, people = hospital
    campaign = save_campaign(ui_ctx, CampaignInput("Phong trào thi đua chuyên đề", CampaignKind.THEMATIC))
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu đăng ký"])
    sheet.append([1, "Trần Thị Bình", "06/05/1990", "Điều dưỡng", "LĐTT"])
    sheet.append([2, None, None, None, "Mô hình “Bệnh viện xanh – sạch – đẹp”"])
    path = tmp_path / "dang_ky_mo_hinh.xlsx"
    book.save(path)

    wizard = page.import_list(path)
    qtbot.waitUntil(
        lambda: (
            wizard.sheet is not None
            and wizard.unit_combo.currentData() == unit_id
            and wizard.campaign_combo.findData(campaign) >= 0
        ),
        timeout=10_000,
    )
    wizard.campaign_combo.setCurrentIndex(wizard.campaign_combo.findData(campaign))
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.step == 2, timeout=10_000)
    model = wizard.preview
    assert texts_of(model, model.TITLE) == ["LĐTT", "Mô hình “Bệnh viện xanh – sạch – đẹp”"]
    assert "Thêm 1 mô hình, giải pháp" in wizard.preview_summary.text() and wizard.import_button.isEnabled()
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as imported:
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert "Mô hình, giải pháp mới ghi thêm: 1" in wizard.result_label.text()
    detail = registration_detail(ui_ctx, imported.args[0].registration_id)
    assert detail.campaign_id == campaign
    assert [(w.kind, w.person_id) for w in detail.works] == [(RegistrationKind.MODEL, None)]
    assert [p.person_id for p in detail.persons] == [people["Trần Thị Bình"]]
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)


def test_a_campaign_registration_is_added_beside_the_units_yearly_one(qtbot, page, hospital, ui_ctx):
    from app.domain.campaigns import CampaignInput
    from app.services.campaigns import save_campaign
    from app.services.registrations import registration_detail, year_registrations
    from database.enums import CampaignKind

    unit_id, _people = hospital
    campaign = save_campaign(
        ui_ctx,
        CampaignInput(
            "Phong trào “Xanh – sạch – đẹp”",
            CampaignKind.THEMATIC,
            start_date=dt.date(YEAR, 3, 1),
            end_date=dt.date(YEAR, 10, 31),
        ),
    )
    yearly = save_registration(ui_ctx, RegistrationData(YEAR, unit_id, ("TTLDTT",)))
    page.reload()
    wait_idle(qtbot, page)
    page.units_view.selectRow(texts(page.units_model, 0).index("Bệnh viện Đa khoa tỉnh"))
    assert page.campaign_entry_action.isEnabled()
    # "Nhập tay" opens a menu holding it (the yearly registration's own form would move it to the campaign)
    menu = next(w for w in page.enter_action.associatedObjects() if hasattr(w, "menu") and w.menu())
    assert page.campaign_entry_action in menu.menu().actions()
    page.campaign_entry_action.trigger()
    dialog = page.active_dialog
    assert dialog is not None and dialog.windowTitle() == f"Đăng ký theo phong trào năm {YEAR}"
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    offered = [dialog.campaign_combo.itemData(i) for i in range(dialog.campaign_combo.count())]
    assert offered == [campaign]  # no "no campaign": the yearly one is there already
    dialog.collective_checks["TTLDXS"].setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.units_model.rowCount() == 3, timeout=10_000)
    wait_idle(qtbot, page)
    assert texts(page.units_model, 0)[:2] == [
        "Bệnh viện Đa khoa tỉnh (đăng ký năm)",
        "Bệnh viện Đa khoa tỉnh (Phong trào “Xanh – sạch – đẹp”)",
    ]
    assert texts(page.units_model, 2)[:2] == ["TTLĐTT", "TTLĐXS"]
    assert "Đã lưu bản đăng ký theo phong trào" in page.status_label.text()
    lines = [u for u in year_registrations(ui_ctx, YEAR) if u.unit_id == unit_id]
    assert {u.campaign_id for u in lines} == {None, campaign}
    assert registration_detail(ui_ctx, yearly).collective_codes == ("TTLDTT",)  # the yearly one untouched
    # every campaign of the year answered: nothing more to add, and the page says why
    page.units_view.selectRow(0)
    assert page.enter_for_campaign() is None
    assert "đã có bản đăng ký cho mọi phong trào" in page.status_label.text()
