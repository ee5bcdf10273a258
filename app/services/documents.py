"""The outgoing register as the clerk works it: drafts written as text, numbered when signed, voided with a
reason, the signed scan kept with its entry, and every entry printed again (PDF or .docx) from what it
stored.

    document_id = save_draft(ctx, DraftInput(DocumentKind.OFFICIAL_LETTER, "Hướng dẫn …", text="…"))
    register_draft(ctx, document_id, dt.date.today())        # the next number of its series, one transaction
    render_document(ctx, document_id, "cong-van.docx")

What each kind stores in `content`:
- công văn, kế hoạch, thông báo, báo cáo: {"text", "addressees", "unit_code"} — the clerk's text;
- quyết định: DecisionDraft.content() (its list and căn cứ), or nothing (the list comes from the awards);
- tờ trình: forward_to_higher's {"level", "year", "lines", "legal_bases"} (those in force on its date);
- biên bản: {"snapshot": …}, the document as drafted from the council's records (blocks and signatures).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, aliased

from app.documents import state as state_documents  # ReportLab and python-docx load only when printing
from app.documents.state.builders import (
    agency_phrase,
    bien_ban_hop_hoi_dong,
    punctuated,
    quyet_dinh_khen_thuong,
    to_trinh,
    van_ban,
)
from app.documents.state.model import Heading, Para, StateDocument
from app.documents.state.stored import restore, snapshot
from app.domain.permissions import Permission, use_case
from app.domain.register import about, document_symbol, number_text
from app.errors import ValidationError
from app.services.agency import AgencyInfo, SignerInfo, get_agency
from app.services.audit import utc_now
from app.services.context import ServiceContext, clean_input
from app.services.council import meeting_record
from app.services.decisions import guard_awards, loaded_value
from app.services.legal_bases import legal_bases
from app.services.register import (
    COUNCIL_SERIES,
    SERIES_SHARED,
    copies_column,
    give_number,
    read_scan,
    retry_on_race,
    series_mode,
    set_series_mode,
)
from app.services.settings import read_setting, write_setting
from app.services.versions import check_version
from app.settings import REQUIRE_APPROVAL
from app.text import clean, fold
from database.enums import CorrectionKind, DocumentKind, DocumentOrigin, DocumentStatus, UnitKind
from database.models import Agency, Award, AwardType, Decision, OutgoingDocument, Person, Signer, Unit

K = DocumentKind
# Kinds the clerk writes as text; the others are drafted from the records (decisions, votes).
WRITTEN_KINDS = (K.OFFICIAL_LETTER, K.PLAN, K.NOTICE, K.REPORT)
RECORD_KINDS = (K.DECISION, K.SUBMISSION, K.MINUTES)
# Kinds whose snapshot prints a title line of its own: a pledge prints the block's name under "BẢN GIAO ƯỚC
# THI ĐUA NĂM 2025"; its subject in the register ("Giao ước thi đua năm 2025 – Khối …") is the register's line.
OWN_TITLE_KINDS = (K.PLEDGE,)
DEFAULT_UNIT_CODE = "VP"
EXPORT_SUFFIXES = (".pdf", ".docx")
# What an issued document never changes (the same list as the triggers: migration 0008_issued_documents', with
# the origin 0010_registers adds).
LOCKED_DOCUMENT = (
    "kind",
    "series",
    "year",
    "number",
    "symbol",
    "issued_on",
    "subject",
    "recipients",
    "signer_name",
    "signer_title",
    "drafter_initials",
    "copies",
    "content",
    "approved_by",
    "approved_at",
    "origin",
)
ISSUED_LOCKED = (
    "Văn bản đã ban hành không sửa được; hãy ban hành văn bản đính chính, sửa đổi hoặc thay thế, "
    "hoặc hủy số có lý do."
)


# --- what the register lists -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentEntry:
    id: int
    kind: DocumentKind
    number: int | None
    symbol: str
    issued_on: dt.date | None
    subject: str
    status: DocumentStatus
    year: int = 0
    signer_name: str | None = None
    recipients: str | None = None  # nơi nhận, one per line
    void_reason: str | None = None
    file_name: str | None = None
    corrects_id: int | None = None  # the issued document this one corrects, amends, supplements or replaces
    correction_kind: CorrectionKind | None = None
    approved_by: str | None = None  # the leader's sign-off on a draft
    approved_at: dt.datetime | None = None  # UTC
    origin: DocumentOrigin = (
        DocumentOrigin.PROGRAM
    )  # EXTERNAL: issued outside the program, entered afterwards
    # The chain, as the register shows it: "Đính chính cho 05/QĐ-SYT" on the correction, "Bị thay thế bởi
    # 09/QĐ-SYT" on the first (corrections still drafts are not listed on it).
    corrects: str = ""
    corrected_by: tuple[str, ...] = ()
    replaced_by: str | None = None  # the number of the issued document that replaces this one

    @property
    def number_text(self) -> str:
        return number_text(self.number, self.symbol) if self.number else f"…/{self.symbol}"

    @property
    def recipients_text(self) -> str:
        return "; ".join(_lines(self.recipients))

    @property
    def chain_text(self) -> str:
        return "; ".join(x for x in (self.corrects, *self.corrected_by) if x)

    @property
    def external(self) -> bool:
        return self.origin is DocumentOrigin.EXTERNAL

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    def approval_text(self, required: bool) -> str:
        """ "Chờ duyệt" / "Đã duyệt" for a draft (where the office asks for a sign-off, or once given)."""
        if self.status is not DocumentStatus.DRAFT:
            return ""
        if self.approved:
            return "Đã duyệt"
        return "Chờ duyệt" if required else ""

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "number": self.number,
            "symbol": self.symbol,
            "date": self.issued_on.isoformat() if self.issued_on else None,
            "subject": self.subject,
            **({"chain": [x for x in (self.corrects, *self.corrected_by) if x]} if self.chain_text else {}),
            **({"origin": self.origin.value} if self.external else {}),
        }

    def search_text(self) -> str:
        return fold(
            " ".join(
                x or ""
                for x in (
                    self.number_text,
                    self.kind.label,
                    self.subject,
                    self.signer_name,
                    self.recipients,
                    self.void_reason,
                    self.file_name,
                    self.chain_text,
                    self.origin.label if self.external else "",
                )
            )
        )


_ENTRY_COLUMNS = (
    OutgoingDocument.id,
    OutgoingDocument.kind,
    OutgoingDocument.number,
    OutgoingDocument.symbol,
    OutgoingDocument.issued_on,
    OutgoingDocument.subject,
    OutgoingDocument.status,
    OutgoingDocument.year,
    OutgoingDocument.signer_name,
    OutgoingDocument.recipients,
    OutgoingDocument.void_reason,
    OutgoingDocument.file_name,
    OutgoingDocument.corrects_id,
    OutgoingDocument.correction_kind,
    OutgoingDocument.approved_by,
    OutgoingDocument.approved_at,
    OutgoingDocument.origin,
)

# How a correction names the first on the register ("Đính chính cho 05/QĐ-SYT"), and how the first names it.
_CORRECTS = {
    CorrectionKind.CORRECTION: "Đính chính cho",
    CorrectionKind.AMENDMENT: "Sửa đổi",
    CorrectionKind.SUPPLEMENT: "Bổ sung",
    CorrectionKind.REPLACEMENT: "Thay thế",
}
_CORRECTED_BY = {
    CorrectionKind.CORRECTION: "Được đính chính bởi",
    CorrectionKind.AMENDMENT: "Được sửa đổi bởi",
    CorrectionKind.SUPPLEMENT: "Được bổ sung bởi",
    CorrectionKind.REPLACEMENT: "Bị thay thế bởi",
}


def _with_chains(s: Session, entries: list[DocumentEntry]) -> list[DocumentEntry]:
    """Each entry with its links to the documents it corrects and that correct it (in any year)."""
    links = s.execute(
        select(
            OutgoingDocument.id,
            OutgoingDocument.corrects_id,
            OutgoingDocument.correction_kind,
            OutgoingDocument.number,
            OutgoingDocument.symbol,
            OutgoingDocument.status,
        ).where(OutgoingDocument.corrects_id.is_not(None))
    ).all()
    if not links:
        return entries
    firsts = {link.corrects_id for link in links}
    numbers = {
        i: number_text(n, sym) if n else f"…/{sym}"
        for i, n, sym in s.execute(
            select(OutgoingDocument.id, OutgoingDocument.number, OutgoingDocument.symbol).where(
                OutgoingDocument.id.in_(firsts)
            )
        )
    }
    by_first: dict[int, list] = {}
    for link in links:
        if link.status is DocumentStatus.REGISTERED:  # a draft or a voided correction corrects nothing yet
            by_first.setdefault(link.corrects_id, []).append(link)
    chained = []
    for e in entries:
        changes: dict[str, Any] = {}
        if e.corrects_id is not None and e.correction_kind is not None:
            changes["corrects"] = f"{_CORRECTS[e.correction_kind]} {numbers.get(e.corrects_id, '?')}"
        later = by_first.get(e.id, [])
        if later:
            texts = [f"{_CORRECTED_BY[x.correction_kind]} {number_text(x.number, x.symbol)}" for x in later]
            changes["corrected_by"] = tuple(texts)
            replacing = [x for x in later if x.correction_kind is CorrectionKind.REPLACEMENT]
            if replacing:
                changes["replaced_by"] = number_text(replacing[-1].number, replacing[-1].symbol)
        chained.append(replace(e, **changes) if changes else e)
    return chained


def list_documents(
    ctx: ServiceContext, year: int | None = None, kind: DocumentKind | None = None, text: str = ""
) -> list[DocumentEntry]:
    """The register, newest first (drafts on top): a year's, or all; of one kind; whose words contain `text`
    (accents and case ignored). Each entry knows its chain of corrections."""
    with ctx.read() as s:
        query = select(*_ENTRY_COLUMNS)
        if year is not None:
            query = query.where(OutgoingDocument.year == year)
        if kind is not None:
            query = query.where(OutgoingDocument.kind == kind)
        rows = s.execute(
            query.order_by(
                OutgoingDocument.year.desc(),
                OutgoingDocument.number.desc().nulls_first(),
                OutgoingDocument.id.desc(),
            )
        ).all()
        entries = _with_chains(s, [DocumentEntry(*row) for row in rows])
    wanted = fold(text or "")
    return [e for e in entries if wanted in e.search_text()] if wanted else entries


def document_years(ctx: ServiceContext) -> list[int]:
    with ctx.read() as s:
        return sorted(s.scalars(select(OutgoingDocument.year).distinct()), reverse=True)


def register_series(ctx: ServiceContext) -> str:
    with ctx.read() as s:
        return series_mode(s)


@use_case(Permission.REGISTER)
def choose_series(ctx: ServiceContext, mode: str) -> None:
    """The office's choice of series. It applies to numbers given from now on; numbers already given stay."""
    with ctx.write("Đổi cách đánh số sổ văn bản đi") as s:
        set_series_mode(s, mode)


