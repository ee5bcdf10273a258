"""The benchmark province copied to PostgreSQL: the schema made by the program, the rows bulk-copied (COPY).

The database is named by the province's key (`tdkt_bench_<key>`) and reused while the key holds. It is
made as `<name>_part`, filled, analysed and only then renamed, so an interrupted copy is never reused; an
advisory lock lets one session make it while another waits for it. The rows come from the session's own
copy of the province file, first brought to this schema by the program (a file made by an older version
lacks the newer tables).

`scratch_database(server_url, name, template)`: a fresh database for one round of a benchmark that writes
(empty and migrated by the program, or a copy of the province's database: a copy waits while another
session uses its template), dropped by `drop_scratch`.
The program's own `merge-database` would also do, but it matches every person of the other database by
identity; a bulk copy of a file the program made is the same data, much faster.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

from app.startup import open_database
from database.engine import normalise_url, sqlite_url
from database.models import Base

BATCH = 20_000
TEMPLATE_WAIT = 600  # seconds a copy waits for the other sessions on its template to end


def province_on_postgres(server_url: str, sqlite_path: Path, key: str) -> URL:
    """The URL of the province's PostgreSQL copy, made now if the server has none for `key`."""
    admin_url = normalise_url(make_url(server_url))
    name = "tdkt_bench_" + re.sub(r"[^a-z0-9]", "_", key.lower())
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(hashtext(:n))"), {"n": name})
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
                print(f"\n[province] PostgreSQL copy cached: {name}", flush=True)
                return admin_url.set(database=name)
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}_part" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}_part"'))
            started = time.perf_counter()
            rows = _fill(admin_url.set(database=f"{name}_part"), sqlite_path)
            conn.execute(text(f'ALTER DATABASE "{name}_part" RENAME TO "{name}"'))
            print(
                f"\n[province] copied {rows:,} rows to PostgreSQL {name} in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            return admin_url.set(database=name)  # (the lock ends with the connection)
    finally:
        admin.dispose()


def scratch_database(server_url: str, name: str, template: URL | None = None) -> URL:
    """A database of its own for one round: migrated by the program when empty, else a file-level copy of
    `template` (a database nobody is connected to), made outside any timing."""
    admin_url = normalise_url(make_url(server_url))
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    like = f' TEMPLATE "{template.database}" STRATEGY FILE_COPY' if template is not None else ""
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        for waited in range(TEMPLATE_WAIT + 1):
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"{like}'))
                break
            except OperationalError as exc:  # another session on the template (a cached copy is shared)
                if not isinstance(exc.orig, psycopg.errors.ObjectInUse) or waited == TEMPLATE_WAIT:
                    raise
                time.sleep(1)
    finally:
        admin.dispose()
    url = admin_url.set(database=name)
    if template is None:
        open_database(url).dispose()
    return url


def drop_scratch(server_url: str, url: URL) -> None:
    admin = create_engine(normalise_url(make_url(server_url)), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _fill(url: URL, sqlite_path: Path) -> int:
    open_database(sqlite_url(sqlite_path)).dispose()  # the file at this schema, as the program opens it
    open_database(url).dispose()  # the schema, migrated by the program itself (the catalogue rows go below)
    tables = [t for t in Base.metadata.sorted_tables]
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    copied = 0
    with psycopg.connect(dsn) as pg, pg.cursor() as cur:
        names = ", ".join(f'"{t.name}"' for t in tables)
        for t in tables:  # the append-only audit log refuses TRUNCATE by a trigger of its own
            cur.execute(f'ALTER TABLE "{t.name}" DISABLE TRIGGER USER')
        cur.execute(f"TRUNCATE {names} CASCADE")
        for t in tables:
            columns = [c.name for c in t.columns]
            select = f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{t.name}]"
            quoted = ", ".join(f'"{c}"' for c in columns)
            with cur.copy(f'COPY "{t.name}" ({quoted}) FROM STDIN') as copy:
                rows = source.execute(select)
                while batch := rows.fetchmany(BATCH):
                    for row in batch:
                        copy.write_row(row)
                    copied += len(batch)
            if "id" in t.columns and t.columns["id"].autoincrement in (True, "auto"):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{t.name}\"', 'id'), "
                    f'coalesce((SELECT max(id) FROM "{t.name}"), 0) + 1, false) '
                    f"WHERE pg_get_serial_sequence('\"{t.name}\"', 'id') IS NOT NULL"
                )
        for t in tables:
            cur.execute(f'ALTER TABLE "{t.name}" ENABLE TRIGGER USER')
        pg.commit()
        pg.autocommit = True
        cur.execute("ANALYZE")
    source.close()
    open_database(url).dispose()  # opens as the program would, on the copied rows
    return copied
