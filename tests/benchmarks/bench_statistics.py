"""Thống kê at province scale (25,000 staff: about 213,000 awards over ten years; 100,000 staff over fifteen
years: 1.16 million): the whole province over every year, the broadest count the page asks for (issue 16:
≤ 1 s at 100,000 staff); one year of one hospital with its departments, the common narrow one, far under.
Also the workbook of every table with its charts."""

from __future__ import annotations

from app.exchange.statistics_export import export_statistics_xlsx
from app.services.statistics import StatQuery, award_statistics, statistics_choices
from tests.benchmarks.bench_overview import cpu_of
from tests.benchmarks.probes import bare_query, bare_statement, compare

# The bare probe: the same counts and sums, by year, award, sex and unit, written plainly.
EVERY_YEAR = """
SELECT a.year, a.award_type_id, a.basis, p.gender, coalesce(p.unit_id, a.unit_id), count(*), sum(a.bonus_amount)
FROM award a LEFT JOIN person p ON p.id = a.person_id
WHERE NOT a.revoked
GROUP BY 1, 2, 3, 4, 5
"""


def test_whole_province_every_year(benchmark, province_ctx, province_staff):
    choices = statistics_choices(province_ctx)
    query = StatQuery(choices.first_year, choices.last_year)
    stats = benchmark.pedantic(
        award_statistics, args=(province_ctx, query), rounds=10, iterations=1, warmup_rounds=1
    )
    assert stats.count >= 4 * province_staff  # about 8.5 awards a person over ten years
    compare(
        benchmark, bare_query(province_ctx.db, EVERY_YEAR), "bare driver, a plain GROUP BY of every award"
    )
    its_query = bare_statement(province_ctx.db, lambda: award_statistics(province_ctx, query))
    compare(benchmark, its_query, "bare driver, the service's own query")
    cpu_of(lambda: award_statistics(province_ctx, query))


def test_one_hospital_one_year(benchmark, province_ctx):
    choices = statistics_choices(province_ctx)
    broad = award_statistics(province_ctx, StatQuery(choices.last_year, choices.last_year))
    query = StatQuery(choices.last_year, choices.last_year, unit_id=broad.units[0].unit_id)
    stats = benchmark.pedantic(
        award_statistics, args=(province_ctx, query), rounds=10, iterations=1, warmup_rounds=1
    )
    assert 0 < stats.count < broad.count


def test_workbook_of_every_table(benchmark, province_ctx, tmp_path):
    choices = statistics_choices(province_ctx)
    stats = award_statistics(province_ctx, StatQuery(choices.first_year, choices.last_year))
    path = tmp_path / "thong-ke.xlsx"
    written = benchmark.pedantic(export_statistics_xlsx, args=(path, stats, None), rounds=5, iterations=1)
    assert written == 6