def approval_required(ctx: ServiceContext) -> bool:
    """Whether a draft needs a leader's sign-off (Lãnh đạo: "Duyệt") before it is numbered."""
    with ctx.read() as s:
        return read_setting(s, REQUIRE_APPROVAL)


@use_case(Permission.SETTINGS)
def require_approval(ctx: ServiceContext, required: bool) -> None:
    """The office's choice: drafts are approved by a leader before the register numbers them. Turning it on
    or off is an administrator's setting (a clerk cannot waive the sign-off the office asks for)."""
    verb = "Bật" if required else "Tắt"
    with ctx.write(f"{verb} yêu cầu Lãnh đạo duyệt dự thảo trước khi vào sổ") as s:
        write_setting(s, REQUIRE_APPROVAL, bool(required))


# --- drafts ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftInput:
    """What the clerk edits. For a kind drafted from the records only the subject, the căn cứ, the signer and
    the Nơi nhận apply; the rest comes from the records."""

    kind: DocumentKind
    subject: str
    text: str = ""  # the body: one paragraph a line, *italic* and **bold** as typed
    addressees: tuple[str, ...] = ()  # Kính gửi
    signer_id: int | None = None
    copies_to: tuple[str, ...] = ()  # Nơi nhận
    drafter: str = ""
    copies: int | None = None
    unit_code: str = DEFAULT_UNIT_CODE  # công văn: the drafting office in its ký hiệu (SYT-VP)
    legal_bases: tuple[str, ...] = ()  # căn cứ of a decision or a tờ trình


