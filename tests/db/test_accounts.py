"""Accounts and sign-in (QĐ 742 items 1.1–1.3, lock-out): scrypt hashes, the policy, five failures lock the
account, a password the administrator sets must be changed, and every step is an audit row."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.domain.permissions import PermissionDenied, Principal
from app.errors import UserError, ValidationError
from app.services.accounts import (
    FIRST_ADMIN_ROLES,
    AccountData,
    PasswordPolicy,
    SignInRefused,
    add_account,
    change_password,
    create_first_admin,
    has_accounts,
    hash_password,
    list_accounts,
    password_matches,
    policy_problems,
    read_policy,
    reset_password,
    save_policy,
    set_account_active,
    sign_in,
    unlock_account,
    update_account,
)
from app.services.context import ServiceContext
from app.services.units import create_unit_under_department
from database.enums import Role
from database.models import Account, AuditEntry

ADMIN_PASSWORD = "Quan-tri#2026"


@pytest.fixture
def admin(db) -> ServiceContext:
    principal = create_first_admin(
        db, AccountData("QuanTri", "Nguyễn Văn Quản", FIRST_ADMIN_ROLES), ADMIN_PASSWORD
    )
    return ServiceContext.signed_in(db, principal)


def _audit(db, action: str) -> list[AuditEntry]:
    with ServiceContext(db).read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def _account(db, username: str) -> Account:
    with ServiceContext(db).read() as s:
        return s.scalar(select(Account).where(Account.username == username))


def test_hashes_are_salted_scrypt_and_never_the_password():
    first, second = hash_password("Mat-khau#1"), hash_password("Mat-khau#1")
    assert first.startswith("scrypt$") and first != second  # a salt of its own each time
    assert "Mat-khau#1" not in first
    assert password_matches(first, "Mat-khau#1") and password_matches(second, "Mat-khau#1")
    assert not password_matches(first, "Mat-khau#2")
    assert not password_matches("không phải mã băm", "Mat-khau#1")


def test_the_policy_asks_length_and_three_kinds_of_characters():
    policy = PasswordPolicy()
    assert policy_problems("Ab1!efgh", policy) == []
    assert policy_problems("abcdefgh", policy)  # one kind only
    assert policy_problems("Ab1!", policy)  # too short
    assert policy_problems("Admin#2026", policy, "admin")  # holds the user name
    assert policy_problems("Mật-khẩu-2026", policy) == []  # Vietnamese letters count as letters


def test_the_first_administrator_signs_in_and_nothing_else_is_created_that_way(db, admin):
    assert has_accounts(db)
    account = _account(db, "quantri")  # names are kept casefolded
    assert account.password_hash != ADMIN_PASSWORD and not account.must_change
    signed = sign_in(db, "QUANTRI", ADMIN_PASSWORD)
    assert signed.principal.username == "quantri" and Role.ADMIN in signed.principal.roles
    assert not signed.must_change
    assert _account(db, "quantri").last_sign_in_at is not None
    with pytest.raises(UserError):  # only while there is no account
        create_first_admin(db, AccountData("khac", "Người Khác", FIRST_ADMIN_ROLES), ADMIN_PASSWORD)
    with pytest.raises(ValidationError):
        create_first_admin(db, AccountData("khac", "Người Khác", frozenset({Role.CLERK})), ADMIN_PASSWORD)


def test_a_weak_first_password_is_refused(db):
    with pytest.raises(ValidationError, match="ít nhất 8 ký tự"):
        create_first_admin(db, AccountData("quantri", "Quản Trị", FIRST_ADMIN_ROLES), "Ab1!")
    assert not has_accounts(db)


def test_a_password_the_administrator_sets_must_be_changed(db, admin):
    add_account(admin, AccountData("hoa", "Trần Thị Hoa", frozenset({Role.CLERK})), "Tam-thoi#01")
    signed = sign_in(db, "hoa", "Tam-thoi#01")
    assert signed.must_change and "người quản trị" in signed.reason
    with pytest.raises(ValidationError):
        change_password(db, "hoa", "Tam-thoi#01", "Tam-thoi#01")  # the same again
    with pytest.raises(SignInRefused):
        change_password(db, "hoa", "sai", "Rieng-cua-Ban#9")
    change_password(db, "hoa", "Tam-thoi#01", "Rieng-cua-Ban#9")
    assert not sign_in(db, "hoa", "Rieng-cua-Ban#9").must_change
    with pytest.raises(SignInRefused):
        sign_in(db, "hoa", "Tam-thoi#01")


def test_five_failures_lock_the_account_and_the_lock_is_logged(db, admin):
    add_account(admin, AccountData("hoa", "Trần Thị Hoa", frozenset({Role.CLERK})), "Tam-thoi#01")
    for left in (4, 3, 2, 1):
        with pytest.raises(SignInRefused, match=f"Còn {left} lần thử"):
            sign_in(db, "hoa", "sai mật khẩu")
    with pytest.raises(SignInRefused, match="bị khóa 15 phút"):
        sign_in(db, "hoa", "sai mật khẩu")
    with pytest.raises(SignInRefused, match="đang bị khóa"):  # even the right password, while locked
        sign_in(db, "hoa", "Tam-thoi#01")
    assert [r.actor for r in _audit(db, "lock_out")] == ["hoa"]
    assert len(_audit(db, "sign_in_failed")) == 5
    locked = _account(db, "hoa").locked_until
    assert (
        dt.timedelta(minutes=14)
        < locked - dt.datetime.now(dt.UTC).replace(tzinfo=None)
        <= dt.timedelta(minutes=15)
    )
    # The time passes (moved back in the database), and the right password works again.
    with ServiceContext(db).write() as s:
        s.execute(
            update(Account)
            .where(Account.username == "hoa")
            .values(locked_until=locked - dt.timedelta(hours=1))
        )
    assert sign_in(db, "hoa", "Tam-thoi#01").principal.username == "hoa"


def test_the_administrator_unlocks_and_the_lock_time_is_a_setting(db, admin):
    policy = read_policy(admin)
    save_policy(admin, PasswordPolicy(**{**policy.__dict__, "lockout_attempts": 3, "lockout_minutes": 60}))
    add_account(admin, AccountData("hoa", "Trần Thị Hoa", frozenset({Role.CLERK})), "Tam-thoi#01")
    for _ in range(3):
        with pytest.raises(SignInRefused):
            sign_in(db, "hoa", "sai")
    assert _account(db, "hoa").locked_until is not None
    unlock_account(admin, _account(db, "hoa").id)
    assert sign_in(db, "hoa", "Tam-thoi#01").must_change


def test_an_unknown_name_and_a_wrong_password_read_the_same(db, admin):
    with pytest.raises(SignInRefused) as unknown:
        sign_in(db, "khong-co", "Quan-tri#2026")
    with pytest.raises(SignInRefused) as wrong:
        sign_in(db, "quantri", "sai")
    assert str(unknown.value).split(".")[0] == str(wrong.value).split(".")[0]


def test_an_expired_password_must_be_changed(db, admin):
    policy = read_policy(admin)
    save_policy(admin, PasswordPolicy(**{**policy.__dict__, "max_age_days": 90}))
    assert not sign_in(db, "quantri", ADMIN_PASSWORD).must_change
    with ServiceContext(db).write() as s:
        old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=91)
        s.execute(update(Account).values(password_changed_at=old))
    signed = sign_in(db, "quantri", ADMIN_PASSWORD)
    assert signed.must_change and "90 ngày" in signed.reason


def test_a_deactivated_account_stays_and_cannot_sign_in(db, admin):
    hoa = add_account(admin, AccountData("hoa", "Trần Thị Hoa", frozenset({Role.CLERK})), "Tam-thoi#01")
    set_account_active(admin, hoa, False)
    with pytest.raises(SignInRefused, match="vô hiệu hóa"):
        sign_in(db, "hoa", "Tam-thoi#01")
    assert [a.username for a in list_accounts(admin)] == ["hoa", "quantri"]
    set_account_active(admin, hoa, True)
    reset_password(admin, hoa, "Mat-khau-moi#2")
    assert sign_in(db, "hoa", "Mat-khau-moi#2").must_change


def test_the_last_administrator_cannot_be_removed(db, admin):
    me = _account(db, "quantri").id
    with pytest.raises(ValidationError, match="quản trị duy nhất"):
        set_account_active(admin, me, False)
    with pytest.raises(ValidationError, match="quản trị duy nhất"):
        update_account(admin, me, "Nguyễn Văn Quản", frozenset({Role.CLERK}))
    other = add_account(admin, AccountData("pho", "Lê Phó", frozenset({Role.ADMIN})), "Tam-thoi#01")
    update_account(admin, me, "Nguyễn Văn Quản", frozenset({Role.CLERK}))  # another administrator exists now
    assert _account(db, "pho").id == other


def test_only_an_administrator_manages_accounts(db, admin):
    hoa = add_account(admin, AccountData("hoa", "Trần Thị Hoa", frozenset({Role.CLERK})), "Tam-thoi#01")
    clerk = ServiceContext.signed_in(db, Principal("hoa", frozenset({Role.CLERK}), hoa))
    with pytest.raises(PermissionDenied, match="quản lý tài khoản"):
        add_account(clerk, AccountData("lan", "Lan", frozenset({Role.ADMIN})), "Tam-thoi#01")
    assert _account(db, "lan") is None
    denied = _audit(db, "deny")
    assert denied[-1].actor == "hoa" and denied[-1].after["use_case"] == "accounts.add_account"


def test_the_audit_names_the_account_and_never_holds_a_hash(db, admin):
    create_unit_under_department(admin, "Bệnh viện Nhi")
    with ServiceContext(db).read() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.entity.in_(("unit", "account")))))
    assert {r.actor for r in rows if r.entity == "unit"} == {"quantri"}
    for row in rows:
        for values in (row.before or {}, row.after or {}):
            assert not str(values.get("password_hash", "")).startswith("scrypt$")


def test_a_write_outside_a_use_case_is_a_fault(db, admin):
    with pytest.raises(RuntimeError, match="outside a use case"), admin.write("Ghi thẳng"):
        pass
