"""Consistent copies of the SQLite file: taken before migrations, on a schedule and on request; checked;
and copied back into place to restore one.

Every copy goes through SQLite's online backup API, so the clerk can go on working while it is taken: the
copy is written under a temporary name without a rollback journal and renamed only once complete, so a
refused copy (a full disk, a USB stick pulled out) leaves nothing behind in the backup folder — not even
a stray `-journal`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from database.engine import sqlite_uri


class BackupError(Exception):
    pass


# The files SQLite may keep beside a database.
COMPANIONS = ("-journal", "-wal", "-shm")

# The tables whose counts tell the clerk what a backup holds (the preview shows them first, in this order).
COUNTED_TABLES = (
    "unit",
    "person",
    "rating",
    "initiative",
    "campaign",
    "nomination",
    "decision",
    "award",
    "outgoing_document",
    "audit_log",
)


def remove_with_companions(path: Path) -> None:
    # The companions first: a removal cut short leaves the file itself, by which the rest is found again.
    for suffix in (*COMPANIONS, ""):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError:
            pass


def _copy(src: sqlite3.Connection, target: Path) -> None:
    """Copy `src` into a new file `target` (written as `target.partial`, renamed when complete)."""
    partial = target.with_name(target.name + ".partial")
    remove_with_companions(partial)
    try:
        dst = sqlite3.connect(partial)
        try:
            # No rollback journal: the file is new and only counts once renamed, so a failed copy has
            # nothing to roll back, and no -journal can be left behind.
            dst.execute("PRAGMA journal_mode = OFF")
            src.backup(dst, pages=1024)  # in steps: other connections keep working between them
        finally:
            dst.close()
        # The copy carries the source's WAL mark: make it one self-contained file that opens read-only.
        dst = sqlite3.connect(partial)
        try:
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        os.replace(partial, target)
    except BaseException:
        remove_with_companions(partial)
        raise


def _free_target(target_dir: Path, stem: str, label: str, now: dt.datetime | None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{stem}-{stamp}-{label}.sqlite3"
    n = 1
    while target.exists() or target.with_name(target.name + ".partial").exists():
        n += 1
        target = target_dir / f"{stem}-{stamp}-{label}-{n}.sqlite3"
    return target


def backup_sqlite(source: Path, target_dir: Path, label: str, now: dt.datetime | None = None) -> Path:
    """Copy a live SQLite database (WAL included) into target_dir with the online backup API."""
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        target = _free_target(target_dir, source.stem, label, now)
        src = sqlite3.connect(sqlite_uri(source), uri=True)
        try:
            _copy(src, target)
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(
            f"Không sao lưu được cơ sở dữ liệu vào {target_dir}: {exc}. "
            "Hãy kiểm tra ổ đĩa còn trống và quyền ghi, rồi mở lại chương trình."
        ) from exc
    return target


@dataclass(frozen=True)
class SqliteFacts:
    """What a SQLite file holds, read without changing it."""

    integrity: str  # "ok", or what integrity_check found
    revision: str | None  # the schema version (alembic), None when the file has none
    counts: dict[str, int] = field(default_factory=dict)  # rows of every table
    names: tuple[str, ...] = ()  # a few people's names, for the clerk to recognise the data

    @property
    def sound(self) -> bool:
        return self.integrity == "ok"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_facts(path: Path, full: bool = True, names: int = 5) -> SqliteFacts:
    """Check a SQLite file (integrity_check, or quick_check when not `full`) and count what it holds.
    Raises BackupError when the file cannot be read as a database at all."""
    try:
        conn = sqlite3.connect(sqlite_uri(path), uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
            integrity = "; ".join(str(r[0]) for r in rows[:5]) or "ok"
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            counts = {t: conn.execute(f"SELECT count(*) FROM {_quoted(t)}").fetchone()[0] for t in tables}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            found: tuple[str, ...] = ()
            if "person" in tables and names:
                found = tuple(
                    r[0]
                    for r in conn.execute(
                        "SELECT full_name FROM person ORDER BY id LIMIT ?", (names,)
                    ).fetchall()
                )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Không đọc được tệp sao lưu “{path}”: {exc}.") from exc
    return SqliteFacts(integrity, revision, counts, found)


_DAMAGED_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB


def copy_into_place(backup: Path, live: Path) -> None:
    """Put the content of `backup` into the database file `live`, in one transaction of SQLite's own: a
    crash part way leaves `live` as it was, and a connection still open on it sees the old content or the
    new, never a mixture. A `live` file too damaged for SQLite to write into is replaced whole instead."""
    try:
        src = sqlite3.connect(sqlite_uri(backup), uri=True)
        try:
            dst = sqlite3.connect(sqlite_uri(live, mode="rwc"), uri=True, timeout=10)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _DAMAGED_CODES:
            replace_file(backup, live)
            return
        raise BackupError(
            f"Không khôi phục được vào “{live}”: {exc}. Tệp dữ liệu vẫn giữ nguyên như trước."
        ) from exc


def replace_file(backup: Path, live: Path) -> None:
    """Replace a damaged database file by a copy of `backup`: written beside it, then renamed over it (its
    -wal and -shm removed first, so that nothing of the damaged file is ever applied to the new one)."""
    partial = live.with_name(live.name + ".khoi-phuc.partial")
    try:
        src = sqlite3.connect(sqlite_uri(backup), uri=True)
        try:
            _copy(src, partial)
        finally:
            src.close()
        for suffix in COMPANIONS:
            Path(f"{live}{suffix}").unlink(missing_ok=True)
        os.replace(partial, live)
    except (sqlite3.Error, OSError) as exc:
        remove_with_companions(partial)
        raise BackupError(f"Không khôi phục được vào “{live}”: {exc}.") from exc


def copy_file_as_is(source: Path, target_dir: Path, label: str, now: dt.datetime | None = None) -> Path:
    """A plain copy of a database file (and its -wal) that SQLite cannot read: kept before a restore replaces
    it, since the office may still want something from it."""
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        target = _free_target(target_dir, source.stem, label, now)
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(source, partial)
        wal = Path(f"{source}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{target}-wal"))
        os.replace(partial, target)
    except OSError as exc:
        raise BackupError(f"Không cất được tệp dữ liệu hiện tại vào {target_dir}: {exc}.") from exc
    return target
