"""The outgoing-document register (sổ văn bản đi): numbers per year, from 01 each 1 January (NĐ 30/2020).

A number is taken inside the unit of work that issues the document, so a failed issue takes none and the
next document gets it. The office chooses its series (FORMAT.md §4): one for every kind ("CHUNG", the
default) or one per kind; the choice is an AppSetting. Two sessions asking at once get different numbers:
on PostgreSQL the series is locked for the rest of the transaction (an advisory lock); on SQLite the
writer lane serialises one program's writes, and a second program on the same file that loses the race
is retried whole (`retry_on_race`), as is any unique violation on the number.

A clerk who begins using the program in the middle of a year sets where a series goes on
(`set_next_number`: 1975 for 2020, with a reason), and enters the documents issued before, or still issued
outside the program, by hand or by the office's document system (`record_external_document`), so that the
series stays whole. A number already taken is refused in Vietnamese before the database's unique
constraints refuse it.

    set_next_number(ctx, "CHUNG", 2020, 1975, "Bắt đầu dùng chương trình từ tháng 7/2020")
    record_external_document(ctx, ExternalDocument(DocumentKind.OFFICIAL_LETTER, 1974, "SYT-VP", …))
"""

from __future__ import annotations

import datetime as dt
import os
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.documents.state.builders import punctuated
from app.domain.permissions import Permission, use_case
from app.domain.register import document_symbol, number_text
from app.errors import ValidationError
from app.services.audit import utc_now
from app.services.context import ServiceContext, clean_input
from app.services.settings import read_setting, write_setting
from app.settings import REGISTER_SERIES
from app.settings import SERIES_CHOICES as SERIES_CHOICES  # for the pages
from app.settings import SERIES_PER_KIND as SERIES_PER_KIND
from app.settings import SERIES_SHARED as SERIES_SHARED
from app.text import clean
from database.enums import DocumentKind, DocumentOrigin, DocumentStatus
from database.models import Agency, OutgoingDocument, RegisterSeries
from database.models import documents as documents_model

SERIES = SERIES_SHARED  # one numbering for every kind of document, as most offices keep it
COUNCIL_SERIES = "HĐTĐKT"  # advisory bodies using the Sở's seal keep their own series (FORMAT.md §4)
# The series this office numbers in; any other in the register is a former department's, merged in
# (app.exchange.merge_database), whose numbers never hold back ours even under the same ký hiệu.
OWN_SERIES = frozenset(documents_model.OWN_SERIES)  # SERIES_SHARED, COUNCIL_SERIES, one per kind
RACE_ATTEMPTS = 6
MAX_NUMBER = 32767  # the register's number column (SMALLINT): no office reaches it in a year
MAX_FILE_BYTES = 50 * 1024 * 1024  # a signed scan at 200 dpi is a few MB; more is a mistake

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


def _highest(s: Session, year: int, series: str, symbol: str | None = None) -> int:
    """The highest number the series (and, with `symbol`, that symbol) has given in `year`; 0 for none.
    Voided numbers count, so none is ever given twice."""
    same = OutgoingDocument.series == series
    if symbol is not None:
        same = same | _own_symbol(symbol)
    return s.scalar(select(func.max(OutgoingDocument.number)).where(OutgoingDocument.year == year, same)) or 0


def _own_symbol(symbol: str):
    """The same ký hiệu in this office's own series."""
    return (OutgoingDocument.symbol == symbol) & OutgoingDocument.series.in_(OWN_SERIES)


def configured_next(s: Session, series: str, year: int) -> int | None:
    """The next number the clerk set for the series in `year` (set_next_number), if any."""
    return s.scalar(
        select(RegisterSeries.next_number).where(RegisterSeries.series == series, RegisterSeries.year == year)
    )


def _next_free(s: Session, year: int, series: str, symbol: str | None) -> int:
    return max(_highest(s, year, series, symbol) + 1, configured_next(s, series, year) or 1)


def next_number(s: Session, year: int, series: str = SERIES, symbol: str | None = None) -> int:
    """The number the series gives next: past every number taken (voided ones too) and from where the clerk
    set the series to go on, whichever is larger. With `symbol`, also past that symbol's numbers of the
    year: số + ký hiệu stays unique when the office changes its series in the middle of a year."""
    _lock_series(s, series, year)
    return _next_free(s, year, series, symbol)


def expected_number(ctx, kind: DocumentKind, issued_on: dt.date) -> str:
    """The number and symbol ("05/QĐ-SYT") a document of `kind` dated `issued_on` would take if entered now: a
    read, taking nothing and locking nothing, so another entry made meanwhile may take it first (the clerk is
    told "số dự kiến")."""
    with ctx.read() as s:
        symbol = document_symbol(kind, _agency(s).symbol)
        return number_text(_next_free(s, issued_on.year, series_for(s, kind), symbol), symbol)


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


# --- where a series starts, and documents issued outside the program -------------------------------------


