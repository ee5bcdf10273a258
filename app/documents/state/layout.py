"""Draws a `StateDocument` as a PDF (ReportLab), element by element as FORMAT.md places them.

    pdf_bytes = render_pdf(document)            # or render_pdf(document, "cong-van.pdf")

The header, title, Kính gửi and closing blocks are stacks of centred or flush lines placed on exact
baselines (`_Stack`, `_Columns`); the body flows as justified paragraphs; tables repeat their header
row. Every string is NFC before it is measured or drawn (ReportLab misplaces decomposed marks).
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab import platypus as rl
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.documents.fonts import BOLD, BOLD_ITALIC, FAMILY, ITALIC, register_fonts
from app.documents.state import model as m
from app.documents.state.model import Annex, Grid, Signature, StateDocument
from app.domain.register import number_text
from app.text.formatting import long_date, place_date

# --- FORMAT.md §1: page and font -------------------------------------------------------------------------
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # W = 165 mm
TEXT_TOP = PAGE_HEIGHT - MARGIN_TOP
LINE = 1.15  # a single line, in em (hhea of a Times New Roman-metric font)
ASCENT, DESCENT = 1825 / 2048, 443 / 2048  # win ascent/descent of the font, in em (§9)

# §3: header and closing columns
RIGHT_COLUMN = 100 * mm  # holds a 13 pt Quốc hiệu
LEFT_COLUMN = TEXT_WIDTH - RIGHT_COLUMN  # 65 mm
ROW_GAP = 6  # pt between the header rows (ô 2|1 → ô 3|4 → ô 5b)
HEADER_GAP = 14  # pt before the tên loại or Kính gửi (12–18)
RECIPIENT_INDENT = 35 * mm  # "Kính gửi:" in the decree's mẫu
SIGNATURE_SPACE = 30 * mm  # between chức vụ and họ tên, for signature and seal (≥ 25–30 mm)
RULE = 0.6  # pt (0.5–0.75)
RULE_DROP = 3.5  # pt from the descent of a line to the rule under it: clear of the marks below (ạ, ụ)
NAME_RULE_SHARE = 1 / 2  # rule under the cơ quan ban hành: 1/3–1/2 of its line (§2)
SUBJECT_RULE_SHARE = 1 / 3  # rule under the trích yếu: 1/3–1/2 of its line (§2)

# §2: sizes (the decree's example column) and styles
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SIZE_NATIONAL, SIZE_MOTTO = 12, 13
SIZE_AGENCY = 12  # chủ quản regular, ban hành bold
SIZE_NUMBER, SIZE_DATE = 13, 13
SIZE_LETTER_SUBJECT = 12  # công văn V/v (ô 5b)
SIZE_TITLE = 14  # tên loại, trích yếu, thẩm quyền, QUYẾT ĐỊNH:, Điều
SIZE_BODY = 14  # body, căn cứ, Kính gửi
SIZE_SIGN = 14
SIZE_COPIES_HEAD, SIZE_COPIES = 12, 11  # "Nơi nhận:" and its items
SIZE_DRAFTER, SIZE_FOOTER = 11, 11
SIZE_PAGE_NUMBER = 13
SIZE_TABLE = 12  # lists: FORMAT.md leaves it open; 12 pt keeps five columns readable
BODY_LEADING = round(SIZE_BODY * LINE * 1.1, 1)  # between single and 1.5 lines
BODY_INDENT = 10 * mm  # first line (10 or 12.7 mm)
PARAGRAPH_GAP = 6  # pt (≥ 6)
NUMBER_BLANK = " " * 8  # room for the number the register writes after signing (§4)
LETTER_SUBJECT_PREFIX = "V/v "
SIZE_URGENCY = 13
URGENCY_BOXES = {"HỎA TỐC": 30 * mm, "THƯỢNG KHẨN": 40 * mm, "KHẨN": 20 * mm}  # × 8 mm (§2)
URGENCY_HEIGHT = 8 * mm
URGENCY_RED = colors.Color(0.93, 0.11, 0.14)


def nfc(text: object) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def width_of(text: str, font: str, size: float) -> float:
    return stringWidth(nfc(text), font, size)


# --- inline emphasis -------------------------------------------------------------------------------------

_EMPHASIS = (
    (re.compile(r"\*\*\*(.+?)\*\*\*", re.S), r"<b><i>\1</i></b>"),
    (re.compile(r"\*\*(.+?)\*\*", re.S), r"<b>\1</b>"),
    (re.compile(r"\*(.+?)\*", re.S), r"<i>\1</i>"),
)


def markup(text: str) -> str:
    """NFC, XML-escaped, with the clerk's *italic*, **bold** and ***bold italic*** as ReportLab tags."""
    out = escape(nfc(text))
    for pattern, tag in _EMPHASIS:
        out = pattern.sub(tag, out)
    return out.replace("\n", "<br/>")


