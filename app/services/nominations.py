"""Nominations (đề nghị): batches from units, their items, the papers of the dossier, and each item's status.

A batch is what one unit sends for one year (or campaign); each item proposes one person or collective for
one title or form. Items move through the statuses of NominationStatus along the transitions below, and
every move is kept with who, when and why. The council's votes and the decisions move items too
(app/services/council.py, app/services/decisions.py), through `move` here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.rules.history import AwardRecord
from app.rules.parameters import review_date
from app.services.context import ServiceContext
from app.text import birth_text, clean
from app.text.numbers import int_text
from database.enums import (
    AttachmentKind,
    AuthorityLevel,
    AwardBasis,
    AwardCategory,
    BatchStatus,
    NominationStatus,
    Periodicity,
)
from database.models import Award, AwardType, Decision, NominationAttachment, NominationBatch, Person, Unit
from database.models import Nomination as NominationRow
from database.models import NominationStatusChange as StatusChangeRow

S = NominationStatus
# Where an item may go from each status. DECIDED, HIGHER_DECIDED and WITHDRAWN are final.
TRANSITIONS: dict[NominationStatus, frozenset[NominationStatus]] = {
    S.DRAFT: frozenset({S.RECEIVED, S.WITHDRAWN}),
    S.RECEIVED: frozenset({S.RETURNED, S.IN_COUNCIL, S.PASSED, S.FAILED, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.RECEIVED, S.WITHDRAWN}),
    S.IN_COUNCIL: frozenset({S.PASSED, S.FAILED, S.RECEIVED, S.WITHDRAWN}),
    S.PASSED: frozenset({S.DECIDED, S.FORWARDED, S.IN_COUNCIL, S.WITHDRAWN}),
    S.FAILED: frozenset({S.RECEIVED}),  # reconsidered, e.g. after a complaint
    S.FORWARDED: frozenset({S.HIGHER_DECIDED, S.FAILED, S.WITHDRAWN}),
    S.DECIDED: frozenset(),
    S.HIGHER_DECIDED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
NEEDS_REASON = frozenset({S.RETURNED, S.FAILED, S.WITHDRAWN})
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024

CSTD_CODES = frozenset({"CSTDCS", "CSTD_TINH", "CSTD_BO", "CSTD_TQ"})
# Passed on the unit's review minutes and list (Luật TĐKT; NĐ 152/2025): no council vote. Every other title
# and form is passed only by the council's vote (app/services/council.py).
LIST_TITLES = frozenset({"LDTT", "TTLDTT"})
BY_DECISION = frozenset({S.DECIDED, S.HIGHER_DECIDED, S.FORWARDED})  # written by a decision or a tờ trình


def needs_council_vote(award_code: str) -> bool:
    """True when only the council's vote may make an item for this title or form "Đạt"."""
    return award_code.upper() not in LIST_TITLES


def required_papers(code: str, is_title: bool) -> tuple[AttachmentKind, ...]:
    """The papers Luật TĐKT Đ84 asks for: a title needs tờ trình, báo cáo thành tích and biên bản bình xét,
    and a CSTĐ title also proof of the sáng kiến/đề tài or of the HTXSNV rating; a form of award needs
    tờ trình, báo cáo thành tích and biên bản xét. LĐTT and TTLĐTT go on the unit's list and minutes."""
    A = AttachmentKind
    if code in LIST_TITLES:
        return (A.SUBMISSION, A.MINUTES)
    papers = (A.SUBMISSION, A.ACHIEVEMENT_REPORT, A.MINUTES)
    if is_title and code in CSTD_CODES:
        papers += (A.INITIATIVE_CERTIFICATE,)
    return papers


# The CSTĐ proof may be the sáng kiến certificate or the confirmation of the HTXSNV rating.
_EQUIVALENT = {
    AttachmentKind.INITIATIVE_CERTIFICATE: frozenset(
        {AttachmentKind.INITIATIVE_CERTIFICATE, AttachmentKind.RATING_CONFIRMATION}
    )
}


def dossier_day(year: int, received_on: dt.date | None, created_on: dt.date | None) -> dt.date:
    """The day whose rules judge an item of `year` (NominationItem.dossier_date)."""
    if received_on is not None:
        return received_on
    review = review_date(year)
    return min(created_on, review) if created_on else review


