"""Merging another department's whole TĐKT database into this one (hợp nhất dữ liệu), as the Sở Y tế formed
by the 2025 mergers of provinces take over their former departments' records.

    report = merge_database(ctx, Path("SYT-cu.sqlite3"), under=unit_id, dry_run=True)   # the plan
    report = merge_database(ctx, Path("SYT-cu.sqlite3"), under=unit_id)                 # all or nothing

The other file is checked first (a SQLite file of this program, sound, not newer than this program) and
read from a temporary copy, brought up to this program's schema there when it is older: the file itself is
never written. Then, in this database's one transaction (a dry run, or an error, leaves nothing):
- units: the other tree placed under a chosen unit here (`under`), or matched unit by unit by name (current
  or former) under units already matched, the two departments' roots taken as one when each has a single
  root; a unit added is listed with the units here whose names are close (suggestions);
- people, postings, ratings, initiatives, decisions and awards by the package merge's identity rules
  (app.exchange.package_merge): the same record by uid; people by exact name and birth (joined); a name
  differing only by marks with the same birth is a probable match, listed for review and added as a person
  of their own unless confirmed (`confirmed`: their uids; `accept_probable`: every single one); people the
  rules cannot tell apart are added, never joined. Decisions are joined by uid only: two provinces' "12/QĐ-UBND"
  of one year are two decisions;
- both registers whole: the outgoing register keeps its series and numbers under the former department's
  name (series "<name>", or "<name> (<series>)" for a series other than the shared one), the incoming
  register its số đến in a book of that name (incoming_document.series);
- campaigns, plans, targets, nomination batches, nominations, council meetings, registrations, clusters,
  disciplines and unit events copied with their links (a cluster whose name and year are taken here keeps
  the former department's name beside its own).
The audit trail gets one row with the counts. The report lists every line (joined, added, conflict, for
review) and can be written to .xlsx for the record.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import LargeBinary, Table, UniqueConstraint, insert, or_, select, update
from sqlalchemy.orm import Session

from app.domain.agency import LevelWording
from app.domain.permissions import Permission, use_case
from app.errors import UserError
from app.exchange.package_data import UNIT, UNIT_NAME, collect_all
from app.exchange.package_merge import (
    ADD,
    CONFLICT,
    KINDS,
    REVIEW,
    Known,
    Merge,
    MergeReport,
    PlanLine,
    _text,
    package_uids,
)
from app.exchange.xlsx_table import write_table_xlsx
from app.services.backups import KIND_BEFORE_MERGE, create_backup
from app.services.context import ServiceContext, record_bulk
from app.services.incoming import OWN_BOOK
from app.services.register import SERIES_SHARED
from app.text import birth_text, fold
from app.text.numbers import int_text
from database.backup import BackupError, backup_sqlite, sqlite_facts
from database.bulk import insert_rows, one_of
from database.engine import Database, sqlite_url
from database.migrate import SCHEMA_HEAD, DatabaseTooNew, known_revision, upgrade
from database.models import (
    Agency,
    AuditEntry,
    Award,
    AwardType,
    Ballot,
    Campaign,
    Cluster,
    ClusterMember,
    ContentItem,
    CouncilMeeting,
    CouncilMember,
    Criterion,
    Discipline,
    IncomingDocument,
    IncomingLink,
    Initiative,
    MeetingAttendance,
    Nomination,
    NominationAttachment,
    NominationBatch,
    NominationStatusChange,
    OutgoingDocument,
    OutsideOrganisation,
    Person,
    Phase,
    Pledge,
    Registration,
    RegistrationItem,
    ReviewPoint,
    Score,
    Target,
    TargetResult,
    TargetUnitValue,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitName,
)

DEPARTMENT = "Sở Y tế"
JOIN = "Gộp"  # a record of theirs that is one of ours: their data joins it
SERIES_WIDTH = 40  # outgoing_document.series, incoming_document.series
SQLITE_HEADER = b"SQLite format 3\x00"

# The kinds copied whole, in an order where every row comes after what it points at.
CARRIED: tuple[tuple[type, str], ...] = (
    (OutgoingDocument, "Văn bản đi"),
    (UnitEvent, "Sự kiện đơn vị"),
    (UnitEventLink, "Đơn vị trong sự kiện"),
    (Discipline, "Kỷ luật"),
    (Campaign, "Phong trào"),
    (Phase, "Đợt phong trào"),
    (ContentItem, "Nội dung phong trào"),
    (ReviewPoint, "Mốc sơ kết, tổng kết"),
    (Target, "Chỉ tiêu"),
    (TargetUnitValue, "Chỉ tiêu của đơn vị"),
    (TargetResult, "Kết quả chỉ tiêu"),
    (NominationBatch, "Hồ sơ đề nghị"),
    (Nomination, "Đề nghị khen thưởng"),
    (NominationStatusChange, "Trạng thái đề nghị"),
    (NominationAttachment, "Tệp đính kèm hồ sơ"),
    (CouncilMember, "Thành viên hội đồng"),
    (CouncilMeeting, "Phiên họp hội đồng"),
    (MeetingAttendance, "Dự họp hội đồng"),
    (Ballot, "Phiếu bầu"),
    (Registration, "Đăng ký thi đua"),
    (RegistrationItem, "Nội dung đăng ký"),
    (OutsideOrganisation, "Tổ chức ngoài ngành"),
    (Cluster, "Cụm, khối thi đua"),
    (ClusterMember, "Thành viên cụm, khối"),
    (Criterion, "Tiêu chí chấm điểm"),
    (Score, "Điểm chấm"),
    (Pledge, "Giao ước thi đua"),
    (IncomingDocument, "Văn bản đến"),
    (IncomingLink, "Liên kết văn bản đến"),
)
BEFORE_AWARDS = 19  # CARRIED[1:19]: what awards point at (nominations) and what that hangs on
MERGE_KINDS = {**KINDS, **{model.__tablename__: label for model, label in CARRIED}}
# Which of their rows is one of ours without a uid to say so (re-running a merge must not double them).
_SAME: dict[type, tuple[str, ...]] = {
    Discipline: ("person_id", "unit_id", "form", "effective_from"),
    OutsideOrganisation: ("name",),
}
_DESCRIBED_BY = ("name", "title", "subject", "full_name", "number_symbol", "reason", "status", "form")


class OtherDatabaseRefused(UserError):
    """The other file is not a TĐKT database this program can merge; nothing was changed (exit 2)."""


@dataclass(frozen=True)
class ProbableMatch:
    uid: str  # their person's uid: what a confirmation names
    theirs: str  # name (birth) there
    ours_id: int
    ours: str  # name (birth), unit, here
    joined: bool = False  # confirmed: taken as that person

    def as_json(self) -> dict:
        return {
            "uid": self.uid,
            "theirs": self.theirs,
            "ours_id": self.ours_id,
            "ours": self.ours,
            "joined": self.joined,
        }


@dataclass(frozen=True)
class UnitSuggestion:
    theirs: str  # their unit, added
    placed_under: str  # where it goes here
    suggestions: tuple[str, ...]  # units here whose names are close
    ref: int | None = None  # their unit's id: what `merge_database(units=…)` may name
    suggestion_ids: tuple[int, ...] = ()  # the units here, in the same order

    def as_json(self) -> dict:
        return {
            "theirs": self.theirs,
            "ref": self.ref,
            "placed_under": self.placed_under,
            "suggestions": list(self.suggestions),
            "suggestion_ids": list(self.suggestion_ids),
        }


@dataclass
class DatabaseMergeReport(MergeReport):
    label: str = ""  # the former department's name: its registers' series
    backup: Path | None = None  # this database as it was before the merge (a merge has no other undo)
    joined: Counter = field(default_factory=Counter)
    probable: list[ProbableMatch] = field(default_factory=list)
    suggestions: list[UnitSuggestion] = field(default_factory=list)
    seconds: float = 0.0

    def as_json(self) -> dict:
        shown = super().as_json()
        shown.pop("signature")  # a package's; a database file carries none
        return {
            **shown,
            "label": self.label,
            "backup": str(self.backup) if self.backup else None,
            "joined": dict(self.joined),
            "probable": [p.as_json() for p in self.probable],
            "unit_suggestions": [u.as_json() for u in self.suggestions],
            "seconds": round(self.seconds, 2),
        }

    def summary(self) -> str:
        def counts(counter: Counter) -> str:
            return (
                ", ".join(f"{int_text(n)} {MERGE_KINDS[k].lower()}" for k, n in counter.items() if n)
                or "không có"
            )

        text = (
            f"Gộp với dữ liệu đang có: {counts(self.joined)}. Thêm mới: {counts(self.added)}. "
            f"Bổ sung thông tin: {counts(self.changed)}. "
            f"Xung đột (giữ dữ liệu đang có): {int_text(len(self.conflicts))}."
        )
        if self.review:
            text += f" Cần xem xét: {int_text(len(self.review))}."
        return text


# --- the other file --------------------------------------------------------------------------------------


def check_other(path: Path) -> str:
    """The other file's schema revision, once it is known to be a sound TĐKT SQLite file not newer than this
    program; OtherDatabaseRefused otherwise. Read only."""
    if not path.is_file():
        raise OtherDatabaseRefused(f"Không tìm thấy tệp “{path}”.")
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise OtherDatabaseRefused(f"Không đọc được tệp “{path}”: {exc.strerror or exc}.") from exc
    if header != SQLITE_HEADER:
        raise OtherDatabaseRefused(
            f"Tệp “{path.name}” không phải cơ sở dữ liệu của chương trình TĐKT (tệp .sqlite3); không hợp nhất."
        )
    try:
        facts = sqlite_facts(path, full=True, names=0)
    except BackupError as exc:
        raise OtherDatabaseRefused(
            f"Tệp “{path.name}” bị hỏng, không đọc được; không hợp nhất. {exc}"
        ) from exc
    if not facts.sound:
        raise OtherDatabaseRefused(
            f"Tệp “{path.name}” bị hỏng (kiểm tra toàn vẹn: {facts.integrity}); không hợp nhất. Hãy xin nơi "
            "gửi một bản sao lưu còn tốt."
        )
    if facts.revision is None or not {"person", "unit", "outgoing_document"} <= set(facts.counts):
        raise OtherDatabaseRefused(
            f"Tệp “{path.name}” không phải cơ sở dữ liệu của chương trình TĐKT; không hợp nhất."
        )
    if not known_revision(facts.revision):
        raise OtherDatabaseRefused(str(DatabaseTooNew(facts.revision)))
    return facts.revision


@contextmanager
def opened_other(path: Path) -> Iterator[Database]:
    """The other database on a temporary copy, upgraded there when older; the file itself is not touched."""
    revision = check_other(path)
    with tempfile.TemporaryDirectory(prefix="tdkt-hop-nhat-") as work:
        try:
            copy = backup_sqlite(path, Path(work), "hop-nhat")
        except BackupError as exc:
            raise OtherDatabaseRefused(str(exc)) from exc
        db = Database.open(sqlite_url(copy))
        try:
            if revision != SCHEMA_HEAD:
                try:
                    upgrade(db, None)
                except Exception as exc:  # a migration failing on their data: refused, ours untouched
                    raise OtherDatabaseRefused(
                        f"Không nâng cấp được bản sao của tệp “{path.name}” lên phiên bản của chương trình này: "
                        f"{exc}. Tệp gốc vẫn nguyên vẹn; không hợp nhất."
                    ) from exc
            yield db
        finally:
            db.dispose()


def former_name(s: Session, fallback: str) -> str:
    """The other department's name as documents name it to outsiders ("Sở Y tế tỉnh Lâm Giang": its agency
    record heads its documents "SỞ Y TẾ" under "UBND TỈNH LÂM GIANG"); the file's name when it has none."""
    row = s.execute(select(Agency.name, Agency.place_name, Agency.level).limit(1)).first()
    if row is None or not (row.name or "").strip():
        return fallback
    if fold(row.name) == fold(DEPARTMENT) and row.place_name:
        return LevelWording(row.level, row.place_name.strip()).with_place(DEPARTMENT)
    return " ".join(row.name.split())


