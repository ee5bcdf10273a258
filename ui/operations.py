"""Work started from the window, off the GUI thread: the one operation runner.

    WriteOp(self.workspace, self, "Đang lưu đơn vị…", update_unit, unit_id, data, areas={Area.UNITS})
        .success(self._saved).run()

A `WriteOp` runs `fn(ctx, *args)` on the one writer thread, so writes from the window happen one after
the other, in the order asked, never on the GUI thread. A `QueryOp` runs `fn(*args)` on the thread pool:
long reads such as an export or a dry run. Both show a busy indicator only when the work takes a moment
(a progress dialog after ~300 ms, with Cancel when the work can stop), and keep the window painting.

The arguments are read from the widgets by the caller, on the GUI thread, before the operation starts:
the work never touches a widget. On success the callback gets the result; on failure the callback (or,
if none was given, a message box) gets the exception. Database errors reach here already in Vietnamese
(`ServiceContext.write` translates them), so the clerk never sees a traceback. After a write, the
workspace announces `changed(areas)` and every page showing those areas refreshes itself.

Long work declares it with `long=True`: it is then called with two more keyword arguments,
`progress(done, total)` and `cancelled()`, and should stop (raise) once `cancelled()` turns true.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.errors import UserError
from ui.guards import hold
from ui.jobs import PoolJob, answers, hand_over, writer_pool

log = logging.getLogger(__name__)

SHOW_AFTER_MS = 300


def error_text(exc: BaseException, doing: str = "Chưa làm được") -> str:
    """What the clerk reads: a UserError as it is (Vietnamese, says what to do); anything else, which
    is a fault of the program, briefly, with the assurance that the transaction rolled back."""
    if isinstance(exc, UserError):
        return str(exc)
    return f"{doing}: lỗi không mong đợi ({type(exc).__name__}: {exc}). Dữ liệu không thay đổi."


_running: set[Operation] = set()


class Cancelled(UserError):
    def __init__(self) -> None:
        super().__init__("Đã hủy; dữ liệu không thay đổi.")


class Operation(QObject):
    """One piece of work off the GUI thread, with its busy indicator and its two outcomes."""

    finished = Signal(object)  # the work's result
    failed = Signal(object)  # the exception it raised (Cancelled when the clerk stopped it)

    def __init__(
        self,
        parent: QWidget,
        label: str,
        fn: Callable[..., Any],
        *args: Any,
        long: bool = False,
        cancellable: bool | None = None,
    ):
        super().__init__(parent)
        self.parent_widget = parent
        self.label = label
        self.fn, self.args, self.long = fn, args, long
        self.cancellable = long if cancellable is None else cancellable
        self._stop = threading.Event()
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._answers = answers()  # made here, on the GUI thread
        self.dialog: QProgressDialog | None = None
        self._timer: QTimer | None = None
        self.running = False

    # --- building ----------------------------------------------------------------------------------------
    def success(self, callback: Callable[[Any], None]) -> Operation:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation:
        self._on_failure = callback
        return self

    def run(self) -> Operation:
        # No application-wide busy cursor: the window stays usable, and the progress dialog (after
        # SHOW_AFTER_MS) is the busy indicator. (An override cursor restored after a window was deleted also
        # crashed Qt under test.)
        self.running = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self._timer.start(SHOW_AFTER_MS)
        if self.parent() is None:
            _running.add(self)  # an operation without a parent widget is kept alive until it ends
        # The operation keeps its runnable (no auto-delete): a Python runnable freed by the pool on the worker
        # thread corrupted memory under test. Both are freed with the operation's parent, on the GUI thread.
        self._runnable = PoolJob(self._call, self._done, self._failed)
        self._runnable.setAutoDelete(False)
        self._pool().start(self._runnable)
        hold(self, self.finished, self.failed)  # a guarded action that started it waits for its end
        return self

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    # --- on the worker ----------------------------------------------------------------------------------
    def _pool(self) -> QThreadPool:
        return QThreadPool.globalInstance()

    def _call(self) -> Any:
        try:
            if self.long:
                return self.fn(*self.args, progress=self._report, cancelled=self._stop.is_set)
            return self.fn(*self.args)
        except Exception as exc:  # handed to the GUI thread, shown there; the unexpected also logged
            if not isinstance(exc, UserError):
                log.exception("operation failed")
            raise

    def _report(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise Cancelled()
        hand_over(self._answers, self._progressed, done, total)

    # --- back on the GUI thread --------------------------------------------------------------------------
    def _show_dialog(self) -> None:
        if not self.running or self.dialog is not None:
            return
        dialog = QProgressDialog(self.label, "Hủy" if self.cancellable else "", 0, 0, self.parent_widget)
        dialog.setWindowTitle("TĐKT")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        dialog.show()

    def _progressed(self, done: int, total: int) -> None:
        self._show_dialog()
        if self.dialog is None:
            return
        if total > 0 and self.dialog.maximum() != total:
            self.dialog.setRange(0, total)
        self.dialog.setValue(min(done, total) if total > 0 else 0)

    def _close(self) -> None:
        self.running = False
        if self._timer is not None:
            self._timer.stop()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, result: Any) -> None:
        self._close()
        self.succeeded(result)
        if self._on_success is not None:
            self._on_success(result)
        self.finished.emit(result)
        self._release()

    def _failed(self, exc: BaseException) -> None:
        self._close()
        if self._on_failure is not None:
            self._on_failure(exc)
        elif not isinstance(exc, Cancelled):
            QMessageBox.warning(self.parent_widget, "TĐKT", error_text(exc))
        self.failed.emit(exc)
        self._release()

    def _release(self) -> None:
        """Done: let go of the work, its arguments and callbacks. The operation (and its runnable) is freed
        with its parent widget, on the GUI thread, long after the pool's thread is done with the runnable."""
        self.fn = self.args = None
        self._on_success = self._on_failure = None
        _running.discard(self)

    def succeeded(self, result: Any) -> None:
        """What the kind of operation does after success, before the caller hears of it."""


class QueryOp(Operation):
    """A long read (an export, a dry run, a file read): `fn(*args)` on the thread pool."""


class WriteOp(Operation):
    """A write: `fn(ctx, *args)` on the one writer thread; afterwards `workspace.changed(areas)`.

    `workspace` is the open Workspace; before there is one (the first-run agency form) a bare
    ServiceContext will do, and there is nothing to announce."""

    def __init__(
        self,
        workspace,
        parent: QWidget,
        label: str,
        fn: Callable[..., Any],
        *args: Any,
        areas: Iterable[str] = (),
        long: bool = False,
        cancellable: bool | None = None,
    ):
        ctx = getattr(workspace, "ctx", workspace)
        super().__init__(parent, label, fn, ctx, *args, long=long, cancellable=cancellable)
        self.workspace = workspace if hasattr(workspace, "announce") else None
        self.areas = frozenset(areas)

    def _pool(self) -> QThreadPool:
        return writer_pool()

    def succeeded(self, result: Any) -> None:
        if self.workspace is not None:
            self.workspace.announce(self.areas)
