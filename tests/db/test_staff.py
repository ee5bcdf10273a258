"""Staff directory search and the import of staff lists (service level)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.services.staff import (
    EXACT,
    FOLDED,
    NEAR,
    NEW,
    IncomingPerson,
    StaffDirectory,
    StaffRecord,
    apply_staff_import,
    import_staff,
    load_directory,
    load_first_records,
    plan_staff_import,
)
from app.services.units import subtree_ids
from app.text import fold, name_sort_key
from database.enums import Gender, UnitKind
from database.models import AuditEntry, Person, Posting, Unit


@pytest.fixture
def hospital(ctx):
    with ctx.write() as s:
        dept = Unit(name="Sở Y tế", name_folded="so y te", kind=UnitKind.DEPARTMENT)
        s.add(dept)
        s.flush()
        unit = Unit(
            name="Bệnh viện Nhi", name_folded="benh vien nhi", kind=UnitKind.HOSPITAL, parent_id=dept.id
        )
        s.add(unit)
        s.flush()
        return unit.id


def _p(row, name, gender="FEMALE", born=dt.date(1985, 3, 12), **kw):
    return IncomingPerson(row=row, full_name=name, gender=gender, birth_date=born, **kw)


def _count(ctx, model):
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_import_writes_people_postings_and_departments(ctx, hospital):
    people = [
        _p(2, "  NGUYỄN   thị  hoa ", department="Khoa Nội tổng hợp", position="Điều dưỡng"),
        _p(
            3, "Trần Văn Đức", gender="MALE", born=None, birth_year=1979, department="Phòng Kế hoạch tổng hợp"
        ),
        _p(4, "Lê Thị Mai", department="Khoa Nội tổng hợp"),
    ]
    plan = plan_staff_import(ctx, people, hospital)
    assert [p.full_name for p in plan.new] == ["Nguyễn Thị Hoa", "Trần Văn Đức", "Lê Thị Mai"]
    with pytest.raises(ValidationError, match="Khoa Nội tổng hợp"):  # nothing is created undecided
        apply_staff_import(ctx, plan, source="ds.xlsx")
    assert _count(ctx, Person) == 0
    allowed = {"Khoa Nội tổng hợp": "Khoa Nội tổng hợp", "Phòng Kế hoạch tổng hợp": "Phòng Kế hoạch tổng hợp"}
    result = apply_staff_import(ctx, plan, source="ds.xlsx", departments=allowed)
    assert (result.created, result.departments_created) == (3, 2)
    with ctx.read() as s:
        kinds = dict(s.execute(select(Unit.name, Unit.kind).where(Unit.parent_id == hospital)).all())
        assert kinds == {
            "Khoa Nội tổng hợp": UnitKind.CLINICAL_DEPT,
            "Phòng Kế hoạch tổng hợp": UnitKind.ADMIN_DEPT,
        }
        duc = s.scalar(select(Person).where(Person.full_name == "Trần Văn Đức"))
        assert (duc.birth_date, duc.birth_year, duc.gender) == (None, 1979, Gender.MALE)
        assert s.scalar(select(func.count()).select_from(Posting)) == 3
        assert subtree_ids(s, hospital) >= {duc.unit_id, hospital}
        assert (
            s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")) == 1
        )


def test_duplicates_in_the_file_and_in_the_database(ctx, hospital):
    apply_staff_import(
        ctx, plan_staff_import(ctx, [_p(2, "Nguyễn Thị Hoa", position="Điều dưỡng")], hospital)
    )
    again = [
        _p(2, "Nguyen Thi Hoa"),  # written without marks: only probably the same person, for review
        _p(3, "Phạm Văn An", gender="MALE"),
        _p(4, "Phạm  Văn An", gender="MALE"),
        _p(5, "Nguyễn Thị Hoa", born=dt.date(1990, 1, 1)),  # another birth date: another person
    ]
    plan = plan_staff_import(ctx, again, hospital)
    assert [p.row for p in plan.new] == [3, 5]
    assert [(d.person.row, d.existing_id is not None) for d in plan.duplicates] == [(4, False)]
    assert [(r.person.row, r.acceptable, [k.full_name for k in r.candidates]) for r in plan.review] == [
        (2, True, ["Nguyễn Thị Hoa"])
    ]
    skipped = apply_staff_import(ctx, plan)
    assert (skipped.created, skipped.updated, skipped.skipped, skipped.left_for_review) == (2, 0, 1, 1)
    assert _count(ctx, Person) == 3


def test_update_duplicates_changes_the_existing_person_with_audit(ctx, hospital):
    apply_staff_import(
        ctx, plan_staff_import(ctx, [_p(2, "Nguyễn Thị Hoa", position="Điều dưỡng")], hospital)
    )
    plan = plan_staff_import(ctx, [_p(2, "Nguyễn Thị Hoa", position="Điều dưỡng trưởng")], hospital)
    result = apply_staff_import(ctx, plan, update_duplicates=True)
    assert (result.created, result.updated) == (0, 1)
    with ctx.read() as s:
        assert s.scalar(select(Person.position)) == "Điều dưỡng trưởng"
        row = s.scalar(select(AuditEntry).where(AuditEntry.entity == "person", AuditEntry.action == "update"))
        assert row.before["position"] == "Điều dưỡng" and row.after["position"] == "Điều dưỡng trưởng"


def test_rows_with_problems_refuse_the_whole_list(ctx, hospital):
    people = [_p(2, "Nguyễn Thị Hoa"), _p(3, None), _p(4, "Lê Văn Tám", problems=("Ngày sinh không hợp lệ",))]
    plan = plan_staff_import(ctx, people, hospital)
    assert plan.errors == [(3, "Thiếu họ và tên"), (4, "Ngày sinh không hợp lệ")]
    with pytest.raises(ValidationError, match="2 lỗi"):
        apply_staff_import(ctx, plan)
    assert _count(ctx, Person) == 0


def test_a_failure_midway_writes_nothing(ctx, hospital, monkeypatch):
    import app.services.staff as staff

    plan = plan_staff_import(
        ctx, [_p(2, "Nguyễn Thị Hoa", department="Khoa Dược"), _p(3, "Lê Văn Tám")], hospital
    )

    def broken_record_bulk(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(staff, "record_bulk", broken_record_bulk)
    with pytest.raises(OSError):
        apply_staff_import(ctx, plan, departments={"Khoa Dược": "Khoa Dược"})
    assert _count(ctx, Person) == 0 and _count(ctx, Posting) == 0
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Unit).where(Unit.parent_id == hospital)) == 0


def test_directory_search_folds_case_and_marks(ctx, hospital):
    names = ["Nguyễn Văn An", "Trần Đức Bình", "Lê Thị Ánh", "Phạm Văn Đức", "Nguyễn Văn Anh"]
    plan = plan_staff_import(
        ctx, [_p(i, n, born=dt.date(1970 + i, 1, 1)) for i, n in enumerate(names, 2)], hospital
    )
    apply_staff_import(ctx, plan)
    directory = load_directory(ctx)
    # Vietnamese order: by given name, then middle, then family name; capitals make no difference.
    assert [r.full_name for r in directory.records] == [
        "Nguyễn Văn An",
        "Lê Thị Ánh",
        "Nguyễn Văn Anh",
        "Trần Đức Bình",
        "Phạm Văn Đức",
    ]

    def names_for(query, **kw):
        return [directory.records[i].full_name for i in directory.search(query, **kw)]

    assert names_for("nguyen van an") == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert names_for("duc") == ["Trần Đức Bình", "Phạm Văn Đức"]
    assert names_for("ÁNH") == ["Lê Thị Ánh", "Nguyễn Văn Anh"]
    assert names_for("an nguyen") == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert names_for("", birth_from=1973, birth_to=1974) == ["Lê Thị Ánh", "Trần Đức Bình"]
    assert names_for("", unit_ids={hospital + 1000}) == []


def test_the_loaded_directory_reads_and_filters_as_plain_records(ctx, hospital):
    """The directory keeps the driver's rows and makes a record when asked: each record has its fields
    turned (the gender, the date, the unit's name), and every filter finds in a row what it finds in the
    record made of it."""
    people = [
        _p(2, "Nguyễn Văn An", gender="MALE", born=dt.date(1970, 1, 2), position="Trưởng khoa"),
        _p(3, "Lê Thị Ánh", born=dt.date(1984, 5, 6), position="Điều dưỡng", ethnicity="Tày"),
        _p(4, "Trần Đức Bình", gender="MALE", born=dt.date(1990, 7, 8), position="Điều dưỡng"),
    ]
    apply_staff_import(ctx, plan_staff_import(ctx, people, hospital))
    directory = load_directory(ctx)
    records = list(directory.records)
    assert [(r.full_name, r.gender, r.birth_date, r.birth_year, r.unit_name) for r in records] == [
        ("Nguyễn Văn An", Gender.MALE, dt.date(1970, 1, 2), 1970, "Bệnh viện Nhi"),
        ("Lê Thị Ánh", Gender.FEMALE, dt.date(1984, 5, 6), 1984, "Bệnh viện Nhi"),
        ("Trần Đức Bình", Gender.MALE, dt.date(1990, 7, 8), 1990, "Bệnh viện Nhi"),
    ]
    assert [directory.records[i] for i in range(3)] == records == directory.records[:]
    assert (records[0].position, records[1].ethnicity) == ("Trưởng khoa", "Tày")
    assert directory.positions == ["Điều dưỡng", "Trưởng khoa"]
    plain = StaffDirectory(records, directory.folded, directory.positions)
    for filters in (
        {"gender": Gender.MALE},
        {"gender": Gender.FEMALE, "position": "Điều dưỡng"},
        {"position": "Điều dưỡng", "birth_from": 1985},
        {"unit_ids": {hospital}, "birth_to": 1984},
        {"person_ids": {records[2].id}},
    ):
        assert directory.search("", **filters) == plain.search("", **filters) != []


def _with_departments(ctx, unit_id, *names) -> dict[str, int]:
    with ctx.write() as s:
        ids = {}
        for name in names:
            dept = Unit(name=name, name_folded=name.lower(), kind=UnitKind.CLINICAL_DEPT, parent_id=unit_id)
            s.add(dept)
            s.flush()
            ids[name] = dept.id
        return ids


def _eye_list():
    return [
        _p(2, "Nguyễn Thị Hoa", department="Khoa Nội"),
        _p(3, "Trần Văn Đức", department="KHOA NOI"),
        _p(4, "Lê Thị Mai", department="Khoa Nội tổng hợp"),
        _p(5, "Phạm Văn Nam", department="Khoa Nhi"),
        _p(6, "Đỗ Thị Lan", department="Khoa Nhi khoa"),
        _p(7, "Vũ Văn Hải", department="Khoa Phụ sản"),
    ]


def test_the_file_departments_are_matched_exact_folded_near_and_new(ctx, hospital):
    ids = _with_departments(ctx, hospital, "Khoa Nội")
    plan = plan_staff_import(ctx, _eye_list(), hospital)
    m = {d.name: d for d in plan.departments}
    assert (m["Khoa Nội"].kind, m["Khoa Nội"].unit_id, m["Khoa Nội"].people) == (EXACT, ids["Khoa Nội"], 2)
    assert "KHOA NOI" not in m  # one department, written two ways: folded together, counted once
    assert (m["Khoa Nội tổng hợp"].kind, m["Khoa Nội tổng hợp"].near) == (
        NEAR,
        ((ids["Khoa Nội"], "Khoa Nội"),),
    )
    assert m["Khoa Nhi"].kind == NEW and m["Khoa Nhi"].near_in_file == ("Khoa Nhi khoa",)
    assert m["Khoa Nhi khoa"].near_in_file == ("Khoa Nhi",)
    assert m["Khoa Phụ sản"].kind == NEW and m["Khoa Phụ sản"].near == ()


def test_a_folded_department_is_reused_without_asking(ctx, hospital):
    ids = _with_departments(ctx, hospital, "Khoa Nội")
    plan = plan_staff_import(ctx, [_p(2, "Nguyễn Thị Hoa", department="KHOA NỘI")], hospital)
    assert plan.departments[0].kind == FOLDED
    result = apply_staff_import(ctx, plan)
    assert result.departments_created == 0
    with ctx.read() as s:
        assert s.scalar(select(Person.unit_id)) == ids["Khoa Nội"]


def test_the_clerk_maps_merges_and_allows_creation_per_department(ctx, hospital):
    ids = _with_departments(ctx, hospital, "Khoa Nội")
    decisions = {
        "Khoa Nội tổng hợp": ids["Khoa Nội"],  # mapped to an existing department
        "Khoa Nhi": "Khoa Nhi",  # allowed to be created
        "Khoa Nhi khoa": "Khoa Nhi",  # merged into another name of the file
        "Khoa Phụ sản": None,  # no department: into the unit itself
    }
    people = _eye_list()
    result = import_staff(ctx, people, hospital, {}, [], [], "mat.xlsx", decisions)
    assert (result.created, result.departments_created) == (6, 1)
    with ctx.read() as s:
        names = dict(s.execute(select(Unit.id, Unit.name).where(Unit.parent_id == hospital)).all())
        assert sorted(names.values()) == ["Khoa Nhi", "Khoa Nội"]
        where = dict(s.execute(select(Person.full_name, Person.unit_id)).all())
    assert {n: names.get(u, "unit" if u == hospital else u) for n, u in where.items()} == {
        "Nguyễn Thị Hoa": "Khoa Nội",
        "Trần Văn Đức": "Khoa Nội",
        "Lê Thị Mai": "Khoa Nội",
        "Phạm Văn Nam": "Khoa Nhi",
        "Đỗ Thị Lan": "Khoa Nhi",
        "Vũ Văn Hải": "unit",
    }


def test_an_undecided_department_refuses_the_list_and_a_foreign_id_is_refused(ctx, hospital):
    _with_departments(ctx, hospital, "Khoa Nội")
    people = [_p(2, "Nguyễn Thị Hoa", department="Khoa Mắt trẻ em")]
    with pytest.raises(ValidationError, match="Khoa Mắt trẻ em"):
        import_staff(ctx, people, hospital, {}, [], [], "x.xlsx", {})
    with ctx.read() as s:
        outside = s.scalar(select(Unit.id).where(Unit.name == "Sở Y tế"))
    with pytest.raises(ValidationError, match="không còn thuộc đơn vị"):
        import_staff(ctx, people, hospital, {}, [], [], "x.xlsx", {"Khoa Mắt trẻ em": outside})
    assert _count(ctx, Person) == 0


def test_every_record_of_the_directory_is_the_person_as_stored(ctx, hospital):
    """Each record read back equals its person's stored fields, in the lists' order (sort key, then id), with
    the folded name at the same place: namesakes, a year without a date, no gender, no unit, an empty
    position beside a missing one; who has left only with include_left."""
    with ctx.write() as s:
        for name, gender, born, year, unit, position, title, ethnicity, left in [
            (
                "Nguyễn Văn An",
                Gender.MALE,
                dt.date(1970, 1, 2),
                1970,
                hospital,
                "Trưởng khoa",
                "Bác sĩ",
                "Kinh",
                None,
            ),
            ("Nguyễn Văn An", Gender.MALE, None, 1981, hospital, "Trưởng khoa", "Bác sĩ", "Kinh", None),
            ("Lê Thị Ánh", Gender.FEMALE, dt.date(1984, 5, 6), 1984, None, "", None, "Tày", None),
            ("Đỗ Bình", None, None, None, hospital, None, "Điều dưỡng", None, None),
            (
                "Trần Thị Hoa",
                Gender.FEMALE,
                dt.date(1960, 2, 29),
                1960,
                hospital,
                "Điều dưỡng",
                None,
                "Kinh",
                dt.date(2020, 3, 1),
            ),
        ]:
            s.add(
                Person(
                    full_name=name,
                    name_folded=fold(name),
                    sort_key=name_sort_key(name),
                    gender=gender,
                    birth_date=born,
                    birth_year=year,
                    unit_id=unit,
                    position=position,
                    professional_title=title,
                    ethnicity=ethnicity,
                    left_on=left,
                )
            )
    with ctx.read() as s:
        unit_names = dict(s.execute(select(Unit.id, Unit.name)).all())
        people = s.scalars(select(Person).order_by(Person.sort_key, Person.id)).all()
        stored = [
            (
                StaffRecord(
                    p.id,
                    p.full_name,
                    p.gender,
                    p.birth_date,
                    p.birth_year,
                    p.unit_id,
                    unit_names.get(p.unit_id, ""),
                    p.position,
                    p.professional_title,
                    p.ethnicity,
                ),
                p.name_folded,
                p.left_on is None,
            )
            for p in people
        ]
    for include_left in (False, True):
        directory = load_directory(ctx, include_left=include_left)
        expected = [(record, folded) for record, folded, current in stored if current or include_left]
        assert [directory.records[i] for i in range(len(directory.records))] == [r for r, _f in expected]
        assert list(directory.records) == [r for r, _f in expected]
        assert directory.folded == [f for _r, f in expected]
        assert directory.positions == sorted({r.position for r, _f in expected if r.position}, key=fold)
    assert len(expected) == 5 and sum(r.full_name == "Nguyễn Văn An" for r, _f in expected) == 2


def test_the_first_records_are_the_directory_s_first(ctx, hospital):
    """The first screenful the Cán bộ page shows while the whole directory is read: the directory's first
    records, read on their own: namesakes (equal sort keys) by id, someone who has left (whose name would
    come first) left out, fewer people than asked for all of them; each record as the directory makes it."""
    with ctx.write() as s:
        for name, unit, left in [
            ("Nguyễn Văn Bình", hospital, None),
            ("Lê Thị Ánh", None, None),
            ("Nguyễn Văn Bình", hospital, None),
            ("Hoàng An", hospital, dt.date(2021, 9, 1)),
            ("Trần Văn Bình", hospital, None),
            ("Nguyễn Văn Bình", None, None),
            ("Đỗ Cúc", hospital, None),
        ]:
            s.add(
                Person(
                    full_name=name,
                    name_folded=fold(name),
                    sort_key=name_sort_key(name),
                    gender=Gender.FEMALE,
                    birth_year=1980,
                    unit_id=unit,
                    position="Điều dưỡng",
                    left_on=left,
                )
            )
    directory = list(load_directory(ctx).records)
    with ctx.read() as s:
        namesakes = list(s.scalars(select(Person.id).where(Person.full_name == "Nguyễn Văn Bình")))
        gone = s.scalar(select(Person.id).where(Person.left_on.is_not(None)))
    assert [r.full_name for r in directory] == [
        "Lê Thị Ánh",
        "Nguyễn Văn Bình",
        "Nguyễn Văn Bình",
        "Nguyễn Văn Bình",
        "Trần Văn Bình",
        "Đỗ Cúc",
    ]
    for limit in range(1, 9):
        first = load_first_records(ctx, limit)
        assert first == directory[:limit]
        assert all(type(r) is StaffRecord for r in first)
    first = load_first_records(ctx, 4)
    assert [r.id for r in first[1:]] == sorted(namesakes)
    assert gone not in [r.id for r in load_first_records(ctx, 100)]
    assert [r.unit_name for r in first] == ["", "Bệnh viện Nhi", "Bệnh viện Nhi", ""]


def test_a_control_character_stored_in_a_field_does_not_shift_the_others(ctx, hospital):
    """The directory reads what it only shows as one text, split by a control character; one stored in a
    field (written by hand or by an old program: clean() turns them into spaces) comes out as a space, the
    other fields in their places, and the person is searched and listed as before."""
    with ctx.write() as s:
        s.execute(
            Person.__table__.insert(),
            [
                dict(
                    full_name="Phạm\x1fVăn Hùng",
                    name_folded="pham van hung",
                    sort_key=name_sort_key("Phạm Văn Hùng"),
                    gender="MALE",
                    birth_date=dt.date(1975, 4, 30),
                    birth_year=1975,
                    unit_id=hospital,
                    position="Bác sĩ",
                    professional_title="Bác sĩ\x1fchính",
                    ethnicity=None,
                ),
                dict(
                    full_name="Hà Thị Mai",
                    name_folded="ha thi mai",
                    sort_key=name_sort_key("Hà Thị Mai"),
                    gender="FEMALE",
                    birth_date=None,
                    birth_year=1990,
                    unit_id=hospital,
                    position=None,
                    professional_title=None,
                    ethnicity="Mường\x1f",
                ),
            ],
        )
    directory = load_directory(ctx)
    records = {r.full_name: r for r in directory.records}
    assert records["Phạm Văn Hùng"][2:] == (
        Gender.MALE,
        dt.date(1975, 4, 30),
        1975,
        hospital,
        records["Phạm Văn Hùng"].unit_name,
        "Bác sĩ",
        "Bác sĩ chính",
        None,
    )
    assert records["Hà Thị Mai"][2:] == (
        Gender.FEMALE,
        None,
        1990,
        hospital,
        records["Hà Thị Mai"].unit_name,
        None,
        None,
        "Mường ",
    )
    assert [directory.records[i].full_name for i in directory.search("hung", position="Bác sĩ")] == [
        "Phạm Văn Hùng"
    ]
