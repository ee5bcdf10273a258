"""The clerk at the account dialogs (ui/dialogs/sign_in.py), for the tests that open the window the program's
way: each dialog's `exec` is answered by typing into the real dialog and pressing its button.

    asked = answer(monkeypatch, qtbot, SignInDialog, sign_in_as("quantri", PASSWORD))
"""

from __future__ import annotations

from collections.abc import Callable

from app.services.accounts import AccountData, create_first_admin
from database.enums import Role
from tests.ui.keyboard import type_text

PASSWORD = "Thi-dua-2026"  # upper, lower, digits and a sign: the default policy's three of four classes
ADMIN = AccountData("quantri", "Nguyễn Văn An", frozenset({Role.ADMIN, Role.CLERK, Role.REGISTRAR}))


def make_admin(db, data: AccountData = ADMIN, password: str = PASSWORD):
    return create_first_admin(db, data, password)


def press(qtbot, dialog) -> None:
    """Press the dialog's main button and wait for its check (off the GUI thread) to end."""
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def answer(monkeypatch, qtbot, dialog_class, *steps: Callable) -> list:
    """Each time the dialog is asked, the next step fills it in; a dialog still open after its step is closed
    as the clerk would (Thoát). Returns the dialogs asked."""
    asked = []
    pending = list(steps)

    def exec_(dialog):
        asked.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if pending:
            pending.pop(0)(qtbot, dialog)
        if dialog.isVisible():
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return asked


def give_up(_qtbot, dialog) -> None:
    """Thoát at once."""


def sign_in_as(username: str, password: str = PASSWORD):
    def step(qtbot, dialog) -> None:
        dialog.username.clear()
        type_text(qtbot, dialog.username, username)
        type_text(qtbot, dialog.password, password)
        press(qtbot, dialog)

    return step


def create_admin(username: str = "quantri", full_name: str = "Nguyễn Văn An", password: str = PASSWORD):
    def step(qtbot, dialog) -> None:
        type_text(qtbot, dialog.username, username)
        type_text(qtbot, dialog.full_name, full_name)
        type_text(qtbot, dialog.password.first, password)
        type_text(qtbot, dialog.password.second, password)
        press(qtbot, dialog)

    return step


def change_to(old: str, new: str):
    def step(qtbot, dialog) -> None:
        for field in (dialog.old, dialog.password.first, dialog.password.second):
            field.clear()
        type_text(qtbot, dialog.old, old)
        type_text(qtbot, dialog.password.first, new)
        type_text(qtbot, dialog.password.second, new)
        press(qtbot, dialog)

    return step