def plain(text: str) -> str:
    """The text a reader sees: the emphasis marks removed."""
    for pattern, _ in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    return nfc(text)


# --- stacks of lines on exact baselines ------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Lines of one font, wrapped to the column: centred, or flush left at `indent` with later lines at
    `hang`, or flush right."""

    text: str
    font: str
    size: float
    align: str = "centre"  # centre | left | right
    indent: float = 0.0
    hang: float | None = None


@dataclass(frozen=True)
class Rule:
    """A solid rule under the Text before it: `share` of its widest line, or `width` pt; centred."""

    share: float = 1.0
    width: float | None = None


@dataclass(frozen=True)
class Gap:
    height: float


@dataclass
class Placed:
    text: str
    font: str
    size: float
    x: float  # from the column's left edge
    baseline: float  # down from the stack's top


@dataclass
class Stack:
    """Items laid out top-down in a column of `width` pt; `lines`, `rules` ((x0, x1, y) down from the
    top) and `height` after `layout()`."""

    items: Sequence[Text | Rule | Gap]
    width: float
    lines: list[Placed] = field(default_factory=list)
    rules: list[tuple[float, float, float]] = field(default_factory=list)
    height: float = 0.0

    def layout(self) -> Stack:
        self.lines, self.rules = [], []
        cursor = 0.0  # bottom of what is placed so far
        baseline: float | None = None  # of the last line, while lines follow lines
        widest = 0.0
        for item in self.items:
            if isinstance(item, Gap):
                cursor += item.height
                baseline = None
            elif isinstance(item, Rule):
                length = item.width if item.width is not None else widest * item.share
                y = cursor + RULE_DROP
                self.rules.append(((self.width - length) / 2, (self.width + length) / 2, y))
                cursor, baseline = y, None
            else:
                widest = 0.0
                for text, x in _wrap(item, self.width):
                    baseline = (
                        cursor + ASCENT * item.size if baseline is None else baseline + LINE * item.size
                    )
                    self.lines.append(Placed(text, item.font, item.size, x, baseline))
                    cursor = baseline + DESCENT * item.size
                    widest = max(widest, width_of(text, item.font, item.size))
        self.height = cursor
        return self


# Where a line may break: a single space, not one inside a blank, nor one before a dash ("THI ĐUA –").
_SINGLE_SPACE = re.compile(r"(?<! ) (?! |[–-] )")


def _break(item: Text, width: float) -> list[str]:
    """Greedy word wrap to `width` (the first line from `indent`, the others from `hang`)."""
    hang = item.indent if item.hang is None else item.hang
    lines: list[str] = []
    # A run of spaces is a blank to be written in by hand (số, ngày, tháng): it never breaks.
    for words in (_SINGLE_SPACE.split(part) for part in nfc(item.text).split("\n")):
        line = ""
        for word in words:
            room = width - (hang if lines else item.indent)
            trial = f"{line} {word}" if line else word
            if line and width_of(trial, item.font, item.size) > room:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def _wrap(item: Text, width: float) -> list[tuple[str, float]]:
    """Lines with their x from the column's left edge. Centred text is wrapped to even lines, as a typist
    breaks a heading ("HỘI ĐỒNG THI ĐUA – / KHEN THƯỞNG"), not leaving one word on the last line."""
    lines = _break(item, width)
    if item.align == "centre" and len(lines) > 1:
        low, high = 0.0, width
        while high - low > 1:
            middle = (low + high) / 2
            if len(_break(item, middle)) > len(lines):
                low = middle
            else:
                high = middle
        lines = _break(item, high)
    hang = item.indent if item.hang is None else item.hang
    placed = []
    for n, line in enumerate(lines):
        w = width_of(line, item.font, item.size)
        if item.align == "centre":
            x = (width - w) / 2
        elif item.align == "right":
            x = width - w
        else:
            x = item.indent if n == 0 else hang
        placed.append((line, x))
    return placed


class Columns(rl.Flowable):
    """Stacks side by side, each at its x offset, their first baselines level (FORMAT.md §3: ô 3 with
    ô 4; "Nơi nhận:" with the chức vụ)."""

    def __init__(self, *columns: tuple[float, Stack]):
        super().__init__()
        self.columns = [(x, stack.layout()) for x, stack in columns]
        firsts = [s.lines[0].baseline for _, s in self.columns if s.lines]
        top = max(firsts, default=0.0)
        self.shifts = [top - s.lines[0].baseline if s.lines else 0.0 for _, s in self.columns]
        self.height = max(
            (s.height + d for (_, s), d in zip(self.columns, self.shifts, strict=True)), default=0
        )
        self.width = TEXT_WIDTH

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.setLineWidth(RULE)
        for (x, stack), shift in zip(self.columns, self.shifts, strict=True):
            for line in stack.lines:
                canvas.setFont(line.font, line.size)
                canvas.drawString(x + line.x, self.height - shift - line.baseline, line.text)
            for x0, x1, y in stack.rules:
                canvas.line(x + x0, self.height - shift - y, x + x1, self.height - shift - y)


def column(*items: Text | Rule | Gap, width: float = TEXT_WIDTH) -> Stack:
    return Stack(items, width)


# --- the parts of a document -----------------------------------------------------------------------------


def number_line(document: StateDocument) -> str:
    """ô 3: "Số: 05/QĐ-SYT", or "Số:        /QĐ-SYT" on a draft (§4)."""
    if document.number is None:
        return f"Số:{NUMBER_BLANK}/{document.symbol}"
    return f"Số: {number_text(document.number, document.symbol)}"


def _day(document: StateDocument):
    """The day printed: a numbered document's once the register numbered it; an unnumbered one's as given."""
    return document.issued_on if document.number is not None or not document.numbered else None


def date_line(document: StateDocument) -> str:
    """ô 4: "Thanh Hóa, ngày 01 tháng 7 năm 2020"; day and month blank on a draft."""
    return place_date(document.place_name or "", _day(document), document.year)


def annex_reference(document: StateDocument, item: Annex) -> str:
    """ "(Kèm theo Quyết định số 05/QĐ-SYT ngày 05 tháng 01 năm 2026 của Giám đốc Sở Y tế)" (§2)."""
    if not item.attached_to:
        return ""
    number = (
        number_text(document.number, document.symbol)
        if document.number is not None
        else f"{NUMBER_BLANK}/{document.symbol}"
    )
    return (
        f"(Kèm theo {item.attached_to} số {number} {long_date(_day(document), document.year)} "
        f"của {item.issued_by})"
    )


def header(document: StateDocument) -> list[rl.Flowable]:
    """ô 2 | ô 1, then ô 3 | ô 4 on one baseline 6 pt lower, then ô 5b 6 pt lower again (§3)."""
    agency = [Text(document.parent_name.upper(), FAMILY, SIZE_AGENCY)] if document.parent_name else []
    agency += [Text(document.issuer_name.upper(), BOLD, SIZE_AGENCY), Rule(NAME_RULE_SHARE)]
    nation = [Text(NATIONAL_NAME, BOLD, SIZE_NATIONAL), Text(MOTTO, BOLD, SIZE_MOTTO), Rule()]
    flow: list[rl.Flowable] = [
        Columns((0, column(*agency, width=LEFT_COLUMN)), (LEFT_COLUMN, column(*nation, width=RIGHT_COLUMN))),
        rl.Spacer(1, ROW_GAP),
    ]
    number = [(0, column(Text(number_line(document), FAMILY, SIZE_NUMBER), width=LEFT_COLUMN))]
    number = number if document.numbered else []
    if document.place_name is None:  # a biên bản has no place/date row (§5)
        flow.append(Columns(*number))
    else:
        place = column(Text(date_line(document), ITALIC, SIZE_DATE), width=RIGHT_COLUMN)
        flow.append(Columns(*number, (LEFT_COLUMN, place)))
    if document.is_letter and document.subject:
        subject = Text(LETTER_SUBJECT_PREFIX + document.subject, FAMILY, SIZE_LETTER_SUBJECT)
        flow += [rl.Spacer(1, ROW_GAP), Columns((0, column(subject, width=LEFT_COLUMN)))]
    if document.urgency:
        flow += [rl.Spacer(1, ROW_GAP), Urgency(document.urgency)]
    flow.append(rl.Spacer(1, HEADER_GAP))
    return flow


class Urgency(rl.Flowable):
    """ô 10b: the độ khẩn in a single-border box of the decree's size, bright red, under ô 3/5b (§2)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = nfc(text).upper()
        self.box_width = URGENCY_BOXES.get(self.text, 20 * mm)
        self.width, self.height = TEXT_WIDTH, URGENCY_HEIGHT

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        x = (LEFT_COLUMN - self.box_width) / 2
        canvas.saveState()
        canvas.setStrokeColor(URGENCY_RED)
        canvas.setFillColor(URGENCY_RED)
        canvas.setLineWidth(RULE)
        canvas.rect(x, 0, self.box_width, self.height)
        canvas.setFont(BOLD, SIZE_URGENCY)
        # The capitals' middle (about a third of an em above the baseline) on the box's middle.
        canvas.drawCentredString(LEFT_COLUMN / 2, self.height / 2 - SIZE_URGENCY / 3, self.text)
        canvas.restoreState()


