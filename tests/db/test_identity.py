"""Identity across imports: names differing in a mark are different people, a name without marks is only
a probable match, twins of one name and birth are told apart by what the row carries, and over-long
names are refused per row (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.cli import main
from app.exchange.history import read_history
from app.exchange.roster import REGISTRATION_FIELDS, guess_mapping, read_roster
from app.services.history import import_history
from app.services.registrations import plan_registration_import, read_aims
from app.services.staff import IncomingPerson, apply_staff_import, plan_staff_import
from app.text import fold, name_sort_key, proper_case_name
from database.enums import UnitKind
from database.models import Person, Rating, Unit

BORN = {
    "Hà": dt.date(1985, 3, 12),
    "Thúy": dt.date(1990, 7, 1),
    "Tâm": dt.date(1978, 11, 20),
    "Đức": dt.date(1982, 1, 5),
}
TWINS = [  # (name, twin, birth date, sex)
    ("Lê Thị Hà", "Lê Thị Hạ", BORN["Hà"], "Nữ"),
    ("Nguyễn Thùy Thúy", "Nguyễn Thùy Thủy", BORN["Thúy"], "Nữ"),
    ("Trần Văn Tâm", "Trần Văn Tám", BORN["Tâm"], "Nam"),
    ("Nguyễn Văn Đức", "Nguyễn Văn Dức", BORN["Đức"], "Nam"),
]
PEOPLE = [
    (name, born, sex)
    for pair in TWINS
    for name, born, sex in ((pair[0], pair[2], pair[3]), (pair[1], pair[2], pair[3]))
]
NAMES = [name for name, _, _ in PEOPLE]
LONE = ("Phạm Minh Châu", dt.date(1988, 4, 9), "Nữ")  # no twin: its mark-less spelling can mean only her
UNIT = "Bệnh viện Đa khoa tỉnh"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def unaccented(text: str) -> str:
    return proper_case_name(fold(text))


def staff_list(path, people, position: str = "Điều dưỡng"):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH CÁN BỘ"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ"])
    for n, (name, born, sex) in enumerate(people, 1):
        sheet.append([n, name, born.strftime("%d/%m/%Y"), sex, position])
    book.save(path)
    return path


def cli(capsys, db, *args) -> tuple[int, dict | None, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    code = main(["--db-url", url, "import", "staff", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args else None), out, err


def names_in(ctx) -> list[str]:
    with ctx.read() as s:
        return sorted(s.scalars(select(Person.full_name)))


def _unit(ctx, name: str, parent: int | None, kind: UnitKind = UnitKind.HOSPITAL) -> int:
    with ctx.write() as s:
        unit = Unit(name=name, name_folded=fold(name), kind=kind, parent_id=parent)
        s.add(unit)
        s.flush()
        return unit.id


@pytest.fixture
def department(ctx):
    return _unit(ctx, "Sở Y tế", None, UnitKind.DEPARTMENT)


def _person(
    ctx, name: str, unit_id: int, born: dt.date, position: str | None = None, staff_code: str | None = None
) -> int:
    with ctx.write() as s:
        p = Person(
            full_name=name,
            name_folded=fold(name),
            sort_key=name_sort_key(name),
            birth_date=born,
            birth_year=born.year,
            unit_id=unit_id,
            position=position,
            staff_code=staff_code,
        )
        s.add(p)
        s.flush()
        return p.id


# --- staff import (the command line) ---------------------------------------------------------------------


def test_tone_mark_twins_are_eight_people_in_any_normal_form(capsys, db, ctx, tmp_path):
    listed = staff_list(tmp_path / "ds.xlsx", PEOPLE)
    code, out, _, _ = cli(capsys, db, str(listed), "--unit", UNIT, "--create-unit", "--json")
    assert code == 0 and out["errors"] == [] and out["review"] == [] and out["duplicates"] == []
    assert sorted(p["full_name"] for p in out["imported"]) == sorted(NAMES)
    assert names_in(ctx) == sorted(NAMES)

    code, again, _, _ = cli(capsys, db, str(listed), "--unit", UNIT, "--json")
    assert code == 0 and again["imported"] == [] and again["review"] == []
    assert sorted(d["full_name"] for d in again["duplicates"]) == sorted(NAMES)

    decomposed = staff_list(tmp_path / "ds_nfd.xlsx", [(nfd(n), b, nfd(s)) for n, b, s in PEOPLE])
    code, same, _, _ = cli(capsys, db, str(decomposed), "--unit", UNIT, "--json")
    assert code == 0 and same["imported"] == [] and same["review"] == [] and len(same["duplicates"]) == 8
    assert names_in(ctx) == sorted(NAMES)


def test_an_unaccented_copy_is_listed_for_review_and_writes_nothing(capsys, db, ctx, tmp_path):
    cli(capsys, db, str(staff_list(tmp_path / "ds.xlsx", PEOPLE)), "--unit", UNIT, "--create-unit", "--json")
    plain = staff_list(
        tmp_path / "ds_khong_dau.xlsx", [(unaccented(n), b, unaccented(s)) for n, b, s in PEOPLE]
    )
    for extra in ((), ("--accept-probable",)):
        code, out, _, _ = cli(capsys, db, str(plain), "--unit", UNIT, "--json", "--update-duplicates", *extra)
        assert code == 0 and out["imported"] == [] and out["duplicates"] == [] and out["errors"] == []
        # Each mark-less name folds to both twins: listed with both, never taken for either.
        assert len(out["review"]) == 8
        by_name = {r["full_name"]: r for r in out["review"]}
        assert by_name["Le Thi Ha"]["reason"] == "probable"
        assert sorted(c["full_name"] for c in by_name["Le Thi Ha"]["candidates"]) == [
            "Lê Thị Hà",
            "Lê Thị Hạ",
        ]
        assert sorted(c["full_name"] for c in by_name["Nguyen Van Duc"]["candidates"]) == [
            "Nguyễn Văn Dức",
            "Nguyễn Văn Đức",
        ]
        assert names_in(ctx) == sorted(NAMES)

    code, _, text, _ = cli(capsys, db, str(plain), "--unit", UNIT)
    assert code == 0
    assert "Đã nhập 0 cán bộ; 0 người trùng" in text
    assert "Cần xác nhận (8 dòng, chưa ghi" in text
    assert "dòng 3: Le Thi Ha (1985-03-12) – tên không dấu, có thể là một trong 2 người: Lê Thị Hà" in text


def test_accept_probable_takes_only_a_name_that_folds_to_one_person(capsys, db, ctx, tmp_path):
    cli(capsys, db, str(staff_list(tmp_path / "ds.xlsx", [*PEOPLE, LONE])), "--unit", UNIT, "--create-unit")
    plain = staff_list(
        tmp_path / "khong_dau.xlsx",
        [(unaccented(n), b, unaccented(s)) for n, b, s in [*PEOPLE, LONE]],
        position="Trưởng khoa",
    )
    code, out, _, _ = cli(capsys, db, str(plain), "--unit", UNIT, "--json")
    assert code == 0 and len(out["review"]) == 9 and out["duplicates"] == []
    lone = next(r for r in out["review"] if r["full_name"] == "Pham Minh Chau")
    assert [c["full_name"] for c in lone["candidates"]] == ["Phạm Minh Châu"]

    code, out, _, _ = cli(
        capsys, db, str(plain), "--unit", UNIT, "--json", "--accept-probable", "--update-duplicates"
    )
    assert code == 0 and out["imported"] == [
        {"full_name": "Pham Minh Chau", "gender": "Nữ", "birth_date": "1988-04-09", "position": "Trưởng khoa"}
    ]
    assert [d["full_name"] for d in out["duplicates"]] == ["Pham Minh Chau"]
    assert len(out["review"]) == 8 and all(len(r["candidates"]) == 2 for r in out["review"])
    with ctx.read() as s:
        positions = dict(s.execute(select(Person.full_name, Person.position)).all())
    assert positions["Phạm Minh Châu"] == "Trưởng khoa"  # taken as her: updated, not added
    assert all(positions[name] == "Điều dưỡng" for name in NAMES)  # the ambiguous rows wrote nothing
    assert names_in(ctx) == sorted([*NAMES, LONE[0]])


def test_a_marked_name_is_probably_a_mark_less_one_already_kept(ctx, department):
    """The other way round: an old database holding "Le Thi Ha" and a list with "Lê Thị Hà"."""
    unit = _unit(ctx, UNIT, department)
    _person(ctx, "Le Thi Ha", unit, BORN["Hà"])
    plan = plan_staff_import(
        ctx,
        [
            IncomingPerson(2, "Lê Thị Hà", birth_date=BORN["Hà"]),
            IncomingPerson(3, "Lê Thị Hạ", birth_date=BORN["Hà"]),
        ],
        unit,
    )
    assert plan.new == [] and plan.duplicates == []
    assert [(r.person.full_name, r.acceptable, [k.full_name for k in r.candidates]) for r in plan.review] == [
        ("Lê Thị Hà", True, ["Le Thi Ha"]),
        ("Lê Thị Hạ", True, ["Le Thi Ha"]),
    ]


def test_twins_of_one_name_and_birth_are_told_apart_by_unit_then_position(ctx, department):
    north, south, other = (
        _unit(ctx, name, department) for name in ("Bệnh viện A", "Bệnh viện B", "Bệnh viện C")
    )
    born = dt.date(1980, 1, 1)
    in_north = _person(ctx, "Nguyễn Văn An", north, born, "Bác sĩ")
    in_south = _person(ctx, "Nguyễn Văn An", south, born, "Điều dưỡng")

    def plan(unit: int, position: str | None):
        return plan_staff_import(
            ctx, [IncomingPerson(2, "Nguyễn Văn An", birth_date=born, position=position)], unit
        )

    assert [d.existing_id for d in plan(north, None).duplicates] == [in_north]  # the receiving unit
    assert [d.existing_id for d in plan(south, "Bác sĩ").duplicates] == [in_south]  # the unit comes first
    assert [d.existing_id for d in plan(other, "điều  dưỡng").duplicates] == [in_south]  # then the position
    undecided = plan(other, "Kế toán")  # nothing tells them apart: listed for review, not an error
    assert undecided.errors == [] and undecided.new == [] and undecided.duplicates == []
    (review,) = undecided.review
    assert not review.probable and not review.acceptable
    assert sorted(k.id for k in review.candidates) == sorted([in_north, in_south])
    result = apply_staff_import(ctx, undecided)
    assert (result.created, result.left_for_review) == (0, 1)


def test_twins_of_one_name_and_birth_are_told_apart_by_staff_code_first(ctx, department):
    north, south, other = (
        _unit(ctx, name, department) for name in ("Bệnh viện A", "Bệnh viện B", "Bệnh viện C")
    )
    born = dt.date(1980, 1, 1)
    in_north = _person(ctx, "Nguyễn Văn An", north, born, "Bác sĩ", staff_code="BVA-001")
    in_south = _person(ctx, "Nguyễn Văn An", south, born, "Điều dưỡng", staff_code="BVB-002")
    uncoded = _person(ctx, "Nguyễn Văn An", other, born, "Dược sĩ")

    def plan(unit: int, code: str | None, position: str | None = None):
        row = IncomingPerson(2, "Nguyễn Văn An", birth_date=born, position=position, staff_code=code)
        return plan_staff_import(ctx, [row], unit)

    def matched(found) -> list[int]:
        assert found.review == [] and found.new == [] and found.errors == []
        return [d.existing_id for d in found.duplicates]

    assert matched(plan(north, "BVB-002")) == [in_south]  # the code comes before the unit ...
    assert matched(plan(other, " bvb-002 ", "Bác sĩ")) == [
        in_south
    ]  # ... and the position; case and spacing aside
    assert matched(plan(other, "BVA-001")) == [in_north]
    # No code in the row, or a code nobody here has: the unit, the position, or a clerk, as before.
    assert matched(plan(north, None)) == [in_north]
    assert matched(plan(other, "XYZ-999")) == [uncoded]
    assert matched(plan(south, None, "Dược sĩ")) == [in_south]
    (review,) = plan(department, None).review
    assert sorted(k.id for k in review.candidates) == sorted([in_north, in_south, uncoded])

    # Written: a new person's code, and a duplicate's when ours has none (never replacing ours).
    rows = [
        IncomingPerson(2, "Nguyễn Văn An", birth_date=born, staff_code="BVC-004"),
        IncomingPerson(3, "Trần Thị Bình", birth_date=born, staff_code="BVC-003"),
    ]
    written = plan_staff_import(ctx, rows, other)
    assert [d.existing_id for d in written.duplicates] == [uncoded]
    apply_staff_import(ctx, written, update_duplicates=True)
    apply_staff_import(ctx, plan(north, "BVB-002", "Khác"), update_duplicates=True)
    with ctx.read() as s:
        codes = dict(s.execute(select(Person.id, Person.staff_code)).all())
        binh = s.scalar(select(Person.id).where(Person.full_name == "Trần Thị Bình"))
    assert codes[binh] == "BVC-003" and codes[uncoded] == "BVC-004"
    assert (codes[in_north], codes[in_south]) == ("BVA-001", "BVB-002")


# --- point 11: names cleaned at the door -----------------------------------------------------------------


def test_an_over_long_name_is_refused_per_row(capsys, db, ctx, tmp_path):
    long_name = "Nguyễn " + "Thị " * 30 + "Hoa"  # 130 characters: Person.full_name holds 120
    assert len(long_name) == 130
    listed = staff_list(tmp_path / "dai.xlsx", [(long_name, BORN["Hà"], "Nữ"), LONE])
    code, out, _, err = cli(capsys, db, str(listed), "--unit", UNIT, "--create-unit", "--json")
    assert code == 2
    assert out["errors"] == [
        {"row": 3, "message": "Họ và tên dài 130 ký tự, quá 120 ký tự cho phép: hãy sửa lại trong tệp"}
    ]
    assert "Traceback" not in err and "psycopg" not in err and "1985" not in err
    assert names_in(ctx) == []
    code, _, text, err = cli(capsys, db, str(listed), "--unit", UNIT, "--create-unit")
    assert code == 2 and "dòng 3: Họ và tên dài 130 ký tự" in err


def test_invisible_characters_do_not_make_a_new_person(capsys, db, ctx, tmp_path):
    cli(capsys, db, str(staff_list(tmp_path / "ds.xlsx", PEOPLE)), "--unit", UNIT, "--create-unit")
    marked = [("\u202b" + n.replace(" ", "\u200b") + "\u202c", b, s) for n, b, s in PEOPLE]
    marked[0] = ("Lê Th\u00adị Hà\u200e", *marked[0][1:])
    code, out, _, _ = cli(
        capsys, db, str(staff_list(tmp_path / "ds2.xlsx", marked)), "--unit", UNIT, "--json"
    )
    assert code == 0 and out["imported"] == [] and len(out["duplicates"]) == 8
    assert names_in(ctx) == sorted(NAMES)


# --- history import ---------------------------------------------------------------------------------------


def history_book(path, ratings: list[tuple[str, dt.date, str]], staff=()):
    book = Workbook()
    book.remove(book.active)
    if staff:
        sheet = book.create_sheet("Cán bộ")
        sheet.append(["Họ và tên", "Ngày sinh", "Đơn vị", "Chức vụ"])
        for row in staff:
            sheet.append(list(row))
    sheet = book.create_sheet("Xếp loại")
    sheet.append(["Họ và tên", "Ngày sinh", "Năm", "Xếp loại"])
    for name, born, level in ratings:
        sheet.append([name, born.strftime("%d/%m/%Y"), 2024, level])
    book.save(path)
    return read_history(path)


def ratings_of(ctx) -> dict[str, str]:
    with ctx.read() as s:
        return {
            name: level.name
            for name, level in s.execute(
                select(Person.full_name, Rating.level).join(Rating, Rating.person_id == Person.id)
            )
        }


def test_history_keeps_twins_apart_with_their_own_ratings(ctx, tmp_path):
    staff = [(name, born.strftime("%d/%m/%Y"), UNIT, "Bác sĩ") for name, born, _ in PEOPLE]
    ratings = [(a, born, "Hoàn thành xuất sắc nhiệm vụ") for a, _, born, _ in TWINS[:2]]
    ratings += [(b, born, "Hoàn thành tốt nhiệm vụ") for _, b, born, _ in TWINS[:2]]  # different ratings
    ratings += [
        (name, born, "Hoàn thành tốt nhiệm vụ")
        for pair in TWINS[2:]
        for name, born in ((pair[0], pair[2]), (pair[1], pair[2]))
    ]  # equal ratings
    report = import_history(ctx, history_book(tmp_path / "ls.xlsx", ratings, staff))
    assert report.problems == [] and report.review == [] and report.written
    assert (len(report.people_created), report.ratings) == (8, 8)
    assert ratings_of(ctx) == {
        "Lê Thị Hà": "EXCELLENT",
        "Lê Thị Hạ": "GOOD",
        "Nguyễn Thùy Thúy": "EXCELLENT",
        "Nguyễn Thùy Thủy": "GOOD",
        "Trần Văn Tâm": "GOOD",
        "Trần Văn Tám": "GOOD",
        "Nguyễn Văn Đức": "GOOD",
        "Nguyễn Văn Dức": "GOOD",
    }
    again = import_history(
        ctx, history_book(tmp_path / "ls_nfd.xlsx", [(nfd(n), b, lv) for n, b, lv in ratings])
    )
    assert again.problems == [] and again.review == [] and (again.ratings, again.skipped) == (0, 8)


def test_history_lists_unsure_rows_for_review_and_writes_the_rest(ctx, department, tmp_path):
    unit = _unit(ctx, UNIT, department)
    for name, born, _ in [*PEOPLE, LONE]:
        _person(ctx, name, unit, born)
    _person(ctx, "Nguyễn Văn An", unit, dt.date(1980, 1, 1))
    _person(ctx, "Nguyễn Văn An", unit, dt.date(1980, 1, 1))  # true namesakes, nothing tells them apart
    rows = [
        ("Le Thi Ha", BORN["Hà"], "Hoàn thành tốt nhiệm vụ"),  # Hà or Hạ
        ("Pham Minh Chau", LONE[1], "Hoàn thành tốt nhiệm vụ"),  # only Châu
        ("Nguyễn Văn An", dt.date(1980, 1, 1), "Hoàn thành tốt nhiệm vụ"),
        ("Lê Thị Hạ", BORN["Hà"], "Hoàn thành xuất sắc nhiệm vụ"),
    ]
    report = import_history(ctx, history_book(tmp_path / "ls.xlsx", rows))
    assert report.problems == [] and report.written and report.ratings == 1
    assert [(p.row, p.message.split(",")[0]) for p in report.review] == [
        (2, "tên “Le Thi Ha” không dấu"),
        (3, "tên “Pham Minh Chau” không dấu"),
        (4, "có 2 người “Nguyễn Văn An” cùng ngày sinh trong cơ sở dữ liệu"),
    ]
    assert ratings_of(ctx) == {"Lê Thị Hạ": "EXCELLENT"}
    accepted = import_history(ctx, history_book(tmp_path / "ls2.xlsx", rows), accept_probable=True)
    assert [p.row for p in accepted.review] == [2, 4] and accepted.ratings == 1
    assert ratings_of(ctx) == {"Lê Thị Hạ": "EXCELLENT", "Phạm Minh Châu": "GOOD"}


def test_history_command_lists_the_review_and_accepts_probable_on_request(
    capsys, db, ctx, department, tmp_path
):
    _person(ctx, LONE[0], _unit(ctx, UNIT, department), LONE[1])
    history_book(tmp_path / "ls.xlsx", [("Pham Minh Chau", LONE[1], "Hoàn thành tốt nhiệm vụ")])
    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["--db-url", url, "import", "history", str(tmp_path / "ls.xlsx"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ratings"] == 0 and out["errors"] == []
    assert out["review"] == [
        {
            "sheet": "Xếp loại",
            "row": 2,
            "message": "tên “Pham Minh Chau” không dấu, có thể là "
            "người đã có cùng ngày sinh (1 người); hãy ghi họ tên có dấu (không nhập dòng này)",
        }
    ]
    assert main(["--db-url", url, "import", "history", str(tmp_path / "ls.xlsx")]) == 0
    assert (
        "Cần xác nhận (1 dòng, không nhập):\n  Xếp loại, dòng 2: tên “Pham Minh Chau”"
        in capsys.readouterr().out
    )
    assert (
        main(["--db-url", url, "import", "history", str(tmp_path / "ls.xlsx"), "--accept-probable", "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["ratings"] == 1 and out["review"] == [] and ratings_of(ctx) == {"Phạm Minh Châu": "GOOD"}


def test_history_refuses_an_over_long_name_per_row(ctx, tmp_path):
    long_name = "Trần " + "Văn " * 30 + "Nam"
    report = import_history(
        ctx,
        history_book(
            tmp_path / "ls.xlsx",
            [(long_name, BORN["Tâm"], "Hoàn thành nhiệm vụ"), (*LONE[:2], "Hoàn thành nhiệm vụ")],
        ),
    )
    assert [(p.sheet, p.row, p.message) for p in report.problems] == [
        ("Xếp loại", 2, "Họ và tên dài 128 ký tự, quá 120 ký tự cho phép: hãy sửa lại trong tệp")
    ]
    assert not report.written
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0


# --- registration import ----------------------------------------------------------------------------------


def test_a_registration_list_names_each_twin(ctx, department, tmp_path):
    unit = _unit(ctx, UNIT, department)
    ids = {name: _person(ctx, name, unit, born) for name, born, _ in [*PEOPLE, LONE]}
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Danh hiệu đăng ký"])
    rows = [
        *PEOPLE,
        (nfd("Lê Thị Hà"), BORN["Hà"], ""),
        ("Le Thi Ha", BORN["Hà"], ""),
        ("Pham Minh Chau", LONE[1], ""),
    ]
    for n, (name, born, _) in enumerate(rows, 1):
        sheet.append([n, name, born.strftime("%d/%m/%Y"), "LĐTT"])
    book.save(tmp_path / "dk.xlsx")
    roster = read_roster(tmp_path / "dk.xlsx")
    plan = plan_registration_import(
        ctx, 2025, unit, read_aims(roster, guess_mapping(roster, REGISTRATION_FIELDS))
    )
    by_row = {r.row: r for r in plan.rows}
    assert [by_row[n + 2].person_id for n in range(8)] == [ids[name] for name in NAMES]
    assert all(not by_row[n + 2].problems and not by_row[n + 2].warnings for n in range(8))
    assert by_row[10].person_id == ids["Lê Thị Hà"] and not by_row[10].problems  # NFD: the same name
    assert by_row[11].person_id is None
    assert by_row[11].problems == (
        "Tên không dấu, có thể là Lê Thị Hà, Lê Thị Hạ: hãy ghi họ tên có dấu trong tệp.",
    )
    assert by_row[12].person_id == ids["Phạm Minh Châu"] and not by_row[12].problems
    assert by_row[12].warnings == (
        "Tên không dấu: coi là Phạm Minh Châu (cùng ngày sinh); hãy kiểm tra trước khi nhập",
    )


def test_person_names_in_the_database_are_what_the_list_said(ctx, department):
    unit = _unit(ctx, UNIT, department)
    plan = plan_staff_import(
        ctx, [IncomingPerson(n, name, birth_date=born) for n, (name, born, _) in enumerate(PEOPLE, 2)], unit
    )
    apply_staff_import(ctx, plan)
    with ctx.read() as s:
        stored = s.execute(select(Person.full_name, Person.name_folded)).all()
    assert sorted(name for name, _ in stored) == sorted(NAMES)
    assert all(unicodedata.is_normalized("NFC", name) for name, _ in stored)
    assert {folded for _, folded in stored} == {fold(a) for a, *_ in TWINS}  # folding still serves search


def test_an_over_long_council_member_is_refused_with_a_message(ctx):
    from app.errors import ValidationError
    from app.services.council import add_member
    from database.models import CouncilMember

    with pytest.raises(
        ValidationError, match="Họ tên dài 125 ký tự, quá 120 ký tự cho phép: hãy viết gọn lại."
    ):
        add_member(ctx, "Nguyễn Văn " + "A" * 114, dt.date(2025, 1, 1))
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(CouncilMember)) == 0
