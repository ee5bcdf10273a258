"""Esc, "Hủy" or the window's close on a form the clerk has changed asks "Bỏ các thay đổi chưa lưu?" first;
an unchanged form (or one changed back) closes at once; what the form fills in itself is no change."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
)

from ui.widgets.form_dialog import DISCARD_QUESTION, FormDialog, date_edit, line


class Sample(FormDialog):
    def __init__(self):
        super().__init__(None, "Biểu mẫu thử")
        self.name_edit = line("Họ và tên", "Nguyễn Văn An")
        self.form.addRow("Họ và tên:", self.name_edit)
        self.day_edit = date_edit(dt.date(2020, 1, 2))
        self.form.addRow("Ngày:", self.day_edit)
        self.kind_combo = QComboBox()
        self.kind_combo.addItems(["Cá nhân", "Tập thể"])
        self.form.addRow("Loại:", self.kind_combo)
        self.count_box = QSpinBox()
        self.form.addRow("Số:", self.count_box)
        self.check = QCheckBox("Đã nhận")
        self.form.addRow("", self.check)
        self.note_edit = QPlainTextEdit()
        self.form.addRow("Ghi chú:", self.note_edit)
        self.grid = QTableWidget(2, 2)
        self.form.addRow("Bảng:", self.grid)
        self.finish_layout()

    def submit(self):
        return "saved"


@pytest.fixture
def form(qtbot):
    dialog = Sample()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def answer_next_question(button_text: str) -> list[str]:
    """Answer the question the form is about to ask with this button; the list gets the question asked
    (and stays empty if none was)."""
    asked: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, click)
    return asked


def press_esc(qtbot, form) -> None:
    qtbot.keyClick(form.focusWidget() or form, Qt.Key.Key_Escape)


def test_an_unchanged_form_closes_at_once_on_esc(qtbot, form):
    asked = answer_next_question("Tiếp tục sửa")
    form.name_edit.setFocus()
    qtbot.keyClick(form.name_edit, Qt.Key.Key_End)  # touched, not changed
    press_esc(qtbot, form)
    assert not form.isVisible() and form.result() == FormDialog.DialogCode.Rejected
    qtbot.wait(10)  # the timer that would answer a question runs: there was none
    assert asked == []


def test_esc_on_a_changed_form_asks_and_keeps_it_open_until_the_clerk_gives_up(qtbot, form):
    qtbot.keyClicks(form.name_edit, " Binh")
    asked = answer_next_question("Tiếp tục sửa")
    press_esc(qtbot, form)
    assert asked == [DISCARD_QUESTION] and form.isVisible()
    assert form.name_edit.text() == "Nguyễn Văn An Binh"  # nothing typed was lost
    asked = answer_next_question("Bỏ thay đổi")
    press_esc(qtbot, form)
    assert asked == [DISCARD_QUESTION] and not form.isVisible()


def test_the_windows_close_and_cancel_ask_too(qtbot, form):
    form.note_edit.setFocus()
    qtbot.keyClicks(form.note_edit, "ghi chu")
    asked = answer_next_question("Tiếp tục sửa")
    assert not form.close() and form.isVisible()  # the title bar's close
    assert asked == [DISCARD_QUESTION]
    asked = answer_next_question("Tiếp tục sửa")
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert asked == [DISCARD_QUESTION] and form.isVisible()
    asked = answer_next_question("Bỏ thay đổi")
    assert form.close() and not form.isVisible()


def test_a_change_typed_back_is_no_change(qtbot, form):
    form.name_edit.setFocus()
    qtbot.keyClick(form.name_edit, Qt.Key.Key_End)
    qtbot.keyClicks(form.name_edit, "x")
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Backspace)
    asked = answer_next_question("Tiếp tục sửa")
    press_esc(qtbot, form)
    assert not form.isVisible()
    qtbot.wait(10)
    assert asked == []


def _type_day(qtbot, form):
    form.day_edit.setFocus()
    qtbot.keyClick(form.day_edit.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.day_edit.line, "15032010")


def _pick_kind(qtbot, form):
    form.kind_combo.setFocus()
    qtbot.keyClick(form.kind_combo, Qt.Key.Key_Down)


def _step_count(qtbot, form):
    form.count_box.setFocus()
    qtbot.keyClick(form.count_box, Qt.Key.Key_Up)


def _tick(qtbot, form):
    form.check.setFocus()
    qtbot.keyClick(form.check, Qt.Key.Key_Space)


def _fill_cell(qtbot, form):
    qtbot.mouseClick(form.grid.viewport(), Qt.MouseButton.LeftButton)
    form.grid.setItem(0, 0, QTableWidgetItem("5"))  # what the cell's editor commits


@pytest.mark.parametrize("change", [_type_day, _pick_kind, _step_count, _tick, _fill_cell])
def test_every_kind_of_field_counts_as_a_change(qtbot, form, change):
    change(qtbot, form)
    asked = answer_next_question("Bỏ thay đổi")
    press_esc(qtbot, form)
    assert asked == [DISCARD_QUESTION] and not form.isVisible()


def test_what_the_form_fills_in_itself_before_the_clerk_touches_it_is_no_change(qtbot, form):
    form.note_edit.setPlainText("Đọc từ cơ sở dữ liệu")  # as a background read fills a field
    form.count_box.setValue(3)
    asked = answer_next_question("Tiếp tục sửa")
    press_esc(qtbot, form)
    assert not form.isVisible()
    qtbot.wait(10)
    assert asked == []


def test_ok_closes_without_asking(qtbot, form):
    qtbot.keyClicks(form.name_edit, " Binh")
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible() and form.result_value == "saved"


def test_the_program_closing_the_form_does_not_ask(qtbot, form):
    qtbot.keyClicks(form.name_edit, " Binh")
    form.reject()  # e.g. the page closing its dialog: only the clerk's own close asks
    assert not form.isVisible()