@dataclass(frozen=True)
class ChecklistEntry:
    kind: AttachmentKind
    present: bool

    @property
    def label(self) -> str:
        if self.kind is AttachmentKind.INITIATIVE_CERTIFICATE:
            return "Chứng nhận sáng kiến, đề tài hoặc xác nhận HTXSNV"
        return self.kind.label


@dataclass(frozen=True)
class StatusChange:
    at: dt.datetime
    actor: str
    from_status: NominationStatus | None
    to_status: NominationStatus
    reason: str | None


@dataclass(frozen=True)
class NominationItem:
    id: int
    batch_id: int
    person_id: int | None
    unit_id: int | None
    subject_name: str  # the person's full name, or the collective's name
    birth_text: str
    position: str | None
    unit_name: str | None  # the person's unit
    award_code: str
    award_name: str
    is_title: bool
    within_director_power: bool
    year: int
    basis: AwardBasis
    achievement: str | None
    status: NominationStatus
    status_reason: str | None
    checklist: tuple[ChecklistEntry, ...]
    received_on: dt.date | None = None  # the batch's: the rule set in force that day judges the item
    batch_created_on: dt.date | None = None
    override_reason: str | None = None  # why a holder of the award is nominated again (Luật Đ5.2c)

    @property
    def collective(self) -> bool:
        return self.unit_id is not None

    @property
    def dossier_date(self) -> dt.date:
        """The day whose rules judge the item: its batch's receipt; a batch not marked received, the earlier of
        its creation and the year-end review (a later rule set still applies when it favours the nominee)."""
        return dossier_day(self.year, self.received_on, self.batch_created_on)

    @property
    def papers_complete(self) -> bool:
        return all(e.present for e in self.checklist)

    @property
    def missing_papers(self) -> list[str]:
        return [e.label for e in self.checklist if not e.present]


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    nomination_id: int | None  # None: for the whole batch (the tờ trình, the biên bản)
    kind: AttachmentKind
    file_name: str
    size: int


@dataclass(frozen=True)
class BatchInfo:
    id: int
    year: int
    unit_id: int | None
    unit_name: str | None
    title: str
    basis: AwardBasis
    target_level: AuthorityLevel
    received_on: dt.date | None
    their_reference: str | None
    status: BatchStatus
    items: int


@dataclass(frozen=True)
class BatchView:
    batch: BatchInfo
    items: tuple[NominationItem, ...]
    attachments: tuple[AttachmentInfo, ...]


@dataclass(frozen=True)
class BatchData:
    year: int
    title: str
    unit_id: int | None = None
    basis: AwardBasis = AwardBasis.MERIT
    target_level: AuthorityLevel = AuthorityLevel.DEPARTMENT
    received_on: dt.date | None = None
    their_reference: str | None = None
    campaign_id: int | None = None
    note: str | None = None


# --- no award twice --------------------------------------------------------------------------------------


class AlreadyAwarded(ValidationError):
    """The subject already holds the award (for the year; a once-only one at any time). Nominating them
    again needs a written reason (Nomination.override_reason), which the audit trail keeps."""

    def __init__(self, message: str, held: str):
        super().__init__(message)
        self.held = held  # "Đã được khen LĐTT 2025 (QĐ 12/QĐ-SYT ngày 15/12/2025)"


