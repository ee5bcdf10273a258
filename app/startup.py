"""Open a database the way every entry point does: check, back up, migrate, load the catalogue."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from app.errors import StartupError
from app.paths import ENV_DATABASE_URL, backup_dir_for, default_database_path
from app.services.catalogue import sync_catalogue
from app.services.context import ServiceContext
from database.backup import BackupError
from database.engine import Database, normalise_url, sqlite_uri, sqlite_url
from database.migrate import DatabaseTooNew, known_revision, upgrade

SQLITE_MAGIC = b"SQLite format 3\x00"


def resolve_url(db_path: str | None = None, db_url: str | None = None, environ: dict | None = None) -> URL:
    """--db-url, then --db, then TDKT_DATABASE_URL, then the file in the user's data folder."""
    import os

    env = os.environ if environ is None else environ
    if db_url:
        return normalise_url(db_url)
    if db_path:
        return sqlite_url(db_path)
    if env.get(ENV_DATABASE_URL):
        return normalise_url(env[ENV_DATABASE_URL])
    return sqlite_url(default_database_path())


def _precheck_sqlite_file(path: Path) -> None:
    """Look at an existing file read-only before anything could write to it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise StartupError(f"Tệp “{path}” không phải là cơ sở dữ liệu TĐKT. Hãy chọn đúng tệp dữ liệu.")
    try:
        conn = sqlite3.connect(sqlite_uri(path), uri=True)
        try:
            has_table = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            revision = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone() if has_table else None
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StartupError(f"Không đọc được tệp dữ liệu “{path}”: {exc}.") from exc
    if revision and not known_revision(revision[0]):
        raise StartupError(str(DatabaseTooNew(revision[0])))


def open_database(url: URL | str, backup_dir: Path | None = None) -> Database:
    url = normalise_url(url)
    file_path = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    if file_path:
        try:
            file_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StartupError(f"Không tạo được thư mục dữ liệu “{file_path.parent}”: {exc}.") from exc
        _precheck_sqlite_file(file_path)
    db = Database.open(url)
    try:
        upgrade(db, backup_dir or backup_dir_for(file_path))
        sync_catalogue(ServiceContext(db, actor="system"))
    except DatabaseTooNew as exc:
        db.dispose()
        raise StartupError(str(exc)) from exc
    except BackupError as exc:
        db.dispose()
        raise StartupError(str(exc)) from exc
    except OperationalError as exc:
        db.dispose()
        text = str(exc.orig) if exc.orig else str(exc)
        if "locked" in text:
            raise StartupError(
                "Cơ sở dữ liệu đang bị một chương trình khác giữ. Hãy đóng các cửa sổ TĐKT khác rồi thử lại."
            ) from exc
        raise StartupError(f"Không mở được cơ sở dữ liệu {db.describe()}: {text}") from exc
    except SQLAlchemyError as exc:
        db.dispose()
        raise StartupError(f"Không mở được cơ sở dữ liệu {db.describe()}: {exc}") from exc
    return db
