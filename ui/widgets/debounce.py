"""A single-shot timer that calls back once the clerk pauses: several keystrokes or ticks in a row then
ask the database once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def debounce(parent: QObject, delay_ms: int, slot: Callable[[], object]) -> QTimer:
    """start() it on every change; `slot` runs `delay_ms` after the last one."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(slot)
    return timer
