"""State-format documents filled from the records: data in, a `StateDocument` out (render_pdf draws it).

    doc = quyet_dinh_khen_thuong(agency, signer, draft)          # a draft: number and day left blank
    render_pdf(doc.with_number(5, day), "qd-05.pdf")              # as registered

Every kind goes through `van_ban`; the kinds differ only in the words they put in (FORMAT.md §5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.documents.state.model import (
    Annex,
    Article,
    Basis,
    Block,
    Clause,
    Grid,
    Group,
    Heading,
    Para,
    Signature,
    StateDocument,
    as_blocks,
    signature_lines,
)
from app.domain.agency import AgencyInfo, SignerInfo
from app.domain.council import BallotResult, MeetingInfo
from app.domain.decisions import DecisionDraft
from app.domain.register import document_symbol
from app.rules.money import amount_in_words
from app.text.formatting import long_date
from app.text.numbers import money_text, share_text
from database.enums import DocumentKind

COUNCIL = "Hội đồng Thi đua – Khen thưởng"
COUNCIL_SYMBOL = "HĐTĐKT"  # advisory bodies keep their own series (FORMAT.md §4)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# The Luật's hình thức khen thưởng are named by these words; any other award is a danh hiệu thi đua.
HONOR_WORDS = ("Giấy khen", "Bằng khen", "Huân chương", "Huy chương", "Kỷ niệm chương")
LIST_TITLE = "Danh sách"


# --- small words -----------------------------------------------------------------------------------------


def punctuated(items: Sequence[str]) -> tuple[str, ...]:
    """A list read as one sentence (Kính gửi, Nơi nhận, căn cứ): ";" after each item, "." after the last."""
    cleaned = [x.strip().rstrip(";.,").rstrip() for x in items if x and x.strip()]
    return tuple(f"{x}{'.' if n == len(cleaned) - 1 else ';'}" for n, x in enumerate(cleaned))


def count_text(n: int) -> str:
    """Counts in a document are written with two digits, thousands with dots: 05 cá nhân, 2.319 cá nhân."""
    return f"{n:02d}" if n < 1000 else money_text(n)


def who(collectives: int, individuals: int) -> str:
    parts = [f"{count_text(collectives)} tập thể"] if collectives else []
    parts += [f"{count_text(individuals)} cá nhân"] if individuals else []
    return " và ".join(parts)


def agency_phrase(name: str) -> str:
    """ "SỞ Y TẾ" as running text reads "Sở Y tế": a Sở or Bộ capitalises the first word of its field."""
    words = name.strip().lower().split()
    capitals = 2 if words[:1] in (["sở"], ["bộ"]) else 1
    return " ".join(w[:1].upper() + w[1:] if n < capitals else w for n, w in enumerate(words))


def head_title(signer: SignerInfo) -> str:
    """The head whose power the document uses: GIÁM ĐỐC (also for a deputy signing KT. GIÁM ĐỐC)."""
    return (signer.authority_title or signer.position_title).strip().upper()


def signature_of(signer: SignerInfo) -> Signature:
    return Signature(
        signature_lines(signer.position_title, signer.authority, signer.authority_title), signer.full_name
    )


def award_phrase(award_name: str, year: int) -> str:
    if award_name.startswith(HONOR_WORDS):
        return award_name
    return f"danh hiệu “{award_name}” năm {year}"


def contact_lines(agency: AgencyInfo) -> tuple[str, ...]:
    """ô 13: "Địa chỉ: …; ĐT: …; E-mail: …; Website: …" with what the agency has."""
    parts = [
        f"{label}: {value}"
        for label, value in (
            ("Địa chỉ", agency.address),
            ("ĐT", agency.phone),
            ("E-mail", agency.email),
            ("Website", agency.website),
        )
        if value
    ]
    return ("; ".join(parts),) if parts else ()


# --- the one builder every kind goes through -------------------------------------------------------------


def van_ban(
    kind: DocumentKind,
    agency: AgencyInfo,
    signer: SignerInfo | None,
    *,
    subject: str,
    body: Sequence[Block | str] = (),
    recipients: Sequence[str] = (),
    copies_to: Sequence[str] = (),
    number: int | None = None,
    issued_on: dt.date | None = None,
    year: int | None = None,
    unit_code: str | None = None,
    drafter: str = "",
    copies: int | None = None,
    annexes: Sequence[Annex] = (),
    contact: bool = False,
    urgency: str = "",
) -> StateDocument:
    """A document of `kind` from the agency's header data; `number` None is a draft for signing.

    A công văn's ký hiệu is the agency's and the drafting unit's (SYT-VP); the others' is the kind's and
    the agency's (QĐ-SYT)."""
    symbol = document_symbol(kind, agency.symbol)
    if kind is DocumentKind.OFFICIAL_LETTER and unit_code:
        symbol = f"{symbol}-{unit_code}"
    return StateDocument(
        parent_name=agency.parent_name,
        issuer_name=agency.name,
        symbol=symbol,
        place_name=agency.place_name,
        year=issued_on.year if issued_on else year or dt.date.today().year,
        number=number,
        issued_on=issued_on,
        kind_title="" if kind is DocumentKind.OFFICIAL_LETTER else kind.label.upper(),
        subject=subject,
        recipients=tuple(recipients) if len(recipients) < 2 else punctuated(recipients),
        body=as_blocks(body),
        signatures=(signature_of(signer),) if signer else (),
        copies_to=punctuated(copies_to),
        drafter=drafter,
        copies=copies,
        footer=contact_lines(agency) if contact else (),
        annexes=tuple(annexes),
        urgency=urgency,
    )


