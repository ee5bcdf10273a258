"""The shape every dialog that brings a file in shares: the file chosen, checked in the background (a dry run:
nothing written), what it would do shown, then written in one go.

    class UnitImportDialog(FileCheckDialog):
        FILE_CAPTION, FILE_FILTER = "Chọn tệp danh sách đơn vị", "Tệp Excel (*.xlsx *.xls);;Mọi tệp (*)"

        def __init__(self, workspace, parent=None):
            super().__init__(workspace, "Nhập danh sách đơn vị từ Excel", "Tệp Excel … có các cột …", parent)
            self.import_button = self.add_button("Nhập", self.run_import, QDialogButtonBox.ButtonRole.AcceptRole)
            self.lay_out(self.verdict, (self.details, 1))

        def use_file(self, path):            # a file chosen: checked at once
            super().use_file(path)
            self.query("Đang kiểm tra…", check_unit_file, self.workspace.ctx, path, done=self.show_plan)

The dialog holds `path` (the file chosen), `task` (the check or the write running now; `busy` while there is
one), `verdict` (what the check found, or why it failed) and its buttons: Close, and those `add_button` adds.
A check or a write that fails goes to `failed(exc)`: by default the verdict says why and a message box says
that nothing changed (the unit list, the history); a dialog that keeps the reason on its page replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from ui import file_dialogs
from ui.operations import Operation, QueryOp, WriteOp, error_text
from ui.workspace import Area, Workspace

Part = QWidget | QLayout | tuple[QWidget | QLayout, int]  # a widget or layout, with its stretch


class FileCheckDialog(QDialog):
    FILE_CAPTION = "Chọn tệp"  # the file dialog's title
    FILE_FILTER = "Mọi tệp (*)"
    FILE_PROMPT = ""  # before the file's name ("Tệp cập nhật:"); none by default
    FAILED = "Không nhập được tệp"  # what failed, for a fault that is not the clerk's (error_text)

    def __init__(self, workspace: Workspace, title: str, intro: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.path: Path | None = None
        self.task: Operation | None = None  # the check or the write running now
        self.setWindowTitle(title)

        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.file_label = QLabel("Chưa chọn tệp.")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("Chọn tệp…")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_row = QHBoxLayout()
        if self.FILE_PROMPT:
            self.file_row.addWidget(QLabel(self.FILE_PROMPT))
        self.file_row.addWidget(self.file_label, 1)
        self.file_row.addWidget(self.choose_button)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

    def add_button(
        self,
        text: str,
        slot: Callable[[], object],
        role: QDialogButtonBox.ButtonRole = QDialogButtonBox.ButtonRole.ActionRole,
    ) -> QPushButton:
        """A button beside Close, greyed until the dialog has something for it to do."""
        button = self.buttons.addButton(text, role)
        button.setEnabled(False)
        button.clicked.connect(slot)
        return button

    def lay_out(self, *parts: Part) -> None:
        """The intro, the file's row, `parts` (a (part, stretch) pair grows with the dialog), the buttons."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.file_row)
        for part in parts:
            item, stretch = part if isinstance(part, tuple) else (part, 0)
            if isinstance(item, QLayout):
                layout.addLayout(item, stretch)
            else:
                layout.addWidget(item, stretch)
        layout.addWidget(self.buttons)

    @property
    def busy(self) -> bool:
        return self.task is not None

    # --- the file --------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        chosen, _ = file_dialogs.open_file_name(self, self.FILE_CAPTION, str(Path.home()), self.FILE_FILTER)
        if chosen:
            self.use_file(Path(chosen))

    def use_file(self, path: Path) -> None:
        """The file chosen, shown; a dialog that checks it at once extends this."""
        self.path = path
        self.file_label.setText(str(path))

    # --- the check and the write, in the background ----------------------------------------------------
    def query(self, working: str, fn: Callable[..., Any], *args: Any, done: Callable[[Any], object]) -> None:
        """`fn(*args)` on the thread pool, writing nothing (the check); `done(result)` once it is back."""
        self._start(QueryOp(self, working, fn, *args), done)

    def write(
        self,
        working: str,
        fn: Callable[..., Any],
        *args: Any,
        areas: frozenset[Area] | set[Area],
        done: Callable[[Any], object],
        long: bool = False,
    ) -> None:
        """`fn(ctx, *args)` on the writer thread, in one transaction; the pages of `areas` refresh after."""
        self._start(WriteOp(self.workspace, self, working, fn, *args, areas=areas, long=long), done)

    def _start(self, operation: Operation, done: Callable[[Any], object]) -> None:
        self.task = operation
        operation.success(lambda result: self._ended(done, result)).failure(
            lambda exc: self._ended(self.failed, exc)
        ).run()

    def _ended(self, then: Callable[[Any], object], value: Any) -> None:
        self.task = None
        then(value)

    def failed(self, exc: BaseException) -> None:
        """The verdict says why, and a message box that nothing changed."""
        message = error_text(exc, self.FAILED)
        self.verdict.setText(f"<b>{message}</b>")
        if isinstance(exc, UserError):  # error_text says it for any other failure
            message += "\n\nDữ liệu không thay đổi."
        QMessageBox.warning(self, "Không nhập được", message)

    def done_and_close(self, title: str, text: str) -> None:
        """Written: the clerk is told what, and the dialog closes."""
        QMessageBox.information(self, title, text)
        self.accept()


def open_file_check(dialog: FileCheckDialog) -> FileCheckDialog:
    """Shown over its window, deleted when it closes (Tệp › … opens these)."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
