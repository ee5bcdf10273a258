"""The eligibility rules for individuals (DOMAIN.md "Eligibility rules"), on hand-made histories."""

from __future__ import annotations

import datetime as dt

import pytest

from app.rules import (
    HELD,
    PENDING,
    SAME_REVIEW,
    AwardRecord,
    AwardUse,
    DisciplineRecord,
    InitiativeRecord,
    PersonHistory,
    RatingRecord,
    UnknownTitle,
    judge,
)
from app.rules.parameters import ParameterRow, RuleBook, shipped_book
from app.rules.persons import PHYSICIAN_JUDGED
from database.enums import AwardBasis, DisciplineForm, Gender, InitiativeKind, InitiativeLevel, RatingLevel

BOOK = shipped_book()
EXC, GOOD, DONE, FAILED = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.DONE, RatingLevel.FAILED


def person(
    ratings=None,
    awards=(),
    initiatives=(),
    disciplines=(),
    recruited=dt.date(2010, 3, 1),
    gender=Gender.FEMALE,
    since=None,
    absent=None,
) -> PersonHistory:
    absent = absent or {}
    return PersonHistory(
        1,
        "Nguyễn Thị Hoa",
        gender,
        recruited,
        since or recruited,
        tuple(RatingRecord(y, level, absent.get(y)) for y, level in (ratings or {}).items()),
        tuple(awards),
        tuple(initiatives),
        tuple(disciplines),
    )


def award(code, year, basis=AwardBasis.MERIT, revoked=False, number=None):
    return AwardRecord(
        code, year, basis, revoked, number or f"{year}{len(code)}/QĐ-SYT", dt.date(year, 12, 15)
    )


def sk(year, level=InitiativeLevel.BASE, used_by=None, title="Cải tiến quy trình", ident=None):
    return InitiativeRecord(
        ident or year * 10 + len(title),
        title,
        year,
        level,
        InitiativeKind.INITIATIVE,
        f"{year}/QĐ-BV",
        used_by,
    )


def book_with(*extra: ParameterRow) -> RuleBook:
    """The shipped rule book with a province's own rows added."""
    import json

    from app.paths import resource

    rows = json.loads(resource("catalogue", "parameters.json").read_text(encoding="utf-8"))["parameters"]
    return RuleBook(
        [
            ParameterRow(r["rule_set"], r["key"], r["value"], dt.date.fromisoformat(r["effective_from"]))
            for r in rows
        ]
        + list(extra),
        BOOK.names,
        BOOK.titles,
        BOOK.once,
    )


def verdict(h, code, year, granting=frozenset()):
    return judge(h, code, year, BOOK, frozenset(granting))


def text(v) -> str:
    return " | ".join(v.met + v.missing + v.pending)


# --- LĐTT ------------------------------------------------------------------------------------------


def test_ldtt_good_rating_is_eligible_with_the_spirit_left_to_the_unit():
    v = verdict(person({2024: GOOD}), "LDTT", 2024)
    assert v.eligible and "Xếp loại 2024: Hoàn thành tốt nhiệm vụ" in v.met
    assert any("đoàn kết" in line for line in v.pending) and v.law == "Luật TĐKT 2022 và NĐ 98/2023/NĐ-CP"


def test_ldtt_needs_a_rating_of_at_least_good():
    v = verdict(person({2024: DONE}), "LDTT", 2024)
    assert not v.eligible and "Xếp loại 2024: Hoàn thành nhiệm vụ" in v.missing[0]
    assert not verdict(person({2023: GOOD}), "LDTT", 2024).eligible  # no rating for the year


@pytest.mark.parametrize(("days", "ok"), [(39, True), (40, False), (None, True)])
def test_ldtt_absent_days_limit_is_inclusive(days, ok):
    v = verdict(person({2024: GOOD}, absent={2024: days}), "LDTT", 2024)
    assert v.eligible is ok
    if days == 40:
        assert "Nghỉ 40 ngày làm việc năm 2024" in v.missing[0]


@pytest.mark.parametrize(
    ("start", "ok"),
    [
        (dt.date(2024, 3, 1), True),
        (dt.date(2024, 3, 2), False),
        (dt.date(2024, 9, 1), False),
        (dt.date(2023, 12, 1), True),
    ],
)
def test_ldtt_tenure_of_ten_months(start, ok):
    v = verdict(person({2024: GOOD}, recruited=start), "LDTT", 2024)
    assert v.eligible is ok


