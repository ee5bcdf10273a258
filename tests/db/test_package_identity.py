"""Which record is which when a USB package is merged, on SQLite and PostgreSQL: every record travels with
its uid and is found by it; natural keys only serve records whose uid is unknown here, and only when they
point at exactly one record; people are told apart by their exact names (marks and all); ambiguity here
is listed for review and never refuses the package."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from app.cli import main
from app.demo import build_demo
from app.exchange.package import PackageScope, export_package, import_package
from app.exchange.package_archive import DATA, MANIFEST, manifest_of
from app.exchange.package_data import BadPackageData
from app.services.context import ServiceContext
from app.text import fold, name_sort_key
from database.enums import InitiativeLevel, RatingLevel, UnitKind
from database.models import (
    Award,
    Decision,
    Initiative,
    InitiativeAuthor,
    OutgoingDocument,
    Person,
    Posting,
    Rating,
    Unit,
    UnitName,
)

YEAR = 2025
TABLES = (
    Unit,
    UnitName,
    Person,
    Posting,
    Rating,
    Initiative,
    InitiativeAuthor,
    Decision,
    Award,
    OutgoingDocument,
)
BORN = dt.date(1990, 1, 31)


# --- helpers -------------------------------------------------------------------------------------------------


def _fingerprint(ctx: ServiceContext) -> dict[str, tuple[int, str]]:
    """Row count and a SHA-256 of every column of every row, per table the package touches."""
    result = {}
    with ctx.read() as s:
        for model in TABLES:
            table = model.__table__
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
            result[table.name] = (len(rows), digest)
    return result


def _export(ctx: ServiceContext, path) -> dict:
    export_package(ctx, PackageScope(YEAR), path)
    return json.loads(zipfile.ZipFile(path).read(DATA))


def _export_path(ctx: ServiceContext, tmp_path):
    _export(ctx, tmp_path / "goi.zip")
    return tmp_path / "goi.zip"


def _rewrite(package, target, change) -> None:
    """A copy of the package whose data.json `change` edited, with a manifest that agrees."""
    with zipfile.ZipFile(package) as archive:
        files = {i.filename: archive.read(i) for i in archive.infolist()}
    data = json.loads(files[DATA])
    change(data)
    files[DATA] = json.dumps(data, ensure_ascii=False).encode()
    files[MANIFEST] = manifest_of({k: v for k, v in files.items() if k != MANIFEST})
    with zipfile.ZipFile(target, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)


def _version_1(data: dict) -> None:
    """What a program from before identifiers wrote: no uids anywhere."""
    data["version"] = 1
    for kind in (
        "units",
        "persons",
        "postings",
        "ratings",
        "initiatives",
        "decisions",
        "awards",
        "documents",
    ):
        for record in data[kind]:
            record.pop("uid", None)
            for former in record.get("former_names", []):
                former.pop("uid", None)


def _unit(s, name: str) -> int:
    unit = Unit(name=name, name_folded=fold(name), kind=UnitKind.HOSPITAL)
    s.add(unit)
    s.flush()
    return unit.id


def _person(
    s,
    name: str,
    unit: int,
    born: dt.date = BORN,
    position: str | None = None,
    rating: RatingLevel | None = RatingLevel.GOOD,
    staff_code: str | None = None,
) -> int:
    person = Person(
        full_name=name,
        name_folded=fold(name),
        sort_key=name_sort_key(name),
        unit_id=unit,
        birth_date=born,
        birth_year=born.year,
        position=position,
        staff_code=staff_code,
    )
    s.add(person)
    s.flush()
    s.add(Posting(person_id=person.id, unit_id=unit, position=position, start_date=dt.date(2015, 1, 1)))
    if rating is not None:
        s.add(Rating(person_id=person.id, year=YEAR, level=rating))
    return person.id


def _initiative(s, title: str, unit: int, authors: dict[int, int], number: str) -> int:
    initiative = Initiative(
        title=title, year=YEAR, unit_id=unit, level=InitiativeLevel.BASE, decision_number=number
    )
    s.add(initiative)
    s.flush()
    for person, share in authors.items():
        s.add(InitiativeAuthor(initiative_id=initiative.id, person_id=person, share=share))
    return initiative.id


def _authors(ctx: ServiceContext) -> dict[str, list[tuple[str, Decimal]]]:
    """Each initiative's authors and shares, by recognition decision number."""
    with ctx.read() as s:
        rows = s.execute(
            select(Initiative.decision_number, Person.full_name, InitiativeAuthor.share)
            .join(InitiativeAuthor, InitiativeAuthor.initiative_id == Initiative.id)
            .join(Person, Person.id == InitiativeAuthor.person_id)
        ).all()
    found: dict[str, list] = {}
    for number, name, share in rows:
        found.setdefault(number, []).append((name, Decimal(share).normalize()))
    return {k: sorted(v) for k, v in found.items()}