@dataclass(frozen=True)
class StoredDocument:
    """A register entry and its editable text, as the dialog opens it."""

    entry: DocumentEntry
    draft: DraftInput
    version: int = 1  # the record's, handed back to save_draft (app.services.versions)

    @property
    def editable(self) -> bool:
        return self.entry.status is DocumentStatus.DRAFT


def _lines(text: str | None) -> tuple[str, ...]:
    """Nơi nhận as the register keeps it (copies_column) read back: its items without ";" and "."."""
    return tuple(x.strip().rstrip(";.").strip() for x in (text or "").splitlines() if x.strip())


def _decision_bases(s: Session, doc: OutgoingDocument) -> tuple[str, ...]:
    """As issued; a decision that kept none is given those in force on its date."""
    stored = (doc.content or {}).get("legal_bases")
    return tuple(stored) if stored else legal_bases(s, doc.issued_on or dt.date.today(), K.DECISION)


def _draft_of(s: Session, doc: OutgoingDocument) -> DraftInput:
    content = doc.content or {}
    signer = s.scalar(
        select(Signer.id).where(Signer.full_name == doc.signer_name).order_by(Signer.active.desc())
    )
    bases = ()
    if doc.kind is K.DECISION:
        bases = _decision_bases(s, doc)
    elif doc.kind is K.SUBMISSION:
        bases = tuple(content.get("legal_bases") or ())
    return DraftInput(
        kind=doc.kind,
        subject=doc.subject,
        text=content.get("text", ""),
        addressees=tuple(content.get("addressees") or ()),
        signer_id=signer,
        copies_to=_lines(doc.recipients),
        drafter=doc.drafter_initials or "",
        copies=doc.copies,
        unit_code=content.get("unit_code") or DEFAULT_UNIT_CODE,
        legal_bases=bases,
    )


def _entry(doc: OutgoingDocument) -> DocumentEntry:
    return DocumentEntry(*(getattr(doc, c.key) for c in _ENTRY_COLUMNS))


def load_document(ctx: ServiceContext, document_id: int) -> StoredDocument:
    with ctx.read() as s:
        doc = _row(s, document_id)
        return StoredDocument(_entry(doc), _draft_of(s, doc), doc.version)


def _row(s: Session, document_id: int) -> OutgoingDocument:
    doc = s.get(OutgoingDocument, document_id)
    if doc is None:
        raise ValidationError("Không tìm thấy văn bản trong sổ.")
    return doc