def test_ldtt_unknown_start_goes_to_pending():
    v = verdict(person({2024: GOOD}, recruited=None), "LDTT", 2024)
    assert v.eligible and any("Chưa rõ ngày tuyển dụng" in line for line in v.pending)


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (dt.date(2023, 2, 1), dt.date(2023, 7, 31), True),  # before the year
        (dt.date(2024, 3, 1), dt.date(2024, 8, 31), False),  # within
        (dt.date(2023, 10, 1), dt.date(2024, 3, 31), False),  # runs into the year
        (dt.date(2025, 2, 1), None, True),  # after
    ],
)
def test_ldtt_discipline_before_within_after(start, end, ok):
    d = DisciplineRecord(DisciplineForm.REPRIMAND, start, end, "12/QĐ-BV")
    v = verdict(person({2024: GOOD}, disciplines=[d]), "LDTT", 2024)
    assert v.eligible is ok
    if not ok:
        assert "Bị kỷ luật năm 2024: Khiển trách" in v.missing[0] and "12/QĐ-BV" in v.missing[0]


def test_pending_inspection_freezes_at_the_review_but_not_once_closed():
    open_case = DisciplineRecord(DisciplineForm.PENDING, dt.date(2024, 10, 1))
    v = verdict(person({2024: EXC}, disciplines=[open_case]), "LDTT", 2024)
    assert not v.eligible and "tạm dừng xét khen thưởng" in v.missing[0]
    closed = DisciplineRecord(DisciplineForm.PENDING, dt.date(2024, 3, 1), dt.date(2024, 6, 30))
    assert verdict(person({2024: EXC}, disciplines=[closed]), "LDTT", 2024).eligible
    # Every rule is frozen, not only LĐTT.
    h = person({2024: GOOD}, since=dt.date(1990, 1, 1), disciplines=[open_case])
    assert not verdict(h, "KNC_VSKND", 2024).eligible


def test_plain_cases_share_one_verdict_and_others_are_read():
    a, b = person({2024: GOOD}), person({2024: GOOD})
    assert verdict(a, "LDTT", 2024) is verdict(b, "LDTT", 2024)
    assert verdict(person({2024: GOOD}, absent={2024: 45}), "LDTT", 2024).eligible is False


# --- CSTĐCS and the change of law between 2023 and 2024 -------------------------------------------


def test_cstdcs_2024_by_excellent_rating_without_initiative():
    v = verdict(person({2024: EXC}), "CSTDCS", 2024)
    assert v.eligible and "Xếp loại Hoàn thành xuất sắc nhiệm vụ năm 2024" in v.met
    assert "Hội đồng TĐKT bỏ phiếu kín: cần từ 80% tổng số thành viên đồng ý" in v.pending
    assert not any("%" in line and "LĐTT" in line for line in v.pending)  # no cap from 2024


def test_cstdcs_2023_needed_an_initiative_and_had_the_15_percent_cap():
    v = verdict(person({2023: EXC}), "CSTDCS", 2023)
    assert not v.eligible and "bắt buộc theo NĐ 91/2017/NĐ-CP" in v.missing[0]
    v = verdict(person({2023: EXC}, initiatives=[sk(2023)]), "CSTDCS", 2023)
    assert v.eligible and "không quá 15% số người đạt LĐTT" in text(v)


def test_cstdcs_2024_good_rating_needs_an_initiative_of_the_year():
    assert not verdict(person({2024: GOOD}, initiatives=[sk(2023)]), "CSTDCS", 2024).eligible
    v = verdict(person({2024: GOOD}, initiatives=[sk(2024)]), "CSTDCS", 2024)
    assert v.eligible and "Cải tiến quy trình" in text(v)


def test_cstdcs_counts_a_recorded_ldtt_or_one_of_the_same_review():
    h = person({2024: EXC}, awards=[award("LDTT", 2024, number="77/QĐ-SYT")])
    assert any(line.startswith("LĐTT 2024 (QĐ 77/QĐ-SYT") for line in verdict(h, "CSTDCS", 2024).met)
    v = verdict(person({2024: EXC}), "CSTDCS", 2024, {("LDTT", 2024)})
    assert f"LĐTT 2024{SAME_REVIEW}" in v.met