def _people(ctx: ServiceContext) -> list[tuple[str, dt.date]]:
    with ctx.read() as s:
        return sorted(s.execute(select(Person.full_name, Person.birth_date)).all())


def _clean(report) -> bool:
    return report.written and not report.conflicts and not report.review and not report.errors


def _changes_nothing(ctx: ServiceContext, package) -> None:
    """Importing the package again adds, changes and lists nothing: every table is as it was."""
    before = _fingerprint(ctx)
    report = import_package(ctx, package)
    assert _clean(report) and not report.anything and _fingerprint(ctx) == before


# --- a hand-made province --------------------------------------------------------------------------------------


@pytest.fixture
def province(new_db):
    """A hospital with tone-mark twins (same birth) and two different initiatives sharing title, year and
    unit, each with its own authors."""
    ctx = ServiceContext(new_db("source"), actor="tester")
    with ctx.write("a hospital") as s:
        hospital = _unit(s, "Bệnh viện Đa khoa tỉnh")
        thuy = _person(s, "Nguyễn Thùy Thúy", hospital, position="Điều dưỡng")
        thuy2 = _person(s, "Nguyễn Thùy Thủy", hospital, position="Hộ sinh", rating=RatingLevel.EXCELLENT)
        an = _person(s, "Trần Văn An", hospital)
        _initiative(s, "Cải tiến quy trình tiếp đón người bệnh", hospital, {thuy: 100}, "12/QĐ-BV")
        _initiative(s, "Cải tiến quy trình tiếp đón người bệnh", hospital, {thuy2: 60, an: 40}, "57/QĐ-BV")
    return ctx


def test_two_initiatives_alike_travel_as_two_with_their_own_authors(province, new_db, tmp_path):
    data = _export(province, tmp_path / "goi.zip")
    assert len(data["initiatives"]) == 2 and len({i["uid"] for i in data["initiatives"]}) == 2
    target = ServiceContext(new_db("target"), actor="tester")

    report = import_package(target, tmp_path / "goi.zip")
    assert _clean(report) and report.added["initiatives"] == 2 and report.added["initiative_authors"] == 3
    expected = {
        "12/QĐ-BV": [("Nguyễn Thùy Thúy", Decimal(100))],
        "57/QĐ-BV": [("Nguyễn Thùy Thủy", Decimal(60)), ("Trần Văn An", Decimal(40))],
    }
    assert _authors(target) == _authors(province) == expected

    _changes_nothing(target, tmp_path / "goi.zip")

    _changes_nothing(province, tmp_path / "goi.zip")


def test_tone_mark_twins_are_two_people_and_no_conflict_with_themselves(province, new_db, tmp_path):
    _export(province, tmp_path / "goi.zip")
    target = ServiceContext(new_db("target"), actor="tester")
    report = import_package(target, tmp_path / "goi.zip")
    assert _clean(report) and report.added["persons"] == 3 and report.changed == {}
    assert _people(target) == _people(province)
    with target.read() as s:
        levels = dict(
            s.execute(
                select(Person.full_name, Rating.level)
                .join(Rating, Rating.person_id == Person.id)
                .where(Person.full_name.like("Nguyễn Thùy%"))
            ).all()
        )
    assert levels == {"Nguyễn Thùy Thúy": RatingLevel.GOOD, "Nguyễn Thùy Thủy": RatingLevel.EXCELLENT}


def test_a_natural_key_match_keeps_our_uid_and_the_next_package_finds_the_same_record(
    province, new_db, tmp_path
):
    """The same people entered separately in both offices: different uids, matched by exact name and birth."""
    _export(province, tmp_path / "goi.zip")
    target = ServiceContext(new_db("target"), actor="tester")
    with target.write("the same people, entered here") as s:
        hospital = _unit(s, "Bệnh viện Đa khoa tỉnh")
        for name in ("Nguyễn Thùy Thủy", "Nguyễn Thùy Thúy"):
            _person(s, name, hospital, rating=None)
    with target.read() as s:
        uids = dict(s.execute(select(Person.full_name, Person.uid)).all())

    report = import_package(target, tmp_path / "goi.zip")
    assert _clean(report) and report.added["persons"] == 1 and "units" not in report.added
    with target.read() as s:
        assert {k: v for k, v in s.execute(select(Person.full_name, Person.uid)).all() if k in uids} == uids
    _changes_nothing(target, tmp_path / "goi.zip")


