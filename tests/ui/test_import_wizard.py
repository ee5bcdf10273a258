"""The staff-list import wizard driven like a clerk: file, columns, preview, import, and what goes wrong."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import threading

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import app.services.staff as staff_service
import ui.dialogs.import_wizard as wizard_module
from app.services.agency import save_agency
from database.models import AuditEntry, Person, Posting, Unit
from tests.db.test_records import build_career
from tests.ui.conftest import sample_agency
from tests.unit.test_roster_reader import inline_row, raw_xlsx
from ui.dialogs.import_wizard import ImportWizard, PreviewModel
from ui.jobs import wait_for_background_work

HEADER = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Khoa, phòng", "Vị trí việc làm"]
PEOPLE = [
    [1, "Nguyễn Thị Ánh", "Nữ", dt.date(1988, 4, 9), "Khoa Cấp cứu", "Điều dưỡng trưởng"],  # in the database
    [2, "LÊ VĂN BÌNH", "Nam", 1975, "Khoa Nội", "Bác sĩ"],  # in the database (year only), written in capitals
    [3, "Trần Văn Cường", "Nam", "12/05/1990", "Khoa Cấp cứu", "Bác sĩ"],
    [4, "Phạm Thị Dung", "Nữ", "31/02/1985", "Khoa Nội", "Hộ sinh"],  # no such day
    [5, "Hoàng Văn Em", "Không rõ", "01/01/1980", "Khoa Nội", "Kỹ thuật viên"],  # unreadable sex
    [6, "Trần  Văn Cường", "Nam", "12/05/1990", "Khoa Cấp cứu", "Bác sĩ"],  # row 6 again
]


def write_roster(path, people=PEOPLE):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH CÁN BỘ BỆNH VIỆN ĐA KHOA TỈNH NĂM 2025"])
    ws.append(HEADER)
    ws.append([f"({n})" for n in range(1, len(HEADER) + 1)])
    for values in people:
        ws.append(values)
    ws.append(["", "Tổng cộng: 6 người"])
    ws.append([])
    ws.append(["", "Người lập biểu", "", "", "Giám đốc"])
    wb.create_sheet("Ghi chú").append(["Danh sách gửi Sở Y tế"])
    wb.save(path)
    return path


@pytest.fixture
def units(ui_ctx):
    return build_career(ui_ctx)


@pytest.fixture
def workspace(qt_app, ui_ctx):
    from ui.workspace import Workspace

    ws = Workspace(ui_ctx, save_agency(ui_ctx, sample_agency()))
    yield ws
    ws.close()
    wait_for_background_work()


@pytest.fixture
def open_wizard(qtbot, workspace, units):
    made = []

    def open_(path) -> ImportWizard:
        wizard = ImportWizard(workspace, None, path)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitUntil(lambda: wizard.task is None and wizard.unit_combo.count() > 1)
        made.append(wizard)
        return wizard

    yield open_
    for wizard in made:
        if wizard.task is not None:
            wizard.task.cancel()
    wait_for_background_work()


def people_count(ctx) -> int:
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(Person))


def database_state(ctx) -> tuple:
    with ctx.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Person)),
            s.scalar(select(func.count()).select_from(Unit)),
            s.scalar(select(func.count()).select_from(Posting)),
            s.scalar(select(func.count()).select_from(AuditEntry)),
        )


def choose_unit_and_continue(qtbot, wizard, unit_id) -> None:
    wizard.unit_combo.setCurrentIndex(wizard.unit_combo.findData(unit_id))
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.step == 1


def to_preview(qtbot, wizard, unit_id, allow_new_departments=True) -> PreviewModel:
    choose_unit_and_continue(qtbot, wizard, unit_id)
    wizard.set_field(5, "position")  # "Vị trí việc làm" is not a header the reader knows
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.step == 2)
    if allow_new_departments:
        allow_creation(wizard)
    return wizard.preview


def allow_creation(wizard) -> None:
    """The clerk allows each khoa/phòng the unit lacks to be created (its drop-down's “Tạo …” entry)."""
    panel = wizard.department_panel
    for name in panel.pending():
        panel.choose(name, "create", name)


def preview_rows(model: PreviewModel) -> dict[int, dict[str, object]]:
    """Excel row -> what the table shows in each column."""
    out = {}
    for r in range(model.rowCount()):
        texts = {h: model.data(model.index(r, c)) for c, h in enumerate(model.HEADERS)}
        texts["checked"] = model.data(model.index(r, model.KEEP), Qt.ItemDataRole.CheckStateRole)
        texts["update"] = model.data(model.index(r, model.ACTION), Qt.ItemDataRole.CheckStateRole)
        texts["colour"] = model.data(model.index(r, model.CHECK), Qt.ItemDataRole.ForegroundRole)
        out[texts["Dòng"]] = texts
    return out


def click_check(qtbot, wizard, excel_row: int, column: int) -> None:
    """Click the check box of a cell of the preview table, as the clerk does."""
    model, view = wizard.preview, wizard.preview_view
    row = next(r for r in range(model.rowCount()) if model.person_at(r)[1].row == excel_row)
    index = model.index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    point = QPoint(rect.left() + 12, rect.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def cancel_progress(qtbot, wizard) -> None:
    """Press Hủy in the progress dialog of the work that is running."""
    task = wizard.task
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=5000)
    dialog = task.dialog
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Hủy")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# ------------------------------------------------------------------------------------------ steps
def test_the_file_is_read_and_the_guessed_mapping_can_be_changed(qtbot, open_wizard, units, tmp_path):
    wizard = open_wizard(write_roster(tmp_path / "ds.xlsx"))
    assert wizard.step == 0 and not wizard.next_button.isEnabled()  # no unit chosen yet
    assert wizard.sheet_combo.isVisible() and wizard.sheet_combo.currentText() == "Danh sách"
    assert "Đã đọc 6 dòng danh sách" in wizard.file_status.text()
    # The other sheet holds no list: the clerk is told so, and goes back to the first one.
    qtbot.keyClick(wizard.sheet_combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: wizard.task is None)
    assert (
        "Không tìm thấy dòng tiêu đề" in wizard.file_status.text()
        and "“Ghi chú”" in wizard.file_status.text()
    )
    assert wizard.sheet is None
    qtbot.keyClick(wizard.sheet_combo, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: wizard.sheet is not None)
    assert wizard.sheet.sheet_name == "Danh sách"
    choose_unit_and_continue(qtbot, wizard, units["hospital"])

    table = wizard.mapping_table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["A", "B", "C", "D", "E", "F"]
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == HEADER
    assert [table.cellWidget(r, 2).currentText() for r in range(table.rowCount())] == [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Khoa, phòng / Đơn vị công tác",
        "(bỏ qua)",
    ]
    assert table.item(1, 3).text().startswith("Nguyễn Thị Ánh  ·  LÊ VĂN BÌNH  ·  Trần Văn Cường")
    assert table.item(3, 3).text().startswith("09/04/1988  ·  1975")
    detected = wizard.detected_label.text()
    assert "dòng tiêu đề là dòng 2" in detected and "6 dòng danh sách" in detected and "Unicode" in detected
    skipped = [wizard.skipped_list.item(i).text() for i in range(wizard.skipped_list.count())]
    assert skipped[:3] == [
        "Dòng 1: Dòng tiêu đề phía trên bảng",
        "Dòng 3: Dòng đánh số cột",
        "Dòng 10: Dòng tổng cộng",
    ]
    assert skipped[3].startswith("Dòng 12") and "ký tên" in skipped[3]

    # The clerk takes away the name column: told why, and cannot go on; then puts it back.
    name_combo = table.cellWidget(1, 2)
    name_combo.setCurrentIndex(name_combo.findText("(bỏ qua)"))
    assert "Chưa có cột “Họ và tên”" in wizard.mapping_warning.text()
    assert not wizard.next_button.isEnabled()
    name_combo.setCurrentIndex(name_combo.findData("full_name"))
    assert wizard.mapping_warning.text() == "" and wizard.next_button.isEnabled()

    position_combo = table.cellWidget(5, 2)
    assert (
        position_combo.itemData(position_combo.findText("Mã cán bộ")) == "staff_code"
    )  # offered, not guessed
    position_combo.setCurrentIndex(position_combo.findText("Chức vụ"))
    assert wizard.mapping()[5] == "position"
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.step == 2)
    assert preview_rows(wizard.preview)[6]["Chức vụ"] == "Bác sĩ"

    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.reset_mapping_button, Qt.MouseButton.LeftButton)
    assert 5 not in wizard.mapping()


