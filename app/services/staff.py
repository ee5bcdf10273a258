"""Staff: the province-wide directory the staff page searches, and importing staff lists.

The directory is loaded once into plain lists (Core rows, not ORM objects) so that search-as-you-type
over 25,000 people is a pass over pre-folded strings, well inside a keystroke's budget.
"""

from __future__ import annotations

import datetime as dt
import difflib
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from sqlalchemy import String, func, insert, select, type_coerce
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import UserError, ValidationError
from app.exchange.roster import FORMULA_NO_VALUE, MISSING_NAME
from app.services.context import ServiceContext, record_bulk
from app.services.limits import limit_of, too_long
from app.services.units import add_unit_under_department, guess_unit_kind, subtree_ids
from app.text import birth_text, clean, fold, name_sort_key, proper_case_name
from app.text.identity import NameIndex, find, name_identity, same_birth, same_words
from app.text.numbers import int_text
from database.bulk import insert_rows_returning_ids, one_of, plain_rows
from database.enums import Gender
from database.models import Award, AwardType, Person, Posting, Unit
from database.models.base import utcnow


class StaffRecord(NamedTuple):
    """One member of staff as the lists show them (a tuple: cheap to make from the driver's row)."""

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
        return birth_text(self.birth_date, self.birth_year)


class _Rows(Sequence[StaffRecord]):
    """The directory's records as the driver read them, each made a StaffRecord when it is asked for (a row
    shown, exported, picked): making 100,000 of them at every load cost a third of the Cán bộ page's first
    click, and most are never looked at (all of them, once asked for together: a sort by a column, are kept,
    as they were before). A row (`_ROW`) holds what a search filters on at its own place, what is only
    shown as one text (at `_SHOWN_AT`), then the folded name and the sort key."""

    def __init__(self, rows: list[tuple], unit_name: Callable[[int | None, str], str]):
        self.rows = rows
        self._unit_name = unit_name
        self._dates = _Dates()
        self._all: list[StaffRecord] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        if self._all is not None:
            return self._all[index]
        if isinstance(index, slice):
            return [self._record(r) for r in self.rows[index]]
        return self._record(self.rows[index])

    def __iter__(self) -> Iterator[StaffRecord]:
        # Every record (a sort by a column, an export, a dialog's list): made once, then kept.
        if self._all is None:
            self._all = list(map(self._record, self.rows))
        return iter(self._all)

    def _record(self, r: tuple) -> StaffRecord:
        name, birth, title, ethnicity = r[_SHOWN_AT].split(_SEP)
        return tuple.__new__(
            StaffRecord,
            (
                r[0],
                name,
                _GENDERS.get(r[1]),
                self._dates[birth],
                r[2],
                r[3],
                self._unit_name(r[3], ""),
                r[4],
                None if title == _NULL else title,
                None if ethnicity == _NULL else ethnicity,
            ),
        )


class _Places(NamedTuple):
    """Where StaffDirectory.search finds a field: in a driver's row, or in a StaffRecord."""

    id: int
    gender: int
    birth_year: int
    unit_id: int
    position: int


_ROW = _Places(0, 1, 2, 3, 4)
_RECORD = _Places(0, 2, 4, 5, 7)
# What a row only shows, in one text: full name, birth day (or nothing), title, ethnicity. Three objects a
# row fewer: 85 → 63 MiB at 91,583 staff, read as fast. A missing title or ethnicity is _NULL.
_SEP, _NULL = "\x1f", "\x01"
_SHOWN_AT, _FOLDED_AT, _SORT_KEY_AT = 5, 6, 7


@dataclass
class StaffDirectory:
    """Every member of staff in Vietnamese name order, with a folded name for search."""

    records: Sequence[StaffRecord]
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
    ) -> Sequence[int]:
        """Indices of the records that match; every word of the query must occur in the folded name."""
        words = fold(query).split() if query else []
        folded = self.folded
        # The fields by their place (`_Places`): in the driver's rows, or in records (no record made).
        recs, at = (self.records.rows, _ROW) if isinstance(self.records, _Rows) else (self.records, _RECORD)
        if len(words) == 1:
            w = words[0]
            hits = [i for i, f in enumerate(folded) if w in f]
        elif words:
            hits = [i for i, f in enumerate(folded) if all(w in f for w in words)]
        else:
            hits = range(len(recs))  # (a list of a hundred thousand ints: 3.5 MiB)
        if unit_ids is not None:
            u = at.unit_id
            hits = [i for i in hits if recs[i][u] in unit_ids]
        if position:
            p = at.position
            hits = [i for i in hits if recs[i][p] == position]
        if gender is not None:
            wanted = {gender, gender.value[0]}  # a record's Gender or a row's one-letter code
            g = at.gender
            hits = [i for i in hits if recs[i][g] in wanted]
        if birth_from is not None or birth_to is not None:
            lo, hi = birth_from or 0, birth_to or 9999
            y = at.birth_year
            hits = [i for i in hits if (b := recs[i][y]) is not None and lo <= b <= hi]
        if person_ids is not None:
            k = at.id
            hits = [i for i in hits if recs[i][k] in person_ids]
        return hits


