"""Message boxes answered in tests: `QMessageBox.exec` replaced, every box asked recorded with its texts
and its buttons' texts, and answered Yes (the button that goes on) or No."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox


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
