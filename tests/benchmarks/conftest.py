"""The province the benchmarks run on: a demo province built once, kept in a cache, on SQLite and PostgreSQL.

Environment (all optional):
- TDKT_BENCH_STAFF: the province's staff (default 100000): `build_demo(db, staff=N)`.
- TDKT_BENCH_CACHE: a folder where built provinces are kept and reused by later sessions, one file per
  (staff, seed, schema head, demo generator's source); a file is built under a temporary name and renamed
  when complete, so an interrupted build is never reused. Without it the province is built in the session's
  temporary folder (100,000 staff: about a minute).
- TDKT_BENCH_PROVINCE: an already built province file to use instead of building one (it is copied, never
  written; its size is whatever it holds).
- TDKT_BENCH_DATABASE_URL: a PostgreSQL server whose role may create databases. `province_ctx` then runs
  every benchmark that uses it twice, `[sqlite]` and `[postgresql]`: the province's tables are bulk-copied
  (COPY) from the SQLite file into a database of its own there, named by the same key, and reused by later
  sessions as long as the key holds.

Fixtures: `province_path` is this session's own copy of the province file (a benchmark may open and write
it; the cached original is never written), marked as fully checked today, as a file in daily use is (the
weekly integrity_check is not what a daily start waits for), `province_ctx` a ServiceContext on it (or on the PostgreSQL
copy), `province_staff` the number of staff it was built with. For the benchmarks that take their PostgreSQL
figure in a function of their own: `postgres_server` (the URL; skipped without it), `province_postgres` (the
copy's URL), `remembered_server` (a data folder whose may-chu-du-lieu.txt names that copy, for a window
started as a clerk starts it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from app.demo import build_demo
from app.demo.account import create_demo_admin
from app.services.context import ServiceContext
from app.settings import INTEGRITY_CHECKED_AT
from app.startup import open_database
from database.engine import sqlite_url
from database.migrate import SCHEMA_HEAD

ROOT = Path(__file__).resolve().parents[2]
SEED = 2025
STAFF = int(os.environ.get("TDKT_BENCH_STAFF", "100000"))
PG_ENV = "TDKT_BENCH_DATABASE_URL"
# The province's account (as `demo --admin-password` makes it, for a province built elsewhere): TDKT_USER / TDKT_PASSWORD.
ACCOUNT_ENV = {"TDKT_USER": "admin", "TDKT_PASSWORD": "Abcd1234!x"}
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get(PG_ENV) else [])


def _say(line: str) -> None:
    print(f"\n[province] {line}", flush=True)


def province_key(staff: int = STAFF, seed: int = SEED) -> str:
    """What a built province depends on: its size, its seed, the schema and the generator's code."""
    digest = hashlib.sha256(SCHEMA_HEAD.encode())
    for source in sorted((ROOT / "app" / "demo").glob("*.py")):
        digest.update(source.read_bytes())
    return f"{staff}-s{seed}-{digest.hexdigest()[:10]}"


def _key_of(path: Path) -> str:
    """A cached province's key is in its name; a given file is known by its place, size and time."""
    if path.name.startswith("province-"):
        return path.stem.removeprefix("province-")
    stat = path.stat()
    return (
        "f" + hashlib.sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    )


def _build(path: Path, staff: int) -> None:
    partial = path.with_name(path.name + f".{os.getpid()}.part")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_database(sqlite_url(partial), backup_dir=partial.parent / "backups")
    try:
        build_demo(db, seed=SEED, staff=staff)
        create_demo_admin(db, ACCOUNT_ENV["TDKT_PASSWORD"])
    finally:
        db.dispose()
    os.replace(partial, path)
    _say(f"built {staff:,} staff in {time.perf_counter() - started:.1f} s → {path}")


@pytest.fixture(scope="session")
def province_file(tmp_path_factory) -> Path:
    """The province as built or cached: read it, copy it, never write it."""
    given = os.environ.get("TDKT_BENCH_PROVINCE")
    if given:
        _say(f"using {given}")
        return Path(given)
    cache = os.environ.get("TDKT_BENCH_CACHE")
    folder = Path(cache) if cache else tmp_path_factory.mktemp("province")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"province-{province_key()}.sqlite3"
    if path.exists():
        _say(f"cached: {path}")
    else:
        _build(path, STAFF)
    return path


@pytest.fixture(scope="session")
def province_path(province_file, tmp_path_factory) -> Path:
    """This session's own copy (a few hundred MB: about a second), so nothing a benchmark writes reaches the cache."""
    path = tmp_path_factory.mktemp("session") / "province.sqlite3"
    shutil.copyfile(province_file, path)
    # As an office's file in daily use: its weekly full integrity check done (a start runs quick_check).
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT OR REPLACE INTO app_setting (key, value) VALUES (?, ?)",
            (INTEGRITY_CHECKED_AT.key, dt.datetime.now().isoformat(timespec="seconds")),
        )
    conn.close()
    return path


@pytest.fixture(scope="session")
def province_staff(province_file) -> int:
    with sqlite3.connect(f"file:{province_file}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM person").fetchone()[0]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """TDKT_BENCH_DATABASE_URL: the benchmarks that take their PostgreSQL figure in a function of their own
    (a window started on the server, a database made per round) need it."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL figure")
    return url


@pytest.fixture(scope="session")
def province_postgres(postgres_server, province_file, province_path):
    """The URL of the province's PostgreSQL copy: made from this session's copy of the file (brought to this
    schema by the program first), named by the file's key, kept for later sessions."""
    from tests.benchmarks.postgres import province_on_postgres

    return province_on_postgres(postgres_server, province_path, _key_of(province_file))


@pytest.fixture
def remembered_server(province_postgres, tmp_path, monkeypatch):
    """A clerk's copy of the program set up for the province's server: its data folder (TDKT_DATA_DIR) holds
    may-chu-du-lieu.txt as the first-run wizard writes it, so `python -m app` with no argument opens it."""
    from app.paths import ENV_DATA_DIR, ENV_DATABASE_URL
    from app.startup import remember_database_url

    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "data"))
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    remember_database_url(province_postgres.render_as_string(hide_password=False))
    return province_postgres


@pytest.fixture(scope="session", params=BACKENDS)
def province_ctx(request, province_path):
    url = (
        sqlite_url(province_path)
        if request.param == "sqlite"
        else request.getfixturevalue("province_postgres")
    )
    db = open_database(url)
    yield ServiceContext(db, actor="bench")
    db.dispose()
