"""Foundation figures: building the demo province, opening a database, searching all staff."""

from __future__ import annotations

import pytest

from app.demo import build_demo
from app.services.staff import load_directory
from app.startup import open_database
from database.engine import sqlite_url


def test_build_demo_province(benchmark, tmp_path):
    """DESIGN: the demo province (150 units, 25,000 staff, ten years) builds in under a minute."""
    counter = iter(range(100))

    def build():
        db = open_database(sqlite_url(tmp_path / f"p{next(counter)}.sqlite3"))
        try:
            return build_demo(db, small=False, seed=2025)
        finally:
            db.dispose()

    stats = benchmark.pedantic(build, rounds=1, iterations=1)
    assert stats.staff >= 20_000


def test_open_province_database(benchmark, province_path):
    """Start-up cost of the database: checks, migrations (none due) and the catalogue sync."""
    benchmark(lambda: open_database(sqlite_url(province_path)).dispose())


def test_load_staff_directory(benchmark, province_ctx, province_staff):
    directory = benchmark(load_directory, province_ctx)
    assert len(directory.records) >= province_staff * 0.9  # the working ones


@pytest.mark.parametrize("query", ["n", "nguyen", "nguyen van a", "duc"])
def test_search_as_you_type(benchmark, province_ctx, query):
    """The core's share of a keystroke: filter every folded name of the province (DESIGN: ≤ 20 ms to repaint)."""
    directory = load_directory(province_ctx)
    hits = benchmark(directory.search, query)
    assert hits