def title(kind: str, subject: str, share: float = SUBJECT_RULE_SHARE, note: str = "") -> list[rl.Flowable]:
    """ô 5a: tên loại and trích yếu, bold and centred, a rule under them; an italic note (the "Kèm theo"
    line of a phụ lục) goes above the rule."""
    items: list[Text | Rule | Gap] = [Text(kind.upper(), BOLD, SIZE_TITLE)]
    if subject:
        items.append(Text(subject, BOLD, SIZE_TITLE))
    if note:
        items.append(Text(note, ITALIC, SIZE_BODY))
    items.append(Rule(share))
    return [Columns((0, column(*items))), rl.Spacer(1, PARAGRAPH_GAP + 4)]


def recipients(names: Sequence[str]) -> list[rl.Flowable]:
    """ô 9a: one recipient on the "Kính gửi:" line; several one per line, their dashes under the colon."""
    if not names:
        return []
    label = "Kính gửi:"
    if len(names) == 1:
        text = f"{label} {names[0]}"
        start = max(0.0, min(RECIPIENT_INDENT, TEXT_WIDTH - width_of(text, FAMILY, SIZE_BODY)))
        items = [
            Text(text, FAMILY, SIZE_BODY, "left", start, start + width_of(label + " ", FAMILY, SIZE_BODY))
        ]
    else:
        colon = RECIPIENT_INDENT + width_of(label[:-1], FAMILY, SIZE_BODY)
        dash = width_of("- ", FAMILY, SIZE_BODY)
        items = [Text(label, FAMILY, SIZE_BODY, "left", RECIPIENT_INDENT)]
        items += [Text(f"- {name}", FAMILY, SIZE_BODY, "left", colon, colon + dash) for name in names]
    return [Columns((0, column(*items))), rl.Spacer(1, PARAGRAPH_GAP)]