def held_awards(
    s: Session, award: AwardType, year: int, basis: AwardBasis, *, person_ids=None, unit_ids=None
) -> dict[tuple[int | None, int | None], str]:
    """(person_id, unit_id) → "Đã được khen …" for the subjects that already hold `award` (Luật TĐKT Đ5.2c
    [V]: one achievement, one award): a title of the year on any basis, a form of the year on the same
    basis (a sudden Giấy khen rewards another achievement), a once-only honour (periodic ONCE, ROUND) in
    any year. Revoked awards do not count. One select for many subjects."""
    once = award.periodicity is not Periodicity.YEARLY
    query = (
        select(
            Award.person_id,
            Award.unit_id,
            Award.year,
            Award.basis,
            func.coalesce(Decision.number_text, Award.decision_number),
            func.coalesce(Decision.issued_on, Award.decision_date),
        )
        .outerjoin(Decision, Decision.id == Award.decision_id)
        .where(Award.award_type_id == award.id, Award.revoked.is_(False))
        .order_by(Award.year, Award.id)
    )
    if not once:
        query = query.where(Award.year == year)
        if award.category is not AwardCategory.TITLE:
            query = query.where(Award.basis == basis)
    if person_ids is not None:
        query = query.where(Award.person_id.in_(list(person_ids)))
    if unit_ids is not None:
        query = query.where(Award.unit_id.in_(list(unit_ids)))
    found: dict[tuple[int | None, int | None], str] = {}
    for person_id, unit_id, y, b, number, day in s.execute(query):
        if isinstance(day, str):  # COALESCE of two dates comes back as text from SQLite
            day = dt.date.fromisoformat(day)
        found.setdefault(
            (person_id, unit_id),
            AwardRecord(award.code, y, b, False, number, day).held_text(award.short_name, once),
        )
    return found


# --- batches ---------------------------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if not 1945 <= year <= 2200:
        raise ValidationError(f"Năm {year} không hợp lệ.")


@use_case(Permission.DESK)
def create_batch(ctx: ServiceContext, data: BatchData) -> int:
    """A new batch: received (its items start as "Đã nhận") when it has a date of receipt, else a draft."""
    _check_year(data.year)
    title = clean(data.title)
    if not title:
        raise ValidationError("Cần nhập tên hồ sơ đề nghị (ví dụ: Đề nghị khen thưởng năm 2025 của …).")
    with ctx.write(f"Tạo hồ sơ đề nghị “{title}”") as s:
        if data.unit_id is not None and s.get(Unit, data.unit_id) is None:
            raise ValidationError("Không tìm thấy đơn vị đề nghị.")
        return new_batch(s, data).id


def new_batch(s: Session, data: BatchData) -> NominationBatch:
    """The batch row of `data`, added and flushed inside the caller's write: received (its items start as
    "Đã nhận") when it has a date of receipt, else a draft."""
    batch = NominationBatch(
        year=data.year,
        title=clean(data.title),
        unit_id=data.unit_id,
        basis=data.basis,
        target_level=data.target_level,
        received_on=data.received_on,
        their_reference=clean(data.their_reference),
        campaign_id=data.campaign_id,
        note=clean(data.note),
        status=BatchStatus.RECEIVED if data.received_on else BatchStatus.DRAFT,
    )
    s.add(batch)
    s.flush()
    return batch


def new_items(
    s: Session, batch: NominationBatch, wanted: Sequence[tuple[int, int | None, int | None]], actor: str
) -> list[NominationRow]:
    """One item of the batch per (award type id, person id, unit id), each with its first status change,
    inside the caller's write."""
    status = S.DRAFT if batch.status is BatchStatus.DRAFT else S.RECEIVED
    items = [
        NominationRow(
            batch_id=batch.id,
            award_type_id=type_id,
            year=batch.year,
            person_id=person_id,
            unit_id=unit_id,
            basis=batch.basis,
            status=status,
        )
        for type_id, person_id, unit_id in wanted
    ]
    s.add_all(items)
    s.flush()
    s.add_all(
        StatusChangeRow(nomination_id=n.id, actor=actor, from_status=None, to_status=status) for n in items
    )
    return items


