"""The Cán bộ page driven like a clerk: typing, filters, sorting, columns, copy, export, records, import."""

from __future__ import annotations

import datetime as dt
import sys
import threading
import types

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.text import fold, name_sort_key
from database.enums import AwardSource, Gender
from database.models import Award, AwardType, Person, Unit
from tests.db.test_records import build_career
from tests.ui.keyboard import type_text
from ui.jobs import wait_for_background_work
from ui.operations import WriteOp
from ui.widgets.unit_combo import DEPTH_ROLE
from ui.workspace import Area

EVERYONE = ["Nguyễn Văn An", "Nguyễn Thị Ánh", "Lê Văn Bình", "Đỗ Thị Cúc", "Vũ Minh Đức", "Trần Đức Minh"]


def _add(s, name, unit_id, gender, year, position=None):
    person = Person(
        full_name=name,
        name_folded=fold(name),
        sort_key=name_sort_key(name),
        unit_id=unit_id,
        gender=gender,
        birth_year=year,
        birth_date=dt.date(year, 6, 15),
        position=position,
    )
    s.add(person)
    s.flush()
    return person.id


@pytest.fixture
def staff(ui_ctx):
    ids = build_career(ui_ctx)
    with ui_ctx.write("Thêm cán bộ kiểm thử") as s:
        an = _add(s, "Nguyễn Văn An", ids["hospital"], Gender.MALE, 1980, "Bác sĩ")
        ids["an"] = an
        ids["minh"] = _add(s, "Trần Đức Minh", ids["internal"], Gender.MALE, 1992, "Bác sĩ")
        ids["duc"] = _add(s, "Vũ Minh Đức", ids["centre"], Gender.MALE, 1970, "Giám đốc")
        ldtt = s.scalar(select(AwardType.id).where(AwardType.code == "LDTT"))
        s.add(Award(person_id=an, award_type_id=ldtt, is_title=True, year=2024, source=AwardSource.HISTORY))
    return ids


def names(page) -> list[str]:
    return [page.model.record(r).full_name for r in range(page.model.rowCount())]


def test_everyone_in_vietnamese_name_order(make_page, staff):
    page = make_page()
    assert names(page) == EVERYONE  # the one who left is not listed
    assert page.count_label.text() == "6 cán bộ"
    model = page.model
    row = names(page).index("Nguyễn Thị Ánh")
    cells = [model.index(row, c).data() for c in range(model.columnCount())]
    assert cells == [
        "Nguyễn Thị Ánh",
        "Nữ",
        "09/04/1988",
        "Khoa Ngoại – Trung tâm Y tế khu vực Nga Sơn",
        "Điều dưỡng trưởng",
        "Điều dưỡng hạng III",
        "Kinh",
    ]
    assert model.index(names(page).index("Lê Văn Bình"), 2).data() == "1975"  # only the year is known


def test_typing_without_marks_finds_marked_names(qtbot, make_page, staff):
    page = make_page()
    type_text(qtbot, page.search_box, "nguyen van an")
    assert names(page) == ["Nguyễn Văn An"]
    assert page.count_label.text() == "1 / 6 cán bộ"
    page.search_box.clear()
    type_text(qtbot, page.search_box, "duc")
    assert names(page) == ["Vũ Minh Đức", "Trần Đức Minh"]
    page.search_box.clear()
    type_text(qtbot, page.search_box, "Đức")
    assert names(page) == ["Vũ Minh Đức", "Trần Đức Minh"]
    qtbot.keyClick(page.search_box, Qt.Key.Key_Backspace)
    qtbot.keyClick(page.search_box, Qt.Key.Key_Backspace)
    assert page.search_box.text() == "Đ" and names(page) == ["Đỗ Thị Cúc", "Vũ Minh Đức", "Trần Đức Minh"]
    type_text(qtbot, page.search_box, "ỗ t")
    assert names(page) == ["Đỗ Thị Cúc"]


