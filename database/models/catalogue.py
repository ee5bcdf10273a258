"""The catalogue of titles and forms of award, and their bonus coefficients by date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.enums import AuthorityLevel, AwardCategory, Certainty, Periodicity
from database.models.base import Base, Timestamps, Versioned, enum_column, utcnow


class AwardType(Versioned, Timestamps, Base):
    """A title (danh hiệu) or a form of award (hình thức) with its rule and validity."""

    __tablename__ = "award_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(250))
    short_name: Mapped[str] = mapped_column(String(120))
    category: Mapped[AwardCategory] = enum_column(AwardCategory)
    for_individual: Mapped[bool] = mapped_column(Boolean, default=True)
    for_collective: Mapped[bool] = mapped_column(Boolean, default=False)
    for_household: Mapped[bool] = mapped_column(Boolean, default=False)
    level: Mapped[AuthorityLevel] = enum_column(AuthorityLevel)
    granted_by: Mapped[str] = mapped_column(String(200))
    within_director_power: Mapped[bool] = mapped_column(Boolean, default=False)
    periodicity: Mapped[Periodicity] = enum_column(Periodicity, default=Periodicity.YEARLY)
    rank: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    certainty: Mapped[Certainty] = enum_column(Certainty, default=Certainty.UNVERIFIED)
    rule: Mapped[str | None] = mapped_column(Text)
    local: Mapped[bool] = mapped_column(Boolean, default=False)  # added by the office

    coefficients: Mapped[list[BonusCoefficient]] = relationship(
        back_populates="award_type", order_by="BonusCoefficient.effective_from"
    )

    __table_args__ = (
        CheckConstraint("for_individual OR for_collective OR for_household", name="has_subject"),
        CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="dates"),
    )


class BonusCoefficient(Base):
    """Hệ số tiền thưởng × mức lương cơ sở, from a date on."""

    __tablename__ = "bonus_coefficient"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_type.id"), index=True)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    individual: Mapped[float | None] = mapped_column(Numeric(6, 2))
    collective: Mapped[float | None] = mapped_column(Numeric(6, 2))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    certainty: Mapped[Certainty] = enum_column(Certainty, default=Certainty.UNVERIFIED)

    award_type: Mapped[AwardType] = relationship(back_populates="coefficients")

    __table_args__ = (
        UniqueConstraint("award_type_id", "effective_from"),
        CheckConstraint("individual IS NULL OR individual >= 0", name="individual"),
        CheckConstraint("collective IS NULL OR collective >= 0", name="collective"),
    )


class TitleWording(Versioned, Timestamps, Base):
    """A unit's own wording of a title or form ("CSTĐ khối", "BK Chủ tịch tỉnh") the clerk mapped to the
    catalogue once, so the next list that writes it is read without asking (app.services.nomination_import)."""

    __tablename__ = "title_wording"

    id: Mapped[int] = mapped_column(primary_key=True)
    folded_text: Mapped[str] = mapped_column(String(200), unique=True)  # app.text.fold of the wording
    text: Mapped[str] = mapped_column(String(200))  # as the clerk first saw it
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_type.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(60))


class CatalogueUpdate(Versioned, Base):
    """A law update (Cập nhật quy định) applied to the catalogue from a signed file
    (app.services.catalogue_update): who published it and when, and every row it wrote, before and after,
    so that the latest one can be undone exactly."""

    __tablename__ = "catalogue_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), index=True)  # SHA-256 of its manifest: the update itself
    publisher: Mapped[str] = mapped_column(String(200))
    issued: Mapped[str] = mapped_column(String(32))  # ISO date-time as the manifest gives it, normalised
    description: Mapped[str] = mapped_column(Text)
    changes: Mapped[list] = mapped_column(JSON)  # [{"table", "key", "before", "after"}], in the order applied
    preview: Mapped[list] = mapped_column(JSON)  # what the clerk was shown, for the list of updates
    applied_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    applied_by: Mapped[str] = mapped_column(String(60))
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(60))
