"""What the rules read: a person's or a unit's history as plain frozen records.

Each history indexes itself the first time a rule reads it (ratings by year, chain-feeding titles by code
and year, the awards that do not feed chains, disciplines in date order), so that judging it for many
titles costs dictionary lookups, not scans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from database.enums import AwardBasis, DisciplineForm, Gender, InitiativeKind, InitiativeLevel, RatingLevel

CHAIN_BASES = frozenset(b for b in AwardBasis if b.feeds_chains)  # NĐ 152/2025 Đ4.3 [V]


def month_year(day: dt.date) -> str:
    return f"{day.month:02d}/{day.year}"


def day_text(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass(frozen=True, slots=True)
class RatingRecord:
    year: int
    level: RatingLevel
    absent_days: int | None = None
    holder: str | None = None  # set when inherited from a predecessor unit


@dataclass(frozen=True, slots=True)
class AwardRecord:
    code: str
    year: int
    basis: AwardBasis = AwardBasis.MERIT
    revoked: bool = False
    decision_number: str | None = None
    decision_date: dt.date | None = None
    issuer: str | None = None
    id: int | None = None  # not read for the histories: their records are shared by every holder alike
    holder: str | None = None  # set when inherited from a predecessor unit
    # Counts in chains (NĐ 152/2025 Đ4.3 [V]): not revoked, for merit or the like; worked out once per record.
    feeds_chains: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "feeds_chains", not self.revoked and self.basis in CHAIN_BASES)

    def decision(self) -> str:
        """ "QĐ 1234/QĐ-SYT ngày 15/12/2024" — the evidence a clerk looks up."""
        return _decision_text(self.decision_number, self.decision_date, self.holder)

    def held_text(self, name: str, once: bool) -> str:
        """ "Đã được khen LĐTT 2025 (QĐ 12/QĐ-SYT ngày 15/12/2025)", and for a once-only honour that it is
        given once."""
        return f"Đã được khen {name} {self.evidence()}" + (" — chỉ tặng một lần" if once else "")

    def evidence(self) -> str:
        """ "2024 (QĐ 1234/QĐ-SYT ngày 15/12/2024)": the year with its decision."""
        key = (self.year, self.decision_number, self.decision_date, self.holder)
        found = _EVIDENCE.get(key)
        if found is None:
            ref = self.decision()
            found = _EVIDENCE[key] = f"{self.year} ({ref})" if ref else str(self.year)
        return found


# One decision grants a title to thousands of people: its text is built once (bounded by the decisions).
_EVIDENCE: dict[tuple, str] = {}


def _decision_text(number: str | None, day: dt.date | None, holder: str | None) -> str:
    parts = []
    if number:
        parts.append(f"QĐ {number}")
    if day:
        parts.append(f"ngày {day_text(day)}")
    text = " ".join(parts)
    if holder:  # the record a merged or split unit continues (UnitEventLink.continues_record)
        text = f"{text}, kế thừa hồ sơ của {holder}" if text else f"kế thừa hồ sơ của {holder}"
    return text


@dataclass(frozen=True, slots=True)
class AwardUse:
    """The award an initiative already backs (Initiative.used_by_award_id)."""

    award_id: int | None
    code: str
    year: int
    is_title: bool


@dataclass(frozen=True, slots=True)
class InitiativeRecord:
    id: int
    title: str
    year: int
    level: InitiativeLevel
    kind: InitiativeKind = InitiativeKind.INITIATIVE
    decision_number: str | None = None
    used_by: AwardUse | None = None

    def describe(self) -> str:
        what = "đề tài" if self.kind is InitiativeKind.RESEARCH else "sáng kiến"
        ref = f", QĐ {self.decision_number}" if self.decision_number else ""
        return f"{what} “{self.title}” ({self.year}{ref})"


@dataclass(frozen=True, slots=True)
class DisciplineRecord:
    form: DisciplineForm
    effective_from: dt.date
    effective_to: dt.date | None = None
    decision_ref: str | None = None

    def in_force(self, first: dt.date, last: dt.date) -> bool:
        return self.effective_from <= last and (self.effective_to is None or self.effective_to >= first)

    def describe(self) -> str:
        until = f"–{month_year(self.effective_to)}" if self.effective_to else " (chưa kết thúc)"
        ref = f", QĐ {self.decision_ref}" if self.decision_ref else ""
        return f"{self.form.label} từ {month_year(self.effective_from)}{until}{ref}"


def _index_awards(awards: Iterable[AwardRecord]):
    chain: dict[str, dict[int, AwardRecord]] = {}
    other: dict[str, dict[int, AwardRecord]] = {}
    for award in awards:
        target = chain if award.feeds_chains else other
        years = target.setdefault(award.code, {})
        if award.year not in years or award.holder is None:  # the subject's own record wins
            years[award.year] = award
    return chain, other


def _starts(d: DisciplineRecord) -> dt.date:
    return d.effective_from


class HistoryIndex:
    """Ratings by year, chain-feeding titles by code and year, the rest, disciplines in date order."""

    __slots__ = ("levels", "rating_of", "chain", "other", "disciplines")

    def __init__(
        self,
        ratings: Iterable[RatingRecord],
        awards: Iterable[AwardRecord],
        disciplines: Iterable[DisciplineRecord],
    ):
        rating_of: dict[int, RatingRecord] = {}
        for r in ratings:
            if r.holder is None or r.year not in rating_of:  # the subject's own record wins
                rating_of[r.year] = r
        self.rating_of = rating_of
        self.levels: dict[int, RatingLevel] = {year: r.level for year, r in rating_of.items()}
        self.chain, self.other = _index_awards(awards) if awards else (_EMPTY, _EMPTY)
        self.disciplines = tuple(sorted(disciplines, key=_starts)) if disciplines else ()

    def titles(self, code: str) -> Mapping[int, AwardRecord]:
        return self.chain.get(code, _EMPTY)


_EMPTY: Mapping = {}


@dataclass(frozen=True, slots=True)
class PersonHistory:
    id: int
    full_name: str
    gender: Gender | None = None
    recruited_on: dt.date | None = None  # first day of work (tenure in the review year)
    health_sector_since: dt.date | None = None
    ratings: tuple[RatingRecord, ...] = ()
    awards: tuple[AwardRecord, ...] = ()
    initiatives: tuple[InitiativeRecord, ...] = ()
    disciplines: tuple[DisciplineRecord, ...] = ()
    _ix: HistoryIndex | None = field(default=None, init=False, repr=False, compare=False)
    # The loaded province's records by year (app.rules.columns.Columns) when read with everyone else's:
    # judging everyone at once reads them there instead of person by person.
    columns: Any = field(default=None, init=False, repr=False, compare=False)

    @property
    def ix(self) -> HistoryIndex:
        return _index_of(self)


def _index_of(subject) -> HistoryIndex:
    """The subject's index, built the first time a rule reads it: a province's histories are judged mostly
    from their columns, so most people never need one (a few kilobytes each)."""
    found = subject._ix
    if found is None:
        found = HistoryIndex(subject.ratings, subject.awards, subject.disciplines)
        object.__setattr__(subject, "_ix", found)
    return found


def drop_index(subject) -> None:
    """Let the subject's index go (a few kilobytes): the next rule reading it builds it again."""
    if subject._ix is not None:
        object.__setattr__(subject, "_ix", None)


@dataclass(frozen=True, slots=True)
class MemberYear:
    """One member of a collective in the review year: what the collective titles count."""

    person_id: int
    full_name: str
    level: RatingLevel | None
    ldtt: AwardRecord | None = None
    cstdcs: AwardRecord | None = None
    discipline: DisciplineRecord | None = None  # the worst in force during the year


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    """Membership of a cụm/khối thi đua in one year, and what its year-end meeting proposed (suy tôn)."""

    year: int
    cluster: str
    role: str  # LEADER (cụm trưởng), DEPUTY, MEMBER
    proposed_code: str | None = None


@dataclass(frozen=True, slots=True)
class UnitHistory:
    id: int
    name: str
    ratings: tuple[RatingRecord, ...] = ()
    awards: tuple[AwardRecord, ...] = ()
    disciplines: tuple[DisciplineRecord, ...] = ()
    clusters: tuple[ClusterRecord, ...] = ()
    members_year: int | None = None
    members: tuple[MemberYear, ...] = ()
    # "Kế thừa hồ sơ thi đua của …": the predecessors whose record this unit continues, said in every verdict
    continues: str = ""
    _ix: HistoryIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def ix(self) -> HistoryIndex:
        return _index_of(self)
