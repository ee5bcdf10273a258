"""What the two package dialogs share: one background task at a time, and how a failure reads."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.errors import UserError
from ui.widgets.background_task import BackgroundTask, Work


def failure_text(exc: Exception, doing: str) -> str:
    return str(exc) if isinstance(exc, UserError) else f"{doing}: {exc}. Dữ liệu không thay đổi."


class TaskRunner:
    def __init__(self, parent: QWidget):
        self.parent, self.task = parent, None

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(
        self, work: Work, label: str, on_done: Callable, on_failed: Callable, cancellable: bool = False
    ):
        def done(result):
            self.task = None
            on_done(result)

        def failed(exc):
            self.task = None
            on_failed(exc)

        self.task = BackgroundTask(work, self.parent, label, cancellable=cancellable)
        self.task.finished.connect(done)
        self.task.failed.connect(failed)
        self.task.start()
