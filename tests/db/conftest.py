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
from concurrent.futures import Future, ThreadPoolExecutor

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


DROP_BATCH = 16


class _Postgres:
    """Makes and drops the tests' databases. Both mostly wait on the server: CREATE DATABASE copies the
    template, and DROP DATABASE forces a checkpoint of the whole server, which drops started together share.
    So a thread makes the next database while a test runs, and finished ones are dropped behind, a batch at a
    time, all of a batch at once; each test still gets a fresh database of its own."""

    def __init__(self):
        self.admin_url = normalise_url(make_url(os.environ[PG_ENV]))
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT", pool_size=DROP_BATCH + 1)
        self.created: list[str] = []
        self.spare: dict[str | None, Future] = {}  # template -> the next database made from it
        self.ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-create")
        self.behind = ThreadPoolExecutor(max_workers=DROP_BATCH, thread_name_prefix="pg-drop")
        self.finished: list[str] = []
        self.dropping: list[Future] = []

    def create(self, template: str | None = None):
        made = self.spare.pop(template, None)
        name = made.result() if made is not None else self._create(template)
        self.spare[template] = self.ahead.submit(self._create, template)
        return self.admin_url.set(database=name)

    def _create(self, template: str | None) -> str:
        name = f"tdkt_t_{uuid.uuid4().hex[:12]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.created.append(name)
        return name

    def drop(self, url) -> None:
        self.finished.append(url.database)
        if len(self.finished) >= DROP_BATCH:
            self._drop_finished()

    def _drop_finished(self) -> None:
        for dropping in self.dropping:  # one batch on the disk at most besides this one
            dropping.result()  # (a drop that failed is reported here)
        self.dropping = [self.behind.submit(self._drop, name) for name in self.finished]
        self.finished = []

    def _drop(self, name: str) -> None:
        # The server's autovacuum may be visiting a database just made from a template; try again shortly.
        for attempt in range(5):
            try:
                with self.admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                self.created.remove(name)
                return
            except DBAPIError:
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))

    def close(self) -> None:
        self.ahead.shutdown(wait=True)
        self._drop_finished()
        self.behind.shutdown(wait=True)
        for dropping in self.dropping:
            dropping.result()
        for name in list(self.created):  # the spares
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
