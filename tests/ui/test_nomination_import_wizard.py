"""The staff-list wizard in its nominations mode, driven like a clerk from the Đề nghị page: the unit's TCVN3
list, its wordings (an unknown one mapped and remembered), the verdicts, a probable match confirmed, a paper
attached, and the batch made."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from sqlalchemy import func, select

from app.services.agency import save_agency
from database.models import Nomination, NominationBatch, Person, TitleWording
from tests.db.test_nomination_import import ROWS, YEAR, build_world
from tests.nomination_list import SAMPLE, write_nomination_list
from tests.ui.conftest import sample_agency
from ui.jobs import wait_for_background_work

SHOTS = os.environ.get("TDKT_SCREENSHOTS")  # a folder: the wizard's steps saved as PNG for a look


@pytest.fixture
def world(ui_ctx):
    return build_world(ui_ctx)


@pytest.fixture
def page(qtbot, make_window, ui_ctx, world):
    window = make_window(save_agency(ui_ctx, sample_agency()))
    window.resize(1280, 720)
    window.show_section(7)
    shown = window.current_page()
    shown.year_box.setValue(YEAR)
    qtbot.waitUntil(lambda: shown.view_data is not None and not shown.loading and not shown.workspace.loading)
    yield shown
    wait_for_background_work()


def column(model, col: int) -> list[str]:
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def shot(widget, name: str) -> None:
    """As on a 1280×720 screen (what fit_to_screen leaves of it)."""
    if SHOTS:
        widget.resize(1240, 660)
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def open_wizard(qtbot, page, path, world):
    wizard = page.import_list(path)
    qtbot.waitUntil(lambda: wizard.sheet is not None and wizard.unit_combo.count() > 1, timeout=10_000)
    wizard.unit_combo.select_unit(world["hospital"])
    return wizard


def to_rows(qtbot, wizard) -> None:
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.mapping()[5] == "nominated_award"  # "Hình thức đề nghị" is read as such
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.step == 2 and not wizard.busy, timeout=20_000)


def test_the_page_offers_the_import_in_the_new_batch_menu(page):
    """The toolbar fills 1280 px already: the import hangs under "Hồ sơ mới…" (and on Ctrl+I)."""
    button = next(b for b in page.findChildren(QToolButton) if b.defaultAction() is page.new_batch_action)
    assert button.popupMode() is QToolButton.ToolButtonPopupMode.MenuButtonPopup
    assert page.import_list_action in button.menu().actions()
    assert page.import_list_action.isEnabled() and page.import_list_action.shortcut().toString() == "Ctrl+I"


def test_a_unit_list_becomes_a_batch_through_the_wizard(qtbot, page, world, ui_ctx, tmp_path):
    paper = tmp_path / "To trinh 125-TTr-BV.pdf"
    paper.write_bytes(b"%PDF-1.4 to trinh")
    wizard = open_wizard(qtbot, page, SAMPLE, world)
    assert wizard.year_box.value() == YEAR
    wizard.add_paper(paper)
    assert wizard.files_table.cellWidget(0, 0).currentText() == "Tờ trình"  # guessed from the name
    shot(wizard, "nomination-wizard-1-file")
    to_rows(qtbot, wizard)
    shot(wizard, "nomination-wizard-3-rows")
    model = wizard.preview
    assert column(model, model.NAME) == [r[0] for r in ROWS]
    assert column(model, model.TITLE) == [
        "CSTĐCS",
        "CSTĐCS",
        "LĐTT",
        "Bằng khen UBND tỉnh",
        "LĐTT",
        "LĐTT",
        "TTLĐXS",
    ]
    assert column(model, model.MATCH) == [
        "Khớp",
        "Khớp",
        "Khớp",
        "Khớp",
        "Cần xác nhận",
        "Không tìm thấy",
        "Khớp đơn vị",
    ]
    verdicts = column(model, model.VERDICT)
    assert verdicts[0] == "Đủ điều kiện" and verdicts[1] == "Chưa đủ" and verdicts[5] == ""
    assert "1 dòng chờ xác nhận" in wizard.preview_summary.text()
    assert wizard.import_button.isEnabled()  # the rows to confirm wait; the rest may go

    # the clerk confirms the probable row: the list is checked again, its verdict shown as taken
    model.setData(model.index(4, model.CONFIRM), world["Lê Thị Thu"], Qt.ItemDataRole.EditRole)
    qtbot.waitUntil(
        lambda: not wizard.busy and column(model, model.MATCH)[4] == "Đã xác nhận", timeout=20_000
    )
    assert column(model, model.CONFIRM)[4].startswith("Là Lê Thị Thu")
    with qtbot.waitSignal(wizard.imported, timeout=20_000):
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    shot(wizard, "nomination-wizard-4-done")
    assert "• Đề nghị: 6" in wizard.result_label.text() and "Hoàng Văn Nam" in wizard.result_label.text()
    with ui_ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Nomination)) == 6
        assert s.scalar(select(func.count()).select_from(Person)) == 5  # nobody created
        assert (
            s.scalar(select(NominationBatch.title))
            == "Đề nghị khen thưởng năm 2026 của Bệnh viện Đa khoa tỉnh"
        )
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.batch_view is not None and len(page.batch_view.items) == 6, timeout=20_000)


def test_an_unknown_wording_is_mapped_in_the_wizard_and_remembered(qtbot, page, world, ui_ctx, tmp_path):
    rows = ROWS[:2] + (("Phạm Minh Châu", "M", "20/01/1990", "Điều dưỡng", "Danh hiệu LĐTT cấp cơ sở"),)
    wizard = open_wizard(qtbot, page, write_nomination_list(tmp_path / "ds.xlsx", rows=rows), world)
    to_rows(qtbot, wizard)
    panel = wizard.wording_panel
    assert "1 cách gọi chưa rõ" in panel.summary.text()
    assert panel.table.item(0, panel.TEXT).text() == "Danh hiệu LĐTT cấp cơ sở"
    assert not wizard.import_button.isEnabled() and "Còn 1 lỗi" in wizard.preview_summary.text()
    shot(wizard, "nomination-wizard-3-wording")
    panel.choose("Danh hiệu LĐTT cấp cơ sở", "LDTT")
    qtbot.waitUntil(lambda: not wizard.busy and not wizard.preview.plan.errors, timeout=20_000)
    assert column(wizard.preview, wizard.preview.TITLE)[2] == "LĐTT" and wizard.import_button.isEnabled()
    with ui_ctx.read() as s:
        assert s.scalar(select(TitleWording.text)) == "Danh hiệu LĐTT cấp cơ sở"
    wizard.reject()


def test_a_row_left_out_is_neither_checked_nor_proposed(qtbot, page, world, ui_ctx, tmp_path):
    """A list with one bad row (the same person twice) is refused whole until the clerk leaves that row out;
    ticking it again brings the error back."""
    rows = ROWS[:2] + (ROWS[0],)
    wizard = open_wizard(qtbot, page, write_nomination_list(tmp_path / "ds.xlsx", rows=rows), world)
    to_rows(qtbot, wizard)
    model = wizard.preview
    assert not wizard.import_button.isEnabled() and wizard.exclude_errors_button.isEnabled()
    assert "trùng với dòng" in column(model, model.CHECK)[2]
    qtbot.mouseClick(wizard.exclude_errors_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.busy and not model.plan.errors, timeout=20_000)
    assert column(model, model.MATCH) == ["Khớp", "Khớp", "Không nhập"]
    assert model.data(model.index(2, model.KEEP), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert column(model, model.CHECK)[2] == "" and wizard.import_button.isEnabled()

    model.setData(model.index(2, model.KEEP), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: not wizard.busy and bool(model.plan.errors), timeout=20_000)
    assert not wizard.import_button.isEnabled()
    model.setData(model.index(2, model.KEEP), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: not wizard.busy and not model.plan.errors, timeout=20_000)
    with qtbot.waitSignal(wizard.imported, timeout=20_000):
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert "• Đề nghị: 2" in wizard.result_label.text()
    with ui_ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Nomination)) == 2
    wizard.reject()