def cong_van(
    agency: AgencyInfo,
    signer: SignerInfo | None,
    *,
    subject: str,
    recipients: Sequence[str],
    body: Sequence[Block | str],
    unit_code: str = "VP",
    copies_to: Sequence[str] | None = None,
    **kw,
) -> StateDocument:
    """Công văn (mẫu 1.5): "V/v …" under the number, Kính gửi, Nơi nhận starting "Như trên"."""
    copies_to = copies_to if copies_to is not None else ("Như trên", f"Lưu: VT, {unit_code}")
    return van_ban(
        DocumentKind.OFFICIAL_LETTER,
        agency,
        signer,
        subject=subject,
        body=body,
        recipients=recipients,
        copies_to=copies_to,
        unit_code=unit_code,
        **kw,
    )


def ke_hoach(
    agency: AgencyInfo, signer: SignerInfo | None, *, subject: str, body: Sequence[Block | str], **kw
) -> StateDocument:
    """Kế hoạch (mẫu 1.4)."""
    return van_ban(DocumentKind.PLAN, agency, signer, subject=subject, body=body, **kw)


def thong_bao(
    agency: AgencyInfo, signer: SignerInfo | None, *, subject: str, body: Sequence[Block | str], **kw
) -> StateDocument:
    """Thông báo (mẫu 1.4)."""
    return van_ban(DocumentKind.NOTICE, agency, signer, subject=subject, body=body, **kw)


def bao_cao(
    agency: AgencyInfo, signer: SignerInfo | None, *, subject: str, body: Sequence[Block | str], **kw
) -> StateDocument:
    """Báo cáo (mẫu 1.4); `recipients` when it goes to a higher level."""
    return van_ban(DocumentKind.REPORT, agency, signer, subject=subject, body=body, **kw)


# --- lists of awards -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """One line of a decision's or a Tờ trình's list."""

    name: str
    position: str | None
    unit: str | None
    collective: bool
    award: str
    amount: int | None = None
    note: str | None = None  # why the amount is not the full one (one bonus per achievement)


def listed_lines(source: DecisionDraft | Mapping | Sequence[Listed]) -> list[Listed]:
    """The lines of a DecisionDraft, of a register entry's stored content (decisions.py), or as given."""
    if isinstance(source, DecisionDraft):
        return [
            Listed(x.subject_name, x.position, x.unit_name, x.collective, x.award_name, x.amount, x.note)
            for x in source.lines
        ]
    if isinstance(source, Mapping):
        return [
            Listed(
                x["name"],
                x.get("position"),
                x.get("unit"),
                bool(x.get("collective")),
                x["award_name"],
                x.get("amount"),
                x.get("note"),
            )
            for x in source["lines"]
        ]
    return list(source)


def _groups(lines: Sequence[Listed]) -> list[tuple[str, bool, list[Listed]]]:
    """(award, collective, lines) in first-seen award order, collectives before individuals."""
    awards = list(dict.fromkeys(x.award for x in lines))
    return [
        (award, collective, [x for x in lines if x.award == award and x.collective is collective])
        for award in awards
        for collective in (True, False)
        if any(x.award == award and x.collective is collective for x in lines)
    ]


