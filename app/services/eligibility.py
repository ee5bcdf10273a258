"""Who is eligible? Histories of every person and unit, loaded once, judged by app.rules for any title.

    histories = load_histories(ctx)                       # a few Core selects, plain records
    rows = who_is_eligible(histories, 2024, ["CSTD_TINH"])  # a Sequence[Candidate], built when read
    rows = eligibility(ctx, 2024, "CSTD_TINH", unit="BVĐK")  # load, scope to a unit, judge

One load serves every title and year: `Histories` keeps the people and units as frozen records and
builds a unit's members for a year, and the staff of a year in list order, only when first asked. The
records are read with plain selects without joins, as the driver's rows, and shared: one RatingRecord per
(year, level, absence), one AwardRecord per decision and title. A person's ratings and awards live in the
province's columns (app.rules.columns: by year, a byte a person where most people have one), from which
everyone is judged at once; a person's own index is built only when a rule reads that person alone. A
person is one object (the columns' ReadPerson, which also says what a list shows of them), equal texts are
one str, and a whole province's people by id are the columns' list: a province's histories cost about 1 KB
a person. A window keeps one `HistoryCache` (ui.workspace.Workspace.histories): every screen judging
eligibility shares it, and it reads again only after a write the histories hold (`data_version`: the audit
trail's newest such row).

Who is listed (a candidate is someone a clerk would ask about; the others cannot qualify):
- LĐTT: everyone on the staff in the year (a posting in it, or a rating for it); Giấy khen: those
  rated HTTNV or better; CSTĐCS: those rated HTXSNV, or with a sáng kiến of the year, or a CSTĐCS
  already recorded;
- CSTĐ cấp tỉnh/bộ: a CSTĐCS in the year or the two before; CSTĐ toàn quốc: a CSTĐ cấp tỉnh/bộ in the
  last five years; Bằng khen tỉnh/bộ: a CSTĐCS in the year or the one before, or HTXSNV in both;
  Bằng khen TTg, HCLĐ hạng Ba, Nhì, Nhất: the award below already held; KNC: not yet received and
  enough years in the sector for their sex; TTƯT: a Huân chương Lao động or Bằng khen TTg; TTND: TTƯT;
- units: TTLĐTT and Giấy khen every unit rated in the year; TTLĐXS and Bằng khen those rated HTXSNV;
  Cờ thi đua those in a cụm/khối rated HTXSNV or proposed for a Cờ; Cờ CP holders or proposals of a
  Cờ; the higher forms those holding the form below.
A person's unit in a year is that of their posting in force at the end of it (the last one in the
year); `--unit` takes the unit, everything under it, and the units it inherited from (merges).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import sys
import threading
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, groupby, islice, repeat
from operator import add, eq, is_not, itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Result, String, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from app.errors import UserError
from app.rules import (
    ALL_CODES,
    PERSON_CODES,
    UNIT_CODES,
    AwardRecord,
    AwardUse,
    ClusterRecord,
    DisciplineRecord,
    InitiativeRecord,
    MemberYear,
    ParameterRow,
    PersonHistory,
    RatingRecord,
    RuleBook,
    UnitHistory,
    Verdict,
    judge,
    judge_each,
)
from app.rules.columns import Columns, ReadPerson
from app.rules.history import drop_index
from app.rules.persons import whole_years
from app.services.catalogue import unknown_code
from app.services.context import ServiceContext
from app.services.units import ContinuedRecord, continued_records, find_unit, predecessors, subtree_ids
from database.enums import (
    AwardBasis,
    AwardCategory,
    DisciplineForm,
    Gender,
    InitiativeKind,
    InitiativeLevel,
    Periodicity,
    RatingLevel,
    UnitKind,
)
from database.models import (
    AuditEntry,
    Award,
    AwardType,
    Cluster,
    ClusterMember,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    Parameter,
    Person,
    Posting,
    Rating,
    Unit,
)

EXCELLENT = RatingLevel.EXCELLENT
GOOD_OR_BETTER = (RatingLevel.EXCELLENT, RatingLevel.GOOD)
NO_GRANTS: frozenset = frozenset()
NO_AWARDS: Mapping = {}
# The ministry's version of a title lists the same people as the province's.
LISTED_LIKE = {"CSTD_BO": "CSTD_TINH", "BK_BO": "BK_TINH", "CO_BO": "CO_TINH"}


@dataclass(frozen=True, slots=True)
class UnitInfo:
    name: str
    parent_id: int | None
    kind: UnitKind
    established_on: dt.date | None
    ended_on: dt.date | None

    def exists_in(self, year: int) -> bool:
        return (self.established_on is None or self.established_on.year <= year) and (
            self.ended_on is None or self.ended_on.year >= year
        )


@dataclass(frozen=True)
class SameReview:
    """What the same review is granting, by person and by unit: (code, year) pairs."""

    persons: Mapping[int, frozenset] = field(default_factory=dict)
    units: Mapping[int, frozenset] = field(default_factory=dict)


class Candidate(NamedTuple):
    code: str
    year: int
    person_id: int | None
    unit_id: int | None
    full_name: str
    birth: str | None
    unit: str
    sort_key: str
    verdict: Verdict

    def as_json(self) -> dict:
        v = self.verdict
        return {
            "full_name": self.full_name,
            "birth_date": self.birth,
            "unit": self.unit,
            "title": self.code,
            "eligible": v.eligible,
            "status": v.status,
            "verdict": v.status_text,
            "held": v.held or None,
            "met": list(v.met),
            "missing": list(v.missing),
            "pending": list(v.pending),
            "rule_set": v.law,
        }


class Rows(Sequence):
    """What a candidate says of each person or unit of a pool (id, unit id, name, birth, unit label, sort
    key), kept by column: a list of references each (None: a column without values), not a tuple a person
    (at 100,000 staff, 3.6 MiB instead of 9). A row is its tuple, made when asked."""

    __slots__ = ("columns",)

    def __init__(self, *columns: Sequence | None):
        self.columns = columns

    @classmethod
    def of(cls, rows: Sequence[tuple]) -> Rows:
        """Rows given as tuples."""
        if not rows:
            return cls(None, None, (), None, None, None)
        return cls(*map(list, zip(*rows)))  # noqa: B905 (each row has every column)

    def __len__(self) -> int:
        return len(self.columns[2])

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return tuple([None if column is None else column[i] for column in self.columns])

    def take(self, chosen: Sequence[int]) -> Iterator[tuple]:
        """The rows at the positions `chosen`, made by the interpreter's own loops."""
        columns = [repeat(None) if c is None else map(c.__getitem__, chosen) for c in self.columns]
        return zip(*columns)  # noqa: B905 (the names' column ends them)

    def names(self, chosen: Sequence[int]) -> Iterator[str]:
        return map(self.columns[2].__getitem__, chosen)


