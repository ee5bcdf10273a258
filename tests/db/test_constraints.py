"""The database itself keeps the data sane, whatever code writes to it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from database.enums import AwardSource, DocumentKind, DocumentStatus, Gender, RatingLevel, UnitKind
from database.models import Award, AwardType, OutgoingDocument, Person, Posting, Rating, Unit


@pytest.fixture
def people(db):
    with db.session() as s, s.begin():
        unit = Unit(code="BV1", name="Bệnh viện 1", name_folded="benh vien 1", kind=UnitKind.HOSPITAL)
        s.add(unit)
        s.flush()
        a = Person(
            full_name="Trần Văn An",
            name_folded="tran van an",
            sort_key="a",
            gender=Gender.MALE,
            unit_id=unit.id,
        )
        s.add(a)
        s.flush()
        codes = dict(s.execute(select(AwardType.code, AwardType.id)).all())
        return {"unit": unit.id, "person": a.id, "codes": codes}


def _add(db, *objects):
    with db.session() as s, s.begin():
        s.add_all(objects)


def _award(people, code, year, **kw):
    is_title = code in ("LDTT", "CSTDCS", "TTLDTT")
    return Award(
        person_id=people["person"],
        award_type_id=people["codes"][code],
        is_title=is_title,
        year=year,
        source=AwardSource.HISTORY,
        **kw,
    )


def test_one_title_of_a_kind_per_person_per_year(db, people):
    _add(db, _award(people, "LDTT", 2023))
    with pytest.raises(IntegrityError):
        _add(db, _award(people, "LDTT", 2023))
    # Another year, another title, and a form of award given twice the same year are all fine.
    _add(db, _award(people, "LDTT", 2024), _award(people, "CSTDCS", 2023))
    _add(db, _award(people, "GIAY_KHEN", 2023), _award(people, "GIAY_KHEN", 2023))
    # A revoked title does not block the corrected one.
    _add(db, _award(people, "CSTDCS", 2022, revoked=True), _award(people, "CSTDCS", 2022))


def test_an_award_from_a_decision_needs_the_decision(db, people):
    with pytest.raises(IntegrityError):
        _add(
            db,
            Award(
                person_id=people["person"],
                award_type_id=people["codes"]["LDTT"],
                is_title=True,
                year=2020,
                source=AwardSource.DECISION,
            ),
        )


def test_subject_is_a_person_or_a_unit_never_both(db, people):
    with pytest.raises(IntegrityError):
        _add(
            db, Rating(person_id=people["person"], unit_id=people["unit"], year=2024, level=RatingLevel.GOOD)
        )
    with pytest.raises(IntegrityError):
        _add(db, Rating(year=2024, level=RatingLevel.GOOD))


def test_one_rating_per_person_per_year(db, people):
    _add(db, Rating(person_id=people["person"], year=2024, level=RatingLevel.GOOD))
    with pytest.raises(IntegrityError):
        _add(db, Rating(person_id=people["person"], year=2024, level=RatingLevel.EXCELLENT))


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError):
        _add(db, Rating(person_id=987654, year=2024, level=RatingLevel.GOOD))


def test_enumerations_are_checked_in_the_database(db, people):
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO rating (person_id, year, level) VALUES (:p, 2024, 'SUPERB')"),
            {"p": people["person"]},
        )
    with pytest.raises(StatementError):
        _add(db, Rating(person_id=people["person"], year=2024, level="SUPERB"))


def test_dates_are_checked(db, people):
    with pytest.raises(IntegrityError):
        _add(
            db,
            Posting(
                person_id=people["person"],
                unit_id=people["unit"],
                start_date=dt.date(2024, 5, 1),
                end_date=dt.date(2023, 5, 1),
            ),
        )
    with pytest.raises(IntegrityError):
        _add(db, Rating(person_id=people["person"], year=1800, level=RatingLevel.GOOD))


def _doc(number, symbol="QĐ-SYT", year=2024, series="CHUNG", status=DocumentStatus.REGISTERED):
    return OutgoingDocument(
        kind=DocumentKind.DECISION,
        year=year,
        number=number,
        symbol=symbol,
        series=series,
        subject="Về việc khen thưởng",
        status=status,
    )


def test_one_document_number_per_year_and_symbol(db):
    _add(db, _doc(1), _doc(1, year=2025), _doc(2, symbol="TTr-SYT"))
    with pytest.raises(IntegrityError):  # the office's own series: a number with its ký hiệu once a year
        _add(db, _doc(1, series="DECISION"))
    # a former department's register, brought in by merge_database, keeps its own 01/QĐ-SYT of the year
    _add(db, _doc(1, series="Sở Y tế tỉnh Lâm Giang"))
    with pytest.raises(IntegrityError):  # the same number twice in one series, even under two symbols
        _add(db, _doc(2, symbol="KH-SYT"))
    with pytest.raises(IntegrityError):  # a registered document has a number
        _add(db, _doc(None))
    _add(db, _doc(None, status=DocumentStatus.DRAFT), _doc(None, status=DocumentStatus.DRAFT))
