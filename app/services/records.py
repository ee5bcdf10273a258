"""Records (hồ sơ): everything the office holds about one person or one unit, on one screen or paper.

    record = person_record(ctx, person_id)   # personal data, postings, ratings, discipline, initiatives, awards
    record = unit_record(ctx, unit_id)       # unit data, names, history, ratings and awards with predecessors'

Also the unit choices of the staff page's filter (`unit_choices`). Every read is a handful of Core
queries; nothing here returns ORM objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from app.domain.records import (
    AwardEntry,
    DisciplineEntry,
    FormerName,
    InitiativeEntry,
    PersonRecord,
    PostingEntry,
    RatingEntry,
    StaffCounts,
    UnitEventEntry,
    UnitRecord,
    UnitRef,
)
from app.domain.units import UnitChoice
from app.errors import UserError
from app.services.context import ServiceContext
from app.services.units import continued_records, predecessors
from app.text import vietnamese_key
from database.enums import (
    EventRole,
    Gender,
    UnitEventKind,
    UnitKind,
    UnitStatus,
)
from database.models import (
    Award,
    AwardType,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    OutgoingDocument,
    Person,
    Posting,
    Rating,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitName,
)

UNIT_SEPARATOR = " – "


class RecordNotFound(UserError):
    """The person or unit asked for is not in the database (deleted meanwhile, or another database)."""


# --- the unit tree, as labels ----------------------------------------------------------------------


@dataclass(frozen=True)
class _UnitRow:
    id: int
    name: str
    parent_id: int | None
    kind: UnitKind
    status: UnitStatus
    ended_on: dt.date | None


class _UnitTree:
    """All units in one read (a province has about 150): names with their parents, names in the past."""

    def __init__(self, session: Session):
        self.units = {
            r.id: _UnitRow(r.id, r.name, r.parent_id, r.kind, r.status, r.ended_on)
            for r in session.execute(
                select(Unit.id, Unit.name, Unit.parent_id, Unit.kind, Unit.status, Unit.ended_on)
            )
        }
        self.former: dict[int, list[tuple[str, dt.date | None, dt.date | None]]] = {}
        for uid, name, valid_from, valid_to in session.execute(
            select(UnitName.unit_id, UnitName.name, UnitName.valid_from, UnitName.valid_to)
        ):
            self.former.setdefault(uid, []).append((name, valid_from, valid_to))

    def name(self, unit_id: int | None, on: dt.date | None = None) -> str:
        """The unit's name, or the name it had on a day when it was renamed since."""
        if unit_id is None or unit_id not in self.units:
            return ""
        if on is not None:
            for name, valid_from, valid_to in self.former.get(unit_id, ()):
                if (valid_from is None or valid_from <= on) and valid_to is not None and on <= valid_to:
                    return name
        return self.units[unit_id].name

    def label(self, unit_id: int | None, on: dt.date | None = None) -> str:
        """ "Khoa Nội – Bệnh viện Đa khoa tỉnh": the unit with the units above it, the Department aside."""
        parts: list[str] = []
        seen: set[int] = set()
        uid = unit_id
        while uid is not None and uid in self.units and uid not in seen:
            seen.add(uid)
            row = self.units[uid]
            if row.kind is UnitKind.DEPARTMENT and row.parent_id is None and parts:
                break
            parts.append(self.name(uid, on))
            uid = row.parent_id
        return UNIT_SEPARATOR.join(parts)

    def children(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for row in self.units.values():
            if row.parent_id is not None:
                found.setdefault(row.parent_id, []).append(row.id)
        return found

    def subtree(self, unit_id: int, children: dict[int, list[int]] | None = None) -> set[int]:
        children = self.children() if children is None else children
        found, stack = {unit_id}, [unit_id]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found


def unit_choices(ctx: ServiceContext, include_ended: bool = False) -> list[UnitChoice]:
    """The units for a filter or a picker, the tree flattened in Vietnamese name order."""
    with ctx.read() as s:
        tree = _UnitTree(s)
    children = tree.children()
    order = {
        uid: (row.kind is not UnitKind.DEPARTMENT, vietnamese_key(row.name))
        for uid, row in tree.units.items()
    }
    for kids in children.values():
        kids.sort(key=order.__getitem__)
    roots = sorted(
        (uid for uid, row in tree.units.items() if row.parent_id not in tree.units), key=order.__getitem__
    )
    result: list[UnitChoice] = []

    def visit(uid: int, depth: int) -> None:
        row = tree.units[uid]
        active = row.status is UnitStatus.ACTIVE
        if not active and not include_ended:
            return
        result.append(
            UnitChoice(
                uid,
                row.name,
                tree.label(uid),
                depth,
                row.parent_id,
                row.kind,
                active,
                frozenset(tree.subtree(uid, children)),
            )
        )
        for child in children.get(uid, ()):
            visit(child, depth + 1)

    for root in roots:
        visit(root, 0)
    return result


# --- pieces shared by both records -----------------------------------------------------------------


def _decision_number(award_number, decision_number, doc_number, doc_symbol) -> str | None:
    if award_number:
        return award_number
    if decision_number:
        return decision_number
    if doc_number and doc_symbol:
        return f"{doc_number:02d}/{doc_symbol}"
    return None


def _awards(
    session: Session, condition, tree: _UnitTree | None = None, own_unit: int | None = None
) -> list[AwardEntry]:
    rows = session.execute(
        select(
            Award.id,
            Award.year,
            Award.period_from,
            Award.period_to,
            AwardType.code,
            AwardType.name,
            AwardType.category,
            Award.basis,
            Award.source,
            Award.decision_number,
            Decision.number_text,
            OutgoingDocument.number,
            OutgoingDocument.symbol,
            func.coalesce(Award.decision_date, Decision.issued_on),
            func.coalesce(Award.decision_issuer, Decision.issuer),
            Award.bonus_amount,
            Award.achievement,
            Award.revoked,
            Award.revoked_reason,
            Award.unit_id,
        )
        .join(AwardType, AwardType.id == Award.award_type_id)
        .outerjoin(Decision, Decision.id == Award.decision_id)
        .outerjoin(OutgoingDocument, OutgoingDocument.id == Decision.document_id)
        .where(condition)
        .order_by(
            Award.year, func.coalesce(Award.decision_date, Decision.issued_on), AwardType.rank, Award.id
        )
    ).all()
    backing: dict[int, list[str]] = {}
    ids = [r[0] for r in rows]
    for chunk in _chunks(ids):
        for award_id, title in session.execute(
            select(Initiative.used_by_award_id, Initiative.title)
            .where(Initiative.used_by_award_id.in_(chunk))
            .order_by(Initiative.year, Initiative.id)
        ):
            backing.setdefault(award_id, []).append(title)
    result = []
    for r in rows:
        unit_id = r[19]
        earned_by = (
            tree.name(unit_id) if tree is not None and unit_id is not None and unit_id != own_unit else None
        )
        result.append(
            AwardEntry(
                id=r[0],
                year=r[1],
                period_from=r[2],
                period_to=r[3],
                code=r[4],
                name=r[5],
                category=r[6],
                basis=r[7],
                source=r[8],
                decision_number=_decision_number(r[9], r[10], r[11], r[12]),
                decision_date=r[13],
                decision_issuer=r[14],
                bonus_amount=r[15],
                achievement=r[16],
                revoked=bool(r[17]),
                revoked_reason=r[18],
                initiatives=tuple(backing.get(r[0], ())),
                unit_id=unit_id,
                earned_by=earned_by,
            )
        )
    return result


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _ratings(
    session: Session, condition, tree: _UnitTree | None = None, own_unit: int | None = None
) -> list[RatingEntry]:
    rows = session.execute(
        select(Rating.year, Rating.level, Rating.absent_days, Rating.document_ref, Rating.unit_id)
        .where(condition)
        .order_by(Rating.year, Rating.id)
    ).all()
    return [
        RatingEntry(
            year,
            level,
            absent,
            ref,
            unit_id,
            tree.name(unit_id) if tree is not None and unit_id is not None and unit_id != own_unit else None,
        )
        for year, level, absent, ref, unit_id in rows
    ]


def _disciplines(session: Session, condition) -> list[DisciplineEntry]:
    return [
        DisciplineEntry(*row)
        for row in session.execute(
            select(
                Discipline.form,
                Discipline.decided_on,
                Discipline.effective_from,
                Discipline.effective_to,
                Discipline.decision_ref,
                Discipline.reason,
                Discipline.id,
                Discipline.version,
            )
            .where(condition)
            .order_by(Discipline.effective_from, Discipline.id)
        )
    ]


# --- a person's record -----------------------------------------------------------------------------


def person_record(ctx: ServiceContext, person_id: int) -> PersonRecord:
    with ctx.read() as s:
        person = s.execute(
            select(
                Person.id,
                Person.full_name,
                Person.gender,
                Person.birth_date,
                Person.birth_year,
                Person.ethnicity,
                Person.position,
                Person.professional_title,
                Person.unit_id,
                Person.health_sector_since,
                Person.phone,
                Person.left_on,
                Person.note,
                Person.staff_code,
            ).where(Person.id == person_id)
        ).one_or_none()
        if person is None:
            raise RecordNotFound("Không tìm thấy cán bộ này trong cơ sở dữ liệu (có thể đã bị xóa).")
        tree = _UnitTree(s)
        postings = [
            PostingEntry(unit_id, tree.label(unit_id, start), position, title, start, end, note)
            for unit_id, position, title, start, end, note in s.execute(
                select(
                    Posting.unit_id,
                    Posting.position,
                    Posting.professional_title,
                    Posting.start_date,
                    Posting.end_date,
                    Posting.note,
                )
                .where(Posting.person_id == person_id)
                .order_by(case((Posting.start_date.is_(None), 0), else_=1), Posting.start_date, Posting.id)
            )
        ]
        ratings = _ratings(s, Rating.person_id == person_id)
        disciplines = _disciplines(s, Discipline.person_id == person_id)
        awards = _awards(s, Award.person_id == person_id)
        initiatives = _person_initiatives(s, person_id)
    return PersonRecord(
        id=person.id,
        full_name=person.full_name,
        gender=person.gender,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        ethnicity=person.ethnicity,
        position=person.position,
        professional_title=person.professional_title,
        unit_id=person.unit_id,
        unit_name=tree.label(person.unit_id),
        health_sector_since=person.health_sector_since,
        phone=person.phone,
        left_on=person.left_on,
        note=person.note,
        postings=tuple(postings),
        ratings=tuple(ratings),
        disciplines=tuple(disciplines),
        initiatives=tuple(initiatives),
        awards=tuple(awards),
        staff_code=person.staff_code,
    )


def _person_initiatives(session: Session, person_id: int) -> list[InitiativeEntry]:
    rows = session.execute(
        select(
            Initiative.id,
            Initiative.title,
            Initiative.kind,
            Initiative.year,
            Initiative.level,
            InitiativeAuthor.share,
            Initiative.recognised_by,
            Initiative.decision_number,
            Initiative.decision_date,
            Initiative.used_by_award_id,
            AwardType.name,
            Award.year,
        )
        .join(InitiativeAuthor, InitiativeAuthor.initiative_id == Initiative.id)
        .outerjoin(Award, Award.id == Initiative.used_by_award_id)
        .outerjoin(AwardType, AwardType.id == Award.award_type_id)
        .where(InitiativeAuthor.person_id == person_id)
        .order_by(Initiative.year, Initiative.id)
    ).all()
    others: dict[int, list[str]] = {}
    ids = [r[0] for r in rows]
    for chunk in _chunks(ids):
        for initiative_id, name in session.execute(
            select(InitiativeAuthor.initiative_id, Person.full_name)
            .join(Person, Person.id == InitiativeAuthor.person_id)
            .where(InitiativeAuthor.initiative_id.in_(chunk), InitiativeAuthor.person_id != person_id)
            .order_by(InitiativeAuthor.initiative_id, InitiativeAuthor.share.desc(), Person.sort_key)
        ):
            others.setdefault(initiative_id, []).append(name)
    return [
        InitiativeEntry(
            id=r[0],
            title=r[1],
            kind=r[2],
            year=r[3],
            level=r[4],
            share=Decimal(str(r[5])) if r[5] is not None else None,
            recognised_by=r[6],
            decision_number=r[7],
            decision_date=r[8],
            co_authors=tuple(others.get(r[0], ())),
            used_by_award_id=r[9],
            used_by=f"{r[10]} năm {r[11]}" if r[10] else None,
        )
        for r in rows
    ]


# --- a unit's record -------------------------------------------------------------------------------


def _ref(row: _UnitRow) -> UnitRef:
    return UnitRef(row.id, row.name, row.kind, row.status, row.ended_on)


def unit_record(ctx: ServiceContext, unit_id: int) -> UnitRecord:
    with ctx.read() as s:
        unit = s.execute(
            select(
                Unit.id,
                Unit.code,
                Unit.name,
                Unit.short_name,
                Unit.kind,
                Unit.status,
                Unit.parent_id,
                Unit.address,
                Unit.phone,
                Unit.email,
                Unit.head_name,
                Unit.established_on,
                Unit.ended_on,
                Unit.note,
            ).where(Unit.id == unit_id)
        ).one_or_none()
        if unit is None:
            raise RecordNotFound("Không tìm thấy đơn vị này trong cơ sở dữ liệu (có thể đã bị xóa).")
        tree = _UnitTree(s)
        earlier = predecessors(s, unit_id)
        continued = [x.unit_id for x in continued_records(s).get(unit_id, ())]
        lineage = {unit_id} | earlier
        by_name = tree.units

        def ordered(ids: Iterable[int]) -> tuple[UnitRef, ...]:
            return tuple(
                _ref(by_name[i])
                for i in sorted(ids, key=lambda i: vietnamese_key(by_name[i].name))
                if i in by_name
            )

        events = _unit_events(s, lineage, tree)
        successor_ids = {
            e_unit
            for (e_unit,) in s.execute(
                select(UnitEventLink.unit_id).where(
                    UnitEventLink.role == EventRole.SUCCESSOR,
                    UnitEventLink.event_id.in_(
                        select(UnitEventLink.event_id).where(
                            UnitEventLink.unit_id == unit_id, UnitEventLink.role == EventRole.PREDECESSOR
                        )
                    ),
                )
            )
        } - {unit_id}
        subtree = tree.subtree(unit_id)
        in_unit, with_sub, women, left = s.execute(
            select(
                func.count().filter(and_(Person.unit_id == unit_id, Person.left_on.is_(None))),
                func.count().filter(Person.left_on.is_(None)),
                func.count().filter(and_(Person.left_on.is_(None), Person.gender == Gender.FEMALE)),
                func.count().filter(Person.left_on.is_not(None)),
            ).where(Person.unit_id.in_(subtree))
        ).one()
        ratings = _ratings(s, Rating.unit_id.in_(lineage), tree, unit_id)
        awards = _awards(s, Award.unit_id.in_(lineage), tree, unit_id)
    parent = by_name.get(unit.parent_id) if unit.parent_id else None
    return UnitRecord(
        id=unit.id,
        code=unit.code,
        name=unit.name,
        short_name=unit.short_name,
        label=tree.label(unit.id),
        kind=unit.kind,
        status=unit.status,
        parent_id=unit.parent_id,
        parent_name=parent.name if parent else None,
        address=unit.address,
        phone=unit.phone,
        email=unit.email,
        head_name=unit.head_name,
        established_on=unit.established_on,
        ended_on=unit.ended_on,
        note=unit.note,
        former_names=tuple(
            FormerName(n, f, t)
            for n, f, t in sorted(
                tree.former.get(unit_id, ()), key=lambda x: (x[2] or dt.date.max, x[1] or dt.date.min)
            )
        ),
        events=tuple(events),
        predecessors=ordered(earlier),
        successors=ordered(successor_ids),
        sub_units=ordered(tree.children().get(unit_id, ())),
        staff=StaffCounts(in_unit or 0, with_sub or 0, women or 0, left or 0),
        ratings=tuple(ratings),
        awards=tuple(awards),
        continues=tuple(_ref(by_name[i]) for i in continued if i in by_name),
    )


def _unit_events(session: Session, lineage: set[int], tree: _UnitTree) -> list[UnitEventEntry]:
    event_ids = select(UnitEventLink.event_id).where(UnitEventLink.unit_id.in_(lineage))
    events = session.execute(
        select(UnitEvent.id, UnitEvent.kind, UnitEvent.event_date, UnitEvent.decision_ref, UnitEvent.note)
        .where(UnitEvent.id.in_(event_ids))
        .order_by(UnitEvent.event_date, UnitEvent.id)
    ).all()
    links = session.execute(
        select(UnitEventLink.event_id, UnitEventLink.unit_id, UnitEventLink.role)
        .where(UnitEventLink.event_id.in_(event_ids))
        .order_by(UnitEventLink.id)
    ).all()
    sides: dict[tuple[int, EventRole], list[str]] = {}
    for event_id, unit_id, role in links:
        sides.setdefault((event_id, role), []).append(tree.name(unit_id))
    renamed: dict[int, list[str]] = {}
    for event_id, name in session.execute(
        select(UnitName.event_id, UnitName.name).where(UnitName.event_id.in_(event_ids))
    ):
        renamed.setdefault(event_id, []).append(name)
    result = []
    for event_id, kind, day, ref, note in events:
        before = sides.get((event_id, EventRole.PREDECESSOR), [])
        after = sides.get((event_id, EventRole.SUCCESSOR), [])
        if kind is UnitEventKind.RENAME and event_id in renamed:
            # The same unit on both sides: show the name it had before and the one it took.
            before = renamed[event_id]
            unit_ids = [uid for (e, uid, r) in links if e == event_id and r is EventRole.SUCCESSOR]
            after = [tree.name(uid, day) for uid in unit_ids] or after
        result.append(UnitEventEntry(event_id, kind, day, ref, note, tuple(before), tuple(after)))
    return result
