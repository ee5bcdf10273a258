"""The campaign page's plan editing, driven as a clerk drives it: seed 000's six groups pasted with their
sub-items and rearranged (Tab, Shift+Tab, ↑, ↓, an ý con added, a group deleted with its sub-items after the
question), the plan's own sections typed on the form's second tab (the program's text offered the first
time), and a multi-year campaign's yearly reviews and tổng kết."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.campaigns import campaign_detail
from database.enums import CampaignKind, Launcher, ReviewKind
from tests.db.test_seed_000 import pasted, six_groups
from tests.ui.test_campaigns_page import (
    _choose,
    _new_campaign,
    _ok,
    _open,
    _paste,
    _set_date,
    _type,
)
from tests.ui.test_campaigns_page import page as page  # noqa: F401 (the fixture)


def _numbers(page) -> list[str]:
    return [page.items_model.text(r, 0) for r in range(page.items_model.rowCount())]


def _choose_item(qtbot, page, text: str) -> None:
    """Click the item's row: the list has the focus (the page deletes from the list that has it)."""
    row = next(r for r, i in enumerate(page.detail.items) if i.text.startswith(text))
    page.window().activateWindow()
    page.items_view.setFocus()
    page.items_view.selectRow(row)
    qtbot.waitUntil(page.items_view.hasFocus)


def _press(widget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the keyboard delivers it to the focused list (Tab included, which QTest moves focus with)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers))


def _settled(qtbot, page, check) -> None:
    qtbot.waitUntil(lambda: not page.loading and page.detail is not None and check())


def test_seed_000_groups_pasted_as_a_tree_and_rearranged(qtbot, page, ui_ctx, monkeypatch):
    _new_campaign(
        qtbot,
        page,
        "Phong trào thi đua yêu nước ngành y tế giai đoạn 2021 - 2025",
        CampaignKind.MULTI_YEAR,
        Launcher.MINISTRY,
        dt.date(2021, 1, 1),
        dt.date(2025, 12, 31),
    )
    dialog = _open(page, page.items_action)
    _paste(qtbot, dialog.items_edit, pasted())
    assert dialog.count_label.text() == "12 nội dung sẽ được thêm, trong đó 6 ý con."
    _ok(qtbot, page, dialog)
    _settled(qtbot, page, lambda: len(page.detail.items) == 12)
    assert _numbers(page)[:4] == ["1.", "1.1.", "2.", "2.1."]
    assert page.items_model.text(1, 1).startswith("\u2003\u2003Thúc đẩy")  # a sub-item is indented

    # Tab under the item above; Shift+Tab back out.
    first_group = six_groups()[1][0]
    _choose_item(qtbot, page, first_group)
    _press(page.items_view, Qt.Key.Key_Tab)
    _settled(qtbot, page, lambda: _numbers(page)[:5] == ["1.", "1.1.", "1.2.", "a)", "2."])
    _choose_item(qtbot, page, first_group)
    _press(page.items_view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    _settled(
        qtbot, page, lambda: page.detail.items[2].text == first_group and page.detail.items[2].level == 1
    )

    # ↓ moves a group with its sub-item below the next group.
    _choose_item(qtbot, page, six_groups()[0][0])
    qtbot.mouseClick(page.item_buttons["down"], Qt.MouseButton.LeftButton)
    _settled(qtbot, page, lambda: page.detail.items[0].text == first_group)
    assert page.detail.items[3].text.startswith("Thúc đẩy")  # the sub-item went with its group
    assert page.status_label.text() == "Đã đổi thứ tự nội dung."

    # An ý con pasted under the chosen group.
    _choose_item(qtbot, page, first_group)
    qtbot.mouseClick(page.item_buttons["sub"], Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert dialog.windowTitle() == "Thêm ý con"
    _type(qtbot, dialog.items_edit, "Ý con mới")
    _ok(qtbot, page, dialog)
    _settled(qtbot, page, lambda: len(page.detail.items) == 13)
    assert [(i.number, i.text) for i in page.detail.items[:3]][2] == ("1.2.", "Ý con mới")

    # Deleting a group asks about its sub-items first.
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes
    )
    _choose_item(qtbot, page, first_group)
    page.delete_selected()
    _settled(qtbot, page, lambda: len(page.detail.items) == 10)
    assert asked == ["Xóa nội dung số 1. cùng 2 ý con của nó?"]
    assert campaign_detail(ui_ctx, page.detail.id).items[0].text == six_groups()[0][0]


def test_the_plans_sections_are_typed_on_the_second_tab(qtbot, page, ui_ctx):
    dialog = _open(page, page.new_action)
    qtbot.waitUntil(lambda: not dialog.loading)
    # The first time, the program's text is offered in the sections it always prints.
    assert dialog.text_edits["organisation"].toPlainText().startswith("Để phong trào đạt kết quả thiết thực")
    assert dialog.text_edits["copies_to"].toPlainText().splitlines()[0] == "Như trên"
    assert dialog.text_edits["purpose"].toPlainText() == ""
    _type(qtbot, dialog.name_edit, "Phong trào thi đua yêu nước năm 2020")
    _choose(dialog.kind_combo, CampaignKind.PHASED)
    _set_date(dialog.start_edit, dt.date(2020, 6, 26))
    _set_date(dialog.end_edit, dt.date(2020, 12, 31))
    dialog.tabs.setCurrentIndex(1)
    _type(qtbot, dialog.text_edits["purpose"], "Tạo khí thế thi đua sôi nổi.")
    dialog.text_edits["closing"].clear()
    _type(qtbot, dialog.text_edits["closing"], "Giám đốc Sở Y tế kêu gọi toàn ngành hưởng ứng./.")
    _choose(dialog.style_combos[1], "a)")
    _ok(qtbot, page, dialog)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.texts.purpose is not None)
    stored = campaign_detail(ui_ctx, page.detail.id)
    assert stored.texts.purpose == "Tạo khí thế thi đua sôi nổi."
    assert stored.texts.closing == "Giám đốc Sở Y tế kêu gọi toàn ngành hưởng ứng./."
    assert stored.texts.organisation.startswith("Để phong trào đạt kết quả thiết thực")  # kept as offered
    assert stored.item_styles[:2] == ("1.", "a)")
    # Opened again, the form shows what was saved, not the program's text.
    dialog = _open(page, page.edit_action)
    qtbot.waitUntil(lambda: not dialog.loading)
    assert dialog.text_edits["closing"].toPlainText() == stored.texts.closing
    dialog.reject()


