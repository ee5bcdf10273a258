"""The same `StateDocument` as a Word file (python-docx), for a clerk who must edit it in Word.

    render_docx(document, "cong-van.docx")

Word cannot place lines on exact baselines as the PDF does (layout.py), so this follows the decree's own
Word mẫu instead: A4 with the same margins, Times New Roman, the header and the signature as borderless
two-column tables, rules as paragraph borders of the right length, the list as a ruled table whose header
row repeats, page numbers in the header from page 2, and each phụ lục a section numbered on its own. Sizes,
texts and the number/date lines come from layout.py, so the two outputs say the same thing.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from app.documents.fonts import register_fonts
from app.documents.state import layout as L
from app.documents.state import model as m
from app.documents.state.model import Annex, Grid, Signature, StateDocument

FONT = "Times New Roman"
RULE_EIGHTHS = 5  # Word measures borders in eighths of a point: 0.6 pt
LEFT_MM, RIGHT_MM = L.LEFT_COLUMN / L.mm, L.RIGHT_COLUMN / L.mm
TEXT_MM = L.TEXT_WIDTH / L.mm
SIGNATURE_LINES = 5  # empty lines between chức vụ and họ tên (≈ 30 mm at 14 pt)
ALIGN = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT}
_EMPHASIS = re.compile(r"(\*\*\*.+?\*\*\*|\*\*.+?\*\*|\*.+?\*)", re.S)


# --- runs and paragraphs ---------------------------------------------------------------------------------


def emphasis_runs(text: str) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) pieces of the clerk's *italic*, **bold**, ***bold italic***."""
    pieces = []
    for part in _EMPHASIS.split(L.nfc(text)):
        if not part:
            continue
        stars = len(part) - len(part.lstrip("*")) if _EMPHASIS.fullmatch(part) else 0
        inner = part[stars:-stars] if stars else part
        pieces.append((inner, stars >= 2, stars in (1, 3)))
    return pieces


def _font(run, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)


def _spacing(paragraph, before: float = 0, after: float = 0, line: float | None = None) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = line if line is not None else 1.0