def series_label(label: str, series: str) -> str:
    """The series a former department's register keeps here: its name, and its own series unless shared."""
    if series in ("", SERIES_SHARED):
        return label[:SERIES_WIDTH]
    suffix = f" ({series})"
    room = SERIES_WIDTH - len(suffix)
    return (label if len(label) <= room else label[: room - 1] + "…") + suffix


# --- units: the pure plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitPlace:
    ref: Any  # their unit's id
    ours: int | None  # the unit here it is; None: added
    suggestions: tuple[int, ...] = ()  # units here whose names are close (for an added one)


def _names(record: dict) -> set[str]:
    return {fold(record.get("name") or "")} | {
        fold(n.get("name") or "") for n in record.get("former_names") or [] if isinstance(n, dict)
    }


def _depth_first(theirs: list[dict]) -> list[dict]:
    by_ref = {r["ref"]: r for r in theirs}

    def depth(record: dict) -> int:
        n, seen = 0, set()
        while record.get("parent") is not None and record["ref"] not in seen:
            seen.add(record["ref"])
            record, n = by_ref.get(record["parent"], {"ref": None}), n + 1
        return n

    return sorted(theirs, key=lambda r: (depth(r), r["ref"]))


def plan_units(
    theirs: list[dict],
    ours: dict[int, dict],
    former: dict[int, set[str]],
    under: int | None,
    chosen: dict[Any, int] | None = None,
) -> dict[Any, UnitPlace]:
    """Where each of their units goes. `chosen`: their units the clerk said are units here (their ref ->
    ours). `under`: the others added, their roots under that unit. Else matched by name (current or former)
    among the children of the unit their parent matched (the roots among ours; the two roots taken as one
    when each side has a single root: the departments themselves); a unit whose parent was added is added
    too."""
    chosen = chosen or {}
    if under is not None:
        return {r["ref"]: UnitPlace(r["ref"], chosen.get(r["ref"])) for r in theirs}
    children: dict[int | None, list[int]] = defaultdict(list)
    for i, row in ours.items():
        children[row["parent_id"]].append(i)
    names_here = {i: {fold(row["name"])} | former.get(i, set()) for i, row in ours.items()}
    folded = {fold(row["name"]): i for i, row in ours.items()}
    single_roots = sum(1 for r in theirs if r.get("parent") is None) == 1 and len(children[None]) == 1
    places: dict[Any, UnitPlace] = {}
    taken: set[int] = set(chosen.values())
    for record in _depth_first(theirs):
        names = _names(record)
        parent = record.get("parent")
        if record["ref"] in chosen:
            places[record["ref"]] = UnitPlace(record["ref"], chosen[record["ref"]])
            continue
        if parent is not None and places[parent].ours is None:
            places[record["ref"]] = UnitPlace(record["ref"], None)  # under a unit added: nothing to match
            continue
        here = None if parent is None else places[parent].ours
        pool = [i for i in children[here] if i not in taken and names & names_here[i]]
        if not pool and parent is None and single_roots:
            pool = children[None]
        if len(pool) == 1:
            taken.add(pool[0])
            places[record["ref"]] = UnitPlace(record["ref"], pool[0])
        else:
            places[record["ref"]] = UnitPlace(record["ref"], None, _close(names, folded))
    return places


