"""The incoming register (sổ văn bản đến): documents received, each with its số đến (from 1 each year), the
issuing body and its number as written there ("04/CT-BYT"), the document's date, kind and subject, a scan;
and what each started or answered: a campaign (the directive or plan it carries out), a nomination batch
(the call for proposals), a decision (a higher body's answer). A plan's or dispatch's "Căn cứ" lines are
offered from the incoming documents linked to its campaign.

    incoming_id = record_incoming(ctx, IncomingInput(dt.date(2021, 4, 2), "Bộ Y tế", "04/CT-BYT",
                                                     dt.date(2021, 3, 29), "Chỉ thị", "Tăng cường …"))
    link_incoming(ctx, incoming_id, campaign_id=campaign_id)
    basis_lines(ctx, campaign_id)
    # ["Căn cứ Chỉ thị số 04/CT-BYT ngày 29/3/2021 của Bộ Y tế về việc tăng cường …;"]

Recording, editing and deleting are the register's (Văn thư); linking is the desk's, whose campaigns and
batches they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.domain.register import about
from app.errors import ValidationError
from app.services.context import ServiceContext, clean_input
from app.services.register import check_scan
from app.services.versions import check_version
from app.text import cited_date, fold
from database.models import Campaign, Decision, IncomingDocument, IncomingLink, NominationBatch, Unit

# What the clerk picks from (the kind stays free text: a body may send a kind not listed).
KINDS = (
    "Chỉ thị",
    "Nghị quyết",
    "Kế hoạch",
    "Công văn",
    "Quyết định",
    "Hướng dẫn",
    "Thông báo",
    "Tờ trình",
    "Thông tư",
    "Nghị định",
    "Luật",
)
MAX_NUMBER = 2_000_000_000
OWN_BOOK = ""  # this office's incoming book; a former department merged in keeps its own (series)


# --- what the register lists -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomingInput:
    """What the clerk enters for a received document. `received_number` None: the next of the year. A scan
    (file_name and file_content) replaces the one kept; None keeps it (`drop_scan` removes it)."""

    received_on: dt.date
    issuer: str
    number_symbol: str
    issued_on: dt.date | None
    kind: str
    subject: str
    note: str = ""
    received_number: int | None = None
    file_name: str | None = None
    file_content: bytes | None = None
    drop_scan: bool = False


@dataclass(frozen=True)
class IncomingEntry:
    id: int
    year: int
    received_number: int
    received_on: dt.date
    issuer: str
    number_symbol: str | None
    issued_on: dt.date | None
    kind: str
    subject: str
    note: str | None
    file_name: str | None
    version: int = 1
    series: str = OWN_BOOK  # the book: a former department's, merged in, is named after it
    links: tuple[str, ...] = ()  # what it started or answered, as the register shows it

    @property
    def number_text(self) -> str:
        """ "12", or "12 (Sở Y tế tỉnh Lâm Giang)" in a former department's book."""
        return (
            f"{self.received_number} ({self.series})"
            if self.series != OWN_BOOK
            else str(self.received_number)
        )

    @property
    def basis_line(self) -> str:
        return basis_line(self.kind, self.number_symbol, self.issued_on, self.issuer, self.subject)

    @property
    def reference(self) -> str:
        """ "Chỉ thị số 04/CT-BYT ngày 29/3/2021 của Bộ Y tế" """
        return reference(self.kind, self.number_symbol, self.issued_on, self.issuer)

    def search_text(self) -> str:
        return fold(
            " ".join(
                x or ""
                for x in (
                    self.number_text,
                    self.issuer,
                    self.number_symbol,
                    self.kind,
                    self.subject,
                    self.note,
                    self.file_name,
                    *self.links,
                )
            )
        )

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "year": self.year,
            "received_number": self.received_number,
            "received_on": self.received_on.isoformat(),
            "issuer": self.issuer,
            "number": self.number_symbol,
            "date": self.issued_on.isoformat() if self.issued_on else None,
            "kind": self.kind,
            "subject": self.subject,
            "links": list(self.links),
            **({"book": self.series} if self.series != OWN_BOOK else {}),  # a former department's
        }


def reference(kind: str, number_symbol: str | None, issued_on: dt.date | None, issuer: str) -> str:
    parts = [kind]
    if number_symbol:
        parts.append(f"số {number_symbol}")
    if issued_on:
        parts.append(f"ngày {cited_date(issued_on)}")
    parts.append(f"của {issuer}")
    return " ".join(parts)


