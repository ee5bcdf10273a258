"""Everyone judged at once from the columns (app.rules.columns) gets the verdict each person gets judged
alone (app.rules.engine.judge, the rule run on their own records): on randomised histories — ratings with
and without absences, awards on every basis, revoked or not, shared by many as a decision's are, a once-only
award, disciplines, initiatives used or not, grants of the same review, recruitment days before, in and
after the year or unknown — for every title of a person and years under the three rule sets."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from app.rules import PERSON_CODES, AwardRecord, PersonHistory, RatingRecord, judge, judge_each
from app.rules.columns import Columns, columns_of
from app.rules.history import AwardUse, DisciplineRecord, InitiativeRecord
from app.rules.parameters import shipped_book
from database.enums import AwardBasis, DisciplineForm, Gender, InitiativeKind, InitiativeLevel, RatingLevel

YEARS = range(2012, 2026)
JUDGED = (2017, 2020, 2023, 2024, 2025)
LEVELS = (RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.GOOD, RatingLevel.DONE, RatingLevel.FAILED)
CODES = PERSON_CODES + ("GIAY_KHEN",)


def decisions(rng: random.Random) -> dict[tuple[str, int], list[AwardRecord]]:
    """A few decisions per title and year, each granting to many people (one record shared by them)."""
    found = {}
    for code in CODES:
        for year in YEARS:
            found[code, year] = [
                AwardRecord(
                    code, year, AwardBasis.MERIT, False, f"{n}{year}/QĐ-SYT", dt.date(year, 12, 10 + n)
                )
                for n in range(2)
            ] + [
                AwardRecord(code, year, rng.choice(list(AwardBasis)), rng.random() < 0.3, f"9{year}/QĐ-UBND"),
                AwardRecord(code, year, AwardBasis.MERIT, True, None, None, "Bộ Y tế"),
            ]
    return found


def person(
    pid: int, rng: random.Random, granted: dict[tuple[str, int], list], ratings: dict
) -> PersonHistory:
    first = rng.choice(YEARS)
    rated = []
    for year in YEARS:
        if year >= first and rng.random() < 0.92:
            absent = rng.choice((None,) * 8 + (3, 40))
            rated.append(
                ratings.setdefault(
                    (year, level := rng.choice(LEVELS), absent), RatingRecord(year, level, absent)
                )
            )
    held = []
    for year in YEARS:
        for code, chance in (("LDTT", 0.6), ("CSTDCS", 0.25), ("GIAY_KHEN", 0.1), ("BK_TINH", 0.08)):
            if rng.random() < chance:
                held.append(rng.choice(granted[code, year]))
        if rng.random() < 0.06:
            held.append(rng.choice(granted[rng.choice(CODES), year]))
    held.sort(key=lambda a: a.year)  # as the loader lists them: by year
    initiatives = tuple(
        InitiativeRecord(
            pid * 10 + n,
            f"Sáng kiến {pid}-{n}",
            rng.choice(YEARS),
            rng.choice(list(InitiativeLevel)),
            rng.choice(list(InitiativeKind)),
            f"{n}/QĐ-BV",
            rng.choice((None, None, AwardUse(1, "CSTDCS", 2023, True), AwardUse(2, "BK_TINH", 2024, False))),
        )
        for n in range(rng.choice((0, 0, 0, 1, 2)))
    )
    disciplines = tuple(
        DisciplineRecord(
            rng.choice(list(DisciplineForm)),
            dt.date(start := rng.choice(YEARS), rng.randint(1, 12), 1),
            rng.choice((None, dt.date(start + 1, 6, 30))),
            "12/QĐ-KL",
        )
        for _ in range(rng.random() < 0.08)
    )
    recruited = rng.choice((None, dt.date(rng.randint(1985, 2025), rng.randint(1, 12), rng.randint(1, 28))))
    return PersonHistory(
        pid,
        f"Người {pid}",
        rng.choice((Gender.MALE, Gender.FEMALE, None)),
        recruited,
        rng.choice((None, recruited, dt.date(1990, 5, 1))),
        tuple(rated),
        tuple(held),
        initiatives,
        disciplines,
    )


@pytest.fixture(scope="module")
def people() -> list[PersonHistory]:
    rng = random.Random(16)
    granted, ratings = decisions(rng), {}
    return [person(pid, rng, granted, ratings) for pid in range(1, 401)]


@pytest.mark.parametrize("year", JUDGED)
def test_everyone_at_once_is_everyone_alone(people, year):
    read = Columns.read(people)
    assert columns_of(read) is read[0].columns
    rng = random.Random(year)
    granting_of = {
        h.id: frozenset({(rng.choice(CODES), rng.choice((year, year - 1)))})
        for h in people
        if rng.random() < 0.1
    }
    book, alone = shipped_book(), shipped_book()
    for code in PERSON_CODES:
        at_once = list(judge_each(read, code, year, book, granting_of))
        for h, verdict in zip(people, at_once, strict=True):
            alone.year(year).verdicts.clear()  # judged as the first of their kind
            expected = judge(h, code, year, alone, granting_of.get(h.id, frozenset()))
            assert verdict == expected, (code, year, h.id)


def test_read_people_keep_the_records_the_rules_read(people):
    """What the rules read of a person (their index) is the same read from the columns; a second award of a
    title in one year on the same footing is the one the index never read."""
    read = Columns.read(people)
    for h, r in zip(people, read, strict=True):
        assert (r.id, r.full_name, r.gender, r.recruited_on, r.health_sector_since) == (
            h.id,
            h.full_name,
            h.gender,
            h.recruited_on,
            h.health_sector_since,
        )
        assert (r.initiatives, r.disciplines) == (h.initiatives, h.disciplines)
        assert r.ratings == tuple(sorted(h.ratings, key=lambda x: x.year)) and set(r.awards) <= set(h.awards)
        assert (r.ix.chain, r.ix.other, r.ix.rating_of) == (h.ix.chain, h.ix.other, h.ix.rating_of)
        assert r.ix.disciplines == h.ix.disciplines


def test_someone_read_elsewhere_is_judged_alone(people):
    """A list mixing people of the columns with one made by hand: the latter is judged on their own."""
    read = Columns.read(people[:50])
    mixed = [*read[:25], people[60], *read[25:]]
    book = shipped_book()
    found = list(judge_each(mixed, "CSTDCS", 2024, book))
    alone = shipped_book()
    assert found == [judge(h, "CSTDCS", 2024, alone) for h in mixed]
