"""The Văn bản page as a clerk uses it: draft a công văn, preview it, number it, see the number, void one,
keep the signed scan, save as Word, choose the series; correct an issued one (the chain on the register); a
leader's approval before the number where the office asks for it."""

from __future__ import annotations

import datetime as dt

import docx
import pypdf
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from app.domain.permissions import Principal
from app.services.agency import get_agency
from app.services.context import ServiceContext
from app.services.documents import DraftInput, approval_required, list_documents, register_draft, save_draft
from app.services.register import SERIES_PER_KIND
from database.enums import CorrectionKind, DocumentKind, DocumentStatus, Role
from ui.jobs import wait_for_background_work
from ui.main_window import MainWindow
from ui.operations import WriteOp
from ui.widgets.tables import MUTED_COLOUR
from ui.workspace import Area, Workspace

THIS_YEAR = dt.date.today().year


@pytest.fixture
def opened(monkeypatch):
    """What the page hands to the PDF reader (or Word) instead of opening it."""
    paths: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: paths.append(url.toLocalFile()) or True)
    return paths


@pytest.fixture
def make_page(qtbot, make_window, ui_ctx, agency):
    def make():
        window = make_window(get_agency(ui_ctx))
        window.resize(1366, 768)
        window.workspace.set_year(THIS_YEAR)  # the register's year, chosen as the working year
        window.show_section(9)
        page = window.current_page()
        qtbot.waitUntil(lambda: page.view_data is not None and not page.loading)
        return page

    yield make
    wait_for_background_work()


def wait_reloaded(qtbot, page):
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)


def cell(page, row: int, column: int) -> str:
    return page.model.index(row, column).data()


def open_current(qtbot, page):
    """The selected entry, read off the GUI thread, in its dialog."""
    page.open_current()
    qtbot.waitUntil(lambda: page.active_dialog is not None, timeout=10_000)
    return page.active_dialog


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)