@use_case(Permission.DESK)
def add_nomination(
    ctx: ServiceContext,
    batch_id: int,
    award_code: str,
    *,
    person_id: int | None = None,
    unit_id: int | None = None,
    achievement: str | None = None,
    basis: AwardBasis | None = None,
    override_reason: str | None = None,
) -> int:
    """Propose one person (or one collective) for one title or form, in a batch. A subject who already
    holds it is refused with `AlreadyAwarded`, naming the decision, unless the clerk writes why
    (`override_reason`, kept on the item and in the audit trail)."""
    if (person_id is None) == (unit_id is None):
        raise ValidationError("Mỗi đề nghị dành cho một cá nhân hoặc một tập thể.")
    with ctx.write("Thêm đề nghị khen thưởng") as s:
        batch = s.get(NominationBatch, batch_id)
        if batch is None:
            raise ValidationError("Không tìm thấy hồ sơ đề nghị.")
        award = s.scalar(select(AwardType).where(AwardType.code == award_code.upper()))
        if award is None:
            raise ValidationError(f"Không có danh hiệu, hình thức mã “{award_code}” trong danh mục.")
        if person_id is not None:
            if s.get(Person, person_id) is None:
                raise ValidationError("Không tìm thấy cán bộ được đề nghị.")
            if not award.for_individual:
                raise ValidationError(f"“{award.name}” chỉ dành cho tập thể.")
        else:
            if s.get(Unit, unit_id) is None:
                raise ValidationError("Không tìm thấy tập thể được đề nghị.")
            if not award.for_collective:
                raise ValidationError(f"“{award.name}” chỉ dành cho cá nhân.")
        clash = s.scalar(
            select(NominationRow.id).where(
                NominationRow.batch_id == batch_id,
                NominationRow.award_type_id == award.id,
                NominationRow.person_id.is_(None)
                if person_id is None
                else NominationRow.person_id == person_id,
                NominationRow.unit_id.is_(None) if unit_id is None else NominationRow.unit_id == unit_id,
            )
        )
        if clash is not None:
            raise ValidationError(f"Hồ sơ này đã có đề nghị “{award.name}” cho đối tượng này.")
        basis = basis or batch.basis
        reason = clean(override_reason) or None
        held = held_awards(
            s,
            award,
            batch.year,
            basis,
            person_ids=[person_id] if person_id is not None else None,
            unit_ids=[unit_id] if unit_id is not None else None,
        ).get((person_id, unit_id))
        if held is not None:
            if reason is None:
                who = (
                    s.get(Person, person_id).full_name if person_id is not None else s.get(Unit, unit_id).name
                )
                raise AlreadyAwarded(
                    f"{who}: {held}. Không đề nghị lại cho cùng thành tích (Luật Thi đua, khen "
                    "thưởng, Điều 5 khoản 2). Nếu vẫn cần đề nghị, hãy ghi rõ lý do.",
                    held,
                )
            s.info["summary"] = f"Thêm đề nghị khen thưởng dù {held[0].lower()}{held[1:]}; lý do: {reason}"
        status = S.DRAFT if batch.status is BatchStatus.DRAFT else S.RECEIVED
        item = NominationRow(
            batch_id=batch_id,
            award_type_id=award.id,
            year=batch.year,
            person_id=person_id,
            unit_id=unit_id,
            achievement=clean(achievement),
            basis=basis,
            status=status,
            override_reason=reason if held is not None else None,
        )
        s.add(item)
        s.flush()
        s.add(StatusChangeRow(nomination_id=item.id, actor=ctx.actor, from_status=None, to_status=status))
        return item.id


@dataclass(frozen=True)
class ItemData:
    """One item to add to a batch (add_item): for a person or for a collective."""

    award_code: str
    person_id: int | None = None
    unit_id: int | None = None
    achievement: str | None = None
    basis: AwardBasis | None = None
    override_reason: str | None = None


def add_item(ctx: ServiceContext, batch_id: int, data: ItemData) -> int:
    """add_nomination with its particulars in one value (what the window's item form sends)."""
    return add_nomination(
        ctx,
        batch_id,
        data.award_code,
        person_id=data.person_id,
        unit_id=data.unit_id,
        achievement=data.achievement,
        basis=data.basis,
        override_reason=data.override_reason,
    )


@use_case(Permission.DESK)
def mark_received(
    ctx: ServiceContext, batch_id: int, received_on: dt.date, their_reference: str | None = None
) -> None:
    """The unit's file has arrived: the batch and its draft items become "Đã nhận"."""
    with ctx.write("Nhận hồ sơ đề nghị") as s:
        batch = s.get(NominationBatch, batch_id)
        if batch is None:
            raise ValidationError("Không tìm thấy hồ sơ đề nghị.")
        batch.received_on, batch.status = received_on, BatchStatus.RECEIVED
        if their_reference:
            batch.their_reference = clean(their_reference)
        drafts = s.scalars(
            select(NominationRow.id).where(
                NominationRow.batch_id == batch_id, NominationRow.status == S.DRAFT
            )
        ).all()
        move(s, ctx.actor, drafts, S.RECEIVED)


