"""Open a database the way every entry point does: check, back up, migrate, load the catalogue."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from app.errors import StartupError
from app.paths import ENV_DATABASE_URL, backup_dir_for, default_database_path, remembered_url_file
from app.services.catalogue import sync_catalogue
from app.services.context import ServiceContext
from app.settings import INTEGRITY_CHECKED_AT
from database.backup import BackupError
from database.engine import Database, connect_read_only, normalise_url, sqlite_url
from database.location import (
    DatabaseLock,
    LockHeld,
    ReadOnlyKind,
    ReadOnlyReason,
    damaged_reason,
    folder_reason,
    held_reason,
    network_reason,
    on_network_share,
    writable_problem,
)
from database.migrate import SCHEMA_HEAD, DatabaseTooNew, known_revision, upgrade

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
FULL_CHECK_EVERY = dt.timedelta(days=7)  # the full integrity_check; quick_check runs at every start


def resolve_url(db_path: str | None = None, db_url: str | None = None, environ: dict | None = None) -> URL:
    """--db-url, then --db, then TDKT_DATABASE_URL, then the server remembered by the first-run wizard
    (remembered_url_file), then the file in the user's data folder."""
    import os

    env = os.environ if environ is None else environ
    if db_url:
        return normalise_url(db_url)
    if db_path:
        return sqlite_url(db_path)
    if env.get(ENV_DATABASE_URL):
        return normalise_url(env[ENV_DATABASE_URL])
    remembered = remembered_database_url()
    if remembered:
        return normalise_url(remembered)
    return sqlite_url(default_database_path())


def remembered_database_url() -> str | None:
    """The server the first-run wizard set up, for every later start of this user's copy (None: none)."""
    try:
        line = remembered_url_file().read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise StartupError(f"Không đọc được tệp “{remembered_url_file()}”: {exc.strerror or exc}.") from exc
    return line or None


def remember_database_url(url: str) -> None:
    """Remember the server for the next starts: readable by this user only where the system allows it."""
    import os

    path = remembered_url_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(str(url).strip() + "\n")


def forget_database_url() -> None:
    """The remembered server forgotten: the next starts open the file in the data folder again."""
    try:
        remembered_url_file().unlink(missing_ok=True)
    except OSError as exc:
        raise StartupError(f"Không xóa được tệp “{remembered_url_file()}”: {exc.strerror or exc}.") from exc


def opens_remembered_server(db_path: str | None = None, db_url: str | None = None, environ=None) -> bool:
    """Whether a start with these arguments opens the remembered server (nothing given before it wins)."""
    import os

    env = os.environ if environ is None else environ
    if db_url or db_path or env.get(ENV_DATABASE_URL):
        return False
    try:
        return remembered_database_url() is not None
    except StartupError:  # unreadable: the opening says so
        return False


@dataclass(frozen=True)
class FileFacts:
    """What a look at an existing SQLite file, read-only, found before anything could write to it."""

    revision: str | None  # the schema revision (alembic), None for a file without tables yet
    damage: str | None  # what the integrity check said, when it found damage
    full_check: bool  # the full integrity_check ran (and found nothing when `damage` is None)


def _last_checked_copy(path: Path) -> dt.datetime | None:
    """When the newest checked backup of this file was taken: integrity_check passed on a page-for-page copy
    of it then, which is as good as a full check of the file itself at that moment."""
    from app.services.backups import list_backups

    prefix = f"{path.stem}-"
    return next(
        (
            b.created
            for b in list_backups(folder=backup_dir_for(path))
            if b.verified and b.path.name.startswith(prefix)
        ),
        None,
    )


def _full_check_due(conn: sqlite3.Connection, path: Path, now: dt.datetime) -> bool:
    """The last full check (remembered in the file, or a checked backup) is missing, over a week old, or in
    the future (a clock set back)."""
    try:
        row = conn.execute(
            "SELECT value FROM app_setting WHERE key = ?", (INTEGRITY_CHECKED_AT.key,)
        ).fetchone()
        last = dt.datetime.fromisoformat(row[0]) if row and row[0] else None
    except (sqlite3.Error, ValueError):
        last = None

    def recent(when: dt.datetime | None) -> bool:
        return when is not None and now - FULL_CHECK_EVERY <= when <= now

    return not (recent(last) or recent(_last_checked_copy(path)))  # the backups folder only when needed


