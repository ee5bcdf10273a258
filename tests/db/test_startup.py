"""Opening databases: where the default lives, --db and --db-url, SQLite pragmas, the self-test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from app.selftest import run_selftest
from app.startup import open_database, resolve_url

ROOT = Path(__file__).resolve().parents[2]


def test_url_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    assert resolve_url(environ={}).database == str(tmp_path / "tdkt.sqlite3")
    env = {"TDKT_DATABASE_URL": "postgresql://u:p@server/tdkt"}
    assert resolve_url(environ=env).drivername == "postgresql+psycopg"
    assert resolve_url(db_path=str(tmp_path / "other.sqlite3"), environ=env).database.endswith(
        "other.sqlite3"
    )
    assert resolve_url(db_path="x.sqlite3", db_url="postgresql://h/db", environ=env).host == "h"


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    db = open_database(resolve_url(db_path=str(tmp_path / "a.sqlite3")))
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    finally:
        db.dispose()


def test_selftest_passes_in_process():
    lines: list[str] = []
    assert run_selftest(lines.append) == 0
    assert "đạt" in lines[-1]


def test_selftest_fails_when_a_kept_year_does_not_read_back(monkeypatch):
    import app.services.verdict_store as store

    monkeypatch.setattr(store, "load_year", lambda *_args: None)
    lines: list[str] = []
    assert run_selftest(lines.append) == 1
    assert "kết quả xét lưu trên máy" in lines[-1]


def test_selftest_command_exits_zero(tmp_path):
    env = dict(os.environ, TDKT_NO_BOOTSTRAP="1", TDKT_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "app", "selftest"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert not any(tmp_path.iterdir())  # the self-test leaves the clerk's folder alone