def test_draft_preview_register_and_void_a_letter(qtbot, make_page, ui_ctx, opened, tmp_path, monkeypatch):
    page = make_page()
    assert page.empty.isVisible() and "chưa có văn bản nào" in page.empty.text()

    dialog = page.open_new()
    assert dialog.kind() is DocumentKind.OFFICIAL_LETTER
    assert dialog.form.labelForField(dialog.subject_edit).text() == "V/v:"
    dialog.subject_edit.setText("hướng dẫn tổng kết công tác thi đua năm " + str(THIS_YEAR))
    dialog.addressees_edit.setPlainText("Thủ trưởng các đơn vị trực thuộc Sở\nTrưởng các phòng thuộc Sở")
    dialog.body_edit.setPlainText("Sở Y tế **đề nghị** các đơn vị tổng kết.\nHồ sơ gửi về Văn phòng Sở./.")
    dialog.drafter_edit.setText("nth")
    assert dialog.copies_edit.toPlainText() == "Như trên\nLưu: VT, VP"

    job = dialog.preview()  # what is being typed, as it prints, before anything is saved
    with qtbot.waitSignal(job.done, timeout=15_000):
        pass
    qtbot.waitUntil(lambda: hasattr(job, "preview"))
    assert job.preview.isVisible() and job.preview.document.pageCount() == 1  # inside the program
    assert job.preview.windowTitle().startswith("Xem trước – ")
    job.preview.close()
    text = pdf_text(job.path)
    assert "V/v hướng dẫn tổng kết" in text and "Kính gửi:" in text and "Số:" in text and "/SYT-VP" in text
    assert list_documents(ui_ctx) == []

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):  # saved on the writer thread
        dialog.register_button.click()  # save, then number it
    qtbot.waitUntil(
        lambda: page.active_dialog is not None and type(page.active_dialog).__name__ == "RegisterDialog",
        timeout=10_000,
    )
    register = page.active_dialog
    register.day_edit.setDate(QDate(THIS_YEAR, 3, 2))
    register.ok_button.click()
    qtbot.waitUntil(lambda: cell(page, 0, 0) == "01", timeout=10_000)
    wait_reloaded(qtbot, page)
    assert [cell(page, 0, c) for c in (0, 1, 2, 3, 7)] == [
        "01",
        "SYT-VP",
        f"02/03/{THIS_YEAR}",
        "Công văn",
        "Đã vào sổ",
    ]
    assert cell(page, 0, 6) == "Như trên; Lưu: VT, VP"
    assert "Đã vào sổ: Công văn số 01/SYT-VP" in page.status_label.text()
    assert page.void_action.isEnabled() and not page.register_action.isEnabled()

    # a registered entry opens read-only, and prints with its number
    shown = open_current(qtbot, page)
    assert shown.subject_edit.isReadOnly() and not shown.ok_button.isVisible()
    shown.reject()
    printed = tmp_path / "may-in.pdf"

    def print_to_file(dialog):  # the clerk picks a printer; here the printer writes a file
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", print_to_file)
    job = page.print_current()
    with qtbot.waitSignal(job.done, timeout=15_000):
        pass
    qtbot.waitUntil(lambda: hasattr(job, "printed"))
    assert job.printed and "Số: 01/SYT-VP" in pdf_text(job.path)
    assert len(pypdf.PdfReader(printed).pages) == len(pypdf.PdfReader(job.path).pages)

    void = page.void_current()
    void.ok_button.click()
    qtbot.waitUntil(lambda: void.ok_button.isEnabled(), timeout=10_000)
    assert "lý do" in void.error.text() and void.isVisible()  # stays open until a reason is given
    void.reason_edit.setText("Văn bản không ban hành")
    void.ok_button.click()
    wait_reloaded(qtbot, page)
    qtbot.waitUntil(lambda: cell(page, 0, 7).startswith("Đã hủy số"))
    assert cell(page, 0, 7) == "Đã hủy số: Văn bản không ban hành" and cell(page, 0, 0) == "01"
    assert page.model.index(0, 4).data(int(Qt.ItemDataRole.ForegroundRole)) == MUTED_COLOUR

    # the next letter gets 02: a voided number is never given again
    second = save_draft(
        ui_ctx,
        DraftInput(
            DocumentKind.OFFICIAL_LETTER,
            "lần hai",
            text="Nội dung./.",
            addressees=("Các đơn vị",),
            signer_id=get_agency(ui_ctx).signers[0].id,
        ),
    )
    assert register_draft(ui_ctx, second, dt.date(THIS_YEAR, 3, 3)) == "02/SYT-VP"


def test_search_kind_scan_word_and_series(qtbot, make_page, ui_ctx, opened, tmp_path, monkeypatch):
    signer = get_agency(ui_ctx).signers[0].id
    for kind, subject in (
        (DocumentKind.PLAN, "Phát động phong trào thi đua Đổi mới"),
        (DocumentKind.REPORT, "Tổng kết công tác thi đua"),
    ):
        document_id = save_draft(
            ui_ctx, DraftInput(kind, subject, text="I. MỤC ĐÍCH\nNội dung./.", signer_id=signer)
        )
        register_draft(ui_ctx, document_id, dt.date(THIS_YEAR, 1, 5))
    save_draft(
        ui_ctx, DraftInput(DocumentKind.NOTICE, "Lịch họp Hội đồng", text="Nội dung./.", signer_id=signer)
    )
    page = make_page()
    assert page.model.rowCount() == 3
    assert cell(page, 0, 7) == "Dự thảo" and cell(page, 0, 0) == "—"  # drafts on top
    assert "2 văn bản đã vào sổ, 1 dự thảo" in page.status_label.text()

    page.search_box.setText("doi moi")
    wait_reloaded(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert cell(page, 0, 4) == "Phát động phong trào thi đua Đổi mới"
    page.search_box.clear()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(DocumentKind.REPORT))
    wait_reloaded(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and cell(page, 0, 3) == "Báo cáo")

    scan = tmp_path / "bc-da-ky.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    page.attach_scan(scan)
    wait_reloaded(qtbot, page)
    qtbot.waitUntil(lambda: cell(page, 0, 8) == "Có")
    page.open_scan()
    qtbot.waitUntil(lambda: page.last_scan is not None, timeout=10_000)
    assert page.last_scan.read_bytes() == b"%PDF-1.4 scan" and opened[-1] == str(page.last_scan)

    target = tmp_path / "bao-cao.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), "Tệp Word (*.docx)"))
    with qtbot.waitSignal(page.save_word_current().finished, timeout=15_000):
        pass
    assert page.status_label.text() == "Đã lưu tệp Word “bao-cao.docx”."
    word = docx.Document(target)
    assert [p.text for p in word.paragraphs if p.text][:2] == ["BÁO CÁO", "Tổng kết công tác thi đua"]
    assert opened[-1] == str(target)

    page.series_combo.setCurrentIndex(page.series_combo.findData(SERIES_PER_KIND))
    with qtbot.waitSignal(page.workspace.changed, timeout=10_000):  # written on the writer thread
        page.series_combo.activated.emit(page.series_combo.currentIndex())
    wait_reloaded(qtbot, page)
    assert page.status_label.text().startswith("Cách đánh số:")
    notice = next(e for e in list_documents(ui_ctx) if e.status is DocumentStatus.DRAFT)
    assert register_draft(ui_ctx, notice.id, dt.date(THIS_YEAR, 2, 1)) == "01/TB-SYT"  # its own series