def test_preview_marks_problems_and_duplicates_against_the_database(
    qtbot, open_wizard, units, tmp_path, ui_ctx
):
    wizard = open_wizard(write_roster(tmp_path / "ds.xlsx"))
    model = to_preview(qtbot, wizard, units["hospital"])
    rows = preview_rows(model)
    assert sorted(rows) == [4, 5, 6, 7, 8, 9]
    assert wizard.preview_view.isColumnHidden(model.CONFIRM)  # no row waits for the clerk: no such column
    assert rows[4]["Lỗi, trùng lặp"] == "Đã có: Khoa Ngoại – Trung tâm Y tế khu vực Nga Sơn"
    assert rows[4]["Xử lý"] == "Bỏ qua" and rows[4]["update"] == Qt.CheckState.Unchecked
    assert rows[5]["Họ và tên"] == "Lê Văn Bình" and rows[5]["Ngày sinh"] == "1975"
    assert rows[5]["Lỗi, trùng lặp"] == "Đã có: Khoa Nội – Bệnh viện Đa khoa tỉnh"
    assert rows[6]["Xử lý"] == "Thêm mới" and rows[6]["Ngày sinh"] == "12/05/1990"
    assert rows[7]["Lỗi, trùng lặp"] == "Ngày sinh không hợp lệ: 31/02/1985"
    assert rows[8]["Lỗi, trùng lặp"] == "Không rõ giới tính: “Không rõ”"
    assert rows[7]["colour"] == rows[8]["colour"] == wizard_module.ERROR_COLOUR
    assert rows[9]["Lỗi, trùng lặp"] == "Trùng dòng 6 trong tệp" and rows[9]["Xử lý"] == "Bỏ qua"
    assert rows[9]["update"] is None  # nobody in the database to update
    assert "Còn 2 dòng có lỗi" in wizard.preview_summary.text()
    assert not wizard.import_button.isEnabled()

    wizard.filter_combo.setCurrentIndex(1)
    assert sorted(preview_rows(model)) == [7, 8]
    wizard.filter_combo.setCurrentIndex(2)
    assert sorted(preview_rows(model)) == [4, 5, 9]
    wizard.filter_combo.setCurrentIndex(0)

    # Excluding one error row is not enough; "Bỏ các dòng lỗi" excludes the rest.
    click_check(qtbot, wizard, 7, model.KEEP)
    assert preview_rows(model)[7]["Xử lý"] == "Không nhập" and not wizard.import_button.isEnabled()
    qtbot.mouseClick(wizard.exclude_errors_button, Qt.MouseButton.LeftButton)
    assert preview_rows(model)[8]["checked"] == Qt.CheckState.Unchecked
    assert wizard.import_button.isEnabled() and "có lỗi" not in wizard.preview_summary.text()

    # Leaving out row 6 makes row 9 the first of its kind: no longer a duplicate.
    click_check(qtbot, wizard, 6, model.KEEP)
    assert preview_rows(model)[9]["Xử lý"] == "Thêm mới"
    click_check(qtbot, wizard, 6, model.KEEP)
    assert preview_rows(model)[9]["Xử lý"] == "Bỏ qua"
    assert people_count(ui_ctx) == 4  # nothing written while looking