def basis_line(
    kind: str, number_symbol: str | None, issued_on: dt.date | None, issuer: str, subject: str
) -> str:
    """The Căn cứ line citing a received document, in the state's wording: "Căn cứ Chỉ thị số 04/CT-BYT ngày
    29/3/2021 của Bộ Y tế về việc …;" (the last line of a document's căn cứ ends with "." instead: the
    document's own drafting decides)."""
    cited = " ".join(x for x in (reference(kind, number_symbol, issued_on, issuer), about(subject)) if x)
    return f"Căn cứ {cited};"


_COLUMNS = (
    IncomingDocument.id,
    IncomingDocument.year,
    IncomingDocument.received_number,
    IncomingDocument.received_on,
    IncomingDocument.issuer,
    IncomingDocument.number_symbol,
    IncomingDocument.issued_on,
    IncomingDocument.kind,
    IncomingDocument.subject,
    IncomingDocument.note,
    IncomingDocument.file_name,
    IncomingDocument.version,
    IncomingDocument.series,
)


@dataclass(frozen=True)
class LinkTarget:
    """A campaign, a nomination batch or a decision an incoming document may be linked to."""

    kind: str  # "campaign", "batch", "decision"
    id: int
    label: str

    @property
    def text(self) -> str:
        return f"{TARGET_WORDS[self.kind]}: {self.label}"


@dataclass(frozen=True)
class IncomingLinkEntry:
    id: int
    target: LinkTarget


TARGET_WORDS = {"campaign": "Phong trào", "batch": "Hồ sơ đề nghị", "decision": "Quyết định"}
_TARGET_COLUMNS = {
    "campaign": IncomingLink.campaign_id,
    "batch": IncomingLink.batch_id,
    "decision": IncomingLink.decision_id,
}


def _campaign_label(c: Campaign) -> str:
    return c.name


def batch_label(b, unit_name: str | None) -> str:
    """A batch (its title and year) as links name it."""
    return f"{b.title} ({unit_name}, năm {b.year})" if unit_name else f"{b.title} (năm {b.year})"


def decision_label(d) -> str:
    """A decision (its number, date, issuer, subject) as links name it."""
    number = f"số {d.number_text} " if d.number_text else ""
    day = f"ngày {cited_date(d.issued_on)} " if d.issued_on else ""
    return f"{number}{day}của {d.issuer}: {d.subject}"


def _targets(s: Session, links: list[IncomingLink]) -> dict[tuple[str, int], LinkTarget]:
    """The targets of `links`, labelled, by (kind, id)."""
    wanted = {kind: {getattr(x, col.key) for x in links} - {None} for kind, col in _TARGET_COLUMNS.items()}
    found: dict[tuple[str, int], LinkTarget] = {}
    if wanted["campaign"]:
        for c in s.scalars(select(Campaign).where(Campaign.id.in_(wanted["campaign"]))):
            found["campaign", c.id] = LinkTarget("campaign", c.id, _campaign_label(c))
    if wanted["batch"]:
        rows = s.execute(
            select(NominationBatch, Unit.name)
            .outerjoin(Unit, Unit.id == NominationBatch.unit_id)
            .where(NominationBatch.id.in_(wanted["batch"]))
        )
        for b, unit_name in rows:
            found["batch", b.id] = LinkTarget("batch", b.id, batch_label(b, unit_name))
    if wanted["decision"]:
        for d in s.scalars(select(Decision).where(Decision.id.in_(wanted["decision"]))):
            found["decision", d.id] = LinkTarget("decision", d.id, decision_label(d))
    return found


def _target_of(link: IncomingLink) -> tuple[str, int]:
    return next(
        (kind, getattr(link, col.key)) for kind, col in _TARGET_COLUMNS.items() if getattr(link, col.key)
    )


def _links_by_document(s: Session, ids: list[int]) -> dict[int, list[IncomingLinkEntry]]:
    if not ids:
        return {}
    links = list(
        s.scalars(select(IncomingLink).where(IncomingLink.incoming_id.in_(ids)).order_by(IncomingLink.id))
    )
    targets = _targets(s, links)
    by_document: dict[int, list[IncomingLinkEntry]] = {}
    for link in links:
        by_document.setdefault(link.incoming_id, []).append(
            IncomingLinkEntry(link.id, targets[_target_of(link)])
        )
    return by_document


def _entries(s: Session, query) -> list[IncomingEntry]:
    rows = s.execute(query).all()
    links = _links_by_document(s, [r.id for r in rows])
    return [IncomingEntry(*row, links=tuple(x.target.text for x in links.get(row.id, ()))) for row in rows]