def award_list(lines: Sequence[Listed], *, award_column: bool = False) -> tuple[Grid, int | None]:
    """The attached table (DOMAIN 3.8: STT, name, position, unit, amount) in groups "I. Tập thể",
    "II. Cá nhân" (with the award's name when there are several), and the total when there is money; a
    "Ghi chú" column when an amount is not the full one (a difference, or nothing beside a higher title)."""
    with_money = any(x.amount is not None for x in lines)
    with_notes = with_money and any(x.note for x in lines)
    several = len({x.award for x in lines}) > 1
    headers = ["STT", "Tên tập thể, họ và tên", "Chức vụ", "Đơn vị"]
    # A list of a thousand or more numbers its rows with four digits: the STT column takes them whole, from the
    # name column's width (measured: 12 of 190 breaks "2005" into "200 / 5").
    wide = 3 if max((len(members) for *_, members in _groups(lines)), default=0) >= 1000 else 0
    widths, align = [12 + wide, 48 - wide, 32, 45], ["c", "l", "l", "l"]
    if award_column:
        headers, widths, align = headers + ["Hình thức khen thưởng"], widths + [30], align + ["l"]
    if with_money:
        if with_notes:  # before the amount: the total stands in the last column
            # the note ("Trừ 710.000 đ đã nhận theo QĐ số … ngày …(“…”)") in three lines, not four
            widths = [12 + wide, 30 - wide, 21, 29] + widths[4:]
            headers, widths, align = headers + ["Ghi chú"], widths + [74], align + ["l"]
        headers, widths, align = headers + ["Số tiền (đồng)"], widths + [28], align + ["r"]
    rows: list[tuple[str, ...] | Group] = []
    for n, (award, collective, members) in enumerate(_groups(lines)):
        label = "Tập thể" if collective else "Cá nhân"
        rows.append(
            Group(
                f"{ROMAN[n % len(ROMAN)]}. {label}" + (f": {award}" if several and not award_column else "")
            )
        )
        for k, x in enumerate(members, start=1):
            row = [str(k), x.name, x.position or "", x.unit or ""]
            row += [x.award] if award_column else []
            row += [x.note or ""] if with_notes else []
            row += [money_text(x.amount)] if with_money else []
            rows.append(tuple(row))
    total = sum(x.amount or 0 for x in lines) if with_money else None
    totals = ("Tổng cộng", money_text(total)) if with_money else None
    return Grid(tuple(headers), tuple(rows), tuple(widths), tuple(align), totals), total


def _award_clauses(lines: Sequence[Listed], year: int, verb: str) -> list[str]:
    """ "Tặng danh hiệu “Lao động tiên tiến” năm 2025 cho 01 tập thể và 03 cá nhân", one per award."""
    out = []
    for award in dict.fromkeys(x.award for x in lines):
        mine = [x for x in lines if x.award == award]
        out.append(
            f"{verb} {award_phrase(award, year)} cho "
            f"{who(sum(x.collective for x in mine), sum(not x.collective for x in mine))}"
        )
    return out


# --- Quyết định khen thưởng ------------------------------------------------------------------------------


