"""`python -m app users add|list|reset|disable|enable`: accounts from the command line.

    users add NAME --full-name "Nguyễn Văn An" --roles QUAN_TRI,CHUYEN_VIEN   # codes or labels ("Văn thư")
    users list [--json]
    users reset NAME                    # a new password, to be changed at the next sign-in
    users disable NAME / users enable NAME

A new password comes from TDKT_NEW_PASSWORD or is typed twice at a prompt; never an argument. On a database
with no account yet, `users add` makes the first administrator (it must hold Quản trị); afterwards every
`users` command needs an account that may manage accounts (--user / TDKT_USER, TDKT_PASSWORD).
"""

from __future__ import annotations

from app.commands import print_json
from app.commands.credentials import read_new_password
from app.domain.permissions import Permission
from app.errors import UserError
from app.services.accounts import (
    AccountData,
    AccountRow,
    add_account,
    create_first_admin,
    has_accounts,
    list_accounts,
    local_time_text,
    reset_password,
    set_account_active,
    username_key,
)
from app.services.audit import utc_now
from app.services.context import ServiceContext
from app.text import fold
from database.enums import Role


def parse_roles(text: str) -> frozenset[Role]:
    """ "QUAN_TRI,Chuyên viên TĐKT": codes or Vietnamese labels, with or without marks, any case."""
    known = {}
    for role in Role:
        known[fold(role.value)] = role
        known[fold(role.label)] = role
    roles, unknown = set(), []
    for part in (p.strip() for p in (text or "").split(",")):
        if not part:
            continue
        role = known.get(fold(part)) or known.get(fold(part.replace(" ", "_")))
        if role is None:
            unknown.append(part)
        else:
            roles.add(role)
    if unknown or not roles:
        choices = "; ".join(f"{r.value} ({r.label})" for r in Role)
        what = f"Không hiểu vai trò: {', '.join(unknown)}. " if unknown else "Chưa có vai trò nào. "
        raise UserError(f"{what}Các vai trò: {choices}; nhiều vai trò cách nhau bằng dấu phẩy.")
    return frozenset(roles)


def _status(row: AccountRow) -> str:
    if not row.active:
        return "đã vô hiệu hóa"
    if row.locked_until is not None and row.locked_until > utc_now():
        return f"bị khóa đến {local_time_text(row.locked_until)}"
    if row.must_change:
        return "phải đổi mật khẩu"
    return "đang hoạt động"


def _account(ctx: ServiceContext, name: str) -> AccountRow:
    key = username_key(name)
    found = next((a for a in list_accounts(ctx) if a.username == key), None)
    if found is None:
        raise UserError(f"Không có tài khoản “{name}”. Xem danh sách: python -m app users list.")
    return found


def _add(ctx: ServiceContext, args) -> int:
    data = AccountData(args.name, args.full_name, parse_roles(args.roles))
    if not has_accounts(ctx.db):
        password = read_new_password(args.name)
        made = create_first_admin(ctx.db, data, password)
        print(f"Đã tạo tài khoản quản trị đầu tiên “{made.username}” ({_labels(made.roles)}).")
        return 0
    ctx.require(Permission.ACCOUNTS, "tạo tài khoản")  # before asking for a password it could not use
    add_account(ctx, data, read_new_password(args.name))
    print(
        f"Đã tạo tài khoản “{username_key(args.name)}” ({_labels(data.roles)}); "
        "người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên."
    )
    return 0


def _labels(roles) -> str:
    return ", ".join(r.label for r in Role if r in roles)


def _list(ctx: ServiceContext, args) -> int:
    ctx.require(Permission.ACCOUNTS, "xem danh sách tài khoản")
    rows = list_accounts(ctx)
    last = {r.id: local_time_text(r.last_sign_in_at) if r.last_sign_in_at else None for r in rows}
    if args.json:
        listed = [
            {
                "username": r.username,
                "full_name": r.full_name,
                "roles": [role.value for role in Role if role in r.roles],
                "roles_label": r.roles_label,
                "active": r.active,
                "status": _status(r),
                "last_sign_in": last[r.id],
            }
            for r in rows
        ]
        print_json(listed)
        return 0
    if not rows:
        print("Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên: python -m app users add TÊN …")
    for r in rows:
        print(
            f"{r.username}\t{r.full_name}\t{r.roles_label}\t{_status(r)}\t"
            f"đăng nhập lần cuối: {last[r.id] or 'chưa lần nào'}"
        )
    return 0


def _reset(ctx: ServiceContext, args) -> int:
    ctx.require(Permission.ACCOUNTS, "đặt lại mật khẩu")
    account = _account(ctx, args.name)
    reset_password(ctx, account.id, read_new_password(account.username))
    print(f"Đã đặt lại mật khẩu của “{account.username}”; người dùng phải đổi ở lần đăng nhập tới.")
    return 0


def _set_active(ctx: ServiceContext, args, active: bool) -> int:
    ctx.require(Permission.ACCOUNTS, "kích hoạt tài khoản" if active else "vô hiệu hóa tài khoản")
    account = _account(ctx, args.name)
    set_account_active(ctx, account.id, active)
    print(f"Đã {'kích hoạt lại' if active else 'vô hiệu hóa'} tài khoản “{account.username}”.")
    return 0


def run_users(ctx: ServiceContext, args) -> int:
    if args.action == "add":
        return _add(ctx, args)
    if args.action == "list":
        return _list(ctx, args)
    if args.action == "reset":
        return _reset(ctx, args)
    return _set_active(ctx, args, args.action == "enable")