def test_update_a_duplicate_and_import(qtbot, open_wizard, units, tmp_path, ui_ctx):
    wizard = open_wizard(write_roster(tmp_path / "ds.xlsx"))
    model = to_preview(qtbot, wizard, units["hospital"])
    qtbot.mouseClick(wizard.exclude_errors_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.update_all_button, Qt.MouseButton.LeftButton)
    assert preview_rows(model)[5]["Xử lý"] == "Cập nhật"
    qtbot.mouseClick(wizard.skip_all_button, Qt.MouseButton.LeftButton)
    click_check(qtbot, wizard, 4, model.ACTION)  # update Ánh only
    rows = preview_rows(model)
    assert rows[4]["Xử lý"] == "Cập nhật" and rows[5]["Xử lý"] == "Bỏ qua"
    assert "2 người đã có trong cơ sở dữ liệu (1 cập nhật, 1 bỏ qua)" in wizard.preview_summary.text()

    with qtbot.waitSignal(wizard.imported, timeout=10000) as done:
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert (result.created, result.updated, result.skipped, result.departments_created) == (1, 1, 2, 1)
    assert wizard.step == 3 and wizard.cancel_button.text() == "Đóng"
    text = wizard.result_label.text()
    for line in (
        "Thêm mới: 1 cán bộ",
        "Cập nhật: 1 người đã có",
        "Bỏ qua (trùng): 2 dòng",
        "Không nhập (đã bỏ dấu): 2 dòng",
        "Khoa, phòng mới tạo: 1",
    ):
        assert line in text

    with ui_ctx.read() as s:
        emergency = s.scalar(
            select(Unit.id).where(Unit.name == "Khoa Cấp cứu", Unit.parent_id == units["hospital"])
        )
        anh = s.scalar(select(Person).where(Person.full_name == "Nguyễn Thị Ánh"))
        binh = s.scalar(select(Person).where(Person.full_name == "Lê Văn Bình"))
        cuong = s.scalars(select(Person).where(Person.full_name == "Trần Văn Cường")).all()
    assert emergency is not None
    assert anh.unit_id == emergency and anh.position == "Điều dưỡng trưởng"  # moved, as the list says
    assert binh.unit_id == units["internal"] and binh.position is None  # skipped: untouched
    assert len(cuong) == 1 and cuong[0].unit_id == emergency and cuong[0].birth_date == dt.date(1990, 5, 12)
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    assert wizard.result() == ImportWizard.DialogCode.Accepted


