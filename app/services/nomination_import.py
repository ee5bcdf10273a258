"""A unit's nomination list (danh sách đề nghị khen thưởng) from Excel into a nomination batch of that unit and year.

    sheet = read_roster(path)                                   # app.exchange.roster: TCVN3/VNI, two-row headers
    proposals = read_proposals(sheet, guess_mapping(sheet, NOMINATION_FIELDS), 2026)
    plan = plan_nomination_import(ctx, 2026, unit_id, proposals)  # writes nothing: the dry run
    remember_wording(ctx, "CSTĐ khối", "CSTDCS")                 # a wording the catalogue did not know, once
    plan = plan_nomination_import(ctx, 2026, unit_id, proposals, confirmed={12: person_id})
    result = apply_nomination_import(ctx, plan, [BatchFile(AttachmentKind.SUBMISSION, "To trinh.pdf", data)])

Each row is matched by the identity rules of the staff import (app.services.registrations.KnownPeople): the
exact name and birth make an item; a name that only folds to someone (no marks) goes to `review` for the clerk
to confirm; nobody is `unknown` and is listed, never created. A row naming a unit ("Tập thể Khoa Nội") is a
collective, matched to the unit or one of its units by name. The unit's wording of each title or form is read
by the registrations' TitleReader (abbreviations "CSTĐCS", "BK UBND tỉnh", "BK Thủ tướng" …) and the wordings
the clerk mapped before (table title_wording); a wording still unknown refuses the file until it is mapped.
The verdict of the eligibility rules (app.services.review.item_verdicts) stands beside each item at once.
A plan with errors is refused whole: nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import UserError, ValidationError
from app.exchange.roster import NOMINATED_AWARD, RosterSheet, parse_people
from app.rules import Verdict
from app.services.context import ServiceContext, record_bulk
from app.services.eligibility import Histories
from app.services.nominations import (
    BatchData,
    attachment_row,
    dossier_day,
    held_awards,
    new_batch,
    new_items,
)
from app.services.registrations import KnownPeople, TitleChoice, TitleReader, award_choices, wording_key
from app.services.review import item_verdicts
from app.services.staff import IncomingPerson, Known, incoming_people
from app.services.units import subtree_ids
from app.text import birth_text, clean, fold
from app.text.numbers import int_text
from database.enums import AttachmentKind, AwardBasis, NominationStatus
from database.models import AwardType, Nomination, NominationBatch, TitleWording, Unit

EXACT, PROBABLE, AMBIGUOUS, UNKNOWN = "exact", "probable", "ambiguous", "unknown"
LEFT_OUT = "left_out"  # the clerk left the row out: not matched, not checked, not proposed
MATCH_LABELS = {
    EXACT: "Khớp",
    PROBABLE: "Cần xác nhận",  # the name has no marks: it only folds to someone
    AMBIGUOUS: "Trùng tên: chọn",  # namesakes of one birth date
    UNKNOWN: "Không tìm thấy",  # listed, never created
    LEFT_OUT: "Không nhập",
}
NO_WORDING = "Chưa ghi hình thức, danh hiệu đề nghị"
# A row that names a unit, not a person: "Tập thể Khoa Nội", "Khoa Hồi sức cấp cứu", "Trạm Y tế xã …". Words
# that are also surnames once folded (Tô, Trương, Đới, Bàn) are left out: "Tổ …", "Trường …" go as "Tập thể …".
_COLLECTIVE = re.compile(r"(tap the|khoa|phong|trung tam|benh vien|tram|chi cuc|bo phan|vien)\b")
_TAP_THE = re.compile(r"^tap the\s+")
# Items of these statuses propose nothing any more: the subject may be proposed again.
_DROPPED = (NominationStatus.FAILED, NominationStatus.WITHDRAWN)


def batch_title(year: int, unit_name: str) -> str:
    return f"Đề nghị khen thưởng năm {year} của {unit_name}"


# --- reading the list (pure) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """One row of a unit's list: who, as written, and the title or form in the unit's own words."""

    person: IncomingPerson
    wording: str | None
    collective: bool = False  # the row names a unit ("Tập thể …"), not a person


def column_problems(mapping: Mapping[int, str]) -> list[str]:
    """What a list needs: a name column and the column of the title or form proposed."""
    codes = set(mapping.values())
    problems = []
    if not codes & {"full_name", "family_name", "given_name"}:
        problems.append("Không tìm thấy cột “Họ và tên” trong tệp: hãy chọn cột họ tên.")
    if NOMINATED_AWARD not in codes:
        problems.append(
            "Không tìm thấy cột “Hình thức, danh hiệu đề nghị” trong tệp: hãy chọn cột ghi danh hiệu, "
            "hình thức đề nghị."
        )
    return problems


def names_a_unit(name: str | None, person: IncomingPerson) -> bool:
    """A row for a collective: its name starts as units are named and it gives no birth."""
    if not name or person.birth_date or person.birth_year:
        return False
    return _COLLECTIVE.match(fold(name)) is not None


_TITLE_YEAR = re.compile(r"\bnam\s+(\d{4})\b")


def listed_year(sheet: RosterSheet) -> int | None:
    """The year the list's title names ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"), if it names one."""
    for line in sheet.title_lines:
        found = _TITLE_YEAR.search(fold(line))
        if found:
            return int(found.group(1))
    return None


