"""The report of a campaign's targets against the units' results, out to a workbook in the authorities'
layout or to a PDF (app.documents.target_report), chosen by the file's extension.

    export_target_report(ctx, campaign_id, "chi-tieu.xlsx")   # or "chi-tieu.pdf"

The workbook: the agency header (cơ quan chủ quản, ban hành | Quốc hiệu, Tiêu ngữ), the title and the
campaign, then TT | Chỉ tiêu | Đơn vị tính | Mục tiêu | one group per year (Kết quả | Đánh giá) on two header
rows, frozen and repeated on every printed page; a block per unit (I. Bệnh viện …) whose Mục tiêu is the
unit's own goal; under the table the closing of the program's reports (place and date, NGƯỜI LẬP BIỂU | the
agency's signer: app.documents.report_closing); Times New Roman, thin borders, A4 landscape fitted to the
width (app.exchange.lists).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from app.documents.report_closing import report_closing
from app.documents.target_report import target_report_pdf
from app.domain.agency import AgencyInfo
from app.domain.targets import REPORT_HEADERS, YEAR_HEADERS, TargetReport
from app.errors import ValidationError
from app.exchange.lists import Column, ListSheet
from app.exchange.xlsx_table import write_atomically
from app.services.agency import get_agency
from app.services.context import ServiceContext
from app.services.targets import target_report

FORMATS = (".xlsx", ".pdf")


LINE_HEIGHT = 16  # pt, a line of 12 pt Times New Roman


def _columns(report: TargetReport) -> list[Column]:
    _, name, measure, goal = REPORT_HEADERS
    columns = [Column(name, 36), Column(measure, 14, "centre"), Column(goal, 26, "centre")]
    for year in report.years:
        group = report.year_header(year)
        columns += [
            Column(YEAR_HEADERS[0], 12, "centre", group),
            Column(YEAR_HEADERS[1], 17, "centre", group),
        ]
    return columns


def _height(columns: list[Column], values: list) -> float:
    """A row tall enough for its longest wrapped cell: Excel and LibreOffice keep a written row's height and
    do not measure wrapped text when they open a file."""
    widths = [max(1, int(c.width) - 2) for c in columns]
    lines = max(-(-len(str(v or "")) // w) for w, v in zip(widths, values, strict=False))
    return LINE_HEIGHT * max(1, lines)


def target_report_xlsx(
    path: str | os.PathLike, report: TargetReport, agency: AgencyInfo | None, day: dt.date | None = None
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    columns = _columns(report)
    sheet = ListSheet(workbook.create_sheet("Chỉ tiêu"), columns)
    sheet.agency_header(agency)
    sheet.titles(report.title, report.subtitle)
    sheet.table_header(REPORT_HEADERS[0])
    for block in report.blocks:
        sheet.group(block.heading)
        for row in block.rows:
            values = [row.name, row.measure, row.goal_cell]
            for result, verdict in row.cells:
                values += [result, verdict]
            number = sheet.record(row.number, values)
            sheet.sheet.row_dimensions[number].height = _height(columns, values)
    if not report.blocks:
        sheet.line("Chưa có kết quả chỉ tiêu của đơn vị nào.", font=sheet.italic)
    sheet.closing(report_closing(agency, day or dt.date.today()))
    sheet.finish()
    write_atomically(path, workbook.save)


def export_target_report(ctx: ServiceContext, campaign_id: int, path: str | os.PathLike) -> Path:
    """The report to `path`: a workbook for .xlsx, a PDF for .pdf; the export is in the audit trail."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValidationError(
            f"Chỉ xuất được báo cáo chỉ tiêu ra tệp .xlsx hoặc .pdf (không phải “{path.name}”)."
        )
    report = target_report(ctx, campaign_id)
    agency = get_agency(ctx)
    if path.suffix.lower() == ".pdf":
        target_report_pdf(report, agency, path)
    else:
        target_report_xlsx(path, report, agency)
    ctx.log_event(
        "export",
        "campaign",
        f"Xuất báo cáo chỉ tiêu: {report.campaign_name}",
        {"file": path.name, "units": len(report.blocks), "years": list(report.years)},
        campaign_id,
    )
    return path