# ------------------------------------------------------------------------------------ cancelling
def test_cancel_while_reading(qtbot, workspace, units, tmp_path, ui_ctx, monkeypatch):
    reading, release = threading.Event(), threading.Event()
    real_read = wizard_module.read_roster

    def slow_read(*args, **kwargs):  # a big file: the clerk presses Hủy while it is being read
        reading.set()
        release.wait(10)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(wizard_module, "read_roster", slow_read)
    before = database_state(ui_ctx)
    wizard = ImportWizard(workspace, None, write_roster(tmp_path / "ds.xlsx"))
    qtbot.addWidget(wizard)
    wizard.show()
    assert reading.wait(10) and wizard.busy and not wizard.next_button.isEnabled()
    assert "Đang đọc tệp “ds.xlsx”" in wizard.file_status.text()
    cancel_progress(qtbot, wizard)
    release.set()
    qtbot.waitUntil(lambda: wizard.task is None, timeout=10000)
    assert wizard.file_status.text() == "Đã hủy đọc tệp."
    assert wizard.sheet is None and wizard.step == 0 and not wizard.next_button.isEnabled()
    assert database_state(ui_ctx) == before

    monkeypatch.setattr(wizard_module, "read_roster", real_read)  # choosing the file again reads it
    wizard.open_file(tmp_path / "ds.xlsx")
    qtbot.waitUntil(lambda: wizard.sheet is not None, timeout=10000)
    assert len(wizard.sheet.rows) == 6


def test_cancel_during_import_writes_nothing(qtbot, open_wizard, units, tmp_path, ui_ctx, monkeypatch):
    wizard = open_wizard(write_roster(tmp_path / "ds.xlsx"))
    to_preview(qtbot, wizard, units["hospital"])
    qtbot.mouseClick(wizard.exclude_errors_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.update_all_button, Qt.MouseButton.LeftButton)
    before = database_state(ui_ctx)
    written, release = threading.Event(), threading.Event()
    real_record = staff_service.record_bulk

    def paused_record(*args, **kwargs):  # inside the transaction: people inserted, nothing committed
        real_record(*args, **kwargs)
        written.set()
        release.wait(10)

    monkeypatch.setattr(staff_service, "record_bulk", paused_record)
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert written.wait(10)
    cancel_progress(qtbot, wizard)
    release.set()
    qtbot.waitUntil(lambda: wizard.task is None, timeout=10000)
    assert wizard.step == 2 and wizard.result_summary is None
    assert wizard.preview_error.text().startswith("Đã hủy nhập danh sách; chưa có cán bộ nào được ghi")
    assert database_state(ui_ctx) == before
    assert wizard.import_button.isEnabled()  # the clerk may try again


def test_a_locked_database_is_reported_and_nothing_is_written(
    qtbot, open_wizard, units, tmp_path, ui_ctx, monkeypatch
):
    wizard = open_wizard(write_roster(tmp_path / "ds.xlsx"))
    to_preview(qtbot, wizard, units["hospital"])
    qtbot.mouseClick(wizard.exclude_errors_button, Qt.MouseButton.LeftButton)
    before = database_state(ui_ctx)

    def locked(*_args, **_kwargs):
        raise OperationalError(
            "INSERT INTO audit_entry …", {}, sqlite3.OperationalError("database is locked")
        )

    monkeypatch.setattr(staff_service, "record_bulk", locked)
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.task is None, timeout=10000)
    assert wizard.preview_error.text().startswith("Cơ sở dữ liệu đang bận")
    assert wizard.step == 2 and database_state(ui_ctx) == before

    def broken(*_args, **_kwargs):
        raise RuntimeError("bất ngờ")

    monkeypatch.setattr(staff_service, "record_bulk", broken)
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.task is None, timeout=10000)
    assert wizard.preview_error.text().startswith(
        "Chưa nhập được danh sách vì một lỗi không lường trước (bất ngờ)"
    )
    assert database_state(ui_ctx) == before