def test_a_draft_is_edited_and_checked(qtbot, make_page, ui_ctx):
    page = make_page()
    dialog = page.open_new()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(DocumentKind.PLAN))
    assert dialog.copies_edit.toPlainText() == "Lưu: VT, VP"  # a plan is not sent "Như trên"
    assert not dialog.form.isRowVisible(dialog.unit_edit)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
    assert "trích yếu" in dialog.error.text()
    dialog.subject_edit.setText("Phát động thi đua")
    dialog.body_edit.setPlainText("I. MỤC ĐÍCH\nNội dung./.")
    dialog.ok_button.click()
    wait_reloaded(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    again = open_current(qtbot, page)
    assert (
        again.subject_edit.text() == "Phát động thi đua"
        and again.body_edit.toPlainText() == "I. MỤC ĐÍCH\nNội dung./."
    )
    again.subject_edit.setText("Phát động thi đua năm mới")
    again.ok_button.click()
    wait_reloaded(qtbot, page)
    qtbot.waitUntil(lambda: cell(page, 0, 4) == "Phát động thi đua năm mới")
    page.delete_current()
    wait_reloaded(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)


def test_the_register_reads_itself_again_after_a_write_elsewhere(qtbot, make_page, ui_ctx):
    """A write started anywhere in the window that touches the register (a decision issued, a council's
    minutes drafted) is announced; the page on screen reads the register again by itself."""
    page = make_page()
    assert page.model.rowCount() == 0
    signer = get_agency(ui_ctx).signers[0].id
    draft = DraftInput(DocumentKind.PLAN, "Kế hoạch thi đua năm mới", text="Nội dung./.", signer_id=signer)
    with qtbot.waitSignal(page.workspace.changed, timeout=10_000):
        WriteOp(page.workspace, page, "Đang lưu…", save_draft, draft, areas={Area.DOCUMENTS}).run()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.loading, timeout=10_000)
    assert cell(page, 0, 4) == "Kế hoạch thi đua năm mới" and cell(page, 0, 7) == "Dự thảo"


def _letter(ctx, subject: str) -> int:
    signer = get_agency(ctx).signers[0].id
    return save_draft(
        ctx,
        DraftInput(
            DocumentKind.OFFICIAL_LETTER,
            subject,
            text="Nội dung./.",
            addressees=("Các đơn vị",),
            signer_id=signer,
        ),
    )


def row_of(page, subject_start: str) -> int:
    return next(r for r in range(page.model.rowCount()) if cell(page, r, 4).startswith(subject_start))