class CandidatePart:
    """One code's candidates over rows worked out once: `rows` (what a candidate says of each person or unit
    of a pool: `Rows`), `units` (the unit each was judged in, by position), the positions `chosen` (a range, or an array of positions) and one verdict each. `source` is
    the part it was narrowed from (itself when not narrowed): a row is the same row in both."""

    __slots__ = ("head", "rows", "units", "chosen", "verdicts", "source")

    def __init__(
        self,
        code: str,
        year: int,
        rows: Rows,
        units: Sequence[int | None],
        chosen: Sequence[int],
        verdicts: Sequence[Verdict],
        source: CandidatePart | None = None,
    ):
        self.head = (code, year)
        self.rows, self.units, self.chosen, self.verdicts = rows, units, chosen, verdicts
        self.source = source if source is not None else self

    def __len__(self) -> int:
        return len(self.chosen)

    def candidate(self, i: int) -> Candidate:
        return tuple.__new__(Candidate, self.head + self.rows[self.chosen[i]] + (self.verdicts[i],))

    def __iter__(self) -> Iterator[Candidate]:
        # (code, year) + the row + (verdict,), made by the interpreter's own loops
        whole = map(add, map(self.head.__add__, self.rows.take(self.chosen)), zip(self.verdicts))  # noqa: B905
        return map(tuple.__new__, repeat(Candidate), whole)

    def names(self) -> Iterator[str]:
        return self.rows.names(self.chosen)

    def judged_in(self) -> Iterator[int | None]:
        """The unit each candidate was judged in."""
        return map(self.units.__getitem__, self.chosen)

    def kept(self, keep: Sequence[int]) -> CandidatePart:
        """The candidates at positions `keep` (in order) of this part."""
        chosen, verdicts = self.chosen, self.verdicts
        return CandidatePart(
            *self.head,
            self.rows,
            self.units,
            array("I", map(chosen.__getitem__, keep)),
            list(map(verdicts.__getitem__, keep)),
            self.source,
        )


