"""Targets (chỉ tiêu) of a campaign, the values a unit is held to instead of the campaign's, and the units'
results by year (a number, or a verdict given by hand for a target stated in words)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.enums import TargetComparison, TargetVerdict
from database.models.base import Base, Versioned, enum_column

if TYPE_CHECKING:
    from database.models.campaigns import Campaign

# What each kind keeps: a text its words; at least its lower bound; at most its upper bound; a value,
# a range and "about" both ends (a value and "about" hold their number twice).
TARGET_BOUNDS = (
    "(comparison = 'TEXT' AND text IS NOT NULL AND value_min IS NULL AND value_max IS NULL)"
    " OR (comparison = 'AT_LEAST' AND value_min IS NOT NULL AND value_max IS NULL)"
    " OR (comparison = 'AT_MOST' AND value_min IS NULL AND value_max IS NOT NULL)"
    " OR (comparison IN ('VALUE', 'RANGE', 'ABOUT') AND value_min IS NOT NULL AND value_max IS NOT NULL)"
)


class Target(Versioned, Base):
    """Chỉ tiêu: a goal of a campaign with a unit of measure, stated as a number (a value, a range, at least,
    at most, about) or in words; reached by `target_year` when one is set ("đến năm 2025")."""

    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    name: Mapped[str] = mapped_column(String(400))
    measure: Mapped[str | None] = mapped_column(String(80))  # đơn vị tính: "bác sĩ/vạn dân", "%"
    comparison: Mapped[TargetComparison] = enum_column(TargetComparison)
    value_min: Mapped[float | None] = mapped_column(Numeric(14, 4))
    value_max: Mapped[float | None] = mapped_column(Numeric(14, 4))
    text: Mapped[str | None] = mapped_column(Text)  # the goal in words, for a TEXT target
    target_year: Mapped[int | None] = mapped_column(SmallInteger)
    tolerance: Mapped[float | None] = mapped_column(Numeric(14, 4))  # ± of an "about" target; None: default
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    campaign: Mapped[Campaign] = relationship(back_populates="targets")
    unit_values: Mapped[list[TargetUnitValue]] = relationship(
        back_populates="target", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(TARGET_BOUNDS, name="bounds"),
        CheckConstraint("value_min IS NULL OR value_max IS NULL OR value_max >= value_min", name="range"),
        CheckConstraint("tolerance IS NULL OR (comparison = 'ABOUT' AND tolerance >= 0)", name="tolerance"),
        CheckConstraint("target_year IS NULL OR target_year BETWEEN 1945 AND 2200", name="target_year"),
    )


class TargetUnitValue(Versioned, Base):
    """A unit's own goal for a target, in place of the campaign's (a health centre held to 6–6,5 bác sĩ/vạn
    dân where the province aims at 8,5–9); stored as the target's kind stores its bounds."""

    __tablename__ = "target_unit_value"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    value_min: Mapped[float | None] = mapped_column(Numeric(14, 4))
    value_max: Mapped[float | None] = mapped_column(Numeric(14, 4))

    target: Mapped[Target] = relationship(back_populates="unit_values")

    __table_args__ = (
        UniqueConstraint("target_id", "unit_id"),
        CheckConstraint("value_min IS NOT NULL OR value_max IS NOT NULL", name="has_value"),
        CheckConstraint("value_min IS NULL OR value_max IS NULL OR value_max >= value_min", name="range"),
    )


class TargetResult(Base):
    """A unit's result for a target in a year: a number, or for a target stated in words a verdict given by
    hand; a note either way."""

    __tablename__ = "target_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    value: Mapped[float | None] = mapped_column(Numeric(14, 4))
    verdict: Mapped[TargetVerdict | None] = enum_column(TargetVerdict, nullable=True)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("target_id", "unit_id", "year"),
        CheckConstraint("value IS NOT NULL OR verdict IS NOT NULL", name="has_result"),
    )
