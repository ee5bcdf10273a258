"""The Sáng kiến page driven like a clerk: the list searched without marks and filtered, an initiative added
with two authors found by name and their shares, a share total over 100% refused, an edit saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.services.agency import get_agency
from app.services.initiatives import AuthorShare, InitiativeData, create_initiative, initiative_detail
from app.text import fold, name_sort_key
from database.enums import InitiativeKind, InitiativeLevel, UnitKind
from database.models import Person, Unit
from tests.ui.keyboard import type_text
from ui.jobs import wait_for_background_work


@pytest.fixture
def staff(ui_ctx, agency):
    with ui_ctx.write() as s:
        hospital = Unit(
            name="Bệnh viện Đa khoa tỉnh", name_folded=fold("Bệnh viện Đa khoa tỉnh"), kind=UnitKind.HOSPITAL
        )
        centre = Unit(
            name="Trung tâm Y tế huyện Hà Trung",
            name_folded=fold("Trung tâm Y tế huyện Hà Trung"),
            kind=UnitKind.HEALTH_CENTER,
        )
        s.add_all([hospital, centre])
        s.flush()
        people = {}
        for name, unit in (("Nguyễn Văn An", hospital), ("Đặng Thị Hoa", hospital), ("Lê Văn Cường", centre)):
            person = Person(
                full_name=name, name_folded=fold(name), sort_key=name_sort_key(name), unit_id=unit.id
            )
            s.add(person)
            s.flush()
            people[name] = person.id
        units = {"hospital": hospital.id, "centre": centre.id}
    create_initiative(
        ui_ctx,
        InitiativeData(
            "Ứng dụng phần mềm quản lý thuốc",
            2023,
            InitiativeLevel.PROVINCE,
            unit_id=units["centre"],
            authors=(AuthorShare(people["Lê Văn Cường"], Decimal(100)),),
            recognised_by="Chủ tịch UBND tỉnh",
            decision_number="55/QĐ-UBND",
        ),
    )
    create_initiative(
        ui_ctx,
        InitiativeData(
            "Đề tài đánh giá kháng kháng sinh",
            2024,
            InitiativeLevel.BASE,
            InitiativeKind.RESEARCH,
            units["hospital"],
            (AuthorShare(people["Nguyễn Văn An"]),),
        ),
    )
    return units, people


@pytest.fixture
def page(qtbot, make_window, ui_ctx, staff):
    window = make_window(get_agency(ui_ctx))
    window.resize(1366, 768)
    window.show_section(6)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading, timeout=10_000)
    yield page
    wait_for_background_work()


def column(model, col: int) -> list[str]:
    return [model.text(r, col) for r in range(model.rowCount())]


def test_search_and_filters(qtbot, page):
    assert column(page.model, 1) == ["Đề tài đánh giá kháng kháng sinh", "Ứng dụng phần mềm quản lý thuốc"]
    assert column(page.model, 2) == ["Nguyễn Văn An", "Lê Văn Cường (100%)"]
    assert page.count_label.text().startswith("2 sáng kiến, đề tài")
    type_text(qtbot, page.search_box, "cuong")
    assert column(page.model, 1) == ["Ứng dụng phần mềm quản lý thuốc"]
    page.search_box.clear()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(InitiativeKind.RESEARCH))
    assert column(page.model, 4) == ["Đề tài"]
    page.kind_combo.setCurrentIndex(0)
    page.year_combo.setCurrentIndex(page.year_combo.findData(2023))
    assert column(page.model, 0) == ["2023"] and "Tìm thấy 1 trong 2" in page.count_label.text()


def test_add_with_two_authors_and_shares_then_edit(qtbot, page, staff, ui_ctx):
    units, people = staff
    dialog = page.add_initiative()
    qtbot.waitUntil(lambda: not dialog.loading and dialog.finder.search is not None, timeout=10_000)
    type_text(qtbot, dialog.title_edit, "Cải tiến quy trình tiếp đón người bệnh")
    dialog.year_box.setValue(2025)
    dialog.unit_combo.select_unit(units["hospital"])
    type_text(qtbot, dialog.body_edit, "Giám đốc Sở Y tế")
    type_text(qtbot, dialog.number_edit, "812/QĐ-SYT")
    for name in ("dang thi hoa", "nguyen van an"):
        dialog.finder.search_edit.clear()
        type_text(qtbot, dialog.finder.search_edit, name)
        qtbot.keyClick(dialog.finder.search_edit, Qt.Key.Key_Return)
    assert dialog.author_ids == [people["Đặng Thị Hoa"], people["Nguyễn Văn An"]]
    dialog.authors_table.cellWidget(0, 3).setValue(70)
    dialog.authors_table.cellWidget(1, 3).setValue(40)
    assert "vượt quá 100%" in dialog.total_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)  # refused on the writer thread
    assert "vượt quá 100%" in dialog.error.text() and dialog.isVisible()
    dialog.authors_table.cellWidget(1, 3).setValue(30)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3 and not page.loading, timeout=10_000)
    assert page.current().title == "Cải tiến quy trình tiếp đón người bệnh"  # the new one is selected
    assert page.current().authors == "Đặng Thị Hoa (70%), Nguyễn Văn An (30%)"
    assert page.count_label.text().startswith("Đã thêm sáng kiến")

    assert page.edit_current() is not None  # read off the GUI thread, then the dialog opens
    assert page.edit_current() is None  # Enter pressed again meanwhile: still one dialog
    qtbot.waitUntil(lambda: page.active_dialog is not None, timeout=10_000)
    dialog = page.active_dialog
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert (
        dialog.title_edit.text() == "Cải tiến quy trình tiếp đón người bệnh" and len(dialog.author_ids) == 2
    )
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData(InitiativeLevel.PROVINCE))
    dialog.authors_table.selectRow(1)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            not page.loading
            and page.current() is not None
            and page.current().level is InitiativeLevel.PROVINCE
        ),
        timeout=10_000,
    )
    detail = initiative_detail(ui_ctx, page.current().id)
    assert [a.full_name for a in detail.authors] == [
        "Đặng Thị Hoa"
    ] and detail.data.decision_number == "812/QĐ-SYT"
    assert detail.data.decision_date is None and detail.data.year == 2025
