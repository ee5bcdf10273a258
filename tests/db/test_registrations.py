"""Đăng ký thi đua (app.services.registrations) on SQLite and PostgreSQL: entry, import, status, year end."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.errors import ValidationError
from app.exchange.roster import REGISTRATION_FIELDS, guess_mapping, read_roster
from app.services.registrations import (
    RegistrationData,
    apply_registration_import,
    import_registration_list,
    plan_registration_import,
    read_aims,
    registered_vs_achieved,
    registration_detail,
    save_registration,
    set_status,
    unregistered,
    year_registrations,
)
from app.text import fold, name_sort_key
from database.enums import AwardSource, RegistrationStatus, UnitKind
from database.models import AuditEntry, Award, AwardType, Person, Registration, RegistrationItem, Unit

YEAR = 2025


def _unit(s, name: str, kind: UnitKind, parent: Unit | None = None) -> Unit:
    unit = Unit(name=name, name_folded=fold(name), kind=kind, parent_id=parent.id if parent else None)
    s.add(unit)
    s.flush()
    return unit


def _person(s, name: str, unit: Unit, birth: dt.date | None = None, year: int | None = None) -> int:
    person = Person(
        full_name=name,
        name_folded=fold(name),
        sort_key=name_sort_key(name),
        unit_id=unit.id,
        birth_date=birth,
        birth_year=birth.year if birth else year,
    )
    s.add(person)
    s.flush()
    return person.id


@pytest.fixture
def world(ctx):
    with ctx.write() as s:
        so = _unit(s, "Sở Y tế", UnitKind.DEPARTMENT)
        hospital = _unit(s, "Bệnh viện Đa khoa tỉnh", UnitKind.HOSPITAL, so)
        ward = _unit(s, "Khoa Nội", UnitKind.CLINICAL_DEPT, hospital)
        centre = _unit(s, "Trung tâm Y tế huyện Hà Trung", UnitKind.HEALTH_CENTER, so)
        people = {
            "an": _person(s, "Nguyễn Văn An", ward, dt.date(1980, 3, 2)),
            "binh": _person(s, "Trần Thị Bình", hospital, dt.date(1990, 5, 6)),
            "cuong": _person(s, "Lê Văn Cường", ward, year=1985),
            "an2": _person(s, "Nguyễn Văn An", centre, dt.date(1980, 3, 2)),  # a namesake elsewhere
            "dung": _person(s, "Phạm Thị Dung", centre, dt.date(1975, 1, 1)),
        }
        codes = dict(s.execute(select(AwardType.code, AwardType.id)).all())
    return {"hospital": hospital.id, "ward": ward.id, "centre": centre.id, "people": people, "codes": codes}


def _award(ctx, codes, code: str, person_id: int | None = None, unit_id: int | None = None, year: int = YEAR):
    with ctx.write() as s:
        s.add(
            Award(
                award_type_id=codes[code],
                is_title=True,
                year=year,
                source=AwardSource.HISTORY,
                person_id=person_id,
                unit_id=unit_id,
            )
        )


def _list(tmp_path, rows, header=("STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu đăng ký")):
    book = Workbook()
    sheet = book.active
    sheet.append(["BỆNH VIỆN ĐA KHOA TỈNH"])
    sheet.append(["DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025"])
    sheet.append(list(header))
    for n, row in enumerate(rows, 1):
        sheet.append([n, *row])
    path = tmp_path / "dang_ky.xlsx"
    book.save(path)
    return path


def _aims(path):
    sheet = read_roster(path)
    return read_aims(sheet, guess_mapping(sheet, REGISTRATION_FIELDS))


def test_units_under_the_department_are_listed_with_or_without_a_registration(ctx, world):
    rows = year_registrations(ctx, YEAR)
    assert [(r.unit_name, r.registration_id, r.status) for r in rows] == [
        ("Bệnh viện Đa khoa tỉnh", None, RegistrationStatus.PENDING),
        ("Trung tâm Y tế huyện Hà Trung", None, RegistrationStatus.PENDING),
    ]
    people = world["people"]
    reg_id = save_registration(
        ctx,
        RegistrationData(
            YEAR, world["hospital"], ("TTLDXS",), ((people["an"], "CSTDCS"), (people["binh"], "LDTT"))
        ),
    )
    hospital = year_registrations(ctx, YEAR)[0]
    assert hospital.registration_id == reg_id and hospital.status is RegistrationStatus.RECEIVED
    assert hospital.collective == ("TTLĐXS",) and hospital.persons == 2
    detail = registration_detail(ctx, reg_id)
    assert detail.collective_codes == ("TTLDXS",)
    assert [(p.full_name, p.code, p.unit_name) for p in detail.persons] == [
        ("Nguyễn Văn An", "CSTDCS", "Khoa Nội"),
        ("Trần Thị Bình", "LDTT", "Bệnh viện Đa khoa tỉnh"),
    ]


def test_saving_again_changes_only_what_changed_and_checks_the_titles(ctx, world):
    people = world["people"]
    first = save_registration(
        ctx, RegistrationData(YEAR, world["hospital"], ("TTLDTT",), ((people["an"], "LDTT"),))
    )
    with ctx.read() as s:
        audits = s.scalar(select(func.max(AuditEntry.id)))
    again = save_registration(
        ctx,
        RegistrationData(
            YEAR, world["hospital"], ("TTLDTT",), ((people["an"], "LDTT"), (people["binh"], "LDTT"))
        ),
    )
    assert again == first
    with ctx.read() as s:
        new_rows = s.scalars(select(AuditEntry.entity).where(AuditEntry.id > audits)).all()
    # The one new item, nothing rewritten; the registration's own row says its version moved (a form open on
    # it elsewhere is now stale: app.services.versions.touch).
    assert new_rows == ["registration_item", "registration"]
    with pytest.raises(ValidationError, match="danh hiệu cá nhân"):
        save_registration(ctx, RegistrationData(YEAR, world["hospital"], ("LDTT",)))
    with pytest.raises(ValidationError, match="danh hiệu tập thể"):
        save_registration(ctx, RegistrationData(YEAR, world["hospital"], (), ((people["an"], "TTLDXS"),)))
    with pytest.raises(ValidationError, match="không phải là một danh hiệu"):
        save_registration(ctx, RegistrationData(YEAR, world["hospital"], (), ((people["an"], "GIAY_KHEN"),)))
    with pytest.raises(ValidationError, match="chưa có danh hiệu"):
        save_registration(ctx, RegistrationData(YEAR, world["hospital"]))
    assert len(registration_detail(ctx, first).persons) == 2  # the refused saves wrote nothing


def test_status_changes_keep_their_reason(ctx, world):
    reg_id = save_registration(ctx, RegistrationData(YEAR, world["centre"], ("TTLDTT",)))
    with pytest.raises(ValidationError, match="lý do"):
        set_status(ctx, reg_id, RegistrationStatus.RETURNED, "  ")
    set_status(ctx, reg_id, RegistrationStatus.RETURNED, "Thiếu chữ ký của thủ trưởng")
    detail = registration_detail(ctx, reg_id)
    assert (
        detail.status is RegistrationStatus.RETURNED and detail.status_reason == "Thiếu chữ ký của thủ trưởng"
    )
    set_status(ctx, reg_id, RegistrationStatus.APPROVED)
    row = next(r for r in year_registrations(ctx, YEAR) if r.registration_id == reg_id)
    assert row.status is RegistrationStatus.APPROVED and row.status_reason is None
    assert row.received_on == dt.date.today()


def test_an_imported_list_is_matched_by_name_and_birth_all_or_nothing(ctx, world, tmp_path):
    people = world["people"]
    path = _list(
        tmp_path,
        [
            (
                "Nguyễn Văn An",
                "02/03/1980",
                "Bác sĩ",
                "CSTĐ cơ sở",
            ),  # a namesake in another unit: this unit's one
            ("TRẦN THỊ BÌNH", "06/05/1990", "Điều dưỡng", "Lao động tiên tiến"),
            ("Lê Văn Cường", "1985", "", "LĐTT"),  # only a year, in the file and in the database
            ("Hoàng Văn Em", "01/01/1999", "", "LĐTT"),  # nobody of that name
            ("Phạm Thị Dung", "01/01/1975", "", "Huân chương"),  # not a title; and works elsewhere
        ],
    )
    plan = plan_registration_import(ctx, YEAR, world["hospital"], _aims(path))
    by_row = {r.row: r for r in plan.rows}
    assert by_row[4].person_id == people["an"] and by_row[4].codes == ("CSTDCS",) and not by_row[4].problems
    assert by_row[5].person_id == people["binh"] and by_row[5].codes == ("LDTT",)
    assert by_row[6].person_id == people["cuong"]
    assert "Không tìm thấy cán bộ" in by_row[7].problems[0]
    assert by_row[8].problems == ("Không rõ danh hiệu: “Huân chương”",)
    assert by_row[8].warnings == (
        "Đang công tác tại Trung tâm Y tế huyện Hà Trung, không thuộc Bệnh viện Đa khoa tỉnh",
    )
    with pytest.raises(ValidationError, match="còn 2 dòng có lỗi"):
        apply_registration_import(ctx, plan)
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Registration)) == 0

    fixed = _list(
        tmp_path,
        [
            ("Nguyễn Văn An", "02/03/1980", "Bác sĩ", "CSTĐ cơ sở"),
            ("Trần Thị Bình", "06/05/1990", "", "Lao động tiên tiến, CSTĐCS"),
            ("Lê Văn Cường", "", "", ""),
        ],
    )  # no birth, no title: the default title
    plan = plan_registration_import(ctx, YEAR, world["hospital"], _aims(fixed), default_code="LDTT")
    assert not plan.problem_rows
    result = apply_registration_import(ctx, plan, source="dang_ky.xlsx")
    assert (result.persons, result.added, result.removed) == (3, 4, 0)
    detail = registration_detail(ctx, result.registration_id)
    assert sorted((p.person_id, p.code) for p in detail.persons) == sorted(
        [
            (people["an"], "CSTDCS"),
            (people["binh"], "LDTT"),
            (people["binh"], "CSTDCS"),
            (people["cuong"], "LDTT"),
        ]
    )


def test_a_new_list_replaces_the_staff_part_and_keeps_the_collective_titles(ctx, world, tmp_path):
    people = world["people"]
    reg_id = save_registration(
        ctx,
        RegistrationData(
            YEAR, world["hospital"], ("TTLDXS",), ((people["an"], "LDTT"), (people["binh"], "LDTT"))
        ),
    )
    plan = plan_registration_import(
        ctx, YEAR, world["hospital"], _aims(_list(tmp_path, [("Trần Thị Bình", "06/05/1990", "", "LĐTT")]))
    )
    result = apply_registration_import(ctx, plan)
    assert result.registration_id == reg_id and (result.added, result.removed) == (0, 1)
    assert (result.year, result.unit_id) == (YEAR, world["hospital"])
    detail = registration_detail(ctx, reg_id)
    assert detail.collective_codes == ("TTLDXS",) and [p.person_id for p in detail.persons] == [
        people["binh"]
    ]


def test_the_window_imports_a_list_planned_again_in_the_write(ctx, world, tmp_path):
    """What the window runs on the writer thread: the rows checked against the database as it is then, and
    written only when none has a problem."""
    people = world["people"]
    aims = _aims(_list(tmp_path, [("Trần Thị Bình", "06/05/1990", "", ""), ("Hoàng Văn Em", "", "", "LĐTT")]))
    with pytest.raises(ValidationError, match="còn 1 dòng có lỗi"):
        import_registration_list(ctx, YEAR, world["hospital"], aims, "LDTT", "dang_ky.xlsx")
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Registration)) == 0
    result = import_registration_list(ctx, YEAR, world["hospital"], aims[:1], "LDTT", "dang_ky.xlsx")
    assert (result.persons, result.added, result.year, result.unit_id) == (1, 1, YEAR, world["hospital"])
    detail = registration_detail(ctx, result.registration_id)
    assert [(p.person_id, p.code) for p in detail.persons] == [(people["binh"], "LDTT")]


def test_two_namesakes_in_the_unit_need_a_birth_date(ctx, world, tmp_path):
    with ctx.write() as s:
        _person(s, "Lê Văn Cường", s.get(Unit, world["hospital"]), dt.date(1990, 1, 1))
    plan = plan_registration_import(
        ctx, YEAR, world["hospital"], _aims(_list(tmp_path, [("Lê Văn Cường", "", "", "LĐTT")]))
    )
    assert plan.rows[0].problems == (
        "Có 2 cán bộ cùng họ tên: hãy ghi ngày sinh đầy đủ trong tệp để phân biệt.",
    )


def test_year_end_registered_against_achieved(ctx, world):
    people, codes = world["people"], world["codes"]
    save_registration(
        ctx,
        RegistrationData(
            YEAR, world["hospital"], ("TTLDXS",), ((people["an"], "CSTDCS"), (people["binh"], "LDTT"))
        ),
    )
    _award(ctx, codes, "LDTT", people["an"])  # aimed at CSTĐCS, reached LĐTT only
    _award(ctx, codes, "LDTT", people["binh"])
    _award(ctx, codes, "LDTT", people["binh"], year=YEAR - 1)  # another year does not count
    _award(ctx, codes, "TTLDXS", unit_id=world["hospital"])
    results = registered_vs_achieved(ctx, YEAR)
    assert [(r.name, r.code, r.achieved, r.other) for r in results] == [
        ("Bệnh viện Đa khoa tỉnh", "TTLDXS", True, ()),
        ("Nguyễn Văn An", "CSTDCS", False, ("LĐTT",)),
        ("Trần Thị Bình", "LDTT", True, ()),
    ]
    assert results[1].missing and registered_vs_achieved(ctx, YEAR, world["centre"]) == []


def test_unregistered_flags_titles_only_and_a_higher_registration_covers_a_lower_title(ctx, world):
    people = world["people"]
    save_registration(
        ctx, RegistrationData(YEAR, world["hospital"], ("TTLDXS",), ((people["an"], "CSTDCS"),))
    )
    asked = [people["an"], people["binh"]]
    assert unregistered(ctx, YEAR, "LDTT", person_ids=asked) == {("person", people["binh"])}
    assert unregistered(ctx, YEAR, "CSTDCS", person_ids=asked) == {("person", people["binh"])}
    assert unregistered(ctx, YEAR, "CSTD_TINH", person_ids=asked) == {("person", p) for p in asked}
    assert unregistered(ctx, YEAR + 1, "LDTT", person_ids=asked) == {("person", p) for p in asked}
    assert unregistered(ctx, YEAR, "TTLDTT", unit_ids=[world["hospital"], world["centre"]]) == {
        ("unit", world["centre"])
    }
    assert unregistered(ctx, YEAR, "GIAY_KHEN", person_ids=asked) == set()  # a form of award needs none
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(RegistrationItem)) == 2


def test_a_person_aiming_at_two_titles_counts_once(ctx, world):
    """The list said "Cá nhân 145" where the detail listed 128 people: it counted person–title pairs."""
    people = world["people"]
    save_registration(
        ctx,
        RegistrationData(
            YEAR,
            world["hospital"],
            (),
            ((people["an"], "LDTT"), (people["an"], "CSTDCS"), (people["binh"], "LDTT")),
        ),
    )
    save_registration(ctx, RegistrationData(YEAR, world["centre"], (), ((people["dung"], "LDTT"),)))
    rows = {r.unit_name: r.persons for r in year_registrations(ctx, YEAR)}
    assert rows == {"Bệnh viện Đa khoa tỉnh": 2, "Trung tâm Y tế huyện Hà Trung": 1}
    hospital = next(r for r in year_registrations(ctx, YEAR) if r.unit_id == world["hospital"])
    detail = registration_detail(ctx, hospital.registration_id)
    assert len(detail.persons) == 3  # the pairs are all there, for the titles column
    assert len({p.person_id for p in detail.persons}) == hospital.persons