def series_label(series: str) -> str:
    """How the clerk reads a series: "sổ chung", "Công văn", "Hội đồng Thi đua – Khen thưởng"."""
    if series == SERIES_SHARED:
        return "sổ chung"
    if series == COUNCIL_SERIES:
        return "Hội đồng Thi đua – Khen thưởng"
    try:
        return DocumentKind(series).label
    except ValueError:
        return series


def series_of(mode: str) -> list[str]:
    """The series the office numbers in under its choice `mode` (one shared, or one per kind), then the
    council's."""
    kinds = [k.value for k in DocumentKind] if mode == SERIES_PER_KIND else [SERIES_SHARED]
    return [*kinds, COUNCIL_SERIES]


def series_in_use(ctx: ServiceContext) -> list[str]:
    with ctx.read() as s:
        return series_of(series_mode(s))


def _known_series(series: str) -> str:
    series = clean(series or "")
    if series in OWN_SERIES:
        return series
    raise ValidationError(f"Không có dãy số “{series}” trong sổ văn bản đi.")


def _number_in_range(number: Any, what: str) -> int:
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_NUMBER:
        raise ValidationError(f"{what} phải là số nguyên từ 1 đến {MAX_NUMBER}.")
    return number


def _year_in_range(year: Any) -> int:
    if not isinstance(year, int) or not 1945 <= year <= 2200:
        raise ValidationError("Năm của sổ văn bản đi không hợp lệ.")
    return year


def _holder_text(doc: OutgoingDocument) -> str:
    state = "" if doc.status is DocumentStatus.REGISTERED else f", {doc.status.label.lower()}"
    return f"{doc.kind.label.lower()} “{doc.subject}”{state}"


def refuse_taken(s: Session, year: int, number: int, series: str, symbol: str) -> None:
    """Refuse, in Vietnamese, a number the register has already given in `year`, in the same series or with
    the same ký hiệu (the database's unique constraints would refuse it too, in English)."""
    holder = s.scalar(
        select(OutgoingDocument)
        .where(
            OutgoingDocument.year == year,
            OutgoingDocument.number == number,
            (OutgoingDocument.series == series) | _own_symbol(symbol),
        )
        .limit(1)
    )
    if holder is not None:
        raise ValidationError(
            f"Số {number_text(number, holder.symbol)} năm {year} đã có trong sổ ({_holder_text(holder)}). "
            "Mỗi số chỉ cấp cho một văn bản; hãy kiểm tra lại số."
        )


@use_case(Permission.REGISTER)
def set_next_number(ctx: ServiceContext, series: str, year: int, next_number: int, reason: str) -> None:
    """Where `series` goes on in `year`: the next document numbered in it gets `next_number` (the register
    still never gives a number taken: it gives the larger of this and the highest taken + 1). A number at or
    below one the series has already given is refused. The reason is kept with the setting and in the audit
    trail."""
    series = _known_series(series)
    year = _year_in_range(year)
    number = _number_in_range(next_number, "Số tiếp theo")
    reason = clean(reason or "")
    if not reason:
        raise ValidationError(
            "Hãy ghi lý do đặt số tiếp theo (ví dụ: bắt đầu dùng chương trình từ tháng 7, các số trước "
            "đã cấp bằng sổ tay)."
        )
    label = series_label(series)
    with ctx.write(f"Đặt số tiếp theo của sổ văn bản đi ({label}) năm {year}: {number:02d}") as s:
        _lock_series(s, series, year)
        highest = _highest(s, year, series)
        if number <= highest:
            last = s.scalar(
                select(OutgoingDocument).where(
                    OutgoingDocument.year == year,
                    OutgoingDocument.series == series,
                    OutgoingDocument.number == highest,
                )
            )
            raise ValidationError(
                f"Không đặt được số tiếp theo là {number:02d}: dãy số ({label}) năm {year} đã cấp đến số "
                f"{number_text(highest, last.symbol)} ({_holder_text(last)}). Số tiếp theo phải từ "
                f"{highest + 1:02d} trở lên."
            )
        row = s.scalar(
            select(RegisterSeries).where(RegisterSeries.series == series, RegisterSeries.year == year)
        )
        if row is None:
            row = RegisterSeries(series=series, year=year)
            s.add(row)
        row.next_number, row.reason, row.set_by, row.set_at = number, reason, ctx.actor, utc_now()
        s.info["summary"] = (
            f"Đặt số tiếp theo của sổ văn bản đi ({label}) năm {year}: {number:02d}. Lý do: {reason}"
        )


@dataclass(frozen=True)
class SeriesStart:
    series: str
    year: int
    next_number: int
    reason: str
    set_by: str
    set_at: dt.datetime  # UTC

    @property
    def label(self) -> str:
        return series_label(self.series)


def series_starts(ctx: ServiceContext, year: int | None = None) -> list[SeriesStart]:
    """The next numbers the clerk has set (a year's, or all), newest year first."""
    with ctx.read() as s:
        query = select(RegisterSeries).order_by(RegisterSeries.year.desc(), RegisterSeries.series)
        if year is not None:
            query = query.where(RegisterSeries.year == year)
        return [
            SeriesStart(r.series, r.year, r.next_number, r.reason, r.set_by, r.set_at)
            for r in s.scalars(query)
        ]