def test_cstdcs_rejects_an_initiative_used_by_another_award():
    used = sk(2024, used_by=AwardUse(9, "BK_TINH", 2024, False))
    v = verdict(person({2024: GOOD}, initiatives=[used]), "CSTDCS", 2024)
    assert not v.eligible and "đã dùng cho Bằng khen UBND tỉnh 2024" in v.missing[0]


# --- CSTĐ cấp tỉnh / bộ -------------------------------------------------------------------------


def chain_person(years, **kw):
    return person({y: EXC for y in range(2018, 2026)}, awards=[award("CSTDCS", y) for y in years], **kw)


def test_cstd_tinh_three_consecutive_cstdcs_and_a_provincial_initiative():
    h = chain_person([2022, 2023, 2024], initiatives=[sk(2023, InitiativeLevel.PROVINCE)])
    v = verdict(h, "CSTD_TINH", 2024)
    assert v.eligible and v.met[1].startswith("CSTĐCS 2022 (QĐ")
    assert "Hội đồng TĐKT bỏ phiếu kín: cần từ 90% tổng số thành viên đồng ý" in v.pending
    assert verdict(h, "CSTD_BO", 2024).eligible  # the same chain for the ministry's title


def test_cstd_tinh_gap_in_the_chain_and_missing_provincial_initiative():
    v = verdict(chain_person([2023, 2024], initiatives=[sk(2023)]), "CSTD_TINH", 2024)
    assert not v.eligible
    assert v.missing[0].startswith("CSTĐCS 2023 (QĐ") and v.missing[0].endswith("— thiếu 2022")
    assert v.missing[1].startswith("Chưa có sáng kiến, đề tài phạm vi cấp tỉnh, bộ")


def test_cstd_tinh_thematic_or_revoked_award_does_not_feed_the_chain():
    h = person(
        {y: EXC for y in range(2020, 2025)},
        initiatives=[sk(2022, InitiativeLevel.PROVINCE)],
        awards=[
            award("CSTDCS", 2022, AwardBasis.THEMATIC),
            award("CSTDCS", 2023, revoked=True),
            award("CSTDCS", 2024),
        ],
    )
    v = verdict(h, "CSTD_TINH", 2024)
    assert not v.eligible
    assert "thiếu 2022, 2023" in v.missing[0] and "khen thưởng chuyên đề" in v.missing[0]
    assert "đã bị thu hồi" in v.missing[0]


def test_cstd_tinh_same_review_counts_marked():
    h = chain_person([2022, 2023], initiatives=[sk(2024, InitiativeLevel.PROVINCE)])
    assert not verdict(h, "CSTD_TINH", 2024).eligible
    v = verdict(h, "CSTD_TINH", 2024, {("CSTDCS", 2024)})
    assert v.eligible and f"2024{SAME_REVIEW}" in v.met[1]


def test_cstd_tinh_initiative_used_by_another_award_and_reuse_between_titles():
    used = sk(2023, InitiativeLevel.PROVINCE, AwardUse(5, "CSTD_TINH", 2021, True))
    v = verdict(chain_person([2022, 2023, 2024], initiatives=[used]), "CSTD_TINH", 2024)
    assert not v.eligible and "đã dùng cho CSTĐ cấp tỉnh 2021" in v.missing[0]
    own = sk(2023, InitiativeLevel.PROVINCE, AwardUse(6, "CSTD_TINH", 2024, True))
    assert verdict(chain_person([2022, 2023, 2024], initiatives=[own]), "CSTD_TINH", 2024).eligible


def test_cstd_tinh_initiative_recognised_after_the_year_does_not_count():
    h = chain_person([2022, 2023, 2024], initiatives=[sk(2025, InitiativeLevel.PROVINCE)])
    assert not verdict(h, "CSTD_TINH", 2024).eligible