def _close(names: set[str], folded: dict[str, int]) -> tuple[int, ...]:
    found: dict[int, None] = {}
    for name in sorted(names):
        for match in difflib.get_close_matches(name, list(folded), n=3, cutoff=0.75):
            found[folded[match]] = None
    return tuple(found)[:3]


# --- the merge -------------------------------------------------------------------------------------------


class DatabaseMerge(Merge):
    SOURCE = "cơ sở dữ liệu kia"

    def __init__(
        self,
        s: Session,
        other: Session,
        data: dict,
        report: DatabaseMergeReport,
        *,
        under: int | None,
        chosen: dict[Any, int],
        confirmed: frozenset[str],
        accept_probable: bool,
        say: Callable[[str], None],
    ):
        super().__init__(s, data, report, accept_probable=accept_probable)
        self.other, self.under, self.confirmed, self.say = other, under, confirmed, say
        self.chosen = chosen
        self.db_report = report
        self.ids: dict[str, dict[Any, int]] = defaultdict(dict)  # their id -> ours, by table

    def joined(self, kind: str, what: str, detail: str = "") -> None:
        self.db_report.joined[kind] += 1
        self.report.lines.append(PlanLine(kind, JOIN, what, detail))

    STEPS = (
        ("Sổ văn bản đi", "documents_in"),
        ("Đơn vị", "units_in"),
        ("Cán bộ", "persons_in"),
        ("Quá trình công tác", "postings_in"),
        ("Xếp loại", "ratings_in"),
        ("Quyết định", "decisions_in"),
        ("Phong trào, hồ sơ đề nghị, hội đồng", "carry_nominations"),
        ("Khen thưởng", "awards_in"),
        ("Sáng kiến", "initiatives_in"),
        ("Sổ văn bản đến, đăng ký, cụm khối và các dữ liệu khác", "carry_rest"),
    )

    def run(self) -> bool:
        for label, step in self.STEPS:
            self.say(label)
            getattr(self, step)()
        return False

    # --- registers and the other kinds copied whole ----------------------------------------------------
    def documents_in(self, _same_agency: bool = False) -> None:
        self.carry(OutgoingDocument, "Văn bản đi")
        self.refs["documents"] = self.ids["outgoing_document"]

    def carry_nominations(self) -> None:
        """What awards point at (their nominations) and what that hangs on, before the awards."""
        self.ids["unit"] = self.refs["units"]
        self.ids["person"] = self.refs["persons"]
        self.ids["decision"] = self.refs["decisions"]
        self.ids["award_type"] = self._by_key(AwardType, "code")
        for model, label in CARRIED[1:BEFORE_AWARDS]:
            self.carry(model, label)

    def carry_rest(self) -> None:
        self.ids["initiative"] = self._by_key(Initiative, "uid")
        for model, label in CARRIED[BEFORE_AWARDS:]:
            self.carry(model, label)

    def awards_in(self) -> None:
        super().awards_in()
        used = {i.get("used_by_award") for i in self.records("initiatives")} - {None}
        self.ids["award"] = self._by_key(Award, "uid", used)  # the awards added keep their uid

    def plain(self, model, names: tuple[str, ...], record: dict) -> dict:
        # The other database's values are read as its columns hold them (collect_all): nothing to convert.
        return {k: _text(record.get(k)) for k in names}

    def links(self, kind: str, record: dict) -> dict:
        if kind == "awards":
            return {"nomination_id": self.ids["nomination"].get(record.get("nomination"))}
        if kind == "initiatives":
            return {"used_by_award_id": self.ids["award"].get(record.get("used_by_award"))}
        return {}

    def _by_key(self, model, column: str, only: set | None = None) -> dict[Any, int]:
        """Their ids to ours by a key both sides hold (a uid, a code); `only`: just those of their ids."""
        table = model.__table__
        theirs = select(table.c.id, table.c[column])
        if only is not None:
            theirs = theirs.where(table.c.id.in_(sorted(only)))
        keys = dict(self.other.execute(theirs).all())
        ours: dict[Any, int] = {}
        wanted = sorted(set(keys.values()))
        for start in range(0, len(wanted), 5000):
            chunk = wanted[start : start + 5000]
            ours.update(
                self.s.execute(
                    select(table.c[column], table.c.id).where(one_of(self.s, table.c[column], chunk))
                ).all()
            )
        return {their_id: ours[key] for their_id, key in keys.items() if key in ours}

    def _fixed(self, model, row: dict) -> dict:
        """What a row of theirs becomes here besides its links: the registers under the former name."""
        label = self.db_report.label
        if model is OutgoingDocument:
            row["series"] = series_label(label, row["series"])
        elif model is IncomingDocument:
            row["series"] = series_label(label, "") if row["series"] == OWN_BOOK else row["series"]
        return row

    def carry(self, model, label: str) -> None:
        """Every row of theirs of a kind, its links mapped to ours. A row pointing at something not brought
        (a record left for review) is left out with it; a row taking a unique key already used here is a
        conflict (a cluster takes the former department's name beside its own instead)."""
        table: Table = model.__table__
        kind = table.name
        links = [
            (fk.parent.name, fk.column.table.name, fk.parent.nullable)
            for fk in table.foreign_keys
            if fk.parent.name != "id"
        ]
        # Scans and attachments are copied one at a time afterwards: a register's scans may be gigabytes.
        files = [c for c in table.columns if isinstance(c.type, LargeBinary)]
        deferred = files + ([table.c.file_name] if files and "file_name" in table.c else [])
        # A version counts the saves made here (app.services.versions): a carried row starts at its default.
        chosen = [c for c in table.columns if c not in deferred and c.name != "version"]
        rows = [dict(r) for r in self.other.execute(select(*chosen).order_by(table.c.id)).mappings()]
        if not rows:
            return
        for row in rows:
            row.update({c.name: None if c.nullable else b"" for c in deferred})
        has_uid = "uid" in table.c
        uids_here: dict[str, int] = {}
        if has_uid:
            wanted = [r["uid"] for r in rows]
            for start in range(0, len(wanted), 5000):
                uids_here.update(
                    self.s.execute(
                        select(table.c.uid, table.c.id).where(
                            one_of(self.s, table.c.uid, wanted[start : start + 5000])
                        )
                    ).all()
                )
        keys = [
            tuple(c.name for c in u.columns)
            for u in table.constraints
            if isinstance(u, UniqueConstraint) and "uid" not in {c.name for c in u.columns}
        ] + [(c.name,) for c in table.columns if c.unique and c.name != "uid"]
        used: dict[tuple, set] = {
            k: {tuple(r) for r in self.s.execute(select(*(table.c[c] for c in k)))} for k in keys
        }
        same_key = _SAME.get(model)
        same: dict[tuple, int] = {}
        if same_key:
            same = {
                tuple(r[:-1]): r[-1]
                for r in self.s.execute(select(*(table.c[c] for c in same_key), table.c.id))
            }
        referenced = bool(deferred) or any(
            fk.column.table is table for m, _ in CARRIED for fk in m.__table__.foreign_keys
        )
        added: list[Any] = []
        mapped = self.ids[kind]
        bulk: list[dict] = []
        pending = [(row.pop("id"), row) for row in rows]
        while pending:
            waiting = {their_id for their_id, _ in pending}
            later = []
            for their_id, row in pending:
                if has_uid and row["uid"] in uids_here:
                    mapped[their_id] = uids_here[row["uid"]]
                    continue
                if any(
                    target == kind and row[column] is not None and row[column] in waiting - {their_id}
                    for column, target, _ in links
                ):
                    later.append((their_id, row))  # what it points at among its own kind comes first
                    continue
                if self._carry_row(
                    model, label, their_id, row, links, keys, used, same_key, same, referenced, bulk
                ):
                    added.append(their_id)
            if len(later) == len(pending):  # a loop among their rows: the rest is left out
                self.report.held[kind] += len(later)
                break
            pending = later
        if bulk:
            insert_rows(self.s.connection(), table, bulk)
        if deferred and added:
            self._copy_files(table, files, deferred, added)

    def _copy_files(self, table: Table, files: list, deferred: list, added: list[Any]) -> None:
        """The scans of the rows just added, one row in memory at a time."""
        mapped = self.ids[table.name]
        holding = set(self.other.scalars(select(table.c.id).where(or_(*(c.is_not(None) for c in files)))))
        for their_id in added:
            if their_id in holding:
                values = self.other.execute(select(*deferred).where(table.c.id == their_id)).mappings().one()
                self.s.execute(update(table).where(table.c.id == mapped[their_id]).values(**values))

    def _carry_row(
        self,
        model,
        label: str,
        their_id: Any,
        row: dict,
        links: list[tuple[str, str, bool]],
        keys: list[tuple[str, ...]],
        used: dict[tuple, set],
        same_key: tuple[str, ...] | None,
        same: dict[tuple, int],
        referenced: bool,
        bulk: list[dict],
    ) -> bool:
        """Whether the row was added (not joined, held or in conflict)."""
        table = model.__table__
        kind = table.name
        values = dict(row)
        held = False
        for column, target, nullable in links:
            if values[column] is None:
                continue
            values[column] = self.ids[target].get(values[column])
            held = held or (values[column] is None and not nullable)
        if held:  # it hangs on a record not brought over
            self.report.held[kind] += 1
            return False
        values = self._fixed(model, values)
        what = _described(label, values, their_id)
        if same_key and tuple(values[c] for c in same_key) in same:
            self.ids[kind][their_id] = same[tuple(values[c] for c in same_key)]
            self.joined(kind, what)
            return False

        def clash() -> tuple[str, ...] | None:
            for k in keys:
                key = tuple(values[c] for c in k)
                if None not in key and key in used[k]:
                    return k
            return None

        taken = clash()
        if taken is not None and model is Cluster:
            values["name"] = f"{values['name']} ({self.db_report.label})"[:200]
            taken = clash()
        if taken is not None:
            self.conflict(
                kind,
                what,
                "trùng " + ", ".join(taken) + " với một bản ghi đang có ở đây; không thêm bản ghi này",
            )
            return False
        for k in keys:
            used[k].add(tuple(values[c] for c in k))
        if referenced:
            self.ids[kind][their_id] = self.s.scalar(insert(table).values(**values).returning(table.c.id))
        else:
            bulk.append(values)
        self.added(kind, what)
        return True

    # --- units -----------------------------------------------------------------------------------------
    def units_in(self) -> None:
        theirs = [r for r in self.records("units") if isinstance(r, dict)]
        ours = self.ours(Unit, UNIT, Unit.parent_id)
        names = self.ours(UnitName, UNIT_NAME, UnitName.unit_id)
        former: dict[int, set[str]] = defaultdict(set)
        for row in names.values():
            former[row["unit_id"]].add(fold(row["name"]))
        for i, r in ours.items():
            self.unit_names[i] = r["name"]
        known = Known(ours, package_uids(theirs))
        known_names = Known(names, package_uids([n for u in theirs for n in u.get("former_names") or []]))
        places = plan_units(theirs, ours, former, self.under, self.chosen)
        codes = {r["code"] for r in ours.values() if r["code"]}
        under_name = self.unit_names.get(self.under, "") if self.under is not None else ""

        def take(record: dict) -> None:
            values = self.plain(Unit, UNIT, record)
            uid = self.uid_of("units", record)
            found = known.by_uid_of(uid)
            place = places[record["ref"]]
            if found is None and place.ours is not None:
                found = known.take(place.ours)
            if found is not None:
                self.joined("units", values["name"], f"là “{ours[found]['name']}” ở đây")
            else:
                parent = (
                    self.refs["units"][record["parent"]] if record.get("parent") is not None else self.under
                )
                if values["code"] in codes:
                    self.conflict(
                        "units",
                        values["name"],
                        f"mã đơn vị “{values['code']}” ở đây đã dùng cho đơn vị khác; thêm đơn vị không có mã",
                    )
                    values["code"] = None
                found = self.insert_one(
                    "units",
                    Unit,
                    {**values, "name_folded": fold(values["name"]), "parent_id": parent, "uid": uid},
                    known,
                    values["name"],
                    f"trực thuộc “{self.unit_names.get(parent, '')}”" if parent is not None else "",
                )
                if values["code"]:
                    codes.add(values["code"])
                if self.under is None and place.suggestions:
                    self.db_report.suggestions.append(
                        UnitSuggestion(
                            values["name"],
                            self.unit_names.get(parent, "") if parent is not None else under_name,
                            tuple(ours[i]["name"] for i in place.suggestions),
                            record["ref"],
                            place.suggestions,
                        )
                    )
            self.refs["units"][record["ref"]] = found
            self.unit_names.setdefault(found, values["name"])
            self._former_names(found, record, former, fold(self.unit_names[found]), known_names)

        self.each("units", _depth_first(theirs), take)

    # --- people: joined, for review, never wrongly joined ------------------------------------------------
    def merge(self, kind: str, what: str, model, row_id: int, ours: dict, theirs: dict) -> None:
        """A record of theirs found here: joined (what is empty here filled in, what differs listed)."""
        if "full_name" in ours:
            here = birth_text(ours["birth_date"], ours["birth_year"]) or "không rõ"
            self.joined(kind, what, f"là {ours['full_name']} ({here}) ở đây")
        else:
            self.joined(kind, what, "gộp với bản ghi đang có ở đây")
        super().merge(kind, what, model, row_id, ours, theirs)

    def _person(self, known, names, uid, values, what):
        """As a package's merge finds them; but two departments' staff hold many namesakes born the same day:
        a man is never joined to a woman, nor two people who entered the sector on different days (unless
        the clerk confirms they are one: `--join`)."""
        found = super()._person(known, names, uid, values, what)
        if found is None or known.ours[found]["uid"] == uid:
            return found
        mine = known.ours[found]
        differ = _differing(mine, values)
        if differ is None or (differ != "giới tính" and uid in self.confirmed):
            return found
        known.taken.discard(found)
        confirm = (
            f" Nếu đúng là một người, hãy xác nhận khi hợp nhất (--join {uid})."
            if differ != "giới tính"
            else ""
        )
        self._review(
            "persons",
            what,
            f"cùng họ tên và ngày sinh với {mine['full_name']} ở đây nhưng khác {differ}: không gộp, thêm như "
            f"một người mới.{confirm}",
        )
        return None

    def namesakes(self, several: list[int], what: str) -> int | None:
        self._review(
            "persons",
            what,
            f"ở đây có {len(several)} người cùng họ tên và ngày sinh này, không phân biệt được; không gộp: "
            "thêm như một người mới. Hãy kiểm tra hồ sơ.",
        )
        return None

    def probable(self, known: Known, probable: list[int], uid: str | None, what: str) -> int | None:
        taken = len(probable) == 1 and (self.accept_probable or uid in self.confirmed)
        for i in probable:
            mine = known.ours[i]
            self.db_report.probable.append(
                ProbableMatch(
                    uid or "",
                    what,
                    i,
                    f"{mine['full_name']} ({birth_text(mine['birth_date'], mine['birth_year']) or 'không rõ'})"
                    + (f", {self.unit_names[mine['unit_id']]}" if mine["unit_id"] in self.unit_names else ""),
                    taken,
                )
            )
        if taken:
            return known.take(probable[0])
        here = ", ".join(f"“{known.ours[i]['full_name']}”" for i in probable)
        self._review(
            "persons",
            what,
            f"có thể là {here} đang có ở đây (một bên viết không dấu); chưa gộp: thêm như một người mới. "
            f"Nếu đúng là một người, hãy xác nhận khi hợp nhất (--join {uid}).",
        )
        return None

    def _review(self, kind: str, what: str, detail: str) -> None:
        line = PlanLine(kind, REVIEW, what, detail)
        self.report.review.append(line)
        self.report.lines.append(line)

    def decision_key(self, values: dict, document: int | None) -> tuple | None:
        return None  # two provinces' "12/QĐ-UBND" of one year are two decisions: joined by uid only


