"""Consistent copies of the SQLite file, taken before migrations and on request."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from database.engine import sqlite_uri


class BackupError(Exception):
    pass


def backup_sqlite(source: Path, target_dir: Path, label: str) -> Path:
    """Copy a live SQLite database (WAL included) into target_dir with the online backup API."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{source.stem}-{stamp}-{label}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = target_dir / f"{source.stem}-{stamp}-{label}-{n}.sqlite3"
    try:
        src = sqlite3.connect(sqlite_uri(source), uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)
        raise BackupError(
            f"Không sao lưu được cơ sở dữ liệu vào {target_dir}: {exc}. "
            "Hãy kiểm tra ổ đĩa còn trống và quyền ghi, rồi mở lại chương trình."
        ) from exc
    return target
