"""A person's and a unit's record (hồ sơ) as the screens and the printed record both read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.text import birth_text
from app.text.numbers import percent_text
from database.enums import (
    AwardBasis,
    AwardCategory,
    AwardSource,
    DisciplineForm,
    Gender,
    InitiativeKind,
    InitiativeLevel,
    RatingLevel,
    UnitEventKind,
    UnitKind,
    UnitStatus,
)


@dataclass(frozen=True)
class RatingEntry:
    year: int
    level: RatingLevel
    absent_days: int | None
    document_ref: str | None
    unit_id: int | None = None  # for a unit's record: the unit that earned it (itself or a predecessor)
    earned_by: str | None = None  # the predecessor's name when it was not the unit itself


@dataclass(frozen=True)
class AwardEntry:
    id: int
    year: int
    period_from: int | None
    period_to: int | None
    code: str
    name: str  # danh hiệu or hình thức: "Chiến sĩ thi đua cơ sở"
    category: AwardCategory
    basis: AwardBasis
    source: AwardSource
    decision_number: str | None
    decision_date: dt.date | None
    decision_issuer: str | None
    bonus_amount: int | None
    achievement: str | None
    revoked: bool
    revoked_reason: str | None
    initiatives: tuple[str, ...] = ()  # titles of the initiatives the award rests on
    unit_id: int | None = None  # for a unit's record: the unit that earned it
    earned_by: str | None = None  # the predecessor's name when it was not the unit itself

    @property
    def period_text(self) -> str:
        """ "2019–2023" for a multi-year title (CSTĐ cấp tỉnh ...), else the year."""
        if self.period_from and self.period_to and self.period_from != self.period_to:
            return f"{self.period_from}–{self.period_to}"
        return str(self.year)


@dataclass(frozen=True)
class DisciplineEntry:
    form: DisciplineForm
    decided_on: dt.date | None
    effective_from: dt.date
    effective_to: dt.date | None
    decision_ref: str | None
    reason: str | None
    id: int | None = None  # the row, for the forms that change or lift it
    version: int = 1  # the row's, handed back to update/lift/delete_discipline (app.services.versions)


@dataclass(frozen=True)
class PostingEntry:
    """One stretch of the career; transfers leave the old stretch (and the old unit's records) in place."""

    unit_id: int
    unit_name: str  # the unit as it was called then, with the units above it
    position: str | None
    professional_title: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    note: str | None

    @property
    def current(self) -> bool:
        return self.end_date is None


@dataclass(frozen=True)
class InitiativeEntry:
    id: int
    title: str
    kind: InitiativeKind
    year: int
    level: InitiativeLevel
    share: Decimal | None  # percent of the contribution
    recognised_by: str | None
    decision_number: str | None
    decision_date: dt.date | None
    co_authors: tuple[str, ...]
    used_by_award_id: int | None
    used_by: str | None  # "Chiến sĩ thi đua cơ sở năm 2023": the award it backed

    @property
    def share_text(self) -> str:
        return percent_text(self.share)


@dataclass(frozen=True)
class PersonRecord:
    id: int
    full_name: str
    gender: Gender | None
    birth_date: dt.date | None
    birth_year: int | None
    ethnicity: str | None
    position: str | None
    professional_title: str | None
    unit_id: int | None
    unit_name: str  # with the units above it
    health_sector_since: dt.date | None
    phone: str | None
    left_on: dt.date | None
    note: str | None
    postings: tuple[PostingEntry, ...]
    ratings: tuple[RatingEntry, ...]
    disciplines: tuple[DisciplineEntry, ...]
    initiatives: tuple[InitiativeEntry, ...]
    awards: tuple[AwardEntry, ...]
    staff_code: str | None = None  # mã cán bộ

    @property
    def gender_label(self) -> str:
        return self.gender.label if self.gender else ""

    @property
    def birth_text(self) -> str:
        return birth_text(self.birth_date, self.birth_year)


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str
    kind: UnitKind
    status: UnitStatus
    ended_on: dt.date | None


@dataclass(frozen=True)
class FormerName:
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass(frozen=True)
class UnitEventEntry:
    """A rename, merge, split ... that this unit or one of its predecessors took part in."""

    id: int
    kind: UnitEventKind
    event_date: dt.date
    decision_ref: str | None
    note: str | None
    before: tuple[str, ...]  # the units that went in
    after: tuple[str, ...]  # the units that came out


@dataclass(frozen=True)
class StaffCounts:
    in_unit: int  # working in the unit itself (not in its departments)
    with_sub_units: int  # working in the unit and every unit under it
    women: int  # of those with sub-units
    left: int  # retired or moved out, unit and sub-units


@dataclass(frozen=True)
class UnitRecord:
    id: int
    code: str | None
    name: str
    short_name: str | None
    label: str  # with the units above it
    kind: UnitKind
    status: UnitStatus
    parent_id: int | None
    parent_name: str | None
    address: str | None
    phone: str | None
    email: str | None
    head_name: str | None
    established_on: dt.date | None
    ended_on: dt.date | None
    note: str | None
    former_names: tuple[FormerName, ...]
    events: tuple[UnitEventEntry, ...]
    predecessors: tuple[UnitRef, ...]  # every unit it came from, transitively (its history shows theirs)
    successors: tuple[UnitRef, ...]  # the units that took this one's records over (when it ended)
    sub_units: tuple[UnitRef, ...]  # directly under it
    staff: StaffCounts
    ratings: tuple[RatingEntry, ...]  # its own and its predecessors'
    awards: tuple[AwardEntry, ...]  # its own and its predecessors'
    # The predecessors whose record (ratings, titles) its verdicts read, as the clerk stated at the merge
    # or split; nearest first.
    continues: tuple[UnitRef, ...] = ()

    @property
    def lineage_ids(self) -> frozenset[int]:
        return frozenset({self.id, *(p.id for p in self.predecessors)})
