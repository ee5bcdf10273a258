"""Who may do what: roles, their permissions, and the use cases that need them.

    @use_case(Permission.DESK)
    def update_person(ctx, ...):          # refused with PermissionDenied before anything is read or written
        with ctx.write("…") as s: ...     # a write outside a use case is a fault of the program

Every write the services offer is a use case; the decorator registers it in USE_CASES, so a test can run
each under every role against the matrix kept as data (tests/data/permission_matrix.csv). Reading is open
to every signed-in account; what a role may change is ROLE_PERMISSIONS below. The window hides or greys what
the signed-in account may not do (`Principal.may`), but the services are the guard.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from app.errors import UserError
from database.enums import Role


class Permission(StrEnum):
    ACCOUNTS = "accounts"  # accounts, password policy, idle lock
    SETTINGS = "settings"  # agency, signers, parameters, layouts, package signing keys
    CATALOGUE = "catalogue"  # award types, base salaries, legal bases
    BACKUPS = "backups"  # back up now, restore, retention
    DESK = "desk"  # the desk's work: units, staff, campaigns, registrations, nominations, decisions' drafts
    REGISTER = "register"  # the registers: numbering, issuing, voiding, signed scans; incoming documents
    APPROVE = "approve"  # a leader's sign-off on a draft, where the office asks for one
    AUDIT = "audit"  # read the audit trail
    EXPORT = "export"  # personal data leaving the office: staff lists, packages

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Permission.ACCOUNTS: "quản lý tài khoản",
    Permission.SETTINGS: "thay đổi cài đặt của cơ quan",
    Permission.CATALOGUE: "sửa danh mục khen thưởng, lương cơ sở, căn cứ pháp lý",
    Permission.BACKUPS: "sao lưu, khôi phục dữ liệu",
    Permission.DESK: "thay đổi dữ liệu thi đua, khen thưởng",
    Permission.REGISTER: "vào sổ, cấp số, hủy số văn bản đi",
    Permission.APPROVE: "duyệt văn bản trình ký",
    Permission.AUDIT: "xem nhật ký hệ thống",
    Permission.EXPORT: "xuất dữ liệu cá nhân ra ngoài",
}

# The matrix, as data: least privilege. An account may hold several roles (a one-clerk office: the desk's
# and the register's); the administrator administers and does not, by that role, do the desk's work.
ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {Permission.ACCOUNTS, Permission.SETTINGS, Permission.CATALOGUE, Permission.BACKUPS, Permission.AUDIT}
    ),
    Role.CLERK: frozenset({Permission.DESK, Permission.EXPORT}),
    Role.REGISTRAR: frozenset({Permission.REGISTER}),
    Role.LEADER: frozenset({Permission.APPROVE, Permission.AUDIT, Permission.EXPORT}),
    Role.VIEWER: frozenset(),
}


class PermissionDenied(UserError):
    """The signed-in account's roles do not allow this; nothing was changed."""

    def __init__(self, principal: Principal, permission: Permission, what: str = ""):
        roles = ", ".join(r.label for r in principal.sorted_roles) or "không có vai trò"
        doing = f" ({what})" if what else ""
        super().__init__(
            f"Tài khoản “{principal.username}” ({roles}) không có quyền {permission.label}{doing}. "
            "Chưa có gì thay đổi; nếu cần, hãy nhờ người quản trị cấp quyền."
        )
        self.principal = principal
        self.permission = permission
        self.what = what


@dataclass(frozen=True)
class Principal:
    """Who acts: a signed-in account, or the program itself (`trusted`: start-up, the demo, a command on a
    database that has no account yet)."""

    username: str
    roles: frozenset[Role] = frozenset()
    account_id: int | None = None
    full_name: str = ""
    trusted: bool = False

    @property
    def permissions(self) -> frozenset[Permission]:
        if self.trusted:
            return frozenset(Permission)
        return frozenset().union(*(ROLE_PERMISSIONS[r] for r in self.roles))

    def may(self, what: Permission | Callable) -> bool:
        """A permission, or a use case (the function itself): may this principal do it?"""
        return permission_of(what) in self.permissions

    @property
    def sorted_roles(self) -> list[Role]:
        return [r for r in Role if r in self.roles]


def permission_of(what: Permission | Callable) -> Permission:
    """The permission itself, or the one a use case (the decorated function) needs."""
    permission = what if isinstance(what, Permission) else getattr(what, "permission", None)
    if permission is None:
        raise TypeError(f"{what!r} is not a use case")
    return permission


def trusted(name: str) -> Principal:
    return Principal(name, trusted=True)


def roles_from_text(text: str | None) -> frozenset[Role]:
    """The stored roles ("QUAN_TRI,CHUYEN_VIEN"); codes this version does not know are dropped."""
    known = {r.value: r for r in Role}
    return frozenset(known[c] for c in (text or "").split(",") if c in known)


def roles_text(roles: Iterable[Role]) -> str:
    return ",".join(r.value for r in Role if r in set(roles))


# --- use cases ----------------------------------------------------------------------------------------

USE_CASES: dict[str, Callable] = {}  # "persons.update_person" -> the guarded function
_running: contextvars.ContextVar[Permission | None] = contextvars.ContextVar("use_case", default=None)

F = TypeVar("F", bound=Callable[..., Any])


def use_case(permission: Permission, what: str = "") -> Callable[[F], F]:
    """Mark a service function (ctx first) as a use case needing `permission`: checked before it runs."""

    def wrap(fn: F) -> F:
        name = f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"

        @functools.wraps(fn)
        def guarded(ctx, *args, **kwargs):
            ctx.require(permission, what, name)
            token = _running.set(permission)
            try:
                return fn(ctx, *args, **kwargs)
            finally:
                _running.reset(token)

        guarded.permission = permission  # type: ignore[attr-defined]
        guarded.use_case = name  # type: ignore[attr-defined]
        USE_CASES[name] = guarded
        return guarded  # type: ignore[return-value]

    return wrap


def running_use_case() -> Permission | None:
    """The permission of the use case running on this thread, if any (ServiceContext.write asks)."""
    return _running.get()