def _differing(mine: dict, theirs: dict) -> str | None:
    """What tells two namesakes of one birth apart when both sides know it: the sex, the day they entered
    the health sector (kept when a person moves between departments)."""

    for column, words in (("gender", "giới tính"), ("health_sector_since", "ngày vào ngành")):
        if mine.get(column) is not None and theirs.get(column) is not None and mine[column] != theirs[column]:
            return words
    return None


def _described(label: str, values: dict, their_id: Any) -> str:
    for column in _DESCRIBED_BY:
        value = values.get(column)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= 120 else text[:119] + "…"
    if "number" in values and values.get("number") is not None:
        return f"{values['number']}/{values.get('symbol') or ''} ({values.get('year')})"
    return f"{label} #{their_id}"


def _their_units(theirs: list[dict], named: dict[str | int, int]) -> dict[Any, int]:
    """Their units the clerk named (by id, by code, or by a name only one of them has) -> the units here."""
    chosen: dict[Any, int] = {}
    for text, ours in named.items():
        if isinstance(text, int):
            chosen[text] = ours
            continue
        found = [u["ref"] for u in theirs if u.get("code") == text.strip()] or [
            u["ref"] for u in theirs if fold(u.get("name") or "") == fold(text)
        ]
        if len(found) != 1:
            which = "không có đơn vị" if not found else f"có {len(found)} đơn vị"
            raise UserError(f"Cơ sở dữ liệu kia {which} có mã hoặc tên “{text}”; hãy ghi mã đơn vị.")
        chosen[found[0]] = ours
    return chosen


