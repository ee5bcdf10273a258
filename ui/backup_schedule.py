"""The window's automatic backups: once a day while it runs (in the background, the clerk goes on working)
and when it closes (unless nothing changed since the newest backup).

The database layer is imported only when a backup is looked at, never while the window is first painted.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer

from ui.jobs import Loader

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 60 * 60 * 1000  # once an hour the window asks whether a day has passed since the last one
FIRST_CHECK_MS = (
    5 * 60 * 1000
)  # and a few minutes after it opens (the PC may have been switched off, not closed)


def _backup_if_due(db):
    from app.services.backups import backup_if_due

    return backup_if_due(db)


class BackupSchedule(QObject):
    """Owned by the main window; looks at `window.workspace` each time (it changes when another file opens)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.last_problem = ""  # why the last automatic backup failed ("" when it worked)
        self.loader = Loader(_backup_if_due, self)
        self.loader.loaded.connect(self._done)
        self.loader.failed.connect(self._failed)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(CHECK_EVERY_MS)
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.check)
        self.first.start(FIRST_CHECK_MS)

    def check(self) -> bool:
        """Take a backup in the background if one is due; whether a check started."""
        workspace = self.window.workspace
        if workspace is None or workspace.closed or self.loader.busy:
            return False
        self.loader.request(workspace.db)
        return True

    def _done(self, _args: tuple, result) -> None:
        self.last_problem = ""
        if result is None:
            return
        text = "Đã tự động sao lưu dữ liệu."
        if result.second_problem:
            text += " " + result.second_problem
        self.window.statusBar().showMessage(text, 10_000)

    def _failed(self, exc: BaseException) -> None:
        self.last_problem = str(exc)
        log.warning("automatic backup failed: %s", exc)
        self.window.statusBar().showMessage(f"Chưa tự động sao lưu được: {exc}", 30_000)

    def at_close(self, workspace) -> None:
        """On the GUI thread, once the background work has ended: the backup of a closing window."""
        from app.errors import UserError
        from app.services.backups import backup_at_close

        self.timer.stop()
        self.first.stop()
        self.loader.cancel()
        if workspace is None:
            return
        # The window goes at once: a large database takes a while to copy and check, and a window that
        # stays on screen without answering looks frozen.
        self.window.hide()
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        try:
            backup_at_close(workspace.db)
        except UserError as exc:  # a full disk, a damaged file: said in the log, the window still closes
            self.last_problem = str(exc)
            log.warning("backup at close failed: %s", exc)
        except Exception:  # a fault of the program must not keep the window open
            log.exception("backup at close failed")
