"""The demo database's account: `admin`, with every role but Chỉ xem, so the demo opens straight into the
window (python -m app demo prints its password once)."""

from __future__ import annotations

import secrets

from app.errors import ValidationError
from app.services.accounts import (
    AccountData,
    create_first_admin,
    has_accounts,
    policy_problems,
    read_policy,
)
from app.services.context import ServiceContext
from database.engine import Database
from database.enums import Role

DEMO_USER = "admin"
DEMO_FULL_NAME = "Quản trị hệ thống"
DEMO_ROLES = frozenset({Role.ADMIN, Role.CLERK, Role.REGISTRAR, Role.LEADER})
# No look-alikes (0/O, 1/l/I): the clerk copies the password from the screen.
_ALPHABETS = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+=@")


def random_password(db: Database, length: int = 14) -> str:
    """A random password that passes the database's policy (every class of character, at least its length)."""
    policy = read_policy(ServiceContext(db))
    length = max(length, policy.min_length)
    pool = "".join(_ALPHABETS)
    while True:
        chars = [secrets.choice(a) for a in _ALPHABETS]
        chars += [secrets.choice(pool) for _ in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        if not policy_problems(password, policy, DEMO_USER):
            return password


def check_demo_password(db: Database, password: str) -> None:
    """Refuse (before the long build) a chosen password the policy would refuse."""
    problems = policy_problems(password, read_policy(ServiceContext(db)), DEMO_USER)
    if problems:
        raise ValidationError("Mật khẩu của tài khoản admin chưa đạt: cần " + "; ".join(problems) + ".")


def create_demo_admin(db: Database, password: str | None = None) -> str | None:
    """The account `admin` of a demo database, with `password` or a random one (returned); None, and no
    account touched, when the database already has accounts."""
    if has_accounts(db):
        return None
    password = password if password is not None else random_password(db)
    create_first_admin(db, AccountData(DEMO_USER, DEMO_FULL_NAME, DEMO_ROLES), password)
    return password
