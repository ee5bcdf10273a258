"""Staff, their postings (position history), yearly ratings and discipline."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.enums import DisciplineForm, Gender, RatingLevel
from database.models.base import Base, StableId, Subject, Timestamps, Versioned, enum_column


class Person(Versioned, Timestamps, StableId, Base):
    """A member of staff (cán bộ, công chức, viên chức, người lao động)."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120), index=True)  # search key: no marks, đ→d
    # Vietnamese order, given name first; compared byte by byte, so PostgreSQL must not use a locale.
    sort_key: Mapped[str] = mapped_column(
        String(400).with_variant(String(400, collation="C"), "postgresql"), index=True
    )
    gender: Mapped[Gender | None] = enum_column(Gender, nullable=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)  # set alone when only the year is known
    ethnicity: Mapped[str | None] = mapped_column(String(60))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)  # current unit
    position: Mapped[str | None] = mapped_column(String(150))  # chức vụ
    professional_title: Mapped[str | None] = mapped_column(String(150))  # chức danh nghề nghiệp
    health_sector_since: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(50))
    # Mã cán bộ / mã số viên chức as the unit's list gives it: the next key after name and birth date when two
    # people share both (not unique: units number their staff each in their own way).
    staff_code: Mapped[str | None] = mapped_column(String(40))
    left_on: Mapped[dt.date | None] = mapped_column(Date)  # retired or moved out of the sector
    note: Mapped[str | None] = mapped_column(Text)

    postings: Mapped[list[Posting]] = relationship(back_populates="person", order_by="Posting.start_date")

    __table_args__ = (
        CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year"),
        CheckConstraint("birth_date IS NULL OR birth_year IS NOT NULL", name="birth_year_with_date"),
        Index("ix_person_identity", "name_folded", "birth_year"),
    )


class Posting(StableId, Base):
    """One stretch of a person's career: unit and position from a date to a date."""

    __tablename__ = "posting"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    position: Mapped[str | None] = mapped_column(String(150))
    professional_title: Mapped[str | None] = mapped_column(String(150))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(back_populates="postings")

    __table_args__ = (
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates"),
    )


class Rating(Versioned, Subject, StableId, Base):
    """Đánh giá, xếp loại of a person or a unit for one year."""

    __tablename__ = "rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    level: Mapped[RatingLevel] = enum_column(RatingLevel)
    absent_days: Mapped[int | None] = mapped_column(Integer)  # working days absent (LĐTT condition)
    scheme: Mapped[str | None] = mapped_column(String(60))  # rating rule set, e.g. NĐ 90/2020
    document_ref: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        Subject.subject_check(),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        CheckConstraint("absent_days IS NULL OR absent_days >= 0", name="absent_days"),
        UniqueConstraint("person_id", "year"),
        UniqueConstraint("unit_id", "year"),
    )


class Discipline(Versioned, Subject, Timestamps, Base):
    """Kỷ luật, or a pending inspection/complaint that freezes awards."""

    __tablename__ = "discipline"

    id: Mapped[int] = mapped_column(primary_key=True)
    form: Mapped[DisciplineForm] = enum_column(DisciplineForm)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    decision_ref: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Subject.subject_check(),
        CheckConstraint("effective_to IS NULL OR effective_to >= effective_from", name="dates"),
    )
