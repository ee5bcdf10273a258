"""Mergers: a unit's own record governs its titles; after a merge or a split it continues exactly the
predecessor's record the clerk named (UnitEventLink.continues_record), or none ("Không kế thừa"), and each
verdict says whose record it read. Never a choice by database id."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.rules import judge
from app.services.eligibility import load_histories
from app.services.units import MergePlan, SplitPart, SplitPlan, UnitData, merge_units, split_unit
from app.text import fold
from database.enums import RatingLevel, UnitKind
from database.models import Rating, Unit, UnitEventLink

DAY = dt.date(2025, 7, 1)
EXC, GOOD = RatingLevel.EXCELLENT, RatingLevel.GOOD


@pytest.fixture
def two_centres(ctx):
    """Two district centres under the Department with different 2024 ratings; the one created first (the
    lower id) was rated only HTTNV."""
    with ctx.write() as s:
        dept = Unit(name="Sở Y tế", name_folded="so y te", kind=UnitKind.DEPARTMENT)
        s.add(dept)
        s.flush()
        ids = {"dept": dept.id}
        for key, name, level in (
            ("good", "Trung tâm Y tế huyện Đông", GOOD),
            ("excellent", "Trung tâm Y tế huyện Tây", EXC),
        ):
            unit = Unit(
                name=name,
                name_folded=fold(name),
                kind=UnitKind.HEALTH_CENTER,
                parent_id=dept.id,
                established_on=dt.date(2000, 1, 1),
            )
            s.add(unit)
            s.flush()
            s.add(Rating(unit_id=unit.id, year=2024, level=level))
            ids[key] = unit.id
    assert ids["good"] < ids["excellent"]
    return ids


def merge(ctx, ids, continues):
    result = merge_units(
        ctx,
        MergePlan(
            (ids["good"], ids["excellent"]),
            DAY,
            "QĐ 1620/QĐ-UBND",
            new_unit=UnitData("Trung tâm Y tế khu vực Đông Tây", UnitKind.HEALTH_CENTER),
            continues_id=continues,
        ),
    )
    with ctx.write() as s:  # the new centre's own first year
        s.add(Rating(unit_id=result.successor_id, year=2025, level=EXC))
    return result.successor_id


def bk(ctx, unit_id, year=2025):
    """Bằng khen tỉnh for a collective: 02 consecutive years HTXSNV (Luật Đ74 [P])."""
    hist = load_histories(ctx)
    return judge(hist.unit_history(unit_id, year), "BK_TINH", year, hist.book)


@pytest.mark.parametrize("chosen", ["excellent", "good"])
def test_the_successor_continues_exactly_the_record_chosen(ctx, two_centres, chosen):
    """Whichever the clerk names counts, not the lower id: naming the HTXSNV centre gives 2024 HTXSNV, naming
    the HTTNV one (the lower id) gives HTTNV; the verdict names the record it continues."""
    successor = merge(ctx, two_centres, two_centres[chosen])
    v = bk(ctx, successor)
    name = "Trung tâm Y tế huyện Tây" if chosen == "excellent" else "Trung tâm Y tế huyện Đông"
    assert v.met[0] == f"Kế thừa hồ sơ thi đua của {name} (sáp nhập ngày 01/07/2025)"
    assert v.eligible is (chosen == "excellent")
    if chosen == "good":
        assert "2024" in v.missing[0] and "thiếu 2024" in v.missing[0]
    with ctx.read() as s:
        marked = s.scalars(select(UnitEventLink.unit_id).where(UnitEventLink.continues_record)).all()
    assert marked == [two_centres[chosen]]


def test_without_a_choice_the_successor_starts_afresh(ctx, two_centres):
    """ "Không kế thừa": neither predecessor's rating reaches the new centre (the old code took the lower id's)."""
    successor = merge(ctx, two_centres, None)
    hist = load_histories(ctx)
    assert [r.year for r in hist.unit_records[successor].ratings] == [2025]
    v = bk(ctx, successor)
    assert not v.eligible and not any("Kế thừa" in line for line in v.met)
    # the predecessors keep their own records
    assert [r.level for r in hist.unit_records[two_centres["excellent"]].ratings] == [EXC]


def test_a_merge_refuses_a_record_that_is_not_a_predecessor(ctx, two_centres):
    with pytest.raises(ValidationError, match="phải là một trong các đơn vị bị sáp nhập"):
        merge_units(
            ctx,
            MergePlan(
                (two_centres["good"],),
                DAY,
                into_id=two_centres["excellent"],
                continues_id=two_centres["dept"],
            ),
        )


def test_a_split_hands_the_record_to_the_part_named(ctx, two_centres):
    """A full split: the second new unit continues the old centre's record, the first starts afresh; a
    partial split keeps the record with the old unit and refuses to hand it on."""
    parts = (
        SplitPart(UnitData("Trung tâm Y tế xã Tây Bắc", UnitKind.HEALTH_CENTER)),
        SplitPart(UnitData("Trung tâm Y tế xã Tây Nam", UnitKind.HEALTH_CENTER)),
    )
    with pytest.raises(ValidationError, match="đơn vị cũ tiếp tục hồ sơ thi đua của mình"):
        split_unit(
            ctx, SplitPlan(two_centres["excellent"], DAY, parts[:1], keep_original=True, continues_part=0)
        )
    result = split_unit(ctx, SplitPlan(two_centres["excellent"], DAY, parts, continues_part=1))
    north, south = result.new_unit_ids
    with ctx.write() as s:
        s.add_all(Rating(unit_id=u, year=2025, level=EXC) for u in (north, south))
    assert bk(ctx, south).eligible
    assert (
        bk(ctx, south).met[0]
        == "Kế thừa hồ sơ thi đua của Trung tâm Y tế huyện Tây (chia tách ngày 01/07/2025)"
    )
    assert not bk(ctx, north).eligible


def test_records_carry_on_through_two_events(ctx, two_centres):
    """A merged centre that continued Tây's record, later split with its record going to one part: that part
    continues both, the nearest first."""
    successor = merge(ctx, two_centres, two_centres["excellent"])
    parts = (
        SplitPart(UnitData("Trung tâm A", UnitKind.HEALTH_CENTER)),
        SplitPart(UnitData("Trung tâm B", UnitKind.HEALTH_CENTER)),
    )
    result = split_unit(ctx, SplitPlan(successor, dt.date(2026, 3, 1), parts, continues_part=0))
    hist = load_histories(ctx)
    a = hist.unit_records[result.new_unit_ids[0]]
    assert sorted((r.year, r.holder) for r in a.ratings) == [
        (2024, "Trung tâm Y tế huyện Tây"),
        (2025, "Trung tâm Y tế khu vực Đông Tây"),
    ]
    assert a.continues == (
        "Kế thừa hồ sơ thi đua của Trung tâm Y tế khu vực Đông Tây (chia tách ngày 01/03/2026); "
        "Trung tâm Y tế huyện Tây (sáp nhập ngày 01/07/2025)"
    )