def inspect_sqlite_file(path: Path, now: dt.datetime | None = None, check: bool = True) -> FileFacts | None:
    """Look at an existing file read-only (writing nothing, not even a -shm where none can be made): is it a
    TĐKT database, which schema, is it damaged (PRAGMA quick_check every start, integrity_check weekly)?
    None for a missing or empty file (opening will create it). `check=False`: the schema only, no damage
    looked for (the check runs later: see _CheckBehind)."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return None
        with path.open("rb") as fh:
            magic = fh.read(16)
    except OSError as exc:
        raise StartupError(f"Không đọc được tệp dữ liệu “{path}”: {exc.strerror or exc}.") from exc
    if magic != SQLITE_MAGIC:
        raise StartupError(f"Tệp “{path}” không phải là cơ sở dữ liệu TĐKT. Hãy chọn đúng tệp dữ liệu.")
    now = now or dt.datetime.now()
    try:
        conn = connect_read_only(path)
    except sqlite3.OperationalError as exc:  # cannot open it at all (rights, a locked file on Windows…)
        raise StartupError(f"Không đọc được tệp dữ liệu “{path}”: {exc}.") from exc
    except sqlite3.DatabaseError as exc:  # opened, but its first pages do not read: "malformed"
        return FileFacts(None, str(exc), False)
    revision = None
    full = False
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if has_table else None
        revision = row[0] if row else None
        if not check:
            return FileFacts(revision, None, False)
        full = _full_check_due(conn, path, now)
        found = [r[0] for r in conn.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}(5)")]
        damage = None if found == ["ok"] else "; ".join(str(x) for x in found[:3])
    except sqlite3.DatabaseError as exc:  # a damaged schema page, "file is not a database"…
        damage = str(exc)
    finally:
        conn.close()
    if revision and not known_revision(revision):
        raise StartupError(str(DatabaseTooNew(revision)))
    return FileFacts(revision, damage, full)


def _read_only_reason(path: Path) -> tuple[ReadOnlyReason | None, DatabaseLock | None]:
    """Why this copy of the program may not write `path` (network share, read-only file or folder, another
    copy holding it), and the lock this copy holds on it when it may."""
    if on_network_share(path):
        return network_reason(path), None
    problem = writable_problem(path)
    if problem is not None:
        return problem, None
    try:
        return None, DatabaseLock.acquire(path)
    except LockHeld as held:
        return held_reason(path, held.holder, held.raw), None
    except OSError:  # the lock file cannot be made: a folder this account may not write
        return folder_reason(path), None


class _CheckBehind:
    """The integrity check of a file already at the schema head, run on a thread of its own while the window
    opens (quick_check reads every page: about a second of CPU at 100,000 staff, a full integrity_check
    several). Its verdict comes before any write (Database.settle): damage makes the database read-only,
    as a check before the opening would have; a clean full check is remembered with the first write."""

    def __init__(self, db: Database, path: Path):
        self.db, self.path = db, path
        self.thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)
        db.pending_check = self
        self.thread.start()

    def _run(self) -> None:
        try:
            facts = inspect_sqlite_file(self.path)
        except Exception as exc:  # the file went away (closed and removed) or cannot be read any more
            facts = FileFacts(SCHEMA_HEAD, str(exc), False)
        if facts is not None and facts.damage is not None:
            log.info("integrity check of %s: %s", self.path, facts.damage)
            self.db.read_only = damaged_reason(self.path)
        elif facts is not None and facts.full_check:
            self.db.pending_settings[INTEGRITY_CHECKED_AT.key] = dt.datetime.now().isoformat(
                timespec="seconds"
            )
        self.db.pending_check = None

    def __call__(self) -> None:
        self.thread.join()


def _open_sqlite_file(url: URL, path: Path, backup_dir: Path | None, check_behind: bool = False) -> Database:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartupError(f"Không tạo được thư mục dữ liệu “{path.parent}”: {exc}.") from exc
    facts = inspect_sqlite_file(path, check=False) if check_behind else None
    behind = facts is not None and facts.revision == SCHEMA_HEAD  # nothing to migrate: nothing written now
    if not behind:
        facts = inspect_sqlite_file(path)
    reason, lock = _read_only_reason(path)
    try:
        if facts is not None and facts.damage is not None:
            log.info("integrity check of %s: %s", path, facts.damage)  # SQLite's words, for support
            reason = damaged_reason(path)
        if reason is not None:
            if facts is None:
                raise StartupError(_cannot_create(path, reason))
            if facts.revision != SCHEMA_HEAD:
                raise StartupError(_cannot_view(path, reason))
            if lock is not None:
                lock.release()
                lock = None
            return Database.open(url, read_only=reason)
        db = Database.open(url)
        db.lock, lock = lock, None
    finally:
        if lock is not None:
            lock.release()
    if behind:
        _CheckBehind(db, path)  # before the catalogue's load, which then waits for it if it writes
    _prepare(db, backup_dir)
    if not behind and (facts is None or facts.full_check):  # (a file made just now is whole)
        # Remembered with the first write of the session (ServiceContext.write), so that opening a file
        # writes nothing by itself; a session that writes nothing checks fully again next time.
        db.pending_settings[INTEGRITY_CHECKED_AT.key] = dt.datetime.now().isoformat(timespec="seconds")
    return db


def _cannot_create(path: Path, reason: ReadOnlyReason) -> str:
    """A new database cannot be made where the clerk asked: why."""
    why = {
        ReadOnlyKind.NETWORK: "thư mục này nằm trên ổ mạng, nơi SQLite không khóa tệp được an toàn. Hãy chọn "
        "một thư mục trên ổ đĩa của máy này, hoặc dùng cơ sở dữ liệu PostgreSQL dùng chung.",
        ReadOnlyKind.HELD: f"một chương trình TĐKT khác đang tạo đúng tệp này. {reason.text}",
    }.get(
        reason.kind,
        "thư mục này chỉ cho phép đọc (hoặc tài khoản này không có quyền ghi vào đó). Hãy chọn "
        "một thư mục ghi được.",
    )
    return f"Không tạo được cơ sở dữ liệu mới “{path}”: {why}"


def _cannot_view(path: Path, reason: ReadOnlyReason) -> str:
    """The file may only be viewed, but this program cannot read it as it is: why, and what to do."""
    if reason.damaged:
        return (
            f"Tệp dữ liệu “{path}” bị hỏng nặng: không đọc được cả cấu trúc của nó, nên chương trình không mở "
            f"được. Hãy khôi phục từ bản sao lưu trong thư mục “{backup_dir_for(path)}” (lệnh: python -m app "
            f'--db "{path}" backup restore TỆP --yes), hoặc nhờ người hỗ trợ kỹ thuật.'
        )
    return (
        f"{reason.text} Tệp này lại do một phiên bản TĐKT cũ hơn tạo ra và cần được nâng cấp trước khi xem, "
        "mà chương trình không được ghi vào nó."
    )


def _prepare(db: Database, backup_dir: Path | None) -> None:
    """Migrate and load the catalogue; the database is closed again if that fails."""
    try:
        report = upgrade(db, backup_dir or backup_dir_for(db.file_path))
        if report.backup is not None:  # checked and listed like every backup (a restore may need it)
            from app.services.backups import check_backup

            check_backup(report.backup)
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
    except BaseException:
        db.dispose()
        raise


def open_database(url: URL | str, backup_dir: Path | None = None, check_behind: bool = False) -> Database:
    """Open a database as every entry point does. A SQLite file is first looked at read-only (a TĐKT file?
    newer than the program? damaged?) and where it lives is checked; a file this copy may not write (see
    database.location) or found damaged opens read-only (`Database.read_only` says why: every write is then
    refused, nothing is migrated or loaded into it). Otherwise the database is migrated (backed up first)
    and the catalogue brought up to date.

    `check_behind` (the window): a file with nothing to migrate opens at once and its damage is looked for
    on a thread behind the opening (_CheckBehind); writes wait for the verdict."""
    url = normalise_url(url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return _open_sqlite_file(url, Path(url.database), backup_dir, check_behind)
    db = Database.open(url)
    _prepare(db, backup_dir)
    return db


def refuse_if_damaged(db: Database) -> None:
    """For the command line: a damaged database is answered with the reason (exit 2), not with figures that
    may be missing rows; only the backup commands work on it."""
    if db.read_only is not None and db.read_only.damaged:
        raise StartupError(db.read_only.text)
