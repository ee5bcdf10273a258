"""Hồ sơ khen thưởng cá nhân / đơn vị as a PDF (ReportLab): A4 portrait in the state format's frame.

    person_record_pdf(record, agency, "ho-so.pdf")     # or target=None to get the bytes
    unit_record_pdf(record, agency, "ho-so-don-vi.pdf")

Page: A4, margins T 20, B 20, L 30, R 15 mm (FORMAT.md); the agency header in two columns (cơ quan
chủ quản / ban hành on the left, Quốc hiệu and Tiêu ngữ on the right); tables repeat their header
row on every page; page numbers from page 2, centred in the top margin. Every string is NFC before
it is drawn (ReportLab misplaces the marks of decomposed text).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.documents.fonts import BOLD, FAMILY, ITALIC, register_fonts
from app.domain.agency import AgencyInfo
from app.domain.records import AwardEntry, PersonRecord, RatingEntry, UnitRecord
from app.text.formatting import place_date
from app.text.numbers import int_text, money_text
from database.enums import InitiativeKind

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
RIGHT_COLUMN = 100 * mm  # holds the Quốc hiệu
LEFT_COLUMN = TEXT_WIDTH - RIGHT_COLUMN
LINE = 1.15  # a single line of a Times New Roman-metric font, in em
RULE = 0.6  # pt

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PERSON_TITLE = "HỒ SƠ KHEN THƯỞNG CÁ NHÂN"
UNIT_TITLE = "HỒ SƠ KHEN THƯỞNG ĐƠN VỊ"
GRID_COLOUR = colors.black
HEADER_FILL = colors.HexColor("#eeeeee")


# --- text ------------------------------------------------------------------------------------------


def nfc(text: object) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def markup(text: object) -> str:
    """NFC, XML-escaped, line breaks kept: safe to put inside a Paragraph."""
    return escape(nfc(text)).replace("\n", "<br/>")


def date_text(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def place_date_line(place: str, day: dt.date) -> str:
    """ "Thanh Hóa, ngày 05 tháng 01 năm 2026": days with a zero, months after 2 without."""
    return place_date(place, day)


def _style(name: str, size: float, font: str = FAMILY, align=TA_LEFT, **kw) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=round(size * LINE + 0.5, 1), alignment=align, **kw
    )


class _Styles:
    def __init__(self):
        self.header = _style("header", 12, align=TA_CENTER)
        self.header_bold = _style("header_bold", 12, BOLD, TA_CENTER)
        self.motto = _style("motto", 13, BOLD, TA_CENTER)
        self.place = _style("place", 13, ITALIC, TA_CENTER)
        self.title = _style("title", 14, BOLD, TA_CENTER, spaceBefore=6)
        self.subtitle = _style("subtitle", 14, BOLD, TA_CENTER, spaceAfter=2)
        self.note = _style("note", 12, ITALIC, TA_CENTER)
        self.section = _style("section", 13, BOLD, spaceBefore=10, spaceAfter=4, keepWithNext=True)
        self.body = _style("body", 13, align=TA_JUSTIFY)
        self.label = _style("label", 13)
        self.value = _style("value", 13)
        self.cell = _style("cell", 11)
        self.cell_centre = _style("cell_centre", 11, align=TA_CENTER)
        self.cell_right = _style("cell_right", 11, align=TA_RIGHT)
        self.cell_head = _style("cell_head", 11, BOLD, TA_CENTER)
        self.empty = _style("empty", 13, ITALIC)
        self.footer = _style("footer", 11, ITALIC, TA_RIGHT, spaceBefore=10)


class _Rule(Flowable):
    """A centred solid line of a given width (under the agency name, the motto, the title)."""

    def __init__(self, width: float, thickness: float = RULE):
        super().__init__()
        self.rule_width, self.thickness = width, thickness
        self.width, self.height = width, 2

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.height

    def draw(self):
        x = (self.avail - self.rule_width) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, self.height / 2, x + self.rule_width, self.height / 2)


def _text_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(nfc(text), font, size)


# --- the frame every record shares -----------------------------------------------------------------


class _RecordDocument:
    def __init__(self, agency: AgencyInfo | None, title: str, today: dt.date | None):
        register_fonts()
        self.agency = agency
        self.title = title
        self.today = today or dt.date.today()
        self.s = _Styles()
        self.story: list = []

    # header and title
    def agency_header(self) -> None:
        s = self.s
        parent = nfc(self.agency.parent_name).upper() if self.agency else ""
        name = nfc(self.agency.name).upper() if self.agency else ""
        left: list = []
        if parent:
            left.append(Paragraph(markup(parent), s.header))
        if name:
            left.append(Paragraph(markup(name), s.header_bold))
            left.append(Spacer(1, 3))
            name_width = min(_text_width(name, BOLD, 12), LEFT_COLUMN - 6 * mm)
            left.append(_Rule(max(name_width / 3, 18 * mm)))
        right = [
            Paragraph(markup(NATIONAL_NAME), s.header_bold),
            Paragraph(markup(MOTTO), s.motto),
            Spacer(1, 3),
            _Rule(_text_width(MOTTO, BOLD, 13)),
        ]
        place = nfc(self.agency.place_name) if self.agency and self.agency.place_name else ""
        date_line = (
            place_date_line(place, self.today) if place else place_date_line("", self.today).lstrip(", ")
        )
        rows = [[left, right], ["", Paragraph(markup(date_line), s.place)]]
        table = Table(rows, colWidths=[LEFT_COLUMN, RIGHT_COLUMN])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 1), (-1, 1), 6),
                ]
            )
        )
        self.story.append(table)
        self.story.append(Spacer(1, 16))

    def heading(self, name: str, note: str | None = None) -> None:
        self.story.append(Paragraph(markup(self.title), self.s.title))
        self.story.append(Paragraph(markup(name), self.s.subtitle))
        if note:
            self.story.append(Paragraph(markup(note), self.s.note))
        self.story.append(Spacer(1, 5))
        self.story.append(_Rule(40 * mm))
        self.story.append(Spacer(1, 6))

    # content
    def section(self, text: str) -> None:
        self.story.append(Paragraph(markup(text), self.s.section))

    def facts(self, pairs: Sequence[tuple[str, str]], label_width: float = 58 * mm) -> None:
        """Label: value lines (personal data), the values wrapping in their own column."""
        rows = [
            [Paragraph(markup(label + ":"), self.s.label), Paragraph(markup(value), self.s.value)]
            for label, value in pairs
            if value
        ]
        if not rows:
            return
        table = Table(rows, colWidths=[label_width, TEXT_WIDTH - label_width])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        self.story.append(table)

    def grid(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths_mm: Sequence[float],
        align: Sequence[str] | None = None,
        empty: str = "Không có.",
    ) -> None:
        """A ruled table whose header row repeats on every page; widths in mm, scaled to the text width."""
        if not rows:
            self.story.append(Paragraph(markup(empty), self.s.empty))
            return
        scale = TEXT_WIDTH / (sum(widths_mm) * mm)
        widths = [w * mm * scale for w in widths_mm]
        align = align or ["l"] * len(headers)
        styles = {"l": self.s.cell, "c": self.s.cell_centre, "r": self.s.cell_right}
        data = [[Paragraph(markup(h), self.s.cell_head) for h in headers]]
        data += [[Paragraph(markup(v), styles[a]) for v, a in zip(row, align, strict=True)] for row in rows]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOUR),
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        self.story.append(table)

    def closing(self) -> None:
        line = f"Số liệu tổng hợp từ cơ sở dữ liệu thi đua, khen thưởng đến ngày {date_text(self.today)}."
        self.story.append(KeepTogether([Paragraph(markup(line), self.s.footer)]))

    # output
    def build(self, target: str | os.PathLike | BinaryIO | None, subject: str) -> bytes | None:
        buffer = io.BytesIO() if target is None else None
        out = (
            buffer
            if buffer is not None
            else (str(target) if isinstance(target, (str, os.PathLike)) else target)
        )
        doc = BaseDocTemplate(
            out,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=nfc(f"{self.title} – {subject}"),
            author=nfc(self.agency.name) if self.agency else "",
            subject=nfc(subject),
            creator="TĐKT",
        )
        # No frame padding: the text block is exactly the page less the margins (165 mm wide).
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            TEXT_WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="text",
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_page_number)])
        doc.build(self.story)
        return buffer.getvalue() if buffer is not None else None


def _page_number(canvas, doc) -> None:
    """Arabic numerals, centred in the top margin, from page 2 on."""
    if doc.page < 2:
        return
    canvas.saveState()
    canvas.setFont(FAMILY, 13)
    canvas.drawCentredString(MARGIN_LEFT + TEXT_WIDTH / 2, PAGE_HEIGHT - MARGIN_TOP / 2 - 4, str(doc.page))
    canvas.restoreState()


def _write(target: str | os.PathLike | BinaryIO | None, doc: _RecordDocument, subject: str) -> bytes | None:
    if isinstance(target, (str, os.PathLike)):
        # Built beside the target and moved into place: a failure leaves no broken PDF behind.
        path = Path(target)
        partial = path.with_name(f"~{path.stem}.partial{path.suffix}")
        try:
            doc.build(partial, subject)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return None
    return doc.build(target, subject)


# --- shared sections -------------------------------------------------------------------------------


def _ratings_grid(doc: _RecordDocument, ratings: Sequence[RatingEntry], own_name: str | None = None) -> None:
    """Year and rating; who earned it when predecessors count (own_name given); notes when there are any."""
    notes = []
    for r in ratings:
        parts = [f"Nghỉ {r.absent_days} ngày"] if r.absent_days else []
        if r.document_ref:
            parts.append(r.document_ref)
        notes.append("; ".join(parts))
    with_notes = any(notes)
    headers, widths, align = ["Năm", "Xếp loại"], [16, 62], ["c", "l"]
    if own_name is not None:
        headers, widths, align = headers + ["Đơn vị đạt"], widths + [45], align + ["l"]
    if with_notes:
        headers, widths, align = headers + ["Ghi chú"], widths + [42], align + ["l"]
    year_width = 18
    rest = TEXT_WIDTH / mm - year_width
    widths = [year_width] + [w * rest / sum(widths[1:]) for w in widths[1:]]
    rows = []
    for r, note in zip(ratings, notes, strict=True):
        row = [str(r.year), r.level.label]
        if own_name is not None:
            row.append(r.earned_by or own_name)
        if with_notes:
            row.append(note)
        rows.append(row)
    doc.grid(headers, rows, widths, align, empty="Chưa có kết quả xếp loại.")


def _award_title(a: AwardEntry, with_unit: bool) -> str:
    text = a.name
    if a.initiatives:
        text += "\n(Sáng kiến: " + "; ".join(a.initiatives) + ")"
    if with_unit and a.earned_by:
        text += f"\n(Đơn vị đạt: {a.earned_by})"
    if a.revoked:
        text += "\n[Đã thu hồi" + (f": {a.revoked_reason}" if a.revoked_reason else "") + "]"
    return text


def _awards_grid(doc: _RecordDocument, awards: Sequence[AwardEntry], with_unit: bool) -> None:
    rows = []
    for n, a in enumerate(awards, start=1):
        decision = "\n".join(x for x in (a.decision_number or "", date_text(a.decision_date)) if x)
        rows.append(
            [
                str(n),
                a.period_text,
                _award_title(a, with_unit),
                a.basis.label,
                decision,
                a.decision_issuer or "",
                money_text(a.bonus_amount),
            ]
        )
    doc.grid(
        [
            "STT",
            "Năm",
            "Danh hiệu, hình thức khen thưởng",
            "Loại hình",
            "Số, ngày quyết định",
            "Cấp khen",
            "Tiền thưởng (đồng)",
        ],
        rows,
        [10, 16, 48, 20, 32, 19, 20],
        ["c", "c", "l", "l", "l", "l", "r"],
        empty="Chưa có khen thưởng nào được ghi nhận.",
    )
    total = sum(a.bonus_amount or 0 for a in awards if not a.revoked)
    if total:
        doc.story.append(Spacer(1, 3))
        doc.story.append(Paragraph(markup(f"Tổng tiền thưởng: {money_text(total)} đồng."), doc.s.body))


# --- the two records -------------------------------------------------------------------------------


def person_record_pdf(
    record: PersonRecord,
    agency: AgencyInfo | None,
    target: str | os.PathLike | BinaryIO | None = None,
    today: dt.date | None = None,
) -> bytes | None:
    """The person's record; written to `target` (a path or a binary file), or returned as bytes."""
    doc = _RecordDocument(agency, PERSON_TITLE, today)
    doc.agency_header()
    doc.heading(record.full_name, record.unit_name or None)

    doc.section("I. THÔNG TIN CÁ NHÂN")
    doc.facts(
        [
            ("Họ và tên", record.full_name),
            ("Giới tính", record.gender_label),
            ("Ngày sinh" if record.birth_date else "Năm sinh", record.birth_text),
            ("Mã cán bộ", record.staff_code or ""),
            ("Dân tộc", record.ethnicity or ""),
            ("Chức vụ", record.position or ""),
            ("Chức danh nghề nghiệp", record.professional_title or ""),
            ("Đơn vị công tác", record.unit_name),
            ("Công tác trong ngành Y tế từ", date_text(record.health_sector_since)),
            ("Đã nghỉ từ ngày", date_text(record.left_on)),
            ("Ghi chú", record.note or ""),
        ]
    )

    doc.section("II. QUÁ TRÌNH CÔNG TÁC")
    rows = []
    for n, p in enumerate(record.postings, start=1):
        job = ", ".join(x for x in (p.position, p.professional_title) if x)
        unit = p.unit_name + (f"\n({p.note})" if p.note else "")
        rows.append([str(n), date_text(p.start_date), date_text(p.end_date) or "nay", unit, job])
    doc.grid(
        ["STT", "Từ ngày", "Đến ngày", "Đơn vị", "Chức vụ, chức danh"],
        rows,
        [10, 21, 21, 73, 40],
        ["c", "c", "c", "l", "l"],
        empty="Chưa có quá trình công tác.",
    )

    doc.section("III. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI HẰNG NĂM")
    _ratings_grid(doc, record.ratings)

    doc.section("IV. KỶ LUẬT")
    rows = [
        [
            str(n),
            d.form.label,
            f"{date_text(d.effective_from)} – {date_text(d.effective_to) or 'nay'}",
            d.decision_ref or "",
            d.reason or "",
        ]
        for n, d in enumerate(record.disciplines, start=1)
    ]
    doc.grid(
        ["STT", "Hình thức", "Thời hạn", "Quyết định", "Lý do"],
        rows,
        [10, 34, 38, 40, 44],
        ["c", "l", "c", "l", "l"],
        empty="Không có.",
    )

    doc.section("V. SÁNG KIẾN, ĐỀ TÀI")
    rows = []
    for n, i in enumerate(record.initiatives, start=1):
        lines = [
            ("Đề tài: " if i.kind is InitiativeKind.RESEARCH and not i.title.startswith("Đề tài") else "")
            + i.title
        ]
        if i.co_authors:
            lines.append("(Cùng tác giả: " + ", ".join(i.co_authors) + ")")
        recognition = " ".join(
            x
            for x in (
                f"số {i.decision_number}" if i.decision_number else "",
                f"ngày {date_text(i.decision_date)}" if i.decision_date else "",
                f"của {i.recognised_by}" if i.recognised_by else "",
            )
            if x
        )
        if recognition:
            lines.append(f"Công nhận: {recognition}")
        rows.append([str(n), str(i.year), "\n".join(lines), i.level.label, i.share_text, i.used_by or ""])
    doc.grid(
        [
            "STT",
            "Năm",
            "Tên sáng kiến, đề tài; công nhận",
            "Cấp",
            "Tỷ lệ đóng góp",
            "Đã dùng cho khen thưởng",
        ],
        rows,
        [10, 14, 83, 18, 16, 24],
        ["c", "c", "l", "c", "c", "l"],
        empty="Không có.",
    )

    doc.section("VI. KHEN THƯỞNG")
    _awards_grid(doc, record.awards, with_unit=False)
    doc.closing()
    return _write(target, doc, record.full_name)


