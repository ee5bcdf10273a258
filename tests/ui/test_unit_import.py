"""Đơn vị › Nhập danh sách đơn vị từ Excel…: chosen, checked (what is added, skipped, refused), imported."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from database.models import Unit
from tests.ui.test_units_page import make_page as make_page  # noqa: F401 (the fixture)
from tests.ui.test_units_page import province as province  # noqa: F401 (the fixture)
from tests.ui.test_units_page import wait_loaded
from tests.unit_list import write_unit_list
from ui import file_dialogs


def lines(dialog) -> list[tuple[str, ...]]:
    model = dialog.details_model
    return [tuple(model.text(r, c) for c in range(len(model.headers))) for r in range(model.rowCount())]


def open_import(qtbot, page, monkeypatch, path):
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: (str(path), ""))
    assert page.import_action.isEnabled()
    page.import_action.trigger()
    dialog = page.active_dialog
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    return dialog


def test_the_units_page_imports_a_list(qtbot, make_page, province, ui_ctx, monkeypatch, tmp_path):
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    rows = (
        ("Khoa Sản", "Khoa", "BV.AL", None, None, None),  # under a unit of the database, by its code
        ("Khoa Nội", "Khoa", "Bệnh viện Đa khoa huyện An Lạc", None, None, None),  # there already
        ("Trạm Y tế xã Đông", "Trạm", "Trung tâm Y tế huyện Mới", None, None, None),  # its parent comes after
        ("Trung tâm Y tế huyện Mới", "", "", "TTYT.M", None, None),
    )
    page = make_page()
    dialog = open_import(qtbot, page, monkeypatch, write_unit_list(tmp_path / "dv.xlsx", rows=rows))
    assert dialog.verdict.text() == "<b>Sẽ nhập:</b> 3 đơn vị mới, 1 đơn vị đã có (bỏ qua)."
    got = lines(dialog)
    assert ("4", "Thêm mới", "Khoa Sản", "Khoa", "Bệnh viện Đa khoa huyện An Lạc", "") in got
    assert got[1][:3] == ("5", "Đã có (bỏ qua)", "Khoa Nội")
    assert ("6", "Thêm mới", "Trạm Y tế xã Đông", "Trạm Y tế", "Trung tâm Y tế huyện Mới", "") in got
    dialog.grab().save(str(tmp_path / "unit_import.png"))

    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(told) and not shiboken6.isValid(dialog), timeout=20_000)
    assert told[0] == "Đã nhập: 3 đơn vị mới, 1 đơn vị đã có (bỏ qua)."
    wait_loaded(qtbot, page)
    assert "Trạm Y tế xã Đông" in page.tree_view.texts()
    with ui_ctx.read() as s:
        parent = s.scalar(select(Unit.parent_id).where(Unit.name == "Trạm Y tế xã Đông"))
        assert s.get(Unit, parent).code == "TTYT.M"


def test_a_refused_row_is_listed_and_nothing_can_be_imported(
    qtbot, make_page, province, ui_ctx, monkeypatch, tmp_path
):
    rows = (("Khoa Mắt", "khoa", "Bệnh viện Không Có", None, None, None),)
    page = make_page()
    with ui_ctx.read() as s:
        before = len(s.scalars(select(Unit.id)).all())
    dialog = open_import(qtbot, page, monkeypatch, write_unit_list(tmp_path / "bad.xlsx", rows=rows))
    assert dialog.verdict.text().startswith("<b>Tệp có 1 dòng lỗi; chưa nhập được.</b>")
    assert lines(dialog) == [
        (
            "4",
            "Lỗi",
            "Không tìm thấy đơn vị cấp trên “Bệnh viện Không Có” (trong tệp và trong cơ sở dữ liệu).",
        )
    ]
    assert not dialog.import_button.isEnabled()
    with ui_ctx.read() as s:
        assert len(s.scalars(select(Unit.id)).all()) == before
    dialog.reject()
