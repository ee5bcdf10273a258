"""The report of a campaign's targets against the units' results as a PDF: A4 landscape (a table not split
out as a phụ lục, FORMAT.md §1), the state header (cơ quan chủ quản / ban hành | Quốc hiệu, Tiêu ngữ), the
title and the campaign, a ruled table whose two header rows repeat on every page: TT | Chỉ tiêu | Đơn vị
tính | Mục tiêu | Năm … (Kết quả | Đánh giá) …, one block per unit; and the closing of the program's
reports (app.documents.report_closing): the place and date, NGƯỜI LẬP BIỂU | the agency's signer.

    target_report_pdf(target_report(ctx, campaign_id), agency, "chi-tieu.pdf")   # or target=None: bytes
"""

from __future__ import annotations

import datetime as dt
import io
import os
from typing import BinaryIO

from reportlab import platypus as rl
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from app.documents.fonts import BOLD, FAMILY, ITALIC, register_fonts
from app.documents.report_closing import ReportClosing, SignedBy, report_closing
from app.documents.state.layout import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MOTTO,
    NAME_RULE_SHARE,
    NATIONAL_NAME,
    PARAGRAPH_GAP,
    RIGHT_COLUMN,
    SIGNATURE_SPACE,
    SIZE_AGENCY,
    SIZE_DATE,
    SIZE_MOTTO,
    SIZE_NATIONAL,
    SIZE_PAGE_NUMBER,
    SIZE_SIGN,
    SIZE_TITLE,
    Columns,
    Gap,
    Rule,
    Styles,
    Text,
    column,
    deliver,
    markup,
    nfc,
)
from app.domain.agency import AgencyInfo
from app.domain.targets import REPORT_HEADERS, YEAR_HEADERS, TargetReport

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 252 mm
LEFT_COLUMN = 90 * mm  # the agency's names; the Quốc hiệu keeps its 100 mm on the right
# Widths in mm before scaling to the text width: TT, Chỉ tiêu, Đơn vị tính, Mục tiêu, then Kết quả and Đánh
# giá for every year.
WIDTHS = (10, 56, 26, 46)
YEAR_WIDTHS = (18, 28)


def _header(report: TargetReport, agency: AgencyInfo | None) -> list[rl.Flowable]:
    agency_lines = []
    if agency is not None:
        if agency.parent_name:
            agency_lines.append(Text(agency.parent_name.upper(), FAMILY, SIZE_AGENCY))
        agency_lines += [Text(agency.name.upper(), BOLD, SIZE_AGENCY), Rule(NAME_RULE_SHARE)]
    nation = [Text(NATIONAL_NAME, BOLD, SIZE_NATIONAL), Text(MOTTO, BOLD, SIZE_MOTTO), Rule()]
    right = TEXT_WIDTH - RIGHT_COLUMN
    title = [Text(report.title, BOLD, SIZE_TITLE), Text(report.subtitle, BOLD, SIZE_TITLE), Rule(1 / 3)]
    return [
        Columns((0, column(*agency_lines, width=LEFT_COLUMN)), (right, column(*nation, width=RIGHT_COLUMN))),
        rl.Spacer(1, 14),
        Columns((0, column(*title, width=TEXT_WIDTH))),
        rl.Spacer(1, PARAGRAPH_GAP + 4),
    ]


