"""Engines and sessions for the embedded SQLite file and for a PostgreSQL server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

# How long a write waits for another writer (another TĐKT window, on this PC or another) to finish before
# it gives up with "database is locked" / lock_not_available. Read when a connection opens (SQLite) or a
# write transaction begins (PostgreSQL), so a test may shorten it before opening a database.
BUSY_TIMEOUT_MS = 10_000

# The execution option that marks a connection whose transactions will write (`Database.session(write=True)`,
# used by `ServiceContext.write`): on SQLite they begin with BEGIN IMMEDIATE, taking the write lock at once
# and waiting their turn for it, instead of failing when a read transaction later tries to write.
WRITER = "tdkt_writer"


def sqlite_url(path: str | Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(Path(path).expanduser().resolve()))


def sqlite_uri(path: str | Path, mode: str = "ro") -> str:
    """A `file:` URI for sqlite3.connect(uri=True): the path percent-encoded, so that spaces, %, #, ? and
    Vietnamese letters in a folder name are read as the path and not as the URI's own syntax."""
    from urllib.parse import quote

    posix = Path(path).resolve().as_posix()
    if not posix.startswith("/"):  # C:/…: SQLite strips the slash before a Windows drive letter
        posix = "/" + posix
    return f"file:{quote(posix, safe='/:')}?mode={mode}"


def normalise_url(url: str | URL) -> URL:
    """Accept what a clerk or admin may type: postgresql://… means psycopg 3 here."""
    url = make_url(url) if isinstance(url, str) else url
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin (pysqlite quirk).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A writer takes the write lock first (waiting up to the busy timeout for another writer); a reader
        # begins deferred and, in WAL mode, never waits.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITER) else "BEGIN")


def _tune_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A writer waits for a row or table another session has locked, but not forever.
        if conn.get_execution_options().get(WRITER):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(BUSY_TIMEOUT_MS)}")


def make_engine(url: str | URL) -> Engine:
    url = normalise_url(url)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _tune_sqlite(engine)
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    if url.get_backend_name() == "postgresql":
        _tune_postgresql(engine)
    return engine


@dataclass
class Database:
    """An open database: its engine, a session factory and a human-readable description."""

    engine: Engine

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.writer_engine = self.engine.execution_options(**{WRITER: True})

    @classmethod
    def open(cls, url: str | URL) -> Database:
        return cls(make_engine(url))

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def is_sqlite(self) -> bool:
        return self.engine.url.get_backend_name() == "sqlite"

    @property
    def file_path(self) -> Path | None:
        return Path(self.engine.url.database) if self.is_sqlite and self.engine.url.database else None

    def describe(self) -> str:
        """What the status bar shows: the file, or server/database without the password."""
        if self.file_path:
            return str(self.file_path)
        u = self.engine.url
        return f"PostgreSQL {u.username or ''}@{u.host or 'localhost'}:{u.port or 5432}/{u.database}"

    def session(self, write: bool = False) -> Session:
        """A session; `write=True` for a unit of work that will write (its transaction begins as a writer)."""
        return self.sessions(bind=self.writer_engine) if write else self.sessions()

    def dispose(self) -> None:
        self.engine.dispose()