# --- statuses --------------------------------------------------------------------------------------------


def allowed_moves(item: NominationItem) -> frozenset[NominationStatus]:
    """Where the clerk may move this item by hand (change_status): the transitions, less the statuses
    only a decision writes, less "Đạt" where the council must vote."""
    moves = TRANSITIONS[item.status] - BY_DECISION
    if needs_council_vote(item.award_code):
        moves -= {S.PASSED}
    return moves


def moves_for(items: Iterable[NominationItem]) -> frozenset[NominationStatus]:
    """The moves open to at least one of the items chosen (the page enables these)."""
    found: frozenset[NominationStatus] = frozenset()
    for item in items:
        found |= allowed_moves(item)
    return found


def _refuse_pass_without_vote(s: Session, rows: Sequence[NominationRow]) -> None:
    codes = dict(
        s.execute(
            select(NominationRow.id, AwardType.code)
            .join(AwardType, AwardType.id == NominationRow.award_type_id)
            .where(NominationRow.id.in_([r.id for r in rows]))
        ).all()
    )
    voted = [r for r in rows if needs_council_vote(codes[r.id])]
    if voted:
        name = s.scalar(select(AwardType.name).where(AwardType.code == codes[voted[0].id]))
        raise ValidationError(
            f"“{name}” chỉ “Đạt” khi Hội đồng Thi đua – Khen thưởng bỏ phiếu: hãy đưa đề nghị ra Hội đồng "
            "và ghi phiên họp. Chỉ Lao động tiên tiến, Tập thể lao động tiên tiến được “Đạt” theo biên "
            "bản bình xét của đơn vị."
        )


def move(
    s: Session,
    actor: str,
    nomination_ids: Iterable[int],
    to: NominationStatus,
    reason: str | None = None,
    *,
    by_vote: bool = False,
) -> list[NominationRow]:
    """Inside a unit of work: move items to a status, refusing what the transitions do not allow. "Đạt"
    for a title or form the council votes on is written only by its vote (`by_vote`, council.py)."""
    reason = clean(reason)
    if to in NEEDS_REASON and not reason:
        raise ValidationError(f"Cần ghi lý do khi chuyển sang “{to.label}”.")
    ids = list(dict.fromkeys(nomination_ids))
    rows = s.scalars(select(NominationRow).where(NominationRow.id.in_(ids))).all() if ids else []
    if len(rows) != len(ids):
        raise ValidationError("Có đề nghị không còn trong cơ sở dữ liệu.")
    for row in rows:
        if to not in TRANSITIONS[row.status]:
            raise ValidationError(
                f"Không thể chuyển đề nghị đang ở trạng thái “{row.status.label}” sang “{to.label}”."
            )
    if to is S.PASSED and not by_vote and rows:
        _refuse_pass_without_vote(s, rows)
    for row in rows:
        s.add(
            StatusChangeRow(
                nomination_id=row.id, actor=actor, from_status=row.status, to_status=to, reason=reason
            )
        )
        row.status, row.status_reason = to, reason
    s.flush()
    return rows


@use_case(Permission.DESK)
def change_status(
    ctx: ServiceContext, nomination_ids: Sequence[int], to: NominationStatus, reason: str | None = None
) -> None:
    """The clerk moves items by hand (returned for more papers, sent to the council, LĐTT passed on the
    unit's minutes ...), along `allowed_moves`. Decisions and votes have their own use cases, which also
    record what they decide."""
    if to in BY_DECISION:
        raise ValidationError(
            f"“{to.label}” được ghi khi ban hành quyết định hoặc tờ trình, không chuyển tay."
        )
    with ctx.write(f"Chuyển {int_text(len(nomination_ids))} đề nghị sang “{to.label}”") as s:
        move(s, ctx.actor, nomination_ids, to, reason)