def _table(report: TargetReport) -> rl.Table:
    s = Styles()
    widths_mm = list(WIDTHS) + list(YEAR_WIDTHS) * len(report.years)
    scale = TEXT_WIDTH / (sum(widths_mm) * mm)
    widths = [w * mm * scale for w in widths_mm]
    fixed, last = len(WIDTHS), len(widths_mm) - 1

    def head(text: str):
        return rl.Paragraph(markup(text), s.cell_head)

    top = [head(h) for h in REPORT_HEADERS]
    bottom: list = [""] * fixed
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    commands += [("SPAN", (n, 0), (n, 1)) for n in range(fixed)]
    for k, year in enumerate(report.years):
        first = fixed + 2 * k
        top += [head(report.year_header(year)), ""]
        bottom += [head(h) for h in YEAR_HEADERS]
        commands.append(("SPAN", (first, 0), (first + 1, 0)))
    data: list[list] = [top, bottom]
    for block in report.blocks:
        # a unit's heading never ends a page: it goes over with its first target
        commands += [
            ("SPAN", (0, len(data)), (last, len(data))),
            ("NOSPLIT", (0, len(data)), (last, len(data) + 1)),
        ]
        data.append([rl.Paragraph(markup(block.heading), s.cell_bold)] + [""] * last)
        for row in block.rows:
            cells = [
                rl.Paragraph(markup(str(row.number)), s.cells["c"]),
                rl.Paragraph(markup(row.name), s.cells["l"]),
                rl.Paragraph(markup(row.measure), s.cells["c"]),
                rl.Paragraph(markup(row.goal_cell), s.cells["c"]),
            ]
            for result, verdict in row.cells:
                cells += [
                    rl.Paragraph(markup(result), s.cells["c"]),
                    rl.Paragraph(markup(verdict), s.cells["c"]),
                ]
            data.append(cells)
    table = rl.Table(data, colWidths=widths, repeatRows=2)
    table.setStyle(rl.TableStyle(commands))
    return table


def _closing(closing: ReportClosing) -> rl.Flowable:
    """The closing under the table (app.documents.report_closing): the place and date over the head's
    signature in the right column (under the Quốc hiệu), NGƯỜI LẬP BIỂU in the left; titles and names level.
    It never starts a page alone."""
    right = TEXT_WIDTH - RIGHT_COLUMN

    def heading(signed: SignedBy) -> list[Text]:
        return [
            Text(x.text, BOLD, SIZE_SIGN) if x.style == "B" else Text(x.text, ITALIC, SIZE_DATE)
            for x in signed.heading()
        ]

    def height(signed: SignedBy, width: float) -> float:
        return column(*heading(signed), width=width).layout().height

    sides = ((closing.preparer, LEFT_COLUMN), (closing.head, RIGHT_COLUMN))
    tallest = max(height(x, w) for x, w in sides)

    def stack(signed: SignedBy, width: float):
        items = [*heading(signed), Gap(SIGNATURE_SPACE + tallest - height(signed, width))]
        return column(*items, *([Text(signed.name, BOLD, SIZE_SIGN)] if signed.name else []), width=width)

    return rl.KeepTogether(
        [
            rl.Spacer(1, PARAGRAPH_GAP * 2),
            Columns((right, column(Text(closing.place_day, ITALIC, SIZE_DATE), width=RIGHT_COLUMN))),
            Columns((0, stack(closing.preparer, LEFT_COLUMN)), (right, stack(closing.head, RIGHT_COLUMN))),
        ]
    )


def _page_number(canvas, doc) -> None:
    """Arabic, centred in the top margin, from page 2 on (FORMAT.md §1)."""
    if doc.page < 2:
        return
    canvas.saveState()
    canvas.setFont(FAMILY, SIZE_PAGE_NUMBER)
    canvas.drawCentredString(
        MARGIN_LEFT + TEXT_WIDTH / 2, PAGE_HEIGHT - MARGIN_TOP / 2 - SIZE_PAGE_NUMBER / 3, str(doc.page)
    )
    canvas.restoreState()


def target_report_pdf(
    report: TargetReport,
    agency: AgencyInfo | None,
    target: str | os.PathLike | BinaryIO | None = None,
    day: dt.date | None = None,
) -> bytes | None:
    """The report as a PDF written to `target` (a path, replaced whole, or a binary file) or returned."""
    register_fonts()
    buffer = io.BytesIO()
    doc = rl.BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=nfc(f"{report.title} – {report.subtitle}"),
        author=nfc(agency.name) if agency else "",
        subject=nfc(report.subtitle),
        creator="TĐKT",
    )
    frame = rl.Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        TEXT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([rl.PageTemplate("page", [frame], onPageEnd=_page_number)])
    story = _header(report, agency)
    if report.blocks:
        story.append(_table(report))
    else:
        story.append(rl.Paragraph(markup("Chưa có kết quả chỉ tiêu của đơn vị nào."), Styles().body))
    story.append(_closing(report_closing(agency, day or dt.date.today())))
    doc.build(story)
    return deliver(buffer.getvalue(), target)
