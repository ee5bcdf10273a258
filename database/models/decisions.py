"""Decisions and the awards they grant; awards recorded from before the program."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.enums import AuthorityLevel, AwardBasis, AwardSource, DecisionStatus
from database.models.base import Base, StableId, Subject, Timestamps, Versioned, enum_column


class Decision(Versioned, Timestamps, StableId, Base):
    """Quyết định khen thưởng: the Department's own (with its register entry) or a higher body's."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_document.id"), unique=True)
    number_text: Mapped[str | None] = mapped_column(String(80))  # "1234/QĐ-UBND" for outside decisions
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(200))  # "Sở Y tế", "UBND tỉnh", "Bộ Y tế" ...
    level: Mapped[AuthorityLevel] = enum_column(AuthorityLevel)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    subject: Mapped[str] = mapped_column(Text)  # trích yếu
    signer_name: Mapped[str | None] = mapped_column(String(120))
    signer_title: Mapped[str | None] = mapped_column(String(120))
    base_salary: Mapped[int | None] = mapped_column(BigInteger)  # mức lương cơ sở used for bonuses
    status: Mapped[DecisionStatus] = enum_column(DecisionStatus, default=DecisionStatus.DRAFT)

    awards: Mapped[list[Award]] = relationship(back_populates="decision")

    __table_args__ = (CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),)


class Award(Versioned, Subject, Timestamps, StableId, Base):
    """Khen thưởng: one title or form given to a person or a unit.

    `decision_id` is empty for awards recorded from before the program; their decision is
    described by the `decision_*` text fields instead.
    """

    __tablename__ = "award"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_type.id"), index=True)
    # Copied from the catalogue so the database itself can hold "one title of a kind a year".
    is_title: Mapped[bool] = mapped_column(Boolean)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    period_from: Mapped[int | None] = mapped_column(SmallInteger)
    period_to: Mapped[int | None] = mapped_column(SmallInteger)
    basis: Mapped[AwardBasis] = enum_column(AwardBasis, default=AwardBasis.MERIT)
    source: Mapped[AwardSource] = enum_column(AwardSource, default=AwardSource.DECISION)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    decision_number: Mapped[str | None] = mapped_column(String(80))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    decision_issuer: Mapped[str | None] = mapped_column(String(200))
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id"), unique=True)
    achievement: Mapped[str | None] = mapped_column(Text)
    bonus_amount: Mapped[int | None] = mapped_column(BigInteger)
    # Why the amount is not the full one (NĐ 152/2025 Điều 49 khoản 5: the difference after a lower title
    # of the same period, or nothing beside a higher one), printed on the decision's list.
    bonus_note: Mapped[str | None] = mapped_column(Text)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_reason: Mapped[str | None] = mapped_column(Text)

    decision: Mapped[Decision | None] = relationship(back_populates="awards")

    __table_args__ = (
        Subject.subject_check(),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        CheckConstraint("bonus_amount IS NULL OR bonus_amount >= 0", name="bonus"),
        CheckConstraint("source <> 'DECISION' OR decision_id IS NOT NULL", name="decision_source"),
        CheckConstraint(
            "period_to IS NULL OR period_from IS NULL OR period_to >= period_from", name="period"
        ),
        # Counting awards per year (overview, reports) reads this index alone.
        Index("ix_award_year_kind", "year", "is_title", "revoked"),
        # Thống kê reads this one alone, in the order of the person each award is joined to.
        Index(
            "ix_award_statistics",
            "person_id",
            "year",
            "award_type_id",
            "basis",
            "revoked",
            "unit_id",
            "bonus_amount",
        ),
        # One title of a kind per person (or unit) per year; forms of award may repeat.
        Index(
            "uq_award_person_title_year",
            "person_id",
            "award_type_id",
            "year",
            unique=True,
            sqlite_where=text("is_title AND NOT revoked"),
            postgresql_where=text("is_title AND NOT revoked"),
        ),
        Index(
            "uq_award_unit_title_year",
            "unit_id",
            "award_type_id",
            "year",
            unique=True,
            sqlite_where=text("is_title AND NOT revoked"),
            postgresql_where=text("is_title AND NOT revoked"),
        ),
    )
