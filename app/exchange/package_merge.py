"""Merging a package's records into this database: what is added, what is changed, what conflicts, and
what waits for the clerk.

Every record of a version-2 package carries its uid (app.exchange.package_data): a record found here by
that uid is the same record, whatever it looks like now, and a record added from a package keeps it.
Natural keys only match records whose uid is unknown here (records made before identifiers existed,
another office's own entry of the same person, version-1 packages), and only among our records that the
package does not name by uid and that no other record of the package took, so that two records are never
joined because they look alike:
- units by code, then by name (current or former) under the same parent;
- people by exact name (app.text.identity: every mark counts) and birth date (or birth year when only
  that is known); namesakes here are told apart by the staff code, then the unit, then the position. A
  name written without marks on one side is only a probable match: it waits for review unless probable matches are accepted;
- postings by (person, unit, start); ratings by (person or unit, year); initiatives by (title, year,
  unit), never across two different numbers of the decision recognising them; decisions by issuer,
  number and year of issue (or register entry, or year and subject); awards by (person or unit, title or form, year),
  forms adding the decision's number; register entries by (year, symbol, number).
A natural key that fits several of our records cannot say which one is meant: that record is listed for
review ("Cần xem xét") and left out with the records that hang on it, never merged and never blamed on
the sender; the rest of the package is taken. A record matched by natural key keeps our uid: the
package's refs tie its other records to ours.

The conflict rule, the same for every record: this database is kept as it is. A field empty here and
set in the package is filled in (a change); a field set on both sides with different values is a
conflict: ours stays and the difference is listed for the clerk to check. Register entries (sổ văn bản
đi) are taken only from a package of this same agency (or into a database that has no agency yet);
another agency's decisions arrive as outside decisions, with their number as text.

Everything runs in the caller's one transaction; any error means nothing is written. Additions of the
large kinds (people, postings, ratings, awards, initiatives) go in as one bulk insert each.
"""

from __future__ import annotations

import enum
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.domain.agency import level_from_parent
from app.exchange.package_data import (
    AGENCY,
    AWARD,
    DECISION,
    DOCUMENT,
    INITIATIVE,
    PERSON,
    POSTING,
    RATING,
    UNIT,
    UNIT_NAME,
    BadPackageData,
    fields_in,
    out,
    value_in,
)
from app.services.versions import version_moved
from app.text import birth_text, clean, fold, name_sort_key, nfc, vn_date
from app.text.identity import NameIndex, name_identity, narrow, same_words
from app.text.numbers import int_text
from database.bulk import insert_rows, one_of
from database.enums import AwardCategory, AwardSource
from database.models import (
    Agency,
    Award,
    AwardType,
    Decision,
    Initiative,
    InitiativeAuthor,
    OutgoingDocument,
    Person,
    Posting,
    Rating,
    Unit,
    UnitName,
)

KINDS = {
    "agency": "Cơ quan",
    "units": "Đơn vị",
    "unit_names": "Tên cũ của đơn vị",
    "persons": "Cán bộ",
    "postings": "Quá trình công tác",
    "ratings": "Xếp loại",
    "initiatives": "Sáng kiến",
    "initiative_authors": "Tác giả sáng kiến",
    "decisions": "Quyết định",
    "awards": "Khen thưởng",
    "documents": "Văn bản đi",
}
FIELD_LABELS = {
    "code": "mã",
    "name": "tên",
    "full_name": "họ tên",
    "parent": "trực thuộc",
    "unit": "đơn vị",
    "level": "mức",
    "gender": "giới tính",
    "position": "chức vụ",
    "status": "trạng thái",
    "subject": "trích yếu",
    "bonus_amount": "tiền thưởng",
    "bonus_note": "ghi chú tiền thưởng",
    "revoked": "thu hồi",
    "decision": "quyết định",
    "issued_on": "ngày ký",
    "number_text": "số quyết định",
    "short_name": "tên tắt",
    "kind": "loại",
    "note": "ghi chú",
    "head_name": "thủ trưởng",
    "address": "địa chỉ",
    "phone": "điện thoại",
    "birth_date": "ngày sinh",
    "achievement": "thành tích",
    "unit_id": "đơn vị",
    "document_id": "văn bản",
    "decision_id": "quyết định",
    "staff_code": "mã cán bộ",
}
ADD, CHANGE, CONFLICT, REVIEW = "Thêm", "Sửa", "Xung đột", "Cần xem xét"
UID = re.compile(r"[0-9a-f]{32}")
CHUNK = 5000  # uids per IN (…) query: far below SQLite's limit on bound values
INSERT_CHUNK = 5000  # records added in one bulk insert


@dataclass(frozen=True, slots=True)
class PlanLine:
    kind: str  # a key of KINDS
    action: str  # ADD, CHANGE, CONFLICT or REVIEW
    what: str  # which record, as the clerk reads it
    detail: str = ""

    def as_json(self) -> dict:
        return {"kind": self.kind, "action": self.action, "what": self.what, "detail": self.detail}


@dataclass
class MergeReport:
    dry_run: bool
    source: str = ""  # who sent the package and when
    signature: Any = None  # app.exchange.package_signing.SignatureCheck: who signed it, if anyone
    added: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    conflicts: list[PlanLine] = field(default_factory=list)
    review: list[PlanLine] = field(
        default_factory=list
    )  # records left out: which of ours they are is unclear
    held: Counter = field(default_factory=Counter)  # records left out with one that waits for review
    errors: list[str] = field(default_factory=list)
    lines: list[PlanLine] = field(
        default_factory=list
    )  # every addition, change, conflict and review, in order

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.errors

    @property
    def anything(self) -> bool:
        return bool(sum(self.added.values()) or sum(self.changed.values()))

    def as_json(self) -> dict:
        return {
            "written": self.written,
            "source": self.source,
            "signature": self.signature.as_json() if self.signature is not None else None,
            "added": dict(self.added),
            "changed": dict(self.changed),
            "conflicts": [c.as_json() for c in self.conflicts],
            "review": [r.as_json() for r in self.review],
            "held": dict(self.held),
            "errors": list(self.errors),
        }

    def summary(self) -> str:
        def counts(counter: Counter) -> str:
            return (
                ", ".join(f"{int_text(n)} {KINDS[k].lower()}" for k, n in counter.items() if n) or "không có"
            )

        text = (
            f"Thêm mới: {counts(self.added)}. Bổ sung thông tin: {counts(self.changed)}. "
            f"Xung đột (giữ dữ liệu đang có): {int_text(len(self.conflicts))}."
        )
        if self.review:
            text += f" Cần xem xét, chưa nhập: {int_text(len(self.review))}"
            text += f" (kèm {counts(self.held)} phụ thuộc vào đó)." if sum(self.held.values()) else "."
        return text


