"""The outgoing-document register (sổ văn bản đi): numbers per year, from 01 each 1 January (NĐ 30/2020).

A number is taken inside the unit of work that issues the document, so a failed issue takes none; two
offices sharing a PostgreSQL server that race for the same number are stopped by the unique constraint
and the second is asked to try again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from database.enums import DocumentKind, DocumentStatus
from database.models import Agency, OutgoingDocument

SERIES = "CHUNG"  # one numbering for every kind of document, as most offices keep it


def document_symbol(kind: DocumentKind, agency_symbol: str) -> str:
    """QĐ-SYT, TTr-SYT …; a công văn carries the agency's symbol and the drafting office's (SYT-TĐKT)."""
    prefix = kind.symbol_prefix
    return f"{prefix}-{agency_symbol}" if prefix else agency_symbol


def next_number(s: Session, year: int, series: str = SERIES) -> int:
    taken = s.scalar(select(func.max(OutgoingDocument.number))
                     .where(OutgoingDocument.series == series, OutgoingDocument.year == year))
    return (taken or 0) + 1


def number_text(number: int, symbol: str) -> str:
    """"05/QĐ-SYT": numbers below 10 are written with a leading zero."""
    return f"{number:02d}/{symbol}"


def register_document(
    s: Session,
    kind: DocumentKind,
    issued_on: dt.date,
    subject: str,
    *,
    signer_name: str | None,
    signer_title: str | None,
    recipients: str | None = None,
    content: dict[str, Any] | None = None,
) -> OutgoingDocument:
    """Enter a document in the register with the next number of its year (inside the caller's unit of work)."""
    agency = s.scalar(select(Agency))
    if agency is None:
        raise ValidationError("Chưa có thông tin cơ quan (Cài đặt › Thông tin cơ quan); chưa thể cấp số văn bản.")
    document = OutgoingDocument(
        kind=kind, series=SERIES, year=issued_on.year, number=next_number(s, issued_on.year),
        symbol=document_symbol(kind, agency.symbol), issued_on=issued_on, subject=subject,
        recipients=recipients, signer_name=signer_name, signer_title=signer_title, content=content,
        status=DocumentStatus.REGISTERED,
    )
    s.add(document)
    s.flush()
    return document