def test_cstd_tinh_chain_restarts_after_discipline_and_after_a_previous_award():
    d = DisciplineRecord(DisciplineForm.WARNING, dt.date(2022, 1, 10), dt.date(2022, 12, 31), "5/QĐ")
    h = chain_person([2022, 2023, 2024], disciplines=[d], initiatives=[sk(2023, InitiativeLevel.PROVINCE)])
    v = verdict(h, "CSTD_TINH", 2024)
    assert not v.eligible and "2022 không tính: kỷ luật cảnh cáo đến 12/2022" in v.missing[0]
    h = chain_person([2021, 2022, 2023, 2024], initiatives=[sk(2024, InitiativeLevel.PROVINCE)])
    h = PersonHistory(
        h.id,
        h.full_name,
        h.gender,
        h.recruited_on,
        h.health_sector_since,
        h.ratings,
        h.awards + (award("CSTD_TINH", 2023),),
        h.initiatives,
        h.disciplines,
    )
    v = verdict(h, "CSTD_TINH", 2024)
    assert not v.eligible and "đã dùng cho CSTĐ cấp tỉnh 2023" in v.missing[0]


# --- CSTĐ toàn quốc ---------------------------------------------------------------------------------


def test_cstd_tq_two_consecutive_provincial_titles_and_national_initiative():
    nat = sk(2024, InitiativeLevel.NATIONAL)
    h = person({}, awards=[award("CSTD_TINH", 2021), award("CSTD_BO", 2024)], initiatives=[nat])
    assert verdict(h, "CSTD_TQ", 2024).eligible
    assert verdict(h, "CSTD_TQ", 2025).eligible  # the next year (năm liền kề) still counts
    assert not verdict(h, "CSTD_TQ", 2026).eligible
    far = person({}, awards=[award("CSTD_TINH", 2019), award("CSTD_TINH", 2024)], initiatives=[nat])
    assert not verdict(far, "CSTD_TQ", 2024).eligible
    no_sk = person({}, awards=[award("CSTD_TINH", 2021), award("CSTD_TINH", 2024)])
    assert not verdict(no_sk, "CSTD_TQ", 2024).eligible


# --- Bằng khen, Huân chương -------------------------------------------------------------------------


def test_bk_tinh_two_consecutive_cstdcs():
    v = verdict(chain_person([2023, 2024]), "BK_TINH", 2024)
    assert v.eligible and any("Các trường hợp khác của Điều 74" in line for line in v.pending)
    assert not verdict(chain_person([2022, 2024]), "BK_TINH", 2024).eligible


def test_bk_tinh_two_excellent_years_with_two_unused_base_initiatives():
    two = [sk(2023, title="A"), sk(2024, title="B")]
    assert verdict(person({2023: EXC, 2024: EXC}, initiatives=two), "BK_TINH", 2024).eligible
    one_used = [sk(2023, title="A"), sk(2024, title="B", used_by=AwardUse(3, "CSTDCS", 2024, True))]
    v = verdict(person({2023: EXC, 2024: EXC}, initiatives=one_used), "BK_TINH", 2024)
    assert not v.eligible and "sáng kiến cơ sở chưa dùng 1/2" in v.missing[0]  # a title's sáng kiến
    assert not verdict(person({2023: GOOD, 2024: EXC}, initiatives=two), "BK_TINH", 2024).eligible


def test_bk_tinh_achievements_already_rewarded_by_a_bang_khen_are_spent():
    h = person({}, awards=[award("CSTDCS", y) for y in (2022, 2023, 2024)] + [award("BK_TINH", 2023)])
    v = verdict(h, "BK_TINH", 2024)
    assert not v.eligible and "đã dùng cho Bằng khen UBND tỉnh 2023" in v.missing[0]


def bk_ttg_person(ratings, cstdcs, bk_year=2018, extra=()):
    return person(
        ratings, awards=[award("BK_TINH", bk_year)] + [award("CSTDCS", y) for y in cstdcs] + list(extra)
    )