def _check(draft: DraftInput) -> DraftInput:
    text = "\n".join(clean(line) for line in (draft.text or "").splitlines())  # clean() would join the lines
    draft = clean_input(draft)
    draft = replace(
        draft,
        text=text.strip(),
        addressees=tuple(x for x in draft.addressees if x),
        copies_to=tuple(x for x in draft.copies_to if x),
        legal_bases=tuple(x for x in draft.legal_bases if x),
        drafter=draft.drafter.upper(),
        unit_code=(draft.unit_code or DEFAULT_UNIT_CODE).upper(),
    )
    if not draft.subject:
        raise ValidationError("Chưa nhập trích yếu (nội dung tóm tắt) của văn bản.")
    if draft.kind in WRITTEN_KINDS and not draft.text.strip():
        raise ValidationError("Chưa nhập nội dung văn bản.")
    if draft.kind is K.OFFICIAL_LETTER and not draft.addressees:
        raise ValidationError("Công văn cần ít nhất một nơi “Kính gửi”.")
    if draft.copies is not None and draft.copies < 1:
        raise ValidationError("Số bản phải từ 1 trở lên.")
    return draft


def _signer_row(s: Session, signer_id: int | None) -> Signer | None:
    if signer_id is None:
        return None
    signer = s.get(Signer, signer_id)
    if signer is None or not signer.active:
        raise ValidationError("Người ký không còn trong danh sách (Cài đặt › Thông tin cơ quan).")
    return signer


def _symbol(kind: DocumentKind, agency_symbol: str, unit_code: str) -> str:
    symbol = document_symbol(kind, agency_symbol)
    return f"{symbol}-{unit_code}" if kind is K.OFFICIAL_LETTER else symbol


def _text_of(doc: OutgoingDocument) -> tuple:
    """What a leader approves: the draft's text, signer and register details."""
    return tuple(getattr(doc, c) for c in LOCKED_DOCUMENT)


def _snapshot_subject(kind: DocumentKind, content: dict, subject: str) -> dict:
    """A kept document's content with its printed subject following the register's (not for OWN_TITLE_KINDS)."""
    if kind in OWN_TITLE_KINDS:
        return content
    return {"snapshot": {**content["snapshot"], "subject": subject}}


def _fill(s: Session, doc: OutgoingDocument, draft: DraftInput, agency: Agency) -> None:
    """Copy the clerk's edits onto a draft entry; a sign-off given to the text before is cleared when the
    text changes."""
    before = _text_of(doc)
    _copy_edits(s, doc, draft, agency)
    if doc.approved_at is not None and _text_of(doc) != before:
        doc.approved_by = doc.approved_at = None


def _copy_edits(s: Session, doc: OutgoingDocument, draft: DraftInput, agency: Agency) -> None:
    signer = _signer_row(s, draft.signer_id)
    doc.subject = draft.subject
    doc.signer_name = signer.full_name if signer else None
    doc.signer_title = signer.position_title if signer else None
    doc.recipients = copies_column(draft.copies_to)
    doc.drafter_initials = draft.drafter or None
    doc.copies = draft.copies
    if doc.kind in WRITTEN_KINDS:
        doc.symbol = _symbol(doc.kind, agency.symbol, draft.unit_code)
        doc.content = {"text": draft.text, "addressees": list(draft.addressees), "unit_code": draft.unit_code}
    elif doc.kind in (K.DECISION, K.SUBMISSION):
        doc.content = {**(doc.content or {}), "legal_bases": list(draft.legal_bases)}
    elif doc.content and "snapshot" in doc.content:
        doc.content = _snapshot_subject(doc.kind, doc.content, draft.subject)


@use_case(Permission.DESK)
def save_draft(
    ctx: ServiceContext,
    draft: DraftInput,
    document_id: int | None = None,
    expected_version: int | None = None,
) -> int:
    """A new draft (no number, dated this year) or the clerk's edits to one; a registered entry is not
    edited: it is voided and drafted again. `expected_version`: the version the form loaded (StaleRecord if
    another clerk saved since)."""
    draft = _check(draft)
    with ctx.write(f"Lưu dự thảo {draft.kind.label.lower()}") as s:
        agency = s.scalar(select(Agency))
        if agency is None:
            raise ValidationError("Chưa có thông tin cơ quan (Cài đặt › Thông tin cơ quan).")
        if document_id is None:
            if draft.kind not in WRITTEN_KINDS:
                raise ValidationError(
                    f"{draft.kind.label} được lập từ hồ sơ (quyết định, tờ trình, biên bản), "
                    "không soạn mới ở đây."
                )
            doc = OutgoingDocument(
                kind=draft.kind, series=SERIES_SHARED, year=dt.date.today().year, status=DocumentStatus.DRAFT
            )
        else:
            doc = _row(s, document_id)
            _refuse_issued(doc)
            check_version(s, doc, expected_version)
            if doc.kind is not draft.kind:
                raise ValidationError("Không đổi được loại của một dự thảo; hãy soạn văn bản mới.")
        _fill(s, doc, draft, agency)
        s.add(doc)  # added once filled: the reads above would flush it half-made
        s.flush()
        return doc.id


@use_case(Permission.DESK)
def delete_draft(ctx: ServiceContext, document_id: int) -> None:
    """A draft that was never numbered leaves no trace in the register but the audit trail."""
    with ctx.write("Xóa dự thảo văn bản") as s:
        doc = _row(s, document_id)
        if doc.status is not DocumentStatus.DRAFT:
            raise ValidationError("Văn bản đã vào sổ không xóa được; hãy hủy số nếu không dùng.")
        if s.scalar(select(Decision.id).where(Decision.document_id == doc.id)) is not None:
            raise ValidationError("Dự thảo này gắn với một quyết định khen thưởng; không xóa được.")
        s.delete(doc)


