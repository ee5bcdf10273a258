"""Merging two departments' databases (issue 16, Deliver 4: two 25,000-staff provinces in ≤ 60 s): the
benchmark province (seed 2025) takes in a second province built with another seed, backup included, on
SQLite; and on PostgreSQL when TDKT_TEST_DATABASE_URL names a server (the province built there once, each
round merging into a fresh copy of it: CREATE DATABASE … TEMPLATE, outside the timing). Prints the median
beside the bar, and the process's CPU time."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from itertools import count

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.demo import build_demo
from app.exchange.merge_database import merge_database
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import normalise_url, sqlite_url

BAR = 60.0  # seconds
PG_ENV = "TDKT_TEST_DATABASE_URL"


@pytest.fixture(scope="session")
def other_province(tmp_path_factory):
    path = tmp_path_factory.mktemp("other") / "so-y-te-cu.sqlite3"
    db = open_database(sqlite_url(path))
    build_demo(db, small=False, seed=7)
    db.dispose()
    return path


def _merged(benchmark, make_database, other) -> None:
    opened, cpu = [], []

    def setup():
        db = make_database(len(opened))
        opened.append(db)
        cpu.append(time.process_time())
        return (ServiceContext(db, actor="bench"), other), {}

    def merge(ctx, source):
        report = merge_database(ctx, source)
        cpu[-1] = time.process_time() - cpu[-1]
        return report

    try:
        report = benchmark.pedantic(merge, setup=setup, rounds=2, iterations=1)
    finally:
        for db in opened:
            db.dispose()
    assert report.written and report.added["persons"] > 20_000 and report.added["awards"] > 200_000
    median = benchmark.stats.stats.median
    print(f"\nmerge of two provinces: median {median:.1f} s (bar {BAR:g} s), CPU {min(cpu):.1f} s")


@pytest.fixture
def fresh_province(backend, province_path, tmp_path):
    """make(n): the benchmark province again, fresh for round n, on the backend."""
    if backend == "sqlite":

        def make(n):
            path = tmp_path / f"province{n}.sqlite3"
            shutil.copyfile(province_path, path)
            return open_database(sqlite_url(path), backup_dir=tmp_path / "backups")

        yield make
        return
    admin_url = normalise_url(make_url(os.environ[PG_ENV]))
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    stem = f"tdkt_bench_merge_{uuid.uuid4().hex[:8]}"
    made = [f"{stem}_province"]
    names = count()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{made[0]}"'))
    try:
        db = open_database(admin_url.set(database=made[0]))
        build_demo(db, small=False, seed=2025)
        db.dispose()

        def make(_n):
            made.append(f"{stem}_{next(names)}")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{made[-1]}" TEMPLATE "{made[0]}"'))
            return open_database(admin_url.set(database=made[-1]), backup_dir=tmp_path / "backups")

        yield make
    finally:
        with admin.connect() as conn:
            for name in reversed(made):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize("backend", ["sqlite"] + (["postgresql"] if os.environ.get(PG_ENV) else []))
def test_two_provinces_merged(benchmark, fresh_province, other_province, backend):
    _merged(benchmark, fresh_province, other_province)
