"""Short reads off the GUI thread: run a function on the thread pool, get the result back as a signal.

The window never waits for the database: a page asks, keeps working, and fills itself in when the
answer arrives. Only the answer of the newest read is delivered; a cancelled loader (its database
closed) delivers nothing.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


_collector_lock = threading.Lock()
_working = 0  # worker jobs running now


@contextmanager
def collector_paused():
    """While any worker job runs, Python's cyclic collector is off: a collection started on a worker thread
    could free a Qt object there, which crashes Qt. With no job running it works as usual, on the GUI
    thread (the only one then running Python), with CPython's own heuristics."""
    global _working
    with _collector_lock:
        if _working == 0:
            gc.disable()
        _working += 1
    try:
        yield
    finally:
        with _collector_lock:
            _working -= 1
            if _working == 0:
                gc.enable()


class _Job(QRunnable):
    def __init__(self, generation: int, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.generation, self.fn, self.relay = generation, fn, relay

    def run(self) -> None:
        try:
            with collector_paused():
                result = self.fn()
        except Exception as exc:  # shown to the clerk by the receiver
            self._deliver(self.relay.failed, exc)
            return
        self._deliver(self.relay.done, result)

    def _deliver(self, signal, value) -> None:
        try:
            signal.emit(self.generation, value)
        except RuntimeError:
            pass  # the page or window that asked has been closed meanwhile


class Loader(QObject):
    """Runs one kind of read in the background; only the newest request's answer is delivered."""

    loaded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None):
        super().__init__(parent)
        self.fn = fn
        self.generation = 0
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self.busy = False
        self._again = False

    def request(self) -> None:
        """Read again. While a read runs, further requests fold into one more read after it."""
        if self.busy:
            self._again = True
            return
        self._start()

    def _start(self) -> None:
        self.generation += 1
        self.busy = True
        self._again = False
        QThreadPool.globalInstance().start(_Job(self.generation, self.fn, self._relay))

    def cancel(self) -> None:
        """Forget whatever is running (its answer will be ignored)."""
        self.generation += 1
        self.busy = self._again = False

    def _on_done(self, generation: int, result: Any) -> None:
        if generation == self.generation:
            self._finish()
            self.loaded.emit(result)

    def _on_failed(self, generation: int, exc: Exception) -> None:
        if generation == self.generation:
            self._finish()
            self.failed.emit(exc)

    def _finish(self) -> None:
        self.busy = False
        if self._again:
            self._start()


def wait_for_background_work(timeout_ms: int = 5000) -> bool:
    """Before a database is closed: let running reads finish."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
