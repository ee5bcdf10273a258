"""Staff: the province-wide directory the staff page searches, and importing staff lists.

The directory is loaded once into plain lists (Core rows, not ORM objects) so that search-as-you-type
over 25,000 people is a pass over pre-folded strings, well inside a keystroke's budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select

from app.errors import ValidationError
from app.exchange.roster import MISSING_NAME
from app.services.context import ServiceContext, record_bulk
from app.services.units import add_unit_under_department, guess_unit_kind
from app.text import clean, fold, name_sort_key, proper_case_name
from database.enums import Gender
from database.models import Award, AwardType, Person, Posting, Unit


@dataclass(frozen=True)
class StaffRecord:
    id: int
    full_name: str
    gender: Gender | None
    birth_date: dt.date | None
    birth_year: int | None
    unit_id: int | None
    unit_name: str
    position: str | None
    professional_title: str | None
    ethnicity: str | None

    @property
    def birth_text(self) -> str:
        """dd/mm/yyyy, or the year alone when only the year is known."""
        if self.birth_date:
            return self.birth_date.strftime("%d/%m/%Y")
        return str(self.birth_year) if self.birth_year else ""


@dataclass
class StaffDirectory:
    """Every member of staff in Vietnamese name order, with a folded name for search."""

    records: list[StaffRecord]
    folded: list[str]
    positions: list[str] = field(default_factory=list)

    def search(
        self,
        query: str = "",
        *,
        unit_ids: set[int] | None = None,
        position: str | None = None,
        gender: Gender | None = None,
        birth_from: int | None = None,
        birth_to: int | None = None,
        person_ids: set[int] | None = None,
    ) -> list[int]:
        """Indices of the records that match; every word of the query must occur in the folded name."""
        words = fold(query).split() if query else []
        recs, folded = self.records, self.folded
        if len(words) == 1:
            w = words[0]
            hits = [i for i, f in enumerate(folded) if w in f]
        elif words:
            hits = [i for i, f in enumerate(folded) if all(w in f for w in words)]
        else:
            hits = list(range(len(recs)))
        if unit_ids is not None:
            hits = [i for i in hits if recs[i].unit_id in unit_ids]
        if position:
            hits = [i for i in hits if recs[i].position == position]
        if gender is not None:
            hits = [i for i in hits if recs[i].gender is gender]
        if birth_from is not None or birth_to is not None:
            lo, hi = birth_from or 0, birth_to or 9999
            hits = [i for i in hits if recs[i].birth_year is not None and lo <= recs[i].birth_year <= hi]
        if person_ids is not None:
            hits = [i for i in hits if recs[i].id in person_ids]
        return hits


def load_directory(ctx: ServiceContext, include_left: bool = False) -> StaffDirectory:
    query = (
        select(
            Person.id, Person.full_name, Person.gender, Person.birth_date, Person.birth_year, Person.unit_id,
            func.coalesce(Unit.name, ""), Person.position, Person.professional_title, Person.ethnicity,
            Person.name_folded,
        )
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .order_by(Person.sort_key, Person.id)
    )
    if not include_left:
        query = query.where(Person.left_on.is_(None))
    with ctx.read() as s:
        rows = s.execute(query).all()
    records = [StaffRecord(*r[:10]) for r in rows]
    folded = [r[10] for r in rows]
    positions = sorted({r.position for r in records if r.position}, key=fold)
    return StaffDirectory(records, folded, positions)


def persons_with_award(ctx: ServiceContext, code: str) -> set[int]:
    """For the filter "has award X": everyone who ever received it (revoked ones aside)."""
    with ctx.read() as s:
        return set(s.scalars(
            select(Award.person_id).join(AwardType, AwardType.id == Award.award_type_id)
            .where(AwardType.code == code, Award.person_id.is_not(None), Award.revoked.is_(False))
            .distinct()
        ))


# --- importing staff lists -------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomingPerson:
    """One person read from a list (an Excel row, a package ...), before it is written."""

    row: int
    full_name: str | None
    gender: str | None = None  # "MALE" / "FEMALE"
    birth_date: dt.date | None = None
    birth_year: int | None = None
    position: str | None = None
    professional_title: str | None = None
    department: str | None = None  # khoa/phòng inside the unit
    ethnicity: str | None = None
    phone: str | None = None
    health_sector_since: dt.date | None = None
    note: str | None = None
    problems: tuple[str, ...] = ()

    @property
    def birth_key(self) -> str:
        if self.birth_date:
            return self.birth_date.isoformat()
        return str(self.birth_year) if self.birth_year else ""


@dataclass(frozen=True)
class Duplicate:
    person: IncomingPerson
    existing_id: int | None  # None: the same person appears earlier in the same file
    existing_unit: str | None


@dataclass
class ImportPlan:
    unit_id: int | None  # None while the unit is still to be created (a dry run with --create-unit)
    unit_name: str
    new: list[IncomingPerson]
    duplicates: list[Duplicate]
    errors: list[tuple[int, str]]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped: int
    departments_created: int


def person_key(full_name: str, birth_key: str) -> tuple[str, str]:
    """Who counts as the same person: folded name and birth date (or year when only that is known)."""
    return fold(full_name), birth_key


def _tidy(p: IncomingPerson) -> IncomingPerson:
    name = clean(p.full_name)
    return IncomingPerson(
        row=p.row, full_name=proper_case_name(name) if name else None, gender=p.gender,
        birth_date=p.birth_date, birth_year=p.birth_date.year if p.birth_date else p.birth_year,
        position=clean(p.position), professional_title=clean(p.professional_title),
        department=clean(p.department), ethnicity=clean(p.ethnicity), phone=clean(p.phone),
        health_sector_since=p.health_sector_since, note=clean(p.note), problems=p.problems,
    )


def plan_staff_import(
    ctx: ServiceContext, people: Sequence[IncomingPerson], unit_id: int | None, unit_name: str | None = None
) -> ImportPlan:
    """Sort rows into new people, duplicates (in the file or in the database) and errors. Writes nothing."""
    people = [_tidy(p) for p in people]
    with ctx.read() as s:
        if unit_id is not None:
            unit_name = s.scalar(select(Unit.name).where(Unit.id == unit_id))
        if unit_name is None:
            raise ValidationError("Không tìm thấy đơn vị nhận danh sách.")
        existing: dict[tuple[str, str], tuple[int, str]] = {}
        for pid, folded, bdate, byear, uname in s.execute(
            select(Person.id, Person.name_folded, Person.birth_date, Person.birth_year, Unit.name)
            .outerjoin(Unit, Unit.id == Person.unit_id)
        ):
            key = (folded, bdate.isoformat() if bdate else str(byear or ""))
            existing.setdefault(key, (pid, uname))
    plan = ImportPlan(unit_id, unit_name, [], [], [])
    seen: set[tuple[str, str]] = set()
    for p in people:
        problems = list(p.problems)
        if not p.full_name and MISSING_NAME not in problems:
            problems.append(MISSING_NAME)
        if problems:
            plan.errors.extend((p.row, message) for message in problems)
            continue
        key = person_key(p.full_name, p.birth_key)
        if key in seen:
            plan.duplicates.append(Duplicate(p, None, None))
        elif key in existing:
            pid, uname = existing[key]
            plan.duplicates.append(Duplicate(p, pid, uname))
        else:
            plan.new.append(p)
        seen.add(key)
    return plan


def apply_staff_import(
    ctx: ServiceContext,
    plan: ImportPlan,
    *,
    update_duplicates: bool = False,
    skip_rows: Iterable[int] = (),
    source: str = "",
) -> ImportResult:
    """Write the plan in one transaction: all of it, or (on any error) nothing."""
    if plan.errors:
        raise ValidationError(f"Danh sách còn {len(plan.errors)} lỗi; hãy sửa hoặc bỏ các dòng lỗi trước khi nhập.")
    skip = set(skip_rows)
    new = [p for p in plan.new if p.row not in skip]
    updates = [d for d in plan.duplicates if d.existing_id and update_duplicates and d.person.row not in skip]
    with ctx.write(f"Nhập danh sách cán bộ {source}".strip()) as s:
        if plan.unit_id is None:  # a new unit, created in the same transaction as its staff
            plan.unit_id = add_unit_under_department(s, plan.unit_name)
        departments = dict(s.execute(
            select(Unit.name_folded, Unit.id).where(Unit.parent_id == plan.unit_id)
        ).all())
        created_departments = 0
        for name in sorted({p.department for p in new + [d.person for d in updates] if p.department}):
            if fold(name) not in departments and fold(name) != fold(plan.unit_name):
                dept = Unit(name=name, name_folded=fold(name), kind=guess_unit_kind(name), parent_id=plan.unit_id)
                s.add(dept)
                s.flush()
                departments[fold(name)] = dept.id
                created_departments += 1

        def unit_of(p: IncomingPerson) -> int:
            return departments.get(fold(p.department), plan.unit_id) if p.department else plan.unit_id

        if new:
            rows = [
                {
                    "full_name": p.full_name, "name_folded": fold(p.full_name), "sort_key": name_sort_key(p.full_name),
                    "gender": Gender(p.gender) if p.gender else None, "birth_date": p.birth_date,
                    "birth_year": p.birth_year, "unit_id": unit_of(p), "position": p.position,
                    "professional_title": p.professional_title, "ethnicity": p.ethnicity, "phone": p.phone,
                    "health_sector_since": p.health_sector_since, "note": p.note,
                }
                for p in new
            ]
            ids = s.scalars(insert(Person).returning(Person.id, sort_by_parameter_order=True), rows).all()
            s.execute(insert(Posting), [
                {"person_id": pid, "unit_id": r["unit_id"], "position": r["position"],
                 "professional_title": r["professional_title"]}
                for pid, r in zip(ids, rows, strict=True)
            ])
            record_bulk(s, ctx.actor, "import", "person", f"Nhập {len(ids)} cán bộ vào {plan.unit_name} {source}".strip(),
                        {"person_ids": list(ids), "unit_id": plan.unit_id})
        for d in updates:
            # Through the ORM, so each updated person gets its own audit row with before/after.
            person = s.get(Person, d.existing_id)
            p = d.person
            values = {"gender": Gender(p.gender) if p.gender else person.gender, "unit_id": unit_of(p),
                      "position": p.position or person.position,
                      "professional_title": p.professional_title or person.professional_title,
                      "ethnicity": p.ethnicity or person.ethnicity}
            if p.birth_date and not person.birth_date:
                values["birth_date"] = p.birth_date
            for key, value in values.items():
                if getattr(person, key) != value:
                    setattr(person, key, value)
    return ImportResult(len(new), len(updates), len(plan.duplicates) - len(updates), created_departments)



# --- search as you type ----------------------------------------------------------------------------


class StaffSearch:
    """Search-as-you-type over a directory: the filters run once, each keystroke narrows what is left.

    `set_filters(...)` takes the keyword filters of StaffDirectory.search, and optionally the order to
    list people in (indices into the directory, e.g. sorted by unit; default: the directory's
    Vietnamese name order). `find(query)` returns the indices `directory.search(query, **filters)`
    returns, in that order. A query that extends the previous one (the clerk typed one more letter)
    only looks at the previous hits, so a keystroke costs a pass over a shrinking list instead of over
    the whole province, and the order never has to be sorted again.
    """

    def __init__(self, directory: StaffDirectory):
        self.directory = directory
        self._base = list(range(len(directory.records)))
        self._last: tuple[str, list[int]] = ("", self._base)

    def set_filters(self, order: list[int] | None = None, **filters) -> None:
        active = any(v is not None and v != "" for v in filters.values())
        if order is None:
            base = self.directory.search("", **filters) if active else list(range(len(self.directory.records)))
        elif active:
            allowed = set(self.directory.search("", **filters))
            base = [i for i in order if i in allowed]
        else:
            base = list(order)
        self._base = base
        self._last = ("", base)

    def find(self, query: str) -> list[int]:
        text = " ".join(fold(query).split()) if query else ""
        previous, previous_hits = self._last
        # Every word of the previous query is a word, or the start of a word, of this one: its hits
        # can only be fewer. Anything else (a deleted letter, a pasted name) starts from the filters.
        hits = previous_hits if text.startswith(previous) else self._base
        if text != previous:
            folded = self.directory.folded
            for word in text.split():
                hits = [i for i in hits if word in folded[i]]
        self._last = (text, hits)
        return hits
