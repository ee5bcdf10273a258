"""The registers: outgoing documents (sổ văn bản đi), the numbering each series starts from, and incoming
documents (sổ văn bản đến) with what each started or answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from database.enums import CorrectionKind, DocumentKind, DocumentOrigin, DocumentStatus
from database.models.base import Base, StableId, Timestamps, Versioned, enum_column

# The office's own series of the outgoing register: the shared one, the council's, one per kind of document
# (app.services.register reads it); a former department's series, brought in by merge_database, is apart.
OWN_SERIES = ("CHUNG", "HĐTĐKT", *(k.value for k in DocumentKind))
OWN_SERIES_ONLY = text("series IN (" + ", ".join(f"'{x}'" for x in OWN_SERIES) + ")")


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
    # EXTERNAL: issued by hand or by the office's document system and entered afterwards (no text kept, its
    # scan if any), so that the series stays whole.
    origin: Mapped[DocumentOrigin] = enum_column(
        DocumentOrigin, default=DocumentOrigin.PROGRAM, server_default=text("'PROGRAM'")
    )

    __table_args__ = (
        # Two departments merged into one keep both registers (merge_database): a number once a series,
        # and a number with its ký hiệu once a year across this office's own series.
        UniqueConstraint("series", "year", "number"),
        Index(
            "uq_outgoing_document_own_symbol",
            "year",
            "symbol",
            "number",
            unique=True,
            sqlite_where=OWN_SERIES_ONLY,
            postgresql_where=OWN_SERIES_ONLY,
        ),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        CheckConstraint("number IS NULL OR number > 0", name="number"),
        CheckConstraint("status = 'DRAFT' OR number IS NOT NULL", name="registered_has_number"),
        CheckConstraint("copies IS NULL OR copies > 0", name="copies"),
        CheckConstraint("(corrects_id IS NULL) = (correction_kind IS NULL)", name="correction"),
    )


class RegisterSeries(Base):
    """Where a series starts in a year: a clerk who begins using the program in the middle of a year sets
    the next number (1975 for 2020: the next dispatch is 1975/SYT-VP). The register gives the larger of this
    and the highest number taken + 1; the reason and who set it are kept (and audited)."""

    __tablename__ = "register_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    series: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(SmallInteger)
    next_number: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(120))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC, naive, like the audit trail

    __table_args__ = (
        UniqueConstraint("series", "year"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        CheckConstraint("next_number > 0", name="next_number"),
    )


class IncomingDocument(Versioned, Timestamps, Base):
    """A document received (sổ văn bản đến): its own yearly sequence (số đến), who issued it and how it is
    numbered there ("04/CT-BYT"), its kind as written (Chỉ thị, Kế hoạch, Công văn …), its subject, a scan."""

    __tablename__ = "incoming_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The book: "" is this office's own; a former department's, merged in, keeps its số đến under its name.
    series: Mapped[str] = mapped_column(String(40), default="", server_default="")
    year: Mapped[int] = mapped_column(SmallInteger, index=True)  # of the incoming book: the received date's
    received_number: Mapped[int] = mapped_column(Integer)  # số đến, from 1 each year
    received_on: Mapped[dt.date] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(200))  # cơ quan ban hành
    number_symbol: Mapped[str | None] = mapped_column(String(80))  # as written: "04/CT-BYT"
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(80))  # Chỉ thị, Kế hoạch, Công văn, Quyết định, Tờ trình …
    subject: Mapped[str] = mapped_column(Text)  # trích yếu
    note: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_content: Mapped[bytes | None] = mapped_column(LargeBinary)  # the scan

    __table_args__ = (
        UniqueConstraint("series", "year", "received_number"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year"),
        CheckConstraint("received_number > 0", name="received_number"),
        CheckConstraint("(file_name IS NULL) = (file_content IS NULL)", name="scan"),
    )


def _one_of(*columns: str) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


class IncomingLink(Base):
    """What an incoming document started or answered: a campaign, a nomination batch or a decision (exactly
    one a row; a document may have many). The target's deletion takes its links with it; a linked incoming
    document is not deleted."""

    __tablename__ = "incoming_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    incoming_id: Mapped[int] = mapped_column(ForeignKey("incoming_document.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("nomination_batch.id", ondelete="CASCADE"), index=True
    )
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"), index=True)

    __table_args__ = (
        UniqueConstraint("incoming_id", "campaign_id"),
        UniqueConstraint("incoming_id", "batch_id"),
        UniqueConstraint("incoming_id", "decision_id"),
        CheckConstraint(_one_of("campaign_id", "batch_id", "decision_id"), name="one_target"),
    )
