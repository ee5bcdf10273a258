"""Eligibility at province scale (DESIGN: every staff member for one title ≤ 100 ms, all titles ≤ 1 s).

The histories are loaded once (measured on its own: `test_load_histories`); the figures that the bar
speaks of are the engine over those loaded histories:
- one title: LĐTT judged for everyone on the staff in 2024 (everyone is a candidate for it), and
  CSTĐ cấp tỉnh judged for all 25,000 staff, candidates or not (`judge` called for each person);
- every title: `who_is_eligible` for every code of persons and units, with the candidate lists the
  command line uses, over the staff of the year.
"""

from __future__ import annotations

import pytest

from app.rules import judge
from app.services.eligibility import load_histories, staff_in_year, who_is_eligible

YEAR = 2024


@pytest.fixture(scope="module")
def histories(province_ctx):
    return load_histories(province_ctx)


@pytest.fixture(scope="module")
def staff(histories):
    found = staff_in_year(histories, YEAR)
    assert len(found) >= 20_000
    return found


def test_load_histories(benchmark, province_ctx):
    hist = benchmark.pedantic(load_histories, args=(province_ctx,), rounds=3, iterations=1)
    assert len(hist.persons) >= 25_000


def test_one_title_everyone_on_the_staff(benchmark, histories, staff):
    rows = benchmark.pedantic(
        who_is_eligible,
        args=(histories, YEAR, ["LDTT"]),
        kwargs={"staff": staff},
        rounds=10,
        iterations=1,
        warmup_rounds=1,
    )
    # The demo's 2024 LĐTT are decided: most are "Đã được khen", the rest judged on their records.
    assert (
        len(rows) == len(staff)
        and sum(r.verdict.eligible or bool(r.verdict.held) for r in rows) > len(staff) // 2
    )


def test_one_title_judged_for_all_staff(benchmark, histories):
    people, book = list(histories.persons.values()), histories.book

    def everyone():
        return [judge(h, "CSTD_TINH", YEAR, book) for h in people]

    verdicts = benchmark.pedantic(everyone, rounds=10, iterations=1, warmup_rounds=1)
    assert len(verdicts) >= 25_000 and 0 < sum(v.eligible for v in verdicts) < 500


def test_every_title(benchmark, histories, staff):
    rows = benchmark.pedantic(
        who_is_eligible,
        args=(histories, YEAR),
        kwargs={"staff": staff},
        rounds=5,
        iterations=1,
        warmup_rounds=1,
    )
    assert {r.code for r in rows if r.verdict.eligible} >= {
        "LDTT",
        "CSTDCS",
        "CSTD_TINH",
        "TTLDTT",
        "CO_TINH",
    }