def test_a_multi_year_campaign_gets_its_yearly_reviews_from_the_page(qtbot, page, ui_ctx):
    _new_campaign(
        qtbot,
        page,
        "Phong trào thi đua giai đoạn 2023 - 2025",
        CampaignKind.MULTI_YEAR,
        Launcher.DEPARTMENT,
        dt.date(2023, 1, 1),
        dt.date(2025, 12, 31),
    )
    page.tabs.setCurrentIndex(2)
    assert page.yearly_button.isEnabled()
    qtbot.mouseClick(page.yearly_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, page, lambda: len(page.detail.reviews) == 4)
    assert page.status_label.text() == "Đã tạo 4 mốc đánh giá hằng năm, tổng kết."
    assert [page.reviews_model.text(r, 1) for r in range(4)] == [
        "Năm 2023",
        "Năm 2024",
        "Năm 2025",
        "Năm 2025",
    ]
    assert [m.label for m in page.timeline.marks] == ["Phát động", "Tổng kết"]
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    _choose(dialog.kind_combo, ReviewKind.INTERIM)
    dialog.year_box.setValue(2024)
    _set_date(dialog.held_edit, dt.date(2024, 7, 15))
    _ok(qtbot, page, dialog)
    _settled(qtbot, page, lambda: len(page.detail.reviews) == 5)
    assert "Sơ kết" in [m.label for m in page.timeline.marks]
    assert page.reviews_model.text(1, 0) == "Sơ kết" and page.reviews_model.text(1, 1) == "15/07/2024"


def test_a_campaign_of_one_year_offers_no_yearly_reviews(qtbot, page):
    _new_campaign(
        qtbot,
        page,
        "Phong trào năm 2020",
        CampaignKind.PHASED,
        Launcher.DEPARTMENT,
        dt.date(2020, 1, 1),
        dt.date(2020, 12, 31),
    )
    assert not page.yearly_button.isEnabled() and page.review_button.isEnabled()
