"""In giấy khen from the Quyết định & Khen thưởng page: the full design printed to one PDF for an issued
decision; a blank layout designed over a scan of the blank (a field dragged with the mouse, another set
by its numbers), saved, opened again, and printed as a test page with the fields where they were put."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from reportlab.lib.units import mm

from app.services.certificates import get_layout, list_layouts
from app.services.decisions import issue_decision
from tests.db.test_decisions import desk  # noqa: F401  (a hospital, three people, four items "Đạt")
from tests.ui.test_decisions_page import make_page, wait_idle  # noqa: F401
from ui.jobs import wait_for_background_work


@pytest.fixture
def ctx(ui_ctx):
    return ui_ctx


@pytest.fixture
def files(monkeypatch, tmp_path):
    """Where the save dialog "chooses" to write, and what the PDF reader was asked to open."""
    state = {"target": tmp_path / "out.pdf", "asked": [], "opened": []}
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda parent, caption, start, filters: (
            state["asked"].append(start) or (str(state["target"]), filters)
        ),
    )
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: state["opened"].append(url.toLocalFile()) or True
    )
    return state


@pytest.fixture
def print_dialog(qtbot, make_page, desk, ui_ctx):  # noqa: F811
    items = desk["items"]
    issue_decision(
        ui_ctx, [items["lan"], items["hung"], items["unit"]], dt.date(2025, 12, 20), desk["signer"]
    )
    page = make_page()
    qtbot.waitUntil(lambda: page.detail is not None)
    assert page.certificates_action.isEnabled() and page.certificates_action.text() == "In giấy khen…"
    dialog = page.print_certificates()
    assert page.active_dialog is dialog
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        pass
    yield dialog
    wait_for_background_work()
    dialog.close()


def read(path) -> list[str]:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        return [p.extract_text() for p in pdf.pages]


def wait_job(qtbot, job) -> None:
    with qtbot.waitSignal(job.done, timeout=15_000):
        pass


def test_print_the_full_design_for_a_decision(qtbot, print_dialog, files):
    dialog = print_dialog
    assert dialog.windowTitle() == "In giấy khen – Quyết định số 01/QĐ-SYT"
    assert dialog.layout_combo.currentText() == "Mẫu đầy đủ (giấy trắng)"
    assert [dialog.award_combo.itemText(i) for i in range(dialog.award_combo.count())] == [
        "Tất cả (3)",
        "Chiến sĩ thi đua cơ sở (1)",
        "Tập thể lao động tiên tiến (1)",
        "Lao động tiên tiến (1)",
    ]
    assert not dialog.preview.pixmap().isNull() and dialog.preview.pixmap().width() > 500
    assert dialog.count_label.text().startswith("Sẽ in 3 giấy khen vào một tệp PDF")
    wait_job(qtbot, dialog.print_all())
    assert files["asked"][0].endswith("Giấy khen 01-QĐ-SYT.pdf") and files["opened"] == [str(files["target"])]
    pages = read(files["target"])
    assert len(pages) == 3
    assert "Nguyễn Thị Lan" in pages[0] and "GIẤY CHỨNG NHẬN" in pages[0]
    assert all("Quyết định số 01/QĐ-SYT ngày 20/12/2025" in p for p in pages)
    # One kind of award only: the pages of that kind.
    dialog.award_combo.setCurrentIndex(3)
    assert dialog.count_label.text().startswith("Sẽ in 1 giấy khen")
    files["target"] = files["target"].with_name("ldtt.pdf")
    wait_job(qtbot, dialog.print_all())
    assert len(pages := read(files["target"])) == 1 and "Trần Văn Hùng" in pages[0]


def drag(qtbot, view, item, by: QPointF) -> None:
    """Press on the field, move with the button held, let go: the clerk's drag."""
    start = view.mapFromScene(item.scenePos())
    end = view.mapFromScene(item.scenePos() + by)
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        point = start + (end - start) * step / 5
        QTest.mouseMove(viewport, QPoint(round(point.x()), round(point.y())))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_design_a_blank_save_reopen_and_test_print(qtbot, print_dialog, files, tmp_path, ui_ctx, monkeypatch):
    dialog = print_dialog
    scan = QImage(1188, 840, QImage.Format.Format_RGB32)  # a photo of the blank, in miniature
    scan.fill(QColor("#f3e6c4"))
    scan_path = tmp_path / "phoi.jpg"
    assert scan.save(str(scan_path))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *args: (str(scan_path), "Ảnh (*.png *.jpg *.jpeg)")
    )

    editor = dialog.open_editor()
    qtbot.waitExposed(editor)
    assert editor.windowTitle() == "Thiết kế phôi giấy khen"
    editor.scan_button.click()
    assert editor.scan is not None and editor.clear_scan_button.isEnabled()
    editor.name_edit.setText("Phôi A4 ngang 2025")

    name_item = editor.items["name"]
    before = name_item.anchored_spec()
    drag(qtbot, editor.view, name_item, QPointF(-20 * mm, 8 * mm))
    after = name_item.anchored_spec()
    assert after.x == pytest.approx(before.x - 20, abs=1.5) and after.y == pytest.approx(
        before.y + 8, abs=1.5
    )
    assert editor.current_key() == "name" and editor.x_box.value() == pytest.approx(after.x, abs=0.05)

    # Another field by its numbers: the date at the right, 60 mm from the top, smaller.
    editor.field_list.setCurrentRow(4)
    assert editor.items["date"].isSelected()
    editor.x_box.setValue(250)
    editor.y_box.setValue(60)
    editor.size_box.setValue(12)
    editor.align_combo.setCurrentIndex(editor.align_combo.findData("right"))
    assert editor.items["date"].pos() == QPointF(250 * mm, 60 * mm)

    with qtbot.waitSignal(editor.saved, timeout=10_000):
        assert editor.save() is not None  # written on the writer thread
    assert editor.status.text() == "Đã lưu mẫu phôi “Phôi A4 ngang 2025”."
    stored = get_layout(ui_ctx, "Phôi A4 ngang 2025")
    assert stored.background and stored.background_path == str(scan_path)
    assert (stored.fields["name"].x, stored.fields["name"].y) == (after.x, after.y)
    assert (
        stored.fields["date"].x,
        stored.fields["date"].y,
        stored.fields["date"].size,
        stored.fields["date"].align,
    ) == (250, 60, 12, "right")
    qtbot.waitUntil(
        lambda: dialog.layout_combo.currentText() == "Phôi: Phôi A4 ngang 2025" and not dialog.busy
    )
    editor.close()

    # Opened again from the print dialog: the same places, over the same scan.
    again = dialog.open_editor()
    assert again.name_edit.text() == "Phôi A4 ngang 2025" and again.scan is not None
    assert again.items["name"].anchored_spec() == stored.fields["name"]
    again.offset_x_box.setValue(1.5)  # the printer prints 1.5 mm too far left
    files["target"] = tmp_path / "in-thu.pdf"
    wait_job(qtbot, again.test_print())
    assert files["asked"][-1].endswith("In thử Phôi A4 ngang 2025.pdf")
    with pdfplumber.open(files["target"]) as pdf:
        page = pdf.pages[0]
        assert len(pdf.pages) == 1 and (round(page.width), round(page.height)) == (842, 595)
        date_chars = sorted(
            (
                c
                for c in page.chars
                if round(page.height - c["matrix"][5], 1) == pytest.approx(60 * mm, abs=1)
            ),
            key=lambda c: c["x0"],
        )
        assert "".join(c["text"] for c in date_chars).replace(" ", "") == "SơnHà,ngày20tháng12năm2025"
        assert date_chars[-1]["x1"] == pytest.approx((250 + 1.5) * mm, abs=1)  # right-aligned on its anchor
        assert page.curves or page.rects or page.lines  # the faint frames round each field
        assert "Họ tên" in page.extract_text()
    with qtbot.waitSignal(again.saved, timeout=10_000):
        again.save()
    assert get_layout(ui_ctx, "Phôi A4 ngang 2025").offset_x == 1.5
    again.close()

    # The blank is printed with the fields only: the scan is never printed.
    files["target"] = tmp_path / "phoi.pdf"
    wait_job(qtbot, dialog.print_all())
    with pdfplumber.open(files["target"]) as pdf:
        assert len(pdf.pages) == 3 and not pdf.pages[0].images and not pdf.pages[0].rects
        assert (
            "GIẤY KHEN" not in pdf.pages[0].extract_text() and "Nguyễn Thị Lan" in pdf.pages[0].extract_text()
        )

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    dialog.delete_current_layout()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.layout_combo.count() == 1)
    assert list_layouts(ui_ctx) == [] and dialog.layout_combo.currentText() == "Mẫu đầy đủ (giấy trắng)"