def list_incoming(ctx: ServiceContext, year: int | None = None, text: str = "") -> list[IncomingEntry]:
    """The incoming register, newest first: a year's, or all; holding every word of `text` (accents and case
    ignored, in any order)."""
    with ctx.read() as s:
        query = select(*_COLUMNS).order_by(
            IncomingDocument.year.desc(), IncomingDocument.series, IncomingDocument.received_number.desc()
        )
        if year is not None:
            query = query.where(IncomingDocument.year == year)
        entries = _entries(s, query)
    words = fold(text or "").split()
    return [e for e in entries if all(w in e.search_text() for w in words)]


def incoming_years(ctx: ServiceContext) -> list[int]:
    with ctx.read() as s:
        return sorted(s.scalars(select(IncomingDocument.year).distinct()), reverse=True)


def load_incoming(ctx: ServiceContext, incoming_id: int) -> IncomingEntry:
    with ctx.read() as s:
        _row(s, incoming_id)
        return _entries(s, select(*_COLUMNS).where(IncomingDocument.id == incoming_id))[0]


def incoming_links(ctx: ServiceContext, incoming_id: int) -> list[IncomingLinkEntry]:
    with ctx.read() as s:
        return _links_by_document(s, [incoming_id]).get(incoming_id, [])


def incoming_file(ctx: ServiceContext, incoming_id: int) -> tuple[str, bytes] | None:
    with ctx.read() as s:
        doc = _row(s, incoming_id)
        return (doc.file_name, doc.file_content) if doc.file_content else None


def next_received_number(ctx: ServiceContext, year: int) -> int:
    """The số đến the next document received in `year` gets (a read: taking nothing)."""
    with ctx.read() as s:
        return _next_received(s, year)


def _next_received(s: Session, year: int) -> int:
    return (
        s.scalar(
            select(func.max(IncomingDocument.received_number)).where(
                IncomingDocument.year == year, IncomingDocument.series == OWN_BOOK
            )
        )
        or 0
    ) + 1


def _row(s: Session, incoming_id: int) -> IncomingDocument:
    doc = s.get(IncomingDocument, incoming_id) if incoming_id is not None else None
    if doc is None:
        raise ValidationError("Không tìm thấy văn bản trong sổ văn bản đến.")
    return doc


# --- recording -------------------------------------------------------------------------------------------


def _checked(data: IncomingInput) -> IncomingInput:
    data = clean_input(data)
    if not isinstance(data.received_on, dt.date):
        raise ValidationError("Chưa nhập ngày đến của văn bản.")
    if not 1945 <= data.received_on.year <= 2200:
        raise ValidationError("Ngày đến không hợp lệ.")
    if not data.issuer:
        raise ValidationError("Chưa nhập cơ quan ban hành văn bản (ví dụ: Bộ Y tế, UBND tỉnh).")
    if not data.kind:
        raise ValidationError("Chưa nhập loại văn bản (Chỉ thị, Kế hoạch, Công văn, Quyết định…).")
    if not data.subject:
        raise ValidationError("Chưa nhập trích yếu của văn bản.")
    if data.issued_on is not None and data.issued_on > data.received_on:
        raise ValidationError(
            f"Ngày văn bản ({cited_date(data.issued_on)}) sau ngày đến ({cited_date(data.received_on)}); "
            "hãy kiểm tra lại."
        )
    number = data.received_number
    if number is not None and (
        isinstance(number, bool) or not isinstance(number, int) or not 0 < number <= MAX_NUMBER
    ):
        raise ValidationError("Số đến phải là số nguyên dương.")
    if (data.file_name is None) != (data.file_content is None):
        raise ValidationError("Bản quét cần cả tên tệp và nội dung.")
    if data.file_content is not None:
        name, _ = check_scan(data.file_name, data.file_content)
        data = replace(data, file_name=name)
    kind = data.kind[:1].upper() + data.kind[1:]
    return replace(data, kind=kind, number_symbol=data.number_symbol.strip() or "")


def _refuse_taken(s: Session, year: int, number: int, incoming_id: int | None = None) -> None:
    holder = s.scalar(
        select(IncomingDocument).where(
            IncomingDocument.series == OWN_BOOK,
            IncomingDocument.year == year,
            IncomingDocument.received_number == number,
            IncomingDocument.id != (incoming_id or 0),
        )
    )
    if holder is not None:
        raise ValidationError(
            f"Số đến {number} năm {year} đã có trong sổ văn bản đến ({holder.kind} "
            f"{holder.number_symbol or ''} của {holder.issuer}). Hãy để trống số đến để lấy số tiếp theo."
        )


