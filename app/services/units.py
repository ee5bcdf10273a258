"""Units: the tree and its history. Records stay on the unit that earned them; a successor
reaches them through the merge/split/rename events that link it to its predecessors.

    unit_tree(ctx)                              # every unit with its staff counts, in tree order
    unit_panel(ctx, unit_id)                    # its record plus its cụm/khối membership by year
    create_unit(ctx, parent_id, UnitData(...))  # and update_unit(ctx, unit_id, UnitData(...))
    rename_unit / merge_units / split_unit / dissolve_unit   # one transaction each, with a UnitEvent

Units are never deleted: a unit that ends keeps its row, its status says how it ended, and its staff,
departments and records are handed on as the event says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, case, func, insert, select, update
from sqlalchemy.orm import Session, aliased

from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.services.context import ServiceContext, clean_input, record_bulk
from app.services.versions import check_version, version_moved
from app.text import clean, fold, vietnamese_key
from app.text.numbers import int_text
from database.enums import ClusterKind, ClusterRole, EventRole, UnitEventKind, UnitKind, UnitStatus
from database.models import (
    Cluster,
    ClusterMember,
    Person,
    Posting,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitName,
)

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


@dataclass(frozen=True)
class ContinuedRecord:
    """A predecessor whose record (ratings, titles) a unit continues, and the event that handed it on."""

    unit_id: int
    kind: UnitEventKind
    day: dt.date


def continued_records(session: Session) -> dict[int, tuple[ContinuedRecord, ...]]:
    """For each unit that continues another's record, the predecessors it continues, nearest first and
    transitively (continuing B, which continued A, continues A too). Only what the clerk stated counts
    (UnitEventLink.continues_record): on a merge, the marked predecessor; on a split, the marked successor
    continues the old unit. Nothing marked: every unit starts afresh; never a choice by id."""
    rows = session.execute(
        select(
            UnitEventLink.event_id,
            UnitEventLink.unit_id,
            UnitEventLink.role,
            UnitEventLink.continues_record,
            UnitEvent.kind,
            UnitEvent.event_date,
        )
        .join(UnitEvent, UnitEvent.id == UnitEventLink.event_id)
        .where(UnitEvent.kind.in_((UnitEventKind.MERGE, UnitEventKind.SPLIT)))
        .order_by(UnitEvent.event_date.desc(), UnitEvent.id.desc())
    ).all()
    events: dict[int, tuple[UnitEventKind, dt.date, list, list]] = {}
    for event_id, unit_id, role, marked, kind, day in rows:
        _kind, _day, before, after = events.setdefault(event_id, (kind, day, [], []))
        (before if role is EventRole.PREDECESSOR else after).append((unit_id, marked))
    direct: dict[int, list[ContinuedRecord]] = {}
    for kind, day, before, after in events.values():  # latest event first
        if kind is UnitEventKind.MERGE:
            pairs = [(s_id, p_id) for s_id, _ in after for p_id, marked in before if marked]
        else:
            pairs = [(s_id, p_id) for s_id, marked in after if marked for p_id, _ in before]
        for successor, predecessor in pairs:
            if successor != predecessor:
                direct.setdefault(successor, []).append(ContinuedRecord(predecessor, kind, day))
    found: dict[int, tuple[ContinuedRecord, ...]] = {}
    for unit_id in direct:
        chain: list[ContinuedRecord] = []
        seen, queue = {unit_id}, list(direct[unit_id])
        while queue:
            step = queue.pop(0)
            if step.unit_id in seen:
                continue
            seen.add(step.unit_id)
            chain.append(step)
            queue.extend(direct.get(step.unit_id, ()))
        found[unit_id] = tuple(chain)
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


@use_case(Permission.DESK)
def record_event(
    ctx: ServiceContext,
    kind: UnitEventKind,
    day: dt.date,
    before: Iterable[int],
    after: Iterable[int],
    decision_ref: str | None = None,
    continues: int | None = None,
) -> int:
    """Record a merge, split or dissolution; units that end are closed, never deleted. `continues` names
    the unit whose record goes on (see `_event`)."""
    before, after = list(before), list(after)
    if not before:
        raise ValidationError("Cần chọn ít nhất một đơn vị cũ.")
    if kind in (UnitEventKind.MERGE, UnitEventKind.SPLIT) and not after:
        raise ValidationError("Sáp nhập hoặc chia tách cần có đơn vị kế thừa.")
    with ctx.write(f"{kind.label} đơn vị") as s:
        event = _event(s, kind, day, decision_ref, None, before, after, continues)
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
        raise ValidationError(f"Có {int_text(len(matches))} đơn vị cùng tên “{text}”; hãy dùng mã đơn vị.")
    return matches[0] if matches else None


@use_case(Permission.DESK)
def create_unit_under_department(ctx: ServiceContext, name: str, kind: UnitKind | None = None) -> int:
    """What a clerk setting up a new database does: a new unit directly under the Department."""
    with ctx.write(f"Tạo đơn vị {name}") as s:
        return add_unit_under_department(s, name, kind)


def add_unit_under_department(session: Session, name: str, kind: UnitKind | None = None) -> int:
    name = clean(name)
    if not name:
        raise ValidationError("Cần nhập tên đơn vị.")
    department = session.scalar(
        select(Unit.id).where(Unit.kind == UnitKind.DEPARTMENT, Unit.parent_id.is_(None))
    )
    unit = Unit(name=name, name_folded=fold(name), kind=kind or guess_unit_kind(name), parent_id=department)
    session.add(unit)
    session.flush()
    return unit.id


def guess_unit_kind(name: str) -> UnitKind:
    return unit_kind_named(name) or UnitKind.OTHER


_KIND_WORDS = (
    ("benh vien", UnitKind.HOSPITAL),
    ("trung tam kiem soat benh tat", UnitKind.CDC),
    ("cdc", UnitKind.CDC),
    ("trung tam y te", UnitKind.HEALTH_CENTER),
    ("ttyt", UnitKind.HEALTH_CENTER),
    ("trung tam", UnitKind.CENTER),
    ("chi cuc", UnitKind.SUB_DEPARTMENT),
    ("tram y te", UnitKind.STATION),
    ("tram", UnitKind.STATION),
    ("truong", UnitKind.SCHOOL),
    ("khoa", UnitKind.CLINICAL_DEPT),
    ("phong thuoc so", UnitKind.DEPARTMENT_OFFICE),
    ("phong", UnitKind.ADMIN_DEPT),
    ("so y te", UnitKind.DEPARTMENT),
    ("khac", UnitKind.OTHER),
)


def unit_kind_named(text: str | None) -> UnitKind | None:
    """The kind a name or a kind word starts with ("Bệnh viện …", "Trạm Y tế", "khoa"), or its label
    exactly ("Trung tâm khác"); None when nothing is recognised."""
    folded = fold(text or "").strip()
    for kind in UnitKind:
        if folded == fold(kind.label):
            return kind
    for prefix, kind in _KIND_WORDS:
        if folded.startswith(prefix):
            return kind
    return None


# --- the tree as the Đơn vị page shows it ----------------------------------------------------------

# Groups siblings the way the office thinks of them: its own offices, then hospitals, centres ...
_KIND_ORDER = {kind: n for n, kind in enumerate(UnitKind)}


@dataclass(frozen=True)
class UnitData:
    """What the clerk types about a unit (its place in the tree is given separately)."""

    name: str
    kind: UnitKind
    code: str | None = None
    short_name: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    head_name: str | None = None
    established_on: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class UnitNode:
    id: int
    parent_id: int | None
    depth: int
    data: UnitData  # name, kind, code, contact data, note: also what the edit form starts from
    status: UnitStatus
    ended_on: dt.date | None
    staff_own: int  # active staff working in the unit itself
    staff_total: int  # active staff in the unit and every unit under it
    former_names: tuple[str, ...]
    search_key: str  # folded name, short name, code and former names: what the filter box matches
    version: int = 1  # the record's, handed back to update_unit (app.services.versions)

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def kind(self) -> UnitKind:
        return self.data.kind

    @property
    def active(self) -> bool:
        return self.status is UnitStatus.ACTIVE

    def matches(self, words: Iterable[str]) -> bool:
        return all(w in self.search_key for w in words)


@dataclass(frozen=True)
class UnitTree:
    nodes: tuple[UnitNode, ...]  # depth first: each unit before its sub-units

    def by_id(self) -> dict[int, UnitNode]:
        return {n.id: n for n in self.nodes}

    def children(self) -> dict[int | None, list[UnitNode]]:
        found: dict[int | None, list[UnitNode]] = {}
        for n in self.nodes:
            found.setdefault(n.parent_id, []).append(n)
        return found


def search_words(text: str | None) -> list[str]:
    """The folded words of a filter: "benh vien" and "Bệnh viện" both give ["benh", "vien"]."""
    return fold(text or "").split()


def unit_tree(ctx: ServiceContext) -> UnitTree:
    """Every unit, ended ones too, with staff counts: three queries, whatever the province's size."""
    with ctx.read() as s:
        rows = s.execute(
            select(
                Unit.id,
                Unit.parent_id,
                Unit.name,
                Unit.short_name,
                Unit.code,
                Unit.kind,
                Unit.status,
                Unit.address,
                Unit.phone,
                Unit.email,
                Unit.head_name,
                Unit.established_on,
                Unit.ended_on,
                Unit.note,
                Unit.sort_order,
                Unit.version,
            )
        ).all()
        staff = dict(
            s.execute(
                select(Person.unit_id, func.count())
                .where(Person.left_on.is_(None), Person.unit_id.is_not(None))
                .group_by(Person.unit_id)
            ).all()
        )
        former: dict[int, list[str]] = {}
        for uid, name in s.execute(select(UnitName.unit_id, UnitName.name).order_by(UnitName.valid_to)):
            former.setdefault(uid, []).append(name)
    known = {r.id for r in rows}
    children: dict[int | None, list] = {}
    for r in rows:
        children.setdefault(r.parent_id if r.parent_id in known else None, []).append(r)
    for kids in children.values():
        kids.sort(key=lambda r: (r.sort_order or 0, _KIND_ORDER[r.kind], vietnamese_key(r.name), r.id))

    totals: dict[int, int] = {}

    def total(uid: int, seen: frozenset[int]) -> int:
        if uid not in totals:
            totals[uid] = staff.get(uid, 0) + sum(
                total(c.id, seen | {uid}) for c in children.get(uid, ()) if c.id not in seen
            )
        return totals[uid]

    nodes: list[UnitNode] = []
    placed: set[int] = set()

    def visit(r, depth: int) -> None:
        if r.id in placed:  # a cycle in bad data must not hang the page
            return
        placed.add(r.id)
        names = tuple(former.get(r.id, ()))
        key = " ".join(fold(x) for x in (r.name, r.short_name or "", r.code or "", *names) if x)
        data = UnitData(
            name=r.name,
            kind=r.kind,
            code=r.code,
            short_name=r.short_name,
            address=r.address,
            phone=r.phone,
            email=r.email,
            head_name=r.head_name,
            established_on=r.established_on,
            note=r.note,
        )
        nodes.append(
            UnitNode(
                id=r.id,
                parent_id=r.parent_id if r.parent_id in known else None,
                depth=depth,
                data=data,
                status=r.status,
                ended_on=r.ended_on,
                staff_own=staff.get(r.id, 0),
                staff_total=total(r.id, frozenset()),
                former_names=names,
                search_key=key,
                version=r.version,
            )
        )
        for child in children.get(r.id, ()):
            visit(child, depth + 1)

    for root in children.get(None, ()):
        visit(root, 0)
    return UnitTree(tuple(nodes))


