"""Merging a package's records into this database: what is added, what is changed, what conflicts.

Records are matched by natural keys, never by the sender's ids:
- units by code, then by name (current or former) under the same parent, then by a name found once;
- people by folded name and birth date (or birth year when only that is known), as the history import
  does (app.services.staff.person_key);
- ratings by (person or unit, year); initiatives by (title, year, unit: the same title recurs in
  several hospitals); decisions by issuer and number (or
  register entry, or year and subject); awards by (person or unit, title or form, year) — forms of award
  may repeat in a year, so theirs add the decision's number; register entries by (year, symbol, number).

The conflict rule, the same for every record: this database is kept as it is. A field empty here and
set in the package is filled in (a change); a field set on both sides with different values is a
conflict: ours stays and the difference is listed for the clerk to check. Register entries (sổ văn bản
đi) are taken only from a package of this same agency (or into a database that has no agency yet);
another agency's decisions arrive as outside decisions, with their number as text.

Everything runs in the caller's one transaction; any error means nothing is written.
"""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

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
from app.services.staff import person_key
from app.text import birth_text, clean, fold, name_sort_key, nfc, vn_date
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

KINDS = {"agency": "Cơ quan", "units": "Đơn vị", "unit_names": "Tên cũ của đơn vị", "persons": "Cán bộ",
         "postings": "Quá trình công tác", "ratings": "Xếp loại", "initiatives": "Sáng kiến",
         "initiative_authors": "Tác giả sáng kiến", "decisions": "Quyết định", "awards": "Khen thưởng",
         "documents": "Văn bản đi"}
FIELD_LABELS = {
    "code": "mã", "name": "tên", "full_name": "họ tên", "parent": "trực thuộc", "unit": "đơn vị",
    "level": "mức", "gender": "giới tính", "position": "chức vụ", "status": "trạng thái", "subject": "trích yếu",
    "bonus_amount": "tiền thưởng", "revoked": "thu hồi", "decision": "quyết định", "issued_on": "ngày ký",
    "number_text": "số quyết định", "short_name": "tên tắt", "kind": "loại", "note": "ghi chú",
    "head_name": "thủ trưởng", "address": "địa chỉ", "phone": "điện thoại", "birth_date": "ngày sinh",
    "achievement": "thành tích", "unit_id": "đơn vị", "document_id": "văn bản", "decision_id": "quyết định",
}
ADD, CHANGE, CONFLICT = "Thêm", "Sửa", "Xung đột"


@dataclass(frozen=True)
class PlanLine:
    kind: str  # a key of KINDS
    action: str  # ADD, CHANGE or CONFLICT
    what: str  # which record, as the clerk reads it
    detail: str = ""

    def as_json(self) -> dict:
        return {"kind": self.kind, "action": self.action, "what": self.what, "detail": self.detail}


