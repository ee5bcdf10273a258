"""What a page's toolbar and its dialogs share: an action whose shortcut works anywhere on the page, and a
dialog opened over the window without blocking it.

    self.add_action = page_action(self, toolbar, "Thêm…", "Thêm … (Ctrl+N)", self.add, "Ctrl+N")
    self.more_action = page_action(self, None, "Thêm theo mẫu…", "…", self.more, "Ctrl+Shift+N")
    menu_on_button(toolbar, self.add_action, self.add_action, self.more_action)  # "Thêm…" ▾
    open_window_modal(SomeDialog(...), lambda dialog: self.after_change(...))
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QToolBar, QToolButton, QWidget

from ui.guards import ActionGuard, hold


def page_action(
    page: QWidget,
    toolbar: QToolBar | None,
    text: str,
    tip: str,
    slot: Callable[[], object],
    shortcut: str | None = None,
    once: bool = False,
) -> QAction:
    """`once`: an action that creates something; a double-click or a second press runs it once
    (ui/guards.py). No `toolbar`: an action for a menu (menu_on_button)."""
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
    if toolbar is not None:
        toolbar.addAction(action)
    return action


def menu_on_button(toolbar: QToolBar, action: QAction, *items: QAction | None) -> QMenu:
    """The toolbar button of `action` opens a menu of `items` too (None: a separator), so that more can be
    done from the page without a wider toolbar; an item already on the toolbar leaves it (its shortcut stays
    on the page)."""
    menu = QMenu(toolbar)
    for item in items:
        if item is None:
            menu.addSeparator()
            continue
        if item is not action:
            toolbar.removeAction(item)
        menu.addAction(item)
    button = toolbar.widgetForAction(action)
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    return menu


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
