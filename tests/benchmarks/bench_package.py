"""A year's USB package of the demo province (about 25,000 staff; issue 16: export ≤ 10 s, import into an
empty database ≤ 15 s): exported (data.json, the list of awards, a PDF of each of the year's decisions with
its annex of names, AES-256 as the command line makes it), then taken in: into an empty database, and back
into the province it came from, where every record is found by its uid and nothing is written. The package
the imports read is exported once, outside their timing; each round of the empty case gets a fresh
database, made outside the timing too. Each test prints its median beside the bar.
"""

from __future__ import annotations

import shutil
from itertools import count

import pytest

from app.exchange.package import PackageScope, export_package, import_package
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url

YEAR = 2025
PASSWORD = "Mật-khẩu 2025"
EXPORT_BAR, IMPORT_BAR = 10.0, 15.0  # seconds


@pytest.fixture(scope="session")
def package_2025(province_ctx, tmp_path_factory):
    target = tmp_path_factory.mktemp("package") / "goi.zip"
    return export_package(province_ctx, PackageScope(YEAR), target, password=PASSWORD).target


def _figure(benchmark, what: str, bar: float) -> None:
    median = benchmark.stats.stats.median
    print(f"\n{what}: median {median:.2f} s (bar {bar:g} s, {median / bar:.0%} of it)")


def test_a_years_package_exported(benchmark, province_ctx, tmp_path):
    rounds = count()

    def setup():
        return (province_ctx, PackageScope(YEAR), tmp_path / f"goi{next(rounds)}.zip"), {"password": PASSWORD}

    result = benchmark.pedantic(export_package, setup=setup, rounds=3, iterations=1)
    assert result.counts["persons"] > 20_000 and result.counts["awards"] > 20_000 and not result.skipped
    pdfs = sum(name.startswith("quyet-dinh/") for name in result.files)
    assert pdfs >= 40  # every registered decision of the year, its annex of names and all
    _figure(benchmark, "export of one year", EXPORT_BAR)


def _rounds(benchmark, package, make_database):
    opened = []

    def setup():
        db = make_database(len(opened))
        opened.append(db)
        return (ServiceContext(db, actor="bench"), package, PASSWORD), {}

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
    _figure(benchmark, "import of one year into an empty database", IMPORT_BAR)


def test_a_years_package_back_into_its_province(benchmark, package_2025, province_path, tmp_path):
    def make_database(n):
        path = tmp_path / f"province{n}.sqlite3"
        shutil.copyfile(province_path, path)
        return open_database(sqlite_url(path), backup_dir=tmp_path / "backups")

    report = _rounds(benchmark, package_2025, make_database)
    assert report.written and not report.anything and report.conflicts == [] and report.review == []
    _figure(benchmark, "import of one year back into its province", IMPORT_BAR)