# ------------------------------------------------------------------------------------- bad files
def _encrypted(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_roster(tmp_path / "plain.xlsx")
    out = io.BytesIO()
    with plain.open("rb") as fh:
        OOXMLFile(fh).encrypt("matkhau", out)
    path = tmp_path / "khoa.xlsx"
    path.write_bytes(out.getvalue())
    return path


def _truncated(tmp_path):
    whole = write_roster(tmp_path / "full.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _no_header(tmp_path):
    wb = openpyxl.Workbook()
    for row in (["Bảng chấm công"], ["Mã", "Tên hàng", "Số lượng"], ["A1", "Bút bi", 20]):
        wb.active.append(row)
    wb.save(tmp_path / "khac.xlsx")
    return tmp_path / "khac.xlsx"


def _too_many_rows(tmp_path):
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Người {r}</t></is></c></row>'
        for r in range(2, 200_002)
    )
    return raw_xlsx(
        tmp_path / "lon.xlsx", inline_row(1, ["Họ và tên", "Giới tính"]) + rows, dimension="A1:B10"
    )


@pytest.mark.parametrize(
    "make, message",
    [
        (_encrypted, "Tệp “khoa.xlsx” đang được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu"),
        (_truncated, "Tệp “cut.xlsx” bị hỏng (tệp nén bị cắt cụt"),
        (_no_header, "Không tìm thấy dòng tiêu đề (Họ và tên, Ngày sinh …)"),
        (_too_many_rows, "có hơn 50.000 dòng, vượt quá giới hạn 50.000 dòng của một lần nhập"),
    ],
    ids=["password", "truncated", "no-header", "200k-rows"],
)
def test_a_file_that_cannot_be_read_says_why_and_changes_nothing(
    qtbot, open_wizard, units, tmp_path, ui_ctx, make, message
):
    before = database_state(ui_ctx)
    wizard = open_wizard(make(tmp_path))
    wizard.unit_combo.setCurrentIndex(wizard.unit_combo.findData(units["hospital"]))
    assert message in wizard.file_status.text()
    assert wizard.file_status.objectName() == "error"
    assert wizard.sheet is None and not wizard.next_button.isEnabled() and wizard.step == 0
    assert database_state(ui_ctx) == before


# ----------------------------------------------------------------------------------- staff page
def test_an_import_from_the_staff_page_shows_the_new_people(
    qtbot, qt_app, ui_ctx, units, tmp_path, monkeypatch
):
    from ui.pages.staff import StaffPage
    from ui.workspace import Workspace

    path = write_roster(tmp_path / "ds.xlsx")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), "Tệp Excel (*.xlsx *.xls)")
    )
    workspace = Workspace(ui_ctx, save_agency(ui_ctx, sample_agency()))
    page = StaffPage(workspace)
    workspace.setParent(page)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
    assert page.import_button.text() == "Nhập danh sách từ Excel…"
    before = page.model.total
    seen = []

    def clerk() -> None:  # runs inside the wizard's own event loop
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, ImportWizard):
            QTimer.singleShot(20, clerk)
            return
        qtbot.waitUntil(
            lambda: wizard.task is None and wizard.sheet is not None and wizard.unit_combo.count() > 1
        )
        to_preview(qtbot, wizard, units["hospital"])
        qtbot.mouseClick(wizard.exclude_errors_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.step == 3, timeout=10000)
        seen.append(wizard.result_summary)
        qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)  # "Đóng"

    QTimer.singleShot(0, clerk)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].created == 1
    qtbot.waitUntil(lambda: not page.loading and page.model.total == before + 1)
    names = [page.model.record(r).full_name for r in range(page.model.rowCount())]
    assert "Trần Văn Cường" in names
    workspace.close()
    wait_for_background_work()