def test_unit_filter_with_and_without_sub_units(qtbot, make_page, staff):
    page = make_page()
    hospital = page.unit_combo.findData(staff["hospital"])
    assert page.unit_combo.itemText(hospital) == "Bệnh viện Đa khoa tỉnh"
    internal = page.unit_combo.findData(staff["internal"])
    assert page.unit_combo.itemText(internal) == "Khoa Nội"
    assert page.unit_combo.itemData(internal, DEPTH_ROLE) == 2  # indented under the hospital in the list
    assert (
        page.unit_combo.itemData(internal, Qt.ItemDataRole.ToolTipRole) == "Khoa Nội – Bệnh viện Đa khoa tỉnh"
    )
    page.unit_combo.setCurrentIndex(hospital)
    assert names(page) == ["Nguyễn Văn An", "Lê Văn Bình", "Trần Đức Minh"]  # with Khoa Nội
    page.sub_units_check.setChecked(False)
    assert names(page) == ["Nguyễn Văn An"]
    page.sub_units_check.setChecked(True)
    page.unit_combo.setCurrentIndex(page.unit_combo.findData(staff["centre"]))
    assert names(page) == ["Nguyễn Thị Ánh", "Đỗ Thị Cúc", "Vũ Minh Đức"]
    type_text(qtbot, page.search_box, "thi")  # the name search works inside the filter
    assert names(page) == ["Nguyễn Thị Ánh", "Đỗ Thị Cúc"]


def test_sex_birth_year_and_position_filters(make_page, staff):
    page = make_page()
    page.gender_combo.setCurrentIndex(page.gender_combo.findData(Gender.FEMALE))
    assert names(page) == ["Nguyễn Thị Ánh", "Đỗ Thị Cúc"]
    page.gender_combo.setCurrentIndex(0)
    page.birth_from.setValue(1975)
    page.birth_to.setValue(1985)
    assert names(page) == ["Nguyễn Văn An", "Lê Văn Bình"]
    page.birth_to.setValue(page.birth_to.minimum())  # "—": no upper limit
    assert names(page) == ["Nguyễn Văn An", "Nguyễn Thị Ánh", "Lê Văn Bình", "Đỗ Thị Cúc", "Trần Đức Minh"]
    page.position_combo.setCurrentIndex(page.position_combo.findData("Bác sĩ"))
    assert names(page) == ["Nguyễn Văn An", "Trần Đức Minh"]
    page.clear_filters()
    assert names(page) == EVERYONE and page.birth_from.text() == "—"


def test_has_award_filter(qtbot, make_page, staff):
    page = make_page()
    index = page.award_combo.findData("LDTT")
    assert page.award_combo.itemText(index) == "Lao động tiên tiến"
    page.award_combo.setCurrentIndex(index)
    qtbot.waitUntil(lambda: not page.filtering)
    assert names(page) == ["Nguyễn Văn An", "Nguyễn Thị Ánh"]
    page.award_combo.setCurrentIndex(page.award_combo.findData("BK_TINH"))
    qtbot.waitUntil(lambda: not page.filtering)
    assert names(page) == ["Nguyễn Thị Ánh"]
    page.award_combo.setCurrentIndex(page.award_combo.findData("LDTT"))  # read already: no wait
    assert not page.filtering and names(page) == ["Nguyễn Văn An", "Nguyễn Thị Ánh"]
    page.award_combo.setCurrentIndex(0)
    assert names(page) == EVERYONE


def test_header_click_sorts_and_name_column_returns_to_vietnamese_order(qtbot, make_page, staff):
    page = make_page()
    header = page.view.horizontalHeader()
    birth = 2
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(birth) + 10, header.height() // 2),
    )
    assert [page.model.record(r).birth_year for r in range(6)] == [1970, 1975, 1980, 1988, 1990, 1992]
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(birth) + 10, header.height() // 2),
    )
    assert [page.model.record(r).birth_year for r in range(6)] == [1992, 1990, 1988, 1980, 1975, 1970]
    type_text(qtbot, page.search_box, "thi")  # the order holds while searching
    assert names(page) == ["Đỗ Thị Cúc", "Nguyễn Thị Ánh"]
    page.search_box.clear()
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert names(page) == EVERYONE