def quyet_dinh_khen_thuong(
    agency: AgencyInfo,
    signer: SignerInfo,
    decision: DecisionDraft | Mapping,
    *,
    subject: str | None = None,
    year: int | None = None,
    number: int | None = None,
    issued_on: dt.date | None = None,
    achievement: str | None = None,
    proposal: str | None = None,
    executors: str = "Chánh Văn phòng Sở, Trưởng các phòng chức năng thuộc Sở, Thủ trưởng các đơn vị có liên quan",
    fund: str | None = None,
    unit_code: str = "VP",
    copies_to: Sequence[str] | None = None,
    **kw,
) -> StateDocument:
    """Quyết định khen thưởng (mẫu 1.2; DOMAIN 3.8): thẩm quyền, căn cứ, QUYẾT ĐỊNH:, Điều 1 (who gets what,
    list attached), Điều 2 (the money), Điều 3 (effect, who executes it); the list as a phụ lục.

    `decision` is a DecisionDraft or the content a register entry keeps (DecisionDraft.content()); then
    `subject` and `year` come from the entry."""
    draft = decision if isinstance(decision, DecisionDraft) else None
    stored = decision if isinstance(decision, Mapping) else {}
    subject = subject or (draft.subject if draft else "")
    year = year or (draft.year if draft else issued_on.year if issued_on else dt.date.today().year)
    # The document's own year (of its date) may follow the year of the achievements it rewards.
    dated = issued_on or (draft.issued_on if draft else None)
    lines = listed_lines(decision)
    bases = list(draft.legal_bases if draft else stored.get("legal_bases", ()))
    if proposal:
        bases.append(proposal)
    head = head_title(signer)
    issuer = agency_phrase(agency.name)
    achievement = achievement or f"xuất sắc trong thực hiện nhiệm vụ năm {year}"
    collectives = sum(x.collective for x in lines)
    awards = _award_clauses(lines, year, "Tặng")
    listed = f"(có danh sách kèm theo), đã có thành tích {achievement}"
    if len(awards) == 1:
        articles: list[Block] = [Article(1, f"{awards[0]} {listed}.")]
    else:
        articles = [Article(1, f"Khen thưởng {who(collectives, len(lines) - collectives)} {listed}, cụ thể:")]
        articles += [Clause(f"{n}.", text) for n, text in enumerate(punctuated(awards), start=1)]
    table, total = award_list(lines)
    fund = fund or f"Quỹ thi đua, khen thưởng của {issuer}"
    if total:
        articles.append(
            Article(
                2,
                f"Tiền thưởng kèm theo thực hiện theo quy định hiện hành; tổng số tiền là "
                f"{money_text(total)} đồng (Bằng chữ: {amount_in_words(total)}), chi từ {fund}.",
            )
        )
    else:
        articles.append(
            Article(
                2, "Các tập thể, cá nhân có tên tại Điều 1 được hưởng tiền thưởng theo quy định hiện hành."
            )
        )
    articles.append(
        Article(
            3,
            f"Quyết định này có hiệu lực kể từ ngày ký. {executors} và các tập thể, cá nhân "
            "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        )
    )
    body: list[Block] = [Heading(f"{head} {agency.name}", centred=True)]
    body += [Basis(x) for x in punctuated(bases)]
    body += [Heading("QUYẾT ĐỊNH:", centred=True)] + articles
    after = [Para(f"*Bằng chữ: {amount_in_words(total)}.*")] if total else []
    annex = Annex(
        LIST_TITLE,
        f"Tập thể, cá nhân được khen thưởng năm {year}",
        table,
        tuple(after),
        DocumentKind.DECISION.label,
        f"{head.capitalize()} {issuer}",
    )
    copies_to = copies_to if copies_to is not None else ("Như Điều 3", f"Lưu: VT, {unit_code}")
    return van_ban(
        DocumentKind.DECISION,
        agency,
        signer,
        subject=subject,
        body=body,
        copies_to=copies_to,
        number=number,
        issued_on=issued_on,
        year=dated.year if dated else None,
        annexes=(annex,),
        **kw,
    )


# --- Tờ trình to a higher level ---------------------------------------------------------------------------


def to_trinh(
    agency: AgencyInfo,
    signer: SignerInfo,
    lines: Sequence[Listed] | Mapping,
    *,
    recipient: str,
    subject: str,
    year: int,
    bases: Sequence[str] = (),
    dossier: str | None = None,
    number: int | None = None,
    issued_on: dt.date | None = None,
    document_year: int | None = None,
    unit_code: str = "VP",
    copies_to: Sequence[str] | None = None,
    **kw,
) -> StateDocument:
    """Tờ trình (mẫu 1.4) sending what is beyond the Director's power up, with its list as a phụ lục.
    `lines` may be the content forward_to_higher stores; `year` is the year of the achievements, the
    document's own is `issued_on`'s (or `document_year`, this year when not given, on a draft)."""
    items = listed_lines(lines)
    issuer = agency_phrase(agency.name)
    body: list[Block] = [Basis(x) for x in punctuated(bases)]
    asks = _award_clauses(items, year, "tặng")
    body.append(
        Para(f"{issuer} kính trình {recipient} xem xét, " + "; ".join(asks) + " (có danh sách kèm theo).")
    )
    body.append(
        Para(
            dossier
            or "Hồ sơ kèm theo gồm: báo cáo thành tích của các tập thể, cá nhân; biên bản họp "
            f"{COUNCIL} {issuer}."
        )
    )
    body.append(Para(f"{issuer} kính trình {recipient} xem xét, quyết định./."))
    table, _ = award_list(items, award_column=True)
    annex = Annex(
        LIST_TITLE,
        f"Tập thể, cá nhân đề nghị khen thưởng năm {year}",
        table,
        attached_to=DocumentKind.SUBMISSION.label,
        issued_by=issuer,
    )
    copies_to = copies_to if copies_to is not None else ("Như trên", f"Lưu: VT, {unit_code}")
    return van_ban(
        DocumentKind.SUBMISSION,
        agency,
        signer,
        subject=subject,
        body=body,
        recipients=[recipient],
        copies_to=copies_to,
        number=number,
        issued_on=issued_on,
        year=document_year,
        annexes=(annex,),
        **kw,
    )


# --- Biên bản of the council meeting ----------------------------------------------------------------------


def _time_text(moment: dt.datetime | None) -> str:
    """ "08 giờ 30 phút, ngày 10 tháng 12 năm 2025"; dots for the clerk to fill when unknown."""
    if moment is None:
        return "… giờ …, ngày … tháng … năm …"
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {long_date(moment.date())}"


def _percent(part: int, whole: int) -> str:
    return share_text(part, whole) if whole else "–"


def bien_ban_hop_hoi_dong(
    agency: AgencyInfo,
    meeting: MeetingInfo,
    results: Sequence[BallotResult],
    *,
    chair: str,
    secretary: str,
    attendees: Sequence[str] = (),
    ended_at: dt.datetime | None = None,
    number: int | None = None,
    copies_to: Sequence[str] = ("Lưu: VT, Hồ sơ",),
) -> StateDocument:
    """Biên bản (mẫu 1.9) of a council meeting: time, place, attendance and quorum, chair and secretary,
    each nomination's votes against the whole membership, the result; thư ký and chủ tọa sign.

    The council keeps its own series (BB-HĐTĐKT) under the Sở's name; a biên bản has no place/date row."""
    issuer = agency_phrase(agency.name)
    total = meeting.members_total
    body: list[Block] = [
        Para(f"Thời gian bắt đầu: {_time_text(meeting.held_at)}."),
        Para(f"Địa điểm: {meeting.location or '…'}."),
        Para(
            f"Thành phần tham dự: {count_text(meeting.present)}/{count_text(total)} thành viên {COUNCIL} "
            f"có mặt"
            + (
                f", {count_text(meeting.written_opinions)} thành viên gửi ý kiến bằng văn bản"
                if meeting.written_opinions
                else ""
            )
            + (":" if attendees else ".")
        ),
    ]
    body += [Clause("-", x) for x in punctuated(attendees)]
    enough = "đủ" if meeting.quorum_met else "không đủ"
    body += [
        Para(
            f"Số thành viên có mặt đạt {_percent(meeting.present, total)} tổng số thành viên Hội đồng (cần tối "
            f"thiểu {count_text(meeting.quorum_needed)} thành viên), {enough} điều kiện tiến hành phiên họp."
        ),
        Para(f"Chủ trì (chủ tọa): {chair}."),
        Para(f"Thư ký: {secretary}."),
        Heading("Nội dung:"),
        Para(
            f"Hội đồng xem xét {count_text(len(results))} đề nghị khen thưởng năm {meeting.year}; tỷ lệ phiếu "
            "đồng ý tính trên tổng số thành viên Hội đồng. Kết quả như sau:"
        ),
    ]
    rows = tuple(
        (
            str(n),
            r.subject_name,
            r.award_name,
            str(r.votes_for),
            str(r.votes_against),
            str(r.votes_invalid),
            _percent(r.votes_for, r.members_total),
            "Đạt" if r.passed else "Không đạt",
        )
        for n, r in enumerate(results, start=1)
    )
    body.append(
        Grid(
            (
                "STT",
                "Tập thể, cá nhân",
                "Danh hiệu, hình thức",
                "Đồng ý",
                "Không đồng ý",
                "Không hợp lệ",
                "Tỷ lệ đồng ý",
                "Kết quả",
            ),
            rows,
            (12, 40, 36, 15, 17, 16, 16, 17),
            ("c", "l", "l", "c", "c", "c", "c", "c"),
        )
    )
    secret = list(dict.fromkeys(r.award_name for r in results if r.secret))
    if secret:
        body.append(
            Para(
                "Hình thức biểu quyết: bỏ phiếu kín đối với "
                + ", ".join(f"“{x}”" for x in secret)
                + "; biểu quyết công khai đối với các trường hợp còn lại."
            )
        )
    passed = sum(r.passed for r in results)
    body.append(
        Para(
            f"Tổng hợp: {count_text(passed)} đề nghị đạt, {count_text(len(results) - passed)} đề nghị "
            "không đạt."
        )
    )
    body.append(Para(f"Cuộc họp kết thúc vào {_time_text(ended_at)}./."))
    return StateDocument(
        parent_name=agency.name,
        issuer_name=COUNCIL.upper(),
        symbol=f"{DocumentKind.MINUTES.symbol_prefix}-{COUNCIL_SYMBOL}",
        place_name=None,
        year=meeting.year,
        number=number,
        issued_on=meeting.held_at.date(),
        kind_title=DocumentKind.MINUTES.label.upper(),
        subject=f"Họp {COUNCIL} {issuer} xét khen thưởng năm {meeting.year}",
        body=tuple(body),
        signatures=(Signature(("THƯ KÝ",), secretary), Signature(("CHỦ TỌA",), chair)),
        copies_to=punctuated(copies_to),
    )