@dataclass(frozen=True)
class ClusterMembership:
    year: int
    cluster_id: int
    cluster_name: str
    kind: ClusterKind
    role: ClusterRole
    unit_id: int
    unit_name: str  # the member: the unit itself or one of its predecessors


def unit_clusters(ctx: ServiceContext, unit_id: int) -> list[ClusterMembership]:
    """The cụm/khối the unit (and the units it took over) belonged to, newest year first."""
    with ctx.read() as s:
        ids = {unit_id} | predecessors(s, unit_id)
        rows = s.execute(
            select(
                Cluster.year, Cluster.id, Cluster.name, Cluster.kind, ClusterMember.role, Unit.id, Unit.name
            )
            .join(ClusterMember, ClusterMember.cluster_id == Cluster.id)
            .join(Unit, Unit.id == ClusterMember.unit_id)
            .where(ClusterMember.unit_id.in_(ids))
            .order_by(Cluster.year.desc(), Cluster.name, Unit.id)
        ).all()
    return [ClusterMembership(*row) for row in rows]


# --- creating and editing ---------------------------------------------------------------------------


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ENDED_VERB = {
    UnitStatus.MERGED: "đã sáp nhập",
    UnitStatus.SPLIT: "đã chia tách",
    UnitStatus.DISSOLVED: "đã giải thể",
}


