"""Engines and sessions for the embedded SQLite file and for a PostgreSQL server."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from database.location import DatabaseLock, ReadOnlyReason

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


def sqlite_uri(path: str | Path, mode: str = "ro", immutable: bool = False) -> str:
    """A `file:` URI for sqlite3.connect(uri=True): the path percent-encoded, so that spaces, %, #, ? and
    Vietnamese letters in a folder name are read as the path and not as the URI's own syntax.

    `immutable`: SQLite takes no lock and keeps no -shm file (the only way to read a WAL-mode file in a
    folder where nothing can be created); only for a file nothing else can be writing."""
    from urllib.parse import quote

    posix = Path(path).resolve().as_posix()
    if not posix.startswith("/"):  # C:/…: SQLite strips the slash before a Windows drive letter
        posix = "/" + posix
    return f"file:{quote(posix, safe='/:')}?mode={mode}" + ("&immutable=1" if immutable else "")


def connect_read_only(path: str | Path, timeout: float | None = None) -> sqlite3.Connection:
    """A read-only sqlite3 connection, which never writes into the file: mode=ro, and where SQLite cannot make
    its -shm file (a read-only folder holding a WAL-mode file) immutable=1."""
    timeout = BUSY_TIMEOUT_MS / 1000 if timeout is None else timeout
    conn = sqlite3.connect(sqlite_uri(path, "ro"), uri=True, timeout=timeout, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        words = str(exc).lower()  # CANTOPEN, or READONLY_CANTINIT: no -shm can be made beside the file
        if "unable to open" not in words and "readonly" not in words:
            raise
    return sqlite3.connect(
        sqlite_uri(path, "ro", immutable=True), uri=True, timeout=timeout, check_same_thread=False
    )


def normalise_url(url: str | URL) -> URL:
    """Accept what a clerk or admin may type: postgresql://… means psycopg 3 here."""
    url = make_url(url) if isinstance(url, str) else url
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _tune_sqlite(engine: Engine, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin (pysqlite quirk).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        if read_only:
            cur.execute("PRAGMA query_only = ON")  # a second guard: not even a temporary write
        else:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A writer takes the write lock first (waiting up to the busy timeout for another writer); a reader
        # begins deferred and, in WAL mode, never waits.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITER) else "BEGIN")


# pg_advisory_xact_lock's key for "this transaction writes": taken first by every writer of the program, so that
# writers follow one another as on SQLite, and the locks each takes later (a register series, the audit trail's
# tail) are always taken in the same order: no two writers can wait for each other.
PG_WRITER_LOCK = 7_142_022_001


def _tune_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A writer waits for another writer, or a row another session has locked, but not forever.
        if conn.get_execution_options().get(WRITER):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(BUSY_TIMEOUT_MS)}")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITER_LOCK})")


PG_CONNECT_TIMEOUT_SECONDS = 10


def make_engine(url: str | URL, read_only: bool = False) -> Engine:
    """The engine for `url`; `read_only` (SQLite): every connection opened with mode=ro, writing nothing beside
    the file (see connect_read_only)."""
    url = normalise_url(url)
    if url.get_backend_name() == "sqlite":
        if read_only and url.database and url.database != ":memory:":
            path = url.database
            engine = create_engine(url, creator=lambda: connect_read_only(path))
        else:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _tune_sqlite(engine, read_only=read_only)
        return engine
    postgresql = url.get_backend_name() == "postgresql"
    # A server that does not answer (switched off, a wrong address) is given up after a while, not after the
    # system's TCP timeout of minutes; an address that names its own connect_timeout keeps it.
    timeout = postgresql and "connect_timeout" not in url.query
    connect_args = {"connect_timeout": PG_CONNECT_TIMEOUT_SECONDS} if timeout else {}
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=connect_args)
    if postgresql:
        _tune_postgresql(engine)
    return engine


@dataclass
class Database:
    """An open database: its engine, a session factory and a human-readable description.

    `read_only`: why this database is open read-only (app.startup.open_database decides: a read-only file or
    folder, a network share, another copy of the program holding it, damage found on start), or None.
    Every write is then refused at once (ServiceContext.write) and the SQLite engine opens mode=ro.
    `lock`: this process's hold on the file (database.location.DatabaseLock), let go by dispose().
    `pending_settings`: see ServiceContext.write."""

    engine: Engine
    read_only: ReadOnlyReason | None = None
    lock: DatabaseLock | None = field(default=None, repr=False)
    # Settings rows (key → text) to write with the next write of the session, not by themselves: what the
    # opening learnt (the time of a clean full integrity check) without writing on opening.
    pending_settings: dict[str, str] = field(default_factory=dict, repr=False)
    # The integrity check still running behind the opening (app.startup, check_behind): called, it waits
    # for the verdict, which may make the database read-only (damage found). Every write settles first.
    pending_check: Callable[[], None] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.writer_engine = self.engine.execution_options(**{WRITER: True})

    @classmethod
    def open(cls, url: str | URL, read_only: ReadOnlyReason | None = None) -> Database:
        return cls(make_engine(url, read_only=read_only is not None), read_only=read_only)

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

    def settle(self) -> None:
        """Wait for the integrity check running behind the opening, if any (a write must know its verdict)."""
        check = self.pending_check
        if check is not None:
            check()

    def session(self, write: bool = False) -> Session:
        """A session; `write=True` for a unit of work that will write (its transaction begins as a writer)."""
        return self.sessions(bind=self.writer_engine) if write else self.sessions()

    def dispose(self) -> None:
        self.engine.dispose()
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.release()
