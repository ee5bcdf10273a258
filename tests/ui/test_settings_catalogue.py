"""Cài đặt › Danh mục khen thưởng driven like a clerk: a row's rule, basis, certainty and coefficients; the
office's own form added; a new base salary added, a bad one refused with the reason."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from app.services.catalogue import list_base_salaries, sync_catalogue
from app.services.council import threshold_sources_on
from app.services.legal_bases import legal_bases_on
from database.enums import DocumentKind
from ui.dialogs.catalogue_forms import BaseSalaryDialog, LocalAwardTypeDialog, ProvinceRuleDialog
from ui.main_window import section_row
from ui.workspace import Area


@pytest.fixture
def page(qtbot, make_window, agency):
    window = make_window(agency)
    window.show_section(section_row("settings"))
    shown = window.current_page()
    shown.tabs.setCurrentIndex(2)
    loaded(qtbot, shown)
    return shown


def loaded(qtbot, page) -> None:
    """The page has read the catalogue (in the background) and the chosen row's detail."""
    qtbot.waitUntil(lambda: page.view_data is not None and not page._loader.busy and not page.details.busy)


def row_of(table, code: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == code)


def closed(dialog) -> bool:
    """The dialog has closed after its write (it deletes itself on closing)."""
    return not isValid(dialog) or not dialog.isVisible()


def modal(qtbot, kind):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    return QApplication.activeModalWidget()


def test_a_row_shows_its_rule_basis_certainty_and_coefficients(qtbot, page):
    page.catalogue_table.selectRow(row_of(page.catalogue_table, "CSTDCS"))
    qtbot.waitUntil(lambda: page.award_detail.toPlainText().startswith("Chiến sĩ thi đua cơ sở"))
    text = page.award_detail.toPlainText()
    assert text.startswith("Chiến sĩ thi đua cơ sở")
    assert "Tiêu chuẩn" in text and "Căn cứ" in text and "Độ tin cậy" in text
    assert "Hệ số tiền thưởng" in text
    assert "01/01/2024\n1\n—\nNĐ 98/2023/NĐ-CP, Điều 54 (V)" in text
    assert "01/07/2025\n1\n—\nNĐ 152/2025/NĐ-CP, Điều 50 khoản 1 (V)" in text
    assert any(label in text for label in ("Đã đối chiếu văn bản", "Có khả năng đúng", "Chưa kiểm chứng"))


def test_add_the_office_form_then_it_survives_a_catalogue_reload(qtbot, page, ui_ctx):
    page.add_award_button.click()
    dialog = modal(qtbot, LocalAwardTypeDialog)
    dialog.code_edit.setText("LDTT")
    dialog.name_edit.setText("Giấy khen chuyên đề của Giám đốc Sở")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # the service checks, on the writer thread
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled())
    assert "mã cố định" in dialog.error.text() and dialog.isVisible()  # refused, nothing lost
    dialog.code_edit.setText("gk_chuyen_de")
    dialog.collective_check.setChecked(True)
    dialog.individual_edit.setText("0,15")
    dialog.collective_edit.setText("0,3")
    dialog.from_edit.setDate(QDate(2025, 1, 1))
    dialog.basis_edit.setText("Quy chế TĐKT của Sở Y tế, Điều 12")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    loaded(qtbot, page)  # the write announced the catalogue: the page read it again
    table = page.catalogue_table
    row = row_of(table, "GK_CHUYEN_DE")
    assert table.item(row, 1).text() == "Giấy khen chuyên đề của Giám đốc Sở (cơ quan thêm)"
    assert table.selectionModel().selectedRows()[0].row() == row  # the new row is the one shown
    text = page.award_detail.toPlainText()
    assert "do cơ quan thêm" in text and "0,15" in text and "0,3" in text and "01/01/2025" in text

    sync_catalogue(ui_ctx, force=True)  # what the next start does after an upgrade
    page.reload()
    loaded(qtbot, page)
    assert table.item(row_of(table, "GK_CHUYEN_DE"), 1).text().endswith("(cơ quan thêm)")