class _Held(Exception):
    """The record hangs on one that waits for review: it is left out with it."""


class _Review(_Held):
    """The record itself waits for review (its line is already in the report)."""


class Known:
    """Our records of one kind, as a merge finds them: by the package's uid first; else by a natural key
    among the records the package does not name by uid and that no other record of the package took."""

    def __init__(self, ours: dict[int, dict], package_uids: set[str], **keys: Callable[[dict], Any]):
        self.ours = ours
        self.by_uid = {row["uid"]: i for i, row in ours.items()}
        self.taken: set[int] = set()
        self.index: dict[str, dict[Hashable, list[int]]] = {name: defaultdict(list) for name in keys}
        for i, row in ours.items():
            if row["uid"] in package_uids:
                continue
            for name, key in keys.items():
                for k in _keys(key(row)):
                    self.index[name][k].append(i)

    def take(self, row_id: int) -> int:
        self.taken.add(row_id)
        return row_id

    def by_uid_of(self, uid: str | None) -> int | None:
        found = self.by_uid.get(uid) if uid is not None else None
        return None if found is None else self.take(found)

    def candidates(self, name: str, key: Any) -> list[int]:
        seen: dict[int, None] = {}
        for k in _keys(key):
            seen.update((i, None) for i in self.index[name].get(k, ()) if i not in self.taken)
        return list(seen)

    def pick(self, candidates: list[int], *tests: Callable[[dict], bool]) -> tuple[int | None, list[int]]:
        """(the one record, []) — or (None, the records a key could not tell apart) — or (None, [])."""
        ours = self.ours
        candidates = narrow(candidates, *((lambda i, test=test: test(ours[i])) for test in tests))
        if len(candidates) == 1:
            return self.take(candidates[0]), []
        return None, candidates

    def find(
        self, uid: str | None, name: str, key: Any, *tests: Callable[[dict], bool]
    ) -> tuple[int | None, list[int]]:
        found = self.by_uid_of(uid)
        if found is not None:
            return found, []
        return self.pick(self.candidates(name, key), *tests)

    def add(self, row_id: int, row: dict) -> None:
        """A record just added: found by its uid from now on, never by a natural key."""
        self.ours[row_id] = {**row, "id": row_id}
        self.by_uid[row["uid"]] = self.take(row_id)

    def added_in_bulk(self, row_id: int, uid: str) -> None:
        """A record added in bulk: taken, and known by its uid; its values are not kept (a package's
        uids are each met once, so nothing looks it up again)."""
        self.by_uid[uid] = self.take(row_id)


def _keys(key: Any) -> Iterable:
    # A key function may give one key, a list of keys (a unit's current and former names) or None.
    if key is None:
        return ()
    return key if isinstance(key, list) else (key,)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, enum.Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(out(value))


def _same(a: Any, b: Any) -> bool:
    return out(a) == out(b)


def _text(value: Any) -> Any:
    # NFC only: multi-line fields (nơi nhận) keep their line breaks, which clean() would fold away.
    return nfc(value) if isinstance(value, str) else value


def package_uids(records: Iterable[Any]) -> set[str]:
    return {r["uid"] for r in records if isinstance(r, dict) and isinstance(r.get("uid"), str)}


def _chunks(values: list) -> Iterable[list]:
    return (values[start : start + CHUNK] for start in range(0, len(values), CHUNK))


@dataclass
class Facts:
    """What a merge must know of a kind's records before it takes them one by one: their uids, their
    years, the folded names of people, the uids of the units' former names."""

    uids: set[str] = field(default_factory=set)  # during a merge: those not yet met (Merge.uid_of)
    years: set = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    former_uids: set[str] = field(default_factory=set)

    def add(self, kind: str, record: Any) -> None:
        if not isinstance(record, dict):
            return
        uid = record.get("uid")
        if isinstance(uid, str):
            self.uids.add(uid)
        self.years.add(record.get("year"))
        if kind == "persons":
            # Exact and probable matches both fold to the same letters.
            self.names.add(fold(name_identity(record.get("full_name"))))
        elif kind == "units":
            self.former_uids |= package_uids(record.get("former_names") or [])


class Sections:
    """The records a merge takes, as it reads them: the package's own fields, each kind's records one by
    one, and each kind's Facts. This one holds them whole in a dict (a whole database's merge, tests);
    app.exchange.package_stream.PackageData reads a package's data.json as a stream instead."""

    def __init__(self, data: dict):
        self.data = data

    def value(self, key: str) -> Any:
        return self.data.get(key)

    def records(self, kind: str) -> Iterable[Any]:
        value = self.data.get(kind) or []
        if not isinstance(value, list):
            raise BadPackageData(f"“{kind}” không phải danh sách")
        return value

    def facts(self, kind: str) -> Facts:
        facts = Facts()
        for record in self.records(kind):
            facts.add(kind, record)
        return facts


