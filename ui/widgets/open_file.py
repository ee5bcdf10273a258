"""Opening a file kept in the database (an attached paper, a signed scan) with the system's program: only
documents (PDF, images, Word, Excel). Anything else (an .exe, a .lnk, a .bat, a macro workbook…) would run
on Windows when "opened", so it is never opened: the clerk is offered "Lưu ra thư mục…" instead.

    open_document(parent, path)   # the one place that decides; returns the question shown, if any
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from ui import settings as pc_settings
from ui.widgets.pdf_output import ask_save_path

# Documents the clerk reads; macro-enabled Office files (.docm, .xlsm) are left out on purpose.
DOCUMENT_SUFFIXES = frozenset(
    {
        ".pdf",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".bmp",
        ".tif",
        ".tiff",
        ".webp",
        ".doc",
        ".docx",
        ".odt",
        ".rtf",
        ".xls",
        ".xlsx",
        ".ods",
    }
)
SAVE_TEXT = "Lưu ra thư mục…"


def is_document(name: str | Path) -> bool:
    """A PDF, an image, a Word or an Excel file, by its name's ending: what may be opened."""
    return Path(name).suffix.lower() in DOCUMENT_SUFFIXES


def open_document(parent: QWidget, path: Path) -> QMessageBox | None:
    """Open `path` with the system's program when it is a document; otherwise ask whether to save a copy
    ("Lưu ra thư mục…"), without opening it. Returns the question shown (window-modal), or None."""
    if is_document(path):
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.information(
                parent,
                "Chưa mở được tệp",
                f"Máy chưa có chương trình mở loại tệp này. Tệp đã được lưu tại:\n{path}",
            )
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Không mở loại tệp này",
        f"“{path.name}” không phải tài liệu (PDF, ảnh, Word, Excel) nên chương trình không mở nó: "
        "tệp loại này có thể chạy chương trình trên máy.\n\nCó thể lưu một bản ra thư mục để kiểm tra.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("notADocument")
    save = box.addButton(SAVE_TEXT, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Đóng", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)

    def answered(_result: int) -> None:
        if box.clickedButton() is save:
            save_copy(parent, path)

    box.finished.connect(answered)
    box.open()
    return box


def save_copy(parent: QWidget, path: Path) -> Path | None:
    """A copy of `path` where the clerk chooses; None when cancelled or it could not be written (said)."""
    suffix = path.suffix.lower()
    target = ask_save_path(
        parent,
        "Lưu tệp ra thư mục",
        path.stem,
        suffix,
        f"Tệp {suffix} (*{suffix})" if suffix else "Mọi tệp (*)",
        pc_settings.EXPORT_FOLDER,
    )
    if target is None:
        return None
    try:
        shutil.copyfile(path, target)
    except OSError as exc:
        QMessageBox.warning(parent, "Chưa lưu được tệp", f"Không ghi được “{target}”: {exc.strerror or exc}")
        return None
    return target