# ------------------------------------------------------------------------------------ identity
def test_probable_matches_wait_for_the_clerk_and_the_choice_is_honoured(
    qtbot, open_wizard, units, tmp_path, ui_ctx
):
    from PySide6.QtWidgets import QComboBox

    from app.text import fold, name_sort_key

    known = [
        ("Lê Thị Hà", dt.date(1985, 3, 12), None),
        ("Lê Thị Hạ", dt.date(1985, 3, 12), None),
        ("Phạm Minh Châu", dt.date(1988, 4, 9), "Điều dưỡng"),
        ("Hoàng Thị Lan", dt.date(1990, 1, 1), None),
        ("Trần Văn Tâm", dt.date(1978, 11, 20), None),
        ("Trần Văn Tám", dt.date(1978, 11, 20), None),
    ]
    with ui_ctx.write() as s:
        ids = {}
        for name, born, position in known:
            person = Person(
                full_name=name,
                name_folded=fold(name),
                sort_key=name_sort_key(name),
                birth_date=born,
                birth_year=born.year,
                unit_id=units["hospital"],
                position=position,
            )
            s.add(person)
            s.flush()
            ids[name] = person.id
    rows = [
        [1, "Le Thi Ha", "Nữ", "12/03/1985", "Khoa Nội", "Điều dưỡng"],  # Hà or Hạ: the clerk picks Hà
        [2, "Pham Minh Chau", "Nữ", "09/04/1988", "Khoa Nội", "Trưởng khoa"],  # only Châu: taken, updated
        [3, "Hoang Thi Lan", "Nữ", "01/01/1990", "Khoa Nội", "Hộ sinh"],  # the clerk says: someone new
        [4, "Tran Van Tam", "Nam", "20/11/1978", "Khoa Nội", "Bác sĩ"],  # left undecided: not imported
        [5, "Lê Thị Hạ", "Nữ", "12/03/1985", "Khoa Nội", "Điều dưỡng"],
    ]  # exactly Hạ: a plain duplicate
    before = people_count(ui_ctx)
    wizard = open_wizard(write_roster(tmp_path / "khong_dau.xlsx", rows))
    model = to_preview(qtbot, wizard, units["hospital"])
    shown = preview_rows(model)
    assert [shown[r]["Xử lý"] for r in (4, 5, 6, 7, 8)] == ["Chờ xác nhận"] * 4 + ["Bỏ qua"]
    assert shown[4]["Xác nhận người đã có"] == "Nhấp đúp để chọn…"
    assert shown[4]["Lỗi, trùng lặp"] == (
        "Có thể là Lê Thị Hà (Bệnh viện Đa khoa tỉnh), "
        "Lê Thị Hạ (Bệnh viện Đa khoa tỉnh) (tên trong tệp không dấu)"
    )
    assert not wizard.preview_view.isColumnHidden(model.CONFIRM)
    assert shown[8]["Xác nhận người đã có"] == "" and shown[8]["Lỗi, trùng lặp"].startswith("Đã có")
    assert "4 dòng chờ xác nhận" in wizard.preview_summary.text()
    wizard.filter_combo.setCurrentIndex(3)
    assert sorted(preview_rows(model)) == [4, 5, 6, 7]
    wizard.filter_combo.setCurrentIndex(0)

    # The rows that fold to one person only, with the button; then Châu's update ticked.
    assert wizard.accept_probable_button.isEnabled()
    qtbot.mouseClick(wizard.accept_probable_button, Qt.MouseButton.LeftButton)
    assert not wizard.accept_probable_button.isEnabled()
    assert preview_rows(model)[5]["Xác nhận người đã có"] == "Là Phạm Minh Châu – Bệnh viện Đa khoa tỉnh"
    assert preview_rows(model)[6]["Xác nhận người đã có"] == "Là Hoàng Thị Lan – Bệnh viện Đa khoa tỉnh"
    assert preview_rows(model)[4]["Xác nhận người đã có"] == "Nhấp đúp để chọn…"  # two people: not taken
    click_check(qtbot, wizard, 5, model.ACTION)
    assert preview_rows(model)[5]["Xử lý"] == "Cập nhật"

    # Row 4: a double-click opens the list of people it may be; the clerk picks Hà.
    view = wizard.preview_view
    index = model.index(
        next(r for r in range(model.rowCount()) if model.person_at(r)[1].row == 4), model.CONFIRM
    )
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    combo = view.viewport().findChild(QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Chưa xác nhận – không nhập",
        "Là Lê Thị Hà – Bệnh viện Đa khoa tỉnh",
        "Là Lê Thị Hạ – Bệnh viện Đa khoa tỉnh",
        "Là người mới",
    ]
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    # The keyboard reaches the same list: F2 on the cell of row 7 (Tâm or Tám).
    index7 = model.index(
        next(r for r in range(model.rowCount()) if model.person_at(r)[1].row == 7), model.CONFIRM
    )
    qtbot.waitUntil(lambda: view.viewport().findChild(QComboBox) is None)  # the first list is gone
    view.setCurrentIndex(index7)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.viewport().findChild(QComboBox)
    assert editor is not None and editor.itemText(1).startswith("Là Trần Văn Tâm")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert preview_rows(model)[4]["Xác nhận người đã có"] == "Là Lê Thị Hà – Bệnh viện Đa khoa tỉnh"
    assert preview_rows(model)[4]["Xử lý"] == "Bỏ qua"
    model.setData(
        model.index(
            next(r for r in range(model.rowCount()) if model.person_at(r)[1].row == 6), model.CONFIRM
        ),
        None,
        Qt.ItemDataRole.EditRole,
    )  # Lan: someone new after all
    assert preview_rows(model)[6]["Xử lý"] == "Thêm mới"
    summary = wizard.preview_summary.text()
    assert "1 người mới" in summary and "1 dòng chờ xác nhận" in summary
    assert "3 người đã có trong cơ sở dữ liệu (1 cập nhật, 2 bỏ qua)" in summary

    with qtbot.waitSignal(wizard.imported, timeout=10000) as done:
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert (result.created, result.updated, result.skipped, result.left_for_review) == (1, 1, 2, 1)
    assert "Chưa xác nhận là ai (không nhập): 1 dòng" in wizard.result_label.text()
    assert people_count(ui_ctx) == before + 1
    with ui_ctx.read() as s:
        people = {p.full_name: p for p in s.scalars(select(Person))}
    assert people["Phạm Minh Châu"].position == "Trưởng khoa"  # taken as her and updated
    assert people["Lê Thị Hà"].position is None and people["Lê Thị Hạ"].position is None  # skipped
    assert (
        people["Hoang Thi Lan"].position == "Hộ sinh" and people["Hoàng Thị Lan"].id == ids["Hoàng Thị Lan"]
    )
    assert "Tran Van Tam" not in people and people["Trần Văn Tâm"].position is None
    assert people["Trần Văn Tám"].position is None