def _fill(doc: IncomingDocument, data: IncomingInput) -> None:
    doc.received_on = data.received_on
    doc.issuer = data.issuer
    doc.number_symbol = data.number_symbol or None
    doc.issued_on = data.issued_on
    doc.kind = data.kind
    doc.subject = data.subject
    doc.note = data.note or None
    if data.file_content is not None:
        doc.file_name, doc.file_content = data.file_name, data.file_content
    elif data.drop_scan:
        doc.file_name = doc.file_content = None


@use_case(Permission.REGISTER)
def record_incoming(ctx: ServiceContext, data: IncomingInput) -> int:
    """Vào sổ văn bản đến: the next số đến of the received date's year (or the number given, if free).
    Returns the entry's id."""
    data = _checked(data)
    year = data.received_on.year
    cited = reference(data.kind, data.number_symbol, data.issued_on, data.issuer)
    with ctx.write(f"Vào sổ văn bản đến: {cited}") as s:
        number = data.received_number or _next_received(s, year)
        _refuse_taken(s, year, number)
        doc = IncomingDocument(year=year, received_number=number)
        _fill(doc, data)
        s.add(doc)
        s.flush()
        s.info["summary"] = f"Vào sổ văn bản đến số {number}/{year}: {cited}"
        return doc.id


@use_case(Permission.REGISTER)
def update_incoming(
    ctx: ServiceContext, incoming_id: int, data: IncomingInput, expected_version: int | None = None
) -> None:
    """The clerk's corrections to an entry. Its số đến stays unless another is given (and free); the
    received date stays in the year of its book."""
    data = _checked(data)
    with ctx.write("Sửa văn bản trong sổ văn bản đến") as s:
        doc = _row(s, incoming_id)
        check_version(s, doc, expected_version)
        if data.received_on.year != doc.year:
            raise ValidationError(
                f"Văn bản này nằm trong sổ văn bản đến năm {doc.year}; ngày đến phải trong năm đó "
                "(nếu vào nhầm sổ, hãy xóa rồi vào sổ lại)."
            )
        if data.received_number is not None and data.received_number != doc.received_number:
            _refuse_taken(s, doc.year, data.received_number, doc.id)
            doc.received_number = data.received_number
        _fill(doc, data)
        s.info["summary"] = (
            f"Sửa văn bản đến số {doc.received_number}/{doc.year}: {doc.kind} của {doc.issuer}"
        )


@use_case(Permission.REGISTER)
def delete_incoming(ctx: ServiceContext, incoming_id: int) -> None:
    """An entry recorded by mistake; one linked to a campaign, a batch or a decision is kept (unlink first)."""
    with ctx.write("Xóa văn bản khỏi sổ văn bản đến") as s:
        doc = _row(s, incoming_id)
        links = s.scalar(
            select(func.count()).select_from(IncomingLink).where(IncomingLink.incoming_id == doc.id)
        )
        if links:
            raise ValidationError(
                f"Văn bản đến số {doc.received_number} đang gắn với {links} phong trào, hồ sơ hoặc quyết "
                "định; hãy bỏ liên kết trước khi xóa."
            )
        s.info["summary"] = (
            f"Xóa văn bản đến số {doc.received_number}/{doc.year}: {doc.kind} của {doc.issuer}"
        )
        s.delete(doc)


# --- links -----------------------------------------------------------------------------------------------


@use_case(Permission.DESK)
def link_incoming(
    ctx: ServiceContext,
    incoming_id: int,
    campaign_id: int | None = None,
    batch_id: int | None = None,
    decision_id: int | None = None,
) -> int:
    """Link an incoming document to the one campaign, nomination batch or decision it started or answered.
    Returns the link's id."""
    given = {"campaign": campaign_id, "batch": batch_id, "decision": decision_id}
    chosen = [(kind, value) for kind, value in given.items() if value is not None]
    if len(chosen) != 1:
        raise ValidationError("Hãy chọn một phong trào, một hồ sơ đề nghị hoặc một quyết định để liên kết.")
    kind, target_id = chosen[0]
    with ctx.write("Liên kết văn bản đến") as s:
        doc = _row(s, incoming_id)
        model = {"campaign": Campaign, "batch": NominationBatch, "decision": Decision}[kind]
        if s.get(model, target_id) is None:
            raise ValidationError(f"Không tìm thấy {TARGET_WORDS[kind].lower()} để liên kết.")
        column = _TARGET_COLUMNS[kind]
        taken = s.scalar(
            select(IncomingLink.id).where(IncomingLink.incoming_id == doc.id, column == target_id)
        )
        if taken is not None:
            raise ValidationError(f"Văn bản đến này đã liên kết với {TARGET_WORDS[kind].lower()} đó.")
        link = IncomingLink(incoming_id=doc.id, **{column.key: target_id})
        s.add(link)
        s.flush()
        target = _targets(s, [link])[kind, target_id]
        s.info["summary"] = f"Liên kết văn bản đến số {doc.received_number}/{doc.year} với {target.text}"
        return link.id


