"""The Phong trào thi đua page driven as a clerk drives it: seed 003's campaign typed in (name, kind, who
launches it, the period, both phases, the ten content items pasted at once), seed 001's targets and a
unit's results with their progress, the time line, and the launching dispatch drafted, read back from its
PDF and entered in the register."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QToolBar

from app.domain.campaigns import CampaignInput
from app.services.campaigns import add_content_items, campaign_detail, list_campaigns, save_campaign
from app.services.units import create_unit_under_department
from database.enums import CampaignKind, DocumentKind, Launcher, TargetComparison, UnitKind
from tests.ui.keyboard import type_text
from tests.ui.mouse import double_click
from tests.unit.test_campaign_document import seed_campaign
from tests.unit.test_state_documents import LEFT, LEFT_CENTRE, MM, RIGHT_CENTRE, Pdf, assert_element

CAMPAIGNS_ROW = 3


@pytest.fixture
def page(qtbot, make_window, agency, ui_ctx):
    create_unit_under_department(ui_ctx, "Bệnh viện Đa khoa tỉnh", UnitKind.HOSPITAL)
    create_unit_under_department(ui_ctx, "Trung tâm Y tế huyện Cát Tiên", UnitKind.HEALTH_CENTER)
    window = make_window(agency)
    window.show_section(CAMPAIGNS_ROW)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    return page


def _set_date(edit, day: dt.date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    type_text(qtbot, widget, text)


def _paste(qtbot, widget, text: str) -> None:
    QApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def _ok(qtbot, page, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # the write runs on the writer thread
    qtbot.waitUntil(lambda: page.active_dialog is None or bool(dialog.error.text()))
    assert page.active_dialog is None, dialog.error.text()
    qtbot.waitUntil(lambda: not page.loading)


def _open(page, action):
    action.trigger()
    assert page.active_dialog is not None
    return page.active_dialog


def _new_campaign(qtbot, page, name, kind, launcher, start, end, theme="", basis=""):
    dialog = _open(page, page.new_action)
    _type(qtbot, dialog.name_edit, name)
    if theme:
        _type(qtbot, dialog.theme_edit, theme)
    _choose(dialog.kind_combo, kind)
    _choose(dialog.launcher_combo, launcher)
    _set_date(dialog.start_edit, start)
    _set_date(dialog.end_edit, end)
    if basis:
        _paste(qtbot, dialog.basis_edit, basis)
    _ok(qtbot, page, dialog)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.name == name)


def enter_seed_003(qtbot, page):
    campaign, _ = seed_campaign()
    _new_campaign(
        qtbot,
        page,
        campaign.name,
        CampaignKind.PHASED,
        Launcher.JOINT_UNION,
        campaign.start_date,
        campaign.end_date,
        campaign.theme,
        campaign.legal_basis,
    )
    for phase in campaign.phases:
        dialog = _open(page, page.phase_action)
        _set_date(dialog.start_edit, phase.start_date)
        _set_date(dialog.end_edit, phase.end_date)
        _type(qtbot, dialog.focus_edit, phase.focus)
        _ok(qtbot, page, dialog)
    dialog = _open(page, page.items_action)
    _paste(qtbot, dialog.items_edit, "\n".join(f"2.{i.number}. {i.text}" for i in campaign.items))
    assert dialog.count_label.text() == "10 nội dung sẽ được thêm."
    _ok(qtbot, page, dialog)
    qtbot.waitUntil(lambda: len(page.detail.items) == 10)
    return campaign


def test_seed_003_entered_through_the_page(qtbot, page, ui_ctx):
    campaign = enter_seed_003(qtbot, page)
    assert page.year_combo.year() == 2020  # the page moved to the campaign's year
    assert page.campaigns_model.text(0, 0) == campaign.name
    assert page.campaigns_model.text(0, 1) == "2020"
    assert "26/06/2020 – 31/12/2020" in page.detail_facts.text()
    assert page.campaigns_model.text(0, 2) == "Đã kết thúc"
    assert page.detail_facts.text().startswith("Theo đợt · ")
    assert "Sở Y tế và Công đoàn ngành" in page.detail_facts.text()
    assert [page.phases_model.text(r, 0) for r in range(2)] == ["Đợt 1", "Đợt 2"]
    assert page.phases_model.text(1, 2) == "31/12/2020"
    assert page.items_model.rowCount() == 10 and page.items_model.text(9, 0) == "10."
    assert page.items_model.text(3, 1).startswith("Đẩy mạnh việc học tập")  # emphasis marks not shown
    stored = campaign_detail(ui_ctx, page.detail.id)
    assert [i.text for i in stored.items] == [i.text for i in campaign.items]
    assert [(p.start_date, p.end_date, p.focus) for p in stored.phases] == [
        (p.start_date, p.end_date, p.focus) for p in campaign.phases
    ]
    assert stored.legal_basis == campaign.legal_basis and stored.theme == campaign.theme
    assert len(page.timeline.bars) == 2 and [m.label for m in page.timeline.marks] == [
        "Phát động",
        "Kết thúc",  # no tổng kết entered as a review point yet
    ]
    assert page.timeline.bar_rect(0).right() <= page.timeline.bar_rect(1).left() + 1


def test_overlapping_phase_is_refused_with_its_reason(qtbot, page):
    enter_seed_003(qtbot, page)
    dialog = _open(page, page.phase_action)
    _set_date(dialog.start_edit, dt.date(2020, 7, 1))
    _set_date(dialog.end_edit, dt.date(2020, 8, 1))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "trùng với Đợt 1" in dialog.error.text())
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    dialog.reject()


def test_seed_001_targets_and_a_units_results_with_progress(qtbot, page, ui_ctx):
    _new_campaign(
        qtbot,
        page,
        "Phong trào thi đua thực hiện các chỉ tiêu Nghị quyết giai đoạn 2023 - 2025",
        CampaignKind.MULTI_YEAR,
        Launcher.DEPARTMENT,
        dt.date(2023, 1, 1),
        dt.date(2025, 12, 31),
    )
    C = TargetComparison
    for name, measure, comparison, low, high in (
        ("Số bác sĩ/vạn dân", "bác sĩ/vạn dân", C.RANGE, "8,5", "9"),
        ("Số giường bệnh/vạn dân", "giường bệnh/vạn dân", C.RANGE, "24", "25"),
        ("Tỷ lệ xã đạt bộ tiêu chí quốc gia về y tế", "%", C.AT_LEAST, "100", ""),
        ("Tỷ lệ tăng dân số tự nhiên", "%", C.ABOUT, "1,0", ""),
    ):
        dialog = _open(page, page.target_action)
        _type(qtbot, dialog.name_edit, name)
        _type(qtbot, dialog.measure_edit, measure)
        _choose(dialog.comparison_combo, comparison)
        assert dialog.max_edit.isVisibleTo(dialog) == (comparison is C.RANGE)
        _type(qtbot, dialog.value_edit, low)
        if high:
            _type(qtbot, dialog.max_edit, high)
        _ok(qtbot, page, dialog)
    qtbot.waitUntil(lambda: page.targets_model.rowCount() == 4)
    assert [page.targets_model.text(r, 1) for r in range(4)] == [
        "8,5 – 9 bác sĩ/vạn dân",
        "24 – 25 giường bệnh/vạn dân",
        "≥ 100 %",
        "khoảng 1 %",
    ]

    page.targets_view.selectRow(0)
    for year, value in ((2023, "8,2"), (2024, "8,7"), (2025, "9,4")):
        dialog = _open(page, page.result_action)
        _choose(dialog.unit_combo, dialog.unit_combo.itemData(0))
        dialog.year_box.setValue(year)
        _type(qtbot, dialog.value_edit, value)
        _ok(qtbot, page, dialog)
    qtbot.waitUntil(lambda: page.results_table.rowCount() == 1)
    table = page.results_table
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["2023", "2024", "2025"]
    assert table.verticalHeaderItem(0).text() == "Bệnh viện Đa khoa tỉnh"
    assert [table.item(0, c).text() for c in range(3)] == ["8,2", "8,7", "9,4"]
    colours = [table.item(0, c).background().color().name() for c in range(3)]
    assert colours == ["#f8d7d7", "#d8f0dc", "#d6e8f7"]  # chưa đạt, trong khoảng, vượt khoảng
    assert "Chưa đạt" in table.item(0, 0).toolTip() and "Vượt khoảng" in table.item(0, 2).toolTip()
    assert page.targets_model.text(0, 2) == "1/1"  # its latest result reaches the target
    assert page.status_label.text() == "Đã ghi kết quả: Vượt khoảng."

    page.targets_view.selectRow(3)  # about 1,0 %: 1,3 is off the mark
    qtbot.waitUntil(
        lambda: page.current_target() is not None and page.current_target().name.startswith("Tỷ lệ tăng")
    )
    dialog = _open(page, page.result_action)
    dialog.year_box.setValue(2024)
    _type(qtbot, dialog.value_edit, "1,3")
    _ok(qtbot, page, dialog)
    qtbot.waitUntil(
        lambda: page.results_table.rowCount() == 1 and page.results_table.item(0, 1).text() == "1,3"
    )
    assert page.results_table.item(0, 1).background().color().name() == "#fbe9c6"
    [summary] = [c for c in list_campaigns(ui_ctx, 2024) if c.kind is CampaignKind.MULTI_YEAR]
    assert summary.targets == 4


def test_the_launching_dispatch_is_drafted_printed_and_registered(qtbot, page, ui_ctx, tmp_path, monkeypatch):
    campaign = enter_seed_003(qtbot, page)
    target = tmp_path / "phat-dong.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Tệp PDF (*.pdf)"))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    dialog = _open(page, page.launch_action)
    qtbot.waitUntil(lambda: not dialog.loading and bool(dialog.subject_edit.text()))
    assert dialog.kind_combo.currentData() is DocumentKind.OFFICIAL_LETTER
    assert dialog.subject_edit.text() == "phát động phong trào thi đua yêu nước năm 2020"
    text = dialog.body_edit.toPlainText().splitlines()
    assert text[0] == campaign.legal_basis  # the opening the clerk typed as the campaign's căn cứ
    assert "**1. Phân kỳ thời gian phát động thi đua**" in text and "**3. Tổ chức thực hiện**" in text
    # The clerk edits the draft as text before printing it.
    dialog.drafter_edit.setText("hq")
    job = dialog.preview()
    with qtbot.waitSignal(job.done, timeout=20_000):
        pass
    pdf = Pdf(target.read_bytes())
    assert_element(pdf.find("SỞ Y TẾ"), 12, "B", centre=LEFT_CENTRE)
    assert_element(pdf.find("Số:/SYT-VP"), 13, "R", centre=LEFT_CENTRE)
    assert pdf.find(f"Thanh Hóa, ngày tháng năm {dt.date.today().year}").style == "I"
    assert_element(pdf.find("V/v phát động phong trào thi đua yêu nước năm 2020"), 12, "R")
    assert_element(pdf.find("Kính gửi: Thủ trưởng các đơn vị trực thuộc Sở"), 14, "R", x=LEFT + 35 * MM)
    assert pdf.has(
        "Giám đốc Sở Y tế và Thường trực Công đoàn Ngành Y tế phát động phong trào thi đua yêu nước năm "
        "2020 với chủ đề:"
    )
    assert pdf.has("Đợt 1 bắt đầu từ ngày 26/6/2020 đến ngày 27/7/2020") and pdf.has(
        "Đợt 2 bắt đầu từ ngày 28/7/2020 đến hết ngày 31/12/2020"
    )
    for item in campaign.items:
        assert_element(pdf.find(f"2.{item.number}."), 14, "R", x=LEFT + 10 * MM)
    assert_element(pdf.find("3. Tổ chức thực hiện"), 14, "B", x=LEFT + 10 * MM)
    last = len(pdf.pages) - 1
    assert_element(pdf.find("Nơi nhận:", last), 12, "BI", x=LEFT)
    assert pdf.has("- Như trên;", last) and pdf.has("- Lưu: VT, VP.", last)
    assert_element(pdf.find("Lê Văn Bình", last), 14, "B", centre=RIGHT_CENTRE)
    assert pdf.has("HQ", last)

    with qtbot.waitSignal(dialog.registered):
        dialog.register_button.click()
        assert not dialog.register_button.isEnabled()  # one click numbers once
    assert dialog.result_value.number_text == "01/SYT-VP"
    assert not dialog.register_button.isEnabled()
    assert "Đã vào sổ: văn bản số 01/SYT-VP" in dialog.status.text()
    qtbot.waitUntil(
        lambda: page.detail is not None and page.detail.launch_document is not None and not page.loading
    )
    assert f"văn bản phát động số 01/SYT-VP ngày {dt.date.today():%d/%m/%Y}" in page.detail_facts.text()
    target.unlink()
    job = dialog.preview()
    with qtbot.waitSignal(job.done, timeout=20_000):
        pass
    assert Pdf(target.read_bytes()).has("Số: 01/SYT-VP")
    dialog.reject()

    # A campaign with its launching document in the register stays: the refusal is said, nothing changes.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.campaigns_view.setFocus()
    page.delete_action.trigger()
    qtbot.waitUntil(lambda: "không xóa được" in page.status_label.text())
    assert page.status_label.text() == "Phong trào đã có văn bản phát động vào sổ; không xóa được."
    assert page.campaigns_model.rowCount() == 1


def test_a_campaign_deleted_from_the_page(qtbot, page, ui_ctx, monkeypatch):
    name = "Phong trào thi đua nhập nhầm"
    _new_campaign(
        qtbot,
        page,
        name,
        CampaignKind.REGULAR,
        Launcher.DEPARTMENT,
        dt.date(2021, 1, 1),
        dt.date(2021, 12, 31),
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.campaigns_view.setFocus()
    with qtbot.waitSignal(page.workspace.changed):
        page.delete_action.trigger()
    qtbot.waitUntil(lambda: page.detail is None and not page.loading)
    assert page.status_label.text() == f"Đã xóa phong trào “{name}”."
    assert "Chưa có phong trào thi đua nào" in page.list_empty.text()
    assert not page.edit_action.isEnabled()
    assert list_campaigns(ui_ctx, 2021) == []


def test_a_double_click_on_new_campaign_opens_one_form(qtbot, page):
    from ui.dialogs.campaign_forms import CampaignDialog

    (toolbar,) = [t for t in page.findChildren(QToolBar) if t is not page.target_tools]
    double_click(qtbot, toolbar.widgetForAction(page.new_action))
    qtbot.waitUntil(lambda: page.active_dialog is not None)
    forms = [d for d in page.findChildren(CampaignDialog) if d.isVisible()]
    assert forms == [page.active_dialog]
    page.active_dialog.reject()
    qtbot.waitUntil(lambda: page.active_dialog is None)
    page.new_action.trigger()  # closed: the action works again at once
    assert page.active_dialog is not None
    page.active_dialog.reject()


def test_a_negative_target_is_refused_by_the_form(qtbot, page, ui_ctx):
    """“≥ -5 %” was saved; the form now says why not and keeps what was typed."""
    from tests.db.test_campaigns import SEED_001

    campaign_id = save_campaign(ui_ctx, SEED_001)
    page._loader.request(2023, campaign_id)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == campaign_id)
    dialog = _open(page, page.target_action)
    _type(qtbot, dialog.name_edit, "Tỷ lệ hộ nghèo")
    _type(qtbot, dialog.measure_edit, "%")
    _choose(dialog.comparison_combo, TargetComparison.AT_LEAST)
    _type(qtbot, dialog.value_edit, "-5")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Giá trị của chỉ tiêu không được âm."
    assert page.active_dialog is dialog and dialog.value_edit.text() == "-5"
    dialog.value_edit.clear()
    _type(qtbot, dialog.value_edit, "5")
    _ok(qtbot, page, dialog)
    assert [t.value_min for t in campaign_detail(ui_ctx, campaign_id).targets] == [Decimal("5")]


def test_a_target_in_words_a_target_year_a_units_own_goal_and_the_report(
    qtbot, page, ui_ctx, tmp_path, monkeypatch
):
    """Seed 001's target in words and its "đến năm 2025" typed in the form, the health centre held to its own
    6 – 6,5 doctors, results judged by it, a verdict given by hand, and the report out to Excel and PDF."""
    from tests.db.test_campaigns import SEED_001

    campaign_id = save_campaign(ui_ctx, SEED_001)
    page._loader.request(2023, campaign_id)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == campaign_id)
    C = TargetComparison
    dialog = _open(page, page.target_action)
    _type(qtbot, dialog.name_edit, "Số bác sĩ/vạn dân")
    _type(qtbot, dialog.measure_edit, "bác sĩ/vạn dân")
    _choose(dialog.comparison_combo, C.RANGE)
    _type(qtbot, dialog.value_edit, "8,5")
    _type(qtbot, dialog.max_edit, "9")
    _ok(qtbot, page, dialog)
    dialog = _open(page, page.target_action)
    _type(qtbot, dialog.name_edit, "Tỷ lệ tăng dân số tự nhiên")
    _type(qtbot, dialog.measure_edit, "%")
    _choose(dialog.comparison_combo, C.ABOUT)
    assert dialog.tolerance_edit.isVisibleTo(dialog) and not dialog.max_edit.isVisibleTo(dialog)
    _type(qtbot, dialog.value_edit, "1,0")
    _type(qtbot, dialog.tolerance_edit, "0,05")
    dialog.year_box.setValue(2025)
    _ok(qtbot, page, dialog)
    dialog = _open(page, page.target_action)
    _type(qtbot, dialog.name_edit, "Chỉ tiêu nghị quyết Đại hội Đảng bộ huyện")
    _choose(dialog.comparison_combo, C.TEXT)
    assert dialog.text_edit.isVisibleTo(dialog) and not dialog.value_edit.isVisibleTo(dialog)
    _type(qtbot, dialog.text_edit, "Hoàn thành các chỉ tiêu nghị quyết Đại hội Đảng bộ huyện")
    _ok(qtbot, page, dialog)
    qtbot.waitUntil(lambda: page.targets_model.rowCount() == 3)
    assert [page.targets_model.text(r, 1) for r in range(3)] == [
        "8,5 – 9 bác sĩ/vạn dân",
        "đến năm 2025 khoảng 1 % (± 0,05)",
        "Hoàn thành các chỉ tiêu nghị quyết Đại hội Đảng bộ huyện",
    ]

    centre = next(u for u in page.view_data.units if u.name == "Trung tâm Y tế huyện Cát Tiên")
    page.targets_view.selectRow(0)
    dialog = _open(page, page.target_tools.unit_value_action)
    assert dialog.target_combo.count() == 2  # the target in words has no values of a unit's own
    _choose(dialog.unit_combo, centre.id)
    _type(qtbot, dialog.value_edit, "6")
    _type(qtbot, dialog.max_edit, "6,5")
    _ok(qtbot, page, dialog)
    qtbot.waitUntil(lambda: page.detail.targets[0].unit_values != ())

    for target_row, year, value in ((0, 2024, "6,1"), (1, 2024, "1,3")):
        page.targets_view.selectRow(target_row)
        dialog = _open(page, page.result_action)
        _choose(dialog.unit_combo, centre.id)
        dialog.year_box.setValue(year)
        assert dialog.value_edit.isVisibleTo(dialog) and not dialog.verdict_combo.isVisibleTo(dialog)
        if target_row == 0:
            assert dialog.goal_label.text() == "6 – 6,5 bác sĩ/vạn dân (mục tiêu riêng của đơn vị)"
        _type(qtbot, dialog.value_edit, value)
        _ok(qtbot, page, dialog)
    assert page.status_label.text() == "Đã ghi kết quả: Chưa đến năm mục tiêu."
    page.targets_view.selectRow(2)
    dialog = _open(page, page.result_action)
    _choose(dialog.unit_combo, centre.id)
    dialog.year_box.setValue(2024)
    assert dialog.verdict_combo.isVisibleTo(dialog) and not dialog.value_edit.isVisibleTo(dialog)
    _choose(dialog.verdict_combo, dialog.verdict_combo.itemData(1))
    _type(qtbot, dialog.note_edit, "Hoàn thành 12/12 chỉ tiêu")
    _ok(qtbot, page, dialog)
    assert page.status_label.text() == "Đã ghi kết quả: Đạt."
    qtbot.waitUntil(lambda: page.results_table.rowCount() == 1)
    assert page.results_table.item(0, 1).text() == "Hoàn thành 12/12 chỉ tiêu"

    page.targets_view.selectRow(0)
    qtbot.waitUntil(lambda: page.results_table.rowCount() == 1)
    assert page.results_table.verticalHeaderItem(0).text() == "Trung tâm Y tế huyện Cát Tiên (riêng)"
    assert page.results_caption.text().endswith("Trung tâm Y tế huyện Cát Tiên: 6 – 6,5 bác sĩ/vạn dân)")
    assert page.results_table.item(0, 1).background().color().name() == "#d8f0dc"  # in its own range

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    for suffix in (".xlsx", ".pdf"):
        target = tmp_path / f"chi-tieu{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        action = page.target_tools.xlsx_action if suffix == ".xlsx" else page.target_tools.pdf_action
        action.trigger()
        qtbot.waitUntil(target.exists, timeout=20_000)
    qtbot.waitUntil(lambda: page.status_label.text() == "Đã xuất báo cáo chỉ tiêu ra chi-tieu.pdf.")
    assert Pdf((tmp_path / "chi-tieu.pdf").read_bytes()).has("I. Trung tâm Y tế huyện Cát Tiên")
    import openpyxl

    cells = [
        c.value for row in openpyxl.load_workbook(tmp_path / "chi-tieu.xlsx").active.iter_rows() for c in row
    ]
    assert "6 – 6,5 (mục tiêu riêng)" in cells and "Chưa đến năm mục tiêu" in cells


def test_a_content_items_words_are_corrected_from_the_list(qtbot, page, ui_ctx):
    campaign_id = save_campaign(
        ui_ctx,
        CampaignInput(
            "Phong trào “Xanh – sạch – đẹp”",
            CampaignKind.REGULAR,
            start_date=dt.date(2020, 1, 1),
            end_date=dt.date(2020, 12, 31),
        ),
    )
    add_content_items(ui_ctx, campaign_id, "1. Vệ sinh môi trường\na) Trồng cây xanh\nb) Thu gom rác thải")
    page._loader.request(2020, campaign_id)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == campaign_id and not page.loading)
    view = page.items_view
    index = page.items_model.index(1, 1)  # "1.1. Trồng cây xanh"
    where = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    dialog = page.active_dialog
    assert dialog is not None and dialog.windowTitle() == "Sửa nội dung thi đua 1.1."
    assert dialog.text_edit.toPlainText() == "Trồng cây xanh"
    dialog.text_edit.selectAll()
    _type(qtbot, dialog.text_edit, "Trồng và chăm sóc cây xanh")
    _ok(qtbot, page, dialog)
    qtbot.waitUntil(lambda: page.detail.items[1].text == "Trồng và chăm sóc cây xanh")
    assert [i.number for i in page.detail.items] == ["1.", "1.1.", "1.2."]  # its place in the tree stays
    assert page.status_label.text() == "Đã sửa nội dung thi đua 1.1."
    assert campaign_detail(ui_ctx, campaign_id).items[1].text == "Trồng và chăm sóc cây xanh"
    # the "Sửa…" button opens the same form; an empty text is refused with its reason
    view.selectRow(0)
    qtbot.mouseClick(page.item_buttons["edit"], Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert dialog.text_edit.toPlainText() == "Vệ sinh môi trường"
    dialog.text_edit.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error.text()))
    assert "không được để trống" in dialog.error.text()
    dialog.reject()