def test_bk_ttg_after_bang_khen_five_good_years_with_three_cstdcs():
    good = {y: GOOD for y in range(2019, 2025)}
    v = verdict(bk_ttg_person(good, [2019, 2021, 2023]), "BK_TTG", 2024)
    assert v.eligible and "Xếp loại từ HTTNV trở lên liên tục 2019–2024 (6 năm)" in v.met
    assert not verdict(bk_ttg_person(good, [2019, 2021]), "BK_TTG", 2024).eligible
    broken = good | {2021: DONE}
    v = verdict(bk_ttg_person(broken, [2019, 2022, 2023]), "BK_TTG", 2024)
    assert not v.eligible and "2021 HTNV" in v.missing[0]
    v = verdict(bk_ttg_person(good, [2021, 2022, 2023], bk_year=2021), "BK_TTG", 2024)
    assert not v.eligible and "mới 3 năm" in v.missing[0]
    sudden = person(
        good,
        awards=[award("BK_TINH", 2018, AwardBasis.SUDDEN)] + [award("CSTDCS", y) for y in (2019, 2021, 2023)],
    )
    assert not verdict(sudden, "BK_TTG", 2024).eligible  # a sudden award does not open the chain


def test_hcld3_needs_one_excellent_year_after_the_prime_minister_bang_khen():
    good = {y: GOOD for y in range(2016, 2025)}
    h = person(good, awards=[award("BK_TTG", 2018)] + [award("CSTDCS", y) for y in (2019, 2020, 2022)])
    v = verdict(h, "HCLD3", 2024)
    assert not v.eligible and "HTXSNV trong thời gian: chưa có (0/1)" in v.missing[0]
    h = person(good | {2022: EXC}, awards=h.awards)
    assert verdict(h, "HCLD3", 2024).eligible


def test_hcld2_checks_what_it_can_and_says_the_rest_is_unverified():
    good = {y: GOOD for y in range(2016, 2025)}
    v = verdict(person(good, awards=[award("HCLD3", 2019)]), "HCLD2", 2024)
    assert not v.missing and any("[U]" in line for line in v.pending)
    assert v.status == PENDING and not v.eligible  # main conditions unchecked: never "eligible"
    assert not verdict(person(good, awards=[award("HCLD3", 2021)]), "HCLD2", 2024).eligible


# --- once in a career, and the rest --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gender", "since", "ok"),
    [
        (Gender.FEMALE, dt.date(2009, 12, 1), True),
        (Gender.FEMALE, dt.date(2010, 1, 2), False),
        (Gender.MALE, dt.date(2009, 12, 1), False),
        (Gender.MALE, dt.date(2004, 6, 1), True),
    ],
)
def test_knc_years_in_the_sector_by_sex(gender, since, ok):
    v = verdict(person({}, gender=gender, since=since), "KNC_VSKND", 2024)
    assert v.eligible is ok
    if not ok:
        assert "chuyên ngành nặng nhọc" in v.missing[0]


def test_knc_is_given_once():
    h = person({}, since=dt.date(1995, 1, 1), awards=[award("KNC_VSKND", 2015, AwardBasis.SERVICE)])
    v = verdict(h, "KNC_VSKND", 2024)
    assert not v.eligible and "chỉ tặng một lần" in v.missing[0]


def test_giay_khen_checks_rating_and_leaves_the_achievement_to_the_council():
    assert verdict(person({2024: GOOD}), "GIAY_KHEN", 2024).eligible
    assert not verdict(person({2024: DONE}), "GIAY_KHEN", 2024).eligible


def test_physician_titles():
    h = person({}, since=dt.date(2000, 1, 1), awards=[award("BK_TTG", 2019)])
    v = verdict(h, "TTUT", 2024)
    assert not v.missing and v.status == PENDING  # years of direct work and Đ65 stay with the councils
    assert not verdict(
        person({}, since=dt.date(2015, 1, 1), awards=[award("BK_TTG", 2019)]), "TTUT", 2024
    ).eligible
    assert not verdict(h, "TTND", 2024).eligible
    research = InitiativeRecord(1, "Đề tài tim mạch", 2020, InitiativeLevel.PROVINCE, InitiativeKind.RESEARCH)
    h = person({}, since=dt.date(1995, 1, 1), awards=[award("TTUT", 2023)], initiatives=[research])
    v = verdict(h, "TTND", 2024)
    assert not v.missing and any("Đề tài tim mạch" in line for line in v.met)
    assert v.unchecked == (PHYSICIAN_JUDGED,)  # the science is on record, the years of direct work are not


def test_unit_titles_are_refused_for_a_person():
    with pytest.raises(UnknownTitle):
        verdict(person({2024: GOOD}), "TTLDTT", 2024)