class Styles:
    """Paragraph styles of the body (§2, ô 6) and of tables."""

    def __init__(self):
        def style(name, font=FAMILY, size=SIZE_BODY, align=TA_JUSTIFY, indent=BODY_INDENT, **kw):
            kw.setdefault("leading", BODY_LEADING if size == SIZE_BODY else round(size * LINE, 1))
            return ParagraphStyle(
                name,
                fontName=font,
                fontSize=size,
                alignment=align,
                firstLineIndent=indent,
                spaceBefore=kw.pop("spaceBefore", PARAGRAPH_GAP),
                **kw,
            )

        self.body = style("body")
        self.basis = style("basis", ITALIC)
        self.heading = style("heading", BOLD, keepWithNext=1)
        self.centred = style("centred", BOLD, align=TA_CENTER, indent=0, keepWithNext=1)
        cell = {"size": SIZE_TABLE, "indent": 0, "spaceBefore": 0}
        self.cells = {
            "l": style("cell_l", align=TA_LEFT, **cell),
            "c": style("cell_c", align=TA_CENTER, **cell),
            "r": style("cell_r", align=TA_RIGHT, **cell),
        }
        self.cell_head = style("cell_head", BOLD, align=TA_CENTER, **cell)
        self.cell_bold = style("cell_bold", BOLD, align=TA_LEFT, **cell)
        self.cell_bold_right = style("cell_bold_r", BOLD, align=TA_RIGHT, **cell)