def _refuse_issued(doc: OutgoingDocument) -> None:
    if doc.status is not DocumentStatus.DRAFT:
        raise ValidationError(ISSUED_LOCKED)


@use_case(Permission.APPROVE)
def approve_draft(ctx: ServiceContext, document_id: int) -> None:
    """A leader's sign-off on a draft as it stands; any later change of its text clears it."""
    with ctx.write("Lãnh đạo duyệt dự thảo văn bản") as s:
        doc = _row(s, document_id)
        if doc.status is not DocumentStatus.DRAFT:
            raise ValidationError("Chỉ duyệt được dự thảo; văn bản này đã vào sổ.")
        if doc.approved_at is not None:
            raise ValidationError(f"Dự thảo này đã được duyệt ({doc.approved_by}).")
        doc.approved_by = ctx.actor
        doc.approved_at = utc_now()
        s.info["summary"] = f"Lãnh đạo duyệt dự thảo: {doc.subject}"


@use_case(Permission.REGISTER)
def register_draft(ctx: ServiceContext, document_id: int, issued_on: dt.date) -> str:
    """Vào sổ: the next number of the draft's series and the signing date, in one transaction (retried whole
    if another session took that number first). Returns "05/SYT-VP"."""

    def work() -> str:
        with ctx.write("Vào sổ văn bản đi") as s:
            doc = _row(s, document_id)
            if doc.status is not DocumentStatus.DRAFT:
                raise ValidationError(f"Văn bản này đã có số {number_text(doc.number, doc.symbol)}.")
            if not doc.signer_name:
                raise ValidationError("Chưa chọn người ký; hãy mở dự thảo, chọn người ký rồi vào sổ.")
            if doc.approved_at is None and read_setting(s, REQUIRE_APPROVAL):
                raise ValidationError(
                    "Dự thảo chưa được Lãnh đạo duyệt; cơ quan yêu cầu duyệt trước khi vào sổ "
                    "(Lãnh đạo chọn dự thảo rồi bấm “Duyệt”)."
                )
            series = COUNCIL_SERIES if doc.series == COUNCIL_SERIES else None
            give_number(s, doc, issued_on, series)
            return number_text(doc.number, doc.symbol)

    return retry_on_race(work)


@use_case(Permission.REGISTER)
def void_document(ctx: ServiceContext, document_id: int, reason: str) -> None:
    """Hủy số: the entry stays in the register, greyed, with its reason; its number is never given again."""
    reason = clean(reason)
    if not reason:
        raise ValidationError("Hãy ghi lý do hủy số.")
    with ctx.write("Hủy số văn bản đi") as s:
        doc = _row(s, document_id)
        if doc.status is not DocumentStatus.REGISTERED:
            raise ValidationError("Chỉ hủy số được văn bản đã vào sổ; dự thảo thì xóa đi.")
        if s.scalar(select(Decision.id).where(Decision.document_id == doc.id)) is not None:
            raise ValidationError(
                "Văn bản này là quyết định khen thưởng đã ghi vào hồ sơ; hãy thu hồi quyết định "
                "ở trang Quyết định & Khen thưởng."
            )
        doc.status = DocumentStatus.VOIDED
        doc.void_reason = reason


@use_case(Permission.REGISTER)
def attach_file(ctx: ServiceContext, document_id: int, path: str | os.PathLike) -> str:
    """Keep the signed scan (or the final PDF) with its entry: a draft's file may be replaced, an issued
    document's scan is kept once (it is part of what was issued)."""
    name, data = read_scan(path)
    with ctx.write("Đính kèm bản ký văn bản đi") as s:
        doc = _row(s, document_id)
        if doc.status is not DocumentStatus.DRAFT and doc.file_name is not None:
            raise ValidationError(
                f"Văn bản số {number_text(doc.number, doc.symbol)} đã có bản ký “{doc.file_name}”; "
                "bản ký của văn bản đã ban hành không thay được."
            )
        doc.file_name, doc.file_content = name, data
    return name


def document_file(ctx: ServiceContext, document_id: int) -> tuple[str, bytes] | None:
    with ctx.read() as s:
        doc = _row(s, document_id)
        return (doc.file_name, doc.file_content) if doc.file_content else None


# --- corrections -----------------------------------------------------------------------------------------


def _with_basis(bases: Sequence[str], basis: str) -> list[str]:
    """The Căn cứ lines with the first document's, before the closing "Xét đề nghị …"."""
    bases = list(bases)
    at = next((n for n, line in enumerate(bases) if line.startswith("Xét")), len(bases))
    return [*bases[:at], basis, *bases[at:]]