_GENDERS = {g.value[0]: g for g in Gender}  # a directory row's one-letter code → the Gender


class _Dates(dict):
    """A day's text (YYYY-MM-DD, or empty) → the date, each text read once."""

    def __missing__(self, value: str) -> dt.date | None:
        date = dt.date.fromisoformat(value) if value else None
        self[value] = date
        return date


def _packed(texts: Iterable[str]) -> list[str]:
    """The same strings made again one after the other in memory, in the list's order. Read by the driver
    row by row, then sorted, a name's folded text lies among its row's other values: a search's pass over
    every name then waits on memory at each one (40 ms at 100,000 staff instead of 7)."""
    texts = list(texts)
    packed = "\n".join(texts).split("\n")
    return packed if len(packed) == len(texts) else texts  # (a text holding a line break: as it is)


def load_directory(ctx: ServiceContext, include_left: bool = False) -> StaffDirectory:
    """Every member of staff (100,000 in a province after the mergers): the rows as the driver gives them
    (plain tuples: no Row objects, no type processing), read in the table's order and sorted by name here,
    which is twice as fast as reading them in the name index's order, and kept as they are: a record is
    made of its row when asked for (_Rows). The units' names come from their own few hundred rows, one
    string each, not one a row. Whatever is taken of every row is taken in C (itemgetter, set, join)."""
    with ctx.read() as s:
        # by id, on SQLite the table's own order: sorted by name below
        rows, unit_name = _read_rows(s.connection(), Person.id, include_left=include_left)
    rows.sort(key=operator.itemgetter(_SORT_KEY_AT))  # by Person.sort_key (stable: then by id), as lists show
    folded = _packed(map(operator.itemgetter(_FOLDED_AT), rows))
    positions = set(map(operator.itemgetter(_ROW.position), rows))
    positions.discard(None)
    positions.discard("")
    return StaffDirectory(_Rows(rows, unit_name), folded, sorted(positions, key=fold))


def load_first_records(ctx: ServiceContext, limit: int) -> list[StaffRecord]:
    """The directory's first `limit` records, in its order (load_directory(ctx).records[:limit]): what the
    Cán bộ page shows while the whole directory is read. Read along the sort key's index, a LIMIT read takes
    a millisecond where the whole directory takes 300."""
    with ctx.read() as s:
        rows, unit_name = _read_rows(s.connection(), Person.sort_key, Person.id, limit=limit)
    return list(_Rows(rows, unit_name))


def _read_rows(
    connection, *order_by, include_left: bool = False, limit: int | None = None
) -> tuple[list[tuple], Callable[[int | None, str], str]]:
    """The directory's rows as the driver gives them (`_ROW`'s fields, the shown text, the folded name, the
    sort key), in `order_by`, the first `limit` of them (None: all), and the units' names by id."""
    birth = (  # the day as text on both (SQLite keeps it so)
        func.to_char(Person.birth_date, "YYYY-MM-DD")
        if connection.dialect.name == "postgresql"
        else Person.birth_date
    )

    def text(column, missing: str):
        return type_coerce(func.coalesce(column, missing), String)

    shown = (
        type_coerce(Person.full_name, String)
        .concat(_SEP)
        .concat(text(birth, ""))
        .concat(_SEP)
        .concat(text(Person.professional_title, _NULL))
        .concat(_SEP)
        .concat(text(Person.ethnicity, _NULL))
    )
    # The gender as "M"/"F": a one-letter text is one shared object, where "FEMALE" is one a row.
    query = select(
        Person.id,
        func.substr(Person.gender, 1, 1),
        Person.birth_year,
        Person.unit_id,
        Person.position,
        shown,
        Person.name_folded,
        Person.sort_key,
    )
    if not include_left:
        query = query.where(Person.left_on.is_(None))
    unit_name = dict(plain_rows(connection, select(Unit.id, Unit.name))).get
    rows = plain_rows(connection, query.order_by(*order_by).limit(limit))
    shown_texts = map(operator.itemgetter(_SHOWN_AT), rows)
    if sum(map(operator.methodcaller("count", _SEP), shown_texts)) != 3 * len(rows):
        # a field holding the separator (a control character: clean() makes it a space), read by hand
        rows = _mended(connection, rows, [r for r in rows if r[_SHOWN_AT].count(_SEP) != 3])
    return rows, unit_name


