"""A list out to an .xlsx sheet, the way every export of the program writes one: an optional bold title,
a bold centred header with STT first, fixed column widths, the header frozen in view and repeated on every
printed page, thin borders, real dates shown dd/mm/yyyy, amounts with thousands separators, A4 landscape
fitted to the page width, and text that Excel would take for a formula kept as text.

A search may export 100,000 rows and more, so the sheet is not built through openpyxl (even its
write-only mode spends ~20 s on 100,000 award rows): the worksheet XML is streamed straight into the zip
with a handful of fixed styles and a shared-string table (units, titles and decision numbers repeat on
every row, so each is escaped and stored once). The small styled lists that authorities ask for
(app.exchange.lists) are laid out with openpyxl; `put_text` is the one formula guard both share.

The file is written beside the target and moved into place at the end, so a cancelled or failed export
leaves the clerk's earlier file (if any) as it was, and no half-written one.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.errors import UserError
from app.text import clean

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "DD/MM/YYYY"
# "," and "." in a format code are placeholders, not characters: Excel and LibreOffice draw the reader's
# own separators, so a Vietnamese Windows shows 1.234.000 and an English one 1,234,000. A literal
# "#.##0" would instead mean "thousands, scaled" in an English reader and print garbage there.
MONEY_FORMAT = "#,##0"
PROGRESS_EVERY = 2000
STT_WIDTH = 6
# Page margins in inches (Excel's unit): about 1.5 cm left for binding, 1 cm elsewhere.
MARGINS = {"left": 0.6, "right": 0.4, "top": 0.6, "bottom": 0.6, "header": 0.3, "footer": 0.3}
A4 = 9  # the paperSize code of A4 in SpreadsheetML
PAGE_FOOTER = "Trang &P/&N"  # "Trang 2/7" centred at the foot of each printed page
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug already absorbed)


@dataclass(frozen=True)
class ExportColumn:
    """A column of a list as the program shows and exports it."""

    key: str
    header: str
    width: int  # in characters, for the .xlsx and as a hint on screen
    numeric: bool = False
    short: str | None = None  # the header on screen, where columns are narrower than in a spreadsheet

    @property
    def screen_header(self) -> str:
        return self.short or self.header


class ExportCancelled(UserError):
    def __init__(self):
        super().__init__("Đã hủy xuất tệp; không có tệp nào được ghi.")


def put_text(cell, value: str) -> None:
    """An openpyxl cell holding `value` as text even when it starts like a formula (=, +, -, @)."""
    cell.value = value
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True  # and Excel keeps it text when the clerk edits the cell


def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_serial(value: dt.date) -> int | float:
    """A date (or a date and time) as the day number Excel stores."""
    if isinstance(value, dt.datetime):
        delta = value - dt.datetime(1899, 12, 30, tzinfo=value.tzinfo)
        return delta.days + delta.seconds / 86400
    return (value - _EPOCH).days


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


# --- the fixed parts of the package ------------------------------------------------------------------------

# Style indices into cellXfs below.
_TITLE, _HEADER, _TEXT, _FORMULA_TEXT, _NUMBER, _DATE, _MONEY = 1, 2, 3, 4, 5, 6, 7

_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="Times New Roman"/><family val="1"/></font>
<font><b/><sz val="13"/><name val="Times New Roman"/><family val="1"/></font>
<font><b/><sz val="11"/><name val="Times New Roman"/><family val="1"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>
<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1" quotePrefix="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf>
<xf numFmtId="3" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""

_PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""

_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<bookViews><workbookView/></bookViews>
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>
<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'{quoted}'!${row}:${row}</definedName></definedNames>
</workbook>"""


def _sheet_name(name: str) -> str:
    """What Excel accepts as a sheet name: at most 31 characters, none of []:*?/\\."""
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in (clean(name) or "Danh sách"))
    return name[:31].strip(" '") or "Danh sách"


