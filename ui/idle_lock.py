"""The window locks itself after the office's idle time (QĐ 742/QĐ-BTTTT item 4.1, a session timeout), and on
Tệp › Khóa màn hình (Ctrl+L).

    lock = IdleLock(window)
    lock.start(workspace)           # the account's idle time (SignIn.idle_lock_minutes; 0: never)
    lock.start(workspace, seconds=2)  # tests: seconds, not fifteen minutes
    lock.lock_now()

An application-wide event filter notes every key press, click, wheel turn and mouse move. When none came for
the idle time, every window of the program (the main window and each open form) is covered by a curtain and
a lock dialog asks for the account's password. Nothing is closed and nothing is hidden: the forms keep what
the clerk typed, and a write running in the background ends normally (the dialog is shown with `open()`, so
the event loop keeps delivering its result). A window that opens while locked (the message box of a write
that ended, a form a timer opened) is covered as it is shown, and the lock dialog is brought back in front of
it: the password is still what the keyboard reaches, and the window waits under its curtain, its answer not
taken, until the unlock. The password is checked by `sign_in(action="unlock")`: a
failure counts toward the lock-out like any other, and once the account is locked the dialog says until when
and offers only Thoát.
"""

from __future__ import annotations

import time
from html import escape

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


class Curtain(QWidget):
    """An opaque cover over one window while the program is locked: what the window shows stays under it."""

    def __init__(self, host: QWidget):
        super().__init__(host)
        self.setObjectName("lockCurtain")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("QWidget#lockCurtain { background: #dfe5ec; }")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        label = QLabel("Cửa sổ đã khóa")
        label.setObjectName("muted")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.cover()
        self.show()
        self.raise_()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())