def unit_record_pdf(
    record: UnitRecord,
    agency: AgencyInfo | None,
    target: str | os.PathLike | BinaryIO | None = None,
    today: dt.date | None = None,
) -> bytes | None:
    """The unit's record, with what its predecessors earned; to `target`, or returned as bytes."""
    doc = _RecordDocument(agency, UNIT_TITLE, today)
    doc.agency_header()
    doc.heading(record.name, record.label if record.label != record.name else None)

    doc.section("I. THÔNG TIN ĐƠN VỊ")
    status = record.status.label + (f" từ {date_text(record.ended_on)}" if record.ended_on else "")
    staff = record.staff
    staff_text = f"{int_text(staff.with_sub_units)} người đang công tác"
    if staff.with_sub_units:
        staff_text += f" (nữ: {int_text(staff.women)})"
    if staff.left:
        staff_text += f"; {int_text(staff.left)} người đã nghỉ"
    doc.facts(
        [
            ("Tên đơn vị", record.name),
            ("Tên viết tắt", record.short_name or ""),
            ("Mã đơn vị", record.code or ""),
            ("Loại hình", record.kind.label),
            ("Trực thuộc", record.parent_name or ""),
            ("Tình trạng", status),
            ("Ngày thành lập", date_text(record.established_on)),
            ("Thủ trưởng đơn vị", record.head_name or ""),
            ("Địa chỉ", record.address or ""),
            ("Điện thoại", record.phone or ""),
            ("Thư điện tử", record.email or ""),
            ("Số cán bộ", staff_text),
            ("Đơn vị trực thuộc", ", ".join(u.name for u in record.sub_units)),
            ("Ghi chú", record.note or ""),
        ],
        label_width=45 * mm,
    )

    doc.section("II. LỊCH SỬ TÊN GỌI, SÁP NHẬP, CHIA TÁCH")
    rows = [
        [date_text(e.event_date), e.kind.label, "; ".join(e.before), "; ".join(e.after), e.decision_ref or ""]
        for e in record.events
    ]
    doc.grid(
        ["Ngày", "Sự kiện", "Trước", "Sau", "Căn cứ"],
        rows,
        [22, 20, 42, 42, 39],
        ["c", "l", "l", "l", "l"],
        empty="Không có thay đổi nào được ghi nhận.",
    )
    if record.predecessors:
        names = "; ".join(
            u.name + (f" ({u.status.label.lower()})" if u.ended_on else "") for u in record.predecessors
        )
        doc.story.append(Spacer(1, 4))
        doc.story.append(
            Paragraph(markup(f"Đơn vị tiền thân (thành tích được kế thừa): {names}."), doc.s.body)
        )
    if record.successors:
        names = "; ".join(u.name for u in record.successors)
        doc.story.append(Spacer(1, 4))
        doc.story.append(Paragraph(markup(f"Đơn vị kế thừa: {names}."), doc.s.body))

    with_unit = bool(record.predecessors)
    doc.section("III. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI HẰNG NĂM")
    _ratings_grid(doc, record.ratings, record.name if with_unit else None)

    doc.section("IV. KHEN THƯỞNG")
    _awards_grid(doc, record.awards, with_unit=with_unit)
    doc.closing()
    return _write(target, doc, record.name)
