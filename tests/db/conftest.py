"""Database fixtures: every test here runs on a SQLite file and, when a server is given, on PostgreSQL.

TDKT_TEST_DATABASE_URL names a PostgreSQL database whose role may create databases; each test gets a
fresh database of its own there. CI always sets it (.ci/run starts the server). A migrated template is
built once per run and copied for each test, which keeps the suite fast on both backends.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import normalise_url, sqlite_url

PG_ENV = "TDKT_TEST_DATABASE_URL"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get(PG_ENV) else [])

if os.environ.get("CI") and PG_ENV not in os.environ:
    raise RuntimeError(f"CI must test PostgreSQL too: set {PG_ENV}")


class _Postgres:
    def __init__(self):
        self.admin_url = normalise_url(make_url(os.environ[PG_ENV]))
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def create(self, template: str | None = None):
        name = f"tdkt_t_{uuid.uuid4().hex[:12]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.created.append(name)
        return self.admin_url.set(database=name)

    def drop(self, url) -> None:
        self._drop(url.database)
        self.created.remove(url.database)

    def _drop(self, name: str) -> None:
        # The server's autovacuum may be visiting a database just made from a template; try again shortly.
        for attempt in range(5):
            try:
                with self.admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except DBAPIError:
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))

    def close(self) -> None:
        for name in list(self.created):
            self._drop(name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres():
    server = _Postgres() if os.environ.get(PG_ENV) else None
    yield server
    if server:
        server.close()


@pytest.fixture(scope="session")
def templates(tmp_path_factory, postgres):
    """Migrated, catalogue-loaded empty databases, made on first use."""
    made: dict[str, object] = {}

    def get(backend: str):
        if backend not in made:
            if backend == "sqlite":
                path = tmp_path_factory.mktemp("template") / "template.sqlite3"
                open_database(sqlite_url(path), backup_dir=path.parent / "b").dispose()
                conn = sqlite3.connect(path)  # one self-contained file to copy
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.close()
                made[backend] = path
            else:
                url = postgres.create()
                open_database(url).dispose()
                made[backend] = url
        return made[backend]

    return get


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def db_url(backend, tmp_path, postgres):
    """An empty database (no tables) for tests of migrations and start-up."""
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "tdkt.sqlite3")
        return
    url = postgres.create()
    yield url
    postgres.drop(url)


@pytest.fixture
def new_db(backend, tmp_path, postgres, templates):
    """new_db(name): another migrated database holding only the catalogue, on the test's backend (for
    tests that move data between two databases)."""
    made: list = []

    def make(name: str = "tdkt"):
        if backend == "sqlite":
            path = tmp_path / f"{name}.sqlite3"
            shutil.copyfile(templates("sqlite"), path)
            url = sqlite_url(path)
        else:
            url = postgres.create(template=templates("postgresql").database)
        database = open_database(url, backup_dir=tmp_path / f"backups-{name}")
        made.append((database, url))
        return database

    yield make
    for database, url in made:
        database.dispose()
        if backend != "sqlite":
            postgres.drop(url)


@pytest.fixture
def db(new_db):
    """A migrated database holding the catalogue and nothing else."""
    return new_db()


@pytest.fixture
def ctx(db):
    return ServiceContext(db, actor="tester")


@pytest.fixture(scope="module", params=BACKENDS)
def module_ctx(request, tmp_path_factory, postgres, templates):
    """One migrated database (catalogue only) per backend, shared by the tests of a module that enter their
    data once and read it many ways."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("module") / "tdkt.sqlite3"
        shutil.copyfile(templates("sqlite"), path)
        url = sqlite_url(path)
    else:
        url = postgres.create(template=templates("postgresql").database)
    database = open_database(url, backup_dir=tmp_path_factory.mktemp("backups"))
    yield ServiceContext(database, actor="tester")
    database.dispose()
    if request.param != "sqlite":
        postgres.drop(url)