def status_history(ctx: ServiceContext, nomination_id: int) -> list[StatusChange]:
    with ctx.read() as s:
        return [
            StatusChange(r.at, r.actor, r.from_status, r.to_status, r.reason)
            for r in s.scalars(
                select(StatusChangeRow)
                .where(StatusChangeRow.nomination_id == nomination_id)
                .order_by(StatusChangeRow.at, StatusChangeRow.id)
            )
        ]


# --- attachments -----------------------------------------------------------------------------------------


@use_case(Permission.DESK)
def attach(
    ctx: ServiceContext,
    batch_id: int,
    kind: AttachmentKind,
    file_name: str,
    content: bytes,
    nomination_id: int | None = None,
) -> int:
    """Keep a paper of the dossier inside the database (a backup then holds the whole file)."""
    row = attachment_row(batch_id, kind, file_name, content, nomination_id)
    with ctx.write(f"Đính kèm “{row.file_name}”") as s:
        if s.get(NominationBatch, batch_id) is None:
            raise ValidationError("Không tìm thấy hồ sơ đề nghị.")
        if nomination_id is not None:
            item = s.get(NominationRow, nomination_id)
            if item is None or item.batch_id != batch_id:
                raise ValidationError("Đề nghị không thuộc hồ sơ này.")
        s.add(row)
        s.flush()
        return row.id


def attachment_row(
    batch_id: int, kind: AttachmentKind, file_name: str, content: bytes, nomination_id: int | None = None
) -> NominationAttachment:
    """A paper of the dossier as a row to add, its name and size checked."""
    name = clean(file_name)
    if not name:
        raise ValidationError("Tệp đính kèm cần có tên.")
    if not content:
        raise ValidationError(f"Tệp “{name}” rỗng.")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            f"Tệp “{name}” lớn hơn {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB; hãy nén hoặc "
            "quét lại với độ phân giải thấp hơn."
        )
    return NominationAttachment(
        batch_id=batch_id,
        nomination_id=nomination_id,
        kind=kind,
        file_name=name,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )


def attachment_content(ctx: ServiceContext, attachment_id: int) -> tuple[str, bytes]:
    with ctx.read() as s:
        row = s.get(NominationAttachment, attachment_id)
        if row is None:
            raise ValidationError("Không tìm thấy tệp đính kèm.")
        return row.file_name, row.content


# --- reading ---------------------------------------------------------------------------------------------


def list_batches(ctx: ServiceContext, year: int | None = None) -> list[BatchInfo]:
    with ctx.read() as s:
        counts = dict(
            s.execute(select(NominationRow.batch_id, func.count()).group_by(NominationRow.batch_id)).all()
        )
        query = (
            select(NominationBatch, Unit.name)
            .outerjoin(Unit, Unit.id == NominationBatch.unit_id)
            .order_by(NominationBatch.year.desc(), NominationBatch.id.desc())
        )
        if year is not None:
            query = query.where(NominationBatch.year == year)
        return [_batch_info(b, unit_name, counts.get(b.id, 0)) for b, unit_name in s.execute(query)]


def _batch_info(b: NominationBatch, unit_name: str | None, items: int) -> BatchInfo:
    return BatchInfo(
        b.id,
        b.year,
        b.unit_id,
        unit_name,
        b.title,
        b.basis,
        b.target_level,
        b.received_on,
        b.their_reference,
        b.status,
        items,
    )


def load_batch(ctx: ServiceContext, batch_id: int) -> BatchView:
    with ctx.read() as s:
        batch = s.get(NominationBatch, batch_id)
        if batch is None:
            raise ValidationError("Không tìm thấy hồ sơ đề nghị.")
        unit_name = s.scalar(select(Unit.name).where(Unit.id == batch.unit_id)) if batch.unit_id else None
        attachments = tuple(
            AttachmentInfo(a.id, a.nomination_id, a.kind, a.file_name, a.size)
            for a in s.execute(
                select(
                    NominationAttachment.id,
                    NominationAttachment.nomination_id,
                    NominationAttachment.kind,
                    NominationAttachment.file_name,
                    NominationAttachment.size,
                )
                .where(NominationAttachment.batch_id == batch_id)
                .order_by(NominationAttachment.id)
            )
        )
        items = tuple(_items(s, [NominationRow.batch_id == batch_id], attachments))
        return BatchView(_batch_info(batch, unit_name, len(items)), items, attachments)


