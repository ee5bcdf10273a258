"""A year's USB package of the demo province (about 25,000 staff) taken in (DESIGN: ≤ 15 s at 25,000 staff):
into an empty database, and back into the province it came from, where every record is found by its uid
and nothing is written. The package is exported once, outside the timing; each round of the empty case
gets a fresh database, made outside the timing too.
"""

from __future__ import annotations

import shutil

import pytest

from app.exchange.package import PackageScope, export_package, import_package
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url


@pytest.fixture(scope="session")
def package_2025(province_ctx, tmp_path_factory):
    return export_package(
        province_ctx, PackageScope(2025), tmp_path_factory.mktemp("package") / "goi.zip"
    ).target


def _rounds(benchmark, package, make_database):
    opened = []

    def setup():
        db = make_database(len(opened))
        opened.append(db)
        return (ServiceContext(db, actor="bench"), package), {}

    try:
        return benchmark.pedantic(import_package, setup=setup, rounds=3, iterations=1)
    finally:
        for db in opened:
            db.dispose()


def test_a_years_package_into_an_empty_database(benchmark, package_2025, tmp_path):
    report = _rounds(
        benchmark,
        package_2025,
        lambda n: open_database(sqlite_url(tmp_path / f"empty{n}.sqlite3"), backup_dir=tmp_path / "backups"),
    )
    assert (
        report.written and report.conflicts == [] and report.review == [] and report.added["persons"] > 20_000
    )


def test_a_years_package_back_into_its_province(benchmark, package_2025, province_path, tmp_path):
    def make_database(n):
        path = tmp_path / f"province{n}.sqlite3"
        shutil.copyfile(province_path, path)
        return open_database(sqlite_url(path), backup_dir=tmp_path / "backups")

    report = _rounds(benchmark, package_2025, make_database)
    assert report.written and not report.anything and report.conflicts == [] and report.review == []
