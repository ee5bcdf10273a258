"""Nơi lưu dữ liệu: where this PC's copy of the program keeps the office's data, and changing it later
(Cài đặt › Cơ sở dữ liệu › Đổi nơi lưu dữ liệu…), as the first-run wizard chose it the first time.

    place_of(url) -> DataPlace            # a file on this PC, or a server (never its password)
    next_start_place() -> DataPlace       # what `python -m app` with nothing given opens next
    choose_data_place(ctx, url | None)    # remember a server (tested again) or go back to this PC's file

The choice is this user's, on this PC (app.paths.remembered_url_file), not the database's: nothing of the
office's data is copied or moved by it; the change is written to the audit trail of the database in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from app.domain.permissions import Permission, use_case
from app.errors import UserError
from app.paths import default_database_path
from app.services.agency import get_agency
from app.services.context import ServiceContext
from app.services.first_run import check_server
from app.startup import forget_database_url, remember_database_url, resolve_url
from database.engine import normalise_url


@dataclass(frozen=True)
class DataPlace:
    """A SQLite file (`file`) or a PostgreSQL database on a server (host, port, database, user)."""

    file: Path | None
    host: str = ""
    port: int = 5432
    database: str = ""
    user: str = ""

    @property
    def text(self) -> str:
        if self.file is not None:
            return f"tệp “{self.file}” trên máy này"
        who = f", người dùng {self.user}" if self.user else ""
        return f"máy chủ PostgreSQL {self.host}, cổng {self.port}, cơ sở dữ liệu “{self.database}”{who}"


def place_of(url: str | URL) -> DataPlace:
    url = normalise_url(url)
    if url.get_backend_name() == "sqlite":
        return DataPlace(Path(url.database).resolve() if url.database else None)
    return DataPlace(None, url.host or "localhost", url.port or 5432, url.database or "", url.username or "")


def next_start_place() -> DataPlace:
    """Where the next start opens when nothing is given (TDKT_DATABASE_URL, the remembered server, the file)."""
    return place_of(resolve_url())


@use_case(Permission.SETTINGS, "đổi nơi lưu dữ liệu")
def choose_data_place(ctx: ServiceContext, url: str | None) -> DataPlace:
    """Remember the server of `url` for the next starts of this user's copy, or (None) forget it: the file
    in the data folder again. A server is connected to once more first, and refused unless its database is
    empty or holds this same office's data. The change is audited in the database in use, before it is made."""
    if url is not None:
        facts = check_server(url, get_agency(ctx))
        if not facts.usable:
            raise UserError(facts.text)
    place = place_of(url) if url is not None else DataPlace(default_database_path())
    ctx.log_event(
        "data_place",
        "database",
        f"Đổi nơi lưu dữ liệu của máy này (từ lần khởi động sau): {place.text}",
        {
            "file": str(place.file) if place.file else None,
            "host": place.host,
            "port": place.port,
            "database": place.database,
            "user": place.user,
        },
    )
    if url is None:
        forget_database_url()
    else:
        remember_database_url(url)
    return place
