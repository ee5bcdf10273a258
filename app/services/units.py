"""Units: the tree and its history. Records stay on the unit that earned them; a successor
reaches them through the merge/split/rename events that link it to its predecessors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.errors import ValidationError
from app.services.context import ServiceContext
from app.text import clean, fold
from database.enums import EventRole, UnitEventKind, UnitKind, UnitStatus
from database.models import Unit, UnitEvent, UnitEventLink

_ENDS = {
    UnitEventKind.MERGE: UnitStatus.MERGED,
    UnitEventKind.SPLIT: UnitStatus.SPLIT,
    UnitEventKind.DISSOLVE: UnitStatus.DISSOLVED,
}


def predecessors(session: Session, unit_id: int) -> set[int]:
    """Every unit whose records the given unit inherited, transitively (not including itself)."""
    before, after = aliased(UnitEventLink), aliased(UnitEventLink)
    pairs = session.execute(
        select(after.unit_id, before.unit_id)
        .join(before, before.event_id == after.event_id)
        .where(after.role == EventRole.SUCCESSOR, before.role == EventRole.PREDECESSOR)
    ).all()
    parents: dict[int, set[int]] = {}
    for successor, predecessor in pairs:
        if successor != predecessor:
            parents.setdefault(successor, set()).add(predecessor)
    found: set[int] = set()
    stack = [unit_id]
    while stack:
        for p in parents.get(stack.pop(), ()):
            if p not in found and p != unit_id:
                found.add(p)
                stack.append(p)
    return found


def subtree_ids(session: Session, unit_id: int) -> set[int]:
    """The unit and every unit under it (its departments, their teams ...)."""
    children: dict[int, list[int]] = {}
    for uid, parent in session.execute(select(Unit.id, Unit.parent_id).where(Unit.parent_id.is_not(None))):
        children.setdefault(parent, []).append(uid)
    found, stack = {unit_id}, [unit_id]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def lineage(ctx: ServiceContext, unit_id: int) -> set[int]:
    """The unit and all its predecessors: what to query to show a unit's whole history."""
    with ctx.read() as s:
        return {unit_id} | predecessors(s, unit_id)


def record_event(
    ctx: ServiceContext,
    kind: UnitEventKind,
    day: dt.date,
    before: Iterable[int],
    after: Iterable[int],
    decision_ref: str | None = None,
) -> int:
    """Record a merge, split or dissolution; units that end are closed, never deleted."""
    before, after = list(before), list(after)
    if not before:
        raise ValidationError("Cần chọn ít nhất một đơn vị cũ.")
    if kind in (UnitEventKind.MERGE, UnitEventKind.SPLIT) and not after:
        raise ValidationError("Sáp nhập hoặc chia tách cần có đơn vị kế thừa.")
    with ctx.write(f"{kind.label} đơn vị") as s:
        event = UnitEvent(kind=kind, event_date=day, decision_ref=decision_ref)
        event.links = [UnitEventLink(unit_id=u, role=EventRole.PREDECESSOR) for u in before] + [
            UnitEventLink(unit_id=u, role=EventRole.SUCCESSOR) for u in after
        ]
        s.add(event)
        ending = _ENDS.get(kind)
        if ending:
            for unit in s.scalars(select(Unit).where(Unit.id.in_(set(before) - set(after)))):
                unit.status = ending
                unit.ended_on = day
        s.flush()
        return event.id


def find_unit(ctx: ServiceContext, name_or_code: str) -> int | None:
    """A unit by its code (exact, any case) or its name (folded); ambiguous names are refused."""
    text = (name_or_code or "").strip()
    with ctx.read() as s:
        by_code = s.scalar(select(Unit.id).where(func.lower(Unit.code) == text.lower()))
        if by_code:
            return by_code
        matches = s.scalars(select(Unit.id).where(Unit.name_folded == fold(text))).all()
    if len(matches) > 1:
        raise ValidationError(f"Có {len(matches)} đơn vị cùng tên “{text}”; hãy dùng mã đơn vị.")
    return matches[0] if matches else None


def create_unit_under_department(ctx: ServiceContext, name: str, kind: UnitKind | None = None) -> int:
    """What a clerk setting up a new database does: a new unit directly under the Department."""
    with ctx.write(f"Tạo đơn vị {name}") as s:
        return add_unit_under_department(s, name, kind)


def add_unit_under_department(session: Session, name: str, kind: UnitKind | None = None) -> int:
    name = clean(name)
    if not name:
        raise ValidationError("Cần nhập tên đơn vị.")
    department = session.scalar(select(Unit.id).where(Unit.kind == UnitKind.DEPARTMENT, Unit.parent_id.is_(None)))
    unit = Unit(name=name, name_folded=fold(name), kind=kind or guess_unit_kind(name), parent_id=department)
    session.add(unit)
    session.flush()
    return unit.id


def guess_unit_kind(name: str) -> UnitKind:
    folded = fold(name)
    for prefix, kind in (
        ("benh vien", UnitKind.HOSPITAL), ("trung tam kiem soat benh tat", UnitKind.CDC),
        ("trung tam y te", UnitKind.HEALTH_CENTER), ("trung tam", UnitKind.CENTER), ("chi cuc", UnitKind.SUB_DEPARTMENT),
        ("tram y te", UnitKind.STATION), ("truong", UnitKind.SCHOOL), ("khoa", UnitKind.CLINICAL_DEPT),
        ("phong", UnitKind.ADMIN_DEPT), ("so y te", UnitKind.DEPARTMENT),
    ):
        if folded.startswith(prefix):
            return kind
    return UnitKind.OTHER