def _mended(connection, rows: list[tuple], odd: list[tuple]) -> list[tuple]:
    """`rows` with each `odd` one's shown text made again from its fields, the separator in them a space."""
    columns = (Person.id, Person.full_name, Person.birth_date, Person.professional_title, Person.ethnicity)
    wanted = select(*columns).where(Person.id.in_([r[0] for r in odd]))
    fields = {r[0]: r[1:] for r in connection.execute(wanted)}
    mended: dict[int, tuple | None] = {}
    for r in odd:
        if r[0] not in fields:  # gone since the first read (another clerk, on a server)
            mended[r[0]] = None
            continue
        name, birth, title, ethnicity = fields[r[0]]
        parts = [
            name,
            str(birth or ""),
            _NULL if title is None else title,
            _NULL if ethnicity is None else ethnicity,
        ]
        text = _SEP.join(p.replace(_SEP, " ") for p in parts)
        mended[r[0]] = (*r[:_SHOWN_AT], text, *r[_SHOWN_AT + 1 :])
    return [m for r in rows if (m := mended.get(r[0], r)) is not None]


def persons_with_award(ctx: ServiceContext, code: str) -> set[int]:
    """For the filter "has award X": everyone who ever received it (revoked ones aside)."""
    with ctx.read() as s:
        return set(
            s.scalars(
                select(Award.person_id)
                .join(AwardType, AwardType.id == Award.award_type_id)
                .where(AwardType.code == code, Award.person_id.is_not(None), Award.revoked.is_(False))
                .distinct()
            )
        )


# --- importing staff lists -------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomingPerson:
    """One person read from a list (an Excel row, a package ...), before it is written."""

    row: int
    full_name: str | None
    gender: str | None = None  # "MALE" / "FEMALE"
    birth_date: dt.date | None = None
    birth_year: int | None = None
    staff_code: str | None = None  # mã cán bộ: the next key after name and birth for namesakes
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


_INCOMING_FIELDS = operator.attrgetter(*[f.name for f in fields(IncomingPerson)])


def incoming_people(rows: Iterable) -> list[IncomingPerson]:
    """IncomingPersons from rows that carry the same fields (app.exchange.roster.PersonRow)."""
    return [IncomingPerson(*_INCOMING_FIELDS(r)) for r in rows]


class Known(NamedTuple):
    """Someone already in the database, as an import sees them."""

    id: int
    full_name: str
    birth: str  # the date, or the year when only that is known (IncomingPerson.birth_key)
    unit_id: int | None
    unit_name: str | None
    position: str | None
    staff_code: str | None = None


@dataclass(frozen=True)
class Duplicate:
    person: IncomingPerson
    existing_id: int | None  # None: the same person appears earlier in the same file
    existing_unit: str | None
    first_row: int | None = None  # the earlier row of the file, for a duplicate within the file
    existing_unit_id: int | None = None


@dataclass(frozen=True)
class Review:
    """A row nobody can match for sure; nothing is written for it until a clerk decides.

    probable: the name has no marks (or the one in the database has none) and folds to these people;
    otherwise several people in the database share this exact name and birth and nothing in the row
    tells them apart."""

    person: IncomingPerson
    candidates: tuple[Known, ...]
    probable: bool

    @property
    def acceptable(self) -> bool:
        """One probable person: a clerk (or --accept-probable) may take the row as that person."""
        return self.probable and len(self.candidates) == 1


@dataclass
class ImportPlan:
    unit_id: int | None  # None while the unit is still to be created (a dry run with --create-unit)
    unit_name: str
    new: list[IncomingPerson]
    duplicates: list[Duplicate]
    errors: list[tuple[int, str]]
    review: list[Review] = field(default_factory=list)
    departments: list[DepartmentMatch] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped: int
    departments_created: int
    left_for_review: int = 0  # rows nobody decided on: not written