def test_people_without_any_link_to_a_chain_share_its_verdict():
    a = person({2023: EXC, 2024: EXC}, awards=[award("LDTT", 2024)])
    b = person({2023: EXC, 2024: EXC})
    v = verdict(a, "CSTD_TINH", 2024)
    assert v is verdict(b, "CSTD_TINH", 2024) and not v.eligible
    assert v.missing[0] == "CSTĐCS: thiếu 2022, 2023, 2024"
    # BK_TINH also depends on the ratings of the two years: different ratings, different verdicts.
    c = person({2023: GOOD, 2024: EXC})
    assert verdict(b, "BK_TINH", 2024) is not verdict(c, "BK_TINH", 2024)
    assert "HTXSNV 2023, 2024 (2/2 năm 2023–2024)" in verdict(b, "BK_TINH", 2024).missing[0]


# --- issue 10: no award twice, one achievement one award, honest verdicts ----------------------------------


def test_a_holder_of_the_year_is_held_even_when_the_verdict_is_shared():
    """Luật Đ5.2c: LĐTT 2024 on record makes the verdict "Đã được khen" with its decision; a colleague with
    the same rating keeps the shared "eligible" verdict."""
    holder = person({2024: GOOD}, awards=[award("LDTT", 2024, number="12/QĐ-SYT")])
    other = person({2024: GOOD})
    v = verdict(holder, "LDTT", 2024)
    assert (
        v.status == HELD
        and not v.eligible
        and v.held == "Đã được khen LĐTT 2024 (QĐ 12/QĐ-SYT ngày 15/12/2024)"
    )
    assert verdict(other, "LDTT", 2024).eligible and not verdict(other, "LDTT", 2024).held
    assert verdict(holder, "LDTT", 2025).status != HELD  # another year, another achievement
    revoked = person({2024: GOOD}, awards=[award("LDTT", 2024, revoked=True)])
    assert verdict(revoked, "LDTT", 2024).eligible


def test_bk_ttg_counts_its_five_years_from_the_latest_bang_khen():
    """Luật Đ73.1.b: five years after the LATEST Bằng khen bộ/tỉnh; an older one (2018) is spent by the
    later one (2021) and does not open a period of its own."""
    good = {y: GOOD for y in range(2017, 2027)}
    h = bk_ttg_person(good, [2019, 2021, 2023], extra=[award("BK_BO", 2021)])
    v = verdict(h, "BK_TTG", 2024)
    assert not v.eligible and v.missing == (
        "Bằng khen Bộ Y tế gần nhất 2021 (QĐ 20215/QĐ-SYT ngày 15/12/2021): mới 3 năm đến 2024, cần từ 5 năm",
    )
    h = bk_ttg_person(good, [2022, 2024, 2026], extra=[award("BK_BO", 2021)])
    v = verdict(h, "BK_TTG", 2026)
    assert v.eligible and "Bằng khen Bộ Y tế 2021 (QĐ 20215/QĐ-SYT ngày 15/12/2021)" in v.met


def test_an_initiative_backs_one_award_cv_5007():
    """CV 5007/BNV-TĐKT: a sáng kiến used by a CSTĐCS (a title) never backs a form (Bằng khen), and backs
    another title only where `initiative_reuse_between_titles` allows it (default: no, Luật Đ5.2c)."""
    used = sk(2024, InitiativeLevel.PROVINCE, AwardUse(7, "CSTDCS", 2024, True), title="Bệnh án điện tử")
    h = chain_person([2022, 2023, 2024], initiatives=[used])
    v = verdict(h, "CSTD_TINH", 2024)
    assert not v.eligible and "“Bệnh án điện tử” đã dùng cho CSTĐCS 2024" in v.missing[-1]
    assert verdict(h, "CSTDCS", 2024).status != "NOT_YET"  # its own award may rest on it
    reuse = book_with(ParameterRow("PROVINCE", "initiative_reuse_between_titles", True, dt.date(2024, 1, 1)))
    v = judge(h, "CSTD_TINH", 2024, reuse)
    assert v.eligible and v.initiatives == (used.id,)
    other = sk(2023, title="Quy trình khác")
    excellent = person(
        {2023: EXC, 2024: EXC}, initiatives=[other, sk(2024, used_by=AwardUse(7, "CSTDCS", 2024, True))]
    )
    assert not judge(excellent, "BK_TINH", 2024, reuse).eligible  # never a title's sáng kiến for a form