def test_a_record_known_by_uid_is_the_same_record_however_it_looks_now(province, new_db, tmp_path):
    _export(province, tmp_path / "goi.zip")
    target = ServiceContext(new_db("target"), actor="tester")
    import_package(target, tmp_path / "goi.zip")
    with target.write("a clerk corrects a name here") as s:
        person = s.scalars(select(Person).where(Person.full_name == "Trần Văn An")).one()
        person.full_name, person.birth_date = "Trần Văn Ân", dt.date(1990, 2, 1)

    report = import_package(target, tmp_path / "goi.zip")
    assert report.written and not report.anything and report.review == []
    assert sorted(c.detail.split(":")[0] for c in report.conflicts) == ["họ tên", "ngày sinh"]
    with target.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 3


def test_a_unit_this_database_cannot_place_waits_with_everything_in_it(province, new_db, tmp_path):
    _export(province, tmp_path / "goi.zip")
    target = ServiceContext(new_db("target"), actor="tester")
    with target.write("two hospitals of one name") as s:
        _unit(s, "Bệnh viện Đa khoa tỉnh")
        _unit(s, "Bệnh viện Đa khoa tỉnh")

    report = import_package(target, tmp_path / "goi.zip")
    assert report.written and report.errors == [] and report.conflicts == []
    assert [(r.kind, r.what) for r in report.review] == [("units", "Bệnh viện Đa khoa tỉnh")]
    assert report.held == {"persons": 3, "postings": 3, "ratings": 3, "initiatives": 2}
    assert _fingerprint(target)["person"][0] == 0


def test_namesakes_here_are_told_apart_by_unit_or_listed_for_review(province, new_db, tmp_path):
    """Two people here share name and birth: the package's unit tells them apart; where it cannot, the
    person waits for review with their records, and the rest of the package is written."""
    _export(province, tmp_path / "goi.zip")
    target = ServiceContext(new_db("target"), actor="tester")
    with target.write("namesakes") as s:
        hospital, centre = _unit(s, "Bệnh viện Đa khoa tỉnh"), _unit(s, "Trung tâm Y tế huyện")
        here = _person(s, "Nguyễn Thùy Thúy", hospital, rating=None)
        _person(s, "Nguyễn Thùy Thúy", centre, rating=None)
        other = _unit(s, "Bệnh viện Nhi")
        _person(s, "Trần Văn An", other, rating=None)
        _person(s, "Trần Văn An", other, rating=None)

    report = import_package(target, tmp_path / "goi.zip")
    assert report.written and report.errors == [] and report.conflicts == []
    assert [(r.kind, r.what) for r in report.review] == [("persons", "Trần Văn An (31/01/1990)")]
    assert "2 người cùng họ tên và ngày sinh" in report.review[0].detail
    assert report.held == {
        "postings": 1,
        "ratings": 1,
        "initiatives": 1,
    }  # An's, and the initiative he co-wrote
    assert "Cần xem xét, chưa nhập: 1" in report.summary()
    with target.read() as s:
        assert s.scalar(select(Rating.level).where(Rating.person_id == here)) is RatingLevel.GOOD
        assert s.scalar(select(func.count()).select_from(Person)) == 5  # Thủy added; nobody merged twice


def test_namesakes_here_are_told_apart_by_the_staff_code_first(province, new_db, tmp_path):
    """Two people here share name, birth and unit, and differ in their staff codes: the package's staff
    code says which one it is, and his records go to him."""
    with province.write("An's staff code") as s:
        s.execute(update(Person).where(Person.full_name == "Trần Văn An").values(staff_code="BV-017"))
    data = _export(province, tmp_path / "goi.zip")
    assert [p["staff_code"] for p in data["persons"] if p["full_name"] == "Trần Văn An"] == ["BV-017"]
    target = ServiceContext(new_db("target"), actor="tester")
    with target.write("namesakes with codes") as s:
        other = _unit(s, "Bệnh viện Nhi")
        _person(s, "Trần Văn An", other, rating=None, staff_code="BV-016")
        him = _person(s, "Trần Văn An", other, rating=None, staff_code="BV-017")
        _person(s, "Trần Văn An", other, rating=None)

    report = import_package(target, tmp_path / "goi.zip")
    assert report.written and report.review == [] and report.errors == [] and report.held == {}
    with target.read() as s:
        assert s.scalars(
            select(Rating.person_id)
            .join(Person, Person.id == Rating.person_id)
            .where(Person.full_name == "Trần Văn An")
        ).all() == [him]
        assert s.scalar(select(func.count()).select_from(Person)) == 5  # the twins added; An merged into him


