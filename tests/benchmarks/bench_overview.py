"""The figures of Tổng quan, the first page (issue 16: shown ≤ 1.5 s after start at 100,000 staff over fifteen
years; the start-up benchmark times the whole way there, this one the service that counts them): units,
staff, campaigns, registers, nominations, and the awards of every year split into titles and forms (1.16
million awards at 100,000 staff)."""

from __future__ import annotations

import time

from app.services.overview import load_overview
from tests.benchmarks.probes import bare_query, bare_statement, compare

# The bare probe: the awards of every year counted the plain way, as a hand-written report would.
AWARDS_BY_YEAR = """
SELECT year, sum(CASE WHEN is_title THEN 1 ELSE 0 END), count(*) FROM award WHERE NOT revoked GROUP BY year
"""


def cpu_of(run, rounds: int = 5) -> float:
    """The least CPU time of this process over `rounds` calls (the database's own on SQLite, not on a server)."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    print(f"\n  cpu of this process {best * 1000:,.1f} ms (best of {rounds})", flush=True)
    return best


def test_first_page_figures(benchmark, province_ctx, province_staff):
    overview = benchmark.pedantic(
        load_overview, args=(province_ctx,), rounds=10, iterations=1, warmup_rounds=1
    )
    assert overview.staff_working + overview.staff_left == province_staff
    assert overview.awards >= 4 * province_staff
    assert sum(y.total for y in overview.awards_by_year) <= overview.awards
    compare(benchmark, bare_query(province_ctx.db, AWARDS_BY_YEAR), "bare driver, the awards of every year")
    its_query = bare_statement(province_ctx.db, lambda: load_overview(province_ctx))
    compare(benchmark, its_query, "bare driver, the service's slowest query")
    cpu_of(lambda: load_overview(province_ctx))