class LockDialog(QDialog):
    """Cửa sổ đã khóa: the account, its password, Mở khóa and Thoát."""

    unlocked = Signal(object)  # the SignIn of the unlock
    quit_asked = Signal()

    def __init__(self, db, principal, minutes: float | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.principal = principal
        self.busy = False
        self.setWindowTitle("TĐKT – cửa sổ đã khóa")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        why = (
            f"Cửa sổ đã khóa vì không dùng trong {_minutes_text(minutes)}." if minutes else "Cửa sổ đã khóa."
        )
        self.why = QLabel(f"<b>{escape(why)}</b>")
        self.why.setWordWrap(True)
        who = escape(principal.full_name or principal.username)
        self.account = QLabel(f"Tài khoản: <b>{who}</b> ({escape(principal.username)})")
        note = QLabel("Các biểu mẫu đang mở vẫn giữ nguyên; nhập mật khẩu để làm việc tiếp.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Mật khẩu")
        self.password.setAccessibleName("Mật khẩu")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.password.textEdited.connect(self.error.clear)
        self.unlock_button = QPushButton("Mở khóa")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.quit_button = QPushButton("Thoát")
        self.quit_button.setAutoDefault(False)
        self.quit_button.setToolTip("Đóng chương trình (các biểu mẫu đang mở đóng lại, phần chưa lưu mất)")
        self.quit_button.clicked.connect(self.quit_asked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        for widget in (self.why, self.account, note, self.password, self.error):
            layout.addWidget(widget)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.unlock_button)
        bottom.addWidget(self.quit_button)
        layout.addLayout(bottom)
        self.setMinimumWidth(480)
        self.password.setFocus()

    def try_unlock(self) -> None:
        from app.services.accounts import unlock_window
        from ui.operations import QueryOp

        if self.busy or not self.unlock_button.isVisible():
            return
        self.busy = True
        self.unlock_button.setEnabled(False)
        self.error.clear()
        op = QueryOp(
            self,
            "Đang kiểm tra mật khẩu…",
            unlock_window,
            self.db,
            self.principal.username,
            self.password.text(),
        )
        op.success(self._unlocked).failure(self._refused).run()

    def _unlocked(self, signed) -> None:
        self.busy = False
        self.unlock_button.setEnabled(True)
        self.unlocked.emit(signed)

    def _refused(self, exc: BaseException) -> None:
        from ui.operations import error_text

        self.busy = False
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.error.setText(error_text(exc, "Chưa mở khóa được"))
        if getattr(exc, "blocked", False):  # nothing more to try here: only Thoát
            self.password.hide()
            self.unlock_button.hide()
            self.quit_button.setDefault(True)
            self.quit_button.setFocus()
        else:
            self.password.setFocus()

    def reject(self) -> None:
        """Esc and the window's close do nothing: only the password or Thoát end the lock."""

    def closeEvent(self, event) -> None:
        event.ignore()


def _minutes_text(minutes: float) -> str:
    if minutes >= 1:
        return f"{round(minutes)} phút"
    return f"{max(1, round(minutes * 60))} giây"


class IdleLock(QObject):
    """Watches the program's input and locks `window` (and every open form) when the clerk is away."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.workspace = None
        self.limit = 0.0  # seconds without input before the lock; 0: never
        self.last_input = time.monotonic()
        self.dialog: LockDialog | None = None
        self.curtains: list[Curtain] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._check)
        self._watching = False

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def start(self, workspace, seconds: float | None = None) -> None:
        """Lock after the workspace account's idle time (`seconds` instead, for tests). Only an account that
        signed in can unlock: for the program's own or nobody's context the lock stays off."""
        self.workspace = workspace
        if not workspace.signed_in:
            self.limit = 0.0
        else:
            self.limit = float(seconds) if seconds is not None else workspace.idle_lock_minutes * 60.0
        self.last_input = time.monotonic()
        self._watch(self.limit > 0)
        self._arm(self.limit)

    def stop(self) -> None:
        """Signed out or closing: no more locking (a lock shown is left to its dialog)."""
        self.timer.stop()
        self.limit = 0.0
        self._watch(False)

    def _watch(self, on: bool) -> None:
        """The filter sees every event of the program: it is installed only while it is needed (an idle time
        to count, or curtains to keep over windows that change size)."""
        if on and not self._watching:
            QApplication.instance().installEventFilter(self)
        elif not on and self._watching:
            QApplication.instance().removeEventFilter(self)
        self._watching = on

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in INPUT:
            self.last_input = time.monotonic()
        elif kind == QEvent.Type.Resize and self.curtains:
            for curtain in self.curtains:
                if shiboken6.isValid(curtain) and curtain.parentWidget() is watched:
                    curtain.cover()
        elif kind == QEvent.Type.Show and self.is_locked and self._to_cover(watched):
            self.curtains.append(Curtain(watched))
            QTimer.singleShot(0, self._lock_in_front)
        return False

    def _to_cover(self, widget) -> bool:
        """A window of the program shown while locked, other than the lock's own (its dialog, the change of
        password it asks), not covered yet."""
        if not isinstance(widget, QWidget) or not widget.isWindow() or not _coverable(widget):
            return False
        if self._asked_by_lock(widget):
            return False
        return not any(shiboken6.isValid(c) and c.parentWidget() is widget for c in self.curtains)

    def _lock_in_front(self) -> None:
        """The window the clerk answers while locked (the lock dialog, or the change of password it asked) in
        front again, and the newest modal window, so that a modal box opened since is the one blocked."""
        front = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible() and self._asked_by_lock(w)
            ),
            None,
        )
        if front is None or QApplication.activeModalWidget() is front:
            return
        front.hide()
        front.show()
        front.raise_()
        front.activateWindow()

    def _asked_by_lock(self, widget: QWidget) -> bool:
        """The lock dialog, or a window it opened (the change of password, its check's progress)."""
        owner = widget
        while owner is not None:
            if owner is self.dialog:
                return True
            owner = owner.parentWidget()
        return False

    def _arm(self, seconds: float) -> None:
        if self.limit > 0:
            self.timer.start(max(50, int(seconds * 1000)))
        else:
            self.timer.stop()

    def _check(self) -> None:
        if self.limit <= 0 or self.is_locked:
            return
        idle = time.monotonic() - self.last_input
        if idle >= self.limit:
            self.lock(self.limit / 60)
        else:
            self._arm(self.limit - idle)

    def lock_now(self) -> None:
        """Tệp › Khóa màn hình: lock at once (the clerk leaves the desk)."""
        if self.workspace is not None and self.workspace.signed_in and not self.is_locked:
            self.lock(None)

    def lock(self, minutes: float | None) -> None:
        app = QApplication.instance()
        for _ in range(10):  # an open menu or list would show above the curtain
            popup = app.activePopupWidget()
            if popup is None:
                break
            popup.close()
        self.curtains = [Curtain(w) for w in app.topLevelWidgets() if w.isVisible() and _coverable(w)]
        ws = self.workspace
        self.dialog = LockDialog(ws.db, ws.principal, minutes, self.window)
        self.dialog.unlocked.connect(self._unlocked)
        self.dialog.quit_asked.connect(self._quit)
        self._watch(True)
        self.dialog.open()
        self.locked.emit()

    def _unlocked(self, signed) -> None:
        """The password was right. What the account is now counts from here: roles an administrator changed
        meanwhile replace those the window signed in with, and a password the administrator reset must be
        changed before the curtains go (declining that is Thoát)."""
        from app.services.context import ServiceContext

        ws = self.workspace
        if signed.principal != ws.principal:
            ws.ctx = ServiceContext.signed_in(ws.db, signed.principal)
        if signed.must_change and ws.db.read_only is None:
            from ui.dialogs.sign_in import ChangePasswordDialog

            change = ChangePasswordDialog(ws, signed.principal, signed.reason, parent=self.dialog)
            change.setWindowModality(Qt.WindowModality.ApplicationModal)
            change.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            change.accepted.connect(self._open_again)
            change.rejected.connect(self._quit)
            self.dialog.hide()  # the change is asked instead; the curtains stay
            change.open()
            return
        self._open_again()

    def _open_again(self) -> None:
        self._end_lock()
        self.last_input = time.monotonic()
        self._watch(self.limit > 0)
        self._arm(self.limit)
        self.unlocked.emit()

    def _end_lock(self) -> None:
        for curtain in self.curtains:
            if shiboken6.isValid(curtain):
                curtain.hide()
                curtain.deleteLater()
        self.curtains = []
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            QDialog.done(dialog, QDialog.DialogCode.Accepted)
            dialog.deleteLater()

    def _quit(self) -> None:
        """Thoát: the forms close without asking (the clerk cannot answer for their content while locked),
        then the window closes and the program with it."""
        self.stop()
        for form in open_forms(self.window):
            if form is not self.dialog:
                form.done(QDialog.DialogCode.Rejected)
        self._end_lock()
        self.window.close()


def _coverable(window: QWidget) -> bool:
    """A window a curtain hides: not a menu or a tooltip (closed, or gone by themselves)."""
    return window.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)


def open_forms(window: QWidget) -> list[QDialog]:
    """The dialogs open over `window` (its own, its pages' and their forms'), newest last."""
    found = []
    for widget in QApplication.topLevelWidgets():
        if not isinstance(widget, QDialog) or not widget.isVisible():
            continue
        owner = widget.parentWidget()
        while owner is not None and owner is not window:
            owner = owner.parentWidget()
        if owner is window:
            found.append(widget)
    return found
