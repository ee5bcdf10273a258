"""The statistics out to a workbook a clerk can print and sign as it is: one sheet per table, the agency and
the national motto at the top, the title and the filters, a bordered table with its headings, totals in
bold, numbers with thousands separators, A4 landscape fitted to the width with the headings repeated on
every page, the place and date and the two signatures under it, and a native Excel chart beside it.

The tables are small (a few dozen rows), so openpyxl's normal mode is used: only it can merge cells and
hold charts. The file is written beside the target and moved into place, so a failure leaves no half file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from app.documents.report_closing import report_closing
from app.domain.agency import AgencyInfo
from app.exchange.xlsx_table import FORMULA_STARTS, MONEY_FORMAT, write_atomically
from app.services.statistics import ChartSpec, RowKind, Statistics, StatTable
from app.text import clean

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LABEL_WIDTH = 44
VALUE_WIDTH = 12
MONEY_WIDTH = 18
FIRST_TABLE_ROW = (
    8  # after the agency (1–2), the report's and the table's titles (3–4), the filters and a note
)
TT02_TABLES = ("doi_tuong", "cap", "loai_hinh", "don_vi")  # the yearly report: one year, so no year tables


def export_statistics_xlsx(
    path: str | os.PathLike,
    stats: Statistics,
    agency: AgencyInfo | None,
    *,
    tables: Sequence[str] | None = None,
    title: str | None = None,
    note: str | None = None,
    day: dt.date | None = None,
) -> int:
    """Write the tables named (all when None), one sheet each in that order; returns the number of sheets.
    `title` heads every sheet above the table's own title; `note` goes under the filters."""
    from openpyxl import Workbook

    path = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    chosen = list(stats.tables) if tables is None else [stats.table(key) for key in tables]
    for table in chosen:
        _Sheet(
            workbook.create_sheet(table.name[:31]), table, stats, agency, title, note, day or dt.date.today()
        )
    write_atomically(path, workbook.save)
    return len(chosen)


def _safe(text: str | None) -> str:
    return clean(text) or ""


