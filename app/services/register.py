"""The outgoing-document register (sổ văn bản đi): numbers per year, from 01 each 1 January (NĐ 30/2020).

A number is taken inside the unit of work that issues the document, so a failed issue takes none and the
next document gets it. The office chooses its series (FORMAT.md §4): one for every kind ("CHUNG", the
default) or one per kind; the choice is an AppSetting. Two sessions asking at once get different numbers:
on PostgreSQL the series is locked for the rest of the transaction (an advisory lock); on SQLite the
writer lane serialises one program's writes, and a second program on the same file that loses the race
is retried whole (`retry_on_race`), as is any unique violation on the number.
"""

from __future__ import annotations

import datetime as dt
import time
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.domain.register import document_symbol, number_text
from app.errors import ValidationError
from app.services.settings import read_setting, write_setting
from app.settings import REGISTER_SERIES
from app.settings import SERIES_CHOICES as SERIES_CHOICES  # for the pages
from app.settings import SERIES_PER_KIND as SERIES_PER_KIND
from app.settings import SERIES_SHARED as SERIES_SHARED
from database.enums import DocumentKind, DocumentStatus
from database.models import Agency, OutgoingDocument

SERIES = SERIES_SHARED  # one numbering for every kind of document, as most offices keep it
COUNCIL_SERIES = "HĐTĐKT"  # advisory bodies using the Sở's seal keep their own series (FORMAT.md §4)
RACE_ATTEMPTS = 6

T = TypeVar("T")


# --- series ----------------------------------------------------------------------------------------------


def series_mode(s: Session) -> str:
    return read_setting(s, REGISTER_SERIES)


def set_series_mode(s: Session, mode: str) -> None:
    if mode not in SERIES_CHOICES:
        raise ValidationError("Cách đánh số không hợp lệ.")
    write_setting(s, REGISTER_SERIES, mode)


def series_for(s: Session, kind: DocumentKind) -> str:
    """The series a kind is numbered in under the office's choice."""
    return kind.value if series_mode(s) == SERIES_PER_KIND else SERIES_SHARED


# --- numbers ---------------------------------------------------------------------------------------------


def _lock_series(s: Session, series: str, year: int) -> None:
    """On PostgreSQL, hold the series until this transaction ends: a second session asking for a number waits
    here and then reads the first one's, committed. (SQLite writers are one at a time already.)"""
    if s.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"sổ văn bản đi/{series}/{year}".encode())
        s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def next_number(s: Session, year: int, series: str = SERIES, symbol: str | None = None) -> int:
    """The number the series gives next; voided numbers count, so none is ever given twice. With `symbol`,
    also past that symbol's numbers of the year: số + ký hiệu stays unique when the office changes its
    series in the middle of a year."""
    _lock_series(s, series, year)
    in_year = OutgoingDocument.year == year
    same = OutgoingDocument.series == series
    if symbol is not None:
        same = same | (OutgoingDocument.symbol == symbol)
    taken = s.scalar(select(func.max(OutgoingDocument.number)).where(in_year, same))
    return (taken or 0) + 1


def expected_number(ctx, kind: DocumentKind, issued_on: dt.date) -> str:
    """The number and symbol ("05/QĐ-SYT") a document of `kind` dated `issued_on` would take if entered now: a
    read, taking nothing and locking nothing, so another entry made meanwhile may take it first (the clerk is
    told "số dự kiến")."""
    with ctx.read() as s:
        symbol = document_symbol(kind, _agency(s).symbol)
        series = series_for(s, kind)
        same = (OutgoingDocument.series == series) | (OutgoingDocument.symbol == symbol)
        taken = s.scalar(
            select(func.max(OutgoingDocument.number)).where(OutgoingDocument.year == issued_on.year, same)
        )
        return number_text((taken or 0) + 1, symbol)


def _agency(s: Session) -> Agency:
    agency = s.scalar(select(Agency))
    if agency is None:
        raise ValidationError(
            "Chưa có thông tin cơ quan (Cài đặt › Thông tin cơ quan); chưa thể cấp số văn bản."
        )
    return agency


def give_number(
    s: Session, document: OutgoingDocument, issued_on: dt.date, series: str | None = None
) -> None:
    """Number and date a draft in the caller's unit of work: the number is saved with the document or not at
    all."""
    document.series = series or series_for(s, document.kind)
    document.year = issued_on.year
    document.number = next_number(s, issued_on.year, document.series, document.symbol)
    document.issued_on = issued_on
    document.status = DocumentStatus.REGISTERED
    s.flush()


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
    symbol: str | None = None,
    series: str | None = None,
    drafter_initials: str | None = None,
    copies: int | None = None,
) -> OutgoingDocument:
    """Enter a document in the register with the next number of its year (inside the caller's unit of work)."""
    agency = _agency(s)
    document = OutgoingDocument(
        kind=kind,
        symbol=symbol or document_symbol(kind, agency.symbol),
        subject=subject,
        recipients=recipients,
        signer_name=signer_name,
        signer_title=signer_title,
        content=content,
        drafter_initials=drafter_initials,
        copies=copies,
        status=DocumentStatus.DRAFT,
        year=issued_on.year,
    )
    s.add(document)
    give_number(s, document, issued_on, series)
    return document


def _is_race(exc: Exception) -> bool:
    """A lost race for a number: the number's unique constraint, or (SQLite) another program wrote the file
    since this transaction began reading it."""
    message = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, IntegrityError):
        return "number" in message or "outgoing_document" in message
    return isinstance(exc, OperationalError) and ("locked" in message or "busy" in message)


def retry_on_race(work: Callable[[], T], attempts: int = RACE_ATTEMPTS) -> T:
    """Run a unit of work that takes a number again when another session took the same number first."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except (IntegrityError, OperationalError) as exc:
            if attempt == attempts or not _is_race(exc):
                raise
            time.sleep(0.02 * attempt)
    raise AssertionError("unreachable")
