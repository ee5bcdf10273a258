"""A double-click as the window system delivers it: press, release, then a double-click event (a second
press) and its release. QTest's mouseDClick alone sends only the double-click event, which a button
ignores; a real double-click reaches a button as two clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt


def double_click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton)