class _Additions:
    """The records of a kind to add, inserted in bulk INSERT_CHUNK at a time as they come (memory follows the
    chunk, not the package); `then(ids, rows, extras)` after each insert, with our new ids when `known`."""

    def __init__(self, merge: Merge, kind: str, model, known: Known | None, then) -> None:
        self.merge, self.kind, self.model, self.known, self.then = merge, kind, model, known, then
        self.rows: list[tuple[dict, str, str]] = []
        self.extras: list = []

    def __call__(self, row: dict, what: str, detail: str, extra: Any = None) -> None:
        self.rows.append((row, what, detail))
        self.extras.append(extra)
        if len(self.rows) >= INSERT_CHUNK:
            self.flush()

    def flush(self) -> None:
        ids = self.merge.insert_many(self.kind, self.model, self.rows, self.known)
        if self.then is not None:
            self.then(ids, self.rows, self.extras)
        self.rows, self.extras = [], []


class Merge:
    SOURCE = "gói"  # how the lines name the other side: "gói ghi …"

    def __init__(self, s: Session, data: dict | Sections, report: MergeReport, accept_probable: bool = False):
        self.s, self.report = s, report
        self.sections = data if isinstance(data, Sections) else Sections(data)
        self.accept_probable = accept_probable
        self.refs: dict[str, dict[Any, int]] = {k: {} for k in ("units", "persons", "decisions", "documents")}
        self.held: dict[str, set] = {k: set() for k in ("units", "persons", "decisions")}
        self.known_facts: dict[str, Facts] = {}
        self.unit_names: dict[int, str] = {}
        self.person_labels: dict[int, str] = {}
        self.decision_status: dict[int, Any] | None = None  # by id, read when an award first needs it

    # --- reporting -------------------------------------------------------------------------------------
    def added(self, kind: str, what: str, detail: str = "") -> None:
        self.report.added[kind] += 1
        self.report.lines.append(PlanLine(kind, ADD, what, detail))

    def conflict(self, kind: str, what: str, detail: str) -> None:
        line = PlanLine(kind, CONFLICT, what, detail)
        self.report.conflicts.append(line)
        self.report.lines.append(line)

    def review(self, kind: str, what: str, detail: str) -> _Review:
        """List the record for the clerk; the caller raises what this returns to leave it out."""
        line = PlanLine(kind, REVIEW, what, detail)
        self.report.review.append(line)
        self.report.lines.append(line)
        return _Review()

    def error(self, message: str) -> None:
        self.report.errors.append(message)

    def _locked(self, model, ours: dict) -> tuple[str, ...]:
        """The fields an issued document, decision or award keeps as issued (migration 0008's triggers)."""
        from app.services.decisions import LOCKED_AWARD, LOCKED_DECISION
        from app.services.documents import LOCKED_DOCUMENT

        def issued(status) -> bool:
            return status is not None and getattr(status, "value", status) != "DRAFT"

        if model is OutgoingDocument and issued(ours.get("status")):
            return LOCKED_DOCUMENT
        if model is Decision and issued(ours.get("status")):
            return LOCKED_DECISION
        if model is Award and ours.get("decision_id") is not None:
            if self.decision_status is None:  # once, not once an award: decisions are few
                self.decision_status = dict(self.s.execute(select(Decision.id, Decision.status)).all())
            return LOCKED_AWARD if issued(self.decision_status.get(ours["decision_id"])) else ()
        return ()

    def merge(self, kind: str, what: str, model, row_id: int, ours: dict, theirs: dict) -> None:
        """Fill what is empty here; list what differs; never overwrite (the rule in the module text). What
        was issued here stays as issued: a field of it the package would fill is listed as a conflict."""
        updates, filled = {}, []
        locked: tuple[str, ...] | None = None  # found only when a field differs: most records are the same
        for name, value in theirs.items():
            mine = ours.get(name)
            if value is None or value == "" or value == mine or _same(mine, value):
                continue
            if locked is None:
                locked = self._locked(model, ours)
            if (mine is None or mine == "") and name in locked:
                label = FIELD_LABELS.get(name, name)
                self.conflict(
                    kind,
                    what,
                    f"{label}: đã ban hành ở đây, không điền thêm “{_shown(value)}” từ {self.SOURCE}",
                )
            elif mine is None or mine == "":
                updates[name] = value
                filled.append(f"{FIELD_LABELS.get(name, name)}: {_shown(value)}")
            else:
                self.conflict(
                    kind,
                    what,
                    f"{FIELD_LABELS.get(name, name)}: đang có “{_shown(mine)}”, {self.SOURCE} ghi “{_shown(value)}”",
                )
        if updates:
            # the fill moves the version: a form still showing the gap is stale, not saved over it
            self.s.execute(update(model).where(model.id == row_id).values(**updates, **version_moved(model)))
            ours.update(updates)
            self.report.changed[kind] += 1
            self.report.lines.append(PlanLine(kind, CHANGE, what, "; ".join(filled)))

    # --- reading the package -----------------------------------------------------------------------------
    def records(self, kind: str) -> Iterable[Any]:
        return self.sections.records(kind)

    def facts(self, kind: str) -> Facts:
        """The kind's Facts, asked of the sections once; its uids are taken off as `uid_of` meets them."""
        if kind not in self.known_facts:
            self.known_facts[kind] = self.sections.facts(kind)
        return self.known_facts[kind]

    def plain(self, model, names: tuple[str, ...], record: dict) -> dict:
        return {k: _text(v) for k, v in fields_in(model, names, record).items()}

    def uid_of(self, kind: str, record: dict) -> str | None:
        """The record's uid; None in a version-1 package. A malformed or repeated one spoils the package."""
        uid = record.get("uid")
        if uid is None:
            return None
        if not isinstance(uid, str) or not UID.fullmatch(uid):
            raise BadPackageData(f"mã định danh {KINDS[kind].lower()} “{uid}” không hợp lệ")
        unmet = self.facts("units").former_uids if kind == "unit_names" else self.facts(kind).uids
        if uid not in unmet:  # every uid of the package is in its kind's facts until it is met once
            raise BadPackageData(f"hai bản ghi {KINDS[kind].lower()} cùng mã định danh {uid}")
        unmet.discard(uid)
        return uid

    def ref(self, kind: str, ref: Any, what: str) -> int:
        """Our id of a record the package names by its ref."""
        found = self.refs[kind].get(ref)
        if found is not None:
            return found
        if ref in self.held.get(kind, ()):
            raise _Held
        raise BadPackageData(f"{what} trỏ tới {KINDS[kind].lower()} không có trong gói")

    def each(self, kind: str, records: Iterable[dict], take: Callable[[dict], None]) -> None:
        """take(record) for every record; one left out for review takes its dependants with it."""
        for record in records:
            if not isinstance(record, dict):
                raise BadPackageData(f"một bản ghi {KINDS[kind].lower()} không phải đối tượng")
            try:
                take(record)
            except _Held as held:
                if not isinstance(held, _Review):
                    self.report.held[kind] += 1
                if kind in self.held:
                    self.held[kind].add(record.get("ref"))

    # --- our records ---------------------------------------------------------------------------------------
    def ours(
        self,
        model,
        names: tuple[str, ...],
        *extra,
        where=None,
        among=None,
        outerjoin=None,
        uids: Iterable[str] = (),
    ) -> dict[int, dict]:
        """Our records of a kind (those `where` selects, or all; with `among` = (column, values) only those
        whose column holds one of the values, asked in chunks), and any other that holds one of `uids`.
        What is loaded follows the package, not the size of this database."""
        statement = select(model.id, model.uid, *(model.__table__.c[n] for n in names), *extra)
        if outerjoin is not None:
            statement = statement.outerjoin(*outerjoin)

        def fetch(condition) -> dict[int, dict]:
            chosen = statement if condition is None else statement.where(condition)
            return {row["id"]: dict(row) for row in self.s.connection().execute(chosen).mappings()}

        if among is None:
            rows = fetch(where)
        else:
            column, values = among
            rows = {}
            for chunk in _chunks(sorted({v for v in values if v is not None})):
                among_chunk = one_of(self.s, column, chunk)
                rows.update(fetch(among_chunk if where is None else where & among_chunk))
        if where is not None or among is not None:
            for chunk in _chunks(sorted(set(uids) - {r["uid"] for r in rows.values()})):
                rows.update(fetch(one_of(self.s, model.uid, chunk)))
        return rows

    def insert_one(self, kind: str, model, values: dict, known: Known, what: str, detail: str = "") -> int:
        row_id = self.s.scalar(insert(model).values(**values).returning(model.id))
        known.add(row_id, values)
        self.added(kind, what, detail)
        return row_id

    def insert_many(
        self, kind: str, model, rows: list[tuple[dict, str, str]], known: Known | None = None
    ) -> list[int]:
        """One bulk insert of (values, what, detail) rows; with `known`, our new ids in the same order."""
        if not rows:
            return []
        table = model.__table__
        # In bulk, then the ids by uid: RETURNING in parameter order makes SQLite insert row by row.
        insert_rows(self.s.connection(), table, [r[0] for r in rows])
        ids: list[int] = []
        if known is not None:
            uids = [r[0]["uid"] for r in rows]
            by_uid: dict[str, int] = {}
            for chunk in _chunks(uids):
                by_uid.update(
                    (u, i)
                    for i, u in self.s.execute(
                        select(table.c.id, table.c.uid).where(one_of(self.s, table.c.uid, chunk))
                    )
                )
            ids = [by_uid[u] for u in uids]
            for row_id, uid in zip(ids, uids, strict=True):
                known.added_in_bulk(row_id, uid)
        for _row, what, detail in rows:
            self.added(kind, what, detail)
        return ids

    def additions(self, kind: str, model, known: Known | None = None, then=None) -> _Additions:
        return _Additions(self, kind, model, known, then)

    def subject(self, record: dict, what: str) -> tuple[str, int]:
        """("p", our person id) or ("u", our unit id) for a record about a person or a unit."""
        if record.get("person") is not None:
            return "p", self.ref("persons", record["person"], what)
        return "u", self.ref("units", record.get("unit"), what)

    def subject_name(self, subject: tuple[str, int]) -> str:
        if subject[0] == "u":
            return self.unit_names.get(subject[1], "")
        return self.person_labels.get(subject[1], "")

    # --- the whole ---------------------------------------------------------------------------------------
    STEPS = 9  # what run() reports progress in: the agency, then each kind below

    def run(self, progress: Callable[[int], None] | None = None) -> bool:
        """Returns whether register entries were taken (same agency). `progress(n)` after each of the
        STEPS kinds is merged."""
        step = progress or (lambda _done: None)
        same_agency = self.agency()
        step(1)
        kinds = (
            lambda: self.documents_in(same_agency),
            self.units_in,
            self.persons_in,
            self.postings_in,
            self.ratings_in,
            self.decisions_in,
            self.awards_in,
            self.initiatives_in,
        )
        for done, kind in enumerate(kinds, start=2):
            kind()
            step(done)
        return same_agency

    def agency(self) -> bool:
        theirs = self.sections.value("agency")
        ours = self.s.execute(select(Agency.name, Agency.symbol)).first()
        if not theirs:
            return ours is None
        if ours is None:
            # A package does not carry the level: it follows the parent's name, as the migration infers it.
            level = level_from_parent(theirs.get("parent_name"))
            self.s.execute(insert(Agency).values(**self.plain(Agency, AGENCY, theirs), level=level))
            self.added("agency", clean(theirs.get("name")) or "")
            return True
        return fold(ours[0]) == fold(theirs.get("name") or "") and ours[1] == theirs.get("symbol")

    # --- register entries --------------------------------------------------------------------------------
    def documents_in(self, same_agency: bool) -> None:
        theirs = self.records("documents")
        facts = self.facts("documents")
        uids = facts.uids
        ours = self.ours(OutgoingDocument, DOCUMENT, where=OutgoingDocument.year.in_(facts.years), uids=uids)
        known = Known(ours, uids, key=lambda r: (r["year"], r["symbol"], r["number"]))
        # Both are unique keys here, whoever holds them.
        numbers = {(r["series"], r["year"], r["number"]) for r in ours.values()}
        symbols = {(r["year"], r["symbol"], r["number"]) for r in ours.values()}

        def take(record: dict) -> None:
            values = self.plain(OutgoingDocument, DOCUMENT, record)
            uid = self.uid_of("documents", record)
            what = f"{values['number']}/{values['symbol']} ({values['year']})"
            found, _ = known.find(uid, "key", (values["year"], values["symbol"], values["number"]))
            if found is not None:
                self.refs["documents"][record.get("ref")] = found
                self.merge("documents", what, OutgoingDocument, found, ours[found], values)
            elif not same_agency:
                return  # another agency's register is not ours to keep
            elif (values["series"], values["year"], values["number"]) in numbers or (
                values["year"],
                values["symbol"],
                values["number"],
            ) in symbols:
                self.conflict("documents", what, "số này trong sổ đã dùng cho văn bản khác; không thêm")
            else:
                self.refs["documents"][record.get("ref")] = self.insert_one(
                    "documents",
                    OutgoingDocument,
                    {**values, "uid": uid or _new_uid()},
                    known,
                    what,
                    values["subject"] or "",
                )
                numbers.add((values["series"], values["year"], values["number"]))
                symbols.add((values["year"], values["symbol"], values["number"]))

        self.each("documents", theirs, take)

    # --- units -------------------------------------------------------------------------------------------
    def units_in(self) -> None:
        theirs = list(self.records("units"))  # a few hundred: the tree is ordered parents first
        facts = self.facts("units")
        ours = self.ours(Unit, UNIT, Unit.parent_id)
        former: dict[int, set[str]] = defaultdict(set)
        names = self.ours(UnitName, UNIT_NAME, UnitName.unit_id)
        for row in names.values():
            former[row["unit_id"]].add(fold(row["name"]))
        for i, r in ours.items():
            self.unit_names[i] = r["name"]
        known = Known(
            ours,
            facts.uids,
            code=lambda r: r["code"] or None,
            name=lambda r: [fold(r["name"]), *former[r["id"]]],
        )
        codes = {r["code"] for r in ours.values() if r["code"]}
        known_names = Known(names, facts.former_uids)

        def take(record: dict) -> None:
            values = self.plain(Unit, UNIT, record)
            if not values["name"]:
                raise BadPackageData("đơn vị không có tên")
            uid = self.uid_of("units", record)
            parent = (
                self.ref("units", record["parent"], "đơn vị") if record.get("parent") is not None else None
            )
            found = known.by_uid_of(uid)
            if found is None and values["code"]:
                found, _ = known.find(None, "code", values["code"])
            if found is None:
                names_here = [fold(values["name"])] + [
                    fold(n.get("name") or "") for n in record.get("former_names") or [] if isinstance(n, dict)
                ]
                # A name alone never decides: "Khoa Nội" recurs under every hospital.
                found, several = known.pick(
                    [i for i in known.candidates("name", names_here) if ours[i]["parent_id"] == parent]
                )
                if several:
                    raise self.review(
                        "units",
                        values["name"],
                        f"ở đây có {len(several)} đơn vị tên này cùng cấp, "
                        "không biết là đơn vị nào; chưa nhập đơn vị này và dữ liệu của nó. Hãy ghi mã "
                        "đơn vị cho giống nhau ở hai nơi rồi nhập lại.",
                    )
            if found is None:
                if values["code"] in codes:
                    raise self.review(
                        "units",
                        values["name"],
                        f"mã đơn vị “{values['code']}” ở đây đã dùng cho "
                        "đơn vị khác; chưa nhập đơn vị này và dữ liệu của nó.",
                    )
                found = self.insert_one(
                    "units",
                    Unit,
                    {
                        **values,
                        "name_folded": fold(values["name"]),
                        "parent_id": parent,
                        "uid": uid or _new_uid(),
                    },
                    known,
                    values["name"],
                )
                if values["code"]:
                    codes.add(values["code"])
            else:
                mine = ours[found]
                if fold(values["name"]) in former[found]:
                    values["name"] = mine["name"]  # theirs is a name we know it had before
                self.merge("units", mine["name"], Unit, found, mine, values)
                if parent is not None and mine["parent_id"] != parent:
                    self.conflict(
                        "units",
                        mine["name"],
                        f"trực thuộc: đang có "
                        f"“{self.unit_names.get(mine['parent_id'], '(không)')}”, {self.SOURCE} ghi "
                        f"“{self.unit_names.get(parent, '')}”",
                    )
            self.refs["units"][record.get("ref")] = found
            self.unit_names.setdefault(found, values["name"])
            self._former_names(found, record, former, fold(ours[found]["name"]), known_names)

        self.each("units", self._parents_first(theirs), take)

    def _parents_first(self, records: list[dict]) -> list[dict]:
        done: set = set()
        ordered: list[dict] = []
        pending = [r for r in records if isinstance(r, dict)]
        while pending:
            ready = [r for r in pending if r.get("parent") is None or r.get("parent") in done]
            if not ready:
                raise BadPackageData("cây đơn vị có vòng lặp hoặc đơn vị cha không có trong gói")
            ordered += ready
            done |= {r.get("ref") for r in ready}
            taken = {id(r) for r in ready}
            pending = [r for r in pending if id(r) not in taken]
        return ordered

    def _former_names(
        self, unit_id: int, record: dict, former: dict[int, set[str]], current: str, known: Known
    ) -> None:
        for entry in record.get("former_names") or []:
            values = self.plain(UnitName, UNIT_NAME, entry)
            uid = self.uid_of("unit_names", entry)
            if known.by_uid_of(uid) is not None:
                continue
            if (
                not values["name"]
                or fold(values["name"]) in former[unit_id]
                or fold(values["name"]) == current
            ):
                continue
            self.insert_one(
                "unit_names",
                UnitName,
                {**values, "unit_id": unit_id, "uid": uid or _new_uid()},
                known,
                f"{self.unit_names.get(unit_id, '')}: {values['name']}",
            )
            former[unit_id].add(fold(values["name"]))

    # --- people ------------------------------------------------------------------------------------------
    def persons_in(self) -> None:
        theirs = self.records("persons")
        facts = self.facts("persons")
        uids = facts.uids
        # Only our people of the package's folded names can match (exactly or probably).
        ours = self.ours(Person, PERSON, Person.unit_id, among=(Person.name_folded, facts.names), uids=uids)
        known = Known(ours, uids, exact=lambda r: _person_key(r["full_name"], _birth_key(r)))
        names: NameIndex[int] = NameIndex()  # for probable matches, among those natural keys may match
        for i, r in ours.items():
            if r["uid"] not in uids:
                names.add(r["full_name"], i)

        def registered(ids: list[int], rows: list[tuple[dict, str, str]], refs: list) -> None:
            for ref, (row, _what, _detail), pid in zip(refs, rows, ids, strict=True):
                self.refs["persons"][ref] = pid
                self.person_labels[pid] = row["full_name"]

        new = self.additions("persons", Person, known, registered)

        def take(record: dict) -> None:
            values = self.plain(Person, PERSON, record)
            if not values["full_name"]:
                raise BadPackageData("cán bộ không có họ tên")
            uid = self.uid_of("persons", record)
            values["unit_id"] = (
                self.ref("units", record["unit"], "cán bộ") if record.get("unit") is not None else None
            )
            what = f"{values['full_name']} ({birth_text(values['birth_date'], values['birth_year']) or 'không rõ'})"
            found = self._person(known, names, uid, values, what)
            if found is not None:
                self.merge("persons", what, Person, found, ours[found], values)
                self.refs["persons"][record.get("ref")] = found
                self.person_labels[found] = values["full_name"]
                return
            new(
                {
                    **values,
                    "uid": uid or _new_uid(),
                    "name_folded": fold(values["full_name"]),
                    "sort_key": name_sort_key(values["full_name"]),
                },
                what,
                self.unit_names.get(values["unit_id"], ""),
                record.get("ref"),
            )

        self.each("persons", theirs, take)
        new.flush()

    def _person(
        self, known: Known, names: NameIndex[int], uid: str | None, values: dict, what: str
    ) -> int | None:
        """Our person the record is: by uid; else by exact name and birth, namesakes told apart by staff
        code, unit and position; a probable match (marks missing on one side) only when accepted."""
        found = known.by_uid_of(uid)
        if found is not None:
            return found
        name = values["full_name"]
        tests = (
            lambda r: same_words(r["staff_code"], values["staff_code"]),
            lambda r: r["unit_id"] == values["unit_id"],
            lambda r: name_identity(r["position"]) == name_identity(values["position"]),
        )
        keys = [_person_key(name, _birth_key(values))]
        if values["birth_date"] and values["birth_year"]:
            keys.append(_person_key(name, str(values["birth_year"])))  # ours may know the year only
        candidates = known.candidates("exact", keys)
        found, several = known.pick(candidates, *tests)
        if several:
            return self.namesakes(several, what)
        if found is not None or candidates:
            return found
        probable = [
            i
            for i in names.probable(name)
            if i not in known.taken and _birth_key(known.ours[i]) == _birth_key(values)
        ]
        return self.probable(known, probable, uid, what) if probable else None

    def namesakes(self, several: list[int], what: str) -> int | None:
        """Several of ours share the record's name and birth and nothing tells them apart: left out here."""
        raise self.review(
            "persons",
            what,
            f"ở đây có {len(several)} người cùng họ tên và ngày sinh này, mã cán "
            "bộ, đơn vị và chức vụ cũng không phân biệt được; chưa nhập người này và dữ liệu của "
            "họ. Hãy kiểm tra hồ sơ ở đây rồi nhập lại.",
        )

    def probable(self, known: Known, probable: list[int], uid: str | None, what: str) -> int | None:
        """Ours whose name differs from the record's only by marks (same birth): taken only when accepted."""
        if len(probable) == 1 and self.accept_probable:
            return known.take(probable[0])
        here = ", ".join(f"“{known.ours[i]['full_name']}”" for i in probable)
        raise self.review(
            "persons",
            what,
            f"có thể là {here} đang có ở đây (một bên viết không dấu); chưa nhập "
            "người này và dữ liệu của họ. Hãy kiểm tra, rồi nhập lại và chọn nhận các trường hợp "
            "gần đúng (--accept-probable).",
        )

    def links(self, kind: str, record: dict) -> dict:
        """Columns a record added gets besides what a package carries (a whole database's merge: an award's
        nomination, an initiative's award)."""
        return {}

    def decision_key(self, values: dict, document: int | None) -> tuple | None:
        """The natural key a decision of the package is looked for by (None: only by its uid)."""
        return _decision_key(values, document)

    def postings_in(self) -> None:
        theirs = self.records("postings")
        uids = self.facts("postings").uids
        # A posting's natural key holds its person: only the postings of the people the package names can match.
        ours = self.ours(
            Posting,
            POSTING,
            Posting.person_id,
            Posting.unit_id,
            among=(Posting.person_id, self.refs["persons"].values()),
            uids=uids,
        )
        known = Known(ours, uids, key=lambda r: (r["person_id"], r["unit_id"], r["start_date"]))
        new = self.additions("postings", Posting)

        def take(record: dict) -> None:
            pid = self.ref("persons", record.get("person"), "quá trình công tác")
            unit = self.ref("units", record.get("unit"), "quá trình công tác")
            values = self.plain(Posting, POSTING, record)
            uid = self.uid_of("postings", record)
            what = self.person_labels[pid]
            detail = f"{self.unit_names.get(unit, '')} từ {vn_date(values['start_date']) or '?'}"
            found, several = known.find(uid, "key", (pid, unit, values["start_date"]))
            if several:
                raise self.review(
                    "postings",
                    f"{what}: {detail}",
                    f"ở đây có {len(several)} quá trình công tác giống hệt; chưa nhập.",
                )
            if found is not None:
                self.merge("postings", f"{what}: {detail}", Posting, found, ours[found], values)
                return
            new({**values, "person_id": pid, "unit_id": unit, "uid": uid or _new_uid()}, what, detail)

        self.each("postings", theirs, take)
        new.flush()

    # --- ratings, decisions, awards, initiatives ---------------------------------------------------------
    def ratings_in(self) -> None:
        theirs = self.records("ratings")
        facts = self.facts("ratings")
        uids = facts.uids
        ours = self.ours(
            Rating, RATING, Rating.person_id, Rating.unit_id, uids=uids, where=Rating.year.in_(facts.years)
        )
        known = Known(ours, uids, key=lambda r: (_subject_of(r), r["year"]))
        occupied = {(_subject_of(r), r["year"]) for r in ours.values()}  # one rating a year (a unique key)
        new = self.additions("ratings", Rating)

        def take(record: dict) -> None:
            subject = self.subject(record, "xếp loại")
            values = self.plain(Rating, RATING, record)
            uid = self.uid_of("ratings", record)
            what = f"{self.subject_name(subject)} – năm {values['year']}"
            found, _ = known.find(uid, "key", (subject, values["year"]))
            if found is not None:
                self.merge("ratings", what, Rating, found, ours[found], values)
            elif (subject, values["year"]) in occupied:
                self.conflict(
                    "ratings", what, "ở đây đã có một xếp loại khác của năm này; giữ xếp loại đang có"
                )
            else:
                occupied.add((subject, values["year"]))
                new(
                    {**values, **_subject_columns(subject), "uid": uid or _new_uid()},
                    what,
                    _shown(values["level"]),
                )

        self.each("ratings", theirs, take)
        new.flush()

    def decisions_in(self) -> None:
        theirs = self.records("decisions")
        ours = self.ours(Decision, DECISION, Decision.document_id)
        known = Known(ours, self.facts("decisions").uids, key=lambda r: _decision_key(r, r["document_id"]))
        key_of = self.decision_key
        linked = {r["document_id"] for r in ours.values() if r["document_id"] is not None}

        def take(record: dict) -> None:
            values = self.plain(Decision, DECISION, record)
            uid = self.uid_of("decisions", record)
            document = self.refs["documents"].get(record.get("document"))
            what = values["number_text"] or values["subject"] or ""
            found, several = known.find(
                uid, "key", key_of(values, document), lambda r: r["issued_on"] == values["issued_on"]
            )
            if several:
                raise self.review(
                    "decisions",
                    what,
                    f"ở đây có {len(several)} quyết định cùng cơ quan ban hành và "
                    "số này; chưa nhập quyết định này và các khen thưởng theo nó.",
                )
            if document in linked and (found is None or ours[found]["document_id"] != document):
                document = None  # that register entry already belongs to another decision here
            if found is not None:
                self.merge(
                    "decisions", what, Decision, found, ours[found], {**values, "document_id": document}
                )
            else:
                found = self.insert_one(
                    "decisions",
                    Decision,
                    {**values, "document_id": document, "uid": uid or _new_uid()},
                    known,
                    what,
                    values["subject"] or "",
                )
            if document is not None:
                linked.add(document)
            self.refs["decisions"][record.get("ref")] = found

        self.each("decisions", theirs, take)

    def awards_in(self) -> None:
        theirs = self.records("awards")
        types = {
            code: (tid, is_title, name)
            for code, tid, is_title, name in self.s.execute(
                select(
                    AwardType.code,
                    AwardType.id,
                    AwardType.category == AwardCategory.TITLE,
                    AwardType.short_name,
                )
            )
        }
        facts = self.facts("awards")
        uids = facts.uids
        ours = self.ours(
            Award,
            AWARD,
            Award.person_id,
            Award.unit_id,
            Award.award_type_id,
            Award.is_title,
            Award.decision_id,
            func.coalesce(Award.decision_number, Decision.number_text).label("number"),
            where=Award.year.in_(facts.years),
            outerjoin=(Decision, Decision.id == Award.decision_id),
            uids=uids,
        )
        known = Known(
            ours,
            uids,
            key=lambda r: _award_key(
                _subject_of(r), r["award_type_id"], r["year"], r["is_title"], r["number"]
            ),
        )
        numbers = {
            r.get("ref"): r.get("number_text") for r in self.records("decisions") if isinstance(r, dict)
        }
        missing_types: set[str] = set()
        new = self.additions("awards", Award)

        def take(record: dict) -> None:
            kind = types.get(record.get("type"))
            if kind is None:
                missing_types.add(str(record.get("type")))
                return
            tid, is_title, type_name = kind
            subject = self.subject(record, "khen thưởng")
            values = self.plain(Award, AWARD, record)
            uid = self.uid_of("awards", record)
            decision = record.get("decision")
            values["decision_id"] = (
                self.ref("decisions", decision, "khen thưởng") if decision is not None else None
            )
            if values["source"] == AwardSource.DECISION and values["decision_id"] is None:
                raise BadPackageData("khen thưởng theo quyết định mà quyết định không có trong gói")
            number = values["decision_number"] or numbers.get(decision)
            what = f"{type_name} {values['year']} – {self.subject_name(subject)}"
            # A valid title and a revoked one may share the key: the record's own state tells them apart.
            found, several = known.find(
                uid,
                "key",
                _award_key(subject, tid, values["year"], is_title, number),
                lambda r: r["revoked"] == values["revoked"],
            )
            if several:
                raise self.review(
                    "awards",
                    what,
                    f"ở đây có {len(several)} bản ghi khen thưởng giống hệt khóa này; chưa nhập.",
                )
            if found is not None:
                self.merge("awards", what, Award, found, ours[found], values)
                return
            new(
                {
                    **values,
                    **_subject_columns(subject),
                    **self.links("awards", record),
                    "award_type_id": tid,
                    "is_title": bool(is_title),
                    "uid": uid or _new_uid(),
                },
                what,
                number or "",
            )

        self.each("awards", theirs, take)
        new.flush()
        for code in sorted(missing_types):
            self.error(
                f"Danh mục khen thưởng ở đây không có mã “{code}”; hãy cập nhật chương trình rồi nhập lại."
            )

    def initiatives_in(self) -> None:
        theirs = self.records("initiatives")
        facts = self.facts("initiatives")
        uids = facts.uids
        ours = self.ours(
            Initiative, INITIATIVE, Initiative.unit_id, uids=uids, where=Initiative.year.in_(facts.years)
        )
        known = Known(ours, uids, key=lambda r: (name_identity(r["title"]), r["year"], r["unit_id"]))
        authors: dict[int, dict[int, Any]] = defaultdict(dict)
        for initiative, person, share in self.s.execute(
            select(InitiativeAuthor.initiative_id, InitiativeAuthor.person_id, InitiativeAuthor.share).where(
                InitiativeAuthor.initiative_id.in_(list(ours))
            )
        ):
            authors[initiative][person] = share

        def authored(ids: list[int], rows: list[tuple[dict, str, str]], authors: list) -> None:
            added = []
            for initiative, (_row, what, _detail), listed in zip(ids, rows, authors, strict=True):
                for pid, share in listed:
                    added.append({"initiative_id": initiative, "person_id": pid, "share": share})
                    self.added("initiative_authors", what, self.person_labels[pid])
            if added:
                insert_rows(self.s.connection(), InitiativeAuthor.__table__, added)

        new = self.additions("initiatives", Initiative, known, authored)

        def take(record: dict) -> None:
            values = self.plain(Initiative, INITIATIVE, record)
            uid = self.uid_of("initiatives", record)
            values["unit_id"] = (
                self.ref("units", record["unit"], "sáng kiến") if record.get("unit") is not None else None
            )
            listed = {
                self.ref("persons", a.get("person"), "tác giả sáng kiến"): value_in(
                    InitiativeAuthor, "share", a.get("share")
                )
                for a in record.get("authors") or []
                if isinstance(a, dict)
            }
            theirs_authors = list(listed.items())
            what = values["title"] or ""
            found = known.by_uid_of(uid)
            if found is None:
                # Recognised by two different decisions: two initiatives, however alike their titles.
                number = fold(values["decision_number"] or "")
                found, several = known.pick(
                    [
                        i
                        for i in known.candidates(
                            "key", (name_identity(values["title"]), values["year"], values["unit_id"])
                        )
                        if not number
                        or not ours[i]["decision_number"]
                        or fold(ours[i]["decision_number"]) == number
                    ]
                )
                if several:
                    raise self.review(
                        "initiatives",
                        what,
                        f"ở đây có {len(several)} sáng kiến cùng tên, năm và đơn "
                        "vị, không phân biệt được bằng số quyết định công nhận; chưa nhập.",
                    )
            if found is None:
                row = {**values, **self.links("initiatives", record), "uid": uid or _new_uid()}
                new(row, what, str(values["year"]), theirs_authors)
                return
            self.merge("initiatives", what, Initiative, found, ours[found], values)
            self._authors(found, what, authors[found], theirs_authors)

        self.each("initiatives", theirs, take)
        new.flush()

    def _authors(
        self, initiative: int, what: str, ours: dict[int, Any], theirs: list[tuple[int, Any]]
    ) -> None:
        """Authors are filled in when we have none; a different list is a conflict (shares must add up)."""
        if {pid for pid, _ in theirs} == set(ours) or not theirs:
            return
        if ours:

            def names(pids: Iterable[int]) -> str:
                return ", ".join(sorted(self.person_labels.get(p, f"#{p}") for p in pids))

            self.conflict(
                "initiatives",
                what,
                f"tác giả: đang có “{names(ours)}”, {self.SOURCE} ghi “{names(pid for pid, _ in theirs)}”",
            )
            return
        for pid, share in theirs:
            self.s.execute(
                insert(InitiativeAuthor).values(initiative_id=initiative, person_id=pid, share=share)
            )
            ours[pid] = share
            self.added("initiative_authors", what, self.person_labels[pid])


