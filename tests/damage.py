"""Damaged SQLite files, made the way a failing disk or a bad copy leaves them, for the tests that open one."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

PAGE = 4096


def fold_wal(path: Path) -> None:
    """Move what the write-ahead log holds into the file itself, so that the file's bytes are the data."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def pad_with_rows(path: Path, rows: int = 5000) -> None:
    """About 2 MB of rows (app_setting keys under "test."), so that the middle of the file is data pages."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO app_setting(key, value) VALUES (?, ?)",
            [(f"test.{n}", "x" * 400) for n in range(rows)],
        )
    conn.close()
    fold_wal(path)


def damage_middle(path: Path, seed: int = 13, size: int = 64 * 1024) -> None:
    """`size` random bytes over the pages in the middle of the file: its schema at the start stays readable."""
    with path.open("r+b") as f:
        f.seek(path.stat().st_size // 2 // PAGE * PAGE)
        f.write(random.Random(seed).randbytes(size))