def load_nominations(ctx: ServiceContext, nomination_ids: Sequence[int]) -> list[NominationItem]:
    with ctx.read() as s:
        return _items(s, [NominationRow.id.in_(list(nomination_ids))], None)


def items_in(
    ctx: ServiceContext, year: int, statuses: Iterable[NominationStatus], batch_id: int | None = None
) -> list[NominationItem]:
    """The year's items in some statuses (e.g. those before the council), of one batch or of all."""
    where = [NominationRow.year == year, NominationRow.status.in_(list(statuses))]
    if batch_id is not None:
        where.append(NominationRow.batch_id == batch_id)
    with ctx.read() as s:
        return _items(s, where, None)


def higher_level_items(ctx: ServiceContext, year: int) -> list[NominationItem]:
    """The year's items beyond the Director's power that passed the council (or went up already), from
    every batch: the list that goes with the tờ trình to the higher level."""
    where = [
        NominationRow.year == year,
        NominationRow.status.in_([S.PASSED, S.FORWARDED]),
        AwardType.within_director_power.is_(False),
    ]
    with ctx.read() as s:
        return _items(s, where, None)


def _items(s: Session, where: list, attachments: tuple[AttachmentInfo, ...] | None) -> list[NominationItem]:
    person_unit = Unit.__table__.alias("person_unit")
    collective = Unit.__table__.alias("collective")
    rows = s.execute(
        select(
            NominationRow,
            AwardType.code,
            AwardType.name,
            AwardType.category,
            AwardType.within_director_power,
            Person.full_name,
            Person.birth_date,
            Person.birth_year,
            Person.position,
            person_unit.c.name,
            collective.c.name,
            NominationBatch.received_on,
            NominationBatch.created_at,
        )
        .join(AwardType, AwardType.id == NominationRow.award_type_id)
        .join(NominationBatch, NominationBatch.id == NominationRow.batch_id)
        .outerjoin(Person, Person.id == NominationRow.person_id)
        .outerjoin(person_unit, person_unit.c.id == Person.unit_id)
        .outerjoin(collective, collective.c.id == NominationRow.unit_id)
        .where(*where)
        .order_by(NominationRow.id)
    ).all()
    if attachments is None:
        batch_ids = {r[0].batch_id for r in rows}
        attachments = tuple(
            AttachmentInfo(a.id, a.nomination_id, a.kind, a.file_name, a.size)
            for a in s.execute(
                select(
                    NominationAttachment.id,
                    NominationAttachment.nomination_id,
                    NominationAttachment.kind,
                    NominationAttachment.file_name,
                    NominationAttachment.size,
                    NominationAttachment.batch_id,
                ).where(NominationAttachment.batch_id.in_(batch_ids))
            )
        )
    items = []
    for (
        n,
        code,
        name,
        category,
        director,
        full_name,
        bdate,
        byear,
        position,
        person_unit_name,
        collective_name,
        received_on,
        batch_created,
    ) in rows:
        is_title = category is AwardCategory.TITLE
        # Papers filed for the whole batch count for every item; an item's own papers only for it.
        kinds = {a.kind for a in attachments if a.nomination_id in (None, n.id)}
        checklist = tuple(
            ChecklistEntry(k, bool(_EQUIVALENT.get(k, {k}) & kinds)) for k in required_papers(code, is_title)
        )
        items.append(
            NominationItem(
                id=n.id,
                batch_id=n.batch_id,
                person_id=n.person_id,
                unit_id=n.unit_id,
                subject_name=full_name if n.person_id else collective_name,
                birth_text=birth_text(bdate, byear) if n.person_id else "",
                position=position,
                unit_name=person_unit_name,
                award_code=code,
                award_name=name,
                is_title=is_title,
                within_director_power=director,
                year=n.year,
                basis=n.basis,
                achievement=n.achievement,
                status=n.status,
                status_reason=n.status_reason,
                checklist=checklist,
                received_on=received_on,
                batch_created_on=batch_created.date() if batch_created else None,
                override_reason=n.override_reason,
            )
        )
    return items
