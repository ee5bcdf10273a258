"""Save a rendered PDF where the clerk chooses, then open it in the PDF reader (to print from there).

    save_pdf_and_open(parent, "Hồ sơ - Nguyễn Văn An", lambda path: person_record_pdf(record, agency, path))

Rendering runs off the GUI thread; a file that cannot be written (open in the reader, a read-only
folder, a full disk) gets a Vietnamese message and nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import UserError
from app.settings import Setting
from ui import file_dialogs
from ui import settings as pc_settings
from ui.operations import QueryOp

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_name(text: str) -> str:
    """A file name Windows accepts: no \\ / : * ? " < > |, no trailing dots or spaces."""
    return _UNSAFE.sub(" ", text).strip(" .") or "tai-lieu"


def ask_save_path(
    parent: QWidget, caption: str, name: str, suffix: str, file_filter: str, last_folder: Setting
) -> Path | None:
    """ "<name><suffix>" offered in the folder used last for this kind of file (`last_folder`, a setting of
    ui/settings.py); None when the clerk cancels."""
    folder = pc_settings.read(last_folder) or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    )
    start = str(Path(str(folder)) / f"{safe_file_name(name)}{suffix}")
    chosen, _ = file_dialogs.save_file_name(parent, caption, start, file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    pc_settings.write(last_folder, str(path.parent))
    return path


def ask_pdf_path(parent: QWidget, suggested_name: str, caption: str = "Lưu thành tệp PDF") -> Path | None:
    return ask_save_path(parent, caption, suggested_name, ".pdf", "Tệp PDF (*.pdf)", pc_settings.PDF_FOLDER)


def file_error_message(path: Path, exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return (
            f"Không ghi được tệp “{path.name}”: tệp đang mở trong chương trình khác hoặc thư mục không cho "
            "phép ghi. Hãy đóng tệp đó (hoặc chọn tên, thư mục khác) rồi làm lại."
        )
    if isinstance(exc, OSError):
        return (
            f"Không ghi được tệp “{path.name}” ({exc.strerror or exc}). Hãy kiểm tra ổ đĩa còn chỗ trống "
            "và thư mục có cho phép ghi không, rồi làm lại."
        )
    return f"Không tạo được tệp “{path.name}”: {exc}"


class PdfJob(QObject):
    """One render-save-open; `done` carries the path written (tests wait for it)."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self, parent: QWidget, path: Path, render: Callable[[Path], object], open_after: bool = True
    ):
        super().__init__(parent)
        self.path, self.open_after = path, open_after
        self.task = QueryOp(parent, "Đang tạo tệp PDF…", render, path)
        self.task.success(self._finished).failure(self._failed)

    def start(self) -> PdfJob:
        self.task.run()
        return self

    def _finished(self, _result) -> None:
        if self.open_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))
        self.done.emit(self.path)

    def _failed(self, exc: BaseException) -> None:
        message = file_error_message(self.path, exc)
        parent = self.parent()
        QMessageBox.warning(
            parent if isinstance(parent, QWidget) else None, "Không tạo được tệp PDF", message
        )
        self.failed.emit(message)


def save_pdf_and_open(
    parent: QWidget, suggested_name: str, render: Callable[[Path], object], caption: str = "Lưu thành tệp PDF"
) -> PdfJob | None:
    """Ask where to save, render in the background, open the file; None when the clerk cancels."""
    path = ask_pdf_path(parent, suggested_name, caption)
    if path is None:
        return None
    return PdfJob(parent, path, render).start()