@dataclass(frozen=True)
class ImportTarget:
    """What a list is checked against: the receiving unit and everyone already in the database."""

    unit_id: int | None
    unit_name: str
    people: NameIndex[Known]
    home: frozenset[int] = frozenset()  # the receiving unit and everything under it
    departments: tuple[tuple[int, str], ...] = ()  # (id, name) of the khoa/phòng directly under the unit


# --- the file's khoa/phòng against the unit's ------------------------------------------------------
# A department decision (what the clerk chose for one khoa/phòng of the file), keyed by the file's name:
#   an int     the existing unit it goes to (one of the unit's departments, or the unit itself);
#   a str      the department to create under that name: the file's own name, or another file name the
#              clerk merged it into (which is then resolved by that name's own decision);
#   None       no department: the people go into the unit itself.
DepartmentDecision = int | str | None

EXACT, FOLDED, UNIT, NEAR, NEW = "exact", "folded", "unit", "near", "new"
_NEAR_RATIO = 0.8
_GENERIC_WORDS = frozenset({"khoa", "phong", "to", "ban", "tram", "doi", "trung", "tam", "bo", "phan"})


@dataclass(frozen=True)
class DepartmentMatch:
    """One khoa/phòng named in the file and what it matches under the receiving unit.

    kind: EXACT (the same name), FOLDED (the same once marks and case are set aside), UNIT (the unit's own
    name: no department), NEAR (only look-alikes: proposed, never taken without the clerk), NEW (nothing
    alike). ``near`` lists look-alike existing departments, best first; ``near_in_file`` other names of the
    same file that look alike (near duplicates: probably one department written two ways)."""

    name: str
    people: int
    kind: str
    unit_id: int | None = None
    near: tuple[tuple[int, str], ...] = ()
    near_in_file: tuple[str, ...] = ()

    @property
    def decided(self) -> bool:
        """Matched for sure: the rows go to an existing department (or the unit) without asking."""
        return self.kind in (EXACT, FOLDED, UNIT)


def _words(folded: str) -> set[str]:
    return {w for w in folded.split() if w not in _GENERIC_WORDS}


def near_names(a: str, b: str) -> bool:
    """Two department names that probably mean the same khoa/phòng (compared folded): spelled nearly
    alike, or one's own words all inside the other's ("Khoa Nội" and "Khoa Nội tổng hợp")."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return False
    wa, wb = _words(fa), _words(fb)
    if wa and wb and (wa <= wb or wb <= wa):
        return True
    # Spelling compared on the words that name the department: "Khoa Nhi" and "Khoa Nội" differ.
    sa = " ".join(w for w in fa.split() if w in wa) or fa
    sb = " ".join(w for w in fb.split() if w in wb) or fb
    return difflib.SequenceMatcher(None, sa, sb).ratio() >= _NEAR_RATIO


def match_departments(
    unit_name: str, existing: Sequence[tuple[int, str]], names: Iterable[str], unit_id: int | None = None
) -> list[DepartmentMatch]:
    """Each khoa/phòng of the file (with how many rows name it), matched to the unit's departments."""
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for name in names:
        key = fold(name)
        spelling.setdefault(key, name)
        counts[key] = counts.get(key, 0) + 1
    exact = {name: uid for uid, name in existing}
    folded = {fold(name): uid for uid, name in existing}
    out = []
    for key, name in sorted(spelling.items(), key=lambda kv: kv[1]):
        near = tuple(sorted(
            ((uid, n) for uid, n in existing if near_names(name, n)),
            key=lambda item: -difflib.SequenceMatcher(None, key, fold(item[1])).ratio(),
        ))  # fmt: skip
        in_file = tuple(
            other for k, other in sorted(spelling.items()) if k != key and near_names(name, other)
        )
        if name in exact:
            kind, uid = EXACT, exact[name]
        elif key in folded:
            kind, uid = FOLDED, folded[key]
        elif key == fold(unit_name):
            kind, uid = UNIT, unit_id
        else:
            kind, uid = (NEAR if near else NEW), None
        out.append(DepartmentMatch(name, counts[key], kind, uid, near, in_file))
    return out


