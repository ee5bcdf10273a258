"""The eligibility rules for collectives: the unit's record and its members' in the review year."""

from __future__ import annotations

import datetime as dt

import pytest

from app.rules import (
    SAME_REVIEW,
    AwardRecord,
    ClusterRecord,
    DisciplineRecord,
    MemberYear,
    RatingRecord,
    UnitHistory,
    judge,
)
from app.rules.parameters import shipped_book
from database.enums import AwardBasis, DisciplineForm, RatingLevel

BOOK = shipped_book()
EXC, GOOD, DONE, FAILED = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.DONE, RatingLevel.FAILED
LDTT = AwardRecord("LDTT", 2024)
CSTDCS = AwardRecord("CSTDCS", 2024)


def staff(n_ldtt: int, n_other: int, level=GOOD, cstdcs: int = 0, year: int = 2024) -> list[MemberYear]:
    found = [MemberYear(i, f"Người {i}", level, AwardRecord("LDTT", year), None) for i in range(n_ldtt)]
    found += [MemberYear(100 + i, f"Khác {i}", level, None, None) for i in range(n_other)]
    for i in range(cstdcs):
        found[i] = MemberYear(
            found[i].person_id, found[i].full_name, EXC, found[i].ldtt, AwardRecord("CSTDCS", year)
        )
    return found


def unit(ratings=None, members=(), awards=(), clusters=(), disciplines=(), year=2024) -> UnitHistory:
    return UnitHistory(
        7,
        "Khoa Nội",
        tuple(RatingRecord(y, lv) for y, lv in (ratings or {}).items()),
        tuple(awards),
        tuple(disciplines),
        tuple(clusters),
        year,
        tuple(members),
    )


def verdict(u, code, year=2024, granting=frozenset(), members_granting=None):
    return judge(u, code, year, BOOK, frozenset(granting), members_granting)


@pytest.mark.parametrize(("held", "others", "ok"), [(7, 3, True), (6, 4, False), (14, 6, True)])
def test_ttldtt_seventy_percent_of_members_hold_ldtt(held, others, ok):
    v = verdict(unit({2024: GOOD}, staff(held, others)), "TTLDTT")
    assert v.eligible is ok
    assert f"LĐTT 2024: {held}/{held + others} thành viên" in " ".join(v.met + v.missing)


def test_ttldtt_old_law_needed_more_than_half():
    half = unit({2023: GOOD}, staff(5, 5, year=2023), year=2023)
    v = verdict(half, "TTLDTT", 2023)
    assert not v.eligible and "cần trên 50%" in v.missing[0]
    assert verdict(unit({2023: GOOD}, staff(6, 4, year=2023), year=2023), "TTLDTT", 2023).eligible


def test_ttldtt_member_warning_blocks_but_reprimand_does_not():
    members = staff(9, 1)
    warned = DisciplineRecord(DisciplineForm.WARNING, dt.date(2024, 2, 1), dt.date(2025, 1, 31))
    members[9] = MemberYear(109, "Trần Văn Bình", GOOD, None, None, warned)
    v = verdict(unit({2024: GOOD}, members), "TTLDTT")
    assert not v.eligible and "Trần Văn Bình (cảnh cáo)" in v.missing[0]
    members[9] = MemberYear(
        109,
        "Trần Văn Bình",
        GOOD,
        None,
        None,
        DisciplineRecord(DisciplineForm.REPRIMAND, dt.date(2024, 2, 1)),
    )
    assert verdict(unit({2024: GOOD}, members), "TTLDTT").eligible


def test_ttldtt_members_granted_in_the_same_review_count_marked():
    members = staff(6, 4)
    grants = {100: frozenset({("LDTT", 2024)})}
    v = verdict(unit({2024: GOOD}, members), "TTLDTT", members_granting=grants)
    assert v.eligible and f"trong đó 1{SAME_REVIEW}" in v.met[2]


def test_ttldtt_needs_a_good_unit_rating_and_members():
    assert not verdict(unit({2024: DONE}, staff(10, 0)), "TTLDTT").eligible
    v = verdict(unit({2024: GOOD}, []), "TTLDTT")
    assert not v.eligible and "Chưa có thành viên được xếp loại năm 2024" in v.missing


