"""Targets judged without a database: each kind against a result, the tolerance of "about", the target year,
a unit's own values, the verdict of a target in words, the texts a form and a plan show, and the report."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.domain.targets import (
    Progress,
    ResultInfo,
    TargetInfo,
    UnitValue,
    build_report,
    progress_of,
)
from database.enums import TargetComparison, TargetVerdict

C, D, P = TargetComparison, Decimal, Progress


def target(kind, lo=None, hi=None, **kw) -> TargetInfo:
    return TargetInfo(1, kw.pop("name", "Chỉ tiêu"), kw.pop("measure", "%"), kind, lo, hi, **kw)


@pytest.mark.parametrize(
    ("kind", "lo", "hi", "value", "expected"),
    [
        (C.VALUE, D("100"), D("100"), D("100"), P.MET),
        (C.VALUE, D("100"), D("100"), D("99.5"), P.NOT_MET),
        (C.AT_LEAST, D("92"), None, D("92"), P.MET),
        (C.AT_LEAST, D("92"), None, D("91.9"), P.NOT_MET),
        (C.AT_MOST, None, D("5"), D("5"), P.MET),
        (C.AT_MOST, None, D("5"), D("5.1"), P.NOT_MET),
        (C.RANGE, D("8.5"), D("9"), D("8.4"), P.NOT_MET),
        (C.RANGE, D("8.5"), D("9"), D("8.5"), P.IN_RANGE),
        (C.RANGE, D("8.5"), D("9"), D("9"), P.IN_RANGE),
        (C.RANGE, D("8.5"), D("9"), D("9.01"), P.EXCEEDED),
        (C.ABOUT, D("1.0"), D("1.0"), D("1.1"), P.IN_RANGE),  # a tenth of the value either side
        (C.ABOUT, D("1.0"), D("1.0"), D("0.9"), P.IN_RANGE),
        (C.ABOUT, D("1.0"), D("1.0"), D("1.11"), P.OFF),
    ],
)
def test_each_numeric_kind_judges_a_result(kind, lo, hi, value, expected):
    assert progress_of(kind, lo, hi, value) is expected
    assert target(kind, lo, hi).judge(value) is expected


def test_the_office_sets_how_near_about_is():
    about = target(C.ABOUT, D("1.0"), D("1.0"), tolerance=D("0.05"))
    assert about.about_tolerance() == D("0.05")
    assert about.judge(D("1.05")) is P.IN_RANGE and about.judge(D("1.06")) is P.OFF
    assert target(C.ABOUT, D("20"), D("20")).about_tolerance() == D("2.0")
    assert about.goal_text() == "khoảng 1 % (± 0,05)"


def test_before_the_target_year_a_miss_is_progress_and_a_reach_is_a_reach():
    growth = target(C.ABOUT, D("1.0"), D("1.0"), target_year=2025)
    assert growth.judge(D("1.3"), 2024) is P.UNDERWAY
    assert growth.judge(D("1.05"), 2024) is P.IN_RANGE
    assert growth.judge(D("1.3"), 2025) is P.OFF
    assert growth.judge(D("1.3"), 2026) is P.OFF
    assert growth.judge(D("1.3")) is P.OFF  # no year: judged as in the target year
    assert growth.goal_phrase() == "đến năm 2025 khoảng 1%"
    assert P.UNDERWAY.label == "Chưa đến năm mục tiêu"


def test_a_unit_is_judged_against_its_own_values():
    doctors = target(
        C.RANGE,
        D("8.5"),
        D("9"),
        name="Số bác sĩ/vạn dân",
        measure="bác sĩ/vạn dân",
        unit_values=(UnitValue(7, "Trung tâm Y tế huyện Cát Tiên", D("6"), D("6.5")),),
    )
    assert doctors.judge(D("6.1"), 2024, 7) is P.IN_RANGE
    assert doctors.judge(D("6.1"), 2024, 8) is P.NOT_MET
    assert doctors.judge(D("6.1"), 2024) is P.NOT_MET
    assert doctors.for_unit(7).goal_text() == "6 – 6,5 bác sĩ/vạn dân"
    assert doctors.for_unit(8) is doctors
    assert doctors.has_own_values(7) and not doctors.has_own_values(8)


def test_a_target_in_words_takes_the_verdict_given_by_hand():
    words = target(C.TEXT, text="Hoàn thành các chỉ tiêu nghị quyết", measure="")
    assert words.judged_by_hand
    assert words.judge(None, 2024, verdict=TargetVerdict.MET) is P.MET
    assert words.judge(None, 2024, verdict=TargetVerdict.NOT_MET) is P.FAILED
    assert replace(words, target_year=2025).judge(None, 2024, verdict=TargetVerdict.NOT_MET) is P.UNDERWAY
    assert words.goal_text() == words.goal_phrase() == "Hoàn thành các chỉ tiêu nghị quyết"
    with pytest.raises(ValueError):
        progress_of(C.TEXT, None, None, D("1"))


def test_a_plan_lists_a_target_in_words_as_its_own_sentence():
    # The name repeats the words (case, marks and punctuation aside): the words alone, capitalised.
    repeated = target(
        C.TEXT,
        name="Chỉ tiêu nghị quyết Đại hội Đảng bộ huyện, thành phố",
        text="hoàn thành các chỉ tiêu Nghị quyết đại hội đảng bộ huyện thành phố giao cho ngành Y tế",
        measure="",
    )
    assert repeated.plan_line() == (
        "Hoàn thành các chỉ tiêu Nghị quyết đại hội đảng bộ huyện thành phố giao cho ngành Y tế"
    )
    # A name the words do not say is kept before them; a numeric target always names itself.
    own = target(C.TEXT, name="Chuyển đổi số", text="triển khai bệnh án điện tử", measure="")
    assert own.plan_line() == "Chuyển đổi số: triển khai bệnh án điện tử"
    assert target(C.TEXT, name="", text="giữ vững danh hiệu", measure="").plan_line() == "Giữ vững danh hiệu"
    # "số" is in "số xã" but the name is more than a word of the text: words are compared whole, in order.
    assert target(C.TEXT, name="Tỷ lệ xã", text="tăng số xã đạt chuẩn", measure="").plan_line() == (
        "Tỷ lệ xã: tăng số xã đạt chuẩn"
    )
    assert target(C.AT_LEAST, D("100"), name="Tỷ lệ xã").plan_line() == "Tỷ lệ xã: đạt tối thiểu 100%"


def test_goal_texts_of_every_kind():
    assert [
        target(kind, lo, hi).goal_text()
        for kind, lo, hi in (
            (C.VALUE, D("100"), D("100")),
            (C.AT_LEAST, D("92"), None),
            (C.AT_MOST, None, D("5")),
            (C.RANGE, D("8.5"), D("9")),
            (C.ABOUT, D("1.0"), D("1.0")),
        )
    ] == ["100 %", "≥ 92 %", "≤ 5 %", "8,5 – 9 %", "khoảng 1 %"]
    assert target(C.RANGE, D("8.5"), D("9")).goal_text(measure=False) == "8,5 – 9"
    assert [
        target(kind, lo, hi).goal_phrase()
        for kind, lo, hi in ((C.VALUE, D("100"), D("100")), (C.AT_MOST, None, D("5")))
    ] == ["đạt 100%", "không quá 5%"]


def test_the_report_has_a_block_per_unit_and_a_pair_per_year():
    doctors = target(C.RANGE, D("8.5"), D("9"), name="Số bác sĩ/vạn dân", measure="bác sĩ/vạn dân")
    doctors = replace(doctors, unit_values=(UnitValue(2, "Trung tâm Y tế B", D("6"), D("6.5")),))
    words = replace(target(C.TEXT, text="Hoàn thành", measure=""), id=2)
    results = (
        ResultInfo(1, 1, "Bệnh viện A", 2024, D("8.7"), P.IN_RANGE),
        ResultInfo(2, 1, "Bệnh viện A", 2025, None, P.MET, TargetVerdict.MET, "12/12"),
    )
    report = build_report("Phong trào", "giai đoạn 2024 - 2025", (2024, 2025), (doctors, words), results)
    assert [b.heading for b in report.blocks] == ["I. Bệnh viện A", "II. Trung tâm Y tế B"]  # own values only
    a, b = report.blocks
    assert a.rows[0].cells == (("8,7", "Đạt (trong khoảng)"), ("", ""))
    assert a.rows[1].cells == (("", ""), ("12/12", "Đạt"))
    assert (b.rows[0].goal_cell, b.rows[0].cells) == ("6 – 6,5 (mục tiêu riêng)", (("", ""), ("", "")))
    assert report.subtitle == "Phong trào (giai đoạn 2024 - 2025)"
