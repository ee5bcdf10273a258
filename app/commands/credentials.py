"""Who runs a command: on a database that has accounts, every command signs in first.

    --user NAME  (or TDKT_USER)      the account
    TDKT_PASSWORD                    its password, or typed at a prompt: never an argument, which any user
                                     of the PC could read in the process list
    TDKT_NEW_PASSWORD                a new account's password (users add, users reset), or typed twice

A database with no account yet (one the command line itself creates and fills) runs commands as the program
itself; `python -m app users add` makes its first administrator.
"""

from __future__ import annotations

import getpass
import os
import sys

from app.errors import UserError
from app.services.accounts import has_accounts, sign_in
from app.services.context import ServiceContext
from database.engine import Database

USER_ENV, PASSWORD_ENV = "TDKT_USER", "TDKT_PASSWORD"
NEW_PASSWORD_ENV = "TDKT_NEW_PASSWORD"  # an account's new password (users add, users reset)


def read_secret(env: str, prompt: str) -> str | None:
    """A secret from the environment, else typed at the terminal (not echoed); None when neither can be."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if interactive():
        return getpass.getpass(prompt)
    return None


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_new_password(username: str) -> str:
    """The new password of `username`: TDKT_NEW_PASSWORD, else typed twice at the terminal."""
    value = os.environ.get(NEW_PASSWORD_ENV)
    if value is not None:
        return value
    if not interactive():
        raise UserError(
            f"Chưa có mật khẩu mới cho “{username}”: hãy đặt biến môi trường {NEW_PASSWORD_ENV}, hoặc chạy "
            "lệnh trong cửa sổ dòng lệnh để gõ mật khẩu."
        )
    return typed_twice(f"Mật khẩu mới của {username}: ")


def typed_twice(prompt: str) -> str:
    """A new password typed twice at the terminal (not echoed); UserError when the two differ."""
    first = getpass.getpass(prompt)
    if getpass.getpass("Gõ lại mật khẩu: ") != first:
        raise UserError("Hai lần gõ mật khẩu không giống nhau. Chưa có gì thay đổi.")
    return first


def command_context(db: Database, user: str | None) -> ServiceContext:
    """The context a command works in: the signed-in account's, or the program's on a database without
    accounts. UserError (exit 2) when credentials are missing or refused."""
    if not has_accounts(db):
        return ServiceContext(db, actor="cli")
    user = user or os.environ.get(USER_ENV)
    if not user:
        raise UserError(
            "Cơ sở dữ liệu này có tài khoản: hãy cho biết tên đăng nhập (--user TÊN hoặc biến môi trường "
            f"{USER_ENV}) và mật khẩu (biến môi trường {PASSWORD_ENV}, hoặc gõ khi được hỏi)."
        )
    password = read_secret(PASSWORD_ENV, f"Mật khẩu của {user}: ")
    if password is None:
        raise UserError(
            f"Chưa có mật khẩu của “{user}”: hãy đặt biến môi trường {PASSWORD_ENV}, hoặc chạy lệnh trong cửa sổ "
            "dòng lệnh để gõ mật khẩu."
        )
    signed = sign_in(db, user, password)
    if signed.must_change:
        raise UserError(f"{signed.reason} Hãy đăng nhập vào cửa sổ chương trình để đổi, rồi chạy lại lệnh.")
    return ServiceContext.signed_in(db, signed.principal)