def read_proposals(sheet: RosterSheet, mapping: Mapping[int, str], year: int) -> list[Proposal]:
    """The rows of a read list for `year`, with the column mapped to NOMINATED_AWARD as each row's wording.
    Raises UserError when a needed column is not mapped, or when the list's title names another year."""
    listed = listed_year(sheet)
    if listed is not None and listed != year:
        raise UserError(
            f"Tiêu đề danh sách ghi năm {listed}, nhưng đang nhập đề nghị cho năm {year}: hãy chọn đúng năm "
            "hoặc đúng tệp. Chưa có gì được ghi."
        )
    problems = column_problems(mapping)
    if problems:
        raise UserError(" ".join(problems))
    people = incoming_people(parse_people(sheet, dict(mapping)))
    award_col = next(i for i, code in mapping.items() if code == NOMINATED_AWARD)
    name_col = next((i for i, code in mapping.items() if code == "full_name"), None)
    by_row = {source.row: source.cells for source in sheet.rows}
    out = []
    for p in people:
        cells = by_row.get(p.row, ())
        wording = cells[award_col] if award_col < len(cells) else None
        written = cells[name_col] if name_col is not None and name_col < len(cells) else None
        written = clean(str(written)) if written is not None else p.full_name
        collective = names_a_unit(written, p)
        if collective:  # the unit's name as written, not re-cased as a person's name
            p = IncomingPerson(p.row, written, problems=p.problems)
        out.append(Proposal(p, clean(str(wording)) if wording is not None else None, collective))
    return out


def guess_attachment_kind(file_name: str) -> AttachmentKind:
    """What a unit's file is by its name: Tờ trình, biên bản (họp hội đồng, bình xét), báo cáo thành tích."""
    name = fold(file_name)
    name = " ".join(re.sub(r"[^a-z0-9]+", " ", name).split())
    if re.search(r"\bto trinh\b|\btt\b", name):
        return AttachmentKind.SUBMISSION
    if re.search(r"\bbien ban\b|\bbb\b", name):
        return AttachmentKind.MINUTES
    if re.search(r"\bbao cao\b|\bthanh tich\b|\bbctt\b", name):
        return AttachmentKind.ACHIEVEMENT_REPORT
    return AttachmentKind.OTHER


# --- checking the rows against the database ---------------------------------------------------------------