class Candidates(Sequence):
    """The candidates `who_is_eligible` finds, code by code: a sequence of Candidate built when asked for
    (an index, a slice, iterating), over parts that share what a row says of a person (worked out once a
    year) and hold only the positions chosen and the verdicts. At 100,000 staff a title's candidates cost
    about 12 bytes a row instead of a tuple each; equal to a list of the same Candidates."""

    __slots__ = ("parts", "_ends")

    def __init__(self, parts: Iterable[CandidatePart] = ()):
        self.parts = [p for p in parts if len(p)]
        self._ends = list(accumulate(map(len, self.parts)))

    @classmethod
    def of(cls, found: Iterable[Candidate], units_of: Mapping[int, int | None] | None = None) -> Candidates:
        """Candidates already built (a list), as parts: one per run of the same code and year. A person's
        unit judged in is `units_of[person_id]` (None when not given)."""
        if isinstance(found, Candidates):
            return found
        units_of = units_of or {}
        parts = []
        for (code, year), run in groupby(found, key=itemgetter(0, 1)):
            run = list(run)
            units = [c.unit_id if c.person_id is None else units_of.get(c.person_id) for c in run]
            rows = Rows.of([tuple(c[2:8]) for c in run])
            parts.append(CandidatePart(code, year, rows, units, range(len(run)), [c.verdict for c in run]))
        return cls(parts)

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def locate(self, i: int) -> tuple[CandidatePart, int]:
        """The part holding the `i`-th candidate, and its place there."""
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("candidate index out of range")
        k = bisect_right(self._ends, i)
        return self.parts[k], i - (self._ends[k - 1] if k else 0)

    def __getitem__(self, i):
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step == 1:
                return list(islice(self, start, max(start, stop)))
            return [self[j] for j in range(start, stop, step)]
        part, at = self.locate(i)
        return part.candidate(at)

    def __iter__(self) -> Iterator[Candidate]:
        return chain.from_iterable(self.parts)

    def __eq__(self, other) -> bool:
        if not isinstance(other, (Sequence, Candidates)) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(map(eq, self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Candidates({len(self)} in {len(self.parts)} parts)"

    def verdicts(self) -> Iterator[Verdict]:
        return chain.from_iterable(p.verdicts for p in self.parts)

    def names(self) -> Iterator[str]:
        return chain.from_iterable(p.names() for p in self.parts)

    def judged_in(self) -> Iterator[int | None]:
        """The unit each candidate was judged in (a person's posting in the year, or the unit itself)."""
        return chain.from_iterable(p.judged_in() for p in self.parts)

    def same_row(self, i: int, other: Candidates, j: int) -> bool:
        """The `i`-th candidate here is the `j`-th of `other` (one judging, not just equal values)."""
        (p, a), (q, b) = self.locate(i), other.locate(j)
        return p.source is q.source and p.chosen[a] == q.chosen[b] and p.verdicts[a] is q.verdicts[b]


@contextmanager
def _bulk():
    """Bulk work that allocates many objects and makes no reference cycles: the cyclic collector would
    only rescan the hundreds of thousands of loaded records again and again (seconds at province scale)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- the loaded histories ----------------------------------------------------------------------------


class Histories:
    """Every person's and unit's history, read once; unit members are built per year on demand."""

    def __init__(
        self,
        book: RuleBook,
        persons: Mapping[int, ReadPerson],
        units: dict[int, UnitInfo],
        unit_records: dict[int, UnitHistory],
        by_name: Sequence[int] | None = None,
        columns: Columns | None = None,
    ):
        self.book = book
        self.persons = persons
        # Everyone's ratings and awards by year (app.rules.columns): what the province-wide work reads.
        self.columns = columns if columns is not None else Columns(0, dense=False)
        # What a list shows of each person and where they worked: the person read (a ReadPerson) says it.
        self.people: Mapping[int, ReadPerson] = persons
        self.units = units
        self.unit_records = unit_records  # without members
        self._members: dict[int, dict[int, tuple[MemberYear, ...]]] = {}
        self._labels: dict[int, str] = {}
        self._staff: dict[int, tuple[tuple[PersonHistory, int | None], ...]] = {}
        self._by_name = by_name  # the people in Vietnamese name order, as read
        self._holders: dict[int, dict[str, list[int]]] = {}
        self._rows: dict[int, _Rows] = {}  # the staff of a year as candidate rows say

    def last_rated(self) -> int | None:
        """The newest year anyone was rated for."""
        return max(self.columns.rated, default=None)

    def unit_of(self, person_id: int, year: int) -> int | None:
        """The unit of the person's posting in force at the end of `year` (the last one in the year)."""
        info = self.people[person_id]
        found = None
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        for unit_id, start, end in info.postings:
            if (start is None or start <= last) and (end is None or end >= first):
                found = unit_id
        if found is None and not info.postings:
            return info.current_unit
        return found

    def staff(self, year: int) -> tuple[tuple[PersonHistory, int | None], ...]:
        """The province's staff of `year` with their unit then, in list order (see `staff_in_year`)."""
        found = self._staff.get(year)
        if found is None:
            with _bulk():
                found = self._staff[year] = self._staff_of(year)
        return found

    def holders(self, year: int) -> dict[str, list[int]]:
        """Positions in `staff(year)` of the people holding each code: those a chain-based title lists
        (worked out for a code when first asked)."""
        found = self._holders.get(year)
        if found is None:
            found = self._holders[year] = _holders(self.staff(year), self.columns)
        return found

    def year_judged(self, year: int) -> None:
        """Every title of `year` is judged and its listings hold what they show: let go what the judging
        worked out (the year's staff, members, holders and candidate rows, the columns' sets, the rules'
        shared verdicts, the people's own indexes: tens of MiB at 100,000 staff). Anything asked again is
        worked out again."""
        for kept in (self._staff, self._members, self._holders, self._rows):
            kept.pop(year, None)
        self.columns.forget()
        self.book.year(year).forget_verdicts()
        for h in self.persons.values():
            drop_index(h)
        _give_back()

    def _staff_of(self, year: int) -> tuple[tuple[PersonHistory, int | None], ...]:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        persons, people, found = self.persons, self.people, []
        rated = self.columns.rating_of(year)
        if self._by_name is None:
            self._by_name = sorted(persons, key=lambda pid: people[pid].sort_key)
        for pid in self._by_name:
            info, unit_id = people[pid], None
            for posted, start, end in info.postings:  # the posting in force at the end of the year
                if (start is None or start <= last) and (end is None or end >= first):
                    unit_id = posted
            h = persons[pid]
            if unit_id is None:
                if (info.postings or info.current_unit is None) and rated(pid) is None:
                    continue
                unit_id = info.current_unit
            found.append((h, unit_id))
        # By unit (the units' labels in order), then by name: a stable sort keeps the name order.
        labels = {uid: self.label(uid) for uid in {entry[1] for entry in found}}
        rank = {label: i for i, label in enumerate(sorted(set(labels.values())))}
        by_unit = {uid: rank[label] for uid, label in labels.items()}
        found.sort(key=lambda entry: by_unit[entry[1]])
        return tuple(found)

    def label(self, unit_id: int | None) -> str:
        """ "Khoa Nội – Bệnh viện Đa khoa tỉnh": the unit and those above it, below the Department."""
        if unit_id is None:
            return ""
        found = self._labels.get(unit_id)
        if found is None:
            parts, uid, seen = [], unit_id, set()
            while uid is not None and uid in self.units and uid not in seen:
                seen.add(uid)
                info = self.units[uid]
                if parts and info.parent_id is None and info.kind is UnitKind.DEPARTMENT:
                    break
                parts.append(info.name)
                uid = info.parent_id
            found = self._labels[unit_id] = " – ".join(parts)
        return found

    def members(self, year: int) -> dict[int, tuple[MemberYear, ...]]:
        """Per unit: the staff rated in `year` posted in it or in a unit under it."""
        found = self._members.get(year)
        if found is not None:
            return found
        own: dict[int, list[MemberYear]] = defaultdict(list)
        cols = self.columns
        rated, ldtt, cstdcs = cols.rating_of(year), cols.chain_of("LDTT", year), cols.chain_of("CSTDCS", year)
        disciplined = cols.disciplined
        for pid, h in self.persons.items():
            record = rated(pid)
            unit_id = self.unit_of(pid, year) if record is not None else None
            if unit_id is None:
                continue
            own[unit_id].append(
                MemberYear(
                    pid,
                    h.full_name,
                    record.level,
                    ldtt(pid),
                    cstdcs(pid),
                    _worst_discipline(h, year) if pid in disciplined else None,
                )
            )
        gathered: dict[int, list[MemberYear]] = defaultdict(list)
        for unit_id, staff in own.items():
            uid, seen = unit_id, set()
            while uid is not None and uid in self.units and uid not in seen:
                seen.add(uid)
                gathered[uid].extend(staff)
                uid = self.units[uid].parent_id
        found = self._members[year] = {uid: tuple(staff) for uid, staff in gathered.items()}
        return found

    def unit_history(self, unit_id: int, year: int) -> UnitHistory:
        base = self.unit_records[unit_id]
        return UnitHistory(
            base.id,
            base.name,
            base.ratings,
            base.awards,
            base.disciplines,
            base.clusters,
            year,
            self.members(year).get(unit_id, ()),
            base.continues,
        )


class _ById(Mapping):
    """The people of a whole province by id, in id order, read from the columns' list indexed by id (the
    ids are dense): no dict of a hundred thousand entries beside it."""

    __slots__ = ("_people", "_count")

    def __init__(self, people: list, count: int):
        self._people, self._count = people, count  # count: the people in the list (not None)

    def __getitem__(self, pid: int) -> ReadPerson:
        people = self._people
        found = people[pid] if isinstance(pid, int) and 0 <= pid < len(people) else None
        if found is None:
            raise KeyError(pid)
        return found

    def __contains__(self, pid) -> bool:
        people = self._people
        return isinstance(pid, int) and 0 <= pid < len(people) and people[pid] is not None

    def __iter__(self) -> Iterator[int]:
        return compress(range(len(self._people)), map(is_not, self._people, repeat(None)))

    def __len__(self) -> int:
        return self._count

    def values(self) -> list[ReadPerson]:  # type: ignore[override]
        return [h for h in self._people if h is not None]

    def items(self) -> list[tuple[int, ReadPerson]]:  # type: ignore[override]
        return list(zip(self, self.values()))  # noqa: B905


def _worst_discipline(h: PersonHistory, year: int) -> DisciplineRecord | None:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    worst = None
    for d in h.ix.disciplines:
        if d.form is not DisciplineForm.PENDING and d.in_force(first, last):
            if worst is None or d.form.severity > worst.form.severity:
                worst = d
    return worst


def _birth(birth_date: dt.date | str | None, birth_year: int | None) -> str | None:
    """ "YYYY-MM-DD", or the year alone; the day is read as stored (text on SQLite, a date on PostgreSQL)."""
    if birth_date:
        return birth_date if isinstance(birth_date, str) else birth_date.isoformat()
    return str(birth_year) if birth_year else None


def _grouped(rows: Iterable, make: Callable) -> dict[int, list]:
    """Rows whose first column is a subject id, turned into records and grouped by that id."""
    out: dict[int, list] = defaultdict(list)
    for row in rows:
        out[row[0]].append(make(row))
    return out


def load_book(session: Session) -> RuleBook:
    rows = [
        ParameterRow(r.rule_set.value, r.key, r.value, r.effective_from)
        for r in session.execute(
            select(Parameter.rule_set, Parameter.key, Parameter.value, Parameter.effective_from)
        )
    ]
    types = session.execute(
        select(AwardType.code, AwardType.short_name, AwardType.category, AwardType.periodicity)
    ).all()
    return RuleBook(
        rows,
        {t.code: t.short_name for t in types},
        [t.code for t in types if t.category is AwardCategory.TITLE],
        [t.code for t in types if t.periodicity is not Periodicity.YEARLY],
    )


def _raw(column):
    """An enum column read as its stored code: mapping codes through a dict beats the type's processor."""
    return type_coerce(column, String)


def _codes(enum_cls) -> dict:
    return {m.value: m for m in enum_cls}


def load_histories(ctx: ServiceContext, person_ids: Collection[int] | None = None) -> Histories:
    """Everything the rules read, in bulk Core selects (no ORM objects), as frozen records. With
    `person_ids`, only those people's records (and no unit's): what a decision's awards rested on."""
    with _bulk():
        found = _load(ctx, None if person_ids is None else list(person_ids))
    _give_back()
    return found


def _give_back() -> None:
    """Hand the memory the read's rows left free back to the system (glibc keeps it otherwise)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):
            pass


def _load(ctx: ServiceContext, person_ids: list[int] | None = None) -> Histories:
    level, basis, form = _codes(RatingLevel), _codes(AwardBasis), _codes(DisciplineForm)
    ini_level, ini_kind, gender = _codes(InitiativeLevel), _codes(InitiativeKind), _codes(Gender)

    def only(query, column):  # the chosen people's rows only
        return query if person_ids is None else query.where(column.in_(person_ids))

    day, unit = _interned(), _interned()  # a day or unit shared by thousands of people is one object
    shared = _shared()  # and a name, birth, title or posting shared by thousands (MBs at province scale)
    with ctx.read() as s:
        book = load_book(s)
        conn = s.connection()
        postings = _grouped(
            _driver_rows(
                conn,
                only(
                    select(Posting.person_id, Posting.unit_id, Posting.start_date, Posting.end_date).order_by(
                        Posting.person_id, Posting.start_date
                    ),
                    Posting.person_id,
                ),
            ),
            lambda r: shared((unit(r[1]), day(r[2]), day(r[3]))),
        )
        person_disc, unit_disc = _split(
            conn.execute(
                only(
                    select(
                        Discipline.person_id,
                        Discipline.unit_id,
                        _raw(Discipline.form),
                        Discipline.effective_from,
                        Discipline.effective_to,
                        Discipline.decision_ref,
                    ),
                    Discipline.person_id,
                )
            ),
            lambda r: DisciplineRecord(form[r[2]], r[3], r[4], r[5]),
        )
        used, used_type = aliased(Award), aliased(AwardType)
        # One record per initiative, shared by its authors; a title, number or year shared by many is one.
        shared_initiatives: dict[int, InitiativeRecord] = {}

        def initiative(r: tuple) -> InitiativeRecord:
            found = shared_initiatives.get(r[1])
            if found is None:
                found = shared_initiatives[r[1]] = InitiativeRecord(
                    r[1],
                    shared(r[2]),
                    shared(r[3]),  # the year: an int object a row otherwise
                    ini_level[r[4]],
                    ini_kind[r[5]],
                    shared(r[6]),
                    AwardUse(r[7], r[8], r[9], r[10] == AwardCategory.TITLE.value)
                    if r[7] is not None
                    else None,
                )
            return found

        initiatives = _grouped(
            _driver_rows(
                conn,
                only(
                    select(
                        InitiativeAuthor.person_id,
                        Initiative.id,
                        Initiative.title,
                        Initiative.year,
                        _raw(Initiative.level),
                        _raw(Initiative.kind),
                        Initiative.decision_number,
                        used.id,
                        used_type.code,
                        used.year,
                        _raw(used_type.category),
                    )
                    .join(Initiative, Initiative.id == InitiativeAuthor.initiative_id)
                    .outerjoin(used, used.id == Initiative.used_by_award_id)
                    .outerjoin(used_type, used_type.id == used.award_type_id)
                    .order_by(InitiativeAuthor.person_id, Initiative.year, Initiative.id),
                    InitiativeAuthor.person_id,
                ),
            ),
            initiative,
        )
        # The people as their rows stream by, in name order (each row's raw values gone before the next).
        size = (conn.execute(only(select(func.max(Person.id)), Person.id)).scalar() or 0) + 1
        cols = Columns(size, dense=person_ids is None)
        cols.disciplined.update(person_disc)
        persons, by_name = {}, []
        no_rows = ()
        for row_id, full_name, sex, birth_date, birth_year, sort_key, unit_id, since in _driver_rows(
            conn,
            only(
                select(
                    Person.id,
                    Person.full_name,
                    _raw(Person.gender),
                    _raw(Person.birth_date),
                    Person.birth_year,
                    Person.sort_key,
                    Person.unit_id,
                    _raw(Person.health_sector_since),
                ).order_by(Person.sort_key, Person.id),  # name order (byte order: "C" on PostgreSQL)
                Person.id,
            ),
        ):
            pid = cols.ids[row_id]
            by_name.append(pid)
            own_postings = shared(tuple(postings.pop(pid, no_rows)))
            first_day = own_postings[0][1] if own_postings else None
            since = day(since)
            recruited = min(since, first_day) if since and first_day else since or first_day
            done = initiatives.get(pid)
            if done:
                done = cols.initiatives[pid] = tuple(done)
            h = cols.person(
                pid,
                shared(full_name),
                gender.get(sex),
                recruited,
                since,
                done or no_rows,
                tuple(person_disc.get(pid, no_rows)),
                shared(_birth(birth_date, birth_year)),
                shared(sort_key),
                unit(unit_id),
                own_postings,
            )
            if not cols.dense:
                persons[pid] = h
        # By id, as the lists of members are: a whole province's are the columns' own list by id.
        persons = (
            _ById(cols.people, len(by_name)) if cols.dense else {pid: persons[pid] for pid in sorted(persons)}
        )
        units = {
            r[0]: UnitInfo(r[1], r[2], UnitKind(r[3]), r[4], r[5])
            for r in conn.execute(
                select(
                    Unit.id, Unit.name, Unit.parent_id, _raw(Unit.kind), Unit.established_on, Unit.ended_on
                )
            )
        }
        unit_ratings = _ratings(
            _driver_rows(
                conn,
                only(
                    select(
                        Rating.person_id, Rating.unit_id, Rating.year, _raw(Rating.level), Rating.absent_days
                    ),
                    Rating.person_id,
                ),
            ),
            level,
            cols,
        )
        # The awards without joins (a join per row costs more than these two small lookups in Python).
        type_codes = dict(conn.execute(select(AwardType.id, AwardType.code)).all())
        decisions = {
            r[0]: r[1:]
            for r in conn.execute(
                select(Decision.id, Decision.number_text, _raw(Decision.issued_on), Decision.issuer)
            )
        }
        unit_awards = _awards(
            _driver_rows(
                conn,
                only(
                    select(
                        Award.person_id,
                        Award.unit_id,
                        Award.award_type_id,
                        Award.year,
                        _raw(Award.basis),
                        Award.revoked,
                        Award.decision_id,
                        Award.decision_number,
                        _raw(Award.decision_date),
                        Award.decision_issuer,
                    ),
                    Award.person_id,
                ),
            ),
            lambda r: _award(r, type_codes, basis, decisions),
            cols,
        )
        clusters = _grouped(
            conn.execute(
                select(
                    ClusterMember.unit_id,
                    Cluster.year,
                    Cluster.name,
                    _raw(ClusterMember.role),
                    AwardType.code,
                )
                .join(Cluster, Cluster.id == ClusterMember.cluster_id)
                .outerjoin(AwardType, AwardType.id == ClusterMember.proposed_award_type_id)
            ),
            lambda r: ClusterRecord(r[1], r[2], r[3], r[4]),
        )
        inherited = continued_records(s)

    unit_records = {}
    for uid, info in units.items():
        rated, given = list(unit_ratings.get(uid, ())), list(unit_awards.get(uid, ()))
        sources = inherited.get(uid, ())
        for source in sources:  # only the records the clerk said this unit continues, marked with the holder
            holder = units[source.unit_id].name
            rated += [
                RatingRecord(x.year, x.level, x.absent_days, holder)
                for x in unit_ratings.get(source.unit_id, ())
            ]
            given += [_inherit(a, holder) for a in unit_awards.get(source.unit_id, ())]
        unit_records[uid] = UnitHistory(
            uid,
            info.name,
            tuple(rated),
            tuple(given),
            tuple(unit_disc.get(uid, ())),
            tuple(clusters.get(uid, ())),
            continues=_continues_text(sources, units),
        )
    return Histories(book, persons, units, unit_records, by_name, cols)


# Rows fetched a thousand at a time: the short-lived objects of a few rows reuse the same memory over and
# over, where those of 20,000 rows at once left about 25 MB free but scattered among the records kept
# (memory the allocator cannot hand back), for no faster a read.
_CHUNK = 1000


def _driver_rows(conn, query) -> Iterable[tuple]:
    """The rows of `query` as the database driver gives them (plain tuples, no result processing: enums
    and days read raw, as `_raw` and `_date` expect), fetched in chunks."""
    return chain.from_iterable(_driver_chunks(conn, query))


def _driver_chunks(conn, query) -> Iterator[list]:
    sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        while part := cursor.fetchmany(_CHUNK):
            yield part
    finally:
        cursor.close()


def _interned() -> Callable:
    """A function giving one object for equal days (text on SQLite, a date on PostgreSQL, or None)."""
    found: dict = {}

    def day(value):
        if value is None:
            return None
        known = found.get(value)
        if known is None:
            known = found[value] = _date(value)
        return known

    return day


def _shared() -> Callable:
    """A function giving one object for equal values (texts read from rows: each row brings its own)."""
    found: dict = {}

    def shared(value):
        return found.setdefault(value, value)

    return shared


def _ratings(rows: Iterable[tuple], level: Mapping, cols: Columns) -> dict[int, list]:
    """(person id, unit id, year, level, absent days) rows as shared records: a person's into `cols` (one a
    year), a unit's grouped by unit."""
    by_unit = defaultdict(list)
    found: dict = {}
    for row in rows:
        key = row[2:]
        known = found.get(key)
        if known is None:
            year, code, absent = key
            record = RatingRecord(year, level[code], absent)
            known = found[key] = (record, *cols.rating_slot(record))
        pid = row[0]
        if pid is None:
            by_unit[row[1]].append(known[0])
        else:
            known[1][pid] = known[2]
    return by_unit


def _awards(rows: Iterable[tuple], make: Callable, cols: Columns) -> dict[int, list]:
    """(person id, unit id, …) rows as shared records (`make` over the rest: one record per decision and
    title): a person's into `cols` (one a code and year), a unit's grouped by unit."""
    by_unit, ids = defaultdict(list), cols.ids
    found: dict = {}
    for row in rows:
        key = row[2:]
        known = found.get(key)
        if known is None:
            record = make(key)
            known = found[key] = (record, cols.award_column(record))
        pid = row[0]
        if pid is None:
            by_unit[row[1]].append(known[0])
        else:
            known[1][ids[pid]] = known[0]
    cols.finish()
    return by_unit


def _split(rows: Result, make: Callable) -> tuple[dict[int, list], dict[int, list]]:
    """Rows of (person id, unit id, …) made into records, grouped by person, or by unit when not a person's."""
    by_person, by_unit = defaultdict(list), defaultdict(list)
    for part in rows.partitions(_CHUNK):  # in chunks: row by row costs as much again
        for row in part:
            (by_person[row[0]] if row[0] is not None else by_unit[row[1]]).append(make(row))
    return by_person, by_unit


def _award(
    r: tuple, type_codes: Mapping[int, str], basis: Mapping, decisions: Mapping[int, tuple]
) -> AwardRecord:
    """(type, year, basis, revoked, decision id, number, day, issuer): the decision's own reference wins
    over the one typed on the award (an award recorded from an earlier decision has only the latter)."""
    number, day, issuer = r[5:8]
    decision = decisions.get(r[4])
    if decision is not None:
        number = decision[0] if decision[0] is not None else number
        day = decision[1] if decision[1] is not None else day
        issuer = decision[2] if decision[2] is not None else issuer
    return AwardRecord(type_codes[r[0]], r[1], basis[r[2]], bool(r[3]), number, _date(day), issuer)


def _date(value) -> dt.date | None:
    """A date read as stored: text on SQLite, a date on PostgreSQL."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _continues_text(sources: Sequence[ContinuedRecord], units: Mapping[int, UnitInfo]) -> str:
    """ "Kế thừa hồ sơ thi đua của Bệnh viện A (sáp nhập ngày 01/07/2025)": said in each verdict of the unit."""
    if not sources:
        return ""
    return "Kế thừa hồ sơ thi đua của " + "; ".join(
        f"{units[x.unit_id].name} ({x.kind.label.lower()} ngày {x.day:%d/%m/%Y})" for x in sources
    )


def _inherit(a: AwardRecord, holder: str) -> AwardRecord:
    return AwardRecord(
        a.code, a.year, a.basis, a.revoked, a.decision_number, a.decision_date, a.issuer, a.id, holder
    )


# What the histories never read: a write to these alone (a nomination, a document…), or an export or print
# of anything, leaves the histories as they were. Any other write, of a kind known or not, counts.
UNREAD_ENTITIES = (
    "account",
    "agency",
    "app_setting",
    "ballot",
    "campaign",
    "content_item",
    "council_meeting",
    "council_member",
    "criterion",
    "incoming_document",
    "incoming_link",
    "meeting_attendance",
    "nomination",
    "nomination_attachment",
    "nomination_batch",
    "nomination_status_change",
    "outgoing_document",
    "phase",
    "pledge",
    "register_series",
    "registration",
    "registration_item",
    "review_point",
    "score",
    "signer",
    "target",
    "target_result",
    "target_unit_value",
    "title_wording",
)
UNREAD_ACTIONS = ("export", "print", "backup")  # (a backup copies the database: nothing read changes)


def data_version(ctx: ServiceContext) -> int:
    """The newest audit row of a write the histories may read: every write leaves one
    (`ServiceContext.write`, `record_bulk`), so histories read at one version hold while it stays. The trail
    is read backwards from its end (the primary key) and stops at the first such row."""
    with ctx.read() as s:
        return (
            s.scalar(
                select(AuditEntry.id)
                .where(AuditEntry.entity.not_in(UNREAD_ENTITIES), AuditEntry.action.not_in(UNREAD_ACTIONS))
                .order_by(AuditEntry.id.desc())
                .limit(1)
            )
            or 0
        )


class HistoryCache:
    """The histories one window shares between its screens: read once, read again on the next `get` after
    any write (here, on another computer or from the command line), or after `forget` ("Làm mới")."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
        self._lock = threading.Lock()  # two screens asking at once read once
        self._loaded: tuple[int, Histories] | None = None

    def get(self) -> Histories:
        with self._lock:
            version = data_version(
                self.ctx
            )  # before reading: a write meanwhile makes the next get read again
            loaded = self._loaded
            if loaded is None or loaded[0] != version:
                self._loaded = None  # the old histories may go while the new ones are read
                loaded = self._loaded = (version, load_histories(self.ctx))
            return loaded[1]

    def version_of(self, histories: Histories) -> int | None:
        """The data version `histories` were read at, if they are this cache's."""
        loaded = self._loaded
        return loaded[0] if loaded is not None and loaded[1] is histories else None

    def current(self) -> Histories | None:
        """The histories read already, when no write since has changed what they hold; None otherwise."""
        loaded = self._loaded
        return loaded[1] if loaded is not None and loaded[0] == data_version(self.ctx) else None

    def forget(self) -> None:
        self._loaded = None


# Above this many people, reading everyone's history at once is cheaper than a long IN list.
FEW_PEOPLE = 2_000


def histories_of(
    ctx: ServiceContext, source: Histories | HistoryCache | None, person_ids: Collection[int] | None = None
) -> Histories:
    """Histories already read, those of a window's cache, or (None) a fresh read. With `person_ids` (a batch
    of nominations of people only), when the cache has not read everyone's already, only those people's:
    milliseconds and a few kilobytes instead of the whole province."""
    if isinstance(source, HistoryCache):
        if person_ids is not None and len(person_ids) <= FEW_PEOPLE:
            return source.current() or load_histories(ctx, person_ids)
        return source.get()
    return source if source is not None else load_histories(ctx, person_ids)


# --- who is listed ----------------------------------------------------------------------------------


def _has(h, codes: Sequence[str], years: Iterable[int]) -> bool:
    chain = h.ix.chain
    for code in codes:
        held = chain.get(code)
        if held:
            for y in years:
                if y in held:
                    return True
    return False


def _before(h, codes: Sequence[str], year: int) -> bool:
    chain = h.ix.chain
    for code in codes:
        held = chain.get(code)
        if held and min(held) < year:
            return True
    return False


def _knc_candidates(y: int, rules, received: Collection[int]) -> Callable[[PersonHistory], bool]:
    """Not yet received (`received`: the ids of those who have), and enough years in the sector for their
    sex by the end of `y`."""
    female, male = rules.get("knc_min_years_female") or 0, rules.get("knc_min_years_male") or 0
    needed = {Gender.FEMALE: female, Gender.MALE: male}
    fewest = min(female, male)
    end = dt.date(y, 12, 31)

    def listed(h: PersonHistory) -> bool:
        since = h.health_sector_since or h.recruited_on
        if since is None or whole_years(since, end) < needed.get(h.gender, fewest):
            return False
        return h.id not in received

    return listed


def _person_candidates(hist: Histories, y: int) -> Mapping[str, Any]:
    """Who each code lists (see the module docstring) of everyone on the staff (about 100,000 at province
    scale): the ids of those it lists, from the columns (not each person's own index), or a test of a
    person, or None for everyone. Each is worked out when first asked."""
    rules, cols = hist.book.year(y), hist.columns

    def rated(year: int, levels: tuple[RatingLevel, ...]) -> set[int]:
        return cols.rated_with(year, levels)

    def cstdcs_in(*years: int) -> set[int]:
        return _holding(cols, ("CSTDCS",), years)

    def before(*codes: str) -> Collection[int]:
        return cols.last_before(codes, y).keys()

    def received(codes: Iterable[str]) -> frozenset[int]:
        return frozenset().union(*(cols.received(code) for code in codes))

    def ttut() -> frozenset[int]:
        return received(rules.get("ttut_prior_merits") or ()) - cols.received("TTUT")

    def ttnd() -> frozenset[int]:
        return cols.received("TTUT") - cols.received("TTND")

    excellent = (RatingLevel.EXCELLENT,)
    factories: dict[str, Callable[[], Any]] = {
        "LDTT": lambda: None,  # everyone on the staff
        "GIAY_KHEN": lambda: rated(y, GOOD_OR_BETTER),
        "CSTDCS": lambda: (
            rated(y, excellent) | cstdcs_in(y) | cols.with_initiatives(lambda i: i.year == y, ("year", y))
        ),
        "CSTD_TINH": lambda: cstdcs_in(y, y - 1, y - 2),
        "CSTD_TQ": lambda: _holding(cols, ("CSTD_TINH", "CSTD_BO"), range(y - 5, y + 1)),
        "BK_TINH": lambda: cstdcs_in(y, y - 1) | (rated(y, excellent) & rated(y - 1, excellent)),
        "BK_TTG": lambda: before("BK_TINH", "BK_BO"),
        "HCLD3": lambda: before("BK_TTG"),
        "HCLD2": lambda: before("HCLD3"),
        "HCLD1": lambda: before("HCLD2"),
        "KNC_VSKND": lambda: _knc_candidates(y, rules, cols.received("KNC_VSKND")),
        "TTUT": ttut,
        "TTND": ttnd,
    }
    return _Lazy(lambda code: factories[code]())


class _Lazy(dict):
    """A dict whose value for a key is made by `make(key)` when first asked (`get` does not make it)."""

    def __init__(self, make: Callable[[str], Any]):
        super().__init__()
        self._make = make

    def __missing__(self, key: str):
        found = self[key] = self._make(key)
        return found


def _holding(cols: Columns, codes: Sequence[str], years: Iterable[int]) -> set[int]:
    """Everyone with a chain-feeding award of `codes` in one of `years`."""
    found: set[int] = set()
    for y in years:
        for code in codes:
            found.update(cols.holding(cols.chain, code, y))
    return found


def _unit_candidates(y: int) -> dict[str, Callable[[UnitHistory], bool]]:
    def proposed(u):
        return any(r.year == y and r.proposed_code in ("CO_TINH", "CO_BO", "CO_CP") for r in u.clusters)

    def excellent(u):
        return u.ix.levels.get(y) is EXCELLENT

    return {
        "TTLDTT": lambda u: y in u.ix.levels,
        "GIAY_KHEN": lambda u: y in u.ix.levels,
        "TTLDXS": excellent,
        "BK_TINH": lambda u: excellent(u) or _has(u, ("TTLDXS",), (y,)),
        "CO_TINH": lambda u: proposed(u) or (excellent(u) and any(r.year == y for r in u.clusters)),
        "CO_CP": lambda u: proposed(u) or _has(u, ("CO_TINH", "CO_BO"), (y,)),
        "BK_TTG": lambda u: _before(u, ("BK_TINH", "BK_BO"), y),
        "HCLD3": lambda u: _before(u, ("BK_TTG",), y),
        "HCLD2": lambda u: _before(u, ("HCLD3",), y),
        "HCLD1": lambda u: _before(u, ("HCLD2",), y),
    }


def staff_in_year(
    hist: Histories, year: int, unit_ids: set[int] | None = None
) -> list[tuple[PersonHistory, int]]:
    """People on the staff in `year` (a posting in it, or a rating for it) with their unit then, in list
    order: by unit, then Vietnamese name order. Worked out once a year for the province (`Histories.staff`)."""
    found = hist.staff(year)
    if unit_ids is None:
        return list(found)
    return [entry for entry in found if entry[1] in unit_ids]


# Titles whose candidates all hold one of these awards (see the module docstring); TTƯT's prior merits
# are a parameter (`ttut_prior_merits`).
LISTED_FROM = {
    "CSTD_TINH": ("CSTDCS",),
    "CSTD_BO": ("CSTDCS",),
    "CSTD_TQ": ("CSTD_TINH", "CSTD_BO"),
    "BK_TTG": ("BK_TINH", "BK_BO"),
    "HCLD3": ("BK_TTG",),
    "HCLD2": ("HCLD3",),
    "HCLD1": ("HCLD2",),
    "TTND": ("TTUT",),
}


def listed_from(code: str, book: RuleBook, year: int) -> tuple[str, ...] | None:
    if code == "TTUT":
        return tuple(book.year(year).get("ttut_prior_merits") or ())
    return LISTED_FROM.get(code)


def _holders(pool: Sequence[tuple[PersonHistory, int | None]], cols: Columns) -> dict[str, list[int]]:
    """Positions in `pool` of the people holding each code (any basis), worked out for a code when asked."""
    position: array | None = None  # by person id: their position, or -1 (4 bytes an id, not a dict entry)

    def positions(code: str) -> list[int]:
        nonlocal position
        if position is None:
            ids = [h.id for h, _unit in pool]
            position = array("i", repeat(-1, max(ids, default=-1) + 1))
            for i, pid in enumerate(ids):
                position[pid] = i
        at, n = position, len(position)
        return sorted(i for pid in cols.holders(code) if pid < n and (i := at[pid]) >= 0)

    return _Lazy(positions)


def who_is_eligible(
    hist: Histories,
    year: int,
    codes: Sequence[str] | None = None,
    unit_ids: set[int] | None = None,
    review: SameReview | None = None,
    staff: list[tuple[PersonHistory, int]] | None = None,
) -> Candidates:
    """Every candidate for each code (all codes when None), with the verdict, code by code in catalogue
    order; `unit_ids` limits the list to people posted in those units in the year, and to those units.
    `staff` may pass a precomputed `staff_in_year` to judge many codes over one pool. The candidates are
    built when read (`Candidates`): judging a title for the whole staff makes no row of its own."""
    wanted = set(codes) if codes else set(ALL_CODES)
    with _bulk():
        return _judge_all(
            hist, year, [c for c in ALL_CODES if c in wanted], unit_ids, review or SameReview(), staff
        )


class _Rows(NamedTuple):
    heads: list  # the people of a pool
    ids: list  # their ids
    rows: Rows  # what a candidate row says of each: (id, no unit, name, birth, unit label, sort key)
    units: list  # the unit each is judged in


def _rows(hist: Histories, year: int, pool: Sequence[tuple[PersonHistory, int | None]]) -> _Rows:
    """The people of `pool` as candidate rows: the province's staff of the year's worked out once per load."""
    staff = hist.staff(year)
    if pool is staff or (len(pool) == len(staff) and pool == list(staff)):
        found = hist._rows.get(year)
        if found is None:
            found = hist._rows[year] = _rows_of(hist, staff)
        return found
    return _rows_of(hist, pool)


def _rows_of(hist: Histories, pool: Sequence[tuple[PersonHistory, int | None]]) -> _Rows:
    people, label = hist.people, hist.label
    heads = [entry[0] for entry in pool]
    ids = [h.id for h in heads]
    units = [entry[1] for entry in pool]
    labels = {unit_id: label(unit_id) for unit_id in set(units)}
    infos = list(map(people.__getitem__, ids))
    rows = Rows(
        ids,
        None,
        [info.full_name for info in infos],
        [info.birth for info in infos],
        list(map(labels.__getitem__, units)),
        [info.sort_key for info in infos],
    )
    return _Rows(heads, ids, rows, units)


def _judge_all(
    hist: Histories,
    year: int,
    codes: list[str],
    unit_ids: set[int] | None,
    review: SameReview,
    staff: list[tuple[PersonHistory, int]] | None,
) -> Candidates:
    out: list[CandidatePart] = []
    book, label, grants = hist.book, hist.label, review.persons
    listed = _person_candidates(hist, year)
    listed_units = _unit_candidates(year)
    pool = staff
    units = sorted(
        (label(uid), uid, base)
        for uid, base in hist.unit_records.items()
        if (unit_ids is None or uid in unit_ids) and hist.units[uid].exists_in(year)
    )
    holders: dict[str, list[int]] | None = None
    listed_before: dict[tuple, Sequence[int]] = {}
    shaped: dict = {}  # the people's shapes, shared by the codes judged (app.rules.engine.judge_each)
    rows: _Rows | None = None
    for code in codes:
        if code in PERSON_CODES:
            if pool is None:
                pool = staff_in_year(hist, year, unit_ids)
            if rows is None:
                rows = _rows(hist, year, pool)
            heads, ids = rows.heads, rows.ids
            like, bases = LISTED_LIKE.get(code, code), listed_from(code, book, year)
            chosen = listed_before.get((like, bases))  # the ministry's version lists the province's people
            if chosen is None:  # positions in the pool
                wanted = listed[like]
                if bases is not None:  # only holders of some award can be listed: scan just them
                    if holders is None:  # the province's staff of the year (the pool): once per load
                        holders = hist.holders(year) if unit_ids is None else _holders(pool, hist.columns)
                    scope = sorted({i for base in bases for i in holders[base]})
                    if isinstance(wanted, Set):
                        chosen = [i for i in scope if ids[i] in wanted]
                    else:
                        chosen = scope if wanted is None else [i for i in scope if wanted(heads[i])]
                elif isinstance(wanted, Set):
                    chosen = list(compress(range(len(ids)), map(wanted.__contains__, ids)))
                else:
                    everyone = range(len(ids))
                    chosen = everyone if wanted is None else list(compress(everyone, map(wanted, heads)))
                if not isinstance(chosen, range):
                    chosen = array("I", chosen)  # 4 bytes a position, not an int object each
                listed_before[like, bases] = chosen
            if isinstance(chosen, range):  # everyone (LĐTT): the pool as it is
                people_chosen, ids_chosen = heads, ids
            else:
                people_chosen, ids_chosen = (
                    list(map(heads.__getitem__, chosen)),
                    list(map(ids.__getitem__, chosen)),
                )
            verdicts = list(judge_each(people_chosen, code, year, book, grants, shaped, ids_chosen))
            if len(verdicts) != len(chosen):
                raise RuntimeError(f"{code}: {len(verdicts)} verdicts for {len(chosen)} people")
            out.append(CandidatePart(code, year, rows.rows, rows.units, chosen, verdicts))
        if code in UNIT_CODES:
            wanted = listed_units[LISTED_LIKE.get(code, code)]
            found, verdicts = [], []
            for name, uid, base in units:
                if wanted(base):
                    verdicts.append(
                        judge(
                            hist.unit_history(uid, year),
                            code,
                            year,
                            book,
                            review.units.get(uid, NO_GRANTS),
                            grants,
                        )
                    )
                    found.append((None, uid, base.name, None, name, name))
            out.append(
                CandidatePart(code, year, Rows.of(found), [r[1] for r in found], range(len(found)), verdicts)
            )
    return Candidates(out)


# --- one call from the command line or a page ---------------------------------------------------------


def known_codes(ctx: ServiceContext) -> dict[str, str]:
    with ctx.read() as s:
        return dict(s.execute(select(AwardType.code, AwardType.short_name)).all())


def unit_scope(ctx: ServiceContext, unit_id: int) -> set[int]:
    """The unit, every unit under it, and the units it inherited from with theirs."""
    with ctx.read() as s:
        found: set[int] = set()
        for uid in {unit_id} | predecessors(s, unit_id):
            found |= subtree_ids(s, uid)
    return found


def named_unit_scope(ctx: ServiceContext, name_or_code: str) -> set[int]:
    """`unit_scope` of a unit the user names by code or name (the command line's --unit); an unknown or
    ambiguous one is refused with a Vietnamese message."""
    unit_id = find_unit(ctx, name_or_code)
    if unit_id is None:
        raise UserError(f"Không có đơn vị “{name_or_code}”. Hãy kiểm tra tên hoặc mã đơn vị.")
    return unit_scope(ctx, unit_id)


def eligibility(
    ctx: ServiceContext,
    year: int,
    code: str | None = None,
    unit: str | None = None,
    histories: Histories | None = None,
) -> Candidates:
    """Who is eligible in `year` for `code` (every code when None), in the whole province or a unit.
    An unknown code or unit is refused with a Vietnamese message."""
    codes = None
    if code:
        code = code.strip().upper()
        known = known_codes(ctx)
        if code not in known:
            raise unknown_code(code, known)
        if code not in ALL_CODES:
            raise UserError(f"Chương trình chưa có quy tắc xét “{code}” ({known[code]}).")
        codes = [code]
    unit_ids = named_unit_scope(ctx, unit) if unit else None
    return who_is_eligible(histories or load_histories(ctx), year, codes, unit_ids)