# ------------------------------------------------------------------------------------ departments
EYE_PEOPLE = [
    [1, "Ngô Thị Hạnh", "Nữ", "09/04/1988", "KHOA NỘI", "Bác sĩ"],
    [2, "Trần Văn Cường", "Nam", "12/05/1990", "Khoa Nội tổng hợp", "Bác sĩ"],
    [3, "Phạm Thị Dung", "Nữ", "21/02/1985", "Khoa Nhi", "Điều dưỡng"],
    [4, "Hoàng Văn Em", "Nam", "01/01/1980", "Khoa Nhi khoa", "Kỹ thuật viên"],
    [5, "Đỗ Thị Giang", "Nữ", "02/02/1982", "Khoa Phụ sản", "Hộ sinh"],
]


def test_file_departments_wait_for_the_clerk_and_nothing_is_created_silently(
    qtbot, open_wizard, units, tmp_path, ui_ctx
):
    """Issue 12 (a): a list used to create every khoa/phòng it named, near duplicates included."""
    wizard = open_wizard(write_roster(tmp_path / "mat.xlsx", EYE_PEOPLE))
    to_preview(qtbot, wizard, units["hospital"], allow_new_departments=False)
    panel = wizard.department_panel
    shown = {
        panel.table.item(r, panel.NAME).text(): panel.table.item(r, panel.MATCH).text()
        for r in range(panel.table.rowCount())
    }
    assert shown["KHOA NỘI"].startswith("Đã có (khác cách viết: “Khoa Nội”)")
    assert shown["Khoa Nội tổng hợp"].startswith("Chưa có; gần giống: “Khoa Nội”")
    assert shown["Khoa Nhi"] == "Chưa có trong đơn vị; gần giống tên khác trong tệp: “Khoa Nhi khoa”"
    assert sorted(panel.pending()) == ["Khoa Nhi", "Khoa Nhi khoa", "Khoa Nội tổng hợp", "Khoa Phụ sản"]
    assert "4 khoa, phòng chưa chọn cách xử lý" in wizard.preview_summary.text()
    assert not wizard.import_button.isEnabled()  # nothing can be written before the departments are decided
    before = database_state(ui_ctx)

    # The clerk, with the keyboard in each drop-down: the near match is offered first.
    combos = dict(zip([m.name for m in panel.matches], panel.combos, strict=True))
    near = combos["Khoa Nội tổng hợp"]
    near.setFocus()
    qtbot.keyClick(near, Qt.Key.Key_Down)
    assert near.currentText() == "Đưa vào “Khoa Nội” (đã có) (gần giống)"
    panel.choose("Khoa Nhi", "create", "Khoa Nhi")
    merge = combos["Khoa Nhi khoa"]
    merge.setFocus()
    qtbot.keyClick(merge, Qt.Key.Key_Down)
    qtbot.keyClick(merge, Qt.Key.Key_Down)
    assert merge.currentText() == "Gộp với “Khoa Nhi” (tên khác trong tệp)"
    assert panel.pending() == ["Khoa Phụ sản"] and not wizard.import_button.isEnabled()
    # Leaving out the only row of Khoa Phụ sản: its department needs no choice any more.
    click_check(qtbot, wizard, 8, wizard.preview.KEEP)
    assert wizard.import_button.isEnabled() and "cần chọn" not in panel.summary.text()
    click_check(qtbot, wizard, 8, wizard.preview.KEEP)
    assert not wizard.import_button.isEnabled() and "1 cần chọn cách xử lý" in panel.summary.text()
    panel.choose("Khoa Phụ sản", "none")
    assert wizard.import_button.isEnabled()
    assert "1 khoa, phòng mới sẽ được tạo" in wizard.preview_summary.text()
    assert database_state(ui_ctx) == before  # nothing written while deciding

    with qtbot.waitSignal(wizard.imported, timeout=10000) as done:
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert (done.args[0].created, done.args[0].departments_created) == (5, 1)
    assert "Khoa, phòng mới tạo: 1" in wizard.result_label.text()
    with ui_ctx.read() as s:
        names = dict(s.execute(select(Unit.id, Unit.name).where(Unit.parent_id == units["hospital"])).all())
        where = dict(s.execute(select(Person.full_name, Person.unit_id).where(Person.id > 0)).all())
    assert "Khoa Nhi" in names.values() and "Khoa Nhi khoa" not in names.values()
    assert "Khoa Nội tổng hợp" not in names.values() and "Khoa Phụ sản" not in names.values()
    assert names[where["Trần Văn Cường"]] == "Khoa Nội" and names[where["Ngô Thị Hạnh"]] == "Khoa Nội"
    assert names[where["Hoàng Văn Em"]] == names[where["Phạm Thị Dung"]] == "Khoa Nhi"
    assert where["Đỗ Thị Giang"] == units["hospital"]


