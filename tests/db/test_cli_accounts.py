"""The command line on a database with accounts: credentials from the environment, refusals (exit 2, in
Vietnamese), `users add|list|reset|disable|enable`, package passwords, and the demo's account."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.services.accounts import AccountData, add_account, change_password, create_first_admin, sign_in
from app.services.context import ServiceContext
from database.enums import Role
from database.models import Account, AuditEntry

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
ADMIN, ADMIN_PASSWORD = "quantri", "Quan#Tri2026"
VIEWER, VIEWER_PASSWORD = "xem", "Chi#Doc2026"
ENV = ("TDKT_USER", "TDKT_PASSWORD", "TDKT_NEW_PASSWORD", "TDKT_PACKAGE_PASSWORD")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.stdin", None)  # no terminal: nothing may be asked for


def url_of(db) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def cli(db, *args) -> int:
    return main(["--db-url", url_of(db), *args])


def as_user(monkeypatch, name: str, password: str) -> None:
    monkeypatch.setenv("TDKT_USER", name)
    monkeypatch.setenv("TDKT_PASSWORD", password)


@pytest.fixture
def accounts(db):
    """An administrator who also does the desk's work, and a read-only account that has changed the
    password the administrator gave it."""
    create_first_admin(
        db, AccountData(ADMIN, "Nguyễn Quản Trị", frozenset({Role.ADMIN, Role.CLERK})), ADMIN_PASSWORD
    )
    add_account(
        ServiceContext(db), AccountData(VIEWER, "Lê Chỉ Xem", frozenset({Role.VIEWER})), "Tam#Thoi2026"
    )
    change_password(db, VIEWER, "Tam#Thoi2026", VIEWER_PASSWORD)
    return db


def audit_rows(db, **where) -> list[AuditEntry]:
    with ServiceContext(db).read() as s:
        query = select(AuditEntry).order_by(AuditEntry.id)
        for key, value in where.items():
            query = query.where(getattr(AuditEntry, key) == value)
        return list(s.scalars(query))


def import_staff(db, *extra) -> int:
    roster = str(SAMPLES / "roster_tcvn3.xlsx")
    return cli(db, "import", "staff", roster, "--unit", "Bệnh viện Đa khoa tỉnh", "--create-unit", *extra)


def test_credentials_from_the_environment_and_the_audit_who_is_the_account(accounts, monkeypatch, capsys):
    as_user(monkeypatch, ADMIN, ADMIN_PASSWORD)
    assert import_staff(accounts, "--create-departments") == 0, capsys.readouterr().err
    [imported] = audit_rows(accounts, action="import")
    assert imported.actor == ADMIN and "25" in imported.summary
    assert {r.actor for r in audit_rows(accounts, entity="unit", action="create")} == {ADMIN}
    assert [r.actor for r in audit_rows(accounts, action="sign_in")] == [ADMIN]


def test_without_credentials_a_command_is_refused(accounts, capsys):
    assert cli(accounts, "users", "list") == 2
    err = capsys.readouterr().err
    assert "Cơ sở dữ liệu này có tài khoản" in err and "TDKT_USER" in err


def test_a_user_without_a_password_is_refused(accounts, monkeypatch, capsys):
    monkeypatch.setenv("TDKT_USER", ADMIN)
    assert cli(accounts, "users", "list") == 2
    assert "TDKT_PASSWORD" in capsys.readouterr().err


def test_a_wrong_password_is_refused_and_logged(accounts, monkeypatch, capsys):
    as_user(monkeypatch, ADMIN, "Sai#MatKhau1")
    assert cli(accounts, "users", "list") == 2
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in capsys.readouterr().err
    assert [r.actor for r in audit_rows(accounts, action="sign_in_failed")] == [ADMIN]


def test_a_read_only_account_may_not_import_staff(accounts, monkeypatch, capsys):
    as_user(monkeypatch, VIEWER, VIEWER_PASSWORD)
    assert import_staff(accounts, "--create-departments") == 2
    err = capsys.readouterr().err
    assert f"Tài khoản “{VIEWER}” (Chỉ xem) không có quyền" in err and "Chưa có gì thay đổi" in err
    assert not audit_rows(accounts, action="import") and not audit_rows(accounts, entity="unit")
    assert [r.actor for r in audit_rows(accounts, action="deny")] == [VIEWER]


def test_a_read_only_account_may_not_manage_accounts(accounts, monkeypatch, capsys):
    as_user(monkeypatch, VIEWER, VIEWER_PASSWORD)
    monkeypatch.setenv("TDKT_NEW_PASSWORD", "Moi#Matkhau26")
    assert cli(accounts, "users", "add", "lan", "--full-name", "Lan", "--roles", "QUAN_TRI") == 2
    assert cli(accounts, "users", "list") == 2
    assert cli(accounts, "users", "disable", ADMIN) == 2
    assert capsys.readouterr().err.count("không có quyền quản lý tài khoản") == 3


def test_users_on_a_new_database_then_with_credentials(db, monkeypatch, capsys):
    monkeypatch.setenv("TDKT_NEW_PASSWORD", "Mot#Hai3Bon")
    # the first account must administer
    assert cli(db, "users", "add", "an", "--full-name", "Trần An", "--roles", "Văn thư") == 2
    assert "phải có vai trò Quản trị" in capsys.readouterr().err
    assert (
        cli(db, "users", "add", "an", "--full-name", "Trần An", "--roles", "quan tri,Chuyên viên TĐKT") == 0
    )
    assert "tài khoản quản trị đầu tiên" in capsys.readouterr().out
    assert sign_in(db, "an", "Mot#Hai3Bon").must_change is False  # the clerk chose it

    # from now on every users command signs in
    assert cli(db, "users", "add", "binh", "--full-name", "Lê Bình", "--roles", "VAN_THU") == 2
    capsys.readouterr()
    as_user(monkeypatch, "an", "Mot#Hai3Bon")
    monkeypatch.setenv("TDKT_NEW_PASSWORD", "Moi#Cap2026")
    assert cli(db, "users", "add", "binh", "--full-name", "Lê Bình", "--roles", "VAN_THU,lãnh đạo") == 0
    assert "phải đổi mật khẩu" in capsys.readouterr().out
    assert cli(db, "users", "list", "--json") == 0
    listed = {a["username"]: a for a in json.loads(capsys.readouterr().out)}
    assert listed["an"]["roles"] == ["QUAN_TRI", "CHUYEN_VIEN"] and listed["an"]["full_name"] == "Trần An"
    assert re.fullmatch(r"\d\d:\d\d ngày \d\d/\d\d/\d{4}", listed["an"]["last_sign_in"])
    assert listed["binh"]["roles_label"] == "Văn thư, Lãnh đạo" and listed["binh"]["last_sign_in"] is None
    assert listed["binh"]["status"] == "phải đổi mật khẩu"
    assert {r.actor for r in audit_rows(db, entity="account", action="create")} == {"an"}

    assert cli(db, "users", "disable", "binh") == 0
    assert cli(db, "users", "list") == 0
    out = capsys.readouterr().out
    assert "binh\tLê Bình\tVăn thư, Lãnh đạo\tđã vô hiệu hóa\tđăng nhập lần cuối: chưa lần nào" in out
    assert cli(db, "users", "disable", "an") == 2  # the only administrator stays
    assert "quản trị duy nhất" in capsys.readouterr().err
    assert cli(db, "users", "enable", "binh") == 0
    monkeypatch.setenv("TDKT_NEW_PASSWORD", "Lai#Dat2026x")
    assert cli(db, "users", "reset", "binh") == 0
    signed = sign_in(db, "binh", "Lai#Dat2026x")
    assert signed.must_change and signed.principal.roles == {Role.REGISTRAR, Role.LEADER}
    assert cli(db, "users", "reset", "khong-co") == 2
    assert "Không có tài khoản “khong-co”" in capsys.readouterr().err


def test_a_new_password_is_never_taken_from_nowhere(db, capsys):
    assert cli(db, "users", "add", "an", "--full-name", "Trần An", "--roles", "QUAN_TRI") == 2
    assert "TDKT_NEW_PASSWORD" in capsys.readouterr().err
    with ServiceContext(db).read() as s:
        assert s.scalar(select(Account.id)) is None


def test_unknown_roles_are_named(db, monkeypatch, capsys):
    monkeypatch.setenv("TDKT_NEW_PASSWORD", "Mot#Hai3Bon")
    assert cli(db, "users", "add", "an", "--full-name", "An", "--roles", "QUAN_TRI,thu quy") == 2
    assert "Không hiểu vai trò: thu quy" in capsys.readouterr().err


# --- packages -------------------------------------------------------------------------------------------------


def export(db, out: Path, *extra) -> int:
    return cli(db, "export", "package", "--year", "2024", "--out", str(out), *extra)


def test_a_package_export_needs_a_password_or_an_audited_no(db, tmp_path, monkeypatch, capsys):
    assert export(db, tmp_path / "a.zip") == 2  # no terminal, no TDKT_PACKAGE_PASSWORD
    assert "--no-password" in capsys.readouterr().err and not (tmp_path / "a.zip").exists()

    assert export(db, tmp_path / "b.zip", "--no-password") == 0
    assert "không có mật khẩu" in capsys.readouterr().out
    [row] = audit_rows(db, action="export", entity="package")
    assert (
        row.after["encrypted"] is False
        and Path(row.after["target"]).resolve() == (tmp_path / "b.zip").resolve()
    )
    assert row.actor == "cli" and "people" in row.after

    monkeypatch.setenv("TDKT_PACKAGE_PASSWORD", "Goi#2024")
    assert export(db, tmp_path / "c.zip") == 0
    assert "--password" not in capsys.readouterr().err
    rows = audit_rows(db, action="export", entity="package")  # every export is recorded, encrypted or not
    assert [r.after["encrypted"] for r in rows] == [False, True]
    monkeypatch.delenv("TDKT_PACKAGE_PASSWORD")
    assert cli(db, "import", "package", str(tmp_path / "c.zip"), "--dry-run") == 2
    assert "Gói này có mật khẩu" in capsys.readouterr().err
    monkeypatch.setenv("TDKT_PACKAGE_PASSWORD", "Goi#2024")
    assert cli(db, "import", "package", str(tmp_path / "c.zip"), "--dry-run") == 0
    assert "Sẽ nhập" in capsys.readouterr().out
    assert export(db, tmp_path / "d.zip", "--no-password") == 2  # both: which one is meant?
    assert "chọn một trong hai" in capsys.readouterr().err
    assert export(db, tmp_path / "thu-muc") == 2  # a folder cannot hold the password
    assert "Chỉ tệp .zip mới đặt được mật khẩu" in capsys.readouterr().err
    monkeypatch.delenv("TDKT_PACKAGE_PASSWORD")
    assert export(db, tmp_path / "thu-muc", "--no-password") == 0
    assert [r.after["encrypted"] for r in audit_rows(db, action="export", entity="package")] == [
        False,
        True,
        False,
    ]


def test_the_old_password_flag_still_works_and_warns(db, tmp_path, capsys):
    assert export(db, tmp_path / "p.zip", "--password", "Goi#2024") == 0
    assert "--password đã cũ" in capsys.readouterr().err
    assert cli(db, "import", "package", str(tmp_path / "p.zip"), "--password", "Goi#2024", "--dry-run") == 0
    out, err = capsys.readouterr()
    assert "Sẽ nhập" in out and "TDKT_PACKAGE_PASSWORD" in err


# --- the demo ---------------------------------------------------------------------------------------------------


def test_demo_creates_admin_with_a_random_password_it_prints(db_url, capsys):
    url = db_url.render_as_string(hide_password=False)
    assert main(["--db-url", url, "demo", "--small", "--admin-password", "ngan"]) == 2
    assert "Mật khẩu của tài khoản admin chưa đạt" in capsys.readouterr().err
    assert main(["--db-url", url, "demo", "--small"]) == 0
    out = capsys.readouterr().out
    [password] = re.findall(r"^Tài khoản: admin / mật khẩu: (\S+)$", out, re.M)
    from app.startup import open_database

    db = open_database(url)
    try:
        signed = sign_in(db, "admin", password)
        assert not signed.must_change
        assert signed.principal.full_name == "Quản trị hệ thống"
        assert signed.principal.roles == {Role.ADMIN, Role.CLERK, Role.REGISTRAR, Role.LEADER}
    finally:
        db.dispose()


def test_demo_on_a_database_with_accounts_signs_in_and_leaves_them(accounts, monkeypatch, capsys):
    assert cli(accounts, "demo", "--small") == 2  # credentials first
    capsys.readouterr()
    as_user(monkeypatch, VIEWER, VIEWER_PASSWORD)
    assert cli(accounts, "demo", "--small") == 2  # and a role that may fill the desk's data
    assert "không có quyền" in capsys.readouterr().err
    with ServiceContext(accounts).read() as s:
        before = [
            (a.username, a.password_hash, a.roles) for a in s.scalars(select(Account).order_by(Account.id))
        ]
    as_user(monkeypatch, ADMIN, ADMIN_PASSWORD)
    assert cli(accounts, "demo", "--small", "--admin-password", "Khac#Hoan2026") == 0
    out = capsys.readouterr().out
    assert "không tạo tài khoản mẫu" in out and "Tài khoản: admin" not in out
    with ServiceContext(accounts).read() as s:
        after = [
            (a.username, a.password_hash, a.roles) for a in s.scalars(select(Account).order_by(Account.id))
        ]
    assert after == before


class _Terminal:
    def isatty(self) -> bool:
        return True


def typing(monkeypatch, *answers: str) -> list[str]:
    """A terminal where the clerk types `answers` in turn; returns the prompts shown."""
    prompts, left = [], list(answers)

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return left.pop(0)

    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("getpass.getpass", getpass)
    return prompts


def test_passwords_typed_at_a_terminal_twice(db, tmp_path, monkeypatch, capsys):
    typing(monkeypatch, "Mot#Hai3Bon", "Mot#Hai3Bxn")
    assert cli(db, "users", "add", "an", "--full-name", "Trần An", "--roles", "QUAN_TRI") == 2
    assert "không giống nhau" in capsys.readouterr().err
    prompts = typing(monkeypatch, "Mot#Hai3Bon", "Mot#Hai3Bon")
    assert cli(db, "users", "add", "an", "--full-name", "Trần An", "--roles", "QUAN_TRI") == 0
    assert prompts == ["Mật khẩu mới của an: ", "Gõ lại mật khẩu: "]

    monkeypatch.setenv("TDKT_USER", "an")
    typing(
        monkeypatch, "Mot#Hai3Bon"
    )  # personal data leaves the office only with the desk's or a leader's role
    assert export(db, tmp_path / "g.zip", "--no-password") == 2
    assert "không có quyền xuất dữ liệu cá nhân ra ngoài" in capsys.readouterr().err
    assert not (tmp_path / "g.zip").exists()
    typing(monkeypatch, "Mot#Hai3Bon", "Moi#Cap2026", "Moi#Cap2026")
    assert cli(db, "users", "add", "binh", "--full-name", "Lê Bình", "--roles", "CHUYEN_VIEN") == 0
    change_password(db, "binh", "Moi#Cap2026", "Rieng#Cua2026")

    monkeypatch.setenv("TDKT_USER", "binh")  # the account's password is typed once, the package's twice
    prompts = typing(monkeypatch, "Rieng#Cua2026", "Goi#2024", "Goi#2024")
    assert export(db, tmp_path / "g.zip") == 0, capsys.readouterr().err
    assert prompts == ["Mật khẩu của binh: ", "Mật khẩu đặt cho gói: ", "Gõ lại mật khẩu: "]
    prompts = typing(monkeypatch, "Rieng#Cua2026", "Goi#2024")
    assert cli(db, "import", "package", str(tmp_path / "g.zip"), "--dry-run") == 0
    assert prompts == ["Mật khẩu của binh: ", "Mật khẩu của gói g.zip: "]