@use_case(Permission.DESK)
def correct_document(ctx: ServiceContext, document_id: int, kind: CorrectionKind) -> int:
    """A new draft that corrects (đính chính), amends (sửa đổi), supplements (bổ sung) or replaces (thay thế)
    an issued document, which itself never changes: it starts from the first's text with a reference to it
    ("đính chính Quyết định số 05/QĐ-SYT ngày 12/03/2026 …"). Returns the draft's id."""
    kind = CorrectionKind(kind)
    with ctx.write(f"Soạn văn bản {kind.verb} văn bản đã ban hành") as s:
        first = _row(s, document_id)
        if first.status is not DocumentStatus.REGISTERED:
            raise ValidationError(
                "Chỉ đính chính, sửa đổi, bổ sung hoặc thay thế được văn bản đã ban hành (đã vào sổ, "
                "chưa hủy số); dự thảo thì sửa trực tiếp."
            )
        if kind is CorrectionKind.REPLACEMENT:
            taken = s.scalar(
                select(OutgoingDocument).where(
                    OutgoingDocument.corrects_id == first.id,
                    OutgoingDocument.correction_kind == CorrectionKind.REPLACEMENT,
                    OutgoingDocument.status != DocumentStatus.VOIDED,
                )
            )
            if taken is not None:
                raise ValidationError(
                    f"Văn bản này đã có văn bản thay thế ({taken.subject}"
                    + (f", số {number_text(taken.number, taken.symbol)}" if taken.number else ", dự thảo")
                    + ")."
                )
        agency = s.scalar(select(Agency))
        ref = (
            f"{first.kind.label} số {number_text(first.number, first.symbol)} ngày {first.issued_on:%d/%m/%Y}"
        )
        issuer = agency_phrase(agency.name) if agency else "Cơ quan"
        content = dict(first.content or {})
        if first.kind is K.DECISION and not content.get("lines"):
            content.update(_decision_lines(s, first))
        if kind is CorrectionKind.REPLACEMENT:
            subject = f"{first.subject} (thay thế {ref})"
            lead = f"Văn bản này thay thế {ref} của {issuer} {about(first.subject)}."
        else:
            subject = f"Về việc {kind.verb} {ref}"
            lead = f"{issuer} {kind.verb} {ref} {about(first.subject)} như sau:"
        if first.kind in WRITTEN_KINDS:
            content["text"] = "\n".join(x for x in (lead, content.get("text") or "") if x)
        elif first.kind in (K.DECISION, K.SUBMISSION):
            bases = content.get("legal_bases") or (
                _decision_bases(s, first) if first.kind is K.DECISION else ()
            )
            basis = f"Căn cứ {ref} của {issuer} {about(first.subject)};"
            content["legal_bases"] = _with_basis(bases, basis)
        elif "snapshot" in content:
            content = _snapshot_subject(first.kind, content, subject)
        doc = OutgoingDocument(
            kind=first.kind,
            series=COUNCIL_SERIES if first.series == COUNCIL_SERIES else SERIES_SHARED,
            year=dt.date.today().year,
            symbol=first.symbol,
            subject=subject,
            recipients=first.recipients,
            signer_name=first.signer_name,
            signer_title=first.signer_title,
            drafter_initials=first.drafter_initials,
            copies=first.copies,
            content=content,
            status=DocumentStatus.DRAFT,
            corrects_id=first.id,
            correction_kind=kind,
        )
        s.add(doc)
        s.flush()
        s.info["summary"] = f"Soạn văn bản {kind.verb} {number_text(first.number, first.symbol)}"
        return doc.id


# --- the lock: what was issued is never changed -----------------------------------------------------------


def _guard_issued(session: Session, _context, _instances) -> None:
    """Refuse, in Vietnamese and before the database's own triggers do, a change of an issued document's
    text or register entry, or its deletion (migration 0008_issued_documents lists what stays writable)."""
    for doc in session.deleted:
        if isinstance(doc, OutgoingDocument) and loaded_value(doc, "status") is not DocumentStatus.DRAFT:
            raise ValidationError(ISSUED_LOCKED)
    for doc in session.dirty:
        if not isinstance(doc, OutgoingDocument) or loaded_value(doc, "status") is DocumentStatus.DRAFT:
            continue
        state = inspect(doc)
        if any(state.attrs[c].history.has_changes() for c in LOCKED_DOCUMENT):
            raise ValidationError(ISSUED_LOCKED)
    guard_awards(session)


event.listen(Session, "before_flush", _guard_issued)


# --- the document as a StateDocument ---------------------------------------------------------------------


def _signer_info(s: Session, name: str | None, title: str | None, signer_id: int | None = None) -> SignerInfo:
    """The signer as chosen or as the register names them, with how they sign (KT. …) while on the list."""
    row = s.get(Signer, signer_id) if signer_id else None
    row = row or s.scalar(select(Signer).where(Signer.full_name == name).order_by(Signer.active.desc()))
    if row is not None:
        return SignerInfo(row.full_name, row.position_title, row.authority, row.authority_title)
    return SignerInfo(name or "", title or "")