def test_ttldxs_excellent_all_complete_seventy_percent_and_one_cstdcs():
    assert verdict(unit({2024: EXC}, staff(8, 2, cstdcs=1)), "TTLDXS").eligible
    assert not verdict(unit({2024: GOOD}, staff(8, 2, cstdcs=1)), "TTLDXS").eligible
    v = verdict(unit({2024: EXC}, staff(8, 2)), "TTLDXS")
    assert not v.eligible and "CSTĐCS 2024: chưa có (0/1)" in v.missing
    failing = staff(8, 2, cstdcs=1)
    failing[9] = MemberYear(109, "Lê Thị Mai", FAILED, None, None)
    v = verdict(unit({2024: EXC}, failing), "TTLDXS")
    assert not v.eligible and "Lê Thị Mai" in v.missing[0]


def test_cluster_flag_follows_the_suy_ton_not_the_rotating_chair():
    proposed = ClusterRecord(2024, "Cụm các bệnh viện", "MEMBER", "CO_TINH")
    v = verdict(unit({2024: EXC}, clusters=[proposed]), "CO_TINH")
    assert v.eligible and "suy tôn dẫn đầu" in v.met[1] and "80%" in v.pending[-1]
    chair = ClusterRecord(2024, "Cụm các bệnh viện", "LEADER", None)
    v = verdict(unit({2024: EXC}, clusters=[chair]), "CO_TINH")
    assert not v.eligible and "cụm, khối trưởng luân phiên" in v.missing[0]
    v = verdict(unit({2024: EXC}), "CO_TINH")
    assert "Không thuộc cụm, khối thi đua nào năm 2024" in v.missing
    assert not verdict(unit({2024: EXC}, clusters=[proposed]), "CO_BO").eligible


def test_government_flag_from_a_provincial_flag_of_the_year():
    v = verdict(unit({2024: EXC}, awards=[AwardRecord("CO_TINH", 2024)]), "CO_CP")
    assert v.eligible
    v = verdict(unit({2024: EXC}), "CO_CP", granting={("CO_TINH", 2024)})
    assert v.eligible and f"Cờ thi đua UBND tỉnh 2024{SAME_REVIEW}" in v.met


def test_bk_for_a_unit_two_excellent_years_or_ttldxs():
    assert verdict(unit({2023: EXC, 2024: EXC}), "BK_TINH").eligible
    assert verdict(unit({2023: GOOD, 2024: EXC}, awards=[AwardRecord("TTLDXS", 2023)]), "BK_TINH").eligible
    v = verdict(unit({2023: GOOD, 2024: EXC}), "BK_TINH")
    assert not v.eligible and "thiếu 2023" in v.missing[0]
    thematic = AwardRecord("TTLDXS", 2023, AwardBasis.THEMATIC)
    assert not verdict(unit({2023: GOOD, 2024: EXC}, awards=[thematic]), "BK_BO").eligible


def test_bk_ttg_and_hcld3_for_a_unit():
    ratings = {y: EXC for y in range(2019, 2025)}
    u = unit(ratings, awards=[AwardRecord("BK_TINH", 2020), AwardRecord("TTLDXS", 2022)])
    assert verdict(u, "BK_TTG").eligible
    assert not verdict(unit(ratings, awards=[AwardRecord("BK_TINH", 2020)]), "BK_TTG").eligible
    u = unit(
        ratings | {2017: EXC, 2018: EXC}, awards=[AwardRecord("BK_TTG", 2018), AwardRecord("CO_TINH", 2020)]
    )
    v = verdict(u, "HCLD3")
    assert v.eligible and any("[U]" in line for line in v.pending)


def test_giay_khen_for_a_unit_and_unit_discipline():
    assert verdict(unit({2024: GOOD}), "GIAY_KHEN").eligible
    frozen = DisciplineRecord(DisciplineForm.PENDING, dt.date(2024, 11, 1))
    assert not verdict(unit({2024: GOOD}, disciplines=[frozen]), "GIAY_KHEN").eligible


def test_inherited_records_of_a_predecessor_count_but_the_units_own_win():
    inherited = RatingRecord(2023, EXC, None, "TTYT huyện cũ")
    u = UnitHistory(7, "TTYT khu vực", (RatingRecord(2024, EXC), inherited), (), (), (), 2024, ())
    assert verdict(u, "BK_TINH").eligible
    own = UnitHistory(
        7,
        "TTYT khu vực",
        (RatingRecord(2023, GOOD), inherited, RatingRecord(2024, EXC)),
        (),
        (),
        (),
        2024,
        (),
    )
    assert not verdict(own, "BK_TINH").eligible


def test_members_must_be_loaded_for_the_year_judged():
    with pytest.raises(ValueError):
        verdict(unit({2024: GOOD}, staff(3, 0), year=2023), "TTLDTT", 2024)