def resolve_departments(
    matches: Sequence[DepartmentMatch],
    decisions: Mapping[str, DepartmentDecision] | None,
    create_new: bool = False,
) -> tuple[dict[str, DepartmentDecision], list[str]]:
    """folded file name -> an existing unit id, a name to create, or None; and the file names nobody
    decided on. The clerk's decisions first, then the sure matches; ``create_new`` (the command line's
    --create-departments) creates every other one under its own name."""
    chosen = {fold(k): v for k, v in (decisions or {}).items()}
    first: dict[str, DepartmentDecision] = {}
    pending = []
    for m in matches:
        key = fold(m.name)
        if key in chosen:
            first[key] = chosen[key]
        elif m.decided:
            first[key] = m.unit_id
        elif create_new:
            first[key] = m.name
        else:
            pending.append(m.name)
    waiting = {fold(n) for n in pending}
    resolved: dict[str, DepartmentDecision] = {}
    for key, value in first.items():
        if isinstance(value, str) and fold(value) in waiting:  # merged into a name nobody decided on
            pending.append(next(m.name for m in matches if fold(m.name) == key))
            continue
        seen = {key}
        while isinstance(value, str) and fold(value) in first and fold(value) not in seen:
            seen.add(fold(value))  # merged into another name of the file: that name's decision
            nxt = first[fold(value)]
            if isinstance(nxt, str) and fold(nxt) == fold(value):
                break  # that name is created under its own name
            value = nxt
        resolved[key] = value
    return resolved, pending


def pending_text(pending: Sequence[str]) -> str:
    names = ", ".join(f"“{n}”" for n in pending)
    return (
        f"Khoa, phòng chưa có trong đơn vị: {names}. Hãy chọn khoa, phòng đã có để đưa vào, gộp với tên khác "
        "trong tệp, hoặc cho phép tạo mới; chưa có gì được ghi."
    )


class ImportCancelled(UserError):
    def __init__(self):
        super().__init__("Đã hủy nhập danh sách; chưa có cán bộ nào được ghi vào cơ sở dữ liệu.")


def person_key(full_name: str, birth_key: str) -> tuple[str, str]:
    """Who is surely the same person: the exact name (marks and all, app.text.identity) and the birth date
    (or year when only that is known)."""
    return name_identity(full_name), birth_key