def block(item: m.Block, s: Styles) -> rl.Flowable:
    if isinstance(item, m.Para):
        return rl.Paragraph(markup(item.text), s.body)
    if isinstance(item, m.Basis):
        return rl.Paragraph(markup(item.text), s.basis)
    if isinstance(item, m.Heading):
        return rl.Paragraph(markup(item.text), s.centred if item.centred else s.heading)
    if isinstance(item, m.Article):
        rest = f" <b>{markup(item.title)}</b>" if item.title else ""
        rest += f" {markup(item.text)}" if item.text else ""
        return rl.Paragraph(f"<b>Điều {item.number}.</b>{rest}", s.heading if item.title else s.body)
    if isinstance(item, m.Clause):
        return rl.Paragraph(markup(f"{item.label} {item.text}"), s.body)
    if isinstance(item, Grid):
        return grid(item, s)
    raise TypeError(f"not a body block: {item!r}")


def grid(table: Grid, s: Styles) -> Ruled:
    """A ruled table whose header row repeats on every page (§5 Danh sách kèm theo)."""
    scale = TEXT_WIDTH / (sum(table.widths) * mm)
    widths = [w * mm * scale for w in table.widths]
    last = len(widths) - 1
    rows: list[list[_Cell]] = [[_Cell(h, s.cell_head) for h in table.headers]]
    for row in table.rows:
        if isinstance(row, m.Group):
            rows.append([_Cell(row.text, s.cell_bold, span=last + 1)])
        else:
            rows.append([_Cell(v, s.cells[a]) for v, a in zip(row, table.align, strict=True)])
    if table.totals:
        rows.append(
            [_Cell(table.totals[0], s.cell_head, span=last), _Cell(table.totals[1], s.cell_bold_right)]
        )
    return Ruled(widths, rows)


# Cell padding (pt) and rule width of the lists: what ReportLab's Table drew with GRID 0.5 and these paddings.
CELL_LEFT = CELL_RIGHT = 3
CELL_TOP, CELL_BOTTOM = 2, 4
GRID_RULE = 0.5
SPACE_SHRINK = rl_config.spaceShrinkage


@dataclass
class _Cell:
    """One cell's text in a paragraph style, across `span` columns; `lines` ((text, width) each) once
    measured, or `paragraph` for text with emphasis, which ReportLab sets."""

    text: str
    style: ParagraphStyle
    span: int = 1
    lines: list[tuple[str, float]] = field(default_factory=list)
    paragraph: rl.Paragraph | None = None
    height: float = 0.0


_WIDTHS: dict[tuple[str, str, float], float] = {}  # word widths, each measured once: lists repeat their words


def _word_width(word: str, font: str, size: float) -> float:
    key = (word, font, size)
    found = _WIDTHS.get(key)
    if found is None:
        if len(_WIDTHS) > 200_000:
            _WIDTHS.clear()
        found = _WIDTHS[key] = stringWidth(word, font, size)
    return found


def _cell_lines(text: str, font: str, size: float, room: float) -> list[tuple[str, float]] | None:
    """Greedy lines as ReportLab's Paragraph breaks them (words at single spaces, a line breaks before the
    word that would pass `room`); None when a word alone is wider than `room`."""
    space = _word_width(" ", font, size)
    lines: list[tuple[str, float]] = []
    for part in text.split("\n"):
        words, width = [], 0.0
        for word in part.split():
            w = _word_width(word, font, size)
            if w > room:
                return None
            # ReportLab lets a line's spaces shrink a little (rl_config.spaceShrinkage) before it breaks.
            if words and width + space + w > room + SPACE_SHRINK * space * len(words):
                lines.append((" ".join(words), width))
                words, width = [], 0.0
            width = width + space + w if words else w
            words.append(word)
        if words:
            lines.append((" ".join(words), width))
    return lines