def test_an_issued_letter_is_corrected_and_the_register_shows_the_chain(qtbot, make_page, ui_ctx):
    register_draft(ui_ctx, _letter(ui_ctx, "hướng dẫn thi đua"), dt.date(THIS_YEAR, 3, 2))
    page = make_page()
    assert page.correct_action.isEnabled() and page.void_action.isEnabled()
    dialog = page.correct_current()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(CorrectionKind.REPLACEMENT))
    dialog.ok_button.click()
    # the new draft opens for the clerk to edit, citing the first
    qtbot.waitUntil(
        lambda: page.active_dialog is not None and type(page.active_dialog).__name__ == "DocumentDialog",
        timeout=10_000,
    )
    editor = page.active_dialog
    assert (
        editor.subject_edit.text()
        == f"hướng dẫn thi đua (thay thế Công văn số 01/SYT-VP ngày 02/03/{THIS_YEAR})"
    )
    assert editor.body_edit.toPlainText().startswith("Văn bản này thay thế Công văn số 01/SYT-VP")
    editor.reject()
    wait_reloaded(qtbot, page)
    draft = row_of(page, "hướng dẫn thi đua (thay thế")
    assert cell(page, draft, 7) == "Dự thảo" and cell(page, draft, 9) == "Thay thế 01/SYT-VP"
    first = next(r for r in range(page.model.rowCount()) if cell(page, r, 0) == "01")
    assert cell(page, first, 9) == "" and cell(page, first, 7) == "Đã vào sổ"  # a draft replaces nothing yet

    replacing = next(e for e in list_documents(ui_ctx) if e.status is DocumentStatus.DRAFT)
    register_draft(ui_ctx, replacing.id, dt.date(THIS_YEAR, 3, 9))
    page.reload()
    wait_reloaded(qtbot, page)
    qtbot.waitUntil(lambda: cell(page, row_of(page, "hướng dẫn thi đua (thay thế"), 0) == "02")
    first = next(r for r in range(page.model.rowCount()) if cell(page, r, 0) == "01")
    assert cell(page, first, 7) == "Đã bị thay thế bởi số 02/SYT-VP"
    assert cell(page, first, 9) == "Bị thay thế bởi 02/SYT-VP"
    assert page.model.index(first, 4).data(int(Qt.ItemDataRole.ForegroundRole)) == MUTED_COLOUR
    page.view.selectRow(first)
    assert not page.correct_action.isEnabled()  # replaced already; voiding (with a reason) still possible
    assert page.void_action.isEnabled()


def test_the_leaders_approval_on_the_register(qtbot, make_page, make_window, ui_ctx, ui_db, agency):
    page = make_page()
    assert page.approval_box.isEnabled() and not page.approval_box.isChecked()
    with qtbot.waitSignal(page.workspace.changed, timeout=10_000):
        page.approval_box.click()
    wait_reloaded(qtbot, page)
    assert approval_required(ui_ctx) and page.approval_box.isChecked()

    document_id = _letter(ui_ctx, "lịch trực tết")
    page.reload()
    wait_reloaded(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert cell(page, 0, 7) == "Chờ duyệt" and page.approve_action.isEnabled()
    register = page.register_current()
    register.ok_button.click()
    qtbot.waitUntil(lambda: "chưa được Lãnh đạo duyệt" in register.error.text(), timeout=10_000)
    register.reject()

    # a Chuyên viên sees the state but may not approve, nor change the office's choice
    clerk = ServiceContext.signed_in(
        ui_db, Principal("chuyenvien", frozenset({Role.CLERK}), full_name="Chuyên viên")
    )
    window = MainWindow(Workspace(clerk, agency))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.workspace.set_year(THIS_YEAR)
    window.show_section(9)
    theirs = window.current_page()
    qtbot.waitUntil(lambda: theirs.view_data is not None and not theirs.loading, timeout=10_000)
    assert cell(theirs, 0, 7) == "Chờ duyệt"
    assert not theirs.approve_action.isEnabled() and not theirs.approval_box.isEnabled()
    window.close()

    page.approve_current()
    wait_reloaded(qtbot, page)
    qtbot.waitUntil(lambda: cell(page, 0, 7) == "Đã duyệt", timeout=10_000)
    assert not page.approve_action.isEnabled() and page.status_label.text().startswith("Đã duyệt dự thảo")
    assert (
        page.model.index(0, 7)
        .data(int(Qt.ItemDataRole.ToolTipRole))
        .startswith("Lãnh đạo (thu-ky) duyệt lúc")
    )
    assert register_draft(ui_ctx, document_id, dt.date(THIS_YEAR, 3, 2)) == "01/SYT-VP"
