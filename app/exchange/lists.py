"""The lists authorities ask for, as workbooks a clerk prints as they are: the agency header (cơ quan
chủ quản and cơ quan ban hành on the left, Quốc hiệu and Tiêu ngữ on the right), a title and subtitle,
a bordered table whose header repeats on every printed page, A4 fitted to the page width.

    nomination_list_xlsx(path, nominee_rows(ctx, items), agency, title, subtitle)   # danh sách đề nghị
    decision_list_xlsx(path, decision_detail(ctx, id), agency, unit_labels)          # kèm theo quyết định
    registration_list_xlsx(path, registered_vs_achieved(ctx, year), agency, year)
    cluster_ranking_xlsx(path, cluster_detail(ctx, id), agency)                      # xếp hạng, bảng điểm
    person_history_xlsx(path, person_record(ctx, id), agency) / unit_history_xlsx(...)

These lists hold hundreds of rows, not a search's hundred thousand, so they are laid out with openpyxl
(merged cells, two-row headers, print titles); large plain lists go through app.exchange.xlsx_table.
Numbers use '#,##0' (see MONEY_FORMAT there): a Vietnamese Excel shows 1.234.000.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from sqlalchemy import select

from app.documents.report_closing import ReportClosing
from app.domain.agency import AgencyInfo
from app.domain.records import AwardEntry, PersonRecord, UnitRecord
from app.exchange.xlsx_table import (
    DATE_FORMAT,
    MARGINS,
    MONEY_FORMAT,
    PAGE_FOOTER,
    put_text,
    write_atomically,
)
from app.services.awards import AwardHit, DecisionDetail
from app.services.clusters import ClusterDetail
from app.services.context import ServiceContext
from app.services.nominations import NominationItem
from app.services.registrations import AimResult, aims_count_text
from app.text import clean, place_date, vn_date
from app.text.numbers import int_text
from database.enums import Gender
from database.models import Person

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
POINTS_FORMAT = "#,##0.00"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: str = "text"  # text | date (a date, or a year alone) | money | points | centre
    group: str | None = None  # a header over this column and its neighbours of the same group (Ngày sinh)


# --- the sheet ---------------------------------------------------------------------------------------------


class ListSheet:
    """One printable list on an openpyxl sheet, written top to bottom."""

    def __init__(self, sheet, columns: Sequence[Column], *, landscape: bool = True):
        from openpyxl.styles import Alignment, Border, Font, Side
        from openpyxl.utils import get_column_letter

        self.sheet, self.columns, self.landscape = sheet, list(columns), landscape
        self.width = len(self.columns) + 1  # STT first
        self.row = 1
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name=FONT, size=12)
        self.bold = Font(name=FONT, size=12, bold=True)
        self.italic = Font(name=FONT, size=12, italic=True)
        self.Alignment, self.Font = Alignment, Font
        self.header_rows: tuple[int, int] | None = None
        sheet.column_dimensions["A"].width = 5
        for n, column in enumerate(self.columns, start=2):
            sheet.column_dimensions[get_column_letter(n)].width = column.width

    # cells
    def put(
        self,
        row: int,
        col: int,
        value,
        *,
        font=None,
        align: str | None = None,
        wrap: bool = True,
        border: bool = False,
        number_format: str | None = None,
    ):
        cell = self.sheet.cell(row=row, column=col)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value
        cell.font = font or self.font
        cell.alignment = self.Alignment(
            horizontal=align, vertical="center" if align == "center" else "top", wrap_text=wrap
        )
        if border:
            cell.border = self.border
        if number_format:
            cell.number_format = number_format
        return cell

    def merge(self, row: int, first: int, last: int, value, *, rows: int = 1, border: bool = False, **style):
        self.put(row, first, value, border=border, **style)
        if last > first or rows > 1:
            self.sheet.merge_cells(start_row=row, start_column=first, end_row=row + rows - 1, end_column=last)
            if border:  # a merged range draws the borders of every cell under it
                for r in range(row, row + rows):
                    for c in range(first, last + 1):
                        self.sheet.cell(row=r, column=c).border = self.border

    def line(self, text: str, *, font=None, align: str = "center", height: float | None = None) -> None:
        """A text across the whole width (title, subtitle, a note)."""
        self.merge(self.row, 1, self.width, text, font=font or self.bold, align=align)
        if height:
            self.sheet.row_dimensions[self.row].height = height
        self.row += 1

    # blocks
    def agency_header(self, agency: AgencyInfo | None, place_day: str | None = None) -> None:
        """Cơ quan chủ quản / CƠ QUAN BAN HÀNH on the left, Quốc hiệu / Tiêu ngữ on the right (FORMAT.md)."""
        split = self._split()
        left = (
            [(agency.parent_name.upper(), self.font), (agency.name.upper(), self.bold)]
            if agency
            else [("", None)] * 2
        )
        right = [(NATION, self.bold), (MOTTO, self.Font(name=FONT, size=13, bold=True, underline="single"))]
        for (text_l, font_l), (text_r, font_r) in zip(left, right, strict=False):
            self.merge(self.row, 1, split, text_l, font=font_l, align="center")
            self.merge(self.row, split + 1, self.width, text_r, font=font_r, align="center")
            self.row += 1
        if place_day:
            self.merge(self.row, split + 1, self.width, place_day, font=self.italic, align="center")
            self.row += 1
        self.row += 1

    def _split(self) -> int:
        """The last column of the agency's half: about two fifths of the width."""
        widths = [5] + [c.width for c in self.columns]
        total, running = sum(widths), 0.0
        for n, w in enumerate(widths, start=1):
            running += w
            if running >= total * 0.4:
                return min(max(n, 1), self.width - 1)
        return 1

    def titles(self, title: str, subtitle: str | None = None) -> None:
        self.line(title, font=self.Font(name=FONT, size=14, bold=True), height=22)
        if subtitle:
            self.line(subtitle, font=self.italic)
        self.row += 1

    def table_header(self, number_header: str = "STT") -> None:
        """STT (or `number_header`) and the column headers; a group (Ngày sinh over Nam | Nữ) takes a second
        header row."""
        two = any(c.group for c in self.columns)
        top = self.row
        self.merge(
            top, 1, 1, number_header, rows=2 if two else 1, border=True, font=self.bold, align="center"
        )
        col = 2
        for group, members in groupby(self.columns, key=lambda c: c.group):
            members = list(members)
            if group is None:
                for c in members:
                    self.merge(
                        top,
                        col,
                        col,
                        c.header,
                        rows=2 if two else 1,
                        border=True,
                        font=self.bold,
                        align="center",
                    )
                    col += 1
            else:
                self.merge(
                    top, col, col + len(members) - 1, group, border=True, font=self.bold, align="center"
                )
                for c in members:
                    self.put(top + 1, col, c.header, font=self.bold, align="center", border=True)
                    col += 1
        self.header_rows = (top, top + (1 if two else 0))
        self.row = self.header_rows[1] + 1

    def group(self, text: str) -> None:
        """A heading row inside the table ("I. CÁ NHÂN"), bordered across the width."""
        self.merge(self.row, 1, self.width, text, border=True, font=self.bold, align="left")
        self.row += 1

    def record(self, stt: int | str | None, values: Sequence[object]) -> int:
        """One row of the table under the header's columns; returns its row number."""
        row = self.row
        self.put(row, 1, stt, align="center", border=True)
        for col, (column, value) in enumerate(zip(self.columns, values, strict=False), start=2):
            self.put(row, col, _cell(value), border=True, **_style(column.kind, value))
        self.row += 1
        return row

    def total(self, label: str, values: Mapping[int, object]) -> None:
        """A bold row: `label` across the columns before the first value; values by column index (0-based)."""
        first = min(values)
        self.merge(self.row, 1, first + 1, label, border=True, font=self.bold, align="center")
        for col in range(first + 2, self.width + 1):
            index = col - 2
            value = values.get(index)
            kind = self.columns[index].kind
            self.put(self.row, col, value, border=True, font=self.bold, **_style(kind, value))
        self.row += 1

    def closing(self, closing: ReportClosing) -> None:
        """The report's closing under the table, after a blank row: the place and date and the head's
        signature in the right half (under the Quốc hiệu), NGƯỜI LẬP BIỂU in the left half."""
        split = self._split()
        halves = ((1, split), (split + 1, self.width))
        self.row += 1
        for pair in closing.rows():
            for line, (first, last) in zip(pair, halves, strict=True):
                if line is not None:
                    font = self.bold if line.style == "B" else self.italic
                    self.merge(self.row, first, last, line.text, font=font, align="center")
            self.row += 1

    def finish(self) -> None:
        """A4 print setup: orientation, fit to the page width, the header repeated, margins, page numbers."""
        from openpyxl.worksheet.properties import PageSetupProperties

        sheet = self.sheet
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if self.landscape else "portrait"
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages down as the list needs
        sheet.print_options.horizontalCentered = True
        for key, value in MARGINS.items():
            setattr(sheet.page_margins, key, value)
        sheet.oddFooter.center.text = PAGE_FOOTER
        if self.header_rows:
            first, last = self.header_rows
            sheet.print_title_rows = f"{first}:{last}"
            sheet.freeze_panes = sheet.cell(row=last + 1, column=1).coordinate


