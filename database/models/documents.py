"""The outgoing-document register (sổ văn bản đi)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from database.enums import CorrectionKind, DocumentKind, DocumentStatus
from database.models.base import Base, StableId, Timestamps, Versioned, enum_column


class OutgoingDocument(Versioned, Timestamps, StableId, Base):
    """A document the Department issues. Drafts have no number; a voided number is never reused."""

    __tablename__ = "outgoing_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = enum_column(DocumentKind)
    series: Mapped[str] = mapped_column(String(40), default="CHUNG")  # the register's numbering series
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    number: Mapped[int | None] = mapped_column(SmallInteger)
    symbol: Mapped[str] = mapped_column(String(40))  # QĐ-SYT, TTr-SYT, SYT-VP
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(Text)  # trích yếu
    recipients: Mapped[str | None] = mapped_column(Text)  # nơi nhận, one per line
    signer_name: Mapped[str | None] = mapped_column(String(120))
    signer_title: Mapped[str | None] = mapped_column(String(120))
    drafter_initials: Mapped[str | None] = mapped_column(String(20))
    copies: Mapped[int | None] = mapped_column(SmallInteger)
    status: Mapped[DocumentStatus] = enum_column(DocumentStatus, default=DocumentStatus.DRAFT)
    void_reason: Mapped[str | None] = mapped_column(Text)
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the editable text, by element
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_content: Mapped[bytes | None] = mapped_column(LargeBinary)  # the signed scan or final PDF
    # A correction (đính chính, sửa đổi, bổ sung, thay thế) is a document of its own pointing at the issued
    # one it corrects; the issued one is never edited (migration 0008_issued_documents locks it).
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_document.id"), index=True)
    correction_kind: Mapped[CorrectionKind | None] = enum_column(CorrectionKind, nullable=True)
    # The leader's sign-off on a draft, where the office asks for one (documents.require_approval); cleared
    # when the draft's text changes afterwards. UTC, naive, like the audit trail.
    approved_by: Mapped[str | None] = mapped_column(String(120))
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("year", "symbol", "number"),
        UniqueConstraint("series", "year", "number"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        CheckConstraint("number IS NULL OR number > 0", name="number"),
        CheckConstraint("status = 'DRAFT' OR number IS NOT NULL", name="registered_has_number"),
        CheckConstraint("copies IS NULL OR copies > 0", name="copies"),
        CheckConstraint("(corrects_id IS NULL) = (correction_kind IS NULL)", name="correction"),
    )
