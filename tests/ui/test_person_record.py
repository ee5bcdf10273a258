"""Hồ sơ cá nhân on screen: a nurse who moved between two units, with ratings, an initiative and awards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.agency import save_agency
from tests.db.test_records import build_career
from tests.ui.conftest import sample_agency
from ui.jobs import wait_for_background_work


@pytest.fixture
def career(ui_ctx):
    return build_career(ui_ctx)


@pytest.fixture
def open_dialog(qtbot, qt_app, ui_ctx):
    from ui.dialogs.person_record import PersonRecordDialog
    from ui.workspace import Workspace

    made = []

    def make(person_id: int) -> PersonRecordDialog:
        workspace = Workspace(ui_ctx, save_agency(ui_ctx, sample_agency()))
        dialog = PersonRecordDialog(workspace, person_id)
        workspace.setParent(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(
            lambda: dialog.record is not None or dialog.name_label.text() == "Không mở được hồ sơ"
        )
        made.append(dialog)
        return dialog

    yield make
    wait_for_background_work()


def rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_record_shows_every_part_of_the_career(open_dialog, career):
    dialog = open_dialog(career["nurse"])
    assert dialog.windowTitle() == "Hồ sơ cá nhân – Nguyễn Thị Ánh"
    assert dialog.name_label.text() == "Nguyễn Thị Ánh"
    assert dialog.summary_label.text() == "Điều dưỡng trưởng – Khoa Ngoại – Trung tâm Y tế khu vực Nga Sơn"
    facts = {key: label.text() for key, label in dialog.facts.items()}
    assert facts["gender"] == "Nữ" and facts["birth"] == "09/04/1988" and facts["ethnicity"] == "Kinh"
    assert facts["title"] == "Điều dưỡng hạng III" and facts["since"] == "01/09/2010"
    assert facts["unit"] == "Khoa Ngoại – Trung tâm Y tế khu vực Nga Sơn" and facts["code"] == "TTNS-0417"
    assert dialog.fact_captions["birth"].text() == "Ngày sinh:"
    assert dialog.facts["left_on"].isHidden()  # still working: no "Đã nghỉ" line

    # Two postings in two units: the transfer keeps the first one.
    assert rows(dialog.postings_table) == [
        ["01/09/2010", "31/12/2019", "Khoa Nội – Bệnh viện Đa khoa tỉnh", "Điều dưỡng", "", ""],
        [
            "01/01/2020",
            "nay",
            "Khoa Ngoại – Trung tâm Y tế huyện Nga Sơn",
            "Điều dưỡng trưởng",
            "Điều dưỡng hạng III",
            "Chuyển công tác từ Bệnh viện Đa khoa tỉnh",
        ],
    ]
    assert dialog.rating_texts() == {2018: "HTXSNV", 2019: "HTTNV", 2020: "HTXSNV"}
    assert dialog.ratings_table.item(0, 0).toolTip() == "Hoàn thành xuất sắc nhiệm vụ\nNghỉ 2 ngày"
    assert rows(dialog.discipline_table) == [
        ["Khiển trách", "01/03/2016", "01/09/2016", "QĐ 7/QĐ-BV", "Đi muộn nhiều lần"]
    ]
    assert rows(dialog.initiatives_table) == [
        ["2022", "Sổ tay chăm sóc người bệnh sau mổ", "Cấp tỉnh/bộ", "100%", "", ""],
        [
            "2020",
            "Giảm thời gian chờ khám bằng phiếu hẹn giờ",
            "Cơ sở",
            "60%",
            "Lê Văn Bình",
            "Chiến sĩ thi đua cơ sở năm 2020",
        ],
    ]
    assert rows(dialog.awards_table) == [
        [
            "2020–2021",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "Công trạng",
            "4465/QĐ-UBND",
            "26/12/2021",
            "UBND tỉnh",
            "2.240.000",
        ],
        ["2020", "Chiến sĩ thi đua cơ sở", "Công trạng", "07/QĐ-SYT", "20/12/2020", "Sở Y tế", "1.490.000"],
        ["2019", "Giấy khen của Giám đốc Sở Y tế (đã thu hồi)", "Đột xuất", "", "", "", ""],
        ["2018", "Lao động tiên tiến", "Công trạng", "123/QĐ-BV", "01/12/2018", "Bệnh viện Đa khoa tỉnh", ""],
    ]
    assert dialog.awards_table.item(0, 6).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert dialog.awards_total.text() == "3 lượt khen thưởng; tổng tiền thưởng 3.730.000 đồng."
    assert dialog.print_button.isEnabled()


def test_a_person_without_history_says_so(open_dialog, career):
    dialog = open_dialog(career["colleague"])
    assert dialog.name_label.text() == "Lê Văn Bình"
    assert dialog.fact_captions["birth"].text() == "Năm sinh:" and dialog.facts["birth"].text() == "1975"
    assert (
        dialog.facts["code"].isHidden() and dialog.fact_captions["code"].isHidden()
    )  # no staff code: no line
    for table in (dialog.postings_table, dialog.ratings_table, dialog.discipline_table, dialog.awards_table):
        assert table.isHidden() and table.property("emptyLabel").isVisibleTo(dialog)
    assert rows(dialog.initiatives_table)[0][4] == "Nguyễn Thị Ánh"  # co-author of the nurse's initiative


def test_a_missing_person_gets_a_message(open_dialog, career):
    dialog = open_dialog(999_999)
    assert dialog.name_label.text() == "Không mở được hồ sơ"
    assert "Không tìm thấy cán bộ" in dialog.summary_label.text()
    assert not dialog.print_button.isEnabled()


def test_print_saves_a_pdf_and_opens_it(qtbot, open_dialog, career, tmp_path, monkeypatch):
    import pypdf

    target = tmp_path / "Hồ sơ Ánh"
    asked, opened = [], []

    def ask(parent, caption, start, filters):
        asked.append((caption, start, filters))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = open_dialog(career["nurse"])
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.pdf_job.done, timeout=15_000):
        pass
    written = tmp_path / "Hồ sơ Ánh.pdf"
    assert asked[0][1].endswith("Hồ sơ - Nguyễn Thị Ánh.pdf") and asked[0][2] == "Tệp PDF (*.pdf)"
    assert opened == [str(written)]
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(written).pages)
    assert "HỒ SƠ KHEN THƯỞNG CÁ NHÂN" in text and "Nguyễn Thị Ánh" in text and "UBND TỈNH THANH HÓA" in text
    assert "Khoa Nội – Bệnh viện Đa khoa tỉnh" in text
    assert dialog.status.text() == f"Đã lưu {written}"


def test_a_pdf_that_cannot_be_written_gets_a_message(qtbot, open_dialog, career, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *a: (str(tmp_path / "không có" / "hồ sơ.pdf"), "Tệp PDF (*.pdf)"),
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: pytest.fail("nothing to open"))
    dialog = open_dialog(career["nurse"])
    dialog.print_record()
    with qtbot.waitSignal(dialog.pdf_job.failed, timeout=15_000):
        pass
    assert warnings[0][0] == "Không tạo được tệp PDF"
    assert "Không ghi được tệp “hồ sơ.pdf”" in warnings[0][1]
    assert dialog.status.text() == ""