def write(
    container,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    marked: bool = False,
):
    """A paragraph of one font; `marked` text keeps the clerk's emphasis on top of bold/italic."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    _spacing(paragraph, before)
    pieces = emphasis_runs(text) if marked else [(L.nfc(text), False, False)]
    for piece, b, i in pieces:
        _font(paragraph.add_run(piece), size, bold or b, italic or i)
    return paragraph


def rule(
    container,
    share: float = 1.0,
    width_pt: float | None = None,
    column_mm: float = TEXT_MM,
    text: str = "",
    font: str = L.FAMILY,
    size: float = 12,
) -> None:
    """A centred solid rule: a tiny paragraph whose bottom border runs between indents set to its length
    (`share` of `text`'s width, or `width_pt`)."""
    length = width_pt if width_pt is not None else L.width_of(text, font, size) * share
    margin = max(0.0, (column_mm * L.mm - length) / 2)
    paragraph = container.add_paragraph()
    _spacing(paragraph)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Pt(margin)
    _font(paragraph.add_run(""), 2)
    paragraph.paragraph_format.line_spacing = Pt(3)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", str(RULE_EIGHTHS)),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


# --- tables ----------------------------------------------------------------------------------------------


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _fixed(table, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)


def columns(doc, widths_mm: Sequence[float]):
    """A borderless one-row table: the header (ô 2 | ô 1) and the closing (Nơi nhận | chữ ký)."""
    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fixed(table, widths_mm)
    cells = table.rows[0].cells
    for cell in cells:
        cell._tc.remove(cell.paragraphs[0]._p)  # start empty: every line is added
    return cells


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def grid(doc, table: Grid) -> None:
    """The ruled list: header row repeated on every page, group rows across, the bold totals last."""
    scale = TEXT_MM / sum(table.widths)
    widths = [w * scale for w in table.widths]
    out = doc.add_table(rows=0, cols=len(widths))
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER

    def row(values: Sequence[str], align: Sequence[str], bold: bool = False, span: int = 0):
        cells = out.add_row().cells
        if span:
            cells[0].merge(cells[span - 1])
        for cell, value, a in zip(cells, values, align, strict=False):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = ALIGN[a]
            _spacing(paragraph)
            for piece, b, i in emphasis_runs(value):
                _font(paragraph.add_run(piece), L.SIZE_TABLE, bold or b, i)
        return cells

    row(table.headers, "c" * len(widths), bold=True)
    _repeat_header(out.rows[0])
    last = len(widths)
    for item in table.rows:
        if isinstance(item, m.Group):
            row([item.text], "l", bold=True, span=last)
        else:
            row(item, table.align)
    if table.totals:
        cells = row([table.totals[0]], "c", bold=True, span=last - 1)
        paragraph = cells[-1].paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(paragraph.add_run(L.nfc(table.totals[1])), L.SIZE_TABLE, True)
    _fixed(out, widths)


# --- the parts of a document -----------------------------------------------------------------------------


def header(doc, document: StateDocument) -> None:
    """ô 2 | ô 1, then ô 3 | ô 4, then ô 5b, in one borderless table (the decree's Word mẫu)."""
    left, right = columns(doc, (LEFT_MM, RIGHT_MM))
    if document.parent_name:
        write(left, document.parent_name.upper(), L.SIZE_AGENCY)
    issuer = document.issuer_name.upper()
    write(left, issuer, L.SIZE_AGENCY, bold=True)
    rule(left, L.NAME_RULE_SHARE, column_mm=LEFT_MM, text=issuer, font=L.BOLD, size=L.SIZE_AGENCY)
    if document.numbered:
        write(left, L.number_line(document), L.SIZE_NUMBER, before=L.ROW_GAP)
    if document.is_letter and document.subject:
        write(left, L.LETTER_SUBJECT_PREFIX + document.subject, L.SIZE_LETTER_SUBJECT, before=L.ROW_GAP)
    write(right, L.NATIONAL_NAME, L.SIZE_NATIONAL, bold=True)
    write(right, L.MOTTO, L.SIZE_MOTTO, bold=True)
    rule(right, column_mm=RIGHT_MM, text=L.MOTTO, font=L.BOLD, size=L.SIZE_MOTTO)
    if document.place_name is not None:  # a biên bản has no place/date row
        write(right, L.date_line(document), L.SIZE_DATE, italic=True, before=L.ROW_GAP)
    if document.urgency:
        box = write(left, document.urgency.upper(), L.SIZE_URGENCY, bold=True, before=L.ROW_GAP)
        for run in box.runs:
            run.font.color.rgb = RGBColor(0xED, 0x1C, 0x24)


def title(doc, kind: str, subject: str, note: str = "") -> None:
    write(doc, kind.upper(), L.SIZE_TITLE, bold=True, before=L.HEADER_GAP)
    last = subject or kind.upper()
    if subject:
        write(doc, subject, L.SIZE_TITLE, bold=True)
    if note:
        write(doc, note, L.SIZE_BODY, italic=True)
    widest = max(L.width_of(x, L.BOLD, L.SIZE_TITLE) for x in (kind.upper(), last))
    rule(doc, width_pt=min(widest, L.TEXT_WIDTH) * L.SUBJECT_RULE_SHARE)


def recipients(doc, names: Sequence[str]) -> None:
    """ô 9a: one recipient on the "Kính gửi:" line; several one per line, their dashes under the colon."""
    if not names:
        return
    label = "Kính gửi:"
    lines = (
        [(f"{label} {names[0]}", L.RECIPIENT_INDENT, L.width_of(label + " ", L.FAMILY, L.SIZE_BODY))]
        if len(names) == 1
        else [(label, L.RECIPIENT_INDENT, 0.0)]
    )
    if len(names) > 1:
        colon = L.RECIPIENT_INDENT + L.width_of(label[:-1], L.FAMILY, L.SIZE_BODY)
        lines += [(f"- {x}", colon, L.width_of("- ", L.FAMILY, L.SIZE_BODY)) for x in names]
    for n, (text, start, hang) in enumerate(lines):
        paragraph = write(
            doc, text, L.SIZE_BODY, align=WD_ALIGN_PARAGRAPH.LEFT, before=L.HEADER_GAP if n == 0 else 0
        )
        fmt = paragraph.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Pt(start + hang), Pt(-hang)


def block(doc, item: m.Block) -> None:
    """A body element (ô 6): justified, first line indented 10 mm, ≥ 6 pt between paragraphs."""
    if isinstance(item, Grid):
        grid(doc, item)
        return
    paragraph = doc.add_paragraph()
    _spacing(paragraph, L.PARAGRAPH_GAP, line=L.BODY_LEADING / (L.SIZE_BODY * L.LINE))
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Pt(L.BODY_INDENT)
    pieces: list[tuple[str, bool, bool]]
    if isinstance(item, m.Basis):
        pieces = [(t, b, True) for t, b, _ in emphasis_runs(item.text)]
    elif isinstance(item, m.Heading):
        pieces = [(t, True, i) for t, _, i in emphasis_runs(item.text)]
        if item.centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.keep_with_next = True
    elif isinstance(item, m.Article):
        pieces = [(f"Điều {item.number}.", True, False)]
        pieces += (
            [(" ", False, False)] + [(t, True, i) for t, _, i in emphasis_runs(item.title)]
            if item.title
            else []
        )
        pieces += [(" ", False, False)] + emphasis_runs(item.text) if item.text else []
    elif isinstance(item, m.Clause):
        pieces = emphasis_runs(f"{item.label} {item.text}")
    else:
        pieces = emphasis_runs(item.text)
    for text, bold, italic in pieces:
        _font(paragraph.add_run(text), L.SIZE_BODY, bold, italic)


def signature(cell, sign: Signature) -> None:
    if sign.organisation:
        write(cell, sign.organisation.upper(), L.SIZE_SIGN, bold=True)
    for line in (t for t in sign.titles if t):
        write(cell, line, L.SIZE_SIGN, bold=True)
    for _ in range(SIGNATURE_LINES):
        write(cell, "", L.SIZE_SIGN)
    write(cell, sign.name, L.SIZE_SIGN, bold=True)


def copies_to(cell, document: StateDocument) -> None:
    """ô 9b and ô 12: "Nơi nhận:" bold italic, "- …" items, the drafter's initials and copies at the right."""
    write(cell, "Nơi nhận:", L.SIZE_COPIES_HEAD, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for item in document.copies_to:
        write(cell, f"- {item}", L.SIZE_COPIES, align=WD_ALIGN_PARAGRAPH.LEFT)
    if document.drafter:
        copies = f".({document.copies:02d})" if document.copies else ""
        write(cell, document.drafter.upper() + copies, L.SIZE_DRAFTER, align=WD_ALIGN_PARAGRAPH.RIGHT)


def closing(doc, document: StateDocument) -> None:
    """Nơi nhận level with the signature; a biên bản's thư ký | chủ tọa with Nơi nhận under them."""
    listed = bool(document.copies_to or document.drafter)
    doc.add_paragraph().paragraph_format.keep_with_next = True
    if len(document.signatures) > 2:  # every member signs (a giao ước): rows of two or three, as the PDF
        per_row = 2 if len(document.signatures) <= 4 else 3
        for start in range(0, len(document.signatures), per_row):
            row = document.signatures[start : start + per_row]
            for cell, sign in zip(columns(doc, [TEXT_MM / per_row] * len(row)), row, strict=True):
                signature(cell, sign)
        return
    if len(document.signatures) >= 2:
        left, right = columns(doc, (LEFT_MM, RIGHT_MM))
        signature(left, document.signatures[0])
        signature(right, document.signatures[1])
        if listed:
            doc.add_paragraph()
            copies_to(columns(doc, (LEFT_MM, RIGHT_MM))[0], document)
        return
    if not listed and not document.signatures:
        return
    left, right = columns(doc, (LEFT_MM, RIGHT_MM))
    if listed:
        copies_to(left, document)
    for sign in document.signatures[:1]:
        signature(right, sign)


def _page_numbers(section, restart: bool) -> None:
    """Arabic, centred in the top margin, not on the section's first page (FORMAT.md §1)."""
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run()
    _font(run, L.SIZE_PAGE_NUMBER)
    field.append(run._r)
    paragraph._p.append(field)
    if restart:
        numbering = OxmlElement("w:pgNumType")
        numbering.set(qn("w:start"), "1")
        section._sectPr.append(numbering)


def _page(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Pt(L.MARGIN_TOP), Pt(L.MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Pt(L.MARGIN_LEFT), Pt(L.MARGIN_RIGHT)
    section.header_distance = Mm(8)


def footer(section, document: StateDocument) -> None:
    """ô 13 on page 1, under a full-width rule."""
    if not document.footer:
        return
    section.first_page_footer.is_linked_to_previous = False
    box = section.first_page_footer
    rule(box, width_pt=L.TEXT_WIDTH)
    for line in document.footer:
        write(box, line, L.SIZE_FOOTER, align=WD_ALIGN_PARAGRAPH.LEFT)


def annex(doc, document: StateDocument, item: Annex) -> None:
    """A phụ lục in a section of its own, numbered from 1 again."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section)
    _page_numbers(section, restart=True)
    title(doc, item.title, item.description, L.annex_reference(document, item))
    grid(doc, item.table)
    for x in item.after:
        block(doc, x)


def _defaults(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(L.SIZE_BODY)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)


def build_docx(document: StateDocument):
    """The python-docx Document of `document`."""
    register_fonts()  # the rules are measured with the PDF's font metrics (same widths as Times New Roman)
    doc = Document()
    _defaults(doc)
    section = doc.sections[0]
    _page(section)
    _page_numbers(section, restart=False)
    footer(section, document)
    header(doc, document)
    if not document.is_letter:
        title(doc, document.kind_title, document.subject)
    recipients(doc, document.recipients)
    for item in document.body:
        block(doc, item)
    closing(doc, document)
    for item in document.annexes:
        annex(doc, document, item)
    props = doc.core_properties
    props.title = L.nfc(
        document.title_for_metadata
        or " – ".join(x for x in (document.kind_title or "Công văn", document.subject) if x)
    )
    props.author, props.subject = L.nfc(document.issuer_name), L.nfc(document.subject)
    return doc


def render_docx(document: StateDocument, target: str | os.PathLike | BinaryIO | None = None) -> bytes | None:
    """The .docx of `document`, written to `target` (whole, or not at all) or returned as bytes."""
    buffer = io.BytesIO()
    build_docx(document).save(buffer)
    return L.deliver(buffer.getvalue(), target)