def _day(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def _tidy(data: UnitData) -> UnitData:
    data = clean_input(data)
    blank_to_none = {
        k: (getattr(data, k) or None)
        for k in ("code", "short_name", "address", "phone", "email", "head_name", "note")
    }
    return dataclasses.replace(data, name=data.name or "", **blank_to_none)


def _check_data(
    s: Session,
    data: UnitData,
    unit_id: int | None,
    parent_id: int | None,
    ignore_siblings: Iterable[int] = (),
    check_name: bool = True,
) -> None:
    if not data.name:
        raise ValidationError("Cần nhập tên đơn vị.")
    if len(data.name) > 250:
        raise ValidationError("Tên đơn vị dài quá 250 ký tự; hãy viết gọn lại.")
    if data.code:
        if len(data.code) > 40:
            raise ValidationError("Mã đơn vị dài quá 40 ký tự.")
        taken = s.execute(
            select(Unit.id, Unit.name).where(
                func.lower(Unit.code) == data.code.lower(),
                Unit.id != (unit_id if unit_id is not None else -1),
            )
        ).first()
        if taken:
            raise ValidationError(
                f"Mã “{data.code}” đã dùng cho đơn vị “{taken.name}”. Hãy chọn mã khác (hoặc để trống)."
            )
    if data.email and not _EMAIL.match(data.email):
        raise ValidationError(f"Địa chỉ email “{data.email}” không đúng dạng (ví dụ: vanthu@syt.gov.vn).")
    if data.kind is UnitKind.DEPARTMENT and parent_id is not None:
        raise ValidationError("Chỉ đơn vị gốc của cây mới là “Sở Y tế”; hãy chọn loại đơn vị khác.")
    for label, value, size in (
        ("Tên viết tắt", data.short_name, 120),
        ("Địa chỉ", data.address, 300),
        ("Điện thoại", data.phone, 50),
        ("Email", data.email, 120),
        ("Thủ trưởng đơn vị", data.head_name, 120),
    ):
        if value and len(value) > size:
            raise ValidationError(f"{label} dài quá {size} ký tự.")
    if check_name:
        _check_name_free(s, data.name, parent_id, {unit_id, *ignore_siblings} - {None})


def _check_name_free(s: Session, name: str, parent_id: int | None, ignore: set[int]) -> None:
    """Two active units with the same name under one parent would be told apart by nobody."""
    same = select(Unit.id).where(
        Unit.name_folded == fold(name),
        Unit.status == UnitStatus.ACTIVE,
        Unit.parent_id == parent_id if parent_id is not None else Unit.parent_id.is_(None),
    )
    if ignore:
        same = same.where(Unit.id.not_in(ignore))
    if s.scalar(same.limit(1)) is not None:
        where = f" thuộc “{s.get(Unit, parent_id).name}”" if parent_id is not None else ""
        raise ValidationError(f"Đã có đơn vị “{name}”{where}. Hãy đặt tên khác để phân biệt.")


def _active_unit(s: Session, unit_id: int, doing: str) -> Unit:
    unit = s.get(Unit, unit_id)
    if unit is None:
        raise ValidationError("Không tìm thấy đơn vị này trong cơ sở dữ liệu (có thể đã bị xóa).")
    if unit.status is not UnitStatus.ACTIVE:
        raise ValidationError(
            f"Đơn vị “{unit.name}” {_ENDED_VERB[unit.status]}"
            f"{' từ ' + _day(unit.ended_on) if unit.ended_on else ''}; không thể {doing}."
        )
    return unit


def _not_before_start(unit: Unit, day: dt.date, what: str) -> None:
    if unit.established_on and day < unit.established_on:
        raise ValidationError(
            f"Ngày {what} ({_day(day)}) trước ngày thành lập “{unit.name}” ({_day(unit.established_on)})."
        )


def _apply(unit: Unit, data: UnitData) -> None:
    for key in (
        "kind",
        "code",
        "short_name",
        "address",
        "phone",
        "email",
        "head_name",
        "established_on",
        "note",
    ):
        if getattr(unit, key) != getattr(data, key):
            setattr(unit, key, getattr(data, key))
    if unit.name != data.name:
        unit.name = data.name
        unit.name_folded = fold(data.name)


def check_unit_data(s: Session, data: UnitData, parent_id: int | None) -> None:
    """What create_unit checks of a new unit's data (ValidationError): lengths, a free code and name."""
    _check_data(s, _tidy(data), None, parent_id)


def _new_unit(parent_id: int | None, data: UnitData) -> Unit:
    """An active unit of `data` under `parent_id`, not yet added (a new one, a merge's or a split's result)."""
    unit = Unit(
        parent_id=parent_id,
        status=UnitStatus.ACTIVE,
        name=data.name,
        name_folded=fold(data.name),
        kind=data.kind,
    )
    _apply(unit, data)
    return unit


def add_unit(s: Session, parent_id: int | None, data: UnitData) -> Unit:
    """A new active unit under `parent_id`, checked as create_unit checks it (the parent is the caller's)."""
    data = _tidy(data)
    _check_data(s, data, None, parent_id)
    unit = _new_unit(parent_id, data)
    s.add(unit)
    s.flush()
    return unit


@use_case(Permission.DESK)
def create_unit(
    ctx: ServiceContext, parent_id: int | None, data: UnitData, decision_ref: str | None = None
) -> int:
    """A new unit under `parent_id` (None only for the Department itself, the root of the tree).

    With a decision reference, the founding is recorded as an event of the unit's history."""
    data = _tidy(data)
    decision_ref = clean(decision_ref) or None
    with ctx.write(f"Thêm đơn vị {data.name}") as s:
        if parent_id is None:
            if data.kind is not UnitKind.DEPARTMENT:
                raise ValidationError("Hãy chọn đơn vị cấp trên (đơn vị chủ quản) của đơn vị mới.")
            if s.scalar(select(Unit.id).where(Unit.parent_id.is_(None), Unit.kind == UnitKind.DEPARTMENT)):
                raise ValidationError("Cơ sở dữ liệu đã có Sở Y tế; đơn vị mới phải thuộc một đơn vị đã có.")
        else:
            _active_unit(s, parent_id, "thêm đơn vị trực thuộc")
        unit = add_unit(s, parent_id, data)
        if decision_ref:
            event = UnitEvent(
                kind=UnitEventKind.ESTABLISH,
                event_date=data.established_on or dt.date.today(),
                decision_ref=decision_ref,
                note=f"Thành lập {data.name}",
            )
            event.links = [UnitEventLink(unit_id=unit.id, role=EventRole.SUCCESSOR)]
            s.add(event)
        return unit.id


@use_case(Permission.DESK)
def update_unit(
    ctx: ServiceContext, unit_id: int, data: UnitData, expected_version: int | None = None
) -> None:
    """Correct a unit's data. A new name here is a spelling fix; a real change of name is rename_unit.
    `expected_version`: the version the form loaded (StaleRecord if another clerk saved since)."""
    data = _tidy(data)
    with ctx.write(f"Sửa thông tin đơn vị {data.name}") as s:
        unit = s.get(Unit, unit_id)
        if unit is None:
            raise ValidationError("Không tìm thấy đơn vị này trong cơ sở dữ liệu (có thể đã bị xóa).")
        check_version(s, unit, expected_version)
        if (
            unit.kind is UnitKind.DEPARTMENT
            and unit.parent_id is None
            and data.kind is not UnitKind.DEPARTMENT
        ):
            raise ValidationError("Sở Y tế là gốc của cây đơn vị; không đổi loại được.")
        # an ended unit may share its name with the active one that replaced it
        _check_data(s, data, unit.id, unit.parent_id, check_name=unit.status is UnitStatus.ACTIVE)
        if data.established_on and unit.ended_on and data.established_on > unit.ended_on:
            raise ValidationError(f"Ngày thành lập sau ngày kết thúc hoạt động ({_day(unit.ended_on)}).")
        _apply(unit, data)


# --- history: rename, merge, split, dissolve ----------------------------------------------------------


def _event(
    s: Session,
    kind: UnitEventKind,
    day: dt.date,
    decision_ref: str | None,
    note: str | None,
    before: Iterable[int],
    after: Iterable[int],
    continues: int | None = None,
) -> UnitEvent:
    """`continues`: the unit whose link carries continues_record — the predecessor a merge's successor
    continues, or the successor of a split that continues the old unit's record."""
    event = UnitEvent(kind=kind, event_date=day, decision_ref=clean(decision_ref) or None, note=note)
    marked_before = continues if kind is not UnitEventKind.SPLIT else None
    marked_after = continues if kind is UnitEventKind.SPLIT else None
    event.links = [
        UnitEventLink(unit_id=u, role=EventRole.PREDECESSOR, continues_record=u == marked_before)
        for u in dict.fromkeys(before)
    ] + [
        UnitEventLink(unit_id=u, role=EventRole.SUCCESSOR, continues_record=u == marked_after)
        for u in dict.fromkeys(after)
    ]
    s.add(event)
    s.flush()
    return event


def _end(unit: Unit, status: UnitStatus, day: dt.date) -> None:
    unit.status = status
    unit.ended_on = day


def _active_staff(s: Session, unit_ids: Iterable[int]) -> list[int]:
    ids = list(unit_ids)
    return (
        list(
            s.scalars(
                select(Person.id).where(Person.unit_id.in_(ids), Person.left_on.is_(None)).order_by(Person.id)
            )
        )
        if ids
        else []
    )


def _move_staff(
    s: Session, ctx: ServiceContext, from_ids: Iterable[int], to_id: int, day: dt.date, why: str
) -> int:
    """Active staff of the given units go to `to_id` from `day`: the open posting closes the day before
    and a new one opens, so the person's record shows both stretches. Core statements, one audit row."""
    from_ids = list(from_ids)
    people = _active_staff(s, from_ids)
    if not people:
        return 0
    eve = day - dt.timedelta(days=1)
    for start in range(0, len(people), 500):
        chunk = people[start : start + 500]
        s.execute(
            update(Posting)
            .where(Posting.person_id.in_(chunk), Posting.end_date.is_(None), Posting.unit_id.in_(from_ids))
            # a posting that began after the eve (a backdated decision) ends on its first day instead
            .values(
                end_date=case(
                    (and_(Posting.start_date.is_not(None), Posting.start_date > eve), Posting.start_date),
                    else_=eve,
                )
            )
            .execution_options(synchronize_session=False)
        )
        current = s.execute(
            select(Person.id, Person.position, Person.professional_title).where(Person.id.in_(chunk))
        ).all()
        s.execute(
            insert(Posting),
            [
                {
                    "person_id": pid,
                    "unit_id": to_id,
                    "position": position,
                    "professional_title": title,
                    "start_date": day,
                    "note": why,
                }
                for pid, position, title in current
            ],
        )
        s.execute(
            update(Person)
            .where(Person.id.in_(chunk))
            .values(unit_id=to_id, **version_moved(Person))  # a form open on one of them is now stale
            .execution_options(synchronize_session=False)
        )
    record_bulk(
        s,
        ctx.actor,
        "move",
        "person",
        why,
        {"person_ids": people, "from_unit_ids": from_ids, "to_unit_id": to_id, "on": day.isoformat()},
    )
    return len(people)


def _reparent(s: Session, from_ids: Iterable[int], to_id: int, only: Iterable[int] | None = None) -> int:
    """Active sub-units move under `to_id` (ended ones stay where they were, for the history)."""
    query = select(Unit).where(Unit.parent_id.in_(list(from_ids)), Unit.status == UnitStatus.ACTIVE)
    if only is not None:
        query = query.where(Unit.id.in_(list(only)))
    moved = 0
    for child in s.scalars(query):
        child.parent_id = to_id
        moved += 1
    return moved


def _ancestors(s: Session, unit_id: int) -> set[int]:
    parents = dict(s.execute(select(Unit.id, Unit.parent_id)).all())
    found: set[int] = set()
    uid = parents.get(unit_id)
    while uid is not None and uid not in found:
        found.add(uid)
        uid = parents.get(uid)
    return found


def _not_root(unit: Unit, doing: str) -> None:
    if unit.parent_id is None:
        raise ValidationError(f"“{unit.name}” là gốc của cây đơn vị; không thể {doing}.")


@use_case(Permission.DESK)
def rename_unit(
    ctx: ServiceContext,
    unit_id: int,
    new_name: str,
    day: dt.date,
    decision_ref: str | None = None,
    short_name: str | None = None,
    note: str | None = None,
) -> int:
    """Đổi tên: the current name becomes a former name (valid to the day before), linked to the event."""
    new_name, short_name, note = clean(new_name) or "", clean(short_name) or None, clean(note) or None
    if not new_name:
        raise ValidationError("Cần nhập tên mới của đơn vị.")
    with ctx.write(f"Đổi tên đơn vị thành {new_name}") as s:
        unit = _active_unit(s, unit_id, "đổi tên")
        old_name = unit.name
        if new_name == old_name:
            raise ValidationError(
                "Tên mới giống hệt tên hiện tại. Nếu chỉ cần sửa lỗi chính tả, hãy dùng “Sửa thông tin”."
            )
        last = s.scalar(select(func.max(UnitName.valid_to)).where(UnitName.unit_id == unit_id))
        since = last + dt.timedelta(days=1) if last is not None else unit.established_on
        if since is not None and day <= since:
            raise ValidationError(
                f"Ngày đổi tên ({_day(day)}) phải sau ngày “{old_name}” bắt đầu dùng tên này ({_day(since)})."
            )
        _check_name_free(s, new_name, unit.parent_id, {unit.id})
        event = _event(
            s,
            UnitEventKind.RENAME,
            day,
            decision_ref,
            note or f"Đổi tên từ “{old_name}” thành “{new_name}”",
            [unit.id],
            [unit.id],
        )
        s.add(
            UnitName(
                unit_id=unit.id,
                name=old_name,
                valid_from=since,
                valid_to=day - dt.timedelta(days=1),
                event_id=event.id,
            )
        )
        unit.name = new_name
        unit.name_folded = fold(new_name)
        if short_name:
            unit.short_name = short_name
        return event.id


@dataclass(frozen=True)
class MergePlan:
    """Sáp nhập (into an existing unit: `into_id`) or hợp nhất (into a new unit: `new_unit`)."""

    absorbed_ids: tuple[int, ...]
    day: dt.date
    decision_ref: str | None = None
    into_id: int | None = None
    new_unit: UnitData | None = None
    new_parent_id: int | None = None  # for a new unit; default: the parent of the first absorbed unit
    note: str | None = None
    # The absorbed unit whose record (ratings, titles) the successor continues; None: it starts afresh
    # (a unit that absorbs others keeps its own record either way).
    continues_id: int | None = None


@dataclass(frozen=True)
class MergeResult:
    event_id: int
    successor_id: int
    moved_staff: int
    moved_units: int  # departments that now sit under the successor


@use_case(Permission.DESK)
def merge_units(ctx: ServiceContext, plan: MergePlan) -> MergeResult:
    """The absorbed units end (MERGED); their staff and active departments go to the successor. The
    successor's verdicts read its own record and, through the event, the one absorbed unit's record the
    clerk says it continues (`continues_id`), if any."""
    absorbed = list(dict.fromkeys(plan.absorbed_ids))
    if (plan.into_id is None) == (plan.new_unit is None):
        raise ValidationError("Hãy chọn đơn vị nhận sáp nhập, hoặc nhập tên đơn vị mới hình thành.")
    if plan.into_id is not None and not absorbed:
        raise ValidationError("Hãy chọn ít nhất một đơn vị được sáp nhập.")
    if plan.new_unit is not None and len(absorbed) < 2:
        raise ValidationError("Hợp nhất thành đơn vị mới cần ít nhất hai đơn vị.")
    if plan.into_id in absorbed:
        raise ValidationError("Đơn vị nhận sáp nhập không thể đồng thời là đơn vị bị sáp nhập.")
    if plan.continues_id is not None and plan.continues_id not in absorbed:
        raise ValidationError("Đơn vị kế thừa hồ sơ thi đua phải là một trong các đơn vị bị sáp nhập.")
    new_data = _tidy(plan.new_unit) if plan.new_unit is not None else None
    with ctx.write("Sáp nhập đơn vị") as s:
        units = [_active_unit(s, uid, "sáp nhập") for uid in absorbed]
        for unit in units:
            _not_root(unit, "sáp nhập vào đơn vị khác")
            _not_before_start(unit, plan.day, "sáp nhập")
            nested = _ancestors(s, unit.id) & set(absorbed)
            if nested:
                above = s.get(Unit, next(iter(nested)))
                raise ValidationError(
                    f"“{unit.name}” thuộc “{above.name}”, cũng đang được chọn. Chỉ chọn đơn "
                    "vị cấp trên: các đơn vị trực thuộc sẽ chuyển theo."
                )
        names = ", ".join(u.name for u in units)
        if plan.into_id is not None:
            target = _active_unit(s, plan.into_id, "nhận sáp nhập")
            why = f"Sáp nhập {names} vào {target.name}"
            _not_before_start(target, plan.day, "sáp nhập")
            inside = _ancestors(s, target.id) & set(absorbed)
            if inside:
                raise ValidationError(
                    f"“{target.name}” nằm trong một đơn vị bị sáp nhập; hãy chọn đơn vị nhận khác."
                )
        else:
            parent_id = plan.new_parent_id if plan.new_parent_id is not None else units[0].parent_id
            if parent_id in absorbed:
                raise ValidationError("Đơn vị cấp trên của đơn vị mới không thể là đơn vị bị hợp nhất.")
            _active_unit(s, parent_id, "nhận đơn vị mới")
            _check_data(s, new_data, None, parent_id, ignore_siblings=absorbed)
            why = f"Hợp nhất {names} thành {new_data.name}"
            s.info["summary"] = why
            target = _new_unit(parent_id, new_data)
            target.established_on = plan.day
            s.add(target)
            s.flush()
        s.info["summary"] = why
        event = _event(
            s,
            UnitEventKind.MERGE,
            plan.day,
            plan.decision_ref,
            clean(plan.note) or why,
            absorbed,
            [target.id],
            plan.continues_id,
        )
        moved_units = _reparent(s, absorbed, target.id)
        moved_staff = _move_staff(s, ctx, absorbed, target.id, plan.day, why)
        for unit in units:
            _end(unit, UnitStatus.MERGED, plan.day)
        return MergeResult(event.id, target.id, moved_staff, moved_units)


@dataclass(frozen=True)
class SplitPart:
    """One unit that comes out of a split, with the departments of the old unit that go to it."""

    data: UnitData
    department_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SplitPlan:
    unit_id: int
    day: dt.date
    parts: tuple[SplitPart, ...]
    decision_ref: str | None = None
    keep_original: bool = False  # tách một phần: the old unit goes on, smaller
    staff_part: int = 0  # which part takes the staff working in the old unit itself (when it ends)
    note: str | None = None
    # Which part continues the old unit's record (ratings, titles); None: every new unit starts afresh.
    # In a partial split the old unit goes on with its own record, so no part continues it.
    continues_part: int | None = None


@dataclass(frozen=True)
class SplitResult:
    event_id: int
    new_unit_ids: tuple[int, ...]
    moved_staff: int
    moved_units: int


@use_case(Permission.DESK)
def split_unit(ctx: ServiceContext, plan: SplitPlan) -> SplitResult:
    """Chia tách into new units (under the old unit's parent); each takes the departments chosen for it.
    A full split ends the old unit (SPLIT) and every department must go somewhere; "tách một phần"
    keeps it. The new units are its successors; the one the clerk names (`continues_part`) continues the
    old unit's record, the others start afresh."""
    parts = [SplitPart(_tidy(p.data), tuple(dict.fromkeys(p.department_ids))) for p in plan.parts]
    least = 1 if plan.keep_original else 2
    if len(parts) < least:
        raise ValidationError(
            "Chia tách cần ít nhất hai đơn vị mới."
            if least == 2
            else "Tách một phần cần ít nhất một đơn vị mới."
        )
    folded = [fold(p.data.name) for p in parts]
    if len(set(folded)) != len(folded):
        raise ValidationError("Các đơn vị mới phải có tên khác nhau.")
    claimed: dict[int, int] = {}
    for n, part in enumerate(parts):
        for dept in part.department_ids:
            if dept in claimed:
                raise ValidationError("Một khoa, phòng chỉ được chuyển về một đơn vị mới.")
            claimed[dept] = n
    if not plan.keep_original and not 0 <= plan.staff_part < len(parts):
        raise ValidationError("Hãy chọn đơn vị mới nhận cán bộ đang làm việc trực tiếp tại đơn vị cũ.")
    if plan.continues_part is not None:
        if plan.keep_original:
            raise ValidationError(
                "Tách một phần: đơn vị cũ tiếp tục hồ sơ thi đua của mình, đơn vị mới bắt đầu hồ sơ mới."
            )
        if not 0 <= plan.continues_part < len(parts):
            raise ValidationError("Đơn vị kế thừa hồ sơ thi đua phải là một trong các đơn vị mới.")
    with ctx.write("Chia tách đơn vị") as s:
        unit = _active_unit(s, plan.unit_id, "chia tách")
        _not_root(unit, "chia tách")
        _not_before_start(unit, plan.day, "chia tách")
        departments = {
            d.id: d
            for d in s.scalars(
                select(Unit).where(Unit.parent_id == unit.id, Unit.status == UnitStatus.ACTIVE)
            )
        }
        stray = set(claimed) - set(departments)
        if stray:
            raise ValidationError(
                "Chỉ chia được các khoa, phòng đang hoạt động trực thuộc đơn vị bị chia tách."
            )
        if not plan.keep_original:
            left = [d.name for d in departments.values() if d.id not in claimed]
            if left:
                raise ValidationError(
                    f"Còn {int_text(len(left))} khoa, phòng chưa chọn đơn vị mới: {', '.join(sorted(left))}. "
                    "Đơn vị cũ chấm dứt hoạt động nên mọi khoa, phòng phải chuyển đi."
                )
        new_names = ", ".join(p.data.name for p in parts)
        why = (
            f"Tách {new_names} từ {unit.name}"
            if plan.keep_original
            else f"Chia tách {unit.name} thành {new_names}"
        )
        s.info["summary"] = why
        ignore = [unit.id] if not plan.keep_original else []
        made: list[Unit] = []
        for part in parts:
            _check_data(s, part.data, None, unit.parent_id, ignore_siblings=ignore)
            new = _new_unit(unit.parent_id, part.data)
            new.established_on = plan.day
            s.add(new)
            made.append(new)
        s.flush()
        successors = [u.id for u in made] + ([unit.id] if plan.keep_original else [])
        event = _event(
            s,
            UnitEventKind.SPLIT,
            plan.day,
            plan.decision_ref,
            clean(plan.note) or why,
            [unit.id],
            successors,
            made[plan.continues_part].id if plan.continues_part is not None else None,
        )
        moved_units = 0
        for n, part in enumerate(parts):
            moved_units += (
                _reparent(s, [unit.id], made[n].id, only=part.department_ids) if part.department_ids else 0
            )
        moved_staff = 0
        if not plan.keep_original:
            moved_staff = _move_staff(s, ctx, [unit.id], made[plan.staff_part].id, plan.day, why)
            _end(unit, UnitStatus.SPLIT, plan.day)
        return SplitResult(event.id, tuple(u.id for u in made), moved_staff, moved_units)


@dataclass(frozen=True)
class DissolveResult:
    event_id: int
    ended_ids: tuple[int, ...]  # the unit and its active sub-units
    moved_staff: int


@use_case(Permission.DESK)
def dissolve_unit(
    ctx: ServiceContext,
    unit_id: int,
    day: dt.date,
    decision_ref: str | None = None,
    move_staff_to: int | None = None,
    note: str | None = None,
) -> DissolveResult:
    """Giải thể: the unit and its active sub-units end. Nobody may be left working in them: their
    staff move to `move_staff_to` in the same transaction, or the dissolution is refused."""
    with ctx.write("Giải thể đơn vị") as s:
        unit = _active_unit(s, unit_id, "giải thể")
        _not_root(unit, "giải thể")
        _not_before_start(unit, day, "giải thể")
        inside = subtree_ids(s, unit.id)
        ending = list(
            s.scalars(
                select(Unit).where(Unit.id.in_(inside), Unit.status == UnitStatus.ACTIVE).order_by(Unit.id)
            )
        )
        staff = _active_staff(s, inside)
        why = f"Giải thể {unit.name}"
        s.info["summary"] = why
        moved = 0
        if staff:
            if move_staff_to is None:
                raise ValidationError(
                    f"“{unit.name}” còn {int_text(len(staff))} cán bộ đang công tác (kể cả ở các khoa, phòng trực thuộc). "
                    "Hãy chuyển họ sang đơn vị khác trước khi giải thể: chọn đơn vị nhận ở mục "
                    "“Chuyển cán bộ sang”."
                )
            if move_staff_to in inside:
                raise ValidationError(
                    "Đơn vị nhận cán bộ không thể là đơn vị bị giải thể hay đơn vị trực thuộc nó."
                )
            receiver = _active_unit(s, move_staff_to, "nhận cán bộ")
            moved = _move_staff(s, ctx, inside, receiver.id, day, f"{why}; chuyển sang {receiver.name}")
        event = _event(
            s, UnitEventKind.DISSOLVE, day, decision_ref, clean(note) or why, [u.id for u in ending], []
        )
        for u in ending:
            _end(u, UnitStatus.DISSOLVED, day)
        return DissolveResult(event.id, tuple(u.id for u in ending), moved)
