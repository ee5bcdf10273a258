"""Building the province at the new scale (issue 16): `build_demo` with TDKT_BENCH_STAFF staff (default 100,000;
fifteen years, several hundred units, two former departments' registers) — DESIGN: under 90 s on an idle
2-core machine. Built in a child process of its own, so that its CPU time and peak memory are its alone."""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

STAFF = int(os.environ.get("TDKT_BENCH_STAFF", "100000"))


def _build(path: str, staff: int) -> dict:
    from app.demo import build_demo
    from app.startup import open_database
    from database.engine import sqlite_url

    db = open_database(sqlite_url(Path(path)), backup_dir=Path(path).parent / "backups")
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        stats = build_demo(db, seed=2025, staff=staff)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        db.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (
        1024 * 1024 if sys.platform == "darwin" else 1024
    )
    return {"wall": wall, "cpu": cpu, "peak_mib": peak, **stats.as_dict()}


def test_build_demo_at_scale(benchmark, tmp_path):
    counter = iter(range(100))

    def build() -> dict:
        path = tmp_path / f"p{next(counter)}.sqlite3"
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            return pool.apply(_build, (str(path), STAFF))

    figures = benchmark.pedantic(build, rounds=1, iterations=1)
    benchmark.extra_info.update(figures)
    print(
        f"\nbuild_demo({STAFF:,} staff): {figures['wall']:.1f} s wall, {figures['cpu']:.1f} s CPU, "
        f"peak {figures['peak_mib']:.0f} MiB; {figures['units']:,} units, {figures['ratings']:,} ratings, "
        f"{figures['awards']:,} awards, {figures['documents']:,} outgoing documents; "
        f"former departments: {', '.join(figures['former_departments'])}"
    )
    assert (
        figures["staff"] == STAFF
        and figures["first_year"] == 2011
        and len(figures["former_departments"]) == 2
    )