def _sheet_start(widths: Sequence[int], header_row: int) -> str:
    cols = "".join(
        f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
        for n, w in enumerate([STT_WIDTH, *widths], start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        '<sheetViews><sheetView workbookViewId="0">'
        f'<pane ySplit="{header_row}" topLeftCell="A{header_row + 1}" activePane="bottomLeft" state="frozen"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{cols}</cols><sheetData>"
    )


def _sheet_end(merge: str | None) -> str:
    margins = " ".join(f'{k}="{v}"' for k, v in MARGINS.items())
    return (
        "</sheetData>"
        + (f'<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>' if merge else "")
        + '<printOptions horizontalCentered="1"/>'
        f"<pageMargins {margins}/>"
        f'<pageSetup paperSize="{A4}" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        f"<headerFooter><oddFooter>{_escape('&C' + PAGE_FOOTER)}</oddFooter>"
        "</headerFooter></worksheet>"
    )


def write_table_xlsx(
    path: str | os.PathLike,
    sheet_name: str,
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence[object]],
    total: int,
    *,
    title: str | None = None,
    money_columns: frozenset[int] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write `rows` (texts, dates, numbers, None) under STT and `headers`; returns the rows written.

    `widths` are in characters, one per header; `money_columns` (indices into a row) get a thousands
    format; `total` is only for the progress reports."""
    path = Path(path)
    name = _sheet_name(sheet_name)
    letters = [column_letter(n) for n in range(1, len(headers) + 2)]
    header_row = 3 if title else 1
    strings: dict[str, tuple[int, int]] = {}  # the text as given -> (its shared-string index, its style)
    table: list[str] = []  # the shared strings, escaped, in index order

    def shared(value: str) -> tuple[int, int]:
        text = clean(value) or ""
        style = _FORMULA_TEXT if text.startswith(FORMULA_STARTS) else _TEXT
        found = strings[value] = (len(table), style)
        table.append(_escape(text))
        return found

    def text_row(row: int, texts: Sequence[str], style: int) -> str:
        cells = "".join(
            f'<c r="{letter}{row}" s="{style}" t="s"><v>{shared(text)[0]}</v></c>'
            for letter, text in zip(letters, texts, strict=False)
        )
        return f'<row r="{row}">{cells}</row>'

    head = [_sheet_start(widths, header_row)]
    if title:
        head.append(text_row(1, [title], _TITLE).replace("<row ", '<row ht="36" customHeight="1" ', 1))
    head.append(text_row(header_row, ["STT", *headers], _HEADER))
    body_letters = letters[1:]
    money = [n in money_columns for n in range(len(headers))]

    def row_xml(row: int, values: Sequence[object]) -> str:
        r = str(row)
        parts = [f'<row r="{r}"><c r="A{r}" s="{_NUMBER}"><v>{row - header_row}</v></c>']
        append = parts.append
        for letter, value, is_money in zip(body_letters, values, money, strict=False):
            kind = type(value)
            if kind is str:
                if not value:
                    append(f'<c r="{letter}{r}" s="{_TEXT}"/>')
                    continue
                index, style = strings.get(value) or shared(value)
                append(f'<c r="{letter}{r}" s="{style}" t="s"><v>{index}</v></c>')
            elif value is None:
                append(f'<c r="{letter}{r}" s="{_TEXT}"/>')
            elif kind is dt.date or kind is dt.datetime:
                append(f'<c r="{letter}{r}" s="{_DATE}"><v>{excel_serial(value)}</v></c>')
            elif kind is bool:
                append(f'<c r="{letter}{r}" s="{_NUMBER}" t="b"><v>{int(value)}</v></c>')
            elif kind is int or kind is float or kind is Decimal:
                append(f'<c r="{letter}{r}" s="{_MONEY if is_money else _NUMBER}"><v>{value}</v></c>')
            else:  # anything else (an enum, a date subclass) as the text it reads as
                index, style = shared(str(getattr(value, "label", value)))
                append(f'<c r="{letter}{r}" s="{style}" t="s"><v>{index}</v></c>')
        append("</row>")
        return "".join(parts)

    written = 0

    def write(partial: Path) -> None:
        nonlocal written
        # Level 1 deflate: a tenth of the time of the default level for a file a third larger.
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                chunk = head
                for written, values in enumerate(rows, start=1):
                    chunk.append(row_xml(header_row + written, values))
                    if written % PROGRESS_EVERY == 0:
                        sheet.write("".join(chunk).encode())
                        chunk = []
                        if cancelled is not None and cancelled():
                            raise ExportCancelled()
                        if progress is not None:
                            progress(written, total)
                merge = f"A1:{letters[-1]}1" if title and len(letters) > 1 else None
                chunk.append(_sheet_end(merge))
                sheet.write("".join(chunk).encode())
            package.writestr("[Content_Types].xml", _CONTENT_TYPES)
            package.writestr("_rels/.rels", _PACKAGE_RELS)
            package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            package.writestr(
                "xl/workbook.xml",
                _WORKBOOK.format(
                    name=_escape(name).replace('"', "&quot;"),
                    quoted=_escape(name.replace("'", "''")),
                    row=header_row,
                ),
            )
            package.writestr("xl/styles.xml", _STYLES)
            package.writestr("xl/sharedStrings.xml", _shared_strings(table))

    write_atomically(path, write)
    if progress is not None:
        progress(written, total)
    return written


def write_atomically(path: str | os.PathLike, write: Callable[[Path], None]) -> None:
    """`write(partial)` fills a file beside `path`, which then takes its place: a cancelled or failed export
    leaves the clerk's earlier file as it was and no half-written one."""
    path = Path(path)
    partial = path.with_name(f"~{path.stem}.partial{path.suffix}")
    try:
        write(partial)
        os.replace(partial, path)
    except BaseException:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        raise


def _shared_strings(table: list[str]) -> str:
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in table)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{len(table)}">'
        f"{items}</sst>"
    )


def today_stamp(day: dt.date | None = None) -> str:
    """ "27-11-2025": for default file names."""
    day = day or dt.date.today()
    return f"{day.day:02d}-{day.month:02d}-{day.year}"
