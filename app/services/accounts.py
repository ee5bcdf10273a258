"""Accounts and sign-in (QĐ 742/QĐ-BTTTT items 1.1–1.3, 4.1): scrypt hashes, the password policy, lock-out.

    has_accounts(db)                               # none yet: the first start creates the administrator
    create_first_admin(db, AccountData, password)  # only while there is no account
    sign_in(db, username, password) -> SignIn      # SignInRefused (Vietnamese) on any failure, logged
    change_password(db, username, old, new)        # the account's own change (forced at first sign-in)
    add_account / update_account / reset_password / set_account_active / unlock_account   # Quản trị

There is no default password anywhere: the first administrator chooses theirs, and a password an
administrator sets for someone else must be changed at that person's first sign-in. Every sign-in, failure,
lock-out and password change is an audit row; a hash never is (app.services.context masks it).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, Principal, roles_from_text, roles_text, use_case
from app.errors import UserError, ValidationError
from app.refusals import DatabaseDamaged, ReadOnlyDatabase
from app.services.audit import local_time_text, utc_now
from app.services.context import ServiceContext, record_bulk
from app.services.settings import read_setting, write_setting
from app.services.versions import bump, check_version
from app.settings import (
    IDLE_LOCK_MINUTES,
    LOCKOUT_ATTEMPTS,
    LOCKOUT_MINUTES,
    PASSWORD_CLASSES,
    PASSWORD_MAX_AGE_DAYS,
    PASSWORD_MIN_LENGTH,
)
from app.text import clean
from database.engine import Database
from database.enums import Role
from database.models import Account

log = logging.getLogger(__name__)

# scrypt's cost: 16 MiB of memory and about 50 ms a try on an office PC (hashlib.scrypt, RFC 7914).
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P, _KEY_BYTES = 2**14, 8, 1, 32


def hash_password(password: str) -> str:
    """`scrypt$N$r$p$salt$key` (base64): the parameters travel with the hash, so they can grow later."""
    salt = os.urandom(16)
    key = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=_KEY_BYTES
    )
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def password_matches(stored: str, password: str) -> bool:
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=256 * 1024 * 1024,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


# --- the policy ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 8
    classes: int = 3  # of four: upper case, lower case, digits, others
    max_age_days: int = 0  # 0: never expires
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    idle_lock_minutes: int = 15  # 0: the window never locks itself


_POLICY_SETTINGS = {
    "min_length": PASSWORD_MIN_LENGTH,
    "classes": PASSWORD_CLASSES,
    "max_age_days": PASSWORD_MAX_AGE_DAYS,
    "lockout_attempts": LOCKOUT_ATTEMPTS,
    "lockout_minutes": LOCKOUT_MINUTES,
    "idle_lock_minutes": IDLE_LOCK_MINUTES,
}


def _policy(s: Session) -> PasswordPolicy:
    return PasswordPolicy(**{name: read_setting(s, setting) for name, setting in _POLICY_SETTINGS.items()})


def read_policy(ctx: ServiceContext) -> PasswordPolicy:
    with ctx.read() as s:
        return _policy(s)


@use_case(Permission.ACCOUNTS, "đổi chính sách mật khẩu")
def save_policy(ctx: ServiceContext, policy: PasswordPolicy) -> None:
    if not 8 <= policy.min_length <= 128:
        raise ValidationError("Độ dài tối thiểu của mật khẩu phải từ 8 đến 128 ký tự.")
    if not 1 <= policy.classes <= 4:
        raise ValidationError("Số loại ký tự phải từ 1 đến 4.")
    if policy.max_age_days < 0 or policy.lockout_minutes < 1 or policy.idle_lock_minutes < 0:
        raise ValidationError("Số ngày, số phút không được âm; thời gian khóa tài khoản ít nhất 1 phút.")
    if not 3 <= policy.lockout_attempts <= 10:
        raise ValidationError("Số lần đăng nhập sai trước khi khóa phải từ 3 đến 10.")
    with ctx.write("Đổi chính sách mật khẩu, khóa tài khoản") as s:
        for name, setting in _POLICY_SETTINGS.items():
            write_setting(s, setting, getattr(policy, name))


def _classes(password: str) -> int:
    return sum(
        (
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


def policy_problems(password: str, policy: PasswordPolicy, username: str = "") -> list[str]:
    """What the password lacks, in Vietnamese (empty: it passes)."""
    problems = []
    if len(password) < policy.min_length:
        problems.append(f"cần ít nhất {policy.min_length} ký tự")
    if _classes(password) < policy.classes:
        problems.append(
            f"cần ít nhất {policy.classes} trong 4 loại ký tự: chữ hoa, chữ thường, chữ số, ký tự đặc biệt"
        )
    if username and username.casefold() in password.casefold():
        problems.append("không được chứa tên đăng nhập")
    return problems


def _check_new_password(s: Session, password: str, username: str) -> None:
    problems = policy_problems(password, _policy(s), username)
    if problems:
        raise ValidationError("Mật khẩu chưa đạt: " + "; ".join(problems) + ".")


# --- accounts --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountData:
    username: str
    full_name: str
    roles: frozenset[Role]


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    full_name: str
    roles: frozenset[Role]
    active: bool
    must_change: bool
    locked_until: dt.datetime | None  # UTC
    last_sign_in_at: dt.datetime | None  # UTC
    password_changed_at: dt.datetime  # UTC
    version: int = 1  # the account's, handed back to update_account (app.services.versions)

    @property
    def roles_label(self) -> str:
        return ", ".join(r.label for r in Role if r in self.roles)


def _row(a: Account) -> AccountRow:
    return AccountRow(
        a.id,
        a.username,
        a.full_name,
        roles_from_text(a.roles),
        a.active,
        a.must_change,
        a.locked_until,
        a.last_sign_in_at,
        a.password_changed_at,
        a.version,
    )


def username_key(username: str) -> str:
    return clean(username or "").casefold()


def _checked(data: AccountData) -> AccountData:
    username = username_key(data.username)
    if not username or len(username) > 60 or any(c.isspace() for c in username):
        raise ValidationError("Tên đăng nhập phải có từ 1 đến 60 ký tự, không có dấu cách.")
    full_name = clean(data.full_name or "")
    if not full_name:
        raise ValidationError("Hãy nhập họ và tên của người dùng tài khoản.")
    if not data.roles:
        raise ValidationError("Hãy chọn ít nhất một vai trò cho tài khoản.")
    return AccountData(username, full_name, frozenset(data.roles))


def has_accounts(db: Database) -> bool:
    """Whether anyone must sign in. A database from before accounts (not yet migrated, or a missing file a
    backup command is about to restore) has none."""
    try:
        with ServiceContext(db).read() as s:
            if not inspect(s.connection()).has_table(Account.__tablename__):
                return False
            return s.scalar(select(func.count()).select_from(Account)) > 0
    except SQLAlchemyError as exc:  # what a damaged file's pages give, whatever the driver calls it
        if db.read_only is not None and db.read_only.damaged:
            raise DatabaseDamaged(exc) from exc
        raise


def list_accounts(ctx: ServiceContext) -> list[AccountRow]:
    with ctx.read() as s:
        return [_row(a) for a in s.scalars(select(Account).order_by(Account.username))]


def _by_name(s: Session, username: str) -> Account | None:
    return s.scalar(select(Account).where(Account.username == username_key(username)))


def _new_account(s: Session, data: AccountData, password: str, must_change: bool) -> Account:
    if _by_name(s, data.username) is not None:
        raise ValidationError(f"Đã có tài khoản “{data.username}”. Hãy chọn tên đăng nhập khác.")
    _check_new_password(s, password, data.username)
    account = Account(
        username=data.username,
        full_name=data.full_name,
        roles=roles_text(data.roles),
        password_hash=hash_password(password),
        password_changed_at=utc_now(),
        must_change=must_change,
        failed_attempts=0,
        active=True,
    )
    s.add(account)
    s.flush()
    return account


FIRST_ADMIN_ROLES = frozenset({Role.ADMIN, Role.CLERK, Role.REGISTRAR})  # a one-clerk office works at once


def create_first_admin(db: Database, data: AccountData, password: str) -> Principal:
    """The first account of a database: an administrator (the clerk chose the password; nothing to change)."""
    data = _checked(data)
    if Role.ADMIN not in data.roles:
        raise ValidationError("Tài khoản đầu tiên phải có vai trò Quản trị.")
    with ServiceContext(db, actor=data.username).write("Tạo tài khoản quản trị đầu tiên") as s:
        if s.scalar(select(func.count()).select_from(Account)):
            raise UserError(
                "Cơ sở dữ liệu đã có tài khoản: hãy đăng nhập, hoặc nhờ người quản trị tạo tài khoản."
            )
        account = _new_account(s, data, password, must_change=False)
        return _principal(account)


@use_case(Permission.ACCOUNTS, "tạo tài khoản")
def add_account(ctx: ServiceContext, data: AccountData, password: str) -> int:
    """A new account; the password the administrator gives must be changed at its first sign-in."""
    data = _checked(data)
    with ctx.write(f"Tạo tài khoản “{data.username}”") as s:
        return _new_account(s, data, password, must_change=True).id


def _get(s: Session, account_id: int) -> Account:
    account = s.get(Account, account_id)
    if account is None:
        raise UserError(
            "Không tìm thấy tài khoản (có thể vừa bị người khác thay đổi). Hãy tải lại danh sách."
        )
    return account


def _keep_an_administrator(s: Session, account: Account, roles: frozenset[Role], active: bool) -> None:
    if Role.ADMIN in roles and active:
        return
    others = s.scalars(select(Account).where(Account.active.is_(True), Account.id != account.id))
    if not any(Role.ADMIN in roles_from_text(a.roles) for a in others):
        raise ValidationError(
            "Đây là tài khoản quản trị duy nhất còn hoạt động: không thể bỏ vai trò Quản trị hay vô hiệu hóa. "
            "Hãy cấp vai trò Quản trị cho một tài khoản khác trước."
        )


@use_case(Permission.ACCOUNTS, "sửa tài khoản")
def update_account(
    ctx: ServiceContext,
    account_id: int,
    full_name: str,
    roles: frozenset[Role],
    expected_version: int | None = None,
) -> None:
    """`expected_version`: the version the form loaded (StaleRecord if another administrator changed the
    account since; its own sign-ins do not count)."""
    with ctx.write("Sửa tài khoản") as s:
        account = _get(s, account_id)
        check_version(s, account, expected_version)
        bump(account)
        data = _checked(AccountData(account.username, full_name, frozenset(roles)))
        _keep_an_administrator(s, account, data.roles, account.active)
        account.full_name = data.full_name
        account.roles = roles_text(data.roles)


@use_case(Permission.ACCOUNTS, "vô hiệu hóa, kích hoạt tài khoản")
def set_account_active(ctx: ServiceContext, account_id: int, active: bool) -> None:
    """Deactivate (never delete: the account's history stays) or activate again."""
    with ctx.write("Kích hoạt tài khoản" if active else "Vô hiệu hóa tài khoản") as s:
        account = _get(s, account_id)
        _keep_an_administrator(s, account, roles_from_text(account.roles), active)
        account.active = active
        bump(account)


@use_case(Permission.ACCOUNTS, "đặt lại mật khẩu")
def reset_password(ctx: ServiceContext, account_id: int, password: str) -> None:
    """A new password from the administrator: unlocks the account; it must be changed at next sign-in."""
    with ctx.write("Đặt lại mật khẩu") as s:
        account = _get(s, account_id)
        _check_new_password(s, password, account.username)
        account.password_hash = hash_password(password)
        account.password_changed_at = utc_now()
        account.must_change = True
        account.failed_attempts = 0
        account.locked_until = None
        bump(account)


@use_case(Permission.ACCOUNTS, "mở khóa tài khoản")
def unlock_account(ctx: ServiceContext, account_id: int) -> None:
    with ctx.write("Mở khóa tài khoản") as s:
        account = _get(s, account_id)
        account.failed_attempts = 0
        account.locked_until = None
        bump(account)


# --- signing in ------------------------------------------------------------------------------------------


class SignInRefused(UserError):
    """The name, the password or the account's state refuses the sign-in; the attempt is logged."""

    blocked = False  # set by `unlock_window`: the account cannot be unlocked now (locked out, deactivated)


@dataclass(frozen=True)
class SignInRecord:
    """A sign-in checked but not yet written down (`sign_in(..., later=True)`): its bookkeeping, for
    `record_sign_in`. `seen`: the account's failure count and lock as the check read them."""

    account_id: int
    username: str
    at: dt.datetime  # UTC, when the password was checked
    seen: tuple[int, dt.datetime | None]
    action: str = "sign_in"


@dataclass(frozen=True)
class SignIn:
    principal: Principal
    must_change: bool  # set by an administrator, or expired under the policy: change before working
    reason: str = ""  # why it must change, in Vietnamese
    idle_lock_minutes: int = 15
    pending: SignInRecord | None = None  # the bookkeeping still to write (record_sign_in)


def _principal(account: Account) -> Principal:
    return Principal(account.username, roles_from_text(account.roles), account.id, account.full_name)


_WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def _accepts(account: Account | None, password: str, now: dt.datetime) -> bool:
    """The name, the password and the account's state let this sign-in through."""
    return (
        account is not None
        and (account.locked_until is None or account.locked_until <= now)
        and account.active
        and password_matches(account.password_hash, password)
    )


def sign_in(
    db: Database, username: str, password: str, action: str = "sign_in", later: bool = False
) -> SignIn:
    """Check the name and password; count failures and lock the account after too many. `action` names
    the audit row of a success ("unlock": the idle-locked window opened again). A database open read-only
    (a damaged file, another copy holding it) is checked all the same, without counting or logging.

    `later` (the window's sign-in): a success is only read, and its bookkeeping (the audit row, the time
    of the last sign-in, the failures forgotten) is handed back in `SignIn.pending` for `record_sign_in`,
    which the window queues on its writer: the window does not wait for the integrity check that every
    write waits for (app.startup's check behind the opening). A refusal is counted and logged at once."""
    name = username_key(username)[:60] or "(trống)"
    writable = db.read_only is None
    ctx = ServiceContext(db, actor=name)
    if later and writable:
        with ctx.read() as s:
            account = _by_name(s, name)
            now = utc_now()
            if _accepts(account, password, now):
                seen = (account.failed_attempts, account.locked_until)
                pending = SignInRecord(account.id, name, now, seen, action)
                return _signed_in(account, _policy(s), now, pending)
    with ctx.write() if writable else ctx.read() as s:
        s.info["bookkeeping"] = True  # counts and times: the row `log` writes says what happened
        policy = _policy(s)
        account = _by_name(s, name)
        now = utc_now()

        def log(what: str, summary: str) -> None:
            if writable:
                record_bulk(s, name, what, "account", summary, None, account.id if account else None)

        refused, result = None, None
        if account is None:
            log("sign_in_failed", "Đăng nhập sai: không có tài khoản này")
            refused = _WRONG
        elif account.locked_until is not None and account.locked_until > now:
            log("sign_in_failed", "Đăng nhập khi tài khoản đang bị khóa")
            refused = (
                f"Tài khoản “{name}” đang bị khóa vì đăng nhập sai nhiều lần, đến "
                f"{local_time_text(account.locked_until)}. Hãy đợi, hoặc nhờ người quản trị mở khóa."
            )
        elif not password_matches(account.password_hash, password):
            refused = _count_failure(account, policy, now, log) if writable else _WRONG
        elif not account.active:
            log("sign_in_failed", "Đăng nhập vào tài khoản đã bị vô hiệu hóa")
            refused = f"Tài khoản “{name}” đã bị vô hiệu hóa. Hãy liên hệ người quản trị."
        else:
            if writable:
                _note_success(account, now, (account.failed_attempts, account.locked_until))
            log(action, _success_text(action))
            result = _signed_in(account, policy, now)
    if refused is not None:
        raise SignInRefused(refused)  # after the commit: the failure and the count are kept
    return result


def _success_text(action: str) -> str:
    return "Mở khóa cửa sổ" if action == "unlock" else "Đăng nhập"


def _note_success(account: Account, at: dt.datetime, seen: tuple[int, dt.datetime | None]) -> None:
    """A success forgets the failures counted before it (those counted since the check, by another window,
    stand) and is the account's last sign-in."""
    if (account.failed_attempts, account.locked_until) == seen:
        account.failed_attempts = 0
        account.locked_until = None
    if account.last_sign_in_at is None or account.last_sign_in_at < at:
        account.last_sign_in_at = at


def record_sign_in(ctx: ServiceContext, pending: SignInRecord) -> bool:
    """Write down a sign-in `sign_in(..., later=True)` checked: its audit row, in the account's name, and
    the account's times. Like every write it waits for the integrity check's verdict first; a database that
    was found damaged meanwhile (or cannot be written) keeps nothing, as a sign-in on a read-only database:
    the program's log says so, and False is returned."""
    ctx = ServiceContext(ctx.db, actor=pending.username)  # the account's row, as sign_in writes it
    try:
        with ctx.write() as s:
            s.info["bookkeeping"] = True
            account = s.get(Account, pending.account_id)
            if account is not None:
                _note_success(account, pending.at, pending.seen)
            record_bulk(
                s,
                pending.username,
                pending.action,
                "account",
                _success_text(pending.action),
                None,
                pending.account_id,
            )
    except (DatabaseDamaged, ReadOnlyDatabase) as exc:
        log.warning("not in the audit trail: %s by %s (%s)", pending.action, pending.username, exc)
        return False
    return True


def sign_out(ctx: ServiceContext) -> None:
    """Đăng xuất, in the trail: who ended the session and when (the sign-in has its row too)."""
    ctx.log_event("sign_out", "account", "Đăng xuất", entity_id=ctx.principal.account_id)


def _count_failure(account: Account, policy: PasswordPolicy, now: dt.datetime, log) -> str:
    account.failed_attempts += 1
    left = policy.lockout_attempts - account.failed_attempts
    if left > 0:
        log("sign_in_failed", f"Đăng nhập sai mật khẩu (lần {account.failed_attempts})")
        return f"{_WRONG} Còn {left} lần thử trước khi tài khoản bị khóa."
    account.locked_until = now + dt.timedelta(minutes=policy.lockout_minutes)
    account.failed_attempts = 0
    log(
        "lock_out",
        f"Khóa tài khoản {policy.lockout_minutes} phút sau {policy.lockout_attempts} lần đăng nhập sai",
    )
    return (
        f"Sai mật khẩu {policy.lockout_attempts} lần liên tiếp: tài khoản “{account.username}” bị khóa "
        f"{policy.lockout_minutes} phút, đến {local_time_text(account.locked_until)}."
    )


def _signed_in(
    account: Account, policy: PasswordPolicy, now: dt.datetime, pending: SignInRecord | None = None
) -> SignIn:
    expired = (
        policy.max_age_days > 0
        and account.password_changed_at + dt.timedelta(days=policy.max_age_days) <= now
    )
    reason = ""
    if account.must_change:
        reason = "Mật khẩu này do người quản trị đặt: hãy đổi mật khẩu của riêng mình trước khi làm việc."
    elif expired:
        reason = f"Mật khẩu đã dùng quá {policy.max_age_days} ngày: hãy đổi mật khẩu mới."
    return SignIn(_principal(account), bool(reason), reason, policy.idle_lock_minutes, pending)


def change_password(db: Database, username: str, old: str, new: str) -> None:
    """The account's own change: the old password again, the new one to the policy and different."""
    name = username_key(username)
    with ServiceContext(db, actor=name).write("Đổi mật khẩu") as s:
        account = _by_name(s, name)
        if account is None or not account.active or not password_matches(account.password_hash, old):
            raise SignInRefused("Mật khẩu hiện tại không đúng. Chưa có gì thay đổi.")
        if old == new:
            raise ValidationError("Mật khẩu mới phải khác mật khẩu hiện tại.")
        _check_new_password(s, new, name)
        account.password_hash = hash_password(new)
        account.password_changed_at = utc_now()
        account.must_change = False


# --- the window's steps (ctx first, as its operations call them) ---------------------------------------


def create_first_admin_and_sign_in(ctx: ServiceContext, data: AccountData, password: str) -> SignIn:
    """The first administrator, signed in at once (the sign-in is an audit row like every other)."""
    create_first_admin(ctx.db, data, password)
    return sign_in(ctx.db, data.username, password)


def change_own_password(ctx: ServiceContext, username: str, old: str, new: str) -> None:
    change_password(ctx.db, username, old, new)


def unlock_window(db: Database, username: str, password: str) -> SignIn:
    """The idle-locked window's password, checked as a sign-in ("unlock" in the audit). A refusal tells
    whether the account can still be unlocked there (`blocked`: locked out, or deactivated meanwhile)."""
    try:
        return sign_in(db, username, password, action="unlock")
    except SignInRefused as exc:
        with ServiceContext(db).read() as s:
            account = _by_name(s, username)
            exc.blocked = (
                account is None
                or not account.active
                or (account.locked_until is not None and account.locked_until > utc_now())
            )
        raise
