"""Attachments open only when they are documents (PDF, images, Word, Excel); anything else (an .exe, a .lnk)
is never handed to the system: the clerk is offered "Lưu ra thư mục…" and gets a copy where they choose."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.services.nominations import BatchData, attach, create_batch
from database.enums import AttachmentKind
from ui.dialogs.nomination_papers import open_attachment
from ui.widgets.open_file import SAVE_TEXT, is_document


@pytest.mark.parametrize(
    "name",
    ["To trinh.pdf", "BAO CAO.PDF", "anh.jpg", "scan.PNG", "bien ban.docx", "cu.doc", "ds.xlsx", "ds.xls"],
)
def test_documents_may_be_opened(name):
    assert is_document(name)


@pytest.mark.parametrize(
    "name", ["setup.exe", "To trinh.pdf.lnk", "chay.bat", "macro.xlsm", "macro.docm", "a.js", "khong-duoi"]
)
def test_anything_else_is_never_opened(name):
    assert not is_document(name)


@pytest.fixture
def opened(monkeypatch):
    """The files handed to the system's program (none really is)."""
    paths: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: paths.append(url.toLocalFile()) or True)
    return paths


@pytest.fixture
def papers(ui_ctx, agency):
    batch = create_batch(ui_ctx, BatchData(year=2025, title="Đề nghị khen thưởng năm 2025"))
    return {
        name: attach(ui_ctx, batch, AttachmentKind.OTHER, name, content)
        for name, content in (
            ("To trinh.pdf", b"%PDF-1.4 to trinh"),
            ("setup.exe", b"MZ\x90\x00 not a paper"),
        )
    }


@pytest.fixture
def parent(qtbot, qt_app):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def question_of(parent) -> QMessageBox:
    boxes = [
        b for b in parent.findChildren(QMessageBox) if b.objectName() == "notADocument" and b.isVisible()
    ]
    assert len(boxes) == 1
    return boxes[0]


def button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text() == text)


def test_a_pdf_attachment_opens(qtbot, ui_ctx, papers, parent, opened):
    path = open_attachment(ui_ctx, papers["To trinh.pdf"], parent)
    assert opened == [str(path)] and path.read_bytes() == b"%PDF-1.4 to trinh"
    assert not [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def test_an_exe_is_not_opened_but_saved_where_the_clerk_chooses(
    qtbot, ui_ctx, papers, parent, opened, tmp_path, monkeypatch
):
    chosen = tmp_path / "kiem tra" / "setup.exe"
    chosen.parent.mkdir()
    asked = []

    def save_dialog(_parent, caption, start, file_filter):
        asked.append((caption, start, file_filter))
        return str(chosen), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    open_attachment(ui_ctx, papers["setup.exe"], parent)
    assert opened == []  # never handed to the system
    box = question_of(parent)
    assert "“setup.exe” không phải tài liệu" in box.text()
    button(box, SAVE_TEXT).click()
    qtbot.waitUntil(lambda: chosen.exists())
    assert chosen.read_bytes() == b"MZ\x90\x00 not a paper"
    assert asked and asked[0][1].endswith("setup.exe") and asked[0][2] == "Tệp .exe (*.exe)"
    assert opened == []


def test_closing_the_question_saves_nothing(qtbot, ui_ctx, papers, parent, opened, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: pytest.fail("nothing to save"))
    open_attachment(ui_ctx, papers["setup.exe"], parent)
    box = question_of(parent)
    button(box, "Đóng").click()
    qtbot.waitUntil(lambda: not [b for b in parent.findChildren(QMessageBox) if b.isVisible()])
    assert opened == []