def test_the_award_names_the_initiatives_it_rests_on():
    """What issuing a decision marks as used: the sáng kiến a CSTĐCS without HTXSNV rests on (Luật Đ23), the
    two of a Bằng khen by ratings (Luật Đ74); none when the HTXSNV rating carries the title."""
    base = sk(2024, title="Sổ tay điều dưỡng")
    assert verdict(person({2024: GOOD}, initiatives=[base]), "CSTDCS", 2024).initiatives == (base.id,)
    assert verdict(person({2024: EXC}, initiatives=[base]), "CSTDCS", 2024).initiatives == ()
    two = [sk(2023, title="A"), sk(2024, title="B")]
    assert verdict(person({2023: EXC, 2024: EXC}, initiatives=two), "BK_TINH", 2024).initiatives == tuple(
        i.id for i in two
    )


def test_years_a_bang_khen_used_start_the_next_chain_after_it():
    """Luật Đ5.2c, Đ74: a Bằng khen tỉnh 2024 for CSTĐCS 2023–2024 spends those years; the next Bằng khen
    needs CSTĐCS 2025–2026."""
    awards = [award("CSTDCS", y) for y in range(2023, 2027)] + [award("BK_TINH", 2024)]
    h = person({y: EXC for y in range(2023, 2027)}, awards=awards)
    v = verdict(h, "BK_TINH", 2025)
    assert not v.eligible and "2024 không tính: đã dùng cho Bằng khen UBND tỉnh 2024" in v.missing[0]
    assert verdict(h, "BK_TINH", 2026).eligible


def test_cstd_tq_does_not_reuse_the_titles_of_an_earlier_one():
    """Luật Đ21, Đ5.2c: the two CSTĐ cấp tỉnh behind a CSTĐ toàn quốc 2024 do not carry another in 2025."""
    nat = [sk(2024, InitiativeLevel.NATIONAL, title="A"), sk(2025, InitiativeLevel.NATIONAL, title="B")]
    h = person(
        {},
        awards=[award("CSTD_TINH", 2021), award("CSTD_TINH", 2024), award("CSTD_TQ", 2024)],
        initiatives=nat,
    )
    assert verdict(h, "CSTD_TQ", 2024).status == HELD
    assert not verdict(h, "CSTD_TQ", 2025).eligible


@pytest.mark.parametrize("merit", ["HCLD3", "HCLD2", "HCLD1", "BK_TTG", "CSTD_TQ"])
def test_ttut_accepts_each_listed_prior_merit(merit):
    """NĐ 25/2024 [P]: any one of the prior merits listed in `ttut_prior_merits` will do; the years of
    direct professional work stay with the councils, so the verdict waits (never "eligible")."""
    v = verdict(person({}, since=dt.date(2000, 1, 1), awards=[award(merit, 2020)]), "TTUT", 2024)
    assert not v.missing and v.status == PENDING
    assert any(line.startswith(BOOK.names[merit] + " 2020") for line in v.met)


def test_ttut_without_a_listed_merit_names_the_alternatives():
    """NĐ 25/2024 [P]: a Bằng khen tỉnh is not among the alternatives."""
    v = verdict(person({}, since=dt.date(2000, 1, 1), awards=[award("BK_TINH", 2020)]), "TTUT", 2024)
    assert v.status == "NOT_YET" and "HCLĐ hạng Ba" in v.missing[0] and "CSTĐ toàn quốc" in v.missing[0]
    assert "Bằng khen Thủ tướng" in v.missing[0]


def test_hcld_higher_classes_wait_for_their_main_conditions():
    """Luật Đ42–43 [U]: HCLĐ hạng Nhì/Nhất check only the period after the class below; the rest is the main
    condition, so the verdict is "Chờ Hội đồng/hồ sơ", never "Đủ điều kiện"."""
    good = {y: GOOD for y in range(2014, 2025)}
    for code, lower in (("HCLD2", "HCLD3"), ("HCLD1", "HCLD2")):
        v = verdict(person(good, awards=[award(lower, 2018)]), code, 2024)
        assert v.status == PENDING and v.status_text == "Chờ Hội đồng/hồ sơ" and not v.eligible
        assert v.unchecked and v.unchecked[0] in v.pending