def _new_uid() -> str:
    # A record of a version-1 package: the same shape as the database's own default.
    return uuid.uuid4().hex


def _person_key(full_name: str, birth_key: str) -> tuple[str, str]:
    return name_identity(full_name), birth_key


def _birth_key(row: dict) -> str:
    return row["birth_date"].isoformat() if row["birth_date"] else str(row["birth_year"] or "")


def _subject_of(row: dict) -> tuple[str, int]:
    return ("p", row["person_id"]) if row["person_id"] is not None else ("u", row["unit_id"])


def _subject_columns(subject: tuple[str, int]) -> dict:
    return (
        {"person_id": subject[1], "unit_id": None}
        if subject[0] == "p"
        else {"person_id": None, "unit_id": subject[1]}
    )


def _decision_key(row: dict, document_id: int | None) -> tuple:
    issuer = fold(row["issuer"] or "")
    if row["number_text"]:
        # Numbers restart every year: "2724/QĐ-SYT" of 2023 is not that of 2025.
        issued = row["issued_on"].year if row["issued_on"] else row["year"]
        return ("n", issuer, fold(row["number_text"]), issued)
    if document_id is not None:
        return ("d", document_id)
    return ("s", issuer, row["year"], fold(row["subject"] or ""))


def _award_key(
    subject: tuple[str, int], type_id: int, year: int, is_title: bool, number: str | None
) -> tuple:
    # One title of a kind a year; forms may repeat, told apart by their decision.
    return (subject, type_id, year, "" if is_title else fold(number or ""))
