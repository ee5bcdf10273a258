"""Rule parameters by date and rule set: which law judges which year, caps and thresholds as data."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from app.rules import MissingParameter, ParameterRow, PersonHistory, RatingRecord, RuleBook, judge
from app.rules.parameters import share, shipped_book
from app.services.legal_bases import lines_in_force
from database.enums import DocumentKind, InitiativeLevel, RatingLevel


def book(*rows) -> RuleBook:
    return RuleBook(
        [ParameterRow(*r) for r in rows], {"CSTDCS": "CSTĐCS", "LDTT": "LĐTT"}, ["CSTDCS", "LDTT"]
    )


def test_rule_set_by_review_year():
    shipped = shipped_book()
    assert shipped.year(2023).law == "NĐ 91/2017/NĐ-CP"
    assert shipped.year(2024).law == "Luật TĐKT 2022 và NĐ 98/2023/NĐ-CP"
    assert shipped.year(2025).law == "Luật TĐKT 2022 và NĐ 152/2025/NĐ-CP"
    assert shipped.year(2023).get("cstdcs_cap_share") == 0.15
    assert shipped.year(2024).get("cstdcs_cap_share") is None  # a null row ends the cap
    assert shipped.year(2016).get("ldtt_max_absent_days") == 40  # before the first row: the first row
    assert shipped.year(2025).get("vote_threshold.CSTD_TINH") == 0.9
    # Luật 06/2026/QH16 amends the Luật TĐKT from 01/10/2026 [P]: a new rule set for the year 2026.
    assert shipped.year(2026).law == "Luật TĐKT 2022 (sửa đổi 2026) và NĐ 152/2025/NĐ-CP"


def test_rule_set_on_a_day_within_a_year():
    shipped = shipped_book()
    # A dossier of 2026 received on 30/09/2026 is judged before Luật 06/2026/QH16 took effect (01/10/2026).
    before, after = shipped.year(2026, dt.date(2026, 9, 30)), shipped.year(2026, dt.date(2026, 10, 1))
    assert before.law == "Luật TĐKT 2022 và NĐ 152/2025/NĐ-CP" and after.law == shipped.year(2026).law
    assert before.year == after.year == 2026 and before.day == dt.date(2026, 9, 30)
    # Days between the same two changes share one YearRules (and its cache of verdicts).
    assert shipped.year(2026, dt.date(2026, 9, 1)) is before
    # Luật 06/2022/QH15 Điều 95 [V]: a 2023 dossier received in 01/2024 is judged by the new law.
    assert shipped.year(2023, dt.date(2024, 1, 10)).law == "Luật TĐKT 2022 và NĐ 98/2023/NĐ-CP"


def test_the_deciding_row_of_a_threshold():
    shipped = shipped_book()
    # NĐ 152/2025 Điều 33 khoản 5 [V] sets CSTĐ toàn quốc itself; CSTĐCS is the province's from 01/07/2025.
    assert shipped.deciding_row("vote_threshold.CSTD_TQ", dt.date(2025, 12, 1)) == (
        "NATIONAL",
        dt.date(2025, 7, 1),
        0.9,
    )
    assert shipped.deciding_row("vote_threshold.CSTDCS", dt.date(2025, 12, 1)) == (
        "PROVINCE",
        dt.date(2025, 7, 1),
        0.8,
    )
    # NĐ 98/2023 Điều 30 khoản 7 [V] before it.
    assert shipped.deciding_row("vote_threshold.CSTDCS", dt.date(2025, 6, 30)) == (
        "NATIONAL",
        dt.date(2024, 1, 1),
        0.8,
    )
    assert shipped.deciding_row("no_such_key", dt.date(2025, 6, 30)) is None


def test_the_shipped_lines_of_a_decision_by_date():
    shipped = shipped_book()

    def first_two(day):
        return lines_in_force(shipped, day, DocumentKind.DECISION)[:2]

    # Luật 2003 (amended 2005, 2013) and NĐ 91/2017 until 31/12/2023; Luật 2022 (Điều 95: from 01/01/2024).
    assert "ngày 26 tháng 11 năm 2003" in first_two(dt.date(2023, 12, 31))[0]
    assert "91/2017/NĐ-CP" in first_two(dt.date(2023, 12, 31))[1]
    assert "98/2023/NĐ-CP" in first_two(dt.date(2024, 1, 1))[1]
    assert "152/2025/NĐ-CP" in first_two(dt.date(2025, 7, 1))[1]  # NĐ 152/2025 Điều 59
    assert "ngày 23 tháng 4 năm 2026" in first_two(dt.date(2026, 10, 1))[0]


def test_more_specific_rule_set_wins_and_null_falls_back():
    b = book(
        ("NATIONAL", "cap", 0.15, dt.date(2017, 10, 1)),
        ("NATIONAL", "cap", None, dt.date(2024, 1, 1)),
        ("PROVINCE", "cap", 0.2, dt.date(2025, 1, 1)),
        ("MOH", "x", 1, dt.date(2024, 1, 1)),
        ("PROVINCE", "x", None, dt.date(2024, 1, 1)),
    )
    assert b.value("cap", dt.date(2023, 12, 31)) == 0.15
    assert b.value("cap", dt.date(2024, 12, 31)) is None
    assert b.value("cap", dt.date(2025, 12, 31)) == 0.2
    assert b.value("x", dt.date(2024, 12, 31)) == 1
    assert b.value("missing", dt.date(2024, 12, 31)) is None


def test_a_province_may_bring_back_a_cstdcs_cap():
    rows = [
        ("NATIONAL", k, v, dt.date(2024, 1, 1))
        for k, v in (
            ("ldtt_max_absent_days", 40),
            ("ldtt_min_tenure_months", 10),
            ("cstdcs_requires_initiative", False),
            ("cstdcs_cap_share", None),
        )
    ]
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