class Ruled(rl.Flowable):
    """A ruled table drawn line by line, its header row repeated at the top of every page, its rows never
    split. It places text as ReportLab's Table of Paragraphs did (VALIGN MIDDLE, the same paddings and
    rules) but measures every row once, so that a list of thousands of names takes a second, not minutes
    (ReportLab's Table re-measures what is left of it at every page break)."""

    def __init__(
        self,
        widths: list[float],
        rows: list[list[_Cell]],
        start: int = 1,
        end: int | None = None,
        heights: list[float] | None = None,
    ):
        super().__init__()
        self.widths, self.rows = widths, rows
        self.start, self.end = start, len(rows) if end is None else end
        self.heights: list[float] = [] if heights is None else heights  # shared by the parts of a split
        self.spaceBefore = PARAGRAPH_GAP if start == 1 else 0

    def _measure(self) -> None:
        if self.heights or not self.rows:
            return
        for row in self.rows:
            column, tallest = 0, 0.0
            for cell in row:
                width = sum(self.widths[column : column + cell.span])
                column += cell.span
                room = width - CELL_LEFT - CELL_RIGHT
                style = cell.style
                # Emphasis (*…*) is ReportLab's to set; plain text, nearly every cell, is measured here.
                plain_text = "*" not in cell.text or not any(p.search(cell.text) for p, _ in _EMPHASIS)
                lines = (
                    _cell_lines(nfc(cell.text), style.fontName, style.fontSize, room) if plain_text else None
                )
                if lines is None:
                    cell.paragraph = rl.Paragraph(markup(cell.text), style)
                    cell.height = cell.paragraph.wrap(room, 1 << 30)[1]
                else:
                    cell.lines, cell.height = lines, len(lines) * style.leading
                tallest = max(tallest, cell.height)
            self.heights.append(tallest + CELL_TOP + CELL_BOTTOM)

    def wrap(self, avail_width, avail_height):
        self._measure()
        self.width = sum(self.widths)
        self.height = self.heights[0] + sum(self.heights[self.start : self.end])
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self._measure()
        used, end = self.heights[0], self.start
        while end < self.end and used + self.heights[end] <= avail_height + 1e-6:
            used += self.heights[end]
            end += 1
        if end == self.end:
            return [self]
        if end == self.start:
            return []
        return [
            Ruled(self.widths, self.rows, self.start, end, self.heights),
            Ruled(self.widths, self.rows, end, self.end, self.heights),
        ]

    def draw(self):
        canvas = self.canv
        text = canvas.beginText()
        code = text._code
        rules: list[tuple[float, float, float, float]] = []
        edges = [0.0]
        for w in self.widths:
            edges.append(edges[-1] + w)
        # A vertical rule runs down through the rows that share it: one line, not one a cell.
        running: dict[float, float] = {}  # x → the top where its rule began
        top = self.height
        for index in [0, *range(self.start, self.end)]:
            row, height = self.rows[index], self.heights[index]
            bottom = top - height
            rules.append((0, top, self.width, top))
            column, here = 0, {self.width}
            for cell in row:
                left, right = edges[column], edges[column + cell.span]
                column += cell.span
                here.add(left)
                # ReportLab's Table: the paragraph's box in the middle of the row, less the paddings.
                box_top = bottom + (height + CELL_BOTTOM - CELL_TOP + cell.height) / 2
                if cell.paragraph is not None:
                    cell.paragraph.drawOn(canvas, left + CELL_LEFT, box_top - cell.height)
                    continue
                style = cell.style
                text.setFont(style.fontName, style.fontSize)
                room = right - left - CELL_LEFT - CELL_RIGHT
                baseline = box_top - style.fontSize
                for line, width in cell.lines:
                    shift = {TA_CENTER: (room - width) / 2, TA_RIGHT: room - width}.get(style.alignment, 0)
                    # Placed absolutely, so ReportLab's text cursor (a second measure of the line) is not kept.
                    code.append(f"1 0 0 1 {left + CELL_LEFT + shift:.2f} {baseline:.2f} Tm")
                    code.append(text._formatText(line))
                    baseline -= style.leading
            for x in [x for x in running if x not in here]:
                rules.append((x, running.pop(x), x, top))
            for x in here:
                running.setdefault(x, top)
            top = bottom
        rules.append((0, top, self.width, top))
        rules += [(x, start, x, top) for x, start in running.items()]
        canvas.drawText(text)
        canvas.setLineWidth(GRID_RULE)
        canvas.setStrokeColor(colors.black)
        canvas.lines(rules)