def test_copy_puts_tab_separated_rows_with_a_header_on_the_clipboard(qtbot, make_page, staff):
    page = make_page()
    page.set_column_visible("title", False)
    page.set_column_visible("ethnicity", False)
    page.view.setFocus()
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().split("\r\n")
    assert lines[0] == "Họ và tên\tGiới tính\tNgày sinh\tĐơn vị\tChức vụ"
    assert lines[1] == "Nguyễn Văn An\tNam\t15/06/1980\tBệnh viện Đa khoa tỉnh\tBác sĩ"
    assert lines[2] == (
        "Nguyễn Thị Ánh\tNữ\t09/04/1988\tKhoa Ngoại – Trung tâm Y tế khu vực Nga Sơn\tĐiều dưỡng trưởng"
    )
    assert lines[3:] == [""]
    assert "Đã sao chép 2 dòng" in page.selection_label.text()
    page.view.selectAll()
    assert page.copy_selection() == 6


def test_export_writes_the_current_view_to_xlsx(qtbot, make_page, staff, tmp_path):
    page = make_page()
    page.unit_combo.setCurrentIndex(page.unit_combo.findData(staff["hospital"]))
    page.set_column_visible("ethnicity", False)
    path = tmp_path / "Danh sách cán bộ.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=10_000) as signal:
        page.export_to(path)
    assert signal.args == [path]
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "DANH SÁCH CÁN BỘ – Bệnh viện Đa khoa tỉnh (gồm đơn vị trực thuộc)"
    assert rows[2] == ("STT", "Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị", "Chức vụ")
    assert [r[1] for r in rows[3:]] == ["Nguyễn Văn An", "Lê Văn Bình", "Trần Đức Minh"]
    assert rows[3][3] == dt.datetime(1980, 6, 15) and rows[4][3] == 1975
    assert rows[5][4] == "Khoa Nội – Bệnh viện Đa khoa tỉnh"
    assert "Đã xuất 3 cán bộ" in page.selection_label.text()


def test_export_to_a_locked_place_says_what_to_do(qtbot, make_page, staff, tmp_path, monkeypatch):
    page = make_page()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    target = tmp_path / "không có thư mục này" / "ds.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=10_000):
        page.export_to(target)
    assert warnings and warnings[0][0] == "Không xuất được danh sách"
    assert "Không ghi được tệp “ds.xlsx”" in warnings[0][1]
    assert page.export_button.isEnabled()


def test_column_chooser_hides_columns_and_remembers_them(qtbot, make_page, staff):
    page = make_page()
    assert page.hidden_columns() == ["title", "ethnicity"]  # the defaults: a compact table
    page.column_actions["gender"].trigger()  # as from the menu (right-click on the header, or "Cột")
    assert page.view.isColumnHidden(1)
    page.column_actions["ethnicity"].trigger()
    assert page.visible_columns() == ["full_name", "birth", "unit", "position", "ethnicity"]
    assert not page.column_actions["full_name"].isEnabled()  # the name always shows
    again = make_page()
    assert again.hidden_columns() == ["gender", "title"]


def test_enter_and_double_click_open_the_record(qtbot, make_page, staff):
    page = make_page()
    type_text(qtbot, page.search_box, "anh")
    page.view.setFocus()
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    dialog = page.record_dialogs[-1]
    qtbot.waitUntil(lambda: dialog.record is not None)
    assert dialog.record.id == staff["nurse"] and dialog.name_label.text() == "Nguyễn Thị Ánh"
    page.search_box.clear()
    rect = page.view.visualRect(page.model.index(2, 0))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    other = page.record_dialogs[-1]
    qtbot.waitUntil(lambda: other.record is not None)
    assert other.record.full_name == "Lê Văn Bình" and other is not dialog


def test_enter_in_the_search_box_opens_a_single_match(qtbot, make_page, staff):
    page = make_page()
    type_text(qtbot, page.search_box, "vu minh")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    dialog = page.record_dialogs[-1]
    qtbot.waitUntil(lambda: dialog.record is not None)
    assert dialog.record.id == staff["duc"]
    page.search_box.clear()
    type_text(qtbot, page.search_box, "nguyen")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)  # several: on to the table, first row chosen
    assert page.focusWidget() is page.view and page.selected_rows() == [0]


def test_an_empty_database_invites_an_import(make_page, ui_ctx):
    page = make_page()
    assert page.stack.currentWidget() is page.message
    assert page.message.text().startswith("Chưa có cán bộ nào.")
    assert page.count_label.text() == "0 cán bộ"