def test_a_name_without_marks_is_only_a_probable_match(province, new_db, tmp_path):
    _rewrite(
        _export_path(province, tmp_path),
        tmp_path / "khong-dau.zip",
        lambda d: next(p for p in d["persons"] if p["full_name"] == "Trần Văn An").update(
            full_name="Tran Van An"
        ),
    )
    target = ServiceContext(new_db("target"), actor="tester")
    with target.write("An, with marks") as s:
        _person(s, "Trần Văn An", _unit(s, "Bệnh viện Nhi"), rating=None)

    report = import_package(target, tmp_path / "khong-dau.zip")
    assert [r.what for r in report.review] == ["Tran Van An (31/01/1990)"] and "không dấu" in report.review[
        0
    ].detail
    with target.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 3

    accepted = import_package(target, tmp_path / "khong-dau.zip", accept_probable=True)
    assert accepted.review == [] and accepted.added["initiatives"] == 1
    with target.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 3
        assert (
            s.scalar(
                select(func.count())
                .select_from(Rating)
                .join(Person, Person.id == Rating.person_id)
                .where(Person.full_name == "Trần Văn An")
            )
            == 1
        )


def test_a_version_1_package_still_imports_by_natural_keys(province, new_db, tmp_path):
    _rewrite(_export_path(province, tmp_path), tmp_path / "v1.zip", _version_1)
    target = ServiceContext(new_db("target"), actor="tester")
    report = import_package(target, tmp_path / "v1.zip")
    assert _clean(report) and report.added["persons"] == 3 and report.added["initiatives"] == 2
    assert _authors(target) == _authors(province) and _people(target) == _people(province)
    _changes_nothing(target, tmp_path / "v1.zip")
    _changes_nothing(province, tmp_path / "v1.zip")


def test_a_malformed_uid_is_refused_as_bad_data(province, new_db, tmp_path):
    _rewrite(
        _export_path(province, tmp_path),
        tmp_path / "hong.zip",
        lambda d: d["persons"][0].update(uid="không-phải-mã"),
    )
    target = ServiceContext(new_db("target"), actor="tester")
    with pytest.raises(BadPackageData, match="mã định danh cán bộ"):
        import_package(target, tmp_path / "hong.zip")
    assert _fingerprint(target)["person"][0] == 0


# --- the demo province -------------------------------------------------------------------------------------------


@pytest.fixture
def demo(new_db):
    ctx = ServiceContext(new_db("demo"), actor="tester")
    build_demo(ctx.db, small=True, seed=11, staff=400)
    return ctx


def _bonus_notes(ctx: ServiceContext) -> list[tuple[str, int | None, str]]:
    """Each award of the year paid less than in full, by uid, with what it pays and why (NĐ 152 Điều 49 khoản 5)."""
    with ctx.read() as s:
        return sorted(
            tuple(r)
            for r in s.execute(
                select(Award.uid, Award.bonus_amount, Award.bonus_note).where(
                    Award.year == YEAR, Award.bonus_note.is_not(None)
                )
            ).all()
        )


def _scope_counts(ctx: ServiceContext) -> dict[str, int]:
    with ctx.read() as s:
        return {
            "initiatives": s.scalar(
                select(func.count()).select_from(Initiative).where(Initiative.year == YEAR)
            ),
            "awards": s.scalar(select(func.count()).select_from(Award).where(Award.year == YEAR)),
            "ratings": s.scalar(select(func.count()).select_from(Rating).where(Rating.year == YEAR)),
        }


def test_the_demo_year_round_trips_and_comes_home_unchanged(demo, new_db, tmp_path):
    data = _export(demo, tmp_path / "goi.zip")
    target = ServiceContext(new_db("target"), actor="tester")
    report = import_package(target, tmp_path / "goi.zip")
    assert _clean(report)
    assert report.added["persons"] == len(data["persons"]) and report.added["initiatives"] == len(
        data["initiatives"]
    )
    assert _scope_counts(target) == _scope_counts(demo)
    # Why a title paid the difference (or nothing) travels with its award.
    assert _bonus_notes(target) == _bonus_notes(demo) != []

    _changes_nothing(target, tmp_path / "goi.zip")

    _changes_nothing(demo, tmp_path / "goi.zip")


def test_the_command_line_lists_review_lines(province, new_db, tmp_path, capsys):
    _export(province, tmp_path / "goi.zip")
    target = ServiceContext(new_db("target"), actor="tester")
    with target.write("namesakes") as s:
        other = _unit(s, "Bệnh viện Nhi")
        _person(s, "Trần Văn An", other, rating=None)
        _person(s, "Trần Văn An", other, rating=None)
    url = target.db.engine.url.render_as_string(hide_password=False)
    assert main(["--db-url", url, "import", "package", str(tmp_path / "goi.zip"), "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["written"] and [r["what"] for r in plan["review"]] == ["Trần Văn An (31/01/1990)"]
    assert main(["--db-url", url, "import", "package", str(tmp_path / "goi.zip")]) == 0
    printed = capsys.readouterr().out
    assert "cần xem xét — Trần Văn An (31/01/1990)" in printed