def _refuse_if_merged(ctx: ServiceContext, data: dict, label: str) -> None:
    """A department merged in before (an audit row of a merge from it, and people of its own here by uid): a
    second run would double what carries no uid (campaigns, nominations, the incoming register)."""
    with ctx.read() as s:
        earlier = [
            after
            for after in s.scalars(
                select(AuditEntry.after).where(AuditEntry.action == "merge", AuditEntry.entity == "database")
            )
            if isinstance(after, dict) and after.get("former_department") == label
        ]
        if not earlier:
            return
        uids = [p["uid"] for p in data["persons"]]
        for start in range(0, len(uids), 5000):
            chunk = uids[start : start + 5000]
            if s.scalar(select(Person.id).where(Person.uid.in_(chunk)).limit(1)) is not None:
                raise OtherDatabaseRefused(
                    f"Dữ liệu của {label} đã được hợp nhất vào cơ sở dữ liệu này trước đây; không hợp nhất "
                    "lần nữa."
                )


class MergeCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("Đã hủy hợp nhất dữ liệu; cơ sở dữ liệu này không thay đổi.")


PROGRESS_STEPS = 3 + len(DatabaseMerge.STEPS)  # the file checked, read, this database backed up, each step


class _Undo(Exception):
    """Rolls the unit of work back: a dry run, or errors found while matching."""


