"""The register's small steps, each one write (FormDialog: a WriteOp on the writer thread): Vào sổ (the next
number and the signing date), Hủy số (with its reason), Đính chính / sửa đổi / bổ sung / thay thế (a new draft
linked to the issued document, which itself never changes); and the files a register entry opens: a preview
PDF in a folder of their own, the signed scan, the same document saved as Word (written off the GUI thread).

"Xem trước" shows the rendered PDF inside the program (ui/widgets/pdf_preview.py); "In…" renders it and
opens the system's print dialog.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.services.documents import DocumentEntry, correct_document, register_draft, void_document
from database.enums import CorrectionKind
from ui import settings as pc_settings
from ui.operations import QueryOp, WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, date_edit, date_value, line
from ui.widgets.open_file import open_document
from ui.widgets.pdf_output import PdfJob, ask_save_path, file_error_message, safe_file_name
from ui.widgets.pdf_preview import print_pdf, show_preview
from ui.workspace import Area

PREVIEW_FOLDER = "TĐKT – xem trước"


class EntryStepDialog(FormDialog):
    """One step on a register entry: one field (and a hint under it), then one service call (`submit`)."""

    def __init__(
        self,
        workspace,
        entry: DocumentEntry,
        title: str,
        intro: str,
        label: str,
        field: QWidget,
        hint: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(workspace, title, intro, parent)
        self.entry = entry
        self.form.addRow(label, field)
        if hint:
            add_hint(self.form, hint)
        self.finish_layout(520)


class RegisterDialog(EntryStepDialog):
    """Vào sổ: the draft gets the next number of its series and the day it was signed."""

    OK_TEXT = "Vào sổ"

    def __init__(self, workspace, entry: DocumentEntry, parent: QWidget | None = None):
        self.day_edit = date_edit(dt.date.today())
        super().__init__(
            workspace,
            entry,
            "Vào sổ văn bản đi",
            f"{entry.kind.label}: {entry.subject}\n\nSố được cấp là số tiếp theo trong sổ của năm "
            "ký; đã cấp thì không sửa, không dùng lại được (chỉ có thể hủy số).",
            "Ngày ký:",
            self.day_edit,
            "Văn bản giấy được cấp số sau khi người có thẩm quyền ký, chậm nhất trong "
            "ngày làm việc tiếp theo (Nghị định 30/2020/NĐ-CP).",
            parent,
        )

    def submit(self) -> WriteOp:
        """The number given ("05/SYT-VP") is the result."""
        return self.write(
            register_draft,
            self.entry.id,
            date_value(self.day_edit),
            areas={Area.DOCUMENTS},
            label="Đang vào sổ…",
        )


class VoidDialog(EntryStepDialog):
    """Hủy số: the entry stays in the register, greyed, and its number is never given again."""

    OK_TEXT = "Hủy số"

    def __init__(self, workspace, entry: DocumentEntry, parent: QWidget | None = None):
        self.reason_edit: QLineEdit = line("Ví dụ: văn bản không ban hành; cấp nhầm số")
        super().__init__(
            workspace,
            entry,
            "Hủy số văn bản",
            f"Hủy số {entry.number_text} ({entry.kind.label.lower()}: {entry.subject}).\n\nSố này vẫn "
            "nằm trong sổ, ghi “Đã hủy số”, và không cấp lại cho văn bản khác.",
            "Lý do hủy:",
            self.reason_edit,
            parent=parent,
        )

    def submit(self) -> WriteOp:
        return self.write(
            void_document,
            self.entry.id,
            self.reason_edit.text(),
            areas={Area.DOCUMENTS},
            label="Đang hủy số…",
        )


class CorrectDialog(EntryStepDialog):
    """A correction of an issued document: a new draft, starting from its text and citing it; the issued one
    stays as it was and the register links the two. The new draft's id is the result."""

    OK_TEXT = "Soạn văn bản"

    def __init__(self, workspace, entry: DocumentEntry, parent: QWidget | None = None):
        self.kind_combo = QComboBox()
        for kind in CorrectionKind:
            self.kind_combo.addItem(kind.label, kind)
        super().__init__(
            workspace,
            entry,
            "Đính chính, sửa đổi, bổ sung hoặc thay thế văn bản",
            f"{entry.kind.label} số {entry.number_text}: {entry.subject}\n\nVăn bản đã ban hành không sửa "
            "được. Chương trình soạn một dự thảo mới từ nội dung văn bản này, dẫn chiếu số và ngày của nó; "
            "dự thảo được sửa, trình ký và vào sổ như mọi văn bản.",
            "Loại văn bản:",
            self.kind_combo,
            "Thay thế: văn bản mới thay toàn bộ văn bản này, sổ ghi “Bị thay thế bởi số …”. Nếu chỉ cấp "
            "nhầm số, hãy hủy số có lý do.",
            parent,
        )

    def kind(self) -> CorrectionKind:
        return self.kind_combo.currentData()

    def submit(self) -> WriteOp:
        return self.write(
            correct_document,
            self.entry.id,
            self.kind(),
            areas={Area.DOCUMENTS},
            label="Đang soạn dự thảo…",
        )


# --- files -----------------------------------------------------------------------------------------------


def preview_path(name: str, suffix: str = ".pdf") -> Path:
    """A new file in the temporary folder: a reader may still hold the last preview open (and locked)."""
    folder = Path(tempfile.gettempdir()) / PREVIEW_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{safe_file_name(name)} {dt.datetime.now():%H%M%S%f}{suffix}"


def open_rendered(parent: QWidget, name: str, render: Callable[[Path], object]) -> PdfJob:
    """Render in the background to a preview file of its own and show it in the preview window."""
    job = PdfJob(parent, preview_path(name), render, open_after=False)
    job.done.connect(lambda path: setattr(job, "preview", show_preview(parent, path, name)))
    return job.start()


def print_rendered(parent: QWidget, name: str, render: Callable[[Path], object]) -> PdfJob:
    """Render in the background, then the system's print dialog."""
    job = PdfJob(parent, preview_path(name), render, open_after=False)
    job.done.connect(lambda path: setattr(job, "printed", print_pdf(parent, path)))
    return job.start()


def open_bytes(name: str, data: bytes, parent: QWidget | None = None) -> Path:
    """The signed scan kept in the database, opened with the program Windows uses for its type when it is a
    document (ui/widgets/open_file.py); anything else is offered "Lưu ra thư mục…"."""
    path = preview_path(Path(name).stem, Path(name).suffix or ".pdf")
    path.write_bytes(data)
    open_document(parent, path)
    return path


def save_word(
    parent: QWidget, name: str, render: Callable[[Path], object], said: Callable[[Path | None, str], object]
) -> QueryOp | None:
    """Ask where, write the .docx off the GUI thread and open it; `said(path, message)` for the status line
    afterwards, path None when it failed. None when the clerk cancels."""
    path = ask_save_path(
        parent, "Lưu thành tệp Word", name, ".docx", "Tệp Word (*.docx)", pc_settings.DOCX_FOLDER
    )
    if path is None:
        return None
    return write_word(parent, path, render, said)


def write_word(
    parent: QWidget, path: Path, render: Callable[[Path], object], said: Callable[[Path | None, str], object]
) -> QueryOp:
    def written(_result) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        said(path, f"Đã lưu tệp Word “{path.name}”.")

    # a locked file, a full disk: said in Vietnamese, nothing else changed
    op = QueryOp(parent, "Đang lưu tệp Word…", render, path)
    return op.success(written).failure(lambda exc: said(None, file_error_message(path, exc))).run()
