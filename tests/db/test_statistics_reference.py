"""Thống kê against a plain reference: every cell of every table, for a small demo province and each kind of
filter, equals what a naive count over the award rows gives (each award read, its person's unit and sex looked
up, its row in each table found by walking the unit tree up). The service counts in one packed GROUP BY; this
is what it must stay equal to, on both backends.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from app.demo import build_demo
from app.services.agency import session_wording
from app.services.statistics import (
    NO_UNIT_LABEL,
    SPECIAL_BASES,
    Statistics,
    StatQuery,
    SubjectKind,
    award_statistics,
    level_labels,
    statistics_choices,
)
from app.services.units import predecessors
from database.enums import AuthorityLevel, AwardBasis, AwardCategory, EventRole, Gender
from database.models import Award, AwardType, Person, Unit, UnitEventLink

TOTAL = "Tổng cộng"
COUNT, AMOUNT = "Tổng số lượt", "Tiền thưởng (đồng)"
TITLES, HONORS = AwardCategory.TITLE.label, AwardCategory.HONOR.label


@pytest.fixture(scope="module")
def demo(module_ctx):
    build_demo(module_ctx.db, small=True, seed=11, staff=300)
    with module_ctx.write("Dữ liệu kiểm thử") as s:
        # What the demo lacks: a person with neither sex nor unit recorded, with an award; a revoked award.
        stray = Person(full_name="Vô Danh", name_folded="vo danh", sort_key="vo danh")
        s.add(stray)
        s.flush()
        some = s.execute(select(Award).where(Award.person_id.is_not(None)).limit(1)).scalar_one()
        s.add(
            Award(
                person_id=stray.id,
                award_type_id=some.award_type_id,
                is_title=some.is_title,
                year=some.year,
                source=some.source,
                decision_id=some.decision_id,
                bonus_amount=500_000,
            )
        )
        other = s.execute(select(Award).where(Award.unit_id.is_not(None)).limit(1)).scalar_one()
        other.revoked, other.revoked_reason = True, "Kiểm thử: thu hồi"
    return module_ctx


@dataclass(frozen=True)
class _Fact:
    year: int
    type_id: int
    basis: object
    person: bool
    gender: Gender | None
    unit: int | None  # the person's current unit, or the collective's own
    amount: int


def _reference(ctx, query: StatQuery) -> dict[str, dict[tuple[str, str], int]]:
    """Each table as {(row label, column header): value}, counted one award at a time."""
    with ctx.read() as s:
        people = {
            pid: (unit, gender)
            for pid, unit, gender in s.execute(select(Person.id, Person.unit_id, Person.gender))
        }
        types = {t.id: t for t in s.execute(select(AwardType)).scalars()}
        units = {u.id: u for u in s.execute(select(Unit)).scalars()}
        labels = level_labels(session_wording(s))
        inherited = predecessors(s, query.unit_id) if query.unit_id is not None else set()
        facts = []
        for year, type_id, basis, person_id, unit_id, amount, revoked in s.execute(
            select(
                Award.year,
                Award.award_type_id,
                Award.basis,
                Award.person_id,
                Award.unit_id,
                Award.bonus_amount,
                Award.revoked,
            )
        ):
            unit, gender = people[person_id] if person_id is not None else (unit_id, None)
            if not revoked and query.year_from <= year <= query.year_to:
                facts.append(_Fact(year, type_id, basis, person_id is not None, gender, unit, amount or 0))

    def chain(unit_id):  # the unit, its parent, … up to the top
        while unit_id is not None and unit_id in units:
            yield unit_id
            unit_id = units[unit_id].parent_id

    def row_of(unit_id) -> str | None:
        if unit_id is None:
            return NO_UNIT_LABEL if query.unit_id is None else None
        path = list(chain(unit_id))
        if query.unit_id is None:
            return units[path[-2] if len(path) > 1 else path[-1]].name
        if query.unit_id in path:
            at = path.index(query.unit_id)
            return units[path[at - 1] if at > 0 else query.unit_id].name
        if inherited & set(path):
            return units[query.unit_id].name
        return None

    tables: dict[str, dict[tuple[str, str], int]] = defaultdict(Counter)
    for f in facts:
        kind = types[f.type_id]
        if query.codes is not None and kind.code not in query.codes:
            continue
        if query.levels is not None and kind.level not in query.levels:
            continue
        if query.subject is SubjectKind.COLLECTIVE and f.person:
            continue
        if (query.subject is SubjectKind.INDIVIDUAL or query.gender is not None) and not f.person:
            continue
        if query.gender is not None and f.gender is not query.gender:
            continue
        if not query.include_special and f.basis in SPECIAL_BASES:
            continue
        row = row_of(f.unit)
        if row is None:
            continue
        is_title = kind.category is AwardCategory.TITLE
        split = {TITLES if is_title else HONORS: 1, COUNT: 1, AMOUNT: f.amount}
        split["Cá nhân" if f.person else "Tập thể"] = 1
        if f.person and f.gender is Gender.FEMALE:
            split["Cá nhân nữ"] = 1
        sex = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ", None: "Chưa rõ"}[f.gender] if f.person else "Tập thể"
        by_type = {COUNT: 1, AMOUNT: f.amount, "Cá nhân" if f.person else "Tập thể": 1, sex: 1}
        cells = {
            "nam": ((str(f.year),), split),
            "cap": ((labels[kind.level],), split),
            "loai_hinh": ((f.basis.label,), split),
            "hinh_thuc": ((kind.name, kind.category.label), {str(f.year): 1, COUNT: 1, AMOUNT: f.amount}),
            "doi_tuong": ((kind.name, kind.category.label), by_type),
            "don_vi": (
                (row,),
                {kind.short_name: 1, TITLES if is_title else HONORS: 1, COUNT: 1, AMOUNT: f.amount},
            ),
        }
        for key, (rows, values) in cells.items():
            for label in (*rows, TOTAL):
                for header, value in values.items():
                    tables[key][label, header] += value
    return tables


def _cells(stats: Statistics) -> dict[str, dict[tuple[str, str], int]]:
    out: dict[str, dict[tuple[str, str], int]] = defaultdict(Counter)
    for table in stats.tables:
        for row in table.rows:
            for column, value in zip(table.columns, row.values, strict=True):
                out[table.key][row.label, column.header] += value
    return out


def _queries(ctx) -> list[StatQuery]:
    choices = statistics_choices(ctx)
    first, last = choices.first_year, choices.last_year
    with ctx.read() as s:
        heir = s.scalars(
            select(UnitEventLink.unit_id).where(UnitEventLink.role == EventRole.SUCCESSOR)
        ).first()
        hospital = s.scalars(
            select(Unit.parent_id).where(Unit.parent_id.is_not(None)).order_by(Unit.id.desc())
        ).first()
        codes = frozenset(s.scalars(select(AwardType.code).order_by(AwardType.id).limit(3)))
    assert heir is not None  # the demo merges units: a successor keeps its predecessors' awards
    return [
        StatQuery(first, last),
        StatQuery(last, last),
        StatQuery(last - 4, last, unit_id=heir),
        StatQuery(first, last, unit_id=hospital),
        StatQuery(first, last, gender=Gender.FEMALE),
        StatQuery(first, last, subject=SubjectKind.COLLECTIVE),
        StatQuery(first, last, subject=SubjectKind.INDIVIDUAL, include_special=False),
        StatQuery(first, last, levels=frozenset({AuthorityLevel.DEPARTMENT, AuthorityLevel.PROVINCE})),
        StatQuery(last - 2, last, codes=codes),
    ]


def test_every_cell_is_the_plain_count(demo):
    for query in _queries(demo):
        stats = award_statistics(demo, query)
        assert stats.count, query  # each query finds something to compare
        expected, got = _reference(demo, query), _cells(stats)
        assert stats.count == expected["nam"].get((TOTAL, COUNT), 0), query
        assert stats.amount == expected["nam"].get((TOTAL, AMOUNT), 0), query
        for key, cells in got.items():
            wanted = expected[key]
            # Every cell shown is the plain count, and every count the plain way finds is shown.
            assert {k: v for k, v in cells.items() if v} == {k: v for k, v in wanted.items() if v}, (
                key,
                query,
            )
        assert [(y.year, y.total, y.amount) for y in stats.years] == [
            (y, expected["nam"].get((str(y), COUNT), 0), expected["nam"].get((str(y), AMOUNT), 0))
            for y in range(query.year_from, query.year_to + 1)
        ]


def test_the_demo_exercises_every_dimension(demo):
    """The reference comparison above is only as strong as the data: each dimension holds more than one value."""
    stats = award_statistics(demo, _queries(demo)[0])
    assert stats.count > 1000
    assert sum(1 for u in stats.units if u.total) > 3
    assert all(s.count for s in stats.by_sex)  # Nam, Nữ and the one without a sex
    assert [s.label for s in stats.by_sex][-1] == "Chưa rõ"
    assert sum(1 for s in stats.by_level if s.count) > 2
    assert any(r.values[-2] for r in stats.table("loai_hinh").items if r.label != AwardBasis.MERIT.label)
    assert stats.table("nam").items[-1].values[2]  # collectives in the last year