def _memo(convert: Callable[[str], str | None]) -> Callable[[str | None], str | None]:
    """``convert`` with a cache, None passed through: a list repeats its positions, departments ..."""
    cache: dict[str, str | None] = {}

    def get(value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = convert(value)
            return result

    return get


def _tidy_all(people: Sequence[IncomingPerson]) -> list[IncomingPerson]:
    """NFC and clean every text field, each different value once."""
    text = _memo(clean)
    name = _memo(lambda value: proper_case_name(value) or None)  # proper_case_name cleans as well
    tidy = []
    for p in people:
        values = (
            p.row,
            name(p.full_name),
            p.gender,
            p.birth_date,
            p.birth_date.year if p.birth_date else p.birth_year,
            text(p.staff_code),
            text(p.position),
            text(p.professional_title),
            text(p.department),
            text(p.ethnicity),
            text(p.phone),
            p.health_sector_since,
            text(p.note),
            p.problems,
        )
        # A row read by app.exchange.roster is clean already: keep it rather than build it again.
        tidy.append(p if values == _INCOMING_FIELDS(p) else IncomingPerson(*values))
    return tidy


def load_import_target(
    ctx: ServiceContext, unit_id: int | None, unit_name: str | None = None, names: Iterable[str] | None = None
) -> ImportTarget:
    """The receiving unit (by id, or by name while it is still to be created) and who exists already: with
    `names` (the list's), only the people a name of the list can match, exactly or probably (the same
    folded name, by the name_folded index), not the whole province."""
    with ctx.read() as s:
        if unit_id is not None:
            unit_name = s.scalar(select(Unit.name).where(Unit.id == unit_id))
        if unit_name is None:
            raise ValidationError("Không tìm thấy đơn vị nhận danh sách.")
        known = (
            select(
                Person.id,
                Person.full_name,
                Person.birth_date,
                Person.birth_year,
                Unit.name,
                Person.unit_id,
                Person.position,
                Person.staff_code,
            )
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .order_by(Person.id)
        )
        if names is None:
            rows = s.execute(known).all()
        else:
            folded = sorted({fold(name_identity(n)) for n in names if n})
            rows = sorted(
                (
                    row
                    for part in _chunks(folded)
                    for row in s.execute(known.where(Person.name_folded.in_(part)))
                ),
                key=operator.itemgetter(0),
            )
        people: NameIndex[Known] = NameIndex()
        for pid, name, bdate, byear, uname, uid, position, code in rows:
            birth = bdate.isoformat() if bdate else str(byear or "")
            people.add(name, Known(pid, name, birth, uid, uname, position, code))
        home = frozenset(subtree_ids(s, unit_id)) if unit_id is not None else frozenset()
        departments: tuple[tuple[int, str], ...] = ()
        if unit_id is not None:
            departments = tuple(
                (uid, name)
                for uid, name in s.execute(
                    select(Unit.id, Unit.name).where(Unit.parent_id == unit_id).order_by(Unit.name, Unit.id)
                )
            )
    return ImportTarget(unit_id, unit_name, people, home, departments)


# Columns a staff list fills, with the words a clerk knows them by: a longer value is refused per row
# (PostgreSQL would refuse the whole list with a raw error).
_LIMITED = tuple(
    (name, label, limit_of(column))
    for name, label, column in (
        ("full_name", "Họ và tên", Person.full_name),
        ("staff_code", "Mã cán bộ", Person.staff_code),
        ("position", "Chức vụ", Person.position),
        ("professional_title", "Chức danh nghề nghiệp", Person.professional_title),
        ("department", "Khoa, phòng", Unit.name),
        ("ethnicity", "Dân tộc", Person.ethnicity),
        ("phone", "Số điện thoại", Person.phone),
    )
)
_LIMITED_VALUES = operator.attrgetter(*[name for name, _, _ in _LIMITED])


def _match(target: ImportTarget, p: IncomingPerson) -> Known | Review | None:
    """The person a row names: one Known, a Review for a clerk, or None for someone new."""
    # Two people sharing name and birth exactly: the next keys the list carries tell them apart.
    same, probable = find(
        target.people,
        p.full_name,
        lambda known: same_birth(known, p.birth_key),
        lambda k: same_words(k.staff_code, p.staff_code),
        lambda k: k.unit_id in target.home,
        lambda k: same_words(k.position, p.position),
    )
    if len(same) == 1:
        return same[0]
    if same:
        return Review(p, tuple(same), probable=False)
    return Review(p, tuple(probable), probable=True) if probable else None


def plan_against(target: ImportTarget, people: Sequence[IncomingPerson]) -> ImportPlan:
    """Sort rows into new people, duplicates (in the file or in the database), rows for a clerk to review
    and errors. Pure."""
    plan = ImportPlan(target.unit_id, target.unit_name, [], [], [])
    first: dict[tuple[str, str], int] = {}
    for p in _tidy_all(people):
        problems = p.problems
        if not p.full_name and not any(MISSING_NAME in m or FORMULA_NO_VALUE in m for m in problems):
            problems += (MISSING_NAME,)
        for value, (_, label, limit) in zip(_LIMITED_VALUES(p), _LIMITED, strict=True):
            if value is not None and len(value) > limit:
                problems += (too_long(label, value, limit),)
        if problems:
            plan.errors.extend((p.row, message) for message in problems)
            continue
        key = person_key(p.full_name, p.birth_key)
        if key in first:
            plan.duplicates.append(Duplicate(p, None, None, first[key]))
            continue
        found = _match(target, p)
        if isinstance(found, Review):  # each unsure row is the clerk's to decide, even a repeated one
            plan.review.append(found)
            continue
        first[key] = p.row
        if found is None:
            plan.new.append(p)
        else:
            plan.duplicates.append(Duplicate(p, found.id, found.unit_name, existing_unit_id=found.unit_id))
    listed = plan.new + [d.person for d in plan.duplicates] + [r.person for r in plan.review]
    plan.departments = match_departments(
        target.unit_name, target.departments, [p.department for p in listed if p.department], target.unit_id
    )
    return plan


def decide_reviews(
    plan: ImportPlan, same: Mapping[int, int] | None = None, new: Iterable[int] = ()
) -> ImportPlan:
    """The plan after a clerk's decisions on the rows for review: `same` maps an Excel row to the person
    (one of its candidates) it is, which makes it a duplicate of that person; `new` lists rows of someone
    new. Rows left undecided stay for review and are not written."""
    same, new = same or {}, set(new)
    decided = ImportPlan(
        plan.unit_id,
        plan.unit_name,
        list(plan.new),
        list(plan.duplicates),
        list(plan.errors),
        departments=list(plan.departments),
    )
    for r in plan.review:
        row = r.person.row
        k = next((k for k in r.candidates if k.id == same.get(row)), None)
        if k is not None:
            decided.duplicates.append(Duplicate(r.person, k.id, k.unit_name, existing_unit_id=k.unit_id))
        elif row in new:
            decided.new.append(r.person)
        else:
            decided.review.append(r)
    decided.new.sort(key=lambda p: p.row)  # the order of the list, for the audit and the report
    decided.duplicates.sort(key=lambda d: d.person.row)
    return decided


def plan_staff_import(
    ctx: ServiceContext, people: Sequence[IncomingPerson], unit_id: int | None, unit_name: str | None = None
) -> ImportPlan:
    """Sort rows into new people, duplicates (in the file or in the database) and errors. Writes nothing."""
    return plan_against(load_import_target(ctx, unit_id, unit_name, [p.full_name for p in people]), people)


_CHUNK = 500  # rows per statement: progress and Cancel are looked at between chunks


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@use_case(Permission.DESK)
def apply_staff_import(
    ctx: ServiceContext,
    plan: ImportPlan,
    *,
    update_duplicates: bool = False,
    skip_rows: Iterable[int] = (),
    source: str = "",
    departments: Mapping[str, DepartmentDecision] | None = None,
    create_departments: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Write the plan in one transaction: all of it, or (on any error, or when cancelled) nothing.

    ``departments`` carries the clerk's decision for each khoa/phòng of the file (DepartmentDecision); a
    department that is neither decided on nor surely matched (exact or folded name) refuses the whole
    list, unless ``create_departments`` allows creating it under its own name. Nothing is created else."""
    if plan.errors:
        raise ValidationError(
            f"Danh sách còn {int_text(len(plan.errors))} lỗi; hãy sửa hoặc bỏ các dòng lỗi trước khi nhập."
        )
    skip = set(skip_rows)
    new = [p for p in plan.new if p.row not in skip]
    updates = [d for d in plan.duplicates if d.existing_id and update_duplicates and d.person.row not in skip]
    written = {fold(p.department) for p in new + [d.person for d in updates] if p.department}
    resolved, pending = resolve_departments(
        [m for m in plan.departments if fold(m.name) in written], departments, create_departments
    )
    if pending:
        raise ValidationError(pending_text(pending))
    total = len(new) + len(updates)
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if cancelled is not None and cancelled():
            raise ImportCancelled()  # inside the transaction: it is rolled back
        if progress is not None:
            progress(done, total)

    # A locked database or a full disk comes out of ctx.write as a Vietnamese UserError (app.refusals).
    with ctx.write(f"Nhập danh sách cán bộ {source}".strip()) as s:
        created_departments = _write_import(s, ctx.actor, plan, new, updates, source, step, resolved)
        step(0)  # the last look at Cancel, just before the commit
    return ImportResult(
        len(new), len(updates), len(plan.duplicates) - len(updates), created_departments, len(plan.review)
    )


def import_staff(
    ctx: ServiceContext,
    people: Sequence[IncomingPerson],
    unit_id: int,
    same: Mapping[int, int],
    new: Iterable[int],
    update_rows: Iterable[int],
    source: str = "",
    departments: Mapping[str, DepartmentDecision] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """The import wizard's last step: the kept rows planned again against the database as it is now
    (someone may have added people meanwhile), the clerk's decisions on the rows for review applied
    (`same`, `new`: see decide_reviews), then written; of the people already there, only the rows in
    `update_rows` are updated, the others are skipped. ``departments``: the clerk's decision for each
    khoa/phòng of the file (see apply_staff_import); none is created without one."""
    plan = decide_reviews(plan_staff_import(ctx, people, unit_id), same, new)
    update = set(update_rows)
    skip = [d.person.row for d in plan.duplicates if d.person.row not in update]
    return apply_staff_import(
        ctx,
        plan,
        update_duplicates=True,
        skip_rows=skip,
        source=source,
        departments=departments,
        progress=progress,
        cancelled=cancelled,
    )


def _write_import(
    s: Session,
    actor: str,
    plan: ImportPlan,
    new: list[IncomingPerson],
    updates: list[Duplicate],
    source: str,
    step: Callable[[int], None],
    resolved: Mapping[str, DepartmentDecision],
) -> int:
    if plan.unit_id is None:  # a new unit, created in the same transaction as its staff
        plan.unit_id = add_unit_under_department(s, plan.unit_name)
    existing = dict(s.execute(select(Unit.id, Unit.name).where(Unit.parent_id == plan.unit_id)).all())
    created: dict[str, int] = {fold(name): uid for uid, name in existing.items()}
    created_departments = 0
    departments: dict[str, int] = {}  # folded file name -> the unit its people go to
    for key, decision in sorted(resolved.items()):
        if decision is None:
            departments[key] = plan.unit_id
        elif isinstance(decision, int):
            if decision != plan.unit_id and decision not in existing:
                raise ValidationError(
                    "Khoa, phòng được chọn không còn thuộc đơn vị nhận danh sách; hãy kiểm tra lại rồi nhập."
                )
            departments[key] = decision
        elif fold(decision) == fold(plan.unit_name):
            departments[key] = plan.unit_id
        else:
            target = created.get(fold(decision))
            if target is None:
                name = clean(decision)
                dept = Unit(
                    name=name, name_folded=fold(name), kind=guess_unit_kind(name), parent_id=plan.unit_id
                )
                s.add(dept)
                s.flush()
                target = created[fold(name)] = dept.id
                created_departments += 1
            departments[key] = target

    def unit_of(p: IncomingPerson) -> int:
        return departments.get(fold(p.department), plan.unit_id) if p.department else plan.unit_id

    person, posting = Person.__table__, Posting.__table__
    now = utcnow()  # one time for the whole list, not a default called twice a row
    ids: list[int] = []
    for chunk in _chunks(new):
        rows = [
            {
                "full_name": p.full_name,
                "name_folded": fold(p.full_name),
                "sort_key": name_sort_key(p.full_name),
                "gender": Gender(p.gender) if p.gender else None,
                "birth_date": p.birth_date,
                "birth_year": p.birth_year,
                "staff_code": p.staff_code,
                "unit_id": unit_of(p),
                "position": p.position,
                "professional_title": p.professional_title,
                "ethnicity": p.ethnicity,
                "phone": p.phone,
                "health_sector_since": p.health_sector_since,
                "note": p.note,
                "created_at": now,
                "updated_at": now,
            }
            for p in chunk
        ]
        # Core, not the ORM: a bulk insert through the ORM costs several times as much (COPY on
        # PostgreSQL). The ids come back in no particular order, so each posting is copied from its
        # person row rather than matched up here.
        chunk_ids = insert_rows_returning_ids(s.connection(), person, rows)
        s.execute(
            insert(posting).from_select(
                ["person_id", "unit_id", "position", "professional_title"],
                select(person.c.id, person.c.unit_id, person.c.position, person.c.professional_title).where(
                    one_of(s, person.c.id, chunk_ids)
                ),
            )
        )
        ids.extend(chunk_ids)
        step(len(chunk))
    if ids:
        ids.sort()
        record_bulk(
            s,
            actor,
            "import",
            "person",
            f"Nhập {int_text(len(ids))} cán bộ vào {plan.unit_name} {source}".strip(),
            {"person_ids": ids, "unit_id": plan.unit_id, "people": len(ids), "updated": len(updates)},
        )
    for chunk in _chunks(updates):
        # Through the ORM, so each updated person gets its own audit row with before/after; the chunk
        # is loaded in one query first.
        loaded = {
            p.id: p for p in s.scalars(select(Person).where(Person.id.in_([d.existing_id for d in chunk])))
        }
        for d in chunk:
            existing, p = loaded[d.existing_id], d.person
            values = {
                "gender": Gender(p.gender) if p.gender else existing.gender,
                "unit_id": unit_of(p),
                "position": p.position or existing.position,
                "professional_title": p.professional_title or existing.professional_title,
                "ethnicity": p.ethnicity or existing.ethnicity,
            }
            if p.birth_date and not existing.birth_date:
                values["birth_date"] = p.birth_date
            if p.staff_code and not existing.staff_code:  # a key, like the birth date: filled, never replaced
                values["staff_code"] = p.staff_code
            for key, value in values.items():
                if getattr(existing, key) != value:
                    setattr(existing, key, value)
        s.flush()
        step(len(chunk))
    return created_departments


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
        self._base: Sequence[int] = range(len(directory.records))
        self._last: tuple[str, Sequence[int]] = ("", self._base)

    def set_filters(self, order: Sequence[int] | None = None, **filters) -> None:
        active = any(v is not None and v != "" for v in filters.values())
        if order is None:
            base = self.directory.search("", **filters) if active else range(len(self.directory.records))
        elif active:
            allowed = set(self.directory.search("", **filters))
            base = [i for i in order if i in allowed]
        else:
            base = list(order)
        self._base = base
        self._last = ("", base)

    def find(self, query: str) -> Sequence[int]:
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
