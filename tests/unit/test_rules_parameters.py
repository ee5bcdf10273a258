"""Rule parameters by date and rule set: which law judges which year, caps and thresholds as data."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from app.rules import MissingParameter, ParameterRow, PersonHistory, RatingRecord, RuleBook, judge
from app.rules.parameters import share, shipped_book
from database.enums import InitiativeLevel, RatingLevel


def book(*rows) -> RuleBook:
    return RuleBook([ParameterRow(*r) for r in rows], {"CSTDCS": "CSTĐCS", "LDTT": "LĐTT"}, ["CSTDCS", "LDTT"])


def test_rule_set_by_review_year():
    shipped = shipped_book()
    assert shipped.year(2023).law == "NĐ 91/2017/NĐ-CP"
    assert shipped.year(2024).law == "Luật TĐKT 2022 và NĐ 98/2023/NĐ-CP"
    assert shipped.year(2025).law == "Luật TĐKT 2022 và NĐ 152/2025/NĐ-CP"
    assert shipped.year(2023).get("cstdcs_cap_share") == 0.15
    assert shipped.year(2024).get("cstdcs_cap_share") is None  # a null row ends the cap
    assert shipped.year(2016).get("ldtt_max_absent_days") == 40  # before the first row: the first row
    assert shipped.year(2025).get("vote_threshold.CSTD_TINH") == 0.9


def test_more_specific_rule_set_wins_and_null_falls_back():
    b = book(("NATIONAL", "cap", 0.15, dt.date(2017, 10, 1)), ("NATIONAL", "cap", None, dt.date(2024, 1, 1)),
             ("PROVINCE", "cap", 0.2, dt.date(2025, 1, 1)), ("MOH", "x", 1, dt.date(2024, 1, 1)),
             ("PROVINCE", "x", None, dt.date(2024, 1, 1)))
    assert b.value("cap", dt.date(2023, 12, 31)) == 0.15
    assert b.value("cap", dt.date(2024, 12, 31)) is None
    assert b.value("cap", dt.date(2025, 12, 31)) == 0.2
    assert b.value("x", dt.date(2024, 12, 31)) == 1
    assert b.value("missing", dt.date(2024, 12, 31)) is None


def test_a_province_may_bring_back_a_cstdcs_cap():
    rows = [("NATIONAL", k, v, dt.date(2024, 1, 1)) for k, v in (
        ("ldtt_max_absent_days", 40), ("ldtt_min_tenure_months", 10), ("cstdcs_requires_initiative", False),
        ("cstdcs_cap_share", None))]
    h = PersonHistory(1, "A", None, dt.date(2010, 1, 1), None, (RatingRecord(2024, RatingLevel.EXCELLENT),))
    v = judge(h, "CSTDCS", 2024, book(*rows))
    assert v.eligible and not any("không quá" in line for line in v.pending)
    capped = book(*rows, ("PROVINCE", "cstdcs_cap_share", 0.25, dt.date(2024, 6, 1)))
    v = judge(h, "CSTDCS", 2024, capped)
    assert v.eligible and any("không quá 25% số người đạt LĐTT" in line for line in v.pending)


def test_a_missing_parameter_is_named():
    h = PersonHistory(1, "A", None, dt.date(2010, 1, 1), None, (RatingRecord(2024, RatingLevel.GOOD),))
    with pytest.raises(MissingParameter, match="ldtt_max_absent_days"):
        judge(h, "LDTT", 2024, book())


def test_shares_compare_exactly():
    assert share(0.7) == Fraction(7, 10) and 7 >= share(0.7) * 10 and not 6 >= share(0.7) * 9


def test_every_shipped_level_and_code_is_known():
    shipped = shipped_book()
    assert {"CSTDCS", "LDTT", "TTLDXS", "CO_TINH"} <= shipped.titles and "BK_TINH" not in shipped.titles
    assert shipped.names["CSTD_TINH"] == "CSTĐ cấp tỉnh"
    assert InitiativeLevel.PROVINCE.label == "Cấp tỉnh/bộ"