def signature(sign: Signature, width: float = RIGHT_COLUMN, pads: tuple[float, float] = (0.0, 0.0)) -> Stack:
    """ô 7a titles, the space for signature and seal (7c, 8), ô 7b name; centred in its column. Where
    several organisations sign, each one's name stands above its titles. `pads`: room under the name and
    under the titles where they take fewer lines than their neighbours', so that a row stays level."""
    items: list[Text | Rule | Gap] = []
    if sign.organisation:
        items += [Text(sign.organisation.upper(), BOLD, SIZE_SIGN), Gap(pads[0])]
    items += [Text(t, BOLD, SIZE_SIGN) for t in sign.titles if t]
    items += [Gap(SIGNATURE_SPACE + pads[1]), Text(sign.name, BOLD, SIZE_SIGN)]
    return column(*items, width=width)


def copies_to(document: StateDocument) -> Stack:
    """ô 9b: "Nơi nhận:" bold italic, the items "- …" flush left, then ô 12 (initials, copies) at the right."""
    dash = width_of("- ", FAMILY, SIZE_COPIES)
    items: list[Text | Rule | Gap] = [Text("Nơi nhận:", BOLD_ITALIC, SIZE_COPIES_HEAD, "left")]
    items += [Text(f"- {x}", FAMILY, SIZE_COPIES, "left", 0, dash) for x in document.copies_to]
    if document.drafter:
        copies = f".({document.copies:02d})" if document.copies else ""
        items.append(Text(document.drafter.upper() + copies, FAMILY, SIZE_DRAFTER, "right"))
    return column(*items, width=LEFT_COLUMN)


def closing(document: StateDocument) -> rl.Flowable:
    """Nơi nhận level with the signature (one signer); or thư ký | chủ tọa, Nơi nhận below (biên bản)."""
    listed = document.copies_to or document.drafter
    if len(document.signatures) >= 2:
        left, right = document.signatures[:2]
        parts: list[rl.Flowable] = [
            Columns((0, signature(left, LEFT_COLUMN)), (LEFT_COLUMN, signature(right)))
        ]
        if listed:
            parts += [rl.Spacer(1, PARAGRAPH_GAP * 2), Columns((0, copies_to(document)))]
        return rl.KeepTogether(parts)
    columns = [(0, copies_to(document))] if listed else []
    columns += [(LEFT_COLUMN, signature(x)) for x in document.signatures]
    return Columns(*columns)


def signature_grid(signatures: Sequence[Signature]) -> list[rl.Flowable]:
    """Every member signs (a giao ước): two columns for up to four, three beyond, row by row; a last row
    that is not full is centred. The organisations, titles and names of a row stay level; a row never
    splits across pages, rows may."""
    per_row = 2 if len(signatures) <= 4 else 3
    width = TEXT_WIDTH / per_row

    def height(*texts: str) -> float:
        return column(*(Text(t, BOLD, SIZE_SIGN) for t in texts if t), width=width).layout().height

    rows: list[rl.Flowable] = []
    for start in range(0, len(signatures), per_row):
        row = signatures[start : start + per_row]
        offset = (TEXT_WIDTH - width * len(row)) / 2
        names = [height(x.organisation.upper()) for x in row]
        titles = [height(*x.titles) for x in row]
        pads = [(max(names) - names[n], max(titles) - titles[n]) for n in range(len(row))]
        placed = Columns(*((offset + n * width, signature(x, width, pads[n])) for n, x in enumerate(row)))
        rows.append(rl.KeepTogether([rl.Spacer(1, PARAGRAPH_GAP * 2), placed]) if rows else placed)
    return rows


def annex(document: StateDocument, item: Annex, s: Styles) -> list[rl.Flowable]:
    """A phụ lục on its own pages, numbered on its own (§1, §5)."""
    flow: list[rl.Flowable] = [rl.NextPageTemplate("annex"), rl.PageBreak(), _RestartNumbering()]
    flow += title(item.title, item.description, note=annex_reference(document, item)) + [grid(item.table, s)]
    flow += [block(x, s) for x in item.after]
    return flow


# --- pages -----------------------------------------------------------------------------------------------


class _RestartNumbering(rl.Flowable):
    """Marks the first page of a phụ lục: its pages count from 1 again."""

    width = height = 0

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv._state_first_page = self.canv.getPageNumber()


