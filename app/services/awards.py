"""Awards (khen thưởng) as the desk looks them up: the decisions of a year, one decision with its list,
and a search over every award ever recorded (the program's decisions and the history imported from
before it).

    decisions = list_decisions(ctx, 2025)          # DecisionSummary, newest first
    detail = decision_detail(ctx, decision_id)     # the summary, its awards, total and "Bằng chữ"
    found = search_awards(ctx, AwardQuery(name="nguyen van an", year_from=2020))

Every read is a few Core selects; award rows come back as `AwardHit` named tuples (plain tuples with
names), which a province's 200,000 awards can afford. The search is capped (`limit`) and says how
many matched in all, so a broad search stays quick and the clerk is told to narrow it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import and_, case, distinct, func, or_, select, true
from sqlalchemy.orm import Session

from app.domain.register import number_text
from app.errors import UserError
from app.rules.money import amount_in_words
from app.services.context import ServiceContext
from app.text import birth_text, fold
from database.enums import AuthorityLevel, AwardBasis, AwardSource, DecisionStatus, NominationStatus
from database.models import Award, AwardType, BaseSalary, Decision, OutgoingDocument, Person, Unit
from database.models import Nomination as NominationRow

SEARCH_LIMIT = 5_000


class DecisionNotFound(UserError):
    """The decision asked for is no longer in the database (another database, or removed)."""


class AwardHit(NamedTuple):
    """One award as a row of a list: who, what, which year, by which decision, how much."""

    id: int
    person_id: int | None
    collective_id: int | None  # set for an award to a unit (tập thể)
    subject_name: str  # the person's full name, or the collective's name
    birth_date: dt.date | None
    birth_year: int | None
    unit_id: int | None  # the person's current unit, or the collective itself
    position: str | None
    code: str
    award_name: str
    is_title: bool
    year: int
    basis: AwardBasis
    source: AwardSource
    decision_id: int | None
    decision_number: str | None
    decision_date: dt.date | None
    issuer: str | None
    bonus_amount: int | None
    revoked: bool
    bonus_note: str | None = None  # why the amount is not the full one (one bonus per achievement)

    @property
    def collective(self) -> bool:
        return self.collective_id is not None

    @property
    def birth_text(self) -> str:
        return birth_text(self.birth_date, self.birth_year)


@dataclass(frozen=True)
class DecisionSummary:
    id: int
    number_text: str | None
    issued_on: dt.date | None
    issuer: str
    level: AuthorityLevel
    year: int  # the year of the achievements it rewards
    subject: str
    signer_name: str | None
    signer_title: str | None
    status: DecisionStatus
    document_id: int | None
    base_salary: int | None
    awards: int
    individuals: int
    collectives: int
    total: int

    @property
    def own(self) -> bool:
        """Issued by the Director (numbered in the Department's register), not by a higher body."""
        return self.level is AuthorityLevel.DEPARTMENT


@dataclass(frozen=True)
class DecisionDetail:
    decision: DecisionSummary
    awards: tuple[AwardHit, ...]
    legal_bases: tuple[str, ...]  # as issued (kept in the register); empty for a higher body's decision

    @property
    def total(self) -> int:
        return sum(a.bonus_amount or 0 for a in self.awards if not a.revoked)

    @property
    def total_in_words(self) -> str:
        return amount_in_words(self.total)


@dataclass(frozen=True)
class AwardQuery:
    """What the clerk searches by; every field left empty matches everything."""

    name: str = ""  # part of a person's or a collective's name, with or without marks
    unit_ids: frozenset[int] | None = None  # the unit (and the units under it, if the caller adds them)
    year_from: int | None = None
    year_to: int | None = None
    award_codes: frozenset[str] | None = None
    include_revoked: bool = True


@dataclass(frozen=True)
class AwardSearchResult:
    hits: tuple[AwardHit, ...]
    total: int  # how many matched; more than len(hits) when the list was capped

    @property
    def capped(self) -> bool:
        return self.total > len(self.hits)


# --- the rows --------------------------------------------------------------------------------------


def _hit_select():
    """Award rows in AwardHit's order: the person's unit for individuals, the collective for units."""
    number = func.coalesce(Award.decision_number, Decision.number_text)
    return (
        select(
            Award.id,
            Award.person_id,
            Award.unit_id,
            func.coalesce(Person.full_name, Unit.name),
            Person.birth_date,
            Person.birth_year,
            func.coalesce(Person.unit_id, Award.unit_id),
            Person.position,
            AwardType.code,
            AwardType.name,
            Award.is_title,
            Award.year,
            Award.basis,
            Award.source,
            Award.decision_id,
            number,
            func.coalesce(Award.decision_date, Decision.issued_on),
            func.coalesce(Award.decision_issuer, Decision.issuer),
            Award.bonus_amount,
            Award.revoked,
            Award.bonus_note,
            OutgoingDocument.number,
            OutgoingDocument.symbol,
        )
        .join(AwardType, AwardType.id == Award.award_type_id)
        .outerjoin(Person, Person.id == Award.person_id)
        .outerjoin(Unit, Unit.id == Award.unit_id)
        .outerjoin(Decision, Decision.id == Award.decision_id)
        .outerjoin(OutgoingDocument, OutgoingDocument.id == Decision.document_id)
    )


def _hits(rows: Iterable) -> tuple[AwardHit, ...]:
    make = AwardHit._make
    result = []
    for row in rows:
        values = list(row[:21])
        if values[15] is None and row[21]:  # a register entry whose decision row lost its number text
            values[15] = number_text(row[21], row[22])
        values[10], values[19] = bool(values[10]), bool(values[19])
        result.append(make(values))
    return tuple(result)


def _name_order():
    # Individuals in Vietnamese name order, then collectives by name; sort_key is byte-ordered (collation C).
    return (Award.person_id.is_(None), Person.sort_key, Unit.name_folded, Award.id)


# --- decisions -------------------------------------------------------------------------------------


def decision_years(ctx: ServiceContext) -> list[int]:
    """The years that have decisions, newest first."""
    with ctx.read() as s:
        return list(s.scalars(select(Decision.year).distinct().order_by(Decision.year.desc())))


def _summaries(s: Session, condition) -> list[DecisionSummary]:
    counts = (
        select(
            Award.decision_id.label("decision_id"),
            func.count().label("awards"),
            func.count(distinct(Award.person_id)).label("individuals"),  # people, not (person, award) pairs
            func.count(distinct(Award.unit_id)).label("collectives"),
            func.coalesce(func.sum(case((Award.revoked.is_(False), Award.bonus_amount), else_=0)), 0).label(
                "total"
            ),
        )
        .where(Award.decision_id.in_(select(Decision.id).where(condition)))
        .group_by(Award.decision_id)
        .subquery()
    )
    rows = s.execute(
        select(
            Decision.id,
            Decision.number_text,
            Decision.issued_on,
            Decision.issuer,
            Decision.level,
            Decision.year,
            Decision.subject,
            Decision.signer_name,
            Decision.signer_title,
            Decision.status,
            Decision.document_id,
            Decision.base_salary,
            func.coalesce(counts.c.awards, 0),
            func.coalesce(counts.c.individuals, 0),
            func.coalesce(counts.c.collectives, 0),
            func.coalesce(counts.c.total, 0),
            OutgoingDocument.number,
            OutgoingDocument.symbol,
        )
        .outerjoin(counts, counts.c.decision_id == Decision.id)
        .outerjoin(OutgoingDocument, OutgoingDocument.id == Decision.document_id)
        .where(condition)
        .order_by(Decision.issued_on.desc(), OutgoingDocument.number.desc(), Decision.id.desc())
    ).all()
    return [
        DecisionSummary(
            id=r[0],
            number_text=r[1] or (number_text(r[16], r[17]) if r[16] else None),
            issued_on=r[2],
            issuer=r[3],
            level=r[4],
            year=r[5],
            subject=r[6],
            signer_name=r[7],
            signer_title=r[8],
            status=r[9],
            document_id=r[10],
            base_salary=r[11],
            awards=int(r[12]),
            individuals=int(r[13]),
            collectives=int(r[14]),
            total=int(r[15]),
        )
        for r in rows
    ]


def list_decisions(ctx: ServiceContext, year: int | None = None) -> list[DecisionSummary]:
    """The decisions rewarding a year's achievements (every decision when `year` is None), newest first,
    each with its number of awards and its total bonus."""
    with ctx.read() as s:
        return _summaries(s, Decision.year == year if year is not None else true())


def decision_detail(ctx: ServiceContext, decision_id: int) -> DecisionDetail:
    """One decision with its list in the order of the Danh sách kèm theo: the higher title or form first,
    within it the collectives (tập thể) before the individuals (cá nhân), each by name."""
    with ctx.read() as s:
        found = _summaries(s, Decision.id == decision_id)
        if not found:
            raise DecisionNotFound("Không tìm thấy quyết định này trong cơ sở dữ liệu.")
        awards = _hits(
            s.execute(
                _hit_select()
                .where(Award.decision_id == decision_id)
                .order_by(
                    AwardType.rank.desc(),
                    Award.unit_id.is_(None),
                    Person.sort_key,
                    Unit.name_folded,
                    Award.id,
                )
            )
        )
        content = None
        if found[0].document_id is not None:
            content = s.scalar(
                select(OutgoingDocument.content).where(OutgoingDocument.id == found[0].document_id)
            )
    bases = tuple((content or {}).get("legal_bases") or ())
    return DecisionDetail(found[0], awards, bases)


# --- the search ------------------------------------------------------------------------------------


def _contains(column, folded: str):
    """The column holds the text; what the clerk typed is matched literally, % and _ included."""
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


def _like_words(column, text: str) -> list:
    """Every word of the folded text somewhere in the folded column ("nguyen an" finds Nguyễn Văn An)."""
    return [_contains(column, word) for word in fold(text).split()]


def _conditions(query: AwardQuery) -> list:
    where: list = []
    if query.name.strip():
        where.append(
            or_(
                and_(Award.person_id.is_not(None), *_like_words(Person.name_folded, query.name)),
                and_(Award.unit_id.is_not(None), *_like_words(Unit.name_folded, query.name)),
            )
        )
    if query.unit_ids is not None:
        units = sorted(query.unit_ids)
        where.append(or_(Person.unit_id.in_(units), Award.unit_id.in_(units)))
    if query.year_from is not None:
        where.append(Award.year >= query.year_from)
    if query.year_to is not None:
        where.append(Award.year <= query.year_to)
    if query.award_codes is not None:
        where.append(AwardType.code.in_(sorted(query.award_codes)))
    if not query.include_revoked:
        where.append(Award.revoked.is_(False))
    return where


def _relevance(name: str) -> list:
    """The name typed in full first, then names holding it as a phrase: "nguyen van an" puts Nguyễn Văn An
    before the many Nguyễn Văn Anh that every-word matching also finds."""
    folded = fold(name)
    if not folded:
        return []
    name_folded = func.coalesce(Person.name_folded, Unit.name_folded)
    return [case((name_folded == folded, 0), (_contains(name_folded, folded), 1), else_=2)]


def search_awards(
    ctx: ServiceContext, query: AwardQuery, limit: int | None = SEARCH_LIMIT
) -> AwardSearchResult:
    """Awards matching the query, the closest names first, then newest year first and by name within a
    year; at most `limit` of them (None: all, for an export), with the number that matched in all."""
    where = _conditions(query)
    with ctx.read() as s:
        statement = _search(query, where)
        if limit is not None:
            statement = statement.limit(limit)
        hits = _hits(s.execute(statement))
        if limit is None or len(hits) < limit:
            total = len(hits)
        else:
            total = s.scalar(
                select(func.count())
                .select_from(Award)
                .join(AwardType, AwardType.id == Award.award_type_id)
                .outerjoin(Person, Person.id == Award.person_id)
                .outerjoin(Unit, Unit.id == Award.unit_id)
                .where(*where)
            )
    return AwardSearchResult(hits, int(total))


def each_award(ctx: ServiceContext, query: AwardQuery) -> Iterator[AwardHit]:
    """Every award search_awards(…, limit=None) finds, in its order, read from the database a chunk at a
    time: a list of a whole year (or more) written out without being held."""
    with ctx.read() as s:
        result = s.execute(
            _search(query, _conditions(query)), execution_options={"stream_results": True, "yield_per": 2000}
        )
        for rows in result.partitions():
            yield from _hits(rows)


def _search(query: AwardQuery, where: list):
    return _hit_select().where(*where).order_by(*_relevance(query.name), Award.year.desc(), *_name_order())


def awards_of_year(
    ctx: ServiceContext, year: int, unit_ids: frozenset[int] | None = None
) -> tuple[AwardHit, ...]:
    """Every award (not revoked) for the achievements of `year`, of the whole province or of these units
    (a person by their unit, a collective by itself), by decision date and number, then in list order;
    `bonus_amount` is what its decision pays (after one bonus per achievement, as stored when issued)."""
    query = AwardQuery(year_from=year, year_to=year, unit_ids=unit_ids, include_revoked=False)
    hits = search_awards(ctx, query, limit=None).hits
    return tuple(sorted(hits, key=lambda h: (h.decision_date or dt.date.max, h.decision_number or "")))


# --- nominations waiting for a decision ------------------------------------------------------------


def nomination_ids(
    ctx: ServiceContext,
    status: NominationStatus,
    year: int | None = None,
    within_director_power: bool | None = None,
) -> list[int]:
    """The items in a status (of a year; within the Director's power or beyond it), for
    app.services.nominations.load_nominations: what "Lập quyết định" and "Trình cấp trên" offer."""
    with ctx.read() as s:
        statement = (
            select(NominationRow.id)
            .join(AwardType, AwardType.id == NominationRow.award_type_id)
            .where(NominationRow.status == status)
            .order_by(NominationRow.batch_id, NominationRow.id)
        )
        if year is not None:
            statement = statement.where(NominationRow.year == year)
        if within_director_power is not None:
            statement = statement.where(AwardType.within_director_power.is_(within_director_power))
        return list(s.scalars(statement))


def nomination_years(
    ctx: ServiceContext, statuses: Sequence[NominationStatus], within_director_power: bool | None = None
) -> list[int]:
    """The years that have items in these statuses, newest first (where work waits)."""
    with ctx.read() as s:
        statement = (
            select(NominationRow.year)
            .join(AwardType, AwardType.id == NominationRow.award_type_id)
            .where(NominationRow.status.in_(list(statuses)))
            .distinct()
            .order_by(NominationRow.year.desc())
        )
        if within_director_power is not None:
            statement = statement.where(AwardType.within_director_power.is_(within_director_power))
        return list(s.scalars(statement))


def base_salary_since(ctx: ServiceContext, day: dt.date) -> tuple[int, dt.date] | None:
    """The mức lương cơ sở in force on a day and the date it took effect ("2.340.000 đ từ 01/07/2024")."""
    with ctx.read() as s:
        row = s.execute(
            select(BaseSalary.amount, BaseSalary.effective_from)
            .where(BaseSalary.effective_from <= day)
            .order_by(BaseSalary.effective_from.desc())
            .limit(1)
        ).first()
    return (int(row[0]), row[1]) if row else None
