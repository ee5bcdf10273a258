"""What the signed-in account may not do is greyed in the window, with the reason in its tooltip.

    allow(workspace, add_person, self.add_button, self.import_button)     # a use case (the function)
    allow(workspace, Permission.EXPORT, self.export_button)               # or a permission

A denied action or widget stays disabled whatever the page does later (a page enables its actions as the
selection changes): the denial watches it and greys it again, and its tooltip says "Tài khoản của bạn không
có quyền …". Pages stay readable for every role; only what writes is greyed. The services refuse the write
all the same (app.domain.permissions): greying only spares the clerk a refusal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Permission, Principal, permission_of

DENIAL = "permissionDenial"  # the object name of the watcher a denied target holds


def denied_tip(permission: Permission) -> str:
    return f"Tài khoản của bạn không có quyền {permission.label}."


def principal_of(workspace_or_principal) -> Principal:
    """The principal itself, or the one a Workspace (or a ServiceContext) acts for."""
    if isinstance(workspace_or_principal, Principal):
        return workspace_or_principal
    ctx = getattr(workspace_or_principal, "ctx", workspace_or_principal)
    return ctx.principal


def may(workspace_or_principal, what: Permission | Callable | tuple) -> bool:
    return missing(workspace_or_principal, what) is None


class _Denial(QObject):
    """Held by a denied action or widget (its child): keeps it disabled, with the reason as its tooltip."""

    def __init__(self, target: QAction | QWidget, permission: Permission):
        super().__init__(target)
        self.setObjectName(DENIAL)
        self.permission = permission
        self.tip = target.toolTip()
        if isinstance(target, QAction):
            target.changed.connect(self.enforce)
        else:
            target.installEventFilter(self)
        self.enforce()

    def enforce(self) -> None:
        target = self.parent()
        if target is None:
            return
        if target.isEnabled():
            target.setEnabled(False)
        tip = denied_tip(self.permission)
        if target.toolTip() != tip:
            target.setToolTip(tip)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.EnabledChange, QEvent.Type.ToolTipChange):
            self.enforce()
        return False

    def lift(self) -> None:
        target = self.parent()
        if isinstance(target, QAction):
            target.changed.disconnect(self.enforce)
        else:
            target.removeEventFilter(self)
        self.setParent(None)
        target.setToolTip(self.tip)
        target.setEnabled(True)
        self.deleteLater()


def denial(target: QAction | QWidget) -> Permission | None:
    """The permission the signed-in account lacks for this target (None: it is not greyed for that)."""
    found = target.findChild(_Denial, DENIAL, Qt.FindChildOption.FindDirectChildrenOnly)
    return found.permission if found is not None else None


Needs = Permission | Callable | tuple  # a permission, a use case, or several that the action needs together


def missing(workspace_or_principal, what: Needs) -> Permission | None:
    """The first permission `what` needs that the principal lacks (None: it may)."""
    principal = principal_of(workspace_or_principal)
    for need in what if isinstance(what, tuple) else (what,):
        permission = permission_of(need)
        if not principal.may(permission):
            return permission
    return None


def allow(workspace_or_principal, what: Needs, *targets: QAction | QWidget | None) -> bool:
    """Grey `targets` (for good, with the reason as tooltip) if the principal may not do `what`; lift an
    earlier greying if it may. One call a target: `what` names everything the target needs (a tuple when it
    needs several: saving a draft and numbering it). Returns whether it may."""
    lacking = missing(workspace_or_principal, what)
    for target in targets:
        if target is None:
            continue
        for held in target.findChildren(_Denial, DENIAL, Qt.FindChildOption.FindDirectChildrenOnly):
            if held.permission is not lacking:
                held.lift()
        if lacking is not None and denial(target) is None:
            _Denial(target, lacking)
    return lacking is None
