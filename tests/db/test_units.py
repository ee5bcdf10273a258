"""The units' tree and history (app.services.units) on SQLite and PostgreSQL: create, edit, rename,
merge, split, dissolve; staff that move with their unit; records reachable from the successors;
refusals that leave every table as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.services.records import person_record, unit_record
from app.services.units import (
    MergePlan,
    SplitPart,
    SplitPlan,
    UnitData,
    create_unit,
    dissolve_unit,
    lineage,
    merge_units,
    rename_unit,
    search_words,
    split_unit,
    unit_clusters,
    unit_tree,
    update_unit,
)
from app.text import fold, name_sort_key
from database.enums import (
    AwardSource,
    ClusterKind,
    ClusterRole,
    EventRole,
    RatingLevel,
    UnitEventKind,
    UnitKind,
    UnitStatus,
)
from database.models import (
    AuditEntry,
    Award,
    AwardType,
    Cluster,
    ClusterMember,
    Person,
    Posting,
    Rating,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitName,
)

DAY = dt.date(2025, 7, 1)
EVE = dt.date(2025, 6, 30)


def _unit(s, name, kind, parent=None, **kw) -> int:
    unit = Unit(name=name, name_folded=fold(name), kind=kind, parent_id=parent, **kw)
    s.add(unit)
    s.flush()
    return unit.id


def _person(s, name, unit_id, left_on=None, position="Bác sĩ") -> int:
    person = Person(
        full_name=name,
        name_folded=fold(name),
        sort_key=name_sort_key(name),
        unit_id=unit_id,
        position=position,
        left_on=left_on,
    )
    s.add(person)
    s.flush()
    s.add(
        Posting(
            person_id=person.id,
            unit_id=unit_id,
            position=position,
            start_date=dt.date(2015, 1, 1),
            end_date=left_on,
        )
    )
    return person.id


@pytest.fixture
def province(ctx) -> dict[str, int]:
    return build_province(ctx)


def build_province(ctx) -> dict[str, int]:
    """The Department; hospital A (a Khoa Nội with two doctors, one doctor in the hospital itself, one
    who retired); hospital B (one doctor); a health centre with two departments and nobody else."""
    with ctx.write("Dữ liệu kiểm thử đơn vị") as s:
        ids = {"dept": _unit(s, "Sở Y tế", UnitKind.DEPARTMENT, code="SYT")}
        ids["a"] = _unit(
            s,
            "Bệnh viện Đa khoa huyện An Lạc",
            UnitKind.HOSPITAL,
            ids["dept"],
            code="BV.AL",
            established_on=dt.date(1990, 1, 1),
        )
        ids["a_ward"] = _unit(s, "Khoa Nội", UnitKind.CLINICAL_DEPT, ids["a"])
        ids["b"] = _unit(s, "Bệnh viện Đa khoa huyện Bình Yên", UnitKind.HOSPITAL, ids["dept"], code="BV.BY")
        ids["c"] = _unit(
            s, "Trung tâm Y tế huyện Cẩm Sơn", UnitKind.HEALTH_CENTER, ids["dept"], code="TTYT.CS"
        )
        ids["c_lab"] = _unit(s, "Khoa Xét nghiệm", UnitKind.CLINICAL_DEPT, ids["c"])
        ids["c_care"] = _unit(s, "Khoa Kiểm soát bệnh tật", UnitKind.CLINICAL_DEPT, ids["c"])
        ids["an"] = _person(s, "Nguyễn Văn An", ids["a"], position="Giám đốc")
        ids["binh"] = _person(s, "Lê Thị Bình", ids["a_ward"])
        ids["cuc"] = _person(s, "Trần Thị Cúc", ids["a_ward"])
        ids["retired"] = _person(s, "Phạm Văn Dũng", ids["a"], left_on=dt.date(2020, 5, 1))
        ids["em"] = _person(s, "Đỗ Văn Em", ids["b"])
        ids["lab_doctor"] = _person(s, "Vũ Thị Gấm", ids["c_lab"])
    return ids


def _snapshot(ctx) -> dict:
    """Everything a history operation could touch."""
    with ctx.read() as s:
        return {
            "units": s.execute(
                select(Unit.id, Unit.name, Unit.parent_id, Unit.status, Unit.ended_on, Unit.code).order_by(
                    Unit.id
                )
            ).all(),
            "people": s.execute(select(Person.id, Person.unit_id).order_by(Person.id)).all(),
            "postings": s.execute(
                select(Posting.id, Posting.unit_id, Posting.end_date).order_by(Posting.id)
            ).all(),
            "events": s.scalar(select(func.count()).select_from(UnitEvent)),
            "links": s.scalar(select(func.count()).select_from(UnitEventLink)),
            "names": s.scalar(select(func.count()).select_from(UnitName)),
            "audit": s.scalar(select(func.count()).select_from(AuditEntry)),
        }


def _refused(ctx, call, *fragments: str) -> str:
    before = _snapshot(ctx)
    with pytest.raises(ValidationError) as caught:
        call()
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert _snapshot(ctx) == before
    return message


def _audit(ctx, summary_start: str) -> list[tuple[str, str]]:
    with ctx.read() as s:
        return s.execute(
            select(AuditEntry.action, AuditEntry.entity).where(
                AuditEntry.summary.startswith(summary_start), AuditEntry.actor == "tester"
            )
        ).all()


def _unit_row(ctx, unit_id):
    with ctx.read() as s:
        return s.execute(
            select(Unit.name, Unit.parent_id, Unit.status, Unit.ended_on, Unit.established_on).where(
                Unit.id == unit_id
            )
        ).one()


def _open_postings(ctx, person_id) -> list[tuple[int, dt.date | None]]:
    with ctx.read() as s:
        return s.execute(
            select(Posting.unit_id, Posting.start_date).where(
                Posting.person_id == person_id, Posting.end_date.is_(None)
            )
        ).all()


# --- the tree --------------------------------------------------------------------------------------


def test_the_tree_lists_units_depth_first_with_staff_counts(ctx, province):
    tree = unit_tree(ctx)
    rows = [(n.name, n.depth) for n in tree.nodes]
    assert rows == [
        ("Sở Y tế", 0),
        ("Bệnh viện Đa khoa huyện An Lạc", 1),
        ("Khoa Nội", 2),
        ("Bệnh viện Đa khoa huyện Bình Yên", 1),
        ("Trung tâm Y tế huyện Cẩm Sơn", 1),
        ("Khoa Kiểm soát bệnh tật", 2),
        ("Khoa Xét nghiệm", 2),
    ]
    by_id = tree.by_id()
    hospital = by_id[province["a"]]
    assert (hospital.staff_own, hospital.staff_total) == (1, 3)  # the retired doctor is not counted
    assert by_id[province["dept"]].staff_total == 5
    assert [n.id for n in tree.children()[province["c"]]] == [province["c_care"], province["c_lab"]]


def test_the_filter_is_folded_and_knows_codes_and_former_names(ctx, province):
    rename_unit(ctx, province["b"], "Bệnh viện Đa khoa khu vực Bình Yên", DAY)
    by_id = unit_tree(ctx).by_id()
    assert search_words("  BỆNH viện  ") == ["benh", "vien"]
    assert by_id[province["a"]].matches(search_words("benh vien an lac"))
    assert by_id[province["a"]].matches(search_words("bv.al"))
    assert not by_id[province["a"]].matches(search_words("binh yen"))
    # the former name still finds the unit: old papers use it
    assert by_id[province["b"]].matches(search_words("huyen binh yen"))
    assert by_id[province["b"]].former_names == ("Bệnh viện Đa khoa huyện Bình Yên",)


# --- create and edit -------------------------------------------------------------------------------


def test_create_a_unit_under_a_parent_with_its_founding_decision(ctx, province):
    data = UnitData(
        name="  Trung tâm Kiểm soát bệnh tật tỉnh ",
        kind=UnitKind.CDC,
        code="CDC",
        short_name="CDC tỉnh",
        address="5 Hùng Vương",
        phone="0237 3852 111",
        email="cdc@syt.gov.vn",
        head_name="Lê Văn Hải",
        established_on=dt.date(2018, 1, 1),
        note="",
    )
    new_id = create_unit(ctx, province["dept"], data, decision_ref="QĐ 99/QĐ-UBND")
    record = unit_record(ctx, new_id)
    assert (record.name, record.code, record.parent_id, record.kind) == (
        "Trung tâm Kiểm soát bệnh tật tỉnh",
        "CDC",
        province["dept"],
        UnitKind.CDC,
    )
    assert (record.email, record.head_name, record.note) == ("cdc@syt.gov.vn", "Lê Văn Hải", None)
    assert [(e.kind, e.event_date, e.decision_ref) for e in record.events] == [
        (UnitEventKind.ESTABLISH, dt.date(2018, 1, 1), "QĐ 99/QĐ-UBND")
    ]
    assert ("create", "unit") in _audit(ctx, "Thêm đơn vị Trung tâm Kiểm soát")


def test_create_refuses_bad_input_and_writes_nothing(ctx, province):
    def make(parent=province["dept"], **kw):
        fields = {"name": "Bệnh viện Mắt", "kind": UnitKind.HOSPITAL} | kw
        return lambda: create_unit(ctx, parent, UnitData(**fields))

    _refused(ctx, make(code="bv.al"), "Mã “bv.al” đã dùng cho đơn vị “Bệnh viện Đa khoa huyện An Lạc”")
    _refused(ctx, make(name="   "), "Cần nhập tên đơn vị")
    _refused(ctx, make(email="vanthu@"), "email “vanthu@” không đúng dạng")
    _refused(ctx, make(name="benh vien da khoa huyen an lac"), "Đã có đơn vị")
    _refused(ctx, make(parent=None), "Hãy chọn đơn vị cấp trên")
    _refused(ctx, make(kind=UnitKind.DEPARTMENT), "Chỉ đơn vị gốc")
    merge_units(ctx, MergePlan((province["b"],), DAY, into_id=province["a"]))
    _refused(ctx, make(parent=province["b"]), "đã sáp nhập từ 01/07/2025", "không thể thêm đơn vị trực thuộc")
    # the same name in another unit is fine: every hospital has its Khoa Nội
    create_unit(ctx, province["c"], UnitData("Khoa Nội", UnitKind.CLINICAL_DEPT))


def test_edit_fixes_data_with_an_audit_row_and_checks_the_code(ctx, province):
    fixed = UnitData(
        name="Bệnh viện Đa khoa huyện An Lạc",
        kind=UnitKind.HOSPITAL,
        code="BVAL",
        phone="0237 3800 800",
        head_name="Nguyễn Văn An",
        established_on=dt.date(1990, 1, 1),
    )
    update_unit(ctx, province["a"], fixed)
    record = unit_record(ctx, province["a"])
    assert (record.code, record.phone, record.head_name, record.former_names) == (
        "BVAL",
        "0237 3800 800",
        "Nguyễn Văn An",
        (),
    )  # a fix is not a rename
    with ctx.read() as s:
        before, after = s.execute(
            select(AuditEntry.before, AuditEntry.after).where(
                AuditEntry.entity == "unit",
                AuditEntry.entity_id == province["a"],
                AuditEntry.action == "update",
            )
        ).one()
    assert before["code"] == "BV.AL" and after["code"] == "BVAL" and after["phone"] == "0237 3800 800"
    _refused(
        ctx,
        lambda: update_unit(
            ctx, province["a"], UnitData("Bệnh viện Đa khoa huyện An Lạc", UnitKind.HOSPITAL, code="tTyT.cS")
        ),
        "đã dùng cho đơn vị “Trung tâm Y tế huyện Cẩm Sơn”",
    )
    _refused(
        ctx,
        lambda: update_unit(ctx, province["dept"], UnitData("Sở Y tế", UnitKind.HOSPITAL)),
        "không đổi loại",
    )


# --- rename ----------------------------------------------------------------------------------------


def test_rename_keeps_the_old_name_with_its_dates(ctx, province):
    event_id = rename_unit(
        ctx,
        province["a"],
        "Trung tâm Y tế khu vực An Lạc",
        DAY,
        "QĐ 1620/QĐ-UBND",
        short_name="TTYT KV An Lạc",
    )
    record = unit_record(ctx, province["a"])
    assert record.name == "Trung tâm Y tế khu vực An Lạc" and record.short_name == "TTYT KV An Lạc"
    assert [(n.name, n.valid_from, n.valid_to) for n in record.former_names] == [
        ("Bệnh viện Đa khoa huyện An Lạc", dt.date(1990, 1, 1), EVE)
    ]
    assert [(e.id, e.kind, e.before, e.after, e.decision_ref) for e in record.events] == [
        (
            event_id,
            UnitEventKind.RENAME,
            ("Bệnh viện Đa khoa huyện An Lạc",),
            ("Trung tâm Y tế khu vực An Lạc",),
            "QĐ 1620/QĐ-UBND",
        )
    ]
    # a renamed unit is still itself: no predecessor, and a posting of 2015 shows the name of 2015
    assert lineage(ctx, province["a"]) == {province["a"]}
    assert person_record(ctx, province["an"]).postings[0].unit_name == "Bệnh viện Đa khoa huyện An Lạc"
    with ctx.read() as s:
        assert s.scalar(select(UnitName.event_id).where(UnitName.unit_id == province["a"])) == event_id
    actions = _audit(ctx, "Đổi tên đơn vị")
    assert (
        ("create", "unit_event") in actions
        and ("create", "unit_name") in actions
        and ("update", "unit") in actions
    )

    second = dt.date(2026, 1, 1)
    rename_unit(ctx, province["a"], "Trung tâm Y tế An Lạc", second)
    names = [(n.name, n.valid_from, n.valid_to) for n in unit_record(ctx, province["a"]).former_names]
    assert names[1] == ("Trung tâm Y tế khu vực An Lạc", DAY, dt.date(2025, 12, 31))


def test_rename_refusals(ctx, province):
    rename = lambda name, day=DAY, unit="a": lambda: rename_unit(ctx, province[unit], name, day)  # noqa: E731
    _refused(ctx, rename(""), "Cần nhập tên mới")
    _refused(ctx, rename("Bệnh viện Đa khoa huyện An Lạc"), "giống hệt tên hiện tại", "Sửa thông tin")
    _refused(ctx, rename("Tên mới", dt.date(1990, 1, 1)), "phải sau ngày")
    _refused(
        ctx, rename("Bệnh viện Đa khoa huyện Bình Yên"), "Đã có đơn vị “Bệnh viện Đa khoa huyện Bình Yên”"
    )
    rename_unit(ctx, province["a"], "Trung tâm Y tế khu vực An Lạc", DAY)
    _refused(ctx, rename("Trung tâm Y tế An Lạc", dt.date(2025, 3, 1)), "phải sau ngày", "01/07/2025")


# --- merge -----------------------------------------------------------------------------------------


def add_unit_history(ctx, unit_id) -> None:
    with ctx.write("Khen thưởng cũ") as s:
        ldtt = s.scalar(select(AwardType.id).where(AwardType.code == "TTLDXS"))
        s.add(Rating(unit_id=unit_id, year=2024, level=RatingLevel.EXCELLENT, document_ref="QĐ 5/QĐ-SYT"))
        s.add(
            Award(unit_id=unit_id, award_type_id=ldtt, is_title=True, year=2024, source=AwardSource.HISTORY)
        )


def test_merge_into_an_existing_unit_moves_staff_departments_and_records(ctx, province):
    add_unit_history(ctx, province["a"])
    result = merge_units(ctx, MergePlan((province["a"],), DAY, "QĐ 1620/QĐ-UBND", into_id=province["b"]))
    assert result.successor_id == province["b"]
    assert (result.moved_staff, result.moved_units) == (1, 1)
    name, _parent, status, ended_on, _est = _unit_row(ctx, province["a"])
    assert (status, ended_on) == (UnitStatus.MERGED, DAY)
    assert _unit_row(ctx, province["a_ward"])[1] == province["b"]  # Khoa Nội now sits in hospital B
    # the director moved: old posting closed the eve, a new one from the day; the retired doctor stays
    assert _open_postings(ctx, province["an"]) == [(province["b"], DAY)]
    record = person_record(ctx, province["an"])
    assert [(p.unit_id, p.end_date) for p in record.postings] == [(province["a"], EVE), (province["b"], None)]
    assert record.postings[1].position == "Giám đốc"
    with ctx.read() as s:
        assert s.scalar(select(Person.unit_id).where(Person.id == province["retired"])) == province["a"]
        assert s.scalar(select(Person.unit_id).where(Person.id == province["binh"])) == province["a_ward"]
    # what hospital A earned shows in hospital B's record, marked as A's
    successor = unit_record(ctx, province["b"])
    assert [p.id for p in successor.predecessors] == [province["a"]]
    assert [(r.year, r.level, r.earned_by) for r in successor.ratings] == [
        (2024, RatingLevel.EXCELLENT, name)
    ]
    assert [(a.code, a.earned_by) for a in successor.awards] == [("TTLDXS", name)]
    assert successor.staff.with_sub_units == 4
    assert [(e.kind, e.before, e.after) for e in successor.events] == [
        (UnitEventKind.MERGE, (name,), ("Bệnh viện Đa khoa huyện Bình Yên",))
    ]
    assert [s.id for s in unit_record(ctx, province["a"]).successors] == [province["b"]]
    actions = _audit(ctx, "Sáp nhập Bệnh viện Đa khoa huyện An Lạc vào Bệnh viện Đa khoa huyện Bình Yên")
    assert (
        ("move", "person") in actions
        and ("create", "unit_event") in actions
        and ("update", "unit") in actions
    )


def test_consolidation_into_a_new_unit(ctx, province):
    add_unit_history(ctx, province["c"])
    plan = MergePlan(
        (province["a"], province["c"]),
        DAY,
        "QĐ 7/QĐ-UBND",
        new_unit=UnitData("Trung tâm Y tế khu vực An Cẩm", UnitKind.HEALTH_CENTER, code="TTYT.AC"),
    )
    result = merge_units(ctx, plan)
    new = result.successor_id
    assert _unit_row(ctx, new) == (
        "Trung tâm Y tế khu vực An Cẩm",
        province["dept"],
        UnitStatus.ACTIVE,
        None,
        DAY,
    )
    for old in ("a", "c"):
        assert _unit_row(ctx, province[old])[2:4] == (UnitStatus.MERGED, DAY)
    assert lineage(ctx, new) == {new, province["a"], province["c"]}
    tree = unit_tree(ctx)
    assert sorted(n.name for n in tree.children()[new]) == [
        "Khoa Kiểm soát bệnh tật",
        "Khoa Nội",
        "Khoa Xét nghiệm",
    ]
    assert tree.by_id()[new].staff_total == 4
    assert [r.earned_by for r in unit_record(ctx, new).ratings] == ["Trung tâm Y tế huyện Cẩm Sơn"]
    with ctx.read() as s:
        links = set(
            s.execute(
                select(UnitEventLink.unit_id, UnitEventLink.role).where(
                    UnitEventLink.event_id == result.event_id
                )
            ).all()
        )
    assert links == {
        (province["a"], EventRole.PREDECESSOR),
        (province["c"], EventRole.PREDECESSOR),
        (new, EventRole.SUCCESSOR),
    }


def test_merge_refusals_change_nothing(ctx, province):
    def merge(absorbed, **kw):
        return lambda: merge_units(ctx, MergePlan(tuple(province[x] for x in absorbed), DAY, **kw))

    _refused(ctx, merge(["a"], into_id=province["a"]), "không thể đồng thời")
    _refused(ctx, merge(["a"]), "Hãy chọn đơn vị nhận")
    _refused(
        ctx,
        merge(["a", "a_ward"], into_id=province["b"]),
        "“Khoa Nội” thuộc “Bệnh viện Đa khoa huyện An Lạc”",
    )
    _refused(ctx, merge(["a"], into_id=province["a_ward"]), "nằm trong một đơn vị bị sáp nhập")
    _refused(ctx, merge(["dept"], into_id=province["b"]), "gốc của cây")
    _refused(ctx, merge(["a"], new_unit=UnitData("X", UnitKind.HOSPITAL)), "cần ít nhất hai")
    _refused(ctx, merge(["a", "c"], new_unit=UnitData("Y", UnitKind.HOSPITAL, code="BV.BY")), "Mã “BV.BY”")
    _refused(
        ctx,
        lambda: merge_units(ctx, MergePlan((province["a"],), dt.date(1985, 1, 1), into_id=province["b"])),
        "trước ngày thành lập",
    )
    merge_units(ctx, MergePlan((province["c"],), DAY, into_id=province["b"]))
    _refused(ctx, merge(["c"], into_id=province["a"]), "“Trung tâm Y tế huyện Cẩm Sơn” đã sáp nhập")
    _refused(ctx, merge(["a"], into_id=province["c"]), "không thể nhận sáp nhập")


# --- split -----------------------------------------------------------------------------------------


def test_split_gives_each_new_unit_its_departments_and_the_old_records(ctx, province):
    add_unit_history(ctx, province["c"])
    with ctx.write("Thêm cán bộ") as s:
        director = _person(s, "Hoàng Văn Hải", province["c"], position="Giám đốc")
    plan = SplitPlan(
        province["c"],
        DAY,
        decision_ref="QĐ 8/QĐ-UBND",
        staff_part=1,
        parts=(
            SplitPart(
                UnitData("Trung tâm Y tế khu vực Cẩm Sơn", UnitKind.HEALTH_CENTER), (province["c_care"],)
            ),
            SplitPart(
                UnitData("Trung tâm Xét nghiệm Cẩm Sơn", UnitKind.CENTER, code="TTXN"), (province["c_lab"],)
            ),
        ),
    )
    result = split_unit(ctx, plan)
    care, lab = result.new_unit_ids
    assert (result.moved_staff, result.moved_units) == (1, 2)
    assert _unit_row(ctx, province["c"])[2:4] == (UnitStatus.SPLIT, DAY)
    assert _unit_row(ctx, province["c_care"])[1] == care and _unit_row(ctx, province["c_lab"])[1] == lab
    assert _unit_row(ctx, care)[1:] == (province["dept"], UnitStatus.ACTIVE, None, DAY)
    # the lab doctor follows her department; the director goes to the part chosen for the unit's own staff
    with ctx.read() as s:
        assert (
            s.scalar(select(Person.unit_id).where(Person.id == province["lab_doctor"])) == province["c_lab"]
        )
    assert _open_postings(ctx, director) == [(lab, DAY)]
    for new in (care, lab):
        assert lineage(ctx, new) == {new, province["c"]}
        assert [r.earned_by for r in unit_record(ctx, new).ratings] == ["Trung tâm Y tế huyện Cẩm Sơn"]
    assert {s.id for s in unit_record(ctx, province["c"]).successors} == {care, lab}
    event = unit_record(ctx, care).events[-1]
    assert (event.kind, event.before, set(event.after)) == (
        UnitEventKind.SPLIT,
        ("Trung tâm Y tế huyện Cẩm Sơn",),
        {"Trung tâm Y tế khu vực Cẩm Sơn", "Trung tâm Xét nghiệm Cẩm Sơn"},
    )
    assert ("create", "unit_event") in _audit(ctx, "Chia tách Trung tâm Y tế huyện Cẩm Sơn thành")


def test_partial_split_keeps_the_old_unit(ctx, province):
    plan = SplitPlan(
        province["c"],
        DAY,
        keep_original=True,
        parts=(SplitPart(UnitData("Trung tâm Xét nghiệm Cẩm Sơn", UnitKind.CENTER), (province["c_lab"],)),),
    )
    result = split_unit(ctx, plan)
    (lab,) = result.new_unit_ids
    assert _unit_row(ctx, province["c"])[2] is UnitStatus.ACTIVE
    assert [n.id for n in unit_tree(ctx).children()[province["c"]]] == [province["c_care"]]
    assert lineage(ctx, lab) == {lab, province["c"]}
    assert lineage(ctx, province["c"]) == {province["c"]}  # the old unit inherits nothing from itself


def test_split_refusals_change_nothing(ctx, province):
    def split(*parts, **kw):
        return lambda: split_unit(ctx, SplitPlan(province["c"], DAY, parts=parts, **kw))

    one = SplitPart(UnitData("Trung tâm A", UnitKind.CENTER), (province["c_lab"], province["c_care"]))
    _refused(ctx, split(one), "ít nhất hai đơn vị mới")
    _refused(ctx, split(keep_original=True), "ít nhất một đơn vị mới")
    _refused(
        ctx,
        split(
            SplitPart(UnitData("Trung tâm A", UnitKind.CENTER), (province["c_lab"],)),
            SplitPart(UnitData("Trung tâm B", UnitKind.CENTER)),
        ),
        "Còn 1 khoa, phòng chưa chọn đơn vị mới: Khoa Kiểm soát bệnh tật",
    )
    _refused(
        ctx,
        split(
            SplitPart(UnitData("Trung tâm A", UnitKind.CENTER), (province["c_lab"],)),
            SplitPart(UnitData("trung tam a", UnitKind.CENTER), (province["c_care"],)),
        ),
        "tên khác nhau",
    )
    _refused(
        ctx,
        split(one, SplitPart(UnitData("Trung tâm B", UnitKind.CENTER), (province["c_lab"],))),
        "chỉ được chuyển về một",
    )
    _refused(
        ctx,
        split(SplitPart(UnitData("Trung tâm A", UnitKind.CENTER), (province["a_ward"],)), keep_original=True),
        "trực thuộc đơn vị bị chia tách",
    )
    _refused(
        ctx,
        split(SplitPart(UnitData("Bệnh viện Đa khoa huyện Bình Yên", UnitKind.HOSPITAL)), keep_original=True),
        "Đã có đơn vị",
    )


# --- dissolve --------------------------------------------------------------------------------------


def test_dissolve_is_refused_while_staff_work_there(ctx, province):
    _refused(
        ctx,
        lambda: dissolve_unit(ctx, province["a"], DAY, "QĐ 9/QĐ-UBND"),
        "còn 3 cán bộ đang công tác",
        "Chuyển cán bộ sang",
    )
    _refused(
        ctx,
        lambda: dissolve_unit(ctx, province["a"], DAY, move_staff_to=province["a_ward"]),
        "không thể là đơn vị bị giải thể",
    )
    _refused(ctx, lambda: dissolve_unit(ctx, province["dept"], DAY), "gốc của cây")


def test_dissolve_moving_the_staff_first(ctx, province):
    result = dissolve_unit(ctx, province["a"], DAY, "QĐ 9/QĐ-UBND", move_staff_to=province["b"])
    assert result.moved_staff == 3 and set(result.ended_ids) == {province["a"], province["a_ward"]}
    for unit in ("a", "a_ward"):
        assert _unit_row(ctx, province[unit])[2:4] == (UnitStatus.DISSOLVED, DAY)
    for person in ("an", "binh", "cuc"):
        assert _open_postings(ctx, province[person]) == [(province["b"], DAY)]
    # dissolution hands on the people, not the records
    assert lineage(ctx, province["b"]) == {province["b"]}
    events = unit_record(ctx, province["a"]).events
    assert [(e.kind, e.decision_ref) for e in events] == [(UnitEventKind.DISSOLVE, "QĐ 9/QĐ-UBND")]


def test_dissolve_an_empty_unit(ctx, province):
    result = dissolve_unit(ctx, province["c_care"], DAY)
    assert result.ended_ids == (province["c_care"],) and result.moved_staff == 0
    assert ("update", "unit") in _audit(ctx, "Giải thể Khoa Kiểm soát bệnh tật")


# --- clusters ----------------------------------------------------------------------------------------


def test_cluster_membership_by_year_with_the_predecessors(ctx, province):
    with ctx.write("Cụm thi đua") as s:
        for year, unit, role in ((2024, "a", ClusterRole.LEADER), (2025, "b", ClusterRole.MEMBER)):
            cluster = Cluster(year=year, name=f"Cụm bệnh viện huyện {year}", kind=ClusterKind.CLUSTER)
            s.add(cluster)
            s.flush()
            s.add(ClusterMember(cluster_id=cluster.id, unit_id=province[unit], role=role))
    merge_units(ctx, MergePlan((province["a"],), DAY, into_id=province["b"]))
    rows = [(m.year, m.cluster_name, m.role, m.unit_id) for m in unit_clusters(ctx, province["b"])]
    assert rows == [
        (2025, "Cụm bệnh viện huyện 2025", ClusterRole.MEMBER, province["b"]),
        (2024, "Cụm bệnh viện huyện 2024", ClusterRole.LEADER, province["a"]),
    ]
    assert [m.year for m in unit_clusters(ctx, province["a"])] == [2024]
