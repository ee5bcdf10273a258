"""What the tabs of the Cụm/Khối thi đua page share: a tab's frame and its push buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.guards import ActionGuard
from ui.widgets.record_view import text_label


def tab_layout(tab: QWidget, intro: str = "") -> QVBoxLayout:
    """A tab's frame, with a muted line saying how to use it."""
    layout = QVBoxLayout(tab)
    layout.setContentsMargins(8, 8, 8, 6)
    if intro:
        layout.addWidget(text_label(intro, "muted", wrap=True))
    return layout


def push_button(
    row: QHBoxLayout, text: str, slot: Callable[[], object], tip: str = "", once: bool = False
) -> QPushButton:
    """`once`: a button that creates something runs once from a double-click (ui/guards.py)."""
    button = QPushButton(text)
    button.setToolTip(tip)
    if once:
        button.guard = ActionGuard(button, slot)
        button.clicked.connect(button.guard)
    else:
        button.clicked.connect(lambda _checked=False: slot())
    row.addWidget(button)
    return button
