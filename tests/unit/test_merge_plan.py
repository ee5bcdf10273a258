"""Where a former department's units go when two databases merge (app.exchange.merge_database.plan_units):
matched by name under a unit already matched, the two departments' roots taken as one, the rest added."""

from __future__ import annotations

from app.exchange.merge_database import plan_units, series_label
from app.text import fold

OURS = {
    1: {"name": "Sở Y tế tỉnh Sơn Hà", "parent_id": None},
    2: {"name": "Văn phòng Sở", "parent_id": 1},
    3: {"name": "Bệnh viện Đa khoa tỉnh Sơn Hà", "parent_id": 1},
    4: {"name": "Khoa Nội", "parent_id": 3},
    5: {"name": "Phòng Tổ chức cán bộ", "parent_id": 1},
}
FORMER = {5: {fold("Phòng Tổ chức - Hành chính")}}


def _unit(ref, name, parent=None, former=()):
    return {"ref": ref, "name": name, "parent": parent, "former_names": [{"name": n} for n in former]}


THEIRS = [
    _unit(13, "Khoa Nội", 12),  # listed before its parent: the plan orders them
    _unit(10, "Sở Y tế tỉnh Lâm Giang"),
    _unit(11, "VĂN PHÒNG SỞ", 10),
    _unit(12, "Bệnh viện Đa khoa tỉnh Lâm Giang", 10),
    _unit(14, "Phòng Tổ chức - Hành chính", 10),  # a name ours had before
    _unit(15, "Văn phòng Sở", 10),  # a second claim on the one office: added, never joined twice
]


def test_units_are_matched_by_name_under_what_matched():
    places = plan_units(THEIRS, OURS, FORMER, None)
    assert {ref: p.ours for ref, p in places.items()} == {10: 1, 11: 2, 12: None, 13: None, 14: 5, 15: None}
    assert places[12].suggestions == (3,)  # "…Sơn Hà" is close to "…Lâm Giang"
    assert places[13].suggestions == ()  # under a unit added, "Khoa Nội" of ours is another hospital's


def test_a_unit_the_clerk_names_is_taken_and_its_departments_matched_under_it():
    places = plan_units(THEIRS, OURS, FORMER, None, {12: 3})
    assert (places[12].ours, places[13].ours) == (3, 4)
    assert plan_units(THEIRS, OURS, FORMER, 1, {12: 3})[12].ours == 3


def test_two_roots_are_not_taken_as_one_and_under_places_everything():
    two_roots = [*THEIRS, _unit(20, "Trung tâm Y tế huyện Hà Trung")]
    assert plan_units(two_roots, OURS, FORMER, None)[10].ours is None
    assert all(p.ours is None for p in plan_units(THEIRS, OURS, FORMER, 1).values())


def test_a_former_departments_series_keeps_its_name_within_the_column():
    assert series_label("Sở Y tế tỉnh Lâm Giang", "CHUNG") == "Sở Y tế tỉnh Lâm Giang"
    assert series_label("Sở Y tế tỉnh Lâm Giang", "HĐTĐKT") == "Sở Y tế tỉnh Lâm Giang (HĐTĐKT)"
    long = series_label("Sở Y tế tỉnh Bà Rịa - Vũng Tàu cũ, trước sáp nhập", "DECISION")
    assert len(long) == 40 and long.endswith("… (DECISION)")