def _decision_lines(s: Session, doc: OutgoingDocument) -> dict:
    """A decision's list from its awards, for entries issued without stored content (imported, demo)."""
    decision = s.scalar(select(Decision).where(Decision.document_id == doc.id))
    if decision is None:
        raise ValidationError(
            f"Văn bản {doc.symbol} số {doc.number} không gắn với quyết định khen thưởng nào."
        )
    collective, workplace, above = aliased(Unit), aliased(Unit), aliased(Unit)
    rows = s.execute(
        select(
            Person.full_name,
            Person.position,
            workplace.name,
            collective.name,
            above.name,
            above.kind,
            AwardType.name,
            Award.bonus_amount,
            Award.bonus_note,
        )
        .select_from(Award)
        .join(AwardType, AwardType.id == Award.award_type_id)
        .outerjoin(Person, Person.id == Award.person_id)
        .outerjoin(workplace, workplace.id == Person.unit_id)
        .outerjoin(collective, collective.id == Award.unit_id)
        .outerjoin(above, above.id == collective.parent_id)
        .where(Award.decision_id == decision.id)
        .order_by(Award.unit_id.is_(None), above.name, collective.name, Person.sort_key)
    ).all()
    return {
        "lines": [
            {
                "name": unit_name or name,
                "position": None if unit_name else position,
                # a khoa is named with its hospital; a unit right under the Department needs no more
                "unit": (above_name if above_kind is not UnitKind.DEPARTMENT else None)
                if unit_name
                else works_in,
                "collective": unit_name is not None,
                "award_name": award,
                "amount": amount,
                "note": note,
            }
            for name, position, works_in, unit_name, above_name, above_kind, award, amount, note in rows
        ]
    }


def body_blocks(text: str) -> tuple:
    """The clerk's text as body blocks: a line in capitals ("I. MỤC ĐÍCH, YÊU CẦU") is a bold heading, any
    other line a paragraph."""
    blocks = []
    for line in (x.strip() for x in text.splitlines()):
        if not line:
            continue
        letters = [c for c in line.replace("*", "") if c.isalpha()]
        heading = len(letters) > 1 and all(c.isupper() for c in letters)
        blocks.append(Heading(line) if heading else Para(line))
    return tuple(blocks)


def _not_kept(doc: OutgoingDocument) -> str:
    """Why an entry does not print: its text was never kept (issued outside the program: only its scan)."""
    if doc.origin is not DocumentOrigin.EXTERNAL:
        return f"Văn bản “{doc.kind.label}” này không lưu nội dung; chưa in lại được."
    if not doc.file_name:
        kept = "chưa có bản ký đính kèm; không in lại được"
    elif _is_pdf(doc.file_content):
        kept = f"chỉ giữ bản ký “{doc.file_name}”: in ra tệp .pdf để có bản ký này"
    else:
        kept = f"chỉ giữ bản ký “{doc.file_name}” (Văn bản › Sổ đăng ký › Mở bản ký)"
    return (
        f"Văn bản số {number_text(doc.number, doc.symbol)} ban hành ngoài chương trình: chương trình không giữ "
        f"nội dung văn bản, {kept}."
    )


def _model(s: Session, agency: AgencyInfo, doc: OutgoingDocument, draft: DraftInput) -> StateDocument:
    """The StateDocument of an entry with the clerk's edits `draft` applied; numbered as the entry is."""
    signer = _signer_info(s, doc.signer_name, doc.signer_title, draft.signer_id)
    numbered = {"number": doc.number, "issued_on": doc.issued_on if doc.number else None}
    content = doc.content or {}
    if doc.kind in WRITTEN_KINDS:
        if not draft.text:
            raise ValidationError(_not_kept(doc))
        model = van_ban(
            doc.kind,
            agency,
            signer,
            subject=draft.subject,
            body=body_blocks(draft.text),
            recipients=draft.addressees,
            copies_to=draft.copies_to,
            unit_code=draft.unit_code,
            drafter=draft.drafter,
            copies=draft.copies,
            year=doc.year,
            **numbered,
        )
    elif doc.kind is K.DECISION:
        decision = s.scalar(select(Decision).where(Decision.document_id == doc.id))
        listed = content if content.get("lines") else _decision_lines(s, doc)
        model = quyet_dinh_khen_thuong(
            agency,
            signer,
            {**listed, "legal_bases": list(draft.legal_bases)},
            subject=draft.subject,
            year=decision.year if decision else None,
            copies_to=draft.copies_to or None,
            **numbered,
        )
    elif doc.kind is K.SUBMISSION:
        if not content.get("lines"):
            raise ValidationError("Tờ trình này không lưu danh sách kèm theo; chưa in lại được.")
        recipient = (content.get("addressees") or [None])[0] or (_lines(doc.recipients) or ("cấp trên",))[0]
        model = to_trinh(
            agency,
            signer,
            content,
            recipient=recipient,
            subject=draft.subject,
            year=content.get("year") or doc.year,
            bases=draft.legal_bases,
            document_year=doc.year,
            copies_to=draft.copies_to or None,
            **numbered,
        )
    elif "snapshot" in content:
        model = restore(content["snapshot"])
        model = replace(
            model,
            subject=model.subject if doc.kind in OWN_TITLE_KINDS else draft.subject,
            number=doc.number,
            year=doc.year,
            issued_on=doc.issued_on or model.issued_on,
            copies_to=punctuated(draft.copies_to) or model.copies_to,
        )
    else:
        raise ValidationError(_not_kept(doc))
    # The register's ký hiệu is what was issued, whatever the agency's symbol is today.
    return replace(
        model, symbol=doc.symbol, drafter=draft.drafter or model.drafter, copies=draft.copies or model.copies
    )


