"""The first start's set-up (app.services.first_run) on both backends: on PostgreSQL through the server the
wizard's step 4 chose (opened, migrated, set up, remembered for the next starts), on SQLite on the file."""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.services.accounts import AccountData, list_accounts
from app.services.agency import AgencyInfo, SignerInfo, get_agency
from app.services.backups import BackupPolicy
from app.services.context import ServiceContext
from app.services.first_run import FirstRunPlan, StartChoice, check_server, is_new_database, set_up_chosen
from app.startup import open_database, resolve_url
from database.engine import sqlite_url
from database.enums import Role, SignAuthority

PLAN = FirstRunPlan(
    agency=AgencyInfo(
        parent_name="UBND tỉnh Hà Tĩnh",
        name="Sở Y tế",
        symbol="syt",
        place_name="Hà Tĩnh",
        signers=(
            SignerInfo("Lê Văn Giám", "Giám đốc", is_default=True),
            SignerInfo("Trần Thị Phó", "Phó Giám đốc", SignAuthority.DEPUTY, "Giám đốc"),
        ),
    ),
    admin=AccountData("quantri", "Nguyễn Văn An", frozenset({Role.ADMIN, Role.CLERK})),
    password="Thi-dua-2026",
    backups=BackupPolicy(keep_daily=3),
    start=StartChoice.EMPTY,
)


def test_the_first_start_sets_up_the_chosen_database_once(backend, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path / "data"))
    local = open_database(sqlite_url(tmp_path / "may-nay.sqlite3"))
    try:
        if backend == "postgresql":
            server = db_url.render_as_string(hide_password=False)
            assert check_server(server).new
            done = set_up_chosen(
                ServiceContext(local), FirstRunPlan(**{**PLAN.__dict__, "server_url": server})
            )
            assert done.db is not local and done.db.url.database == db_url.database
            assert is_new_database(local)  # the file on this PC was not used
            assert resolve_url() == resolve_url(db_url=server)  # remembered for the next starts
            assert not check_server(server).new and "đã có dữ liệu" in check_server(server).text
        else:
            done = set_up_chosen(ServiceContext(local), PLAN)
            assert done.db is local
        try:
            ctx = ServiceContext(done.db)
            assert get_agency(ctx).symbol == "SYT" and len(get_agency(ctx).signers) == 2
            assert [a.username for a in list_accounts(ctx)] == ["quantri"]
            assert done.signed.principal.username == "quantri"
            with pytest.raises(UserError, match="đã có dữ liệu"):
                set_up_chosen(ServiceContext(done.db), PLAN)  # never over a database that holds something
        finally:
            if done.db is not local:
                done.db.dispose()
    finally:
        local.dispose()