@use_case(Permission.BACKUPS, "hợp nhất dữ liệu từ cơ sở dữ liệu khác")
def merge_database(
    ctx: ServiceContext,
    source: Path,
    *,
    under: int | None = None,
    dry_run: bool = False,
    confirmed: Iterable[str] = (),
    units: dict[str | int, int] | None = None,
    accept_probable: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DatabaseMergeReport:
    """Bring the whole other database into this one, in one transaction (nothing written on a dry run or an
    error). OtherDatabaseRefused for a file that cannot be merged; the module text says how records match.
    `units`: their units (code, or a name only one of them has) that are units here (id), whatever the
    names say; their sub-units are then matched by name under them. `progress(done, total)` after each step;
    `cancelled()` true before one stops with MergeCancelled (nothing written)."""
    done = iter(range(1, PROGRESS_STEPS + 1))

    def say(_step: str) -> None:
        if cancelled is not None and cancelled():
            raise MergeCancelled()
        if progress is not None:
            progress(next(done, PROGRESS_STEPS), PROGRESS_STEPS)

    started = time.perf_counter()
    source = Path(source)
    if ctx.db.file_path is not None and source.resolve() == Path(ctx.db.file_path).resolve():
        raise OtherDatabaseRefused("Đây chính là cơ sở dữ liệu đang mở; không hợp nhất một tệp vào chính nó.")
    say("Kiểm tra tệp")
    with opened_other(source) as other_db, other_db.session() as other:
        label = former_name(other, source.stem)
        report = DatabaseMergeReport(dry_run=dry_run, source=f"{label} ({source.name})", label=label)
        say("Đọc dữ liệu")
        data = collect_all(other, dt.datetime.now())
        _refuse_if_merged(ctx, data, label)
        if under is not None:
            with ctx.read() as s:
                if s.get(Unit, under) is None:
                    raise UserError("Không tìm thấy đơn vị đã chọn để đặt các đơn vị của cơ sở dữ liệu kia.")
        if not dry_run:
            say("Sao lưu cơ sở dữ liệu này")
            report.backup = create_backup(ctx.db, KIND_BEFORE_MERGE).info.path
        try:
            with ctx.write(f"Hợp nhất dữ liệu từ {label}") as s:
                DatabaseMerge(
                    s,
                    other,
                    data,
                    report,
                    under=under,
                    chosen=_their_units(data["units"], units or {}),
                    confirmed=frozenset(confirmed),
                    accept_probable=accept_probable,
                    say=say,
                ).run()
                report.seconds = time.perf_counter() - started
                if dry_run or report.errors:
                    raise _Undo
                record_bulk(
                    s,
                    ctx.actor,
                    "merge",
                    "database",
                    f"Hợp nhất dữ liệu từ {label} ({source.name}): {report.summary()}",
                    {
                        "file": source.name,
                        "former_department": label,
                        "backup": str(report.backup),
                        "under": under,
                        "joined": dict(report.joined),
                        "added": dict(report.added),
                        "changed": dict(report.changed),
                        "conflicts": len(report.conflicts),
                        "review": len(report.review),
                        "held": dict(report.held),
                    },
                )
        except _Undo:
            pass
    report.seconds = time.perf_counter() - started
    return report


# --- the record: every line to .xlsx ---------------------------------------------------------------------


def write_merge_report(report: DatabaseMergeReport, target: Path) -> int:
    """Every joined, added, changed, conflicting and for-review line of the merge as an .xlsx list."""
    order = {REVIEW: 0, CONFLICT: 1, JOIN: 2, ADD: 3}
    lines = sorted(report.lines, key=lambda line: order.get(line.action, 4))
    suggestions = [
        (
            "Đơn vị",
            "Gợi ý",
            s.theirs,
            f"thêm vào “{s.placed_under}”; ở đây có tên gần giống: " + "; ".join(s.suggestions),
        )
        for s in report.suggestions
    ]
    rows = [
        (MERGE_KINDS.get(line.kind, line.kind), line.action, line.what, line.detail) for line in lines
    ] + suggestions
    state = "Chạy thử (chưa ghi gì)" if report.dry_run else "Đã hợp nhất" if report.written else "Không ghi"
    return write_table_xlsx(
        target,
        "Hợp nhất",
        ("Loại dữ liệu", "Kết quả", "Bản ghi", "Chi tiết"),
        (22, 14, 50, 80),
        rows,
        len(rows),
        title=f"KẾT QUẢ HỢP NHẤT DỮ LIỆU TỪ {report.label.upper()} – {state}",
    )