def _cell(value):
    if isinstance(value, str):
        return clean(value) or None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _style(kind: str, value) -> dict:
    if kind == "date":
        return {"align": "center", "number_format": DATE_FORMAT if isinstance(value, dt.date) else "0"}
    if kind == "money":
        return {"align": "right", "number_format": MONEY_FORMAT}
    if kind == "points":
        return {"align": "right", "number_format": POINTS_FORMAT}
    if kind == "centre":
        return {"align": "center"}
    return {}


def _workbook(path: str | os.PathLike, build: Callable[[object], None]) -> None:
    """A new workbook filled by `build(workbook)`, saved in place of `path` only once complete."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    build(workbook)
    write_atomically(path, workbook.save)


def _sheet(workbook, name: str, columns: Sequence[Column], landscape: bool = True) -> ListSheet:
    return ListSheet(workbook.create_sheet(name), columns, landscape=landscape)


def _birth(day: dt.date | None, year: int | None) -> dt.date | int | None:
    return day or year


def _birth_from_text(text: str) -> dt.date | int | None:
    """ "09/03/1980" back to a date, "1980" to the year (the services give births as text)."""
    text = (text or "").strip()
    try:
        if len(text) == 10:
            return dt.datetime.strptime(text, "%d/%m/%Y").date()
        return int(text) if text else None
    except ValueError:
        return None


def _place_day(agency: AgencyInfo | None, day: dt.date | None = None, year: int | None = None) -> str | None:
    return place_date(agency.place_name, day, year) if agency else None


# --- (a) danh sách đề nghị khen thưởng ---------------------------------------------------------------------


@dataclass(frozen=True)
class NomineeRow:
    """A nomination as the list for the province or the Ministry shows it."""

    name: str
    collective: bool
    gender: Gender | None
    birth: dt.date | int | None
    position: str | None
    unit: str | None
    award: str
    achievement: str | None


NOMINEE_COLUMNS = (
    Column("Họ và tên", 24),
    Column("Nam", 11, "date", group="Ngày sinh"),
    Column("Nữ", 11, "date", group="Ngày sinh"),
    Column("Chức vụ", 18),
    Column("Đơn vị", 30),
    Column("Danh hiệu, hình thức đề nghị", 24),
    Column("Tóm tắt thành tích", 46),
)


def nominee_rows(ctx: ServiceContext, items: Sequence[NominationItem]) -> list[NomineeRow]:
    """The items with each person's sex and birth (the page's items carry the birth as text only)."""
    ids = sorted({i.person_id for i in items if i.person_id is not None})
    people: dict[int, tuple] = {}
    with ctx.read() as s:
        for start in range(0, len(ids), 500):
            for pid, gender, day, year in s.execute(
                select(Person.id, Person.gender, Person.birth_date, Person.birth_year).where(
                    Person.id.in_(ids[start : start + 500])
                )
            ):
                people[pid] = (gender, _birth(day, year))
    rows = []
    for i in items:
        gender, birth = people.get(i.person_id, (None, None)) if i.person_id is not None else (None, None)
        rows.append(
            NomineeRow(
                i.subject_name,
                i.person_id is None,
                gender,
                birth,
                i.position,
                i.unit_name,
                i.award_name,
                i.achievement,
            )
        )
    return rows


def _grouped(rows: Iterable, collective: Callable[[object], bool]) -> list[tuple[str, list]]:
    """Individuals, then collectives, each in its own numbered group (only the groups that have rows)."""
    rows = list(rows)
    parts = [
        ("CÁ NHÂN", [r for r in rows if not collective(r)]),
        ("TẬP THỂ", [r for r in rows if collective(r)]),
    ]
    return [(f"{ROMAN[n]}. {label}", found) for n, (label, found) in enumerate([p for p in parts if p[1]])]


def nomination_list_xlsx(
    path: str | os.PathLike,
    rows: Sequence[NomineeRow],
    agency: AgencyInfo | None,
    title: str,
    subtitle: str | None = None,
    year: int | None = None,
) -> int:
    """The danh sách đề nghị khen thưởng: the birth date stands under Nam or Nữ as the person's sex says
    (across both when the sex is not recorded); collectives follow in their own group. Returns the rows."""

    def build(workbook) -> None:
        sheet = _sheet(workbook, "Danh sách đề nghị", NOMINEE_COLUMNS)
        sheet.agency_header(agency, _place_day(agency, None, year))
        sheet.titles(title, subtitle)
        sheet.table_header()
        for heading, found in _grouped(rows, lambda r: r.collective):
            sheet.group(heading)
            for n, r in enumerate(found, start=1):
                male = r.birth if r.gender is Gender.MALE else None
                female = r.birth if r.gender is Gender.FEMALE else None
                row = sheet.record(n, [r.name, male, female, r.position, r.unit, r.award, r.achievement])
                if r.birth is not None and r.gender is None:
                    sheet.merge(row, 3, 4, r.birth, border=True, **_style("date", r.birth))
        sheet.finish()

    _workbook(path, build)
    return len(rows)


# --- (b) the decision's list -------------------------------------------------------------------------------

DECISION_COLUMNS = (
    Column("Họ và tên / Tập thể", 26),
    Column("Ngày sinh", 12, "date"),
    Column("Chức vụ", 18),
    Column("Đơn vị", 34),
    Column("Danh hiệu, hình thức", 26),
    Column("Số tiền (đồng)", 15, "money"),
)
# Why an amount is not the full one (NĐ 152/2025 Điều 49 khoản 5), when a line of the decision says so.
NOTE_COLUMN = Column("Ghi chú", 34)


def decision_list_xlsx(
    path: str | os.PathLike, detail: DecisionDetail, agency: AgencyInfo | None, unit_labels: Mapping[int, str]
) -> int:
    """The list that goes with a decision: its awards by title or form (the higher first), collectives and
    individuals in their groups, the amount of each (with its note when it is not the full amount), the total
    and the total in words."""
    from app.exchange.award_export import award_name, unit_text

    d = detail.decision
    number = f"số {d.number_text}" if d.number_text else "số      "
    subtitle = f"(Kèm theo Quyết định {number} ngày {vn_date(d.issued_on) or '     '} của {d.issuer})"

    def build(workbook) -> None:
        notes = any(h.bonus_note for h in detail.awards)
        sheet = _sheet(
            workbook, "Danh sách khen thưởng", DECISION_COLUMNS + ((NOTE_COLUMN,) if notes else ())
        )
        sheet.agency_header(
            agency if d.own else None, _place_day(agency, d.issued_on, d.year) if d.own else None
        )
        sheet.titles("DANH SÁCH KHEN THƯỞNG", subtitle)
        sheet.table_header()
        for heading, found in _grouped(detail.awards, lambda h: h.collective):
            sheet.group(heading)
            for n, h in enumerate(found, start=1):
                values = _award_values(h, unit_text(h, unit_labels), award_name(h))
                sheet.record(n, values + ([h.bonus_note] if notes else []))
        sheet.total(f"Tổng cộng: {int_text(len(detail.awards))} khen thưởng", {5: detail.total})
        sheet.line(f"Bằng chữ: {detail.total_in_words}.", font=sheet.italic, align="left")
        sheet.finish()

    _workbook(path, build)
    return len(detail.awards)


def _award_values(h: AwardHit, unit: str, award: str) -> list:
    return [
        h.subject_name,
        None if h.collective else _birth(h.birth_date, h.birth_year),
        h.position,
        unit,
        award,
        None if h.revoked else h.bonus_amount,
    ]


# --- (c) registrations: registered against achieved --------------------------------------------------------

REGISTRATION_COLUMNS = (
    Column("Họ và tên / Tập thể", 26),
    Column("Ngày sinh", 12, "date"),
    Column("Danh hiệu, mô hình, giải pháp đăng ký", 32),
    Column("Kết quả", 12, "centre"),
    Column("Danh hiệu khác trong năm; kết quả thực hiện", 30),
)


def registration_list_xlsx(
    path: str | os.PathLike,
    aims: Sequence[AimResult],
    agency: AgencyInfo | None,
    year: int,
    unit_name: str | None = None,
) -> int:
    """The titles, models and solutions registered for a year (of one unit, or every unit in its group) and
    whether each was achieved."""

    def build(workbook) -> None:
        sheet = _sheet(workbook, "Đăng ký thi đua", REGISTRATION_COLUMNS, landscape=False)
        sheet.agency_header(agency, _place_day(agency, None, year))
        sheet.titles(
            f"DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM {year}",
            f"Đơn vị: {unit_name}" if unit_name else "Đăng ký và kết quả đạt được của các đơn vị",
        )
        sheet.table_header()
        for n, (unit, found) in enumerate(groupby(aims, key=lambda a: a.unit_name)):
            found = list(found)
            if unit_name is None:
                sheet.group(f"{ROMAN[n] if n < len(ROMAN) else n + 1}. {unit}")
            for stt, a in enumerate(found, start=1):
                sheet.record(
                    stt,
                    [
                        a.name,
                        None if a.person_id is None else _birth_from_text(a.birth_text),
                        a.aim_text,
                        "Đạt" if a.achieved else "Chưa đạt",
                        a.remark,
                    ],
                )
        achieved = sum(1 for a in aims if a.achieved)
        sheet.line(
            f"Cộng: {aims_count_text(aims)}, {int_text(achieved)} đạt.",
            font=sheet.italic,
            align="left",
        )
        sheet.finish()

    _workbook(path, build)
    return len(aims)


# --- (d) a cluster: ranking and score sheet ----------------------------------------------------------------

RANKING_COLUMNS = (
    Column("Đơn vị", 34),
    Column("Vai trò", 17, "centre"),  # "Cụm/Khối trưởng" on one line
    Column("Tự chấm", 10, "points"),
    Column("Cụm chấm", 10, "points"),
    Column("Điểm xét", 10, "points"),
    Column("Xếp hạng", 14, "centre"),  # "2 (đồng hạng)" on one line
    Column("Đề nghị khen thưởng", 22),
)


def cluster_ranking_xlsx(path: str | os.PathLike, detail: ClusterDetail, agency: AgencyInfo | None) -> int:
    """Two sheets: the ranking of the members, and the score sheet (criteria down, members across)."""

    def build(workbook) -> None:
        ranking = _sheet(workbook, "Xếp hạng", RANKING_COLUMNS, landscape=False)
        ranking.agency_header(agency, _place_day(agency, None, detail.year))
        ranking.titles(f"KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM {detail.year}", detail.title)
        ranking.table_header()
        for n, m in enumerate(detail.ranking, start=1):
            rank = f"{m.rank}" + (" (đồng hạng)" if m.tied else "") if m.rank else "Chưa chấm"
            ranking.record(
                n,
                [
                    m.name,
                    m.role.label,
                    m.self_total,
                    m.assessed_total,
                    m.final_total,
                    rank,
                    detail.award_names.get(m.proposed_code or "", ""),
                ],
            )
        ranking.finish()
        _score_sheet(workbook, detail)

    _workbook(path, build)
    return len(detail.ranking)


def _score_sheet(workbook, detail: ClusterDetail) -> None:
    members = detail.members
    columns = [Column("Mã", 6, "centre"), Column("Tiêu chí", 44), Column("Điểm tối đa", 10, "points")]
    columns += [Column(m.short_name, 11, "points", group="Điểm của đơn vị") for m in members]
    sheet = _sheet(workbook, "Bảng điểm", columns)
    sheet.titles(
        f"BẢNG ĐIỂM THI ĐUA NĂM {detail.year} – {detail.title.upper()}",
        "Điểm xét: điểm cụm chấm, nơi cụm chưa chấm là điểm đơn vị tự chấm",
    )
    sheet.table_header()
    for n, group in enumerate(detail.groups):
        sheet.group(group.heading(n))
        for stt, c in enumerate(group.criteria, start=1):
            cells = [detail.scores.get((c.id, m.id)) for m in members]
            sheet.record(
                stt, [c.code, c.text, c.max_points, *[cell.final if cell else None for cell in cells]]
            )
    final = {m.member_id: m.final_total for m in detail.ranking}
    sheet.total("Tổng điểm", {2: detail.max_total, **{n + 3: final.get(m.id) for n, m in enumerate(members)}})
    sheet.finish()


# --- (e) a person's or a unit's award history --------------------------------------------------------------

HISTORY_COLUMNS = (
    Column("Năm", 8, "centre"),
    Column("Danh hiệu, hình thức", 30),
    Column("Số quyết định", 16, "centre"),
    Column("Ngày quyết định", 13, "date"),
    Column("Cơ quan quyết định", 22),
    Column("Tiền thưởng (đồng)", 14, "money"),
    Column("Ghi chú", 24),
)


def _award_note(a: AwardEntry) -> str:
    notes = []
    if a.earned_by:
        notes.append(f"Của {a.earned_by}")
    if a.revoked:
        notes.append("Đã thu hồi" + (f": {a.revoked_reason}" if a.revoked_reason else ""))
    if a.period_from and a.period_to and a.period_from != a.period_to:
        notes.append(f"Giai đoạn {a.period_from}–{a.period_to}")
    return "; ".join(notes)


def _history(path, awards: Sequence[AwardEntry], agency: AgencyInfo | None, title: str, about: str) -> int:
    def build(workbook) -> None:
        sheet = _sheet(workbook, "Quá trình khen thưởng", HISTORY_COLUMNS)
        sheet.agency_header(agency)
        sheet.titles(title, about)
        sheet.table_header()
        for n, a in enumerate(sorted(awards, key=lambda a: (a.year, a.id)), start=1):
            sheet.record(
                n,
                [
                    a.year,
                    a.name,
                    a.decision_number,
                    a.decision_date,
                    a.decision_issuer,
                    a.bonus_amount,
                    _award_note(a),
                ],
            )
        sheet.finish()

    _workbook(path, build)
    return len(awards)


def person_history_xlsx(path: str | os.PathLike, record: PersonRecord, agency: AgencyInfo | None) -> int:
    born = f", sinh {record.birth_text}" if record.birth_text else ""
    about = f"Ông/Bà {record.full_name}{born}" + (f" – {record.unit_name}" if record.unit_name else "")
    if record.gender is not None:
        about = about.replace("Ông/Bà", "Ông" if record.gender is Gender.MALE else "Bà", 1)
    return _history(path, record.awards, agency, "QUÁ TRÌNH KHEN THƯỞNG CỦA CÁ NHÂN", about)


def unit_history_xlsx(path: str | os.PathLike, record: UnitRecord, agency: AgencyInfo | None) -> int:
    return _history(path, record.awards, agency, "QUÁ TRÌNH KHEN THƯỞNG CỦA TẬP THỂ", record.label)


__all__ = [
    "NomineeRow",
    "cluster_ranking_xlsx",
    "decision_list_xlsx",
    "nomination_list_xlsx",
    "nominee_rows",
    "person_history_xlsx",
    "registration_list_xlsx",
    "unit_history_xlsx",
]