def page_number(canvas, doc) -> None:
    """Arabic, centred in the top margin, counted from 1 but not shown on page 1 (§1)."""
    first = getattr(canvas, "_state_first_page", 1)
    shown = canvas.getPageNumber() - first + 1
    if shown < 2:
        return
    canvas.saveState()
    canvas.setFont(FAMILY, SIZE_PAGE_NUMBER)
    # The digits' middle (about a third of an em above the baseline) on the middle of the margin.
    baseline = PAGE_HEIGHT - MARGIN_TOP / 2 - SIZE_PAGE_NUMBER / 3
    canvas.drawCentredString(MARGIN_LEFT + TEXT_WIDTH / 2, baseline, str(shown))
    canvas.restoreState()


def footer_stack(document: StateDocument) -> Stack | None:
    if not document.footer:
        return None
    return column(*(Text(x, FAMILY, SIZE_FOOTER, "left") for x in document.footer)).layout()


def footer_drawer(stack: Stack | None) -> Callable:
    """ô 13 on page 1: under a full-width solid rule, at the bottom of the text area."""

    def draw(canvas, doc):
        if stack is not None:
            canvas.saveState()
            top = MARGIN_BOTTOM + stack.height
            canvas.setLineWidth(RULE)
            canvas.line(MARGIN_LEFT, top + RULE_DROP, MARGIN_LEFT + TEXT_WIDTH, top + RULE_DROP)
            for line in stack.lines:
                canvas.setFont(line.font, line.size)
                canvas.drawString(MARGIN_LEFT + line.x, top - line.baseline, line.text)
            canvas.restoreState()
        page_number(canvas, doc)

    return draw


def story(document: StateDocument) -> list[rl.Flowable]:
    s = Styles()
    flow: list[rl.Flowable] = [rl.NextPageTemplate("later")]
    flow += header(document)
    if not document.is_letter:
        flow += title(document.kind_title, document.subject)
    flow += recipients(document.recipients)
    body = [block(x, s) for x in document.body]
    if len(document.signatures) > 2:  # every member signs: rows of signatures
        closing_rows = signature_grid(document.signatures)
    else:
        closing_rows = [closing(document)] if document.signatures or document.copies_to else []
    end = [rl.Spacer(1, PARAGRAPH_GAP * 2), *closing_rows] if closing_rows else []
    # The closing never stands alone on a page: it keeps the last paragraph with it (its first row, where
    # several rows sign).
    tail = body[-1:] + end[:2]
    flow += body[:-1] + ([rl.KeepTogether(tail)] if tail else []) + end[2:]
    for item in document.annexes:
        flow += annex(document, item, s)
    return flow


def render_pdf(document: StateDocument, target: str | os.PathLike | BinaryIO | None = None) -> bytes | None:
    """The PDF of `document`, written to `target` (a path or a binary file) or returned as bytes."""
    register_fonts()
    buffer = io.BytesIO()
    title_text = nfc(
        document.title_for_metadata
        or " – ".join(x for x in (document.kind_title or "Công văn", document.subject) if x)
    )
    doc = rl.BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title_text,
        author=nfc(document.issuer_name),
        subject=nfc(document.subject),
        creator="TĐKT",
    )
    footer = footer_stack(document)
    reserved = footer.height + RULE_DROP + PARAGRAPH_GAP if footer else 0.0

    def frame(bottom: float) -> rl.Frame:
        # No padding: the text block is exactly the page less the margins (165 mm wide).
        return rl.Frame(
            MARGIN_LEFT,
            bottom,
            TEXT_WIDTH,
            TEXT_TOP - bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    doc.addPageTemplates(
        [
            rl.PageTemplate("first", [frame(MARGIN_BOTTOM + reserved)], onPageEnd=footer_drawer(footer)),
            rl.PageTemplate("later", [frame(MARGIN_BOTTOM)], onPageEnd=page_number),
            rl.PageTemplate("annex", [frame(MARGIN_BOTTOM)], onPageEnd=page_number),
        ]
    )
    doc.build(story(document))
    return deliver(buffer.getvalue(), target)


def deliver(data: bytes, target: str | os.PathLike | BinaryIO | None) -> bytes | None:
    """Bytes back, or written out; a path is replaced whole, never left half-written."""
    if target is None:
        return data
    if isinstance(target, (str, os.PathLike)):
        path = Path(target)
        partial = path.with_name(f"~{path.name}.partial")
        partial.write_bytes(data)
        os.replace(partial, path)
    else:
        target.write(data)
    return None
