"""Modal dialogs in tests: message boxes answered (`QMessageBox.exec` replaced, every box asked recorded
with its texts and its buttons' texts, answered Yes — the button that goes on — or No), and any modal
dialog read once shown, then closed (`run_modal`)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


@dataclass(frozen=True)
class Asked:
    title: str
    text: str
    details: str
    buttons: tuple[str, ...]


class Answers:
    def __init__(self, monkeypatch, yes: bool = True):
        self.yes = yes
        self.asked: list[Asked] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._answer(box))

    def _answer(self, box: QMessageBox):
        buttons = tuple(b.text() for b in box.buttons())
        self.asked.append(Asked(box.windowTitle(), box.text(), box.informativeText(), buttons))
        return QMessageBox.StandardButton.Yes if self.yes else QMessageBox.StandardButton.No


def run_modal(open_dialog, inspect):
    """`open_dialog()` runs a modal dialog; `inspect(dialog)` reads it once shown, then it is closed."""
    seen = {}

    def look():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        try:
            seen["result"] = inspect(dialog)
        finally:
            dialog.reject()

    QTimer.singleShot(0, look)
    open_dialog()
    assert "result" in seen, "the dialog was never shown"
    return seen["result"]