@dataclass(frozen=True)
class PlannedRow:
    """A row of the list checked against the database: who it is, what it proposes, and the verdicts."""

    row: int
    full_name: str
    birth_date: dt.date | None
    birth_year: int | None
    position: str | None
    wording: str  # the unit's words
    codes: tuple[str, ...]  # the catalogue's codes read from them
    collective: bool
    match: str  # EXACT, PROBABLE, AMBIGUOUS, UNKNOWN
    person_id: int | None = None  # the person taken (EXACT), or the only probable one
    unit_id: int | None = None  # the collective taken
    candidates: tuple[Known, ...] = ()  # for review: who the row may be
    verdicts: tuple[Verdict | None, ...] = ()  # one per code, for the subject taken (or the only candidate)

    @property
    def birth_text(self) -> str:
        return birth_text(self.birth_date, self.birth_year)

    @property
    def birth_key(self) -> str | None:
        if self.birth_date:
            return self.birth_date.isoformat()
        return str(self.birth_year) if self.birth_year else None

    @property
    def taken(self) -> bool:
        return self.match == EXACT


@dataclass
class NominationPlan:
    year: int
    unit_id: int
    unit_name: str
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (Excel row or None, message)
    unknown_wordings: list[str] = field(default_factory=list)  # the unit's words to map, in order

    @property
    def title(self) -> str:
        return batch_title(self.year, self.unit_name)

    @property
    def items(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.taken]

    @property
    def review(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.match in (PROBABLE, AMBIGUOUS)]

    @property
    def unknown(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.match == UNKNOWN]

    @property
    def refused(self) -> bool:
        return bool(self.errors)


@dataclass(frozen=True)
class _Judged:
    """What item_verdicts asks of an item (app.services.nominations.NominationItem's fields it reads)."""

    id: int
    person_id: int | None
    unit_id: int | None
    award_code: str
    year: int
    dossier_date: dt.date
    status: NominationStatus = NominationStatus.DRAFT

    @property
    def collective(self) -> bool:
        return self.unit_id is not None


def remembered_wordings(s: Session) -> dict[str, str]:
    """wording_key → catalogue code of every wording a clerk mapped."""
    return dict(
        s.execute(
            select(TitleWording.folded_text, AwardType.code).join(
                AwardType, AwardType.id == TitleWording.award_type_id
            )
        ).all()
    )


def nomination_awards(ctx: ServiceContext) -> list[TitleChoice]:
    """Every title and form a list may propose (the wizard's combo for an unknown wording)."""
    with ctx.read() as s:
        return award_choices(s)


class _Units:
    """The proposing unit and the units under it, by folded name ("Tập thể" set aside)."""

    def __init__(self, s: Session, unit_id: int):
        ids = subtree_ids(s, unit_id)
        self.by_name: dict[str, list[int]] = {}
        for uid, folded in s.execute(select(Unit.id, Unit.name_folded).where(Unit.id.in_(ids))):
            self.by_name.setdefault(" ".join((folded or "").split()), []).append(uid)

    def find(self, name: str) -> list[int]:
        key = _TAP_THE.sub("", " ".join(fold(name).split()))
        return self.by_name.get(key, [])


def _already_nominated(
    s: Session, year: int, wanted: set[tuple[str, int | None, int | None]]
) -> dict[tuple[str, int | None, int | None], str]:
    """(code, person, unit) of `wanted` proposed already this year in a live item → the batch's title."""
    if not wanted:
        return {}
    person_ids = {p for _, p, _ in wanted if p is not None}
    unit_ids = {u for _, _, u in wanted if u is not None}
    rows = s.execute(
        select(AwardType.code, Nomination.person_id, Nomination.unit_id, NominationBatch.title)
        .join(AwardType, AwardType.id == Nomination.award_type_id)
        .join(NominationBatch, NominationBatch.id == Nomination.batch_id)
        .where(
            Nomination.year == year,
            Nomination.status.not_in(_DROPPED),
            AwardType.code.in_({c for c, _, _ in wanted}),
            Nomination.person_id.in_(person_ids) | Nomination.unit_id.in_(unit_ids),
        )
    )
    return {(c, p, u): title for c, p, u, title in rows if (c, p, u) in wanted}