def _agency_info(ctx: ServiceContext) -> AgencyInfo:
    agency = get_agency(ctx)
    if agency is None:
        raise ValidationError("Chưa có thông tin cơ quan (Cài đặt › Thông tin cơ quan).")
    return agency


def document_model(ctx: ServiceContext, document_id: int, draft: DraftInput | None = None) -> StateDocument:
    """The StateDocument of a register entry, as it was issued (or, with `draft`, as the clerk is editing it)."""
    agency = _agency_info(ctx)
    with ctx.read() as s:
        doc = _row(s, document_id)
        return _model(s, agency, doc, _check(draft) if draft else _draft_of(s, doc))


def preview_model(ctx: ServiceContext, draft: DraftInput) -> StateDocument:
    """A new draft as it would print, before it is saved (no number, no day)."""
    draft = _check(draft)
    agency = _agency_info(ctx)
    doc = OutgoingDocument(
        kind=draft.kind,
        year=dt.date.today().year,
        number=None,
        issued_on=None,
        symbol=_symbol(draft.kind, agency.symbol, draft.unit_code),
        content={},
    )
    with ctx.read() as s:
        return _model(s, agency, doc, draft)


def export_document(model: StateDocument, target: str | os.PathLike) -> Path:
    """A StateDocument to .pdf or .docx, by the target's suffix (written whole, or not at all)."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ValidationError("Chỉ xuất được tệp .pdf hoặc .docx.")
    if suffix == ".pdf":
        state_documents.render_pdf(model, target)
    else:
        state_documents.render_docx(model, target)
    return target


def render_document(
    ctx: ServiceContext, document_id: int, target: str | os.PathLike, *, audit: bool = True
) -> Path:
    """Print a register entry to a .pdf or .docx file; an entry issued outside the program prints as its signed
    scan (a PDF). A numbered document printed is an audit row (what, number, where); `audit` False when the
    print is part of an export that has its own row (a package)."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ValidationError("Chỉ xuất được tệp .pdf hoặc .docx.")
    scan = _signed_pdf(ctx, document_id) if suffix == ".pdf" else None
    if scan is None:
        path = export_document(document_model(ctx, document_id), target)
    else:
        from app.documents.state.layout import deliver  # ReportLab's, loaded when printing

        deliver(scan, target)
        path = target
    if audit:
        _record_print(ctx, document_id, path)
    return path


def _signed_pdf(ctx: ServiceContext, document_id: int) -> bytes | None:
    """What an entry issued outside the program prints as: its signed scan, where that is a PDF (the program
    keeps no text of it). None for the program's own entries."""
    with ctx.read() as s:
        doc = _row(s, document_id)
        if doc.origin is DocumentOrigin.EXTERNAL and _is_pdf(doc.file_content):
            return doc.file_content
    return None


def _is_pdf(data: bytes | None) -> bool:
    return (data or b"").startswith(b"%PDF-")


def _record_print(ctx: ServiceContext, document_id: int, path: Path) -> None:
    with ctx.read() as s:
        doc = _row(s, document_id)
        if doc.number is None:
            return  # a draft: nothing numbered left the office
        numbered, kind, status = number_text(doc.number, doc.symbol), doc.kind, doc.status
    ctx.log_event(
        "print",
        "outgoing_document",
        f"In {kind.label.lower()} số {numbered} ra tệp “{path.name}”",
        {"number": numbered, "kind": kind.value, "status": status.value, "target": str(path)},
        document_id,
    )


# --- the council's biên bản ------------------------------------------------------------------------------


def council_minutes(ctx: ServiceContext, meeting_id: int) -> StateDocument:
    """The biên bản of a council meeting, drafted from its attendance and ballots."""
    agency = _agency_info(ctx)
    record = meeting_record(ctx, meeting_id)
    return bien_ban_hop_hoi_dong(
        agency,
        record.info,
        record.results,
        chair=record.chair or "……………………",
        secretary=record.secretary or "……………………",
        attendees=record.attendees,
    )


def render_minutes(ctx: ServiceContext, meeting_id: int, target: str | os.PathLike) -> Path:
    return export_document(council_minutes(ctx, meeting_id), target)


def minutes_entry(model: StateDocument) -> dict[str, Any]:
    """The register row of a council biên bản (its own series, BB-HĐTĐKT), its text kept as drafted."""
    return {
        "kind": K.MINUTES,
        "series": COUNCIL_SERIES,
        "symbol": model.symbol,
        "subject": model.subject,
        "signer_name": model.signatures[-1].name if model.signatures else None,
        "signer_title": model.signatures[-1].titles[0] if model.signatures else None,
        "recipients": "\n".join(model.copies_to) or None,
        "content": {"snapshot": snapshot(model)},
    }


@use_case(Permission.DESK)
def draft_minutes(ctx: ServiceContext, meeting_id: int) -> int:
    """The biên bản of a meeting as a draft in the register, for the clerk to correct and number."""
    model = council_minutes(ctx, meeting_id)
    with ctx.write("Đưa biên bản họp Hội đồng vào sổ (dự thảo)") as s:
        doc = OutgoingDocument(**minutes_entry(model), year=model.year, status=DocumentStatus.DRAFT)
        s.add(doc)
        s.flush()
        return doc.id
