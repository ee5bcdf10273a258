"""Cài đặt › Danh mục khen thưởng › Cập nhật quy định… driven like a clerk: a tampered file is refused with the
reason; the publisher's file shows its preview (Thêm / Sửa / Hết hiệu lực with text and certainty), is applied,
the page shows the new base salary, and "Hoàn tác cập nhật" puts the catalogue back."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from app.exchange import catalogue_update_file
from app.exchange.package_signing import b64
from app.services.catalogue import base_salary_on, list_base_salaries
from app.services.catalogue_update import applied_updates
from tests.law_updates import KEY, law_update_files
from ui.dialogs import catalogue_update as dialog_module
from ui.dialogs.catalogue_update import DETAIL_COLUMN, CatalogueUpdateDialog
from ui.main_window import section_row


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return law_update_files(tmp_path_factory.mktemp("updates"))


@pytest.fixture
def publisher_key(monkeypatch):
    monkeypatch.setattr(
        catalogue_update_file, "PUBLISHER_KEY", "ed25519:" + b64(KEY)
    )  # as a release ships it


@pytest.fixture
def page(qtbot, make_window, agency, publisher_key):
    window = make_window(agency)
    window.show_section(section_row("settings"))
    shown = window.current_page()
    shown.tabs.setCurrentIndex(
        next(i for i in range(shown.tabs.count()) if shown.tabs.tabText(i).startswith("Danh mục"))
    )
    qtbot.waitUntil(lambda: shown.view_data is not None and not shown._loader.busy)
    return shown


def column(table, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_preview_apply_and_undo_a_law_update(qtbot, page, files, ui_ctx, monkeypatch):
    before = list_base_salaries(ui_ctx)
    qtbot.mouseClick(page.law_update_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CatalogueUpdateDialog))
    dialog = QApplication.activeModalWidget()
    assert not dialog.undo_button.isEnabled() and "Chưa áp dụng" in dialog.history.text()

    dialog.use_file(files["tampered"])
    qtbot.waitUntil(lambda: not dialog.busy)
    assert "không khớp với bản kê" in dialog.verdict.text()
    assert not dialog.apply_button.isEnabled() and dialog.table.rowCount() == 0

    dialog.use_file(files["update"])
    qtbot.waitUntil(lambda: not dialog.busy)
    assert "Chữ ký hợp lệ" in dialog.verdict.text() and dialog.apply_button.isEnabled()
    rows = [
        tuple(dialog.table.item(r, c).text() for c in range(dialog.table.columnCount()))
        for r in range(dialog.table.rowCount())
    ]
    assert (
        "Thêm",
        "Mức lương cơ sở",
        "Mức lương cơ sở",
        "01/07/2027",
        "2.800.000 đồng/tháng",
        "NĐ 12/2027/NĐ-CP",
    ) in [r[:6] for r in rows]
    assert {"Thêm", "Sửa", "Hết hiệu lực"} <= set(column(dialog.table, 0))
    assert all(r[6][:1] in "VPU" and r[6] for r in rows)  # every line has its certainty tag
    assert base_salary_on(ui_ctx, dt.date(2027, 7, 1)) == 2_530_000  # the preview wrote nothing

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and "Đã áp dụng" in dialog.verdict.text(), timeout=20_000)
    assert base_salary_on(ui_ctx, dt.date(2027, 7, 1)) == 2_800_000
    qtbot.waitUntil(lambda: "01/07/2027" in column(page.salary_table, 0))  # the page read the catalogue again
    assert dialog.undo_button.isEnabled() and "số 1" in dialog.history.text()

    monkeypatch.setattr(dialog_module, "confirm", lambda *_a, **_k: True)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and "Đã hoàn tác" in dialog.verdict.text(), timeout=20_000)
    assert list_base_salaries(ui_ctx) == before
    assert [u.in_force for u in applied_updates(ui_ctx)] == [False]
    assert not dialog.undo_button.isEnabled()
    qtbot.waitUntil(lambda: "01/07/2027" not in column(page.salary_table, 0))
    dialog.close()


READABLE = 250  # pixels: below this the details of a change ("80% → 75%", a salary and its dates) are cut up


@pytest.mark.parametrize("screen", [(1280, 680), (1366, 728)])  # 1280×720 and 1366×768 less the taskbar
def test_the_details_of_each_change_are_readable_on_a_laptop_screen(
    qtbot, qt_app, ui_ctx, agency, files, publisher_key, monkeypatch, screen
):
    """Chi tiết keeps a readable width at 1280 and 1366 pixels, and a detail longer than its column wraps
    in a taller row instead of being cut off."""
    import ui.widgets.screen_fit as screen_fit
    from ui.workspace import Workspace

    monkeypatch.setattr(screen_fit, "available_room", lambda _widget: QRect(0, 0, *screen))
    dialog = CatalogueUpdateDialog(Workspace(ui_ctx, agency))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_file(files["update"])
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table.rowCount() > 0, timeout=20_000)
    table = dialog.table
    width = table.horizontalHeader().sectionSize(DETAIL_COLUMN)
    assert width >= READABLE, f"Chi tiết {width} px at {screen[0]}×{screen[1]}"
    assert table.horizontalHeader().sectionViewportPosition(DETAIL_COLUMN) + width <= table.viewport().width()
    metrics = table.fontMetrics()
    long_ones = 0
    for row in range(table.rowCount()):
        text = table.item(row, DETAIL_COLUMN).text()
        if metrics.horizontalAdvance(text) > width - 8:  # more than one line: the row holds them all
            long_ones += 1
            assert table.rowHeight(row) >= 2 * metrics.lineSpacing(), text
    if screen[0] == 1280:
        assert long_ones  # the file has details longer than the column: the wrapping is tested
    dialog.close()
