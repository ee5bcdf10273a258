"""One trigger, one piece of work: an action that creates something cannot run twice from a double-click.

    action = page_action(page, toolbar, "Sao chép sang năm…", tip, page.copy_to_next_year, once=True)
    button.clicked.connect(ActionGuard(button, slot))  # a push button (ui/pages/clusters/parts.py)

A guarded action, once triggered, refuses the next triggers until (a) the work its slot started has ended
— every `Operation` run and every window-modal dialog opened while the slot ran — and (b), unless the slot
opened a dialog (which takes the second click itself), the double-click interval has passed since the
trigger. So the second click of a double-click, or a key pressed twice, never starts a second write, even
when the first one ended at once and the page already shows the year it created (the copy of the clusters
then went on to the year after).

The work registers itself: `ui.operations.Operation.run` and `ui.widgets.actions.open_window_modal` call
`hold(...)`, which ties the object to the guard whose slot is running, if any.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

_current: list[ActionGuard] = []


class ActionGuard(QObject):
    """Wraps one slot; see the module's docstring."""

    def __init__(self, owner: QObject, slot: Callable[..., object]):
        super().__init__(owner)
        self.slot = slot
        self.working: set[int] = set()  # ids of the operations and dialogs still running
        self.last_trigger = float("-inf")

    @property
    def busy(self) -> bool:
        interval = QApplication.doubleClickInterval() / 1000
        return bool(self.working) or time.monotonic() - self.last_trigger < interval

    def __call__(self, *_checked) -> object:
        if self.busy:
            return None
        self.last_trigger = time.monotonic()
        _current.append(self)
        try:
            return self.slot()
        finally:
            _current.pop()

    def _hold(self, obj: QObject, ended, dialog: bool) -> None:
        if dialog:
            # The dialog is window-modal: it takes the second click itself, and once it is closed the
            # clerk may well want the action again at once (a second phase after the first).
            self.last_trigger = float("-inf")
        key = id(obj)
        self.working.add(key)

        def release(*_args) -> None:
            self.working.discard(key)

        for signal in ended:
            signal.connect(release)
        obj.destroyed.connect(release)


def hold(obj: QObject, *ended, dialog: bool = False) -> None:
    """Tie `obj` (an operation or a dialog just started) to the guarded action whose slot is running: the
    action stays refused until one of the `ended` signals fires or `obj` is destroyed."""
    if _current:
        _current[-1]._hold(obj, ended, dialog)
