"""Type text into a widget the way a keyboard does, Vietnamese letters included.

QTest's key clicks know only ASCII keys (anything else trips an assertion inside Qt), while a
Vietnamese keyboard or input method delivers letters such as "ễ" as key events carrying text. So
ASCII runs go through qtbot.keyClicks and every other letter arrives as such a key event.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


def type_text(qtbot, widget, text: str) -> None:
    run = ""
    for ch in text:
        if ch.isascii():
            run += ch
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )
    if run:
        qtbot.keyClicks(widget, run)