def _held(
    s: Session, year: int, wanted: set[tuple[str, int | None, int | None]]
) -> dict[tuple[str, int | None, int | None], str]:
    """(code, person, unit) of `wanted` whose subject holds the award already → "Đã được khen …"."""
    found = {}
    for code in {c for c, _, _ in wanted}:
        award = s.scalar(select(AwardType).where(AwardType.code == code))
        subjects = [(p, u) for c, p, u in wanted if c == code]
        held = held_awards(
            s,
            award,
            year,
            AwardBasis.MERIT,
            person_ids=[p for p, _ in subjects if p is not None],
            unit_ids=[u for _, u in subjects if u is not None],
        )
        found.update({(code, p, u): text for (p, u), text in held.items() if (p, u) in subjects})
    return found


def _subject_errors(
    s: Session, year: int, rows: Sequence[PlannedRow], names: Mapping[str, str]
) -> list[tuple[int, str]]:
    """Rows proposing what the subject holds already, or what another batch of the year proposes."""
    wanted = {(c, r.person_id, r.unit_id) for r in rows if r.taken for c in r.codes}
    nominated, held = _already_nominated(s, year, wanted), _held(s, year, wanted)
    errors = []
    for r in rows:
        if not r.taken:
            continue
        for code in r.codes:
            key = (code, r.person_id, r.unit_id)
            if key in held:
                errors.append(
                    (r.row, f"{r.full_name}: {held[key]}. Không đề nghị lại cho cùng thành tích (Luật Thi đua, "
                     "khen thưởng, Điều 5 khoản 2).")
                )  # fmt: skip
            elif key in nominated:
                errors.append(
                    (r.row, f"{r.full_name} đã được đề nghị {names.get(code, code)} năm {year} trong hồ sơ "
                     f"“{nominated[key]}”: không đề nghị hai lần.")
                )  # fmt: skip
    return errors


def _judge(
    ctx: ServiceContext, rows: list[PlannedRow], year: int, histories: Histories | None
) -> list[PlannedRow]:
    """Each row with the verdict of each code for the subject taken (or the only probable one), judged
    together as one batch (app.services.review)."""
    day = dossier_day(year, None, dt.date.today())
    judged, where = [], []
    for i, r in enumerate(rows):
        if r.person_id is None and r.unit_id is None:
            continue
        for code in r.codes:
            judged.append(_Judged(len(judged), r.person_id, r.unit_id, code, year, day))
            where.append(i)
    if not judged:
        return rows
    verdicts = item_verdicts(ctx, judged, histories)
    found: dict[int, list[Verdict | None]] = {}
    for item, i in zip(judged, where, strict=True):
        found.setdefault(i, []).append(verdicts[item.id])
    return [replace(r, verdicts=tuple(found[i])) if i in found else r for i, r in enumerate(rows)]


