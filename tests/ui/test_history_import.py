"""Tệp › Nhập lịch sử: the check shows exactly what will be written; a file with problems cannot be imported."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from openpyxl import Workbook
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from database.models import Award, Person, Rating

SMALL = Path(__file__).resolve().parents[1] / "data" / "history_small.xlsx"


def count(ctx, model) -> int:
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def open_dialog(qtbot, make_window, agency):
    window = make_window(agency)
    window.history_action.trigger()
    from ui.dialogs.history_import import HistoryImportDialog

    dialog = window.findChild(HistoryImportDialog)
    assert dialog is not None and dialog.isVisible()
    return window, dialog


def checked(qtbot, make_window, agency, monkeypatch, path: Path):
    """The dialog once it has checked `path`, and the list the "done" message box would show."""
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: told.append(text))
    _window, dialog = open_dialog(qtbot, make_window, agency)
    dialog.check(path)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    return dialog, told


def detail_lines(dialog) -> list[tuple[str, ...]]:
    return [
        tuple(dialog.details_model.text(r, c) for c in range(3))
        for r in range(dialog.details_model.rowCount())
    ]


def test_check_then_import(qtbot, make_window, agency, ui_ctx, monkeypatch):
    dialog, told = checked(qtbot, make_window, agency, monkeypatch, SMALL)
    assert dialog.verdict.text().startswith(
        "<b>Sẽ nhập:</b> 11 xếp loại, 2 sáng kiến, 11 khen thưởng; 4 cán bộ mới"
    )
    lines = detail_lines(dialog)
    assert ("Đơn vị mới", "Trung tâm Kiểm soát bệnh tật", "") in lines
    assert ("Cán bộ mới", "Lê Minh Tâm", "1988") in lines
    assert ("Cán bộ mới", "Trần Văn Đức", "02/09/1975") in lines
    assert count(ui_ctx, Rating) == 0  # checking writes nothing
    assert dialog.import_button.isEnabled()

    dialog.import_button.click()
    # Closed and deleted once done: the deletion is deferred to the event loop, so wait for it too.
    qtbot.waitUntil(lambda: bool(told) and not shiboken6.isValid(dialog), timeout=20_000)
    assert told[0].startswith("Đã nhập: 11 xếp loại")
    assert (count(ui_ctx, Rating), count(ui_ctx, Award), count(ui_ctx, Person)) == (11, 11, 4)


def test_a_file_with_problems_lists_them_and_cannot_be_imported(qtbot, make_window, agency, ui_ctx, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Xếp loại"
    ws.append(["Họ và tên", "Ngày sinh", "Năm", "Xếp loại"])
    ws.append(["Vũ Thị Mai", "1990", 2024, "HTTNV"])
    ws.append(["Vũ Thị Mai", "1990", "năm ngoái", "HTTNV"])
    path = tmp_path / "loi.xlsx"
    wb.save(path)
    _, dialog = open_dialog(qtbot, make_window, agency)
    dialog.check(path)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    assert "Tệp có 1 lỗi" in dialog.verdict.text()
    row = [dialog.details_model.text(0, c) for c in range(3)]
    assert row == ["Xếp loại", "3", "năm “năm ngoái” không hợp lệ"]
    assert not dialog.import_button.isEnabled()
    assert count(ui_ctx, Rating) == 0


def test_a_broken_file_is_said_plainly(qtbot, make_window, agency, tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: warned.append(text))
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"not a workbook")
    _, dialog = open_dialog(qtbot, make_window, agency)
    dialog.check(path)
    qtbot.waitUntil(lambda: bool(warned), timeout=20_000)
    assert "Tệp “hong.xlsx” là tệp văn bản (CSV hoặc văn bản thường)" in warned[0]
    assert "Dữ liệu không thay đổi." in warned[0]
    assert not dialog.import_button.isEnabled()


def test_unsure_rows_are_listed_and_the_clerk_may_accept_probable_matches(
    qtbot, make_window, agency, ui_ctx, tmp_path, monkeypatch
):
    from app.text import fold, name_sort_key

    with ui_ctx.write() as s:
        for name in ("Lê Thị Hà", "Lê Thị Hạ", "Phạm Minh Châu"):
            s.add(
                Person(full_name=name, name_folded=fold(name), sort_key=name_sort_key(name), birth_year=1985)
            )
    wb = Workbook()
    ws = wb.active
    ws.title = "Xếp loại"
    ws.append(["Họ và tên", "Năm sinh", "Năm", "Xếp loại"])
    ws.append(["Le Thi Ha", 1985, 2024, "HTTNV"])  # Hà or Hạ
    ws.append(["Pham Minh Chau", 1985, 2024, "HTTNV"])  # only Châu
    ws.append(["Lê Thị Hạ", 1985, 2024, "HTXSNV"])
    path = tmp_path / "khong_dau.xlsx"
    wb.save(path)
    dialog, told = checked(qtbot, make_window, agency, monkeypatch, path)
    assert dialog.verdict.text().startswith("<b>Sẽ nhập:</b> 1 xếp loại")
    assert "2 dòng cần xác nhận (không nhập)" in dialog.verdict.text()
    lines = detail_lines(dialog)
    assert [line[:2] for line in lines] == [
        ("Cần xác nhận (không nhập)", "Xếp loại, dòng 2"),
        ("Cần xác nhận (không nhập)", "Xếp loại, dòng 3"),
    ]
    assert "“Le Thi Ha” không dấu" in lines[0][2] and "(2 người)" in lines[0][2]

    dialog.accept_probable.setChecked(True)  # checked again at once, taking Châu
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.ratings == 2, timeout=20_000)
    assert [p.row for p in dialog.report.review] == [2]
    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    with ui_ctx.read() as s:
        rated = dict(
            s.execute(
                select(Person.full_name, Rating.level).join(Rating, Rating.person_id == Person.id)
            ).all()
        )
    assert {name: level.name for name, level in rated.items()} == {
        "Phạm Minh Châu": "GOOD",
        "Lê Thị Hạ": "EXCELLENT",
    }
