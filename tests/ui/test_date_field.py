"""The one date field, driven with the keyboard as a clerk types: the three ways of writing a day give that
day, impossible days are refused at the field and by the form and never replaced by another day, optional
days can be typed, cleared and left empty, the calendar opens at the field's day or today; and through a
real form (the unit's edit dialog) the day saved is exactly the day typed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from sqlalchemy import select

from app.errors import ValidationError
from app.services.agency import save_agency
from database.models import Unit
from tests.db.test_units import build_province
from tests.ui.conftest import sample_agency
from ui.jobs import wait_for_background_work
from ui.widgets.form_dialog import date_edit, date_value, set_date

TYPED_WAYS = ["15032010", "15/3/2010", "15/03/2010"]
IMPOSSIBLE = ["31/02/1990", "32/01/2000", "15/13/2010"]


def field(qtbot, day=None, optional=False):
    edit = date_edit(day, optional=optional)
    qtbot.addWidget(edit)
    edit.show()
    return edit


def type_over(qtbot, edit, text: str, leave=Qt.Key.Key_Return) -> None:
    """Into the field, select what is there (Ctrl+A), type, and end with Enter (or Tab in a form)."""
    edit.setFocus()
    qtbot.keyClick(edit.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit.line, text)
    qtbot.keyClick(edit.line, leave)


@pytest.mark.parametrize("typed", TYPED_WAYS)
@pytest.mark.parametrize("optional", [False, True])
def test_each_way_of_typing_gives_that_day(qtbot, typed, optional):
    edit = field(qtbot, dt.date(2026, 1, 6) if not optional else None, optional)
    type_over(qtbot, edit, typed)
    assert edit.text() == "15/03/2010"
    assert date_value(edit) == dt.date(2010, 3, 15)
    assert edit.error_text() == ""


def test_typing_over_a_required_date_replaces_all_of_it(qtbot):
    """The old QDateEdit kept the old day: "15/03/2010" over 06/03/2026 became 06/03/2010."""
    edit = field(qtbot, dt.date(2026, 3, 6))
    type_over(qtbot, edit, "15/03/2010")
    assert date_value(edit) == dt.date(2010, 3, 15)


@pytest.mark.parametrize("typed", IMPOSSIBLE)
def test_an_impossible_day_is_refused_and_never_replaced(qtbot, typed):
    edit = field(qtbot, dt.date(2026, 2, 6))
    seen = []
    edit.dateChanged.connect(seen.append)
    type_over(qtbot, edit, typed)
    assert edit.text() == typed  # stays as typed, for the clerk to correct
    assert not edit.message.isHidden() and edit.error_text().startswith("Không có")
    with pytest.raises(ValidationError) as refused:
        date_value(edit)
    assert str(refused.value) == edit.error_text()
    assert seen == []  # no other day was taken for it
    # typing again clears the message; a good day is then taken
    type_over(qtbot, edit, "28/02/1990")
    assert (
        edit.error_text() == ""
        and date_value(edit) == dt.date(1990, 2, 28)
        and seen == [dt.date(1990, 2, 28)]
    )


def test_text_that_is_no_day_is_refused_with_the_form_to_use(qtbot):
    edit = field(qtbot, optional=True)
    type_over(qtbot, edit, "15/03")
    assert "ngày/tháng/năm" in edit.error_text()
    with pytest.raises(ValidationError):
        date_value(edit)


def test_an_optional_day_can_be_typed_cleared_and_left_empty(qtbot):
    edit = field(qtbot, optional=True)
    assert edit.text() == "" and date_value(edit) is None
    type_over(qtbot, edit, "01012026")  # the old field showed "—01012026" and emptied itself on leaving
    assert edit.text() == "01/01/2026" and date_value(edit) == dt.date(2026, 1, 1)
    edit.setFocus()
    qtbot.keyClick(edit.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit.line, Qt.Key.Key_Delete)
    qtbot.keyClick(edit.line, Qt.Key.Key_Return)
    assert edit.text() == "" and date_value(edit) is None and edit.date() is None and edit.error_text() == ""


def test_a_required_day_cannot_be_left_empty(qtbot):
    edit = field(qtbot, dt.date(2026, 1, 6))
    edit.setFocus()
    qtbot.keyClick(edit.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit.line, Qt.Key.Key_Delete)
    qtbot.keyClick(edit.line, Qt.Key.Key_Return)
    assert edit.text() == ""
    with pytest.raises(ValidationError, match="Chưa nhập ngày"):
        date_value(edit)
    assert edit.error_text().startswith("Chưa nhập ngày")


def test_the_calendar_opens_at_the_fields_day_or_today_and_picks_one(qtbot):
    blank = field(qtbot, optional=True)
    qtbot.mouseClick(blank.button, Qt.MouseButton.LeftButton)
    today = dt.date.today()
    shown = blank.calendar.selectedDate()
    assert (shown.year(), shown.month(), shown.day()) == (today.year, today.month, today.day)
    assert (blank.calendar.yearShown(), blank.calendar.monthShown()) == (today.year, today.month)
    blank.menu.close()

    dated = field(qtbot, optional=True)
    set_date(dated, dt.date(2010, 3, 15))
    dated.setFocus()
    qtbot.keyClick(dated.line, Qt.Key.Key_F4)
    assert (dated.calendar.yearShown(), dated.calendar.monthShown()) == (2010, 3)
    assert dated.calendar.selectedDate().day() == 15
    days = dated.calendar.findChild(QAbstractItemView)  # the calendar's grid of days
    qtbot.keyClick(days, Qt.Key.Key_Right)  # the next day, chosen with Enter
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert dated.text() == "16/03/2010" and date_value(dated) == dt.date(2010, 3, 16)


# --- through a real form: the unit's edit dialog -------------------------------------------------------


@pytest.fixture
def units_page(qtbot, make_window, ui_ctx):
    province = build_province(ui_ctx)
    window = make_window(save_agency(ui_ctx, sample_agency()))
    window.show_section(1)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading and not page.workspace.loading)
    yield page, province
    wait_for_background_work()


def established(ctx, unit_id):
    with ctx.read() as s:
        return s.execute(select(Unit.established_on).where(Unit.id == unit_id)).scalar_one()


def open_edit(qtbot, page, unit_id):
    page.tree_view.select_unit(unit_id)
    dialog = page.edit_unit()
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def press_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def settled() -> bool:
        try:
            return dialog.ok_button.isEnabled()
        except RuntimeError:  # closed and deleted
            return True

    qtbot.waitUntil(settled)


@pytest.mark.parametrize("typed", TYPED_WAYS)
def test_the_unit_form_saves_exactly_the_day_typed(qtbot, units_page, ui_ctx, typed):
    page, province = units_page
    dialog = open_edit(qtbot, page, province["b"])
    type_over(qtbot, dialog.established_edit, typed, Qt.Key.Key_Tab)
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    assert established(ui_ctx, province["b"]) == dt.date(2010, 3, 15)


@pytest.mark.parametrize("typed", IMPOSSIBLE)
def test_the_unit_form_refuses_an_impossible_day_and_saves_nothing(qtbot, units_page, ui_ctx, typed):
    page, province = units_page
    before = established(ui_ctx, province["b"])
    dialog = open_edit(qtbot, page, province["b"])
    type_over(qtbot, dialog.established_edit, typed, Qt.Key.Key_Tab)
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text().startswith("Không có")
    assert dialog.established_edit.text() == typed
    assert established(ui_ctx, province["b"]) == before


def test_the_forms_tooltip_keeps_the_typing_hint(qtbot):
    edit = field(qtbot, optional=True)
    edit.setToolTip("Để trống nếu không rõ ngày thành lập")
    assert edit.line.toolTip().startswith("Để trống nếu không rõ ngày thành lập\nGõ ngày/tháng/năm")