@use_case(Permission.DESK)
def unlink_incoming(ctx: ServiceContext, link_id: int) -> None:
    with ctx.write("Bỏ liên kết văn bản đến") as s:
        link = s.get(IncomingLink, link_id) if link_id is not None else None
        if link is None:
            raise ValidationError("Không tìm thấy liên kết này (có thể đã bỏ).")
        s.delete(link)


def link_targets(ctx: ServiceContext) -> list[LinkTarget]:
    """Everything an incoming document may be linked to: campaigns, nomination batches, decisions (of higher
    bodies first: the answers), newest first within each."""
    with ctx.read() as s:
        campaigns = [
            LinkTarget("campaign", c.id, _campaign_label(c))
            for c in s.scalars(
                select(Campaign).order_by(Campaign.start_date.desc().nulls_last(), Campaign.id.desc())
            )
        ]
        batches = [
            LinkTarget("batch", b.id, batch_label(b, unit_name))
            for b, unit_name in s.execute(
                select(NominationBatch, Unit.name)
                .outerjoin(Unit, Unit.id == NominationBatch.unit_id)
                .order_by(NominationBatch.year.desc(), NominationBatch.id.desc())
            )
        ]
        decisions = [
            LinkTarget("decision", d.id, decision_label(d))
            for d in s.scalars(select(Decision).order_by(Decision.year.desc(), Decision.id.desc()))
        ]
    return campaigns + batches + decisions


@dataclass(frozen=True)
class LinkedIncoming:
    """An incoming document as the campaign, batch or decision it is linked to shows it; `link_id` is what
    unlinking takes away."""

    link_id: int
    entry: IncomingEntry


def linked_incoming(ctx: ServiceContext, kind: str, target_id: int) -> list[LinkedIncoming]:
    """The incoming documents linked to a campaign, a nomination batch or a decision (`kind` as in
    TARGET_WORDS), in the order they were issued (the oldest first, as the Căn cứ lines cite them)."""
    column = _TARGET_COLUMNS[kind]
    with ctx.read() as s:
        query = (
            select(*_COLUMNS)
            .join(IncomingLink, IncomingLink.incoming_id == IncomingDocument.id)
            .where(column == target_id)
            .order_by(
                IncomingDocument.issued_on.nulls_last(),
                IncomingDocument.received_on,
                IncomingDocument.id,
            )
        )
        entries = _entries(s, query)
        link_of = dict(
            s.execute(select(IncomingLink.incoming_id, IncomingLink.id).where(column == target_id)).all()
        )
    return [LinkedIncoming(link_of[e.id], e) for e in entries]


def incoming_for_campaign(ctx: ServiceContext, campaign_id: int) -> list[IncomingEntry]:
    """The incoming documents linked to a campaign, the oldest first."""
    return [x.entry for x in linked_incoming(ctx, "campaign", campaign_id)]


def basis_lines(ctx: ServiceContext, campaign_id: int) -> list[str]:
    """The "Căn cứ" lines for the incoming documents linked to a campaign, each ending with ";"."""
    return [e.basis_line for e in incoming_for_campaign(ctx, campaign_id)]


def insert_basis_lines(text: str, lines: list[str]) -> str:
    """A document's text with the Căn cứ `lines` it does not hold yet: after the Căn cứ lines it opens with
    (spaced as they are: a blank line between paragraphs, or none), or at its top. Lines already there
    (compared without case) are not repeated."""
    body = text.splitlines()
    held = {line.strip().rstrip(";.").casefold() for line in body}
    new = [line for line in lines if line.strip().rstrip(";.").casefold() not in held]
    if not new:
        return text
    at = 0
    while at < len(body) and (not body[at].strip() or body[at].strip().startswith("Căn cứ")):
        at += 1
    while at > 0 and not body[at - 1].strip():  # before the blank lines that close the Căn cứ
        at -= 1
    spaced = len(body) > 1 and not body[1].strip()
    if at == 0:  # at the top, before the text
        added = [x for line in new for x in (line, "")] if spaced else new
    else:
        added = [x for line in new for x in ("", line)] if spaced else new
    return "\n".join([*body[:at], *added, *body[at:]])