@dataclass
class MergeReport:
    dry_run: bool
    source: str = ""  # who sent the package and when
    added: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    conflicts: list[PlanLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lines: list[PlanLine] = field(default_factory=list)  # every addition, change and conflict, in order

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.errors

    @property
    def anything(self) -> bool:
        return bool(sum(self.added.values()) or sum(self.changed.values()))

    def as_json(self) -> dict:
        return {"written": self.written, "source": self.source, "added": dict(self.added),
                "changed": dict(self.changed), "conflicts": [c.as_json() for c in self.conflicts],
                "errors": list(self.errors)}

    def summary(self) -> str:
        def counts(counter: Counter) -> str:
            return ", ".join(f"{n} {KINDS[k].lower()}" for k, n in counter.items() if n) or "không có"

        return (f"Thêm mới: {counts(self.added)}. Bổ sung thông tin: {counts(self.changed)}. "
                f"Xung đột (giữ dữ liệu đang có): {len(self.conflicts)}.")


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


class Merge:
    def __init__(self, s: Session, data: dict, report: MergeReport):
        self.s, self.data, self.report = s, data, report
        self.units: dict[Any, int] = {}  # package ref -> our id
        self.persons: dict[Any, int] = {}
        self.decisions: dict[Any, int] = {}
        self.documents: dict[Any, int] = {}
        self.unit_names: dict[int, str] = {}

    # --- reporting -------------------------------------------------------------------------------------
    def added(self, kind: str, what: str, detail: str = "") -> None:
        self.report.added[kind] += 1
        self.report.lines.append(PlanLine(kind, ADD, what, detail))

    def new(self, kind: str, model, values: dict, ours: dict[int, dict], what: str, detail: str = "") -> int:
        """Insert a record the database lacks; it is then known like ours (a repeat in the package merges)."""
        row_id = self.s.scalar(insert(model).values(**values).returning(model.id))
        ours[row_id] = {**values, "id": row_id}
        self.added(kind, what, detail)
        return row_id

    def error(self, message: str) -> None:
        self.report.errors.append(message)

    def merge(self, kind: str, what: str, model, row_id: int, ours: dict, theirs: dict) -> None:
        """Fill what is empty here; list what differs; never overwrite (the rule in the module text)."""
        updates, filled = {}, []
        for name, value in theirs.items():
            mine = ours.get(name)
            if value is None or value == "" or _same(mine, value):
                continue
            if mine is None or mine == "":
                updates[name] = value
                filled.append(f"{FIELD_LABELS.get(name, name)}: {_shown(value)}")
            else:
                conflict = PlanLine(kind, CONFLICT, what, f"{FIELD_LABELS.get(name, name)}: đang có "
                                    f"“{_shown(mine)}”, gói ghi “{_shown(value)}”")
                self.report.conflicts.append(conflict)
                self.report.lines.append(conflict)
        if updates:
            self.s.execute(update(model).where(model.id == row_id).values(**updates))
            ours.update(updates)
            self.report.changed[kind] += 1
            self.report.lines.append(PlanLine(kind, CHANGE, what, "; ".join(filled)))

    def records(self, key: str) -> list[dict]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise BadPackageData(f"“{key}” không phải danh sách")
        return value

    def plain(self, model, names: tuple[str, ...], record: dict) -> dict:
        return {k: _text(v) for k, v in fields_in(model, names, record).items()}

    def ours(self, model, names: tuple[str, ...], *extra, where=None, outerjoin=None) -> dict[int, dict]:
        statement = select(model.id, *(model.__table__.c[n] for n in names), *extra)
        if outerjoin is not None:
            statement = statement.outerjoin(*outerjoin)
        if where is not None:
            statement = statement.where(where)
        return {row["id"]: dict(row) for row in self.s.execute(statement).mappings()}

    def subject(self, record: dict) -> tuple[str, int] | None:
        """("p", our person id) or ("u", our unit id) for a record about a person or a unit."""
        if record.get("person") is not None:
            pid = self.persons.get(record["person"])
            return ("p", pid) if pid is not None else None
        uid = self.units.get(record.get("unit"))
        return ("u", uid) if uid is not None else None

    def subject_name(self, subject: tuple[str, int]) -> str:
        if subject[0] == "u":
            return self.unit_names.get(subject[1], "")
        return self.person_labels.get(subject[1], "")

    # --- the whole ---------------------------------------------------------------------------------------
    def run(self) -> bool:
        """Returns whether register entries were taken (same agency)."""
        same_agency = self.agency()
        self.documents_in(same_agency)
        self.units_in()
        self.persons_in()
        self.postings_in()
        self.ratings_in()
        self.decisions_in()
        self.awards_in()
        self.initiatives_in()
        return same_agency

    def agency(self) -> bool:
        theirs = self.data.get("agency")
        ours = self.s.execute(select(Agency.name, Agency.symbol)).first()
        if not theirs:
            return ours is None
        if ours is None:
            self.s.execute(insert(Agency).values(**self.plain(Agency, AGENCY, theirs)))
            self.added("agency", clean(theirs.get("name")) or "")
            return True
        return fold(ours[0]) == fold(theirs.get("name") or "") and ours[1] == theirs.get("symbol")

    # --- register entries --------------------------------------------------------------------------------
    def documents_in(self, same_agency: bool) -> None:
        theirs = self.records("documents")
        years = {r.get("year") for r in theirs}
        ours = self.ours(OutgoingDocument, DOCUMENT, where=OutgoingDocument.year.in_(years))
        by_key = {(r["year"], r["symbol"], r["number"]): i for i, r in ours.items()}
        numbers = {(r["series"], r["year"], r["number"]) for r in ours.values()}
        for record in theirs:
            values = self.plain(OutgoingDocument, DOCUMENT, record)
            key = (values["year"], values["symbol"], values["number"])
            what = f"{values['number']}/{values['symbol']} ({values['year']})"
            found = by_key.get(key)
            if found is not None:
                self.documents[record.get("ref")] = found
                self.merge("documents", what, OutgoingDocument, found, ours[found], values)
            elif not same_agency:
                continue  # another agency's register is not ours to keep
            elif (values["series"], values["year"], values["number"]) in numbers:
                self.report.conflicts.append(PlanLine("documents", CONFLICT, what,
                                                      "số này trong sổ đã dùng cho văn bản khác; không thêm"))
            else:
                self.documents[record.get("ref")] = by_key[key] = self.new(
                    "documents", OutgoingDocument, values, ours, what, values["subject"] or "")
                numbers.add((values["series"], values["year"], values["number"]))

    # --- units -------------------------------------------------------------------------------------------
    def units_in(self) -> None:
        ours = self.ours(Unit, UNIT, Unit.parent_id)
        by_code = {r["code"]: i for i, r in ours.items() if r["code"]}
        by_name: dict[str, set[int]] = defaultdict(set)
        for i, r in ours.items():
            by_name[fold(r["name"])].add(i)
            self.unit_names[i] = r["name"]
        former: dict[int, set[str]] = defaultdict(set)
        for uid, name in self.s.execute(select(UnitName.unit_id, UnitName.name)):
            by_name[fold(name)].add(uid)
            former[uid].add(fold(name))
        for record in self._parents_first(self.records("units")):
            values = self.plain(Unit, UNIT, record)
            if not values["name"]:
                raise BadPackageData("đơn vị không có tên")
            parent = self.units.get(record.get("parent")) if record.get("parent") is not None else None
            names = [values["name"]] + [n.get("name") or "" for n in record.get("former_names") or []]
            uid = by_code.get(values["code"]) if values["code"] else None
            if uid is None:
                uid = self._unit_by_name(names, parent, by_name, ours)
            if uid is None:
                uid = self.new("units", Unit, {**values, "name_folded": fold(values["name"]), "parent_id": parent},
                               ours, values["name"])
                by_name[fold(values["name"])].add(uid)
                if values["code"]:
                    by_code[values["code"]] = uid
            else:
                mine = ours[uid]
                if fold(values["name"]) in former[uid]:
                    values["name"] = mine["name"]  # theirs is a name we know it had before
                self.merge("units", mine["name"], Unit, uid, mine, values)
                if parent is not None and mine["parent_id"] != parent:
                    line = PlanLine("units", CONFLICT, mine["name"], f"trực thuộc: đang có "
                                    f"“{self.unit_names.get(mine['parent_id'], '(không)')}”, gói ghi "
                                    f"“{self.unit_names.get(parent, '')}”")
                    self.report.conflicts.append(line)
                    self.report.lines.append(line)
            self.units[record.get("ref")] = uid
            self.unit_names.setdefault(uid, values["name"])
            self._former_names(uid, record, former, fold(ours[uid]["name"]))

    def _parents_first(self, records: list[dict]) -> list[dict]:
        done: set = set()
        ordered: list[dict] = []
        pending = list(records)
        while pending:
            ready = [r for r in pending if r.get("parent") is None or r.get("parent") in done]
            if not ready:
                raise BadPackageData("cây đơn vị có vòng lặp hoặc đơn vị cha không có trong gói")
            ordered += ready
            done |= {r.get("ref") for r in ready}
            taken = {id(r) for r in ready}
            pending = [r for r in pending if id(r) not in taken]
        return ordered

    def _unit_by_name(self, names: list[str], parent: int | None, by_name, ours) -> int | None:
        """A unit of that name (current or former) under the same parent: common names such as "Khoa Nội"
        recur under every hospital, so a name alone never decides."""
        found: set[int] = set()
        for name in names:
            found |= by_name.get(fold(name), set())
        same_parent = {i for i in found if ours[i]["parent_id"] == parent}
        if len(same_parent) > 1:
            self.error(f"Có {len(same_parent)} đơn vị tên “{names[0]}” cùng cấp trong cơ sở dữ liệu; không biết nhập "
                       "vào đơn vị nào. Hãy ghi mã đơn vị cho giống nhau ở hai nơi rồi nhập lại.")
        return next(iter(same_parent), None)

    def _former_names(self, uid: int, record: dict, former: dict[int, set[str]], current: str) -> None:
        for entry in record.get("former_names") or []:
            values = self.plain(UnitName, UNIT_NAME, entry)
            if not values["name"] or fold(values["name"]) in former[uid] or fold(values["name"]) == current:
                continue
            self.s.execute(insert(UnitName).values(**values, unit_id=uid))
            former[uid].add(fold(values["name"]))
            self.added("unit_names", f"{self.unit_names.get(uid, '')}: {values['name']}")

    # --- people ------------------------------------------------------------------------------------------
    def persons_in(self) -> None:
        ours = self.ours(Person, PERSON, Person.unit_id)
        people: dict[tuple[str, str], list[int]] = defaultdict(list)
        year_only: dict[tuple[str, str], list[int]] = defaultdict(list)
        for pid, r in ours.items():
            people[person_key(r["full_name"], _birth_key(r))].append(pid)
            if r["birth_date"] is None and r["birth_year"]:
                year_only[person_key(r["full_name"], str(r["birth_year"]))].append(pid)
        self.person_labels: dict[int, str] = {}
        for record in self.records("persons"):
            values = self.plain(Person, PERSON, record)
            if not values["full_name"]:
                raise BadPackageData("cán bộ không có họ tên")
            values["unit_id"] = self.units.get(record.get("unit"))
            key = person_key(values["full_name"], _birth_key(values))
            found = people.get(key) or (year_only.get(person_key(values["full_name"], str(values["birth_year"])))
                                        if values["birth_date"] else None)
            what = f"{values['full_name']} ({birth_text(values['birth_date'], values['birth_year']) or 'không rõ'})"
            if found and len(found) > 1:
                self.error(f"Có {len(found)} người “{what}” trong cơ sở dữ liệu; không biết nhập vào người nào.")
                continue
            if found:
                pid = found[0]
                self.merge("persons", what, Person, pid, ours[pid], values)
            else:
                pid = self.new("persons", Person, {**values, "name_folded": fold(values["full_name"]),
                                                   "sort_key": name_sort_key(values["full_name"])},
                               ours, what, self.unit_names.get(values["unit_id"], ""))
                people[key] = [pid]
            self.persons[record.get("ref")] = pid
            self.person_labels[pid] = values["full_name"]

    def postings_in(self) -> None:
        people = set(self.persons.values())
        have = {tuple(r) for r in self.s.execute(select(Posting.person_id, Posting.unit_id, Posting.start_date)
                                                 .where(Posting.person_id.in_(people)))}
        for record in self.records("postings"):
            pid, uid = self.persons.get(record.get("person")), self.units.get(record.get("unit"))
            if pid is None or uid is None:
                raise BadPackageData("quá trình công tác trỏ tới người hoặc đơn vị không có trong gói")
            values = self.plain(Posting, POSTING, record)
            if (pid, uid, values["start_date"]) in have:
                continue
            have.add((pid, uid, values["start_date"]))
            self.s.execute(insert(Posting).values(**values, person_id=pid, unit_id=uid))
            self.added("postings", self.person_labels[pid],
                       f"{self.unit_names.get(uid, '')} từ {vn_date(values['start_date']) or '?'}")

    # --- ratings, decisions, awards, initiatives ---------------------------------------------------------
    def ratings_in(self) -> None:
        theirs = self.records("ratings")
        ours = self.ours(Rating, RATING, Rating.person_id, Rating.unit_id,
                         where=Rating.year.in_({r.get("year") for r in theirs}))
        index = {(_subject_of(r), r["year"]): i for i, r in ours.items()}
        for record in theirs:
            subject = self._required_subject(record, "xếp loại")
            values = self.plain(Rating, RATING, record)
            what = f"{self.subject_name(subject)} – năm {values['year']}"
            found = index.get((subject, values["year"]))
            if found is not None:
                self.merge("ratings", what, Rating, found, ours[found], values)
                continue
            index[(subject, values["year"])] = self.new(
                "ratings", Rating, {**values, **_subject_columns(subject)}, ours, what, _shown(values["level"]))

    def _required_subject(self, record: dict, what: str) -> tuple[str, int]:
        subject = self.subject(record)
        if subject is None:
            raise BadPackageData(f"{what} trỏ tới người hoặc đơn vị không có trong gói")
        return subject

    def decisions_in(self) -> None:
        ours = self.ours(Decision, DECISION, Decision.document_id)
        index = {_decision_key(r, r["document_id"]): i for i, r in ours.items()}
        linked = {r["document_id"] for r in ours.values() if r["document_id"] is not None}
        for record in self.records("decisions"):
            values = self.plain(Decision, DECISION, record)
            document = self.documents.get(record.get("document"))
            key = _decision_key(values, document)
            what = values["number_text"] or values["subject"] or ""
            found = index.get(key)
            if document in linked and (found is None or ours[found]["document_id"] != document):
                document = None  # that register entry already belongs to another decision here
            if found is not None:
                self.merge("decisions", what, Decision, found, ours[found], {**values, "document_id": document})
            else:
                found = index[key] = self.new("decisions", Decision, {**values, "document_id": document}, ours, what,
                                              values["subject"] or "")
            if document is not None:
                linked.add(document)
            self.decisions[record.get("ref")] = found

    def awards_in(self) -> None:
        theirs = self.records("awards")
        types = {code: (tid, is_title, name) for code, tid, is_title, name in self.s.execute(
            select(AwardType.code, AwardType.id, AwardType.category == AwardCategory.TITLE, AwardType.short_name))}
        ours = self.ours(Award, AWARD, Award.person_id, Award.unit_id, Award.award_type_id, Award.is_title,
                         Award.decision_id, func.coalesce(Award.decision_number, Decision.number_text).label("number"),
                         where=Award.year.in_({r.get("year") for r in theirs}),
                         outerjoin=(Decision, Decision.id == Award.decision_id))
        index: dict[tuple, int] = {}
        for i, r in sorted(ours.items(), key=lambda item: item[1]["revoked"]):  # a valid title before a revoked one
            index.setdefault(_award_key(_subject_of(r), r["award_type_id"], r["year"], r["is_title"], r["number"]), i)
        numbers = {ref: n for ref, n in ((r.get("ref"), r.get("number_text")) for r in self.records("decisions"))}
        for record in theirs:
            kind = types.get(record.get("type"))
            if kind is None:
                self.error(f"Danh mục khen thưởng ở đây không có mã “{record.get('type')}”; hãy cập nhật "
                           "chương trình rồi nhập lại.")
                continue
            tid, is_title, type_name = kind
            subject = self._required_subject(record, "khen thưởng")
            values = self.plain(Award, AWARD, record)
            values["decision_id"] = self.decisions.get(record.get("decision"))
            if values["source"] == AwardSource.DECISION and values["decision_id"] is None:
                raise BadPackageData("khen thưởng theo quyết định mà quyết định không có trong gói")
            number = values["decision_number"] or numbers.get(record.get("decision"))
            key = _award_key(subject, tid, values["year"], is_title, number)
            what = f"{type_name} {values['year']} – {self.subject_name(subject)}"
            found = index.get(key)
            if found is not None:
                self.merge("awards", what, Award, found, ours[found], values)
                continue
            index[key] = self.new("awards", Award, {**values, **_subject_columns(subject), "award_type_id": tid,
                                                    "is_title": bool(is_title)}, ours, what, number or "")

    def initiatives_in(self) -> None:
        theirs = self.records("initiatives")
        ours = self.ours(Initiative, INITIATIVE, Initiative.unit_id,
                         where=Initiative.year.in_({r.get("year") for r in theirs}))
        index = {(fold(r["title"]), r["year"], r["unit_id"]): i for i, r in ours.items()}
        authors = {tuple(r) for r in self.s.execute(
            select(InitiativeAuthor.initiative_id, InitiativeAuthor.person_id)
            .where(InitiativeAuthor.initiative_id.in_(list(ours))))}
        for record in theirs:
            values = self.plain(Initiative, INITIATIVE, record)
            values["unit_id"] = self.units.get(record.get("unit"))
            key = (fold(values["title"] or ""), values["year"], values["unit_id"])
            found = index.get(key)
            if found is not None:
                self.merge("initiatives", values["title"], Initiative, found, ours[found], values)
            else:
                found = index[key] = self.new("initiatives", Initiative, values, ours, values["title"],
                                              str(values["year"]))
            for author in record.get("authors") or []:
                pid = self.persons.get(author.get("person"))
                if pid is None:
                    raise BadPackageData("tác giả sáng kiến không có trong gói")
                if (found, pid) not in authors:
                    authors.add((found, pid))
                    self.s.execute(insert(InitiativeAuthor).values(
                        initiative_id=found, person_id=pid, share=value_in(InitiativeAuthor, "share",
                                                                           author.get("share"))))
                    self.added("initiative_authors", values["title"], self.person_labels[pid])


def _birth_key(row: dict) -> str:
    return row["birth_date"].isoformat() if row["birth_date"] else str(row["birth_year"] or "")


def _subject_of(row: dict) -> tuple[str, int]:
    return ("p", row["person_id"]) if row["person_id"] is not None else ("u", row["unit_id"])


def _subject_columns(subject: tuple[str, int]) -> dict:
    return {"person_id": subject[1], "unit_id": None} if subject[0] == "p" else {"person_id": None,
                                                                                  "unit_id": subject[1]}


def _decision_key(row: dict, document_id: int | None) -> tuple:
    issuer = fold(row["issuer"] or "")
    if row["number_text"]:
        return ("n", issuer, fold(row["number_text"]))
    if document_id is not None:
        return ("d", document_id)
    return ("s", issuer, row["year"], fold(row["subject"] or ""))


def _award_key(subject: tuple[str, int], type_id: int, year: int, is_title: bool, number: str | None) -> tuple:
    # One title of a kind a year; forms may repeat, told apart by their decision.
    return (subject, type_id, year, "" if is_title else fold(number or ""))
