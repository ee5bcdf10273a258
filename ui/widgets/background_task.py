"""Long work (exports, PDFs) off the GUI thread, with a progress dialog and a Cancel button.

    task = BackgroundTask(work, parent, "Đang xuất danh sách…")
    task.finished.connect(...); task.failed.connect(...)
    task.start()

`work(progress, cancelled)` runs on the thread pool: it may call progress(done, total) and should
stop (raise) when cancelled() turns true. The dialog appears only if the work takes a moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.jobs import collector_paused

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Runnable(QRunnable):
    def __init__(self, work: Work, relay: _Relay, stop: threading.Event):
        super().__init__()
        self.work, self.relay, self.stop = work, relay, stop

    def run(self) -> None:
        try:
            with collector_paused():
                result = self.work(self._progress, self.stop.is_set)
        except Exception as exc:  # shown to the clerk by whoever started the task
            self._emit(self.relay.failed, exc)
            return
        self._emit(self.relay.done, result)

    def _progress(self, done: int, total: int) -> None:
        self._emit(self.relay.progressed, done, total)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            pass  # the window that asked has been closed meanwhile


class BackgroundTask(QObject):
    finished = Signal(object)  # the work's result
    failed = Signal(object)  # the exception it raised (also when cancelled)

    def __init__(
        self, work: Work, parent: QWidget, label: str, *, cancellable: bool = True, show_after_ms: int = 400
    ):
        super().__init__(parent)
        self._stop = threading.Event()
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._relay.progressed.connect(self._progressed)
        self._work = work
        self.running = False
        self.dialog = QProgressDialog(label, "Hủy" if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle("TĐKT")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(show_after_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.reset()  # hidden until start(): a fresh QProgressDialog shows itself after a delay

    def start(self) -> None:
        self.running = True
        self.dialog.setRange(0, 0)
        self.dialog.setValue(0)
        QThreadPool.globalInstance().start(_Runnable(self._work, self._relay, self._stop))

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0 and self.dialog.maximum() != total:
            self.dialog.setRange(0, total)
        self.dialog.setValue(min(done, total))

    def _close(self) -> None:
        self.running = False
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()

    def _done(self, result: Any) -> None:
        self._close()
        self.finished.emit(result)
        self.deleteLater()

    def _failed(self, exc: Exception) -> None:
        self._close()
        self.failed.emit(exc)
        self.deleteLater()
