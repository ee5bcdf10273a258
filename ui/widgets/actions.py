"""What a page's toolbar and its dialogs share: an action whose shortcut works anywhere on the page, and a
dialog opened over the window without blocking it.

    self.add_action = page_action(self, toolbar, "Thêm…", "Thêm … (Ctrl+N)", self.add, "Ctrl+N")
    open_window_modal(SomeDialog(...), lambda dialog: self.after_change(...))
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QToolBar, QWidget

from ui.guards import ActionGuard, hold


def page_action(
    page: QWidget,
    toolbar: QToolBar,
    text: str,
    tip: str,
    slot: Callable[[], object],
    shortcut: str | None = None,
    once: bool = False,
) -> QAction:
    """`once`: an action that creates something; a double-click or a second press runs it once
    (ui/guards.py)."""
    action = QAction(text, page)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    if shortcut:
        action.setShortcut(shortcut)
        # On the page itself too: the shortcut then works wherever the focus is on the page, not only
        # on the toolbar, and not on other pages.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        page.addAction(action)
    if once:
        action.guard = ActionGuard(action, slot)
        action.triggered.connect(action.guard)
    else:
        action.triggered.connect(slot)
    toolbar.addAction(action)
    return action


def open_window_modal(dialog: QDialog, accepted: Callable[[QDialog], object] | None = None) -> QDialog:
    """Show `dialog` over its window and return at once (events keep running); `accepted(dialog)` runs on
    OK, while the dialog still exists; it is deleted when it closes."""
    if accepted is not None:
        dialog.accepted.connect(lambda: accepted(dialog))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    hold(dialog, dialog.finished, dialog=True)  # a guarded action that opened it waits for it to close
    dialog.open()
    return dialog


def open_tracked(owner, dialog: QDialog, accepted: Callable[[QDialog], object] | None = None) -> QDialog:
    """open_window_modal, with `owner.active_dialog` pointing at the dialog while it is open (the page's
    shortcuts and its tests find it there)."""
    owner.active_dialog = dialog
    dialog.finished.connect(lambda _code: setattr(owner, "active_dialog", None))
    return open_window_modal(dialog, accepted)
