"""The Đơn vị page driven like a clerk: the tree and its filter, the side panel, the dialogs that
create, edit, rename, merge, split and dissolve, the unit's record printed to PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QToolButton
from sqlalchemy import select

from app.rules import judge
from app.services.agency import save_agency
from app.services.eligibility import load_histories
from app.services.ratings import ratings_year
from app.services.units import MergePlan, merge_units
from database.enums import UnitKind, UnitStatus
from database.models import Person, Unit, UnitEventLink
from tests.db.test_units import add_unit_history, build_province
from tests.ui.conftest import fits_small_screen, sample_agency
from tests.ui.keyboard import type_text
from ui.jobs import wait_for_background_work

DAY = QDate(2025, 7, 1)


@pytest.fixture
def province(ui_ctx):
    return build_province(ui_ctx)


@pytest.fixture
def make_page(qtbot, make_window, ui_ctx):
    """The Đơn vị area of the real main window, over the test database once its rows are in."""

    def make():
        window = make_window(save_agency(ui_ctx, sample_agency()))
        window.resize(1300, 760)
        window.show_section(1)
        page = window.current_page()
        wait_loaded(qtbot, page)
        return page

    yield make
    wait_for_background_work()


def wait_loaded(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading and not page.workspace.loading)


def visible(page) -> list[str]:
    return page.tree_view.texts()


def pick(page, unit_id, *more) -> None:
    page.tree_view.select_unit(unit_id)
    for other in more:
        page.tree_view.items[other].setSelected(True)


def accept(qtbot, dialog) -> None:
    """OK, then wait for the write it started: the dialog closes, or shows the refusal with OK enabled."""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def settled() -> bool:
        try:
            return dialog.ok_button.isEnabled()
        except RuntimeError:  # closed and deleted
            return True

    qtbot.waitUntil(settled)


def unit_row(ctx, unit_id):
    with ctx.read() as s:
        return s.execute(
            select(Unit.name, Unit.parent_id, Unit.status, Unit.code).where(Unit.id == unit_id)
        ).one()


# --- the tree, the filter, the panel ---------------------------------------------------------------


def test_the_tree_shows_units_with_staff_and_the_panel_the_selected_one(qtbot, make_page, province):
    page = make_page()
    tree = page.tree_view
    assert visible(page) == [
        "Sở Y tế",
        "Bệnh viện Đa khoa huyện An Lạc",
        "Khoa Nội",
        "Bệnh viện Đa khoa huyện Bình Yên",
        "Trung tâm Y tế huyện Cẩm Sơn",
        "Khoa Kiểm soát bệnh tật",
        "Khoa Xét nghiệm",
    ]
    hospital = tree.items[province["a"]]
    headers = [tree.headerItem().text(c) for c in range(tree.columnCount())]
    assert headers[:5] == ["Tên đơn vị", "Cán bộ", "Loại hình", "Mã", "Tình trạng"]
    assert [hospital.text(c) for c in range(5)] == [
        "Bệnh viện Đa khoa huyện An Lạc",
        "3",
        "Bệnh viện",
        "BV.AL",
        "Hoạt động",
    ]
    assert hospital.toolTip(1) == "3 cán bộ đang công tác: 1 tại đơn vị, 2 ở các đơn vị trực thuộc"
    assert page.count_label.text() == "7 đơn vị đang hoạt động"
    assert tree.current_id() == province["dept"]  # the root is selected at first

    pick(page, province["a"])
    wait_loaded(qtbot, page)
    panel = page.panel
    assert panel.title.text() == "Bệnh viện Đa khoa huyện An Lạc"
    assert panel.subtitle.text() == "Bệnh viện · Hoạt động"
    assert panel.facts["code"].text() == "BV.AL" and panel.facts["established"].text() == "01/01/1990"
    assert panel.facts["parent"].text() == "Sở Y tế"
    assert panel.events_empty.text() == "Chưa ghi nhận thay đổi nào." and panel.events_table.isHidden()
    assert panel.clusters_empty.text() == "Chưa tham gia cụm, khối thi đua nào."


def test_the_filter_folds_marks_and_keeps_the_units_around_a_match(qtbot, make_page, province):
    page = make_page()
    type_text(qtbot, page.search_box, "benh vien an lac")
    assert visible(page) == ["Sở Y tế", "Bệnh viện Đa khoa huyện An Lạc", "Khoa Nội"]
    assert page.count_label.text() == "Tìm thấy 1 đơn vị"
    page.search_box.clear()
    type_text(qtbot, page.search_box, "Xét nghiệm")
    assert visible(page) == ["Sở Y tế", "Trung tâm Y tế huyện Cẩm Sơn", "Khoa Xét nghiệm"]
    assert page.tree_view.items[province["c"]].isExpanded()
    page.search_box.clear()
    type_text(qtbot, page.search_box, "tttcs")  # nothing: not even the root
    assert visible(page) == [] and page.count_label.text() == "Tìm thấy 0 đơn vị"
    page.search_box.clear()
    type_text(qtbot, page.search_box, "ttyt.cs")  # by code
    assert visible(page)[:2] == ["Sở Y tế", "Trung tâm Y tế huyện Cẩm Sơn"]
    page.search_box.clear()
    assert len(visible(page)) == 7


def test_ended_units_are_hidden_until_asked_for(qtbot, make_page, province, ui_ctx):
    merge_units(ui_ctx, MergePlan((province["c"],), dt.date(2025, 7, 1), into_id=province["b"]))
    page = make_page()
    assert "Trung tâm Y tế huyện Cẩm Sơn" not in visible(page)
    assert page.count_label.text() == "6 đơn vị đang hoạt động · 1 đã sáp nhập, chia tách, giải thể"
    page.ended_check.setChecked(True)
    item = page.tree_view.items[province["c"]]
    assert "Trung tâm Y tế huyện Cẩm Sơn" in visible(page)
    assert item.text(4) == "Đã sáp nhập từ 01/07/2025" and item.font(0).italic()
    pick(page, province["c"])
    wait_loaded(qtbot, page)
    assert not page.rename_action.isEnabled() and not page.dissolve_action.isEnabled()
    assert page.edit_action.isEnabled() and page.record_action.isEnabled()
    assert page.panel.lineage_label.text() == "Đơn vị kế thừa: Bệnh viện Đa khoa huyện Bình Yên."


# --- dialogs ---------------------------------------------------------------------------------------


def test_create_dialog_validates_then_adds_under_the_selected_unit(qtbot, make_page, province, ui_ctx):
    page = make_page()
    pick(page, province["a"])
    dialog = page.add_unit()
    assert dialog.windowTitle() == "Thêm đơn vị" and dialog.ok_button.text() == "Thêm"
    assert dialog.parent_combo.currentData() == province["a"]
    type_text(qtbot, dialog.name_edit, "Khoa Ngoại")
    assert dialog.kind_box.currentData() is UnitKind.CLINICAL_DEPT  # guessed from the name
    type_text(qtbot, dialog.code_edit, "bv.by")
    accept(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error.text().startswith("Mã “bv.by” đã dùng cho đơn vị “Bệnh viện Đa khoa huyện Bình Yên”")
    dialog.code_edit.clear()
    type_text(qtbot, dialog.code_edit, "BV.AL.NGOAI")
    assert dialog.error.text() == ""  # typing clears the message
    type_text(qtbot, dialog.email_edit, "ngoai@bvanlac.vn")
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    wait_loaded(qtbot, page)
    new_id = page.tree_view.current_id()
    assert unit_row(ui_ctx, new_id) == ("Khoa Ngoại", province["a"], UnitStatus.ACTIVE, "BV.AL.NGOAI")
    assert page.tree_view.items[new_id].parent() is page.tree_view.items[province["a"]]
    assert page.status_label.text() == "Đã thêm đơn vị “Khoa Ngoại”."
    assert page.workspace.overview.units_active == 8  # the window's figures were counted again


def test_edit_dialog_fixes_data(qtbot, make_page, province, ui_ctx):
    page = make_page()
    pick(page, province["b"])
    dialog = page.edit_unit()
    assert (
        dialog.name_edit.text() == "Bệnh viện Đa khoa huyện Bình Yên" and dialog.code_edit.text() == "BV.BY"
    )
    type_text(qtbot, dialog.head_edit, "Trần Văn Hùng")
    type_text(qtbot, dialog.email_edit, "khong-phai-email")
    accept(qtbot, dialog)
    assert "không đúng dạng" in dialog.error.text()
    dialog.email_edit.clear()
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    wait_loaded(qtbot, page)
    assert page.panel.facts["head"].text() == "Trần Văn Hùng"
    assert page.tree_view.items[province["b"]].text(5) == "Trần Văn Hùng"


def test_rename_dialog_keeps_the_old_name(qtbot, make_page, province):
    page = make_page()
    pick(page, province["b"])
    dialog = page.rename_unit()
    type_text(qtbot, dialog.name_edit, "Bệnh viện Đa khoa khu vực Bình Yên")
    dialog.day_edit.setDate(DAY)
    type_text(qtbot, dialog.decision_edit, "QĐ 1620/QĐ-UBND")
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    wait_loaded(qtbot, page)
    assert page.tree_view.items[province["b"]].text(0) == "Bệnh viện Đa khoa khu vực Bình Yên"
    panel = page.panel
    assert panel.names_label.text() == "Bệnh viện Đa khoa huyện Bình Yên (đến 30/06/2025)"
    assert [panel.events_table.item(0, c).text() for c in range(3)] == [
        "01/07/2025",
        "Đổi tên",
        "Bệnh viện Đa khoa huyện Bình Yên → Bệnh viện Đa khoa khu vực Bình Yên\nCăn cứ: QĐ 1620/QĐ-UBND",
    ]
    page.search_box.setText("huyen binh yen")  # the old name still finds it
    assert "Bệnh viện Đa khoa khu vực Bình Yên" in visible(page)


def test_merge_dialog_moves_staff_and_the_successor_inherits(qtbot, make_page, province, ui_ctx):
    add_unit_history(ui_ctx, province["a"])
    page = make_page()
    pick(page, province["a"], province["c"])
    dialog = page.merge_units()
    assert sorted(dialog.absorbed_ids()) == sorted([province["a"], province["c"]])
    accept(qtbot, dialog)  # the successor has no default: it must be chosen
    assert dialog.error.text() == "Hãy chọn đơn vị nhận sáp nhập, hoặc nhập tên đơn vị mới hình thành."
    dialog.into_combo.select_unit(province["b"])
    assert dialog.preview.text() == (
        "2 đơn vị chấm dứt hoạt động. Sang “Bệnh viện Đa khoa huyện Bình Yên”: 1 cán bộ làm việc trực tiếp tại "
        "các đơn vị này và 3 khoa, phòng trực thuộc (cùng cán bộ của chúng)."
    )
    dialog.day_edit.setDate(DAY)
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    wait_loaded(qtbot, page)
    assert page.status_label.text() == "Đã sáp nhập; 1 cán bộ và 3 khoa, phòng chuyển sang đơn vị kế thừa."
    assert visible(page) == [
        "Sở Y tế",
        "Bệnh viện Đa khoa huyện Bình Yên",
        "Khoa Kiểm soát bệnh tật",
        "Khoa Nội",
        "Khoa Xét nghiệm",
    ]
    assert page.tree_view.current_id() == province["b"]
    assert page.tree_view.items[province["b"]].text(1) == "5"
    with ui_ctx.read() as s:
        assert s.scalar(select(Person.unit_id).where(Person.id == province["an"])) == province["b"]
    assert page.panel.lineage_label.text().startswith(
        "Đơn vị tiền thân: Bệnh viện Đa khoa huyện An Lạc; Trung tâm Y tế huyện Cẩm Sơn.\n"
        "Hồ sơ thi đua: của riêng đơn vị (không kế thừa)."
    )
    record = page.open_record(province["b"])
    qtbot.waitUntil(lambda: record.record is not None)
    rating = [record.ratings_table.item(0, c).text() for c in range(4)]
    assert rating == ["2024", "Hoàn thành xuất sắc nhiệm vụ", "Bệnh viện Đa khoa huyện An Lạc", "QĐ 5/QĐ-SYT"]


def test_merge_dialog_asks_whose_record_the_successor_continues(qtbot, make_page, province, ui_ctx):
    """The combo "Đơn vị kế thừa hồ sơ thi đua" offers "Không kế thừa" and the ticked units; the successor's
    verdicts then read exactly the record chosen and name it."""
    add_unit_history(ui_ctx, province["c"])  # Cẩm Sơn: HTXSNV and TTLĐXS 2024
    page = make_page()
    pick(page, province["a"], province["c"])
    dialog = page.merge_units()
    combo = dialog.record_combo
    assert dialog.form.labelForField(combo).text() == "Đơn vị kế thừa hồ sơ thi đua:"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Không kế thừa",
        "Bệnh viện Đa khoa huyện An Lạc",
        "Trung tâm Y tế huyện Cẩm Sơn",
    ]
    assert combo.currentData() is None  # nobody's record by default, never the first by id
    combo.setCurrentIndex(combo.findData(province["c"]))
    dialog.units_view.set_checked([province["a"], province["c"]])  # a new tick keeps the choice
    assert combo.currentData() == province["c"]
    dialog.into_combo.select_unit(province["b"])
    dialog.day_edit.setDate(DAY)
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    hist = load_histories(ui_ctx)
    v = judge(hist.unit_history(province["b"], 2024), "TTLDXS", 2024, hist.book)
    assert v.met[0] == "Kế thừa hồ sơ thi đua của Trung tâm Y tế huyện Cẩm Sơn (sáp nhập ngày 01/07/2025)"
    wait_loaded(qtbot, page)
    assert "Kế thừa hồ sơ thi đua của: Trung tâm Y tế huyện Cẩm Sơn." in page.panel.lineage_label.text()
    assert not v.held  # the predecessor's title is not the unit's own
    assert (
        "Xếp loại 2024: Hoàn thành xuất sắc nhiệm vụ (kế thừa hồ sơ của Trung tâm Y tế huyện Cẩm Sơn)"
        in v.met
    )


def test_split_dialog_offers_the_new_units_for_the_record(qtbot, make_page, province, ui_ctx):
    page = make_page()
    pick(page, province["c"])
    dialog = page.split_unit()
    type_text(qtbot, dialog.parts[0].name, "Trung tâm Y tế khu vực Cẩm Sơn")
    type_text(qtbot, dialog.parts[1].name, "Trung tâm Xét nghiệm Cẩm Sơn")
    combo = dialog.record_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Không kế thừa",
        "Trung tâm Y tế khu vực Cẩm Sơn",
        "Trung tâm Xét nghiệm Cẩm Sơn",
    ]
    combo.setCurrentIndex(combo.findData(0))
    dialog.keep_check.setChecked(True)  # tách một phần: the old unit keeps its own record
    assert not combo.isEnabled() and combo.currentData() is None
    dialog.keep_check.setChecked(False)
    combo.setCurrentIndex(combo.findData(0))
    dialog.set_target(province["c_lab"], 1)
    dialog.day_edit.setDate(DAY)
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    with ui_ctx.read() as s:
        marked = (
            s.execute(
                select(Unit.name)
                .join(UnitEventLink, UnitEventLink.unit_id == Unit.id)
                .where(UnitEventLink.continues_record)
            )
            .scalars()
            .all()
        )
    assert marked == ["Trung tâm Y tế khu vực Cẩm Sơn"]


def test_merge_and_split_dialogs_fit_a_small_screen(qtbot, make_page, province):
    """With the record combo added, both dialogs, buttons included, still fit 1280×720."""
    page = make_page()
    pick(page, province["a"], province["c"])
    merge = page.merge_units()
    assert fits_small_screen(merge)
    merge.reject()
    pick(page, province["c"])
    split = page.split_unit()
    assert fits_small_screen(split)
    split.reject()


def test_merge_dialog_refusal_keeps_the_dialog_open(qtbot, make_page, province, ui_ctx):
    page = make_page()
    pick(page, province["a"])
    dialog = page.merge_units()
    dialog.new_radio.setChecked(True)
    assert dialog.ok_button.text() == "Hợp nhất"
    type_text(qtbot, dialog.new_name, "Trung tâm Y tế khu vực An Lạc")
    accept(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text() == "Hợp nhất thành đơn vị mới cần ít nhất hai đơn vị."
    dialog.reject()
    assert unit_row(ui_ctx, province["a"])[2] is UnitStatus.ACTIVE


def test_split_dialog_sends_departments_to_new_units(qtbot, make_page, province, ui_ctx):
    page = make_page()
    pick(page, province["c"])
    dialog = page.split_unit()
    assert len(dialog.parts) == 2 and [d.name for d in dialog.departments] == [
        "Khoa Kiểm soát bệnh tật",
        "Khoa Xét nghiệm",
    ]
    type_text(qtbot, dialog.parts[0].name, "Trung tâm Y tế khu vực Cẩm Sơn")
    type_text(qtbot, dialog.parts[1].name, "Trung tâm Xét nghiệm Cẩm Sơn")
    assert [dialog.target_combos[1].itemText(i) for i in range(2)] == [
        "Trung tâm Y tế khu vực Cẩm Sơn",
        "Trung tâm Xét nghiệm Cẩm Sơn",
    ]
    dialog.set_target(province["c_lab"], 1)
    dialog.day_edit.setDate(DAY)
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    wait_loaded(qtbot, page)
    assert unit_row(ui_ctx, province["c"])[2] is UnitStatus.SPLIT
    lab_parent = unit_row(ui_ctx, province["c_lab"])[1]
    assert unit_row(ui_ctx, lab_parent)[0] == "Trung tâm Xét nghiệm Cẩm Sơn"
    assert page.status_label.text() == "Đã chia tách “Trung tâm Y tế huyện Cẩm Sơn” thành 2 đơn vị mới."
    assert "Trung tâm Xét nghiệm Cẩm Sơn" in visible(page)


def test_partial_split_offers_to_keep_departments(qtbot, make_page, province, ui_ctx):
    page = make_page()
    pick(page, province["c"])
    dialog = page.split_unit()
    dialog.keep_check.setChecked(True)
    dialog.remove_part(dialog.parts[1])
    type_text(qtbot, dialog.parts[0].name, "Trung tâm Xét nghiệm Cẩm Sơn")
    assert dialog.target_combos[0].itemText(0) == "Giữ lại ở Trung tâm Y tế huyện Cẩm Sơn"
    assert not dialog.staff_combo.isEnabled()
    dialog.set_target(province["c_lab"], 0)
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    assert unit_row(ui_ctx, province["c"])[2] is UnitStatus.ACTIVE
    assert unit_row(ui_ctx, province["c_care"])[1] == province["c"]


def test_dissolve_dialog_asks_where_the_staff_go(qtbot, make_page, province, ui_ctx):
    page = make_page()
    pick(page, province["a"])
    dialog = page.dissolve_unit()
    assert "Đơn vị còn <b>3</b> cán bộ đang công tác" in dialog.staff_warning.text()
    assert dialog.move_combo.findData(province["a_ward"]) == -1  # not into its own department
    accept(qtbot, dialog)
    assert "còn 3 cán bộ đang công tác" in dialog.error.text() and dialog.isVisible()
    dialog.move_combo.select_unit(province["b"])
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    wait_loaded(qtbot, page)
    assert unit_row(ui_ctx, province["a"])[2] is UnitStatus.DISSOLVED
    assert page.status_label.text() == (
        "Đã giải thể “Bệnh viện Đa khoa huyện An Lạc”; 3 cán bộ đã chuyển sang đơn vị nhận."
    )
    assert page.tree_view.current_id() == province["dept"]


# --- the record, menus, the ratings hook -------------------------------------------------------------


def test_double_click_opens_the_record_and_prints_it(
    qtbot, make_page, province, ui_ctx, tmp_path, monkeypatch
):
    import pypdf

    add_unit_history(ui_ctx, province["a"])
    merge_units(
        ui_ctx, MergePlan((province["a"],), dt.date(2025, 7, 1), "QĐ 1620/QĐ-UBND", into_id=province["b"])
    )
    page = make_page()
    tree = page.tree_view
    item = tree.items[province["b"]]
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(page.record_dialogs) == 1
    dialog = page.record_dialogs[0]
    qtbot.waitUntil(lambda: dialog.record is not None)
    assert dialog.windowTitle() == "Hồ sơ đơn vị – Bệnh viện Đa khoa huyện Bình Yên"
    assert dialog.facts["code"].text() == "BV.BY"
    assert dialog.facts["staff"].text().startswith("4 người đang công tác")
    events = [dialog.events_table.item(0, c).text() for c in range(5)]
    assert events == [
        "01/07/2025",
        "Sáp nhập",
        "Bệnh viện Đa khoa huyện An Lạc",
        "Bệnh viện Đa khoa huyện Bình Yên",
        "QĐ 1620/QĐ-UBND",
    ]
    award = [dialog.awards_table.item(0, c).text() for c in range(3)]
    assert award == ["2024", "Tập thể lao động xuất sắc", "Bệnh viện Đa khoa huyện An Lạc"]
    assert "Đơn vị tiền thân" in dialog.lineage_label.text()

    target = tmp_path / "Hồ sơ BV Bình Yên"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), a[-1]))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.pdf_job.done, timeout=15_000):
        pass
    written = tmp_path / "Hồ sơ BV Bình Yên.pdf"
    assert opened == [str(written)]
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(written).pages)
    assert "HỒ SƠ KHEN THƯỞNG ĐƠN VỊ" in text and "Bệnh viện Đa khoa huyện Bình Yên" in text
    assert "Tập thể lao động xuất sắc" in text and "Bệnh viện Đa khoa huyện An Lạc" in text
    assert dialog.status.text() == f"Đã lưu {written}"


def test_the_context_menu_and_the_ratings_hook(qtbot, make_page, province):
    page = make_page()
    pick(page, province["dept"])
    menu = page.context_menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Hồ sơ đơn vị",
        "Xếp loại hằng năm…",
        "Thêm đơn vị…",
        "Sửa thông tin…",
        "Đổi tên…",
        "Sáp nhập…",
        "Chia tách…",
        "Giải thể…",
    ]
    # the root of the tree cannot be merged, split or dissolved
    assert not page.split_action.isEnabled() and not page.dissolve_action.isEnabled()
    pick(page, province["c"])
    dialog = page.open_ratings()
    qtbot.waitUntil(lambda: dialog.unit_combo.isEnabled())
    assert dialog.parent() is page and dialog.isVisible()
    assert dialog.unit_combo.currentData() == province["c"]
    assert dialog.year_box.value() == ratings_year() and 2000 < ratings_year() <= dt.date.today().year
    dialog.close()


def test_the_unit_list_import_is_under_the_add_button(qtbot, make_page, province):
    """Thêm đơn vị… ▾ › Nhập danh sách đơn vị từ Excel…: one button on the toolbar, so that the toolbar keeps
    every action in view at 1280 pixels."""
    page = make_page()
    button = page.toolbar.widgetForAction(page.add_action)
    assert [a.text() for a in button.menu().actions()] == ["Thêm đơn vị…", "Nhập danh sách đơn vị từ Excel…"]
    assert page.import_action not in page.toolbar.actions()
    assert button.popupMode() == QToolButton.ToolButtonPopupMode.MenuButtonPopup
    button.menu().actions()[1].trigger()
    dialog = page.active_dialog
    assert dialog.windowTitle() == "Nhập danh sách đơn vị từ Excel" and dialog.isVisible()
    dialog.close()


def test_an_empty_database_says_how_to_start(qtbot, make_page):
    page = make_page()
    assert page.stack.currentWidget() is page.message
    assert page.message.text().startswith("Chưa có đơn vị nào.")
    dialog = page.add_unit()
    assert dialog.parent_combo is None and dialog.name_edit.text() == "Sở Y tế"
    assert dialog.kind_box.currentData() is UnitKind.DEPARTMENT
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    wait_loaded(qtbot, page)
    assert visible(page) == ["Sở Y tế"] and page.stack.currentWidget() is page.splitter


# --- staying current ----------------------------------------------------------------------------------


def test_a_staff_import_elsewhere_updates_the_tree_without_a_click(qtbot, make_page, province, tmp_path):
    """The Đơn vị page counts staff: after the import wizard writes (its WriteOp announces STAFF and
    UNITS), the open page reads again by itself: the new department and the new head count show."""
    from tests.ui.test_import_wizard import to_preview, write_roster
    from ui.dialogs.import_wizard import ImportWizard

    page = make_page()
    assert page.tree_view.nodes[province["b"]].staff_total == 1
    assert "Khoa Cấp cứu" not in visible(page)
    people = [
        [1, "Trần Văn Cường", "Nam", "12/05/1990", "Khoa Cấp cứu", "Bác sĩ"],
        [2, "Phạm Thị Dung", "Nữ", "21/02/1985", "Khoa Cấp cứu", "Điều dưỡng"],
    ]
    wizard = ImportWizard(page.workspace, None, write_roster(tmp_path / "ds.xlsx", people))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(
        lambda: wizard.task is None and wizard.sheet is not None and wizard.unit_combo.count() > 1
    )
    to_preview(qtbot, wizard, province["b"])
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.step == 3, timeout=10000)
    assert wizard.result_summary.created == 2

    qtbot.waitUntil(lambda: page.tree_view.nodes[province["b"]].staff_total == 3, timeout=10000)
    wait_loaded(qtbot, page)
    assert "Khoa Cấp cứu" in visible(page)
    assert page.count_label.text() == "8 đơn vị đang hoạt động"  # 7 before, and the new khoa