def test_add_a_base_salary_and_a_refused_one(qtbot, page, ui_ctx):
    assert page.salary_table.rowCount() == 4
    assert page.salary_table.item(0, 1).text() == "2.530.000 đồng"  # NĐ 161/2026, shipped
    page.add_salary_button.click()
    dialog = modal(qtbot, BaseSalaryDialog)
    dialog.from_edit.setDate(QDate(2024, 7, 1))
    dialog.amount_box.setValue(2_500_000)
    dialog.basis_edit.setText("Nghị định mới")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled())
    assert "Đã có mức lương cơ sở áp dụng từ ngày 01/07/2024" in dialog.error.text()
    dialog.from_edit.setDate(QDate(2027, 7, 1))
    dialog.amount_box.setValue(0)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled())
    assert "số tiền dương" in dialog.error.text()
    dialog.amount_box.setValue(2_700_000)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    qtbot.waitUntil(lambda: page.salary_table.rowCount() == 5)
    assert (
        page.salary_table.item(0, 0).text(),
        page.salary_table.item(0, 1).text(),
        page.salary_table.item(0, 3).text(),
    ) == ("01/07/2027", "2.700.000 đồng", "Cơ quan thêm")
    sync_catalogue(ui_ctx, force=True)
    assert list_base_salaries(ui_ctx)[0].effective_from == dt.date(2027, 7, 1)


def test_the_province_regulation_and_a_threshold_entered_in_settings(qtbot, page, ui_ctx):
    table = page.province_table
    rows = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert rows[0] == "Quy định thi đua, khen thưởng của tỉnh (dòng căn cứ)"
    # NĐ 152/2025 Điều 33 khoản 5 leaves CSTĐCS to the province: its row waits for the regulation's number.
    cstdcs = rows.index("Tỷ lệ phiếu bầu: Chiến sĩ thi đua cơ sở")
    assert table.item(cstdcs, 1).text() == "80% tổng số thành viên"
    assert table.item(cstdcs, 3).text() == "Quy định của UBND tỉnh (cơ quan điền số, ngày văn bản)"

    table.selectRow(0)
    page.province_button.click()
    dialog = modal(qtbot, ProvinceRuleDialog)
    assert dialog.text_edit.isVisible() and not dialog.share_box.isVisible()
    dialog.key_combo.setCurrentIndex(dialog.key_combo.findData("vote_threshold.CSTDCS"))
    assert dialog.share_box.value() == 80  # a threshold chosen shows the share in force, not 1%
    dialog.key_combo.setCurrentIndex(0)
    dialog.from_edit.setDate(QDate(2025, 12, 15))
    dialog.text_edit.setPlainText(
        "Quyết định số 86/2025/QĐ-UBND ngày 05 tháng 12 năm 2025 của UBND tỉnh ban hành "
        "Quy định về công tác thi đua, khen thưởng"
    )
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled())
    assert "văn bản quy định" in dialog.error.text() and dialog.isVisible()  # refused, nothing lost
    dialog.source_edit.setText("QĐ 86/2025/QĐ-UBND ngày 05/12/2025")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    line = legal_bases_on(ui_ctx, dt.date(2025, 12, 20), DocumentKind.DECISION)[-2]
    assert line.startswith("Căn cứ Quyết định số 86/2025/QĐ-UBND") and line.endswith("thi đua, khen thưởng;")
    qtbot.waitUntil(lambda: table.item(0, 2).text() == "15/12/2025")
    assert table.item(0, 4).text() == "Cơ quan thêm"

    label = "Tỷ lệ phiếu bầu: Chiến sĩ thi đua cơ sở"
    table.selectRow(next(r for r in range(table.rowCount()) if table.item(r, 0).text() == label))
    page.province_button.click()
    dialog = modal(qtbot, ProvinceRuleDialog)
    assert dialog.share_box.isVisible() and dialog.share_box.value() == 80
    dialog.from_edit.setDate(QDate(2025, 12, 15))
    dialog.source_edit.setText("QĐ 86/2025/QĐ-UBND, Điều 9")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    assert (
        threshold_sources_on(ui_ctx, ["CSTDCS"], dt.date(2025, 12, 20))["CSTDCS"]
        == "QĐ 86/2025/QĐ-UBND, Điều 9 [V]"
    )


def test_the_document_font_is_chosen_in_settings(qtbot, page, ui_ctx):
    from app.documents import fonts
    from app.services.settings import FONT_BUNDLED, FONT_SYSTEM, document_font
    from app.settings import DOCUMENT_FONT, put_in_effect

    assert "Văn bản" in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    index = page.font_combo.findData(FONT_BUNDLED)
    try:
        with qtbot.waitSignal(page.workspace.changed) as changed:  # saved on the writer thread
            page.font_combo.setCurrentIndex(index)
        assert changed.args == [frozenset({Area.SETTINGS})]
        assert document_font(ui_ctx) == FONT_BUNDLED
        assert fonts.font_files()[0].name == "LiberationSerif-Regular.ttf"
        assert "Liberation Serif" in page.font_note.text() or "Times New Roman" in page.font_note.text()
    finally:
        put_in_effect(DOCUMENT_FONT, FONT_SYSTEM)
