"""Registered documents printed again from the records: the register entry gives number, date, subject and
signer; the decision's awards (or what the entry stored when it was issued) give its list.

    entries = list_documents(ctx, year=2025)
    render_document(ctx, entries[0].id, "quyet-dinh.pdf")
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.errors import ValidationError
from app.services.agency import AgencyInfo, SignerInfo, get_agency
from app.services.context import ServiceContext
from database.enums import DocumentKind, DocumentStatus, UnitKind
from database.models import Award, AwardType, Decision, OutgoingDocument, Person, Signer, Unit

PRINTABLE = (DocumentKind.DECISION, DocumentKind.SUBMISSION)


@dataclass(frozen=True)
class DocumentEntry:
    id: int
    kind: DocumentKind
    number: int | None
    symbol: str
    issued_on: dt.date | None
    subject: str
    status: DocumentStatus

    @property
    def number_text(self) -> str:
        return f"{self.number:02d}/{self.symbol}" if self.number else f"…/{self.symbol}"

    def as_json(self) -> dict:
        return {"id": self.id, "kind": self.kind.value, "number": self.number, "symbol": self.symbol,
                "date": self.issued_on.isoformat() if self.issued_on else None, "subject": self.subject}


def list_documents(ctx: ServiceContext, year: int | None = None) -> list[DocumentEntry]:
    """The register, newest first (a year's, or all)."""
    with ctx.read() as s:
        query = select(OutgoingDocument.id, OutgoingDocument.kind, OutgoingDocument.number, OutgoingDocument.symbol,
                       OutgoingDocument.issued_on, OutgoingDocument.subject, OutgoingDocument.status)
        if year is not None:
            query = query.where(OutgoingDocument.year == year)
        rows = s.execute(query.order_by(OutgoingDocument.year.desc(), OutgoingDocument.number.desc(),
                                        OutgoingDocument.id.desc())).all()
    return [DocumentEntry(*row) for row in rows]


def _signer(s: Session, doc: OutgoingDocument) -> SignerInfo:
    """The signer as the register names them, with how they sign (KT. …) when they are still on the list."""
    row = s.scalar(select(Signer).where(Signer.full_name == doc.signer_name).order_by(Signer.active.desc()))
    if row is not None:
        return SignerInfo(row.full_name, row.position_title, row.authority, row.authority_title)
    return SignerInfo(doc.signer_name or "", doc.signer_title or "")


def _decision_lines(s: Session, doc: OutgoingDocument) -> dict:
    """A decision's list from its awards, for entries issued without stored content (imported, demo)."""
    decision = s.scalar(select(Decision).where(Decision.document_id == doc.id))
    if decision is None:
        raise ValidationError(f"Văn bản {doc.symbol} số {doc.number} không gắn với quyết định khen thưởng nào.")
    collective, workplace, above = aliased(Unit), aliased(Unit), aliased(Unit)
    rows = s.execute(
        select(Person.full_name, Person.position, workplace.name, collective.name, above.name, above.kind,
               AwardType.name, Award.bonus_amount)
        .select_from(Award).join(AwardType, AwardType.id == Award.award_type_id)
        .outerjoin(Person, Person.id == Award.person_id)
        .outerjoin(workplace, workplace.id == Person.unit_id)
        .outerjoin(collective, collective.id == Award.unit_id)
        .outerjoin(above, above.id == collective.parent_id)
        .where(Award.decision_id == decision.id)
        .order_by(Award.unit_id.is_(None), above.name, collective.name, Person.sort_key)
    ).all()
    return {"lines": [
        {"name": unit_name or name, "position": None if unit_name else position,
         # a khoa is named with its hospital; a unit right under the Department needs no more
         "unit": (above_name if above_kind is not UnitKind.DEPARTMENT else None) if unit_name else works_in,
         "collective": unit_name is not None, "award_name": award, "amount": amount}
        for name, position, works_in, unit_name, above_name, above_kind, award, amount in rows]}


def document_model(ctx: ServiceContext, document_id: int):
    """The StateDocument of a register entry, as it was issued."""
    from app.documents.state import quyet_dinh_khen_thuong, to_trinh

    agency: AgencyInfo | None = get_agency(ctx)
    if agency is None:
        raise ValidationError("Chưa có thông tin cơ quan (Cài đặt › Thông tin cơ quan).")
    with ctx.read() as s:
        doc = s.get(OutgoingDocument, document_id)
        if doc is None:
            raise ValidationError("Không tìm thấy văn bản trong sổ.")
        if doc.kind not in PRINTABLE:
            raise ValidationError(f"Chưa in lại được loại văn bản “{doc.kind.label}” từ sổ.")
        signer = _signer(s, doc)
        content = doc.content if doc.content and doc.content.get("lines") else None
        if doc.kind is DocumentKind.DECISION:
            decision = s.scalar(select(Decision).where(Decision.document_id == doc.id))
            return quyet_dinh_khen_thuong(agency, signer, content or _decision_lines(s, doc), subject=doc.subject,
                                          year=decision.year if decision else None, number=doc.number,
                                          issued_on=doc.issued_on)
        if content is None:
            raise ValidationError("Tờ trình này không lưu danh sách kèm theo; chưa in lại được.")
        recipient = (doc.recipients or "cấp trên").split(";")[0].strip()
        return to_trinh(agency, signer, content, recipient=recipient, subject=doc.subject,
                        year=content.get("year") or doc.year, number=doc.number, issued_on=doc.issued_on)


def council_minutes(ctx: ServiceContext, meeting_id: int):
    """The biên bản of a council meeting, drafted from its attendance and ballots."""
    from app.documents.state import bien_ban_hop_hoi_dong
    from app.services.council import meeting_record

    agency = get_agency(ctx)
    if agency is None:
        raise ValidationError("Chưa có thông tin cơ quan (Cài đặt › Thông tin cơ quan).")
    record = meeting_record(ctx, meeting_id)
    return bien_ban_hop_hoi_dong(agency, record.info, record.results, chair=record.chair or "……………………",
                                 secretary=record.secretary or "……………………", attendees=record.attendees)


def render_minutes(ctx: ServiceContext, meeting_id: int, target: str | os.PathLike) -> Path:
    from app.documents.state import render_pdf

    render_pdf(council_minutes(ctx, meeting_id), Path(target))
    return Path(target)


def render_document(ctx: ServiceContext, document_id: int, target: str | os.PathLike) -> Path:
    """Print a register entry to a PDF file (written whole, or not at all)."""
    from app.documents.state import render_pdf

    target = Path(target)
    if target.suffix.lower() != ".pdf":
        raise ValidationError("Hiện chỉ xuất được tệp .pdf.")
    render_pdf(document_model(ctx, document_id), target)
    return target