def test_import_button_runs_the_wizard_and_reloads(qtbot, make_page, staff, ui_ctx, monkeypatch):
    page = make_page()
    calls = []

    def add_one(ctx):
        with ctx.write() as s:
            unit = s.scalar(select(Unit.id).where(Unit.name == "Khoa Nội"))
            _add(s, "Phan Thanh Tâm", unit, Gender.FEMALE, 1999)

    def run_import_wizard(workspace, parent):  # the wizard's import: a write announcing STAFF
        calls.append((workspace, parent))
        WriteOp(workspace, parent, "Đang nhập…", add_one, areas={Area.STAFF}).run()

    module = types.ModuleType("ui.dialogs.import_wizard")
    module.run_import_wizard = run_import_wizard
    monkeypatch.setitem(sys.modules, "ui.dialogs.import_wizard", module)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert calls == [(page.workspace, page)]
    qtbot.waitUntil(lambda: not page.loading and page.model.total == 7)
    assert "Phan Thanh Tâm" in names(page)


def test_the_list_read_ahead_is_shown_once_and_dropped_by_a_write_to_staff(qtbot, qt_app, ui_ctx, staff):
    """The window reads the Cán bộ list ahead (Workspace.warm_up): the page shows it without reading; a
    write to the staff meanwhile drops it, so that a page never shows a list from before the write."""
    from tests.ui.conftest import sample_agency
    from ui.pages.staff import StaffPage, load_staff_view
    from ui.workspace import Workspace

    workspace = Workspace(ui_ctx, sample_agency())
    workspace.warm_up(load_staff_view, StaffPage.AREAS)
    with qtbot.waitSignal(workspace.overview_changed):
        workspace.refresh_overview()
    qtbot.waitUntil(lambda: workspace._warm[load_staff_view].result is not None)
    workspace.announce([Area.STAFF])  # a write elsewhere in the window
    assert workspace.take_warm(load_staff_view) is None

    workspace._warm[load_staff_view].start(ui_ctx)  # read again, as the next figures' refresh would
    qtbot.waitUntil(lambda: workspace._warm[load_staff_view].result is not None)
    page = StaffPage(workspace)
    workspace.setParent(page)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    assert page.view_data is not None and not page.loading  # shown at once, nothing read
    assert names(page) == EVERYONE
    assert workspace.take_warm(load_staff_view) is None  # given once
    workspace.close()


@pytest.fixture
def held(monkeypatch):
    """`held(name)`: the page's read `ui.pages.staff.<name>` waits until the gate it returns is set (each call
    noted in the list it returns); every gate is set at the end, so a failing test leaves no read waiting."""
    import ui.pages.staff as staff_page

    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(max(threads, 2))  # one read held, the other one running beside it
    gates = []

    def hold(name):
        gate, calls, real = threading.Event(), [], getattr(staff_page, name)

        def waiting(*args):
            calls.append(args)
            assert gate.wait(30)
            return real(*args)

        monkeypatch.setattr(staff_page, name, waiting)
        gates.append(gate)
        return gate, calls

    yield hold
    for gate in gates:
        gate.set()
    wait_for_background_work()
    pool.setMaxThreadCount(threads)


def _built_page(qtbot, ui_ctx, warm: bool = False):
    """The Cán bộ page built as the window builds it, not shown yet (its workspace reading the list ahead, with
    `warm`, as the window's does once its figures are in)."""
    from tests.ui.conftest import sample_agency
    from ui.pages.staff import StaffPage, load_staff_view
    from ui.workspace import Workspace

    workspace = Workspace(ui_ctx, sample_agency())
    if warm:
        workspace.warm_up(load_staff_view, StaffPage.AREAS)
        with qtbot.waitSignal(workspace.overview_changed):
            workspace.refresh_overview()
    page = StaffPage(workspace)
    workspace.setParent(page)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    return page


def _open(page) -> None:
    """The clerk's click on Cán bộ."""
    page.show()
    page.activated()


READING = "Đang đọc cả danh sách… (đang hiện {} người đầu tiên)"