def plan_nomination_import(
    ctx: ServiceContext,
    year: int,
    unit_id: int,
    proposals: Sequence[Proposal],
    confirmed: Mapping[int, int] | None = None,
    histories: Histories | None = None,
    left_out: Collection[int] = (),
) -> NominationPlan:
    """Check every row against the database and the catalogue; writes nothing (the dry run).

    `confirmed`: Excel row → the person the clerk took for a row to review (one of its candidates);
    `left_out`: Excel rows the clerk left out (listed as such, neither checked nor proposed)."""
    if not 1945 <= year <= 2200:
        raise ValidationError(f"Năm {year} không hợp lệ.")
    confirmed = dict(confirmed or {})
    with ctx.read() as s:
        unit_name = s.scalar(select(Unit.name).where(Unit.id == unit_id))
        if unit_name is None:
            raise ValidationError("Không tìm thấy đơn vị đề nghị.")
        people = KnownPeople(s, subtree_ids(s, unit_id))
        units = _Units(s, unit_id)
        choices = {t.code: t for t in award_choices(s)}
        reader = TitleReader(list(choices.values()), remembered_wordings(s), collective=True)
    names = {code: t.short_name for code, t in choices.items()}
    plan = NominationPlan(year, unit_id, unit_name)
    if not proposals:
        plan.errors.append((None, "Tệp không có dòng nào trong danh sách đề nghị: hãy kiểm tra lại tệp."))
        return plan
    first: dict[tuple[str, tuple], int] = {}
    rows: list[PlannedRow] = []
    for prop in proposals:
        p = prop.person
        codes, unknown = reader.read(prop.wording)
        if p.row in left_out:
            rows.append(_planned(prop, codes, LEFT_OUT))
            continue
        problems = list(p.problems)
        for text in unknown:
            if wording_key(text) not in map(wording_key, plan.unknown_wordings):
                plan.unknown_wordings.append(text)
            problems.append(
                f"Không rõ “{text}” là danh hiệu, hình thức nào: hãy chọn trong danh mục (chương trình sẽ nhớ "
                "cho các lần sau)."
            )
        if not codes and not unknown:
            problems.append(NO_WORDING)
        for code in codes:
            t = choices[code]
            if prop.collective and not t.for_collective:
                problems.append(f"“{t.name}” là danh hiệu, hình thức cá nhân, không đề nghị cho tập thể.")
            elif not prop.collective and not t.for_individual:
                problems.append(f"“{t.name}” dành cho tập thể, không đề nghị cho cá nhân.")
        match, person_id, found_unit, candidates = UNKNOWN, None, None, ()
        if prop.collective:
            found = units.find(p.full_name or "")
            if len(found) == 1:
                match, found_unit = EXACT, found[0]
            elif found:
                problems.append(f"Có {int_text(len(found))} đơn vị cùng tên “{p.full_name}”.")
        elif p.full_name:
            known, probable = people.candidates(p)
            if known and not probable and len(known) == 1:
                match, person_id = EXACT, known[0].id
            elif known:
                match, candidates = (PROBABLE if probable else AMBIGUOUS), tuple(known)
                chosen = confirmed.get(p.row)
                if chosen is not None and chosen in {k.id for k in known}:
                    match, person_id = EXACT, chosen
                elif len(known) == 1:
                    person_id = known[0].id  # judged beside the row, taken only when confirmed
        if problems:
            plan.errors.extend((p.row, f"{p.full_name or 'Dòng không tên'}: {m}") for m in problems)
        if match == EXACT:
            subject = ("unit", found_unit) if prop.collective else ("person", person_id)
        else:
            subject = ("name", fold(p.full_name or ""), p.birth_key)
        for code in codes:
            earlier = first.setdefault((code, subject), p.row)
            if earlier != p.row:
                plan.errors.append(
                    (p.row, f"{p.full_name}: trùng với dòng {earlier} (cùng người, cùng {names[code]}).")
                )
        rows.append(_planned(prop, codes, match, person_id, found_unit, candidates))
    with ctx.read() as s:
        plan.errors.extend(_subject_errors(s, year, rows, names))
    plan.rows = _judge(ctx, rows, year, histories)
    plan.errors.sort(key=lambda e: e[0] or 0)
    if not plan.errors and not plan.items:
        plan.errors.append(
            (
                None,
                "Không có dòng nào khớp với cán bộ, tập thể đã có trong cơ sở dữ liệu: chưa có gì để nhập.",
            )
        )
    return plan


def _planned(
    prop: Proposal,
    codes: tuple[str, ...],
    match: str,
    person_id: int | None = None,
    unit_id: int | None = None,
    candidates: tuple[Known, ...] = (),
) -> PlannedRow:
    p = prop.person
    return PlannedRow(
        p.row,
        p.full_name or "",
        p.birth_date,
        p.birth_year,
        p.position,
        prop.wording or "",
        codes,
        prop.collective,
        match,
        person_id,
        unit_id,
        candidates,
    )


# --- writing ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchFile:
    """One of the unit's papers sent with the list: its Tờ trình, the minutes of its council, a report."""

    kind: AttachmentKind
    file_name: str
    content: bytes


@dataclass(frozen=True)
class NominationImport:
    batch_id: int
    items: int
    attachments: int
    left_out: int  # rows to review not confirmed, and unknown people and units: not written


