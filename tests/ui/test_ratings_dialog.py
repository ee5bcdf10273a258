"""The rating grid on screen: keys, paste from Excel, saving, and the question before unsaved work is lost."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox

from app.errors import UserError
from app.services.agency import save_agency
from app.services.ratings import load_rating_grid
from database.enums import RatingLevel
from tests.db.test_ratings import build_hospital
from tests.ui.conftest import sample_agency
from ui.jobs import wait_for_background_work
from ui.models.ratings_table import CHANGED_COLOUR, DAYS_COLUMN, LEVEL_COLUMN, NAME_COLUMN, NOTE_COLUMN

EXCELLENT, GOOD, DONE, FAILED = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.DONE, RatingLevel.FAILED
# The hospital's 2024 list in the order shown (built by tests.db.test_ratings.build_hospital).
NAMES = [
    "Trần Văn Khải",
    "Nguyễn Thị Ánh",
    "Lê Văn Bình",
    "Phạm Văn Dũng",
    "Hoàng Văn Giang",
    "Bùi Văn Khánh",
    "Đỗ Thị Cúc",
]


@pytest.fixture
def hospital(ui_ctx):
    return build_hospital(ui_ctx)


@pytest.fixture
def open_dialog(qtbot, qt_app, ui_ctx):
    from ui.dialogs.ratings_dialog import open_ratings_dialog
    from ui.workspace import Workspace

    made = []

    def make(unit_id: int, year: int = 2024):
        workspace = Workspace(ui_ctx, save_agency(ui_ctx, sample_agency()))
        dialog = open_ratings_dialog(workspace, unit_id, year)
        workspace.setParent(dialog)
        qtbot.waitUntil(
            lambda: (
                dialog.grid is not None
                and dialog.view.isEnabled()
                or dialog.title.text() == "Không tải được danh sách"
            )
        )
        made.append(dialog)
        return dialog

    yield make
    wait_for_background_work()
    for dialog in made:  # closed here, not by qtbot: a test that failed midway must not leave a question open
        if shiboken6.isValid(dialog):
            dialog._may_close = True
            dialog.close()


def levels(dialog) -> list[RatingLevel | None]:
    return [dialog.model.values(r)[0] for r in range(dialog.model.rowCount())]


def answer_next_question(button_text: str, asked: list[str]) -> None:
    """Click a button of the message box about to open (it runs its own event loop meanwhile)."""
    tries = iter(range(500))  # a question that never comes fails the test's own wait, not later tests

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if next(tries, None) is not None:
                QTimer.singleShot(10, click)
            return
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, click)


def save_and_wait(qtbot, dialog) -> object:
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_the_grid_shows_the_year_the_unit_rating_and_the_counts(open_dialog, hospital):
    dialog = open_dialog(hospital["hospital"])
    assert dialog.title.text() == "Xếp loại năm 2024 – Bệnh viện Đa khoa tỉnh"
    assert dialog.unit_combo.currentData() == hospital["hospital"] and dialog.year_box.value() == 2024
    model = dialog.model
    assert [model.row_info(r).full_name for r in range(model.rowCount())] == NAMES
    assert model.index(3, NAME_COLUMN).data() == "Phạm Văn Dũng (đã nghỉ 30/06/2024)"
    assert model.index(4, NAME_COLUMN).data() == "Hoàng Văn Giang (chuyển đi 31/03/2024)"
    assert [model.index(2, c).data() for c in range(8)] == [
        "3",
        "Lê Văn Bình",
        "1980",
        "Khoa Nội",
        "Bác sĩ",
        "Hoàn thành tốt nhiệm vụ",
        "2",
        "QĐ 12/QĐ-BV",
    ]
    assert dialog.unit_level.currentData() is EXCELLENT and dialog.unit_ref.text() == "QĐ 5/QĐ-SYT"
    assert dialog.counter.text() == (
        "Xuất sắc: 0 · Tốt: 1 · Hoàn thành: 0 · Không hoàn thành: 0 · Chưa xếp loại: 6 — tổng số 7 người"
    )
    assert not dialog.save_button.isEnabled()  # nothing to save yet
    assert dialog.view.currentIndex().row() == 0 and dialog.view.currentIndex().column() == LEVEL_COLUMN


def test_typing_a_key_sets_the_level_and_moves_down(open_dialog, hospital, qtbot):
    dialog = open_dialog(hospital["hospital"])
    view = dialog.view
    qtbot.keyClicks(view, "1t3K")
    assert levels(dialog)[:4] == [EXCELLENT, GOOD, DONE, FAILED]
    assert view.currentIndex().row() == 4 and view.currentIndex().column() == LEVEL_COLUMN
    qtbot.keyClick(view, Qt.Key.Key_2, Qt.KeyboardModifier.KeypadModifier)  # the number pad too
    assert levels(dialog)[4] is GOOD and view.currentIndex().row() == 5

    qtbot.keyClicks(view, "z")  # not a level: nothing changes, the clerk is told the keys
    assert levels(dialog)[5] is None and view.currentIndex().row() == 5
    assert "“z” không phải mức xếp loại" in dialog.status.text()

    # Changed rows are marked until saved; Bình's row is back to unchanged once cleared and retyped.
    changed = dialog.model.changed_rows()
    assert changed == [0, 1, 2, 3, 4]
    assert dialog.model.index(0, NAME_COLUMN).data(Qt.ItemDataRole.BackgroundRole).color() == CHANGED_COLOUR
    assert dialog.model.index(5, NAME_COLUMN).data(Qt.ItemDataRole.BackgroundRole) is None
    assert dialog.counter.text() == (
        "Xuất sắc: 1 · Tốt: 2 · Hoàn thành: 1 · Không hoàn thành: 1 · "
        "Chưa xếp loại: 2 — tổng số 7 người — 5 thay đổi chưa lưu"
    )
    assert dialog.save_button.isEnabled()


def test_delete_clears_the_rating_with_its_days_and_note(open_dialog, hospital, qtbot):
    dialog = open_dialog(hospital["hospital"])
    view = dialog.view
    view.setCurrentIndex(dialog.model.index(2, LEVEL_COLUMN))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert dialog.model.values(2) == (None, None, None)
    assert "Chưa xếp loại: 7" in dialog.counter.text() and "1 thay đổi chưa lưu" in dialog.counter.text()
    qtbot.keyClicks(view, "t")
    assert dialog.model.values(2) == (GOOD, None, None) and dialog.model.is_changed(2)


def test_absent_days_and_notes_are_typed_in_place(open_dialog, hospital, qtbot):
    dialog = open_dialog(hospital["hospital"])
    view = dialog.view
    view.setCurrentIndex(dialog.model.index(0, DAYS_COLUMN))
    qtbot.keyClicks(view, "5")  # starts the editor with the key typed
    editor = view.indexWidget(dialog.model.index(0, DAYS_COLUMN))
    assert isinstance(editor, QLineEdit) and editor.text() == "5"
    qtbot.keyClicks(editor, "x")  # only whole numbers get in
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: dialog.model.values(0) == (None, 5, None))
    assert view.currentIndex().row() == 1  # Enter goes on to the next person, as in Excel

    view.setCurrentIndex(dialog.model.index(1, NOTE_COLUMN))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(dialog.model.index(1, NOTE_COLUMN))
    qtbot.keyClicks(editor, "QD 3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.model.values(1) == (None, None, "QD 3"))


def test_f2_opens_a_list_of_levels(open_dialog, hospital, qtbot):
    dialog = open_dialog(hospital["hospital"])
    view = dialog.view
    view.setCurrentIndex(dialog.model.index(1, LEVEL_COLUMN))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = view.indexWidget(dialog.model.index(1, LEVEL_COLUMN))
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "— Chưa xếp loại —",
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
    ]
    combo.hidePopup()
    combo.setCurrentIndex(2)
    combo.activated.emit(2)  # what choosing an entry with the mouse or Enter does
    qtbot.waitUntil(lambda: view.indexWidget(dialog.model.index(1, LEVEL_COLUMN)) is None)
    assert dialog.model.values(1)[0] is GOOD


def test_paste_from_excel_applies_what_it_understands_and_lists_the_rest(open_dialog, hospital, qtbot):
    dialog = open_dialog(hospital["hospital"])
    view = dialog.view
    QGuiApplication.clipboard().setText(
        "HTXSNV\t2\r\nTốt lắm\t1\r\nkhong hoan thanh\t\r\nHoàn thành tốt\t\r\n"
    )
    view.setCurrentIndex(dialog.model.index(1, LEVEL_COLUMN))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    model = dialog.model
    assert model.values(1) == (EXCELLENT, 2, None)
    assert model.values(2) == (GOOD, 1, "QĐ 12/QĐ-BV")  # the level was not understood: it stays
    assert model.values(3) == (FAILED, None, None)
    assert model.values(4) == (GOOD, None, None)
    assert dialog.problems.isVisibleTo(dialog)
    assert (
        dialog.problems.text() == "STT 3 – Lê Văn Bình, cột Xếp loại: không nhận ra mức xếp loại “Tốt lắm”."
    )
    assert dialog.status.text() == "Đã dán 7 ô. 1 ô không dán được (xem dưới bảng)."

    # A block longer than the list: what falls past the end is said, not lost silently.
    QGuiApplication.clipboard().setText("Tốt\nTốt\nTốt\n")
    view.setCurrentIndex(model.index(5, NAME_COLUMN))  # pasted on the name: it still means ratings
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert levels(dialog)[5:] == [GOOD, GOOD]
    assert "1 dòng cuối của khối dán vượt quá danh sách" in dialog.problems.text()


def test_copy_puts_plain_values_on_the_clipboard(open_dialog, hospital, qtbot):
    dialog = open_dialog(hospital["hospital"])
    view = dialog.view
    model = dialog.model
    selection = view.selectionModel()
    view.setCurrentIndex(model.index(2, NAME_COLUMN))
    selection.clearSelection()
    for row, column in ((2, NAME_COLUMN), (2, LEVEL_COLUMN), (3, NAME_COLUMN), (3, LEVEL_COLUMN)):
        selection.select(model.index(row, column), selection.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "Lê Văn Bình\tHoàn thành tốt nhiệm vụ\r\nPhạm Văn Dũng\t\r\n"


def test_save_writes_every_change_in_one_go(open_dialog, hospital, qtbot, ui_ctx):
    dialog = open_dialog(hospital["hospital"])
    qtbot.keyClicks(dialog.view, "xtt")
    dialog.unit_level.setCurrentIndex(dialog.unit_level.findData(GOOD))
    # Bình was already rated Tốt: typing it again is no change.
    assert "3 thay đổi chưa lưu" in dialog.counter.text() and dialog.model.changed_rows() == [0, 1]
    result = save_and_wait(qtbot, dialog)
    assert (result.created, result.updated, result.removed) == (2, 1, 0)
    assert dialog.status.text() == "Đã lưu: 2 thêm mới, 1 sửa, 0 xóa."
    assert dialog.model.changed_rows() == [] and "chưa lưu" not in dialog.counter.text()
    assert not dialog.save_button.isEnabled()

    stored = load_rating_grid(ui_ctx, hospital["hospital"], 2024)
    assert [r.level for r in stored.rows][:3] == [EXCELLENT, GOOD, GOOD]
    assert stored.rows[2].absent_days == 2  # Bình's days and note are kept with his level
    assert stored.unit_rating.level is GOOD


def test_a_refused_save_keeps_the_work_and_says_why(open_dialog, hospital, qtbot, ui_ctx):
    dialog = open_dialog(hospital["hospital"])
    dialog.model.set_value(5, DAYS_COLUMN, 4)  # days without a level cannot be stored
    qtbot.keyClicks(dialog.view, "1")
    result = save_and_wait(qtbot, dialog)
    assert "Bùi Văn Khánh có số ngày nghỉ hoặc ghi chú nhưng chưa được xếp loại" in str(result)
    assert dialog.problems.isVisibleTo(dialog) and "Bùi Văn Khánh" in dialog.problems.text()
    assert dialog.model.changed_rows() == [0, 5]
    assert load_rating_grid(ui_ctx, hospital["hospital"], 2024).rows[0].level is None


def test_a_save_over_another_clerks_rating_is_refused_and_the_cells_kept_to_retry(
    open_dialog, hospital, qtbot, ui_ctx
):
    """Another clerk rates Bình while the grid is open: Lưu writes nothing and names Bình and the year; the
    grid is read again with the other clerk's rating under the cells this clerk typed, and Lưu again saves."""
    from app.services.context import ServiceContext
    from app.services.ratings import RatingChange, save_ratings

    dialog = open_dialog(hospital["hospital"])
    other = ServiceContext(ui_ctx.db, actor="binh")
    shown = dialog.model.row_info(2)
    assert shown.full_name == "Lê Văn Bình" and shown.level is GOOD
    save_ratings(
        other, hospital["hospital"], 2024, [RatingChange(hospital["binh"], DONE, 5, None, shown.version)]
    )
    qtbot.keyClicks(dialog.view, "xkx")  # Khải Xuất sắc, Ánh Không hoàn thành, Bình Xuất sắc over Tốt
    assert dialog.model.changed_rows() == [0, 1, 2]

    with qtbot.waitSignal(dialog.loaded, timeout=10_000):  # refused, then the grid is read again
        result = save_and_wait(qtbot, dialog)
    assert str(result).startswith("Xếp loại năm 2024 của Lê Văn Bình đã được binh sửa lúc ")
    assert dialog.problems.isVisibleTo(dialog)
    assert dialog.problems.text().startswith("Xếp loại năm 2024 của Lê Văn Bình đã được binh sửa lúc ")
    assert "Không có gì được lưu" in dialog.problems.text() and "bấm Lưu lần nữa" in dialog.problems.text()
    assert dialog.status.text() == "Chưa lưu được; mọi thay đổi vẫn còn trên bảng."
    stored = load_rating_grid(ui_ctx, hospital["hospital"], 2024).rows
    assert [r.level for r in stored[:3]] == [None, None, DONE]  # nothing of this clerk's written
    # The cells typed are kept, over what is stored now (Bình: the other clerk's Hoàn thành, 5 days).
    assert levels(dialog)[:3] == [EXCELLENT, FAILED, EXCELLENT] and dialog.model.changed_rows() == [0, 1, 2]
    assert dialog.model.row_info(2).level is DONE and dialog.model.values(2)[1] == 5
    assert dialog.model.index(2, LEVEL_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == (
        "Đã sửa, chưa lưu (trước đây: Hoàn thành nhiệm vụ)"
    )
    assert dialog.save_button.isEnabled()

    result = save_and_wait(qtbot, dialog)
    assert (result.created, result.updated, result.removed) == (2, 1, 0)
    assert [r.level for r in load_rating_grid(ui_ctx, hospital["hospital"], 2024).rows[:3]] == [
        EXCELLENT,
        FAILED,
        EXCELLENT,
    ]
    assert not dialog.problems.isVisibleTo(dialog) or "Không có gì" not in dialog.problems.text()


@pytest.mark.parametrize("fault", [UserError("Cơ sở dữ liệu đang bận."), OSError("ổ đĩa không đọc được")])
def test_a_refused_save_keeps_the_cells_when_the_grid_cannot_be_read_again(
    open_dialog, hospital, qtbot, ui_ctx, monkeypatch, fault
):
    """The refused save's re-read fails (the database busy, a disk fault): the cells typed stay on the grid
    with both reasons said; F5 reads it again later and puts them back over what is stored then."""
    import ui.dialogs.ratings_dialog as module
    from app.services.context import ServiceContext
    from app.services.ratings import RatingChange, save_ratings

    dialog = open_dialog(hospital["hospital"])
    shown = dialog.model.row_info(2)
    other = ServiceContext(ui_ctx.db, actor="binh")
    save_ratings(
        other, hospital["hospital"], 2024, [RatingChange(hospital["binh"], DONE, 5, None, shown.version)]
    )
    qtbot.keyClicks(dialog.view, "xkx")

    def unreadable(*_args):
        raise fault

    monkeypatch.setattr(module, "load_rating_grid", unreadable)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as read_again:
        save_and_wait(qtbot, dialog)
    assert read_again.args == [None]
    assert levels(dialog)[:3] == [EXCELLENT, FAILED, EXCELLENT] and dialog.model.changed_rows() == [0, 1, 2]
    text = dialog.problems.text()
    assert text.startswith("Xếp loại năm 2024 của Lê Văn Bình đã được binh sửa lúc ")
    assert (
        "Không có gì được lưu" in text
        and "Không tải lại được bảng" in text
        and str(fault).rstrip(".") + ")" in text
    )
    assert "đã được tải lại" not in text and "F5" in text
    assert dialog.status.text() == "Chưa lưu được; mọi thay đổi vẫn còn trên bảng."
    assert dialog.view.isEnabled()

    monkeypatch.undo()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as read_again:
        qtbot.keyClick(dialog.view, Qt.Key.Key_F5)  # no question: the cells are kept over the new read
    assert read_again.args[0] is not None
    assert levels(dialog)[:3] == [EXCELLENT, FAILED, EXCELLENT] and dialog.model.changed_rows() == [0, 1, 2]
    assert dialog.model.row_info(2).level is DONE
    result = save_and_wait(qtbot, dialog)
    assert (result.created, result.updated, result.removed) == (2, 1, 0)


@pytest.mark.parametrize(("button", "stored"), [("Lưu", FAILED), ("Không lưu", None), ("Hủy", None)])
@pytest.mark.parametrize("how", ["Esc", "Đóng", "title bar"])
def test_closing_with_unsaved_changes_asks_first(open_dialog, hospital, qtbot, ui_ctx, button, stored, how):
    dialog = open_dialog(hospital["hospital"])
    qtbot.keyClicks(dialog.view, "4")
    asked: list[str] = []
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    answer_next_question(button, asked)
    if how == "Esc":
        qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    elif how == "Đóng":
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    else:
        dialog.close()
    assert asked == ["Có 1 thay đổi chưa lưu. Lưu trước khi tiếp tục?"]
    if button == "Hủy":
        assert dialog.isVisible() and levels(dialog)[0] is FAILED and not closed
    else:
        qtbot.waitUntil(lambda: bool(closed), timeout=10_000)  # "Lưu" closes once the save is through
    assert load_rating_grid(ui_ctx, hospital["hospital"], 2024).rows[0].level is stored


def test_another_year_or_unit_loads_after_asking(open_dialog, hospital, qtbot, ui_ctx):
    dialog = open_dialog(hospital["hospital"])
    qtbot.keyClicks(dialog.view, "2")
    asked: list[str] = []
    answer_next_question("Hủy", asked)
    dialog.year_box.setValue(2023)
    assert len(asked) == 1 and dialog.year_box.value() == 2024 and dialog.grid.year == 2024

    answer_next_question("Không lưu", asked)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.year_box.setValue(2023)
    assert dialog.title.text() == "Xếp loại năm 2023 – Bệnh viện Đa khoa tỉnh"
    assert "Vũ Thị Em" in [dialog.model.row_info(r).full_name for r in range(dialog.model.rowCount())]

    with qtbot.waitSignal(dialog.loaded, timeout=5000):  # nothing unsaved: no question
        dialog.unit_combo.select_unit(hospital["surgery"])
    assert len(asked) == 2
    assert dialog.title.text() == "Xếp loại năm 2023 – Khoa Ngoại"
    assert dialog.unit_level.currentData() is None

    # "Lưu" saves the year on screen first, then shows the one asked for.
    qtbot.keyClicks(dialog.view, "x")
    answer_next_question("Lưu", asked)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.year_box.setValue(2024)
    assert dialog.title.text() == "Xếp loại năm 2024 – Khoa Ngoại" and len(asked) == 3
    assert load_rating_grid(ui_ctx, hospital["surgery"], 2023).rows[0].level is EXCELLENT


def test_a_unit_that_cannot_be_read_leaves_the_others_to_choose(open_dialog, hospital, qtbot):
    dialog = open_dialog(999_999)
    assert dialog.grid is None and dialog.model.rowCount() == 0
    assert dialog.status.text() == "Không tìm thấy đơn vị này trong cơ sở dữ liệu (có thể đã bị xóa)."
    assert not dialog.view.isEnabled() and not dialog.save_button.isEnabled()
    assert dialog.unit_combo.isEnabled() and hospital["hospital"] in dialog.unit_combo.units
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.unit_combo.select_unit(hospital["hospital"])
    assert dialog.model.rowCount() == len(NAMES) and dialog.view.isEnabled()