def test_the_first_rows_show_while_the_whole_list_is_read_and_what_is_typed_meanwhile_is_searched_after(
    qtbot, qt_app, ui_ctx, staff, held, monkeypatch
):
    """A first click: the first screenful is shown while the whole list is still being read, saying so; the
    clerk may type (the first rows are not searched), open a person shown, not filter, sort or export; the
    whole list, when it comes, shows what was typed searched for."""
    from ui.pages.staff import StaffPage

    monkeypatch.setattr(StaffPage, "first_screenful", lambda _page: 2)
    gate, reads = held("load_directory")
    page = _built_page(qtbot, ui_ctx)
    _open(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    assert names(page) == EVERYONE[:2] and page.count_label.text() == READING.format(2)
    assert page.stack.currentWidget() is page.view and page.view_data is None and page.loading
    assert page.search_box.isEnabled()
    assert not any(w.isEnabled() for w in (page.gender_combo, page.unit_combo, page.export_button))
    assert not page.view.horizontalHeader().sectionsClickable()
    page.view.setFocus()
    page.view.selectRow(1)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    dialog = page.record_dialogs[-1]
    qtbot.waitUntil(lambda: dialog.record is not None)
    assert dialog.record.full_name == EVERYONE[1]
    dialog.close()
    type_text(qtbot, page.search_box, "minh")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert names(page) == EVERYONE[:2] and page.count_label.text() == READING.format(2)
    assert len(reads) == 1 and page.loading
    gate.set()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    assert names(page) == ["Vũ Minh Đức", "Trần Đức Minh"] and page.count_label.text() == "2 / 6 cán bộ"
    assert page.gender_combo.isEnabled() and page.view.horizontalHeader().sectionsClickable()
    page.workspace.close()


def test_first_rows_read_after_the_whole_list_came_are_dropped(qtbot, qt_app, ui_ctx, staff, held):
    gate, reads = held("load_first_records")
    page = _built_page(qtbot, ui_ctx)
    _open(page)
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    type_text(qtbot, page.search_box, "minh")
    assert names(page) == ["Vũ Minh Đức", "Trần Đức Minh"]
    gate.set()
    assert wait_for_background_work()
    QApplication.processEvents()  # the first rows' answer, handed over late
    assert len(reads) == 1
    assert names(page) == ["Vũ Minh Đức", "Trần Đức Minh"] and page.count_label.text() == "2 / 6 cán bộ"
    page.workspace.close()


def test_first_rows_that_fail_to_be_read_show_nothing(qtbot, qt_app, ui_ctx, staff, held, monkeypatch):
    import ui.pages.staff as staff_page

    def broken(_ctx, _limit):
        raise OSError("ổ đĩa bận")

    monkeypatch.setattr(staff_page, "load_first_records", broken)
    gate, _reads = held("load_directory")
    page = _built_page(qtbot, ui_ctx)
    _open(page)
    qtbot.waitUntil(lambda: not page._first_loader.busy)
    assert page.stack.currentWidget() is page.message and page.count_label.text() == ""
    assert page.message.text() == "Đang tải danh sách cán bộ…"
    gate.set()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    assert names(page) == EVERYONE
    page.workspace.close()


def test_a_page_with_its_list_reads_it_again_without_first_rows(qtbot, make_page, staff, held):
    page = make_page()
    _gate, reads = held("load_first_records")
    page.reload()
    qtbot.waitUntil(lambda: not page.loading)
    assert reads == [] and names(page) == EVERYONE


def test_a_click_while_the_list_is_read_ahead_waits_for_that_read_instead_of_reading_again(
    qtbot, qt_app, ui_ctx, staff, held
):
    """The clerk opens Cán bộ while the window is still reading its list ahead: the page takes that read when
    it comes in (one read of the province's staff, not two side by side), its first rows shown meanwhile."""
    from ui.pages.staff import load_staff_view

    gate, reads = held("load_directory")
    page = _built_page(qtbot, ui_ctx, warm=True)
    workspace = page.workspace
    qtbot.waitUntil(lambda: len(reads) == 1)  # the read ahead has begun
    _open(page)
    page.activated()  # shown again meanwhile: still one read
    assert page.view_data is None and page.loading
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    assert names(page) == EVERYONE and page.count_label.text() == READING.format(6)
    gate.set()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    assert names(page) == EVERYONE and len(reads) == 1 and page.count_label.text() == "6 cán bộ"
    assert workspace.take_warm(load_staff_view) is None  # given to the page, not kept
    workspace.close()
