"""Short reads off the GUI thread: run a function on the thread pool, get the result back as a signal.

The window never waits for the database: a page asks, keeps working, and fills itself in when the
answer arrives. Only the answer of the newest read is delivered; a cancelled loader (its database
closed) delivers nothing.
"""

from __future__ import annotations

import gc
import threading
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Answers(QObject):
    """Where work on the pool hands its answers to the GUI thread: one object for the program's whole life,
    never deleted, so a worker never emits on an object the GUI thread is deleting (a dialog closed while
    its read ran crashed the test process: the relay it owned went with it in the middle of the emit). An
    answer reaches its receiver (a bound method) only if the receiver's object still exists."""

    arrived = Signal(object, object)  # the receiving method, its arguments

    def __init__(self) -> None:
        super().__init__()
        self.arrived.connect(self._hand_over)  # queued: this object lives on the GUI thread

    def _hand_over(self, receiver: Callable[..., Any], args: tuple) -> None:
        owner = getattr(receiver, "__self__", None)
        if not isinstance(owner, QObject) or shiboken6.isValid(owner):
            receiver(*args)


_answers: _Answers | None = None


def answers() -> _Answers:
    """The program's one _Answers, made on the GUI thread (by the first Loader or Operation)."""
    global _answers
    if _answers is None or not shiboken6.isValid(_answers):  # (gone only with the program's end)
        _answers = _Answers()
    return _answers


def hand_over(answers_: _Answers, receiver: Callable[..., Any], *args: Any) -> None:
    """From a worker: `receiver(*args)` on the GUI thread, if the receiver's object is still there. A job that
    ends after the program's objects were torn down (its window quit while a read ran) has no one to tell."""
    if shiboken6.isValid(answers_):
        answers_.arrived.emit(receiver, args)


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


def settle_large_read() -> None:
    """After a large read arrives on the GUI thread (the province's histories: a million records): what is
    alive now leaves the cyclic collector's reach (`gc.freeze`), so that its full collections, which run on
    the GUI thread, no longer scan it (half a second each at 100,000 staff). The histories hold no reference
    cycles: dropped for newer ones, they are freed by reference counting as before. `unsettle` (the
    window closing) gives everything back to the collector."""
    gc.freeze()


def unsettle() -> None:
    gc.unfreeze()


class PoolJob(QRunnable):
    """`call()` on the pool; its result, or the exception it raised, handed over (`hand_over`) to `done` or
    `failed` on the GUI thread, after the `lead` arguments."""

    def __init__(self, call: Callable[[], Any], done: Callable, failed: Callable, *lead: Any):
        super().__init__()
        self.call, self.done, self.failed, self.lead = call, done, failed, lead
        self.answers = answers()

    def run(self) -> None:
        try:
            with collector_paused():
                result = self.call()
        except Exception as exc:  # shown to the clerk by the receiver
            hand_over(self.answers, self.failed, *self.lead, exc)
            return
        hand_over(self.answers, self.done, *self.lead, result)


class Loader(QObject):
    """Runs one kind of read in the background; only the newest request's answer is delivered.

    The arguments are taken on the GUI thread when the page asks (`request(year, unit_id)`), so the worker
    never touches a widget; the answer comes back with them: `loaded(args, result)`.
    """

    loaded = Signal(object, object)  # the request's arguments (a tuple), the result
    failed = Signal(object)

    def __init__(self, fn: Callable[..., Any], parent: QObject | None = None):
        super().__init__(parent)
        self.fn = fn
        self.generation = 0
        answers()  # made here, on the GUI thread
        self.busy = False
        self._pending: tuple | None = None  # the newest request made while a read ran
        self.args: tuple | None = None  # the arguments of the read running or last delivered
        self._jobs: deque[PoolJob] = deque(maxlen=3)

    def request(self, *args: Any) -> None:
        """Read with these arguments. While a read runs, further requests fold into one more read after
        it, with the newest arguments."""
        if self.busy:
            self._pending = args
            return
        self._start(args)

    def _start(self, args: tuple) -> None:
        self.generation += 1
        self.busy = True
        self._pending = None
        self.args = args
        job = PoolJob(partial(self.fn, *args), self._on_done, self._on_failed, self.generation, args)
        # The loader keeps its recent jobs (no auto-delete): a Python runnable freed by the pool on the worker
        # thread, while the GUI thread handles its answer, corrupted memory under test. A job is let go on
        # the GUI thread, two reads later, long after its thread is done with it.
        job.setAutoDelete(False)
        self._jobs.append(job)
        QThreadPool.globalInstance().start(job)

    def cancel(self) -> None:
        """Forget whatever is running (its answer will be ignored)."""
        self.generation += 1
        self.busy = False
        self._pending = None

    def _on_done(self, generation: int, args: tuple, result: Any) -> None:
        if generation == self.generation:
            if self._finish():
                self.loaded.emit(args, result)

    def _on_failed(self, generation: int, _args: tuple, exc: Exception) -> None:
        if generation == self.generation and self._finish():
            self.failed.emit(exc)

    def _finish(self) -> bool:
        """True when this answer is the newest: otherwise the newer request starts and this one is dropped."""
        self.busy = False
        if self._pending is not None:
            self._start(self._pending)
            return False
        return True


class DetailLoader(QObject):
    """The detail pane of a list: the row chosen is read in the background, by its key.

        self.details = DetailLoader(lambda key: campaign_detail(ctx, key), self)
        self.details.shown.connect(self.show_detail)      # the detail, or None when nothing is chosen
        self.details.show(campaign.id)                      # on selection; show(None) clears the pane
        self.details.refresh()                              # after a write: read the chosen one again

    Only the answer for the row still chosen is shown; an older one is dropped.
    """

    shown = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[Any], Any], parent: QObject | None = None):
        super().__init__(parent)
        self.key: Any = None
        self._loader = Loader(fn, self)
        self._loader.loaded.connect(self._loaded)
        self._loader.failed.connect(self.failed)

    @property
    def busy(self) -> bool:
        return self._loader.busy

    def show(self, key: Any) -> None:
        self.key = key
        if key is None:
            self._loader.cancel()
            self.shown.emit(None)
        else:
            self._loader.request(key)

    def refresh(self) -> None:
        if self.key is not None:
            self._loader.request(self.key)

    def cancel(self) -> None:
        self._loader.cancel()

    def select_after_read(self, view, ids: list, wanted: Any) -> None:
        """After the list was read again: choose `wanted` (else the first row) in `view` (a table view on
        the GUI thread); when that row is the one already shown, read its detail again, since selecting it
        again changes nothing and no selection signal would."""
        row = ids.index(wanted) if wanted in ids else 0
        shown = self.key
        view.selectRow(row)
        if ids[row] == shown:
            self.refresh()

    def _loaded(self, args: tuple, detail: Any) -> None:
        if args == (self.key,):
            self.shown.emit(detail)


_writer_pool: QThreadPool | None = None


def writer_pool() -> QThreadPool:
    """The one thread every write from the window runs on (ui.operations.WriteOp)."""
    global _writer_pool
    if _writer_pool is None:
        _writer_pool = QThreadPool()
        _writer_pool.setMaxThreadCount(1)
    return _writer_pool


def wait_for_background_work(timeout_ms: int = 5000) -> bool:
    """Before a database is closed: let running reads and the writes asked for finish."""
    writes_done = _writer_pool is None or _writer_pool.waitForDone(max(timeout_ms, 30_000))
    return QThreadPool.globalInstance().waitForDone(timeout_ms) and writes_done