class _Sheet:
    """One table laid out on one sheet."""

    def __init__(
        self,
        sheet,
        table: StatTable,
        stats: Statistics,
        agency: AgencyInfo | None,
        title: str | None,
        note: str | None,
        day: dt.date,
    ):
        from openpyxl.styles import Alignment, Border, Font, Side

        self.sheet, self.table = sheet, table
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.bold = Font(bold=True)
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.Alignment, self.Font = Alignment, Font
        self.last_col = len(table.columns) + 2  # STT, the label, the values
        self._widths()
        self._heading(agency, title, stats, note)
        first_data = self._header_rows()
        last_data = self._body(first_data)
        last_row = self._signatures(last_data + 2, agency, day)
        self._print_setup(first_data - 1, last_row)
        if table.chart is not None:
            self._chart(table.chart, first_data, last_data)

    # --- layout ------------------------------------------------------------------------------------
    def _widths(self) -> None:
        from openpyxl.utils import get_column_letter

        dims = self.sheet.column_dimensions
        dims["A"].width, dims["B"].width = 6, LABEL_WIDTH
        for n, column in enumerate(self.table.columns, start=3):
            dims[get_column_letter(n)].width = MONEY_WIDTH if column.money else VALUE_WIDTH

    def _put(self, row: int, col: int, value, *, bold=False, italic=False, size=None, align=None, span=1):
        cell = self.sheet.cell(row=row, column=col)
        cell.value = _safe(value) if isinstance(value, str) else value
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # a name like "=ABC" is text, never a formula
        if bold or italic or size:
            cell.font = self.Font(bold=bold, italic=italic, size=size or 11)
        if align:
            cell.alignment = self.Alignment(horizontal=align, vertical="center", wrap_text=True)
        if span > 1:
            self.sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
        return cell

    def _heading(
        self, agency: AgencyInfo | None, title: str | None, stats: Statistics, note: str | None
    ) -> None:
        left = 2  # columns A–B hold the agency; the motto takes the right-hand columns
        right_from = max(left + 1, self.last_col - 3)
        if agency is not None:
            self._put(1, 1, agency.parent_name.upper(), align="center", span=left)
            self._put(2, 1, agency.name.upper(), bold=True, align="center", span=left)
        self._put(1, right_from, MOTTO[0], bold=True, align="center", span=self.last_col - right_from + 1)
        self._put(2, right_from, MOTTO[1], bold=True, align="center", span=self.last_col - right_from + 1)
        if title:
            self._put(3, 1, title, bold=True, size=14, align="center", span=self.last_col)
        self._put(4, 1, self.table.title, bold=True, size=13, align="center", span=self.last_col)
        self._put(5, 1, f"({stats.describe()})", italic=True, align="center", span=self.last_col)
        if note:
            self._put(6, 1, note, italic=True, align="center", span=self.last_col)

    def _header_rows(self) -> int:
        """The column headings, on two rows when some columns share a heading; returns the first data row."""
        columns = self.table.columns
        two = any(c.group for c in columns)
        top, bottom = FIRST_TABLE_ROW, FIRST_TABLE_ROW + (1 if two else 0)
        heads = [(1, "STT", None), (2, self.table.row_header, None)]
        heads += [(n, c.header, c.group) for n, c in enumerate(columns, start=3)]
        n = 0
        while n < len(heads):
            col, text, group = heads[n]
            if group is None:
                self._header_cell(top, col, text, bottom - top + 1, 1)
                n += 1
                continue
            width = 1
            while n + width < len(heads) and heads[n + width][2] == group:
                width += 1
            self._header_cell(top, col, group, 1, width)
            for k in range(width):
                self._header_cell(bottom, col + k, heads[n + k][1], 1, 1)
            n += width
        for row in range(top, bottom + 1):
            self.sheet.row_dimensions[row].height = 32
        return bottom + 1

    def _header_cell(self, row: int, col: int, text: str, rows: int, cols: int) -> None:
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                self.sheet.cell(row=r, column=c).border = self.border
        cell = self._put(row, col, text, bold=True, align="center")
        cell.alignment = self.centre
        if rows > 1 or cols > 1:
            self.sheet.merge_cells(
                start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1
            )

    def _body(self, first: int) -> int:
        row, item, group = first, 0, 0
        for data in self.table.rows:
            strong = data.kind is not RowKind.ITEM
            if data.kind is RowKind.GROUP:
                stt, item, group = ROMAN[group % len(ROMAN)], 0, group + 1
            elif data.kind is RowKind.ITEM:
                item += 1
                stt = item
            else:
                stt = None
            self._put(row, 1, stt, bold=strong, align="center")
            self._put(row, 2, data.label, bold=strong, align="left")
            for n, value in enumerate(data.values, start=3):
                cell = self._put(row, n, value, bold=strong)
                cell.number_format = MONEY_FORMAT
            for n in range(1, self.last_col + 1):
                self.sheet.cell(row=row, column=n).border = self.border
            row += 1
        return row - 1

    def _signatures(self, row: int, agency: AgencyInfo | None, day: dt.date) -> int:
        """The report's closing (app.documents.report_closing) from `row`; returns its last row."""
        right_from = max(3, self.last_col - 3)
        halves = ((1, 2), (right_from, self.last_col - right_from + 1))
        rows = report_closing(agency, day).rows()
        for n, pair in enumerate(rows):
            for line, (col, span) in zip(pair, halves, strict=True):
                if line is not None:
                    style = {"bold": line.style == "B", "italic": line.style == "I"}
                    self._put(row + n, col, line.text, align="center", span=span, **style)
        return row + len(rows) - 1

    def _print_setup(self, last_header_row: int, last_row: int) -> None:
        from openpyxl.utils import get_column_letter

        sheet = self.sheet
        # The form prints alone, at a readable size; the chart beside it is for the screen.
        sheet.print_area = f"A1:{get_column_letter(self.last_col)}{last_row}"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages down as the table needs
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.left = sheet.page_margins.right = 0.5
        sheet.print_title_rows = f"{FIRST_TABLE_ROW}:{last_header_row}"
        sheet.freeze_panes = sheet.cell(row=last_header_row + 1, column=3)

    # --- the chart beside the table ------------------------------------------------------------------------
    def _chart(self, spec: ChartSpec, first: int, last: int) -> None:
        from openpyxl.chart import BarChart, PieChart, Reference
        from openpyxl.chart.series import SeriesLabel
        from openpyxl.utils import get_column_letter

        items = [r for r, data in enumerate(self.table.rows, start=first) if data.kind is RowKind.ITEM]
        if not items:
            return
        lo, hi = min(spec.columns) + 3, max(spec.columns) + 3
        if spec.kind == "pie":
            chart = PieChart()
            if spec.across:  # the total row, over the columns named
                total = last
                chart.add_data(Reference(self.sheet, min_col=lo, max_col=hi, min_row=total), from_rows=True)
                header_row = first - 1
                chart.set_categories(Reference(self.sheet, min_col=lo, max_col=hi, min_row=header_row))
            else:
                chart.add_data(Reference(self.sheet, min_col=lo, min_row=items[0], max_row=items[-1]))
                chart.set_categories(Reference(self.sheet, min_col=2, min_row=items[0], max_row=items[-1]))
        else:
            chart = BarChart()
            chart.type = "bar" if len(items) > 12 else "col"  # many long names read better as horizontal bars
            if spec.kind == "stacked":
                chart.grouping, chart.overlap = "stacked", 100
            for col in range(lo, hi + 1):
                chart.add_data(Reference(self.sheet, min_col=col, min_row=items[0], max_row=items[-1]))
            chart.set_categories(Reference(self.sheet, min_col=2, min_row=items[0], max_row=items[-1]))
            chart.y_axis.title = "Số lượt"
            chart.y_axis.majorGridlines = None
            chart.legend.position = "b"
            if chart.type == "bar":
                chart.x_axis.scaling.orientation = "maxMin"  # the first row at the top, as in the table
        for series, col in zip(chart.series, range(lo, hi + 1), strict=False):
            if not spec.across:
                series.tx = SeriesLabel(v=self.table.columns[col - 3].header)
        if spec.kind != "stacked" and len(chart.series) == 1 and spec.kind != "pie":
            chart.legend = None
        chart.title = spec.title
        chart.width = 18
        chart.height = max(8.0, min(22.0, 0.55 * len(items))) if spec.kind != "pie" else 9.0
        self.sheet.add_chart(chart, f"{get_column_letter(self.last_col + 2)}{FIRST_TABLE_ROW}")