def test_merged_name_cells_and_uncalculated_formulas_in_the_preview(qtbot, open_wizard, units, tmp_path):
    """Issue 12 (b), (c): a merged name cell gave two "Trần Thị Hai"; a formula without its value was
    reported as "Thiếu họ và tên"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH CÁN BỘ BỆNH VIỆN MẮT"])
    ws.append(HEADER)
    ws.append([1, "Trần Thị Hai", "Nữ", "02/02/1980", "Khoa Nội", "Bác sĩ"])
    ws.append([None, None, None, None, None, "Trưởng khoa"])
    ws.append([2, '=UPPER("Lê Văn Ba")', "Nam", "03/03/1981", "Khoa Nội", "Điều dưỡng"])
    ws.merge_cells("B3:B4")
    path = tmp_path / "gop.xlsx"
    wb.save(path)
    wizard = open_wizard(path)
    model = to_preview(qtbot, wizard, units["hospital"])
    rows = preview_rows(model)
    assert sorted(rows) == [3, 5]  # row 4 is the rest of Hai, not a second person
    assert [r["Họ và tên"] for r in rows.values()].count("Trần Thị Hai") == 1
    assert rows[5]["Lỗi, trùng lặp"] == (
        "Họ và tên: Ô công thức chưa có giá trị (mở tệp bằng Excel, lưu lại rồi nhập)"
    )
    assert "Thiếu họ và tên" not in rows[5]["Lỗi, trùng lặp"]
    assert not wizard.import_button.isEnabled()