@use_case(Permission.DESK, "nhập danh sách đề nghị khen thưởng của đơn vị")
def apply_nomination_import(
    ctx: ServiceContext, plan: NominationPlan, files: Sequence[BatchFile] = (), source: str = ""
) -> NominationImport:
    """The list as a new batch of the unit and year, with its items and the unit's papers, in one transaction;
    nothing when the plan has errors (or the database now says a subject is proposed or awarded already)."""
    if plan.errors:
        raise ValidationError(
            f"Danh sách còn {int_text(len(plan.errors))} lỗi; hãy sửa tệp (hoặc chọn danh hiệu cho cách gọi "
            "chưa rõ) rồi nhập lại. Chưa có gì được ghi."
        )
    rows = plan.items
    if not rows:
        raise ValidationError("Danh sách không có đề nghị nào để nhập.")
    summary = f"Nhập danh sách đề nghị khen thưởng năm {plan.year} của {plan.unit_name} {source}".strip()
    with ctx.write(summary) as s:
        choices = {t.code: t for t in award_choices(s)}
        errors = _subject_errors(s, plan.year, rows, {c: t.short_name for c, t in choices.items()})
        if errors:
            raise ValidationError(errors[0][1] + " Chưa có gì được ghi.")
        batch = new_batch(s, BatchData(plan.year, plan.title, unit_id=plan.unit_id))
        wanted = list(
            dict.fromkeys((choices[code].id, r.person_id, r.unit_id) for r in rows for code in r.codes)
        )
        items = new_items(s, batch, wanted, ctx.actor)
        for f in files:
            s.add(attachment_row(batch.id, f.kind, f.file_name, f.content))
        s.flush()
        left_out = len(plan.rows) - len(rows)
        record_bulk(
            s,
            ctx.actor,
            "import",
            "nomination_batch",
            f"{summary}: {int_text(len(items))} đề nghị, {int_text(len(files))} tệp kèm theo, "
            f"{int_text(left_out)} dòng chưa nhập",
            {"items": len(items), "files": len(files), "left_out": left_out, "source": source},
            batch.id,
        )
        return NominationImport(batch.id, len(items), len(files), left_out)


@use_case(Permission.DESK, "ghi nhớ cách gọi danh hiệu, hình thức của đơn vị")
def remember_wording(ctx: ServiceContext, text: str, award_type_code: str) -> int:
    """Remember that the units' wording `text` means the catalogue's `award_type_code`, for every list read
    from now on (a wording mapped before is mapped again)."""
    key, shown = wording_key(text), clean(text)
    if not key:
        raise ValidationError("Cần ghi cách gọi danh hiệu, hình thức của đơn vị.")
    if len(key) > 200:
        raise ValidationError("Cách gọi dài quá 200 ký tự: đây không phải tên một danh hiệu, hình thức.")
    with ctx.write(f"Ghi nhớ cách gọi “{shown}”") as s:
        award = s.scalar(select(AwardType).where(AwardType.code == (award_type_code or "").strip().upper()))
        if award is None:
            raise ValidationError(f"Không có danh hiệu, hình thức mã “{award_type_code}” trong danh mục.")
        s.info["summary"] = f"Ghi nhớ cách gọi “{shown}” là {award.name}"
        row = s.scalar(select(TitleWording).where(TitleWording.folded_text == key))
        if row is None:
            row = TitleWording(folded_text=key, text=shown, award_type_id=award.id, created_by=ctx.actor)
            s.add(row)
        else:
            row.award_type_id = award.id
        s.flush()
        return row.id


def import_nomination_list(
    ctx: ServiceContext,
    year: int,
    unit_id: int,
    proposals: Sequence[Proposal],
    confirmed: Mapping[int, int] | None = None,
    files: Sequence[BatchFile] = (),
    source: str = "",
    histories: Histories | None = None,
    left_out: Collection[int] = (),
) -> NominationImport:
    """The rows checked again against the database as it is now, then written in one transaction
    (plan_nomination_import, then apply_nomination_import): what the window calls on the writer thread."""
    plan = plan_nomination_import(ctx, year, unit_id, proposals, confirmed, histories, left_out)
    return apply_nomination_import(ctx, plan, files, source)
