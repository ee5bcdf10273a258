"""`python -m app demo [--small | --scale N] [--seed N] [--admin-password P]`: a demo province and its account `admin`."""

from __future__ import annotations

from app.commands.credentials import command_context
from app.demo import DEMO_USER, build_demo, create_demo_admin
from app.demo.account import check_demo_password
from app.domain.permissions import Permission
from app.services.accounts import has_accounts
from database.engine import Database


def run_demo(db: Database, args) -> int:
    """On a database that already has accounts: sign in, and no account is made or changed."""
    with_accounts = has_accounts(db)
    if with_accounts:
        command_context(db, args.user).require(Permission.DESK, "tạo dữ liệu mẫu")
    elif args.admin_password is not None:
        check_demo_password(db, args.admin_password)
    stats = build_demo(db, small=args.small, seed=args.seed, progress=print, staff=args.scale)
    print(stats.describe())
    if with_accounts:
        print("Cơ sở dữ liệu đã có tài khoản: không tạo tài khoản mẫu.")
        return 0
    password = create_demo_admin(db, args.admin_password)
    if password is None:  # another program made the first account meanwhile
        print("Cơ sở dữ liệu đã có tài khoản: không tạo tài khoản mẫu.")
    elif args.admin_password is not None:
        print(f"Tài khoản: {DEMO_USER} / mật khẩu: như đã cho trong --admin-password")
    else:
        print(f"Tài khoản: {DEMO_USER} / mật khẩu: {password}")
        print("Hãy ghi lại mật khẩu này: nó chỉ được in một lần.")
    return 0