def next_numbers(ctx: ServiceContext, year: int) -> dict[str, int]:
    """Each series in use and the number it gives next in `year` (a read: taking nothing)."""
    series = series_in_use(ctx)
    with ctx.read() as s:
        return {x: _next_free(s, year, x, None) for x in series}


def check_scan(name: str, data: bytes) -> tuple[str, bytes]:
    """A scan (PDF, image) kept in the database: not empty, not unreasonably large."""
    name = Path(name or "").name
    if not name:
        raise ValidationError("Bản quét chưa có tên tệp.")
    if not data:
        raise ValidationError(f"Tệp “{name}” rỗng.")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            f"Tệp “{name}” lớn quá {MAX_FILE_BYTES // 1024 // 1024} MB; hãy quét lại ở 200 dpi hoặc nén tệp PDF."
        )
    return name, data


def read_scan(path: str | os.PathLike) -> tuple[str, bytes]:
    """A scan read from disk, checked (`check_scan`): its file name and its bytes."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Không đọc được tệp “{path.name}” ({exc.strerror or exc}).") from exc
    return check_scan(path.name, data)


@dataclass(frozen=True)
class ExternalDocument:
    """A document issued outside the program (by hand, by the office's document system), as the register
    enters it afterwards: its number and ký hiệu as issued ("1974", "SYT-VP"), its date, subject, signer, and
    its scan if the clerk has one."""

    kind: DocumentKind
    number: int
    symbol: str
    issued_on: dt.date
    subject: str
    signer_name: str = ""
    signer_title: str = ""
    recipients: str = ""  # nơi nhận, one per line
    file_name: str | None = None
    file_content: bytes | None = None
    series: str | None = None  # None: the series its kind is numbered in under the office's choice


def copies_lines(text: str | None) -> tuple[str, ...]:
    """Nơi nhận as the register keeps it or the clerk types it (one item a line, or several on a line between
    ";") as its items, cleaned, without their closing ";" or "."."""
    items = (clean(x) for line in (text or "").splitlines() for x in line.split(";"))
    return tuple(y for x in items if (y := x.rstrip(".").rstrip()))


def copies_column(items: Sequence[str]) -> str | None:
    """Nơi nhận as the register keeps it: one item a line, read as one sentence ("…;" and "…." last)."""
    return "\n".join(punctuated(items)) or None


def _checked_external(data: ExternalDocument) -> ExternalDocument:
    # Nơi nhận taken apart before clean_input, which would run its lines into one ("…; Lưu: VT, VP.")
    copies = copies_column(copies_lines(data.recipients)) or ""
    data = replace(clean_input(data), kind=DocumentKind(data.kind), recipients=copies)
    symbol = data.symbol.strip().lstrip("/").strip().upper()
    if not symbol:
        raise ValidationError("Chưa nhập ký hiệu văn bản (ví dụ: SYT-VP, QĐ-SYT).")
    if not isinstance(data.issued_on, dt.date):
        raise ValidationError("Chưa nhập ngày ban hành văn bản.")
    if not data.subject:
        raise ValidationError("Chưa nhập trích yếu của văn bản.")
    if not data.signer_name:
        raise ValidationError("Chưa nhập người ký văn bản.")
    _number_in_range(data.number, "Số văn bản")
    _year_in_range(data.issued_on.year)
    if (data.file_name is None) != (data.file_content is None):
        raise ValidationError("Bản quét cần cả tên tệp và nội dung.")
    if data.file_content is not None:
        check_scan(data.file_name, data.file_content)
    return replace(data, symbol=symbol)


@use_case(Permission.REGISTER)
def record_external_document(ctx: ServiceContext, data: ExternalDocument) -> int:
    """Enter in the register a document issued outside the program, with the number it was issued with: an
    issued entry marked as such (origin EXTERNAL), its scan kept if given. A number already taken (same
    series or same ký hiệu, same year) is refused. Returns the entry's id."""
    data = _checked_external(data)
    year = data.issued_on.year
    shown = number_text(data.number, data.symbol)
    with ctx.write(f"Vào sổ văn bản ban hành ngoài chương trình số {shown}") as s:
        series = _known_series(data.series) if data.series else series_for(s, data.kind)
        _lock_series(s, series, year)
        refuse_taken(s, year, data.number, series, data.symbol)
        doc = OutgoingDocument(
            kind=data.kind,
            series=series,
            year=year,
            number=data.number,
            symbol=data.symbol,
            issued_on=data.issued_on,
            subject=data.subject,
            recipients=data.recipients or None,
            signer_name=data.signer_name,
            signer_title=data.signer_title or None,
            status=DocumentStatus.REGISTERED,
            origin=DocumentOrigin.EXTERNAL,
            file_name=data.file_name and Path(data.file_name).name,
            file_content=data.file_content,
        )
        s.add(doc)
        s.flush()
        return doc.id
