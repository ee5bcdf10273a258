"""Reading a staff list (danh sách cán bộ) that a unit sends as an Excel file, old or new.

``read_roster`` opens a .xlsx or .xls file (by its content, not its name), finds the header under
the title rows, joins a two-row header into one text per column, repairs TCVN3/VNI text, and
leaves out column-number, totals and signature rows. ``guess_mapping`` proposes a field for each
column; the clerk may change it; ``parse_people`` then turns the rows into ``PersonRow``s whose
problems are Vietnamese sentences. Every error is a ``RosterError`` and nothing partial is returned.

Speed: openpyxl's read-only mode costs about 15-25 µs per cell (1.1-2 s for 10,000 rows of eight
columns on a modest PC, before any repair), so the sheet data of a .xlsx is read here straight from
the zip: one regular expression over each decompressed piece, shared strings and repairs cached,
fonts and date formats looked up by style index. Workbook, relationships and styles go through expat
keeping only the start tags needed (no tree; a DOCTYPE is refused). .xls files go through xlrd
(``formatting_info=True`` for the fonts), whose row count is known before the cells are read.

Bounded (issue 13): ``open_spreadsheet`` is the one low-level reader of outside spreadsheets (staff
lists, registration lists, history workbooks). The kind is judged by content and the zip's entries
checked before anything is decompressed (app.exchange.file_limits); shared strings and sheet data are
parsed piece by piece as they come out of the zip, never held whole; rows, cells, the text of one row,
shared strings and merges are bounded; a sheet's claimed <dimension> is never read: it sizes nothing and
refuses nothing. Whatever goes wrong while reading ends as one UserError saying what is wrong with the file.

Header detection, row classification and field guesses work on repaired text folded with
app.text.fold, so TCVN3/VNI headers are recognised like Unicode ones.

Merged cells below the header repeat only what Excel shows: a department (or unit) column merged over
several people fills down; a name cell merged over rows is one person (the rows below complete it, or,
with an STT of their own, are people without a name). Formula cells saved without a calculated value (a
file written by a program and never opened in Excel) are reported as such (FORMULA_NO_VALUE).
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import functools
import gc
import html
import itertools
import operator
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import UserError
from app.exchange.file_limits import (
    LIMITS,
    FileLimits,
    FileRefused,
    damaged,
    doctype_refused,
    open_part,
    open_zip,
    reading,
    spreadsheet_kind,
    too_big,
    xml_starts,
)
from app.text import clean, detect_legacy, fold, is_uppercase_font, proper_case_name, repair
from app.text.numbers import int_text

MISSING_NAME = "Thiếu họ và tên"
FORMULA_NO_VALUE = "Ô công thức chưa có giá trị (mở tệp bằng Excel, lưu lại rồi nhập)"

FIELDS: dict[str, str] = {
    "seq": "STT",
    "full_name": "Họ và tên",
    "family_name": "Họ và chữ đệm",
    "given_name": "Tên",
    "gender": "Giới tính",
    "birth_date": "Ngày sinh",
    "birth_date_male": "Ngày sinh – Nam",
    "birth_date_female": "Ngày sinh – Nữ",
    "staff_code": "Mã cán bộ",
    "position": "Chức vụ",
    "professional_title": "Chức danh nghề nghiệp",
    "department": "Khoa, phòng / Đơn vị công tác",
    "ethnicity": "Dân tộc",
    "phone": "Số điện thoại",
    "health_sector_since": "Ngày vào ngành",
    "note": "Ghi chú",
}
# A registration list (đăng ký thi đua) is a staff list with one more column: the title each person aims
# for. Kept apart from FIELDS so that a staff list never offers it; parse_people ignores it.
REGISTERED_TITLE = "registered_title"
REGISTRATION_FIELDS: dict[str, str] = {**FIELDS, REGISTERED_TITLE: "Danh hiệu đăng ký"}
# A nomination list (danh sách đề nghị khen thưởng): the title or form proposed for each person, in the unit's
# own words (app.services.nomination_import maps them to the catalogue).
NOMINATED_AWARD = "nominated_award"
NOMINATION_FIELDS: dict[str, str] = {**FIELDS, NOMINATED_AWARD: "Hình thức, danh hiệu đề nghị"}

MAX_COLUMNS = 256  # as many as an .xls sheet can hold; cells further right are ignored
HEADER_SEARCH_ROWS = 40  # non-blank rows looked at when searching for the header

SKIP_TITLE = "Dòng tiêu đề phía trên bảng"
SKIP_NUMBERS = "Dòng đánh số cột"
SKIP_TOTAL = "Dòng tổng cộng"
SKIP_SIGNATURE = "Phần ký tên, xác nhận dưới danh sách"
SKIP_GROUP = "Dòng tiêu đề nhóm (không phải một người)"
SKIP_OUTSIDE = "Nằm sau dòng trống, không có STT (ngoài danh sách)"
SKIP_CONTINUED = "Phần tiếp của người ở dòng trên (ô Họ và tên gộp nhiều dòng)"
NAME_FIELDS = ("full_name", "family_name", "given_name")


class RosterError(UserError):
    """The file cannot be read as a staff list; the message says why and what to do."""


class RosterCancelled(RosterError):
    def __init__(self):
        super().__init__("Đã hủy đọc tệp.")


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in SourceRow.cells (0 = column A)
    header: str  # header text, the rows of a two-row header joined ("Ngày sinh Nam")
    guess: str | None  # a key of FIELDS, or None


@dataclass(frozen=True)
class SourceRow:
    row: int  # 1-based Excel row number
    cells: tuple  # repaired values: str (NFC, cleaned), datetime.date, int/float, or None


@dataclass
class RosterSheet:
    file_name: str
    sheet_name: str
    sheet_names: list[str]
    header_row: int  # 1-based Excel row of the last header row
    columns: list[Column]
    rows: list[SourceRow]
    legacy: str  # 'unicode' | 'tcvn3' | 'vni' | 'mixed'
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (Excel row, reason)
    # (Excel row, column index) of formula cells saved without their value (a file written by a program,
    # never opened in Excel): empty here, reported as such rather than as a missing value
    formulas: frozenset[tuple[int, int]] = frozenset()
    # Excel row -> the row whose name cell is merged down over it: a person of its own (with an STT) whose
    # name Excel does not repeat
    merged_names: dict[int, int] = field(default_factory=dict)
    # the text of the rows above the header (the list's title: "DANH SÁCH … NĂM 2025"), one line a row
    title_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonRow:
    row: int
    full_name: str | None
    gender: str | None  # 'MALE' / 'FEMALE'
    birth_date: dt.date | None
    birth_year: int | None
    staff_code: str | None  # mã cán bộ / mã viên chức: the unit's own number for the person
    position: str | None
    professional_title: str | None
    department: str | None
    ethnicity: str | None
    phone: str | None
    health_sector_since: dt.date | None
    note: str | None
    problems: tuple[str, ...] = ()


def column_letter(index: int) -> str:
    """0 -> 'A', 27 -> 'AB'."""
    n, letters = index + 1, ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _vn_number(n: int) -> str:
    return int_text(n)


# =============================================================================== errors
def _broken(name: str) -> RosterError:
    return RosterError(str(damaged(name)))


def _too_many(name: str, rows: int | None, limit: int) -> FileRefused:
    count = f"có {_vn_number(rows)} dòng" if rows else f"có hơn {_vn_number(limit)} dòng"
    return FileRefused(
        f"Tệp “{name}” {count}, vượt quá giới hạn {_vn_number(limit)} dòng của một lần nhập. "
        "Hãy chia danh sách thành nhiều tệp nhỏ hơn (hoặc xóa các dòng trống thừa ở cuối bảng) rồi nhập lại."
    )


class _TooManyRows(Exception):
    def __init__(self, rows: int | None):
        self.rows = rows


# ============================================================================= raw sheet
@dataclass
class _RawSheet:
    name: str
    visible: bool
    # (Excel row, cells from column A on): strings already repaired, trailing empties left out
    rows: list[tuple[int, list]]
    merges: list[tuple[int, int, int, int]]  # (first row, first col, last row, last col), 1-based
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (Excel row, 1-based col) without a value


_Fix = Callable[[str, "str | None"], "str | None"]
_Check = Callable[[], None]  # raises RosterCancelled when the clerk has cancelled
_MISSING = object()


# -------------------------------------------------------------------------------- xlsx
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@functools.lru_cache(maxsize=1024)
def _col_number(letters: str) -> int:
    """'A' -> 1, 'AB' -> 28."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_X_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ROW_NUMBER = re.compile(r"<(?:\w+:)?row\b[^>]*?\br\s*=\s*[\"'](\d+)")
_ROW_R = re.compile(r"\br\s*=\s*[\"'](\d+)")
_ATTR = re.compile(r"([\w:]+)\s*=\s*[\"']([^\"']*)[\"']")
_SHEETDATA = re.compile(r"<(\w+:)?sheetData\b(\s*/)?")
_SST = re.compile(r"<(\w+:)?sst\b")
_MERGE = re.compile(
    r"<(?:\w+:)?mergeCell\s[^>]*?ref\s*=\s*[\"']\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"
)
_CHUNK = 1 << 20


def _xml_text(s: str) -> str:
    if "&" in s:
        s = html.unescape(s)
    if "_x" in s:
        s = _X_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s)
    return s


@functools.lru_cache(maxsize=8)
def _sheet_pattern(prefix: str, spaced: bool) -> re.Pattern:
    """Row starts and cells. Attributes are expected as Excel writes them (r, s, t, double quotes);
    anything else lands in the 'rest' group and is parsed there. ``spaced`` allows white space
    between the elements (pretty-printed XML), at some cost in speed."""
    p, w = re.escape(prefix), (r"\s*" if spaced else "")
    return re.compile(
        rf"<(?:({p}row\b[^>]*)>"
        rf'|{p}c(?: r="([A-Z]{{1,3}})\d+")?(?: s="(\d+)")?(?: t="(\w+)")?([^>/]*)(/?)>{w}'
        rf"(<{p}f\b[^>]*?(?:/>|>[^<]*</{p}f>){w})?"
        rf"(?:<{p}v>([^<]*)</{p}v>|<{p}is>{w}(?:<{p}t>([^<]*)</{p}t>{w}</{p}is>|(.*?)</{p}is>))?)",
        re.S,
    )


@functools.lru_cache(maxsize=8)
def _rich_patterns(prefix: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    p = re.escape(prefix)
    return (
        re.compile(rf"<{p}rPh\b.*?</{p}rPh>", re.S),
        re.compile(rf"<{p}t(?:\s[^>]*)?>([^<]*)</{p}t>"),
        re.compile(rf"<{p}rFont\s+val\s*=\s*[\"']([^\"']*)"),
    )


def _rich_text(body: str, prefix: str) -> tuple[str, str | None]:
    """Text of rich-text runs (phonetic runs left out) and the first legacy run font, if any."""
    phonetic, text, rfont = _rich_patterns(prefix)
    body = phonetic.sub("", body)
    font = next((f for f in rfont.findall(body) if f.strip().lower().startswith((".vn", "vni"))), None)
    return _xml_text("".join(text.findall(body))), font


_BUILTIN_DATE_FORMATS = frozenset([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47])
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_ELAPSED = re.compile(r"\[[hms]+\]", re.I)


def _is_date_format(code: str) -> bool:
    """True for number formats that show a date (d, m, y ... outside quotes and [..] sections)."""
    code = code.split(";")[0]
    if not code or _ELAPSED.search(code):
        return False
    return re.search(r"[dmyhs]", _FORMAT_NOISE.sub("", code), re.I) is not None


def _serial_to_date(x: float, date1904: bool) -> dt.date | None:
    if x < 0 or x > 2958465:
        return None
    days = int(x)
    if date1904:
        return dt.date(1904, 1, 1) + dt.timedelta(days=days)
    if days >= 61:
        return dt.date(1899, 12, 30) + dt.timedelta(days=days)
    if days == 60:  # Excel's 29 February 1900, which never was
        return dt.date(1900, 2, 28)
    return dt.date(1899, 12, 31) + dt.timedelta(days=days)


class _Book:
    """What both workbook readers share: closing, also as a context manager."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


class _Xlsx(_Book):
    """Just enough of an OOXML workbook: sheet names, styles (fonts, dates), strings, cells.

    Every part is read as a stream with bounded memory: the zip's entries are checked before anything is
    decompressed (app.exchange.file_limits), workbook, relationships and styles go through expat keeping
    only the start tags needed (no tree, DOCTYPE refused), shared strings and sheet data are parsed piece
    by piece as they are decompressed, never held whole."""

    def __init__(self, path: Path, display: str, limits: FileLimits = LIMITS):
        self.display, self.limits = display, limits
        self.zip = open_zip(path, display, limits)
        try:
            self._load(display)
        except BaseException:
            self.zip.close()
            raise

    def _load(self, display: str) -> None:
        self.members = {n.lower(): n for n in self.zip.namelist()}
        if "mimetype" in self.members:
            with self._open("mimetype", 4096, "mimetype") as fh:
                kind = fh.read(4096)
            if b"opendocument" in kind:
                raise RosterError(
                    f"Tệp “{display}” là bảng tính OpenDocument (.ods), không phải tệp Excel. "
                    "Hãy mở bằng Excel hoặc LibreOffice, lưu thành .xlsx rồi nhập lại."
                )
        book_path = self._office_document()
        other = {"word/": "văn bản Word (.docx)", "ppt/": "bản trình chiếu PowerPoint (.pptx)"}
        for folder, kind in other.items():
            if book_path.lower().startswith(folder):
                raise RosterError(
                    f"Tệp “{display}” là {kind}, không phải tệp Excel. Hãy chọn đúng tệp danh sách (.xlsx, .xls)."
                )
        if "[content_types].xml" not in self.members:
            raise RosterError(
                f"Tệp “{display}” là một tệp nén (.zip) chứ không phải tệp Excel. "
                "Hãy giải nén, hoặc chọn đúng tệp danh sách (.xlsx, .xls)."
            )
        if book_path.lower().endswith(".bin"):
            raise RosterError(
                f"Tệp “{display}” ở dạng Excel nhị phân (.xlsb), chưa đọc được. "
                "Hãy mở bằng Excel, lưu thành .xlsx rồi nhập lại."
            )
        if self._member(book_path) is None:
            raise _broken(display)
        rels = self._relationships(book_path)
        self.date1904 = False
        self.sheets: list[tuple[str, str, bool]] = []  # (name, member path, visible)
        for tag, parent, _grand, attrib in self._starts(book_path, ("workbookPr", "sheet")):
            if tag == "workbookPr":
                self.date1904 = attrib.get("date1904", "").lower() in ("1", "true")
            elif parent == "sheets":
                rid = next((v for k, v in attrib.items() if k.startswith("{") and _local(k) == "id"), None)
                target = rels.get(rid or "")
                if target and target[1].endswith("/worksheet"):
                    self.sheets.append(
                        (attrib.get("name", ""), target[0], attrib.get("state", "visible") == "visible")
                    )
        by_type = {kind.rsplit("/", 1)[-1]: path for path, kind in rels.values()}
        self.shared_path = by_type.get("sharedStrings")
        self.styles_path = by_type.get("styles")
        self._strings: tuple[list[str], dict[int, str]] | None = None
        self._styles: tuple[dict[str, str | None], frozenset[str]] | None = None

    def sheet_names(self) -> list[str]:
        return [name for name, _path, _visible in self.sheets]

    def close(self) -> None:
        self.zip.close()

    # ------------------------------------------------------------------ package parts
    def _member(self, path: str) -> str | None:
        return self.members.get(path.lstrip("/").lower())

    def _open(self, path: str, allowed: int, what: str):
        name = self._member(path)
        if name is None:
            raise KeyError(path)
        return contextlib.closing(open_part(self.zip, name, self.display, allowed, what))

    def _starts(self, path: str, wanted: tuple[str, ...]) -> list[tuple[str, str, str, dict[str, str]]]:
        with self._open(path, self.limits.max_small_part, f"phần “{path}”") as fh:
            return xml_starts(fh, self.display, path, wanted)

    def _office_document(self) -> str:
        if self._member("_rels/.rels"):
            for _tag, _parent, _grand, attrib in self._starts("_rels/.rels", ("Relationship",)):
                if attrib.get("Type", "").endswith("/officeDocument"):
                    return attrib.get("Target", "").lstrip("/")
        return "xl/workbook.xml"

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        rels_path = posixpath.join(folder, "_rels", name + ".rels")
        out: dict[str, tuple[str, str]] = {}
        if not self._member(rels_path):
            return out
        for _tag, _parent, _grand, attrib in self._starts(rels_path, ("Relationship",)):
            if attrib.get("TargetMode") == "External":
                continue
            target = attrib.get("Target", "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            out[attrib.get("Id", "")] = (path, attrib.get("Type", ""))
        return out

    def _texts(self, path: str, allowed: int, what: str, check: _Check) -> Iterator[str]:
        """A part's text, decoded piece by piece as it is decompressed."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        with self._open(path, allowed, what) as fh:
            while True:
                check()
                data = fh.read(_CHUNK)
                text = decoder.decode(data, final=not data)
                if text:
                    yield text
                if not data:
                    return

    def _prolog(self, texts: Iterator[str], start: re.Pattern, part: str) -> tuple[re.Match | None, str]:
        """Text up to and including the element `start` matches (DOCTYPE and ENTITY refused on the way)."""
        buf = ""
        for text in texts:
            buf += text
            m = start.search(buf)
            head = buf[: m.start()] if m else buf
            if "<!DOCTYPE" in head or "<!ENTITY" in head:
                raise doctype_refused(self.display, part)
            if m:
                return m, buf
            if len(buf) > self.limits.max_row_text:
                raise _broken(self.display)
        return None, buf

    def strings(self, check: _Check = lambda: None) -> tuple[list[str], dict[int, str]]:
        if self._strings is None:
            texts: list[str] = []
            fonts: dict[int, str] = {}
            if self.shared_path and self._member(self.shared_path):
                limits = self.limits
                chunks = self._texts(self.shared_path, limits.max_strings, "bảng chữ dùng chung", check)
                m, buf = self._prolog(chunks, _SST, self.shared_path)
                prefix = (m.group(1) or "") if m else ""
                p = re.escape(prefix)
                pattern = re.compile(
                    rf"<{p}si><{p}t>([^<]*)</{p}t></{p}si>|<{p}si>(.*?)</{p}si>|<{p}si\s*/>", re.S
                )
                ends = re.compile(rf"</{p}si>|<{p}si\s*/>")

                def consume(text: str) -> None:
                    for simple, rich in pattern.findall(text):
                        if rich:
                            text_value, font = _rich_text(rich, prefix)
                            if font:
                                fonts[len(texts)] = font
                            texts.append(text_value)
                        else:
                            texts.append(_xml_text(simple))
                    if len(texts) > limits.max_string_count:
                        raise too_big(
                            self.display,
                            f"hơn {int_text(limits.max_string_count)} chữ trong bảng chữ dùng chung",
                        )

                buf = buf[m.end() :] if m else ""
                for text in chunks:
                    buf += text
                    cut = _last_end(ends, buf, len(text))
                    if cut:
                        consume(buf[:cut])
                        buf = buf[cut:]
                    elif len(buf) > limits.max_row_text:
                        raise too_big(self.display, "một ô chữ quá dài")
                consume(buf)
            self._strings = texts, fonts
        return self._strings

    def styles(self) -> tuple[dict[str, str | None], frozenset[str]]:
        """Font name and date-ness of each cell style, keyed by the style index as written ('' = 0)."""
        if self._styles is None:
            font_of: dict[str, str | None] = {"": None}
            dates: set[str] = set()
            if self.styles_path and self._member(self.styles_path):
                formats: dict[int, str] = {}
                fonts: list[str | None] = []
                xfs: list[tuple[int, int]] = []
                for tag, parent, grand, attrib in self._starts(
                    self.styles_path, ("numFmt", "font", "name", "xf")
                ):
                    if tag == "numFmt" and parent == "numFmts":
                        formats[_int(attrib.get("numFmtId"))] = attrib.get("formatCode", "")
                    elif tag == "font" and parent == "fonts":
                        fonts.append(None)
                    elif (
                        tag == "name"
                        and parent == "font"
                        and grand == "fonts"
                        and fonts
                        and fonts[-1] is None
                    ):
                        fonts[-1] = attrib.get("val")
                    elif tag == "xf" and parent == "cellXfs":
                        xfs.append((_int(attrib.get("numFmtId")), _int(attrib.get("fontId"))))
                for i, (fmt_id, font_id) in enumerate(xfs):
                    font = fonts[font_id] if 0 <= font_id < len(fonts) else None
                    font_of[str(i)] = font
                    if fmt_id in _BUILTIN_DATE_FORMATS or _is_date_format(formats.get(fmt_id, "")):
                        dates.add(str(i))
                if xfs:
                    font_of[""] = font_of["0"]
                    if "0" in dates:
                        dates.add("")
            self._styles = font_of, frozenset(dates)
        return self._styles

    # ------------------------------------------------------------------------- cells
    def _sheet_texts(self, member: str, max_rows: int, check: _Check) -> Iterator[str]:
        """The sheet XML, decompressed piece by piece. A sheet over the row limit is refused by the row
        numbers and row tags met on the way; its claimed <dimension> is never read (a program may write
        A1:XFD1048576 over five rows)."""
        seen = tags = 0
        limits = self.limits
        for text in self._texts(member, limits.max_part, "trang tính", check):
            seen += text.count("<row") + text.count(":row ") + text.count(":row>")
            numbers = _ROW_NUMBER.findall(text, max(0, len(text) - 65536))
            if seen > max_rows or numbers and int(numbers[-1]) > max_rows:
                raise _TooManyRows(None)
            tags += text.count("<c ") + text.count("<c>") + text.count(":c ") + text.count(":c>")
            if tags > limits.max_cell_tags:  # blank formatted cells and those right of MAX_COLUMNS too
                raise too_big(self.display, f"hơn {int_text(limits.max_cell_tags)} ô")
            yield text

    def read_sheet(self, index: int, max_rows: int, fix: _Fix, check: _Check) -> _RawSheet:
        name, path, visible = self.sheets[index]
        member = self._member(path)
        if member is None:
            raise KeyError(path)
        limits = self.limits
        sst, sst_fonts = self.strings(check)
        font_of, date_styles = self.styles()
        date1904 = self.date1904
        rows: list[tuple[int, list]] = []
        strings: dict[tuple[str, str], object] = {}  # (shared-string index, style) -> repaired text
        inline_strings: dict[tuple[str, str], object] = {}
        dates: dict[tuple[str, str], object] = {}
        colmap: dict[str, int] = {}
        formulas: set[tuple[int, int]] = set()
        state: tuple[int, list, int] = (0, [], -1)  # row number, its cells, last column
        kept = 0  # cells kept so far

        def consume(text: str, pattern: re.Pattern, prefix: str) -> None:
            nonlocal state, kept
            rownum, cells, col = state
            n = len(cells)
            for rowattrs, letters, style, ctype, rest, slash, formula, v, inline, rich in pattern.findall(
                text
            ):
                if rowattrs:
                    kept += n
                    if kept > limits.max_cells:
                        raise too_big(self.display, f"hơn {int_text(limits.max_cells)} ô có dữ liệu")
                    m = _ROW_R.search(rowattrs)
                    rownum = int(m.group(1)) if m else rownum + 1
                    if rownum > max_rows:
                        raise _TooManyRows(None)
                    cells = []
                    n = 0
                    rows.append((rownum, cells))
                    col = -1  # the next cell without a reference is in column A
                    continue
                if rest and "=" in rest:  # attributes in an unusual order, or extra ones
                    extra = dict(_ATTR.findall(rest))
                    letters = letters or re.sub(r"[^A-Z]", "", extra.get("r", ""))
                    style = style or extra.get("s", "")
                    ctype = ctype or extra.get("t", "")
                if letters:
                    try:
                        col = colmap[letters]
                    except KeyError:  # columns past the limit map to 0: left out below
                        col = colmap[letters] = _col_number(letters)
                        if col > MAX_COLUMNS:
                            col = colmap[letters] = 0
                elif col < 0:
                    col = 1
                elif col:
                    col = col + 1 if col < MAX_COLUMNS else 0
                if slash or not col:
                    continue
                if formula and not v and not inline and not rich:  # saved by a program, never calculated
                    formulas.add((rownum, col))
                    if len(formulas) > limits.max_cells:
                        raise too_big(self.display, f"hơn {int_text(limits.max_cells)} ô công thức")
                    continue
                if ctype == "s":
                    if not v:
                        continue
                    key = (v, style)
                    try:
                        value = strings[key]
                    except KeyError:
                        i = int(v)
                        value = strings[key] = fix(sst[i], sst_fonts.get(i) or font_of.get(style))
                elif not ctype or ctype == "n":
                    if not v:
                        continue
                    if style in date_styles:
                        key = (v, style)
                        value = dates.get(key, _MISSING)
                        if value is _MISSING:
                            number = float(v)
                            value = dates[key] = _serial_to_date(number, date1904) or _plain_number(number)
                    else:
                        try:
                            value = int(v)
                        except ValueError:
                            value = _plain_number(float(v))
                elif ctype == "inlineStr":
                    key = (inline or rich, style)
                    try:
                        value = inline_strings[key]
                    except KeyError:
                        if rich:
                            text_value, font = _rich_text(rich, prefix)
                        else:
                            text_value, font = _xml_text(inline), None
                        value = inline_strings[key] = fix(text_value, font or font_of.get(style))
                elif ctype == "str":
                    value = fix(_xml_text(v), font_of.get(style))
                elif ctype == "b":
                    value = v.strip() in ("1", "true")
                elif ctype == "d":
                    try:
                        value = dt.datetime.fromisoformat(v.strip()).date()
                    except ValueError:
                        value = fix(v, None)
                elif ctype == "e":
                    continue
                else:
                    value = fix(_xml_text(v), font_of.get(style))
                if value is None:
                    continue
                if col == n + 1:
                    cells.append(value)
                    n = col
                elif col > n:
                    cells.extend([None] * (col - n - 1))
                    cells.append(value)
                    n = col
                else:
                    cells[col - 1] = value
            state = rownum, cells, col

        texts = self._sheet_texts(member, max_rows, check)
        m, buf = self._prolog(texts, _SHEETDATA, path)
        merges: list[tuple[int, int, int, int]] = []
        if m is None:  # no <sheetData> at all: a sheet without cells
            return _RawSheet(name, visible, [], [], set())
        prefix = m.group(1) or ""
        tail = buf[m.end() :]
        if not m.group(2):  # <sheetData> ... </sheetData>: the cells, parsed a piece at a time
            spaced = re.search(r">\s+<", buf[m.end() : m.end() + 65536]) is not None
            pattern = _sheet_pattern(prefix, spaced)
            close = f"</{prefix}sheetData>"
            row_start = f"<{prefix}row"
            buf, fresh = tail, len(tail)
            tail = None
            while tail is None:
                end = buf.find(close, max(0, len(buf) - fresh - len(close)))
                if end >= 0:
                    consume(buf[:end], pattern, prefix)
                    tail = buf[end:]
                    break
                cut = buf.rfind(row_start, max(1, len(buf) - fresh - len(row_start)))
                if cut > 0:
                    consume(buf[:cut], pattern, prefix)
                    buf = buf[cut:]
                elif len(buf) > limits.max_row_text:
                    raise too_big(self.display, "một dòng của trang tính quá dài")
                text = next(texts, None)
                if text is None:  # cut off before the end of the cells
                    raise zipfile.BadZipFile("sheet data is not closed")
                buf += text
                fresh = len(text)
        # the merged cells follow the cells: read as the rest comes, keeping only a small carry-over
        carry = ""
        for text in itertools.chain([tail], texts):
            text = carry + text
            cut = text.rfind(">") + 1
            for a, r1, b, r2 in _MERGE.findall(text, 0, cut):
                c1 = _col_number(a)
                merges.append((int(r1), c1, int(r2 or r1), _col_number(b) if b else c1))
            if len(merges) > limits.max_cells:
                raise too_big(self.display, "quá nhiều ô gộp")
            carry = text[cut:][-65536:]
        return _RawSheet(name, visible, [r for r in rows if r[1]], merges, formulas)


def _last_end(ends: re.Pattern, buf: str, fresh: int) -> int:
    """Where the last complete element `ends` closes, looking only at the newest `fresh` characters
    and a little before them (an end tag cut by the piece boundary); 0 when there is none. What lies
    before holds no complete end tag: it was cut there last time."""
    last = 0
    for m in ends.finditer(buf, max(0, len(buf) - fresh - 256)):
        last = m.end()
    return last


def _int(text: str | None) -> int:
    try:
        return int(text or "0")
    except ValueError:
        return 0


def _plain_number(x: float) -> int | float:
    return int(x) if x.is_integer() else x


# --------------------------------------------------------------------------------- xls
class _Xls(_Book):
    def __init__(self, path: Path, display: str, limits: FileLimits = LIMITS):
        import xlrd

        self.limits, self.book_display = limits, display
        self.xlrd = xlrd
        self.book = xlrd.open_workbook(
            file_contents=path.read_bytes(),
            formatting_info=True,
            on_demand=True,
            ragged_rows=True,  # rows as long as their cells: never padded to the widest row
            logfile=_NullLog(),
        )
        self.names = self.book.sheet_names()
        self.xf_font = [self.book.font_list[xf.font_index].name for xf in self.book.xf_list]

    def sheet_names(self) -> list[str]:
        return list(self.names)

    def close(self) -> None:
        self.book.release_resources()

    def read_sheet(self, index: int, max_rows: int, fix: _Fix, check: _Check) -> _RawSheet:
        xlrd = self.xlrd
        sh = self.book.sheet_by_index(index)
        if sh.nrows > max_rows:
            raise _TooManyRows(sh.nrows)
        datemode, xf_font = self.book.datemode, self.xf_font
        text_t, number_t, date_t, bool_t = (
            xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE, xlrd.XL_CELL_BOOLEAN,
        )  # fmt: skip
        rows = []
        kept = 0
        for r in range(sh.nrows):
            if r % 1000 == 0:
                check()
            cells: list = []
            for c, (ctype, value) in enumerate(zip(sh.row_types(r), sh.row_values(r), strict=False)):
                if c >= MAX_COLUMNS:
                    break
                if ctype == text_t:
                    value = fix(value, xf_font[sh.cell_xf_index(r, c)]) if value else None
                elif ctype == number_t:
                    value = _plain_number(value)
                elif ctype == date_t:
                    try:
                        value = xlrd.xldate_as_datetime(value, datemode).date()
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        value = _plain_number(float(value))
                elif ctype == bool_t:
                    value = bool(value)
                else:
                    continue
                if value is not None:
                    cells.extend([None] * (c - len(cells)))
                    cells.append(value)
            if cells:
                rows.append((r + 1, cells))
                kept += len(cells)
                if kept > self.limits.max_cells:
                    raise too_big(self.book_display, f"hơn {int_text(self.limits.max_cells)} ô có dữ liệu")
        merges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sh.merged_cells]
        visible = getattr(sh, "visibility", 0) == 0
        self.book.unload_sheet(index)
        return _RawSheet(self.names[index], visible, rows, merges)


class _NullLog:
    def write(self, _s: str) -> None:  # xlrd's warnings would go to stdout otherwise
        pass


# ============================================================================ headers
def _norm(text: str) -> str:
    """Folded, punctuation turned into spaces: "Khoa/Phòng" -> "khoa phong"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


_KIND_PATTERNS: list[tuple[str, re.Pattern]] = [
    (kind, re.compile(pattern))
    for kind, pattern in [
        ("seq", r"(so )?(tt|stt|thu tu)|s tt"),
        ("full_name", r"ho (va |and )?ten( .*)?|ten can bo( .*)?|ho ten khai sinh"),
        ("family_name", r"ho( va)?( chu)? dem|ho"),
        ("given_name", r"ten"),
        ("gender", r"gioi tinh( .*)?|gioi|phai|gt|nam nu|nam hoac nu"),
        ("health_sector_since", r"(.* )?vao nganh( .*)?"),
        ("birth_date", r"(ngay )?(thang )?nam sinh( .*)?|ngay (thang )?sinh( .*)?|sinh ngay( .*)?|ns"),
        ("_known", r"chuc vu (dang|doan|cong doan|kiem nhiem)( .*)?"),
        (
            "staff_code",
            r"(ma( so)?|so hieu) (can bo|cb|vien chuc|vc|cong chuc|nhan vien|nv|cbvc|ccvc|cbccvc)|so hieu",
        ),
        ("position", r"chuc vu( .*)?|chuc danh lanh dao( .*)?|chuc danh quan ly( .*)?"),
        ("_chuc_danh", r"chuc danh"),
        ("professional_title", r"chuc danh( .*)?|ngach( .*)?|hang( .*)?|ma ngach( .*)?"),
        (
            "department",
            r"(khoa|phong|ban|tram|don vi|bo phan|co quan|noi)"
            r"( (khoa|phong|ban|tram|don vi|bo phan|co quan|cong tac|lam viec|hien nay|truc thuoc|chuyen mon))*",
        ),
        ("ethnicity", r"dan toc( .*)?"),
        ("phone", r"(so )?(dien thoai|dt|sdt|dtdd|di dong)( .*)?|mobile|phone"),
        ("note", r"ghi chu( .*)?"),
        (
            NOMINATED_AWARD,
            r"(?:(?:hinh thuc|danh hieu)(?: (?:thi dua|khen thuong))? (?:va |hoac )?)+de nghi(?: .*)?"
            r"|hinh thuc khen thuong(?: .*)?|de nghi(?: .*)?",
        ),
        (
            REGISTERED_TITLE,
            r"(danh hieu|dang ky)( thi dua)?( (dang ky|phan dau|danh hieu))?( thi dua)?( nam \d{4})?",
        ),
        (
            "_known",
            r"(que quan|noi sinh|trinh do|chuyen mon|chuyen nganh|ton giao|dia chi|cccd|cmnd|can cuoc|ma so"
            r"|so hieu|hinh thuc|danh hieu|thanh tich|ngay vao dang|dang vien|xep loai|hoc ham|hoc vi|bac luong"
            r"|he so|muc luong|nam cong tac|so nam|tham nien|ly do|noi dung|ky nhan|chu ky|email|e mail"
            r"|ly luan|ngoai ngu|tin hoc|ngay tuyen dung|ngay bo nhiem|hop dong|bien che|khen thuong|ky luat"
            r"|thoi gian|ngay cap|noi cap|tom tat|ket qua|quoc tich|tinh trang)( .*)?",
        ),
    ]
]
_CORE_KINDS = {"seq", "full_name", "family_name", "birth_date", "gender"}
_LABEL_VALUE = re.compile(r":\s*\S")


@functools.lru_cache(maxsize=4096)
def _header_kind(text: str) -> str | None:
    """What a header cell names: a field code, '_known' (a header with no field), '_chuc_danh' or None."""
    if not text or len(text) > 80 or _LABEL_VALUE.search(text):
        return None
    norm = _norm(text)
    if norm in ("noi", "ban"):
        return None
    for kind, pattern in _KIND_PATTERNS:
        if pattern.fullmatch(norm):
            return kind
    return None


def _sex_word(text: object) -> str | None:
    """'male' / 'female' for a sub-header "Nam" / "Nữ" ("Năm" is a year, not a sex)."""
    if not isinstance(text, str):
        return None
    low = text.strip().lower()
    if low == "nam":
        return "male"
    if low in ("nữ", "nu"):
        return "female"
    return None


def _column_guess(texts: list[str]) -> str | None:
    """Guess from the header texts of one column, top to bottom (already deduplicated)."""
    if not texts:
        return None
    lower, upper = texts[-1], texts[:-1]
    sex = _sex_word(lower) or (_sex_word(lower.split()[-1]) if len(texts) == 1 and " " in lower else None)
    if sex:
        kinds = {_header_kind(t) for t in upper} or {_header_kind(" ".join(lower.split()[:-1]))}
        if not upper and " " not in lower or kinds & {"birth_date", "gender"}:
            return f"birth_date_{sex}"
        return None
    kind = _header_kind(lower)
    if kind is None and upper:
        kind = _header_kind(" ".join(texts)) or _header_kind(upper[0])
    return kind


def _resolve_guesses(raw: list[str | None], headers: list[str]) -> list[str | None]:
    """One column per field; plain "Chức danh" is the position unless a "Chức vụ" column exists."""
    has_position = "position" in raw
    kinds = [("professional_title" if has_position else "position") if k == "_chuc_danh" else k for k in raw]
    out: list[str | None] = [None] * len(kinds)
    # Khoa/phòng beats a plain "Đơn vị" for the department; otherwise the leftmost column wins.
    order = sorted(
        range(len(kinds)),
        key=lambda i: (kinds[i] == "department" and not re.search(r"\b(khoa|phong)\b", _norm(headers[i])), i),
    )
    taken: set[str] = set()
    for i in order:
        k = kinds[i]
        if k and not k.startswith("_") and k not in taken:
            out[i] = k
            taken.add(k)
    return out


# ======================================================================== row classes
_TOTAL = re.compile(r"(tong cong|tong so|cong|tong)( co)?( \d+.*| nguoi.*| so.*| can bo.*)?")
_TOTAL_STARTS = {"tổng", "cộng", "tong", "cong"}
_SIGNATURE = re.compile(
    r"\b(nguoi lap|lap bieu|thu truong|giam doc|truong phong|truong khoa|chu tich|ke toan truong|xac nhan"
    r"|ky ten|ky ghi ro|ghi ro ho ten|dong dau|nguoi duyet|nguoi ky|noi nhan|luu vt|hieu truong|bi thu)\b"
    r"|^(t m|tm|kt|q|tl|tuq)\b"
)
_PLACE_DATE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b|, ngay \d")
_ROMAN = re.compile(r"(?:[IVXL]+|[A-Z])(?:[.)/:\-]\s*.*)?")
_GROUP_TEXT = re.compile(r"(?:[IVXL]+|[A-Z])[.)/:\-]\s+\S.*")
_COLUMN_NUMBER = re.compile(r"\(?\s*(\d{1,3})\s*\)?")
_DATE_TEXT = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}")


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _is_column_number_row(cells: list) -> bool:
    numbers = []
    for v in cells:
        if v is None:
            continue
        if _is_number(v) and float(v).is_integer():
            numbers.append(int(v))
        elif isinstance(v, str) and (m := _COLUMN_NUMBER.fullmatch(v)):
            numbers.append(int(m.group(1)))
        else:
            return False
    return (
        len(numbers) >= 2
        and all(b > a for a, b in zip(numbers, numbers[1:], strict=False))
        and numbers[0] <= 3
    )


def _has_date(cells: list) -> bool:
    for v in cells:
        if isinstance(v, dt.date) or isinstance(v, str) and _DATE_TEXT.search(v):
            return True
    return False


def _is_total(cells: list) -> bool:
    for v in cells:
        if type(v) is str and v[:4].lower() in _TOTAL_STARTS and _TOTAL.fullmatch(_norm(v)):
            return True
    return False


def _is_signature(cells: list, name_col: int | None) -> bool:
    texts = [_norm(v) for v in cells if isinstance(v, str)]
    if not any(_SIGNATURE.search(t) or _PLACE_DATE.search(t) for t in texts):
        return False
    name = cells[name_col] if name_col is not None and name_col < len(cells) else None
    if isinstance(name, str):
        n = _norm(name)
        return bool(_SIGNATURE.search(n) or _PLACE_DATE.search(n) or n.startswith(("ky", "dong dau")))
    return name is None


def _seq_number(v: object) -> bool:
    if _is_number(v):
        return 0 < v < 1_000_000
    return isinstance(v, str) and v.rstrip(".").isdigit()


# ============================================================================== reading
def _without_gc(func):
    """Pause the cyclic garbage collector while reading: the reader makes many small objects
    and no cycles, and the collector's passes over them cost 10-15 % of the time."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


@_without_gc
def read_roster(
    path: str | Path,
    sheet: str | None = None,
    max_rows: int = LIMITS.max_rows,
    cancelled: Callable[[], bool] | None = None,
    limits: FileLimits = LIMITS,
) -> RosterSheet:
    """Read a staff list from a .xlsx or .xls file. Raises RosterError; never returns part of a file.
    ``cancelled`` is asked now and then; when it turns true the reading stops with RosterCancelled."""

    def check() -> None:
        if cancelled is not None and cancelled():
            raise RosterCancelled()

    path = Path(path)
    display = path.name
    book = open_spreadsheet(path, display, limits, error=RosterError)
    try:
        names = book.sheet_names()
        if not names:
            raise RosterError(f"Tệp “{display}” không có trang tính nào. Hãy kiểm tra lại tệp.")
        if sheet is not None:
            matches = [i for i, n in enumerate(names) if n == sheet] or [
                i for i, n in enumerate(names) if fold(n).strip() == fold(sheet).strip()
            ]
            if not matches:
                raise RosterError(
                    f"Tệp “{display}” không có trang “{sheet}”. Các trang có trong tệp: {', '.join(names)}."
                )
            candidates = matches[:1]
        else:  # the first visible sheet that holds a list
            candidates = list(range(len(names)))
        first_error: RosterError | None = None
        for index in candidates:
            fix, encodings = make_fixer()
            with sheet_reading(display, max_rows, RosterError):
                raw = book.read_sheet(index, max_rows, fix, check)
            if sheet is None and not raw.visible and len(candidates) > 1:
                continue
            check()
            try:
                with sheet_reading(display, max_rows, RosterError):  # odd cells end as a refusal too
                    return _build(display, raw, names, _legacy(encodings))
            except RosterCancelled:
                raise
            except RosterError as exc:
                if sheet is not None:
                    raise
                first_error = first_error or exc
        raise first_error or RosterError(
            f"Tệp “{display}” không có trang tính nào đang hiện. Hãy kiểm tra lại tệp."
        )
    finally:
        book.close()


def open_spreadsheet(
    path: str | Path,
    display: str | None = None,
    limits: FileLimits = LIMITS,
    error: type[UserError] = FileRefused,
) -> _Xlsx | _Xls:
    """The one low-level reader of outside spreadsheets (staff lists, registration lists, history
    workbooks): the kind judged by content, the zip's entries checked, nothing parsed yet. Close it.
    Any failure is an `error` (a UserError) saying what is wrong with the file."""
    path = Path(path)
    display = display or path.name
    with sheet_reading(display, limits.max_rows, error):
        kind = spreadsheet_kind(path, display, limits)
        return _Xlsx(path, display, limits) if kind == "xlsx" else _Xls(path, display, limits)


@contextlib.contextmanager
def sheet_reading(display: str, max_rows: int, error: type[UserError] = FileRefused):
    """Turn whatever a damaged or odd file makes the readers throw into one `error` (a UserError) with
    a Vietnamese message (app.exchange.file_limits.reading); a cancel passes through as it is."""
    try:
        with reading(display):
            try:
                yield
            except _TooManyRows as exc:
                raise _too_many(display, exc.rows, max_rows) from None
    except FileRefused as exc:
        if isinstance(exc, error):
            raise
        raise error(str(exc)) from exc
    except UserError as exc:
        if isinstance(exc, error | RosterCancelled):
            raise
        raise error(str(exc)) from exc


def _empty_error(display: str, sheet: str) -> RosterError:
    return RosterError(
        f"Trang “{sheet}” của tệp “{display}” không có dữ liệu. Hãy chọn đúng trang có danh sách cán bộ."
    )


def make_fixer() -> tuple[_Fix, Counter[str]]:
    """repair() with a cache, counting the encodings met (for RosterSheet.legacy)."""
    cache: dict[tuple[str, str | None], str | None] = {}
    encodings: Counter[str] = Counter()

    def fix(value: str, font: str | None) -> str | None:
        key = (value, font)
        try:
            return cache[key]
        except KeyError:
            pass
        if value.isascii() and not (font and is_uppercase_font(font)):
            # Legacy codes are all above ASCII: plain ASCII (numbers, dates, codes) only needs cleaning.
            # A .VnTimeH cell is the exception: its lowercase codes stand for capitals.
            cache[key] = fixed = clean(value) or None
            return fixed
        fixed = cache[key] = repair(value, font) or None
        if not value.isascii():
            # Legacy text is Latin-1 only and comes out with Vietnamese letters beyond it.
            if max(value) > "\xff":
                encodings["unicode"] += 1
            elif fixed and max(fixed) > "\xff":
                lowered = (font or "").strip().lower()
                enc = "tcvn3" if lowered.startswith(".vn") else "vni" if lowered.startswith("vni") else None
                encodings[enc or detect_legacy(value)] += 1
        return fixed

    return fix, encodings


def _legacy(encodings: Counter[str]) -> str:
    kinds = [k for k in ("tcvn3", "vni", "unicode") if encodings[k]]
    return "mixed" if len(kinds) > 1 else kinds[0] if kinds else "unicode"


def _build(display: str, raw: _RawSheet, names: list[str], legacy: str) -> RosterSheet:
    rows = raw.rows
    if not rows:
        raise _empty_error(display, raw.name)

    # ---- the header: first row naming several known columns
    top = None
    for pos, (_rownum, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = [_header_kind(v) for v in cells if isinstance(v, str)]
        found = [k for k in found if k]
        if len(found) >= 2 and _CORE_KINDS.intersection(found):
            top = pos
            break
    if top is None:
        raise RosterError(
            f"Không tìm thấy dòng tiêu đề (Họ và tên, Ngày sinh …) trong trang “{raw.name}” của tệp “{display}”. "
            "Danh sách cần một dòng tiêu đề ghi tên các cột như “Họ và tên”, “Giới tính”, “Ngày sinh”, "
            "“Chức vụ”. Hãy kiểm tra đúng tệp, đúng trang, thêm dòng tiêu đề nếu thiếu rồi nhập lại."
        )
    skipped: list[tuple[int, str]] = [(r, SKIP_TITLE) for r, _ in rows[:top]]
    header = [rows[top]]
    merges = raw.merges
    name_col = next((i for i, v in enumerate(rows[top][1]) if _header_kind(v or "") == "full_name"), None)
    nxt = top + 1
    while nxt < len(rows) and len(header) < 3 and _is_sub_header(rows[nxt], header, merges, name_col):
        header.append(rows[nxt])
        nxt += 1
    header_row = header[-1][0]

    # ---- column texts, the upper rows spread over the columns they stand above
    width = min(MAX_COLUMNS, max(len(c) for _, c in rows))
    grid = [list(cells) + [None] * (width - len(cells)) for _, cells in header]
    header_rows = [r for r, _ in header]
    for r1, c1, r2, c2 in merges:
        if r1 in header_rows and (r2 > r1 or c2 > c1):
            value = grid[header_rows.index(r1)][c1 - 1] if c1 <= width else None
            for k, r in enumerate(header_rows):
                if r1 <= r <= r2:
                    for c in range(c1, min(c2, width) + 1):
                        if grid[k][c - 1] is None:
                            grid[k][c - 1] = value
    for k in range(len(grid) - 1):  # no merge information: infer groups such as Ngày sinh | Nam Nữ
        upper = grid[k]
        below = [any(isinstance(g[c], str) for g in grid[k + 1 :]) for c in range(width)]
        for c in range(1, width):
            if upper[c] is None and below[c]:
                left = c - 1
                while left >= 0 and upper[left] is None and below[left]:
                    left -= 1
                if left >= 0 and upper[left] is not None and below[left]:
                    upper[c] = upper[left]
    texts: list[list[str]] = []
    for c in range(width):
        col_texts: list[str] = []
        for g in grid:
            v = g[c]
            t = v if isinstance(v, str) else (str(v) if v is not None else "")
            if t and (not col_texts or col_texts[-1] != t):
                col_texts.append(t)
        texts.append(col_texts)
    headers = [" ".join(t) for t in texts]
    raw_guesses = [_column_guess(t) for t in texts]
    guesses = _resolve_guesses(raw_guesses, headers)

    # ---- data rows
    seq_col = guesses.index("seq") if "seq" in guesses else None
    name_col = next(
        (i for i, g in enumerate(guesses) if g in ("full_name", "family_name", "given_name")), name_col
    )
    gender_col = guesses.index("gender") if "gender" in guesses else None
    person_after: list[bool] | None = None
    kept: list[tuple[int, list]] = []
    blank_run = False
    with_seq = 0
    trailer = False
    prev_row = header_row
    for pos in range(nxt, len(rows)):
        rownum, cells = rows[pos]
        if rownum > prev_row + 1:
            blank_run = True
        prev_row = rownum
        if trailer:
            skipped.append((rownum, SKIP_SIGNATURE))
            continue
        if not kept and pos <= nxt + 1 and _is_column_number_row(cells):
            skipped.append((rownum, SKIP_NUMBERS))
            continue
        seq = cells[seq_col] if seq_col is not None and seq_col < len(cells) else None
        has_seq = _seq_number(seq)
        if _is_total(cells[: (name_col or 0) + 2] if has_seq else cells):
            skipped.append((rownum, SKIP_TOTAL))
            continue
        if not has_seq:
            if _is_signature(cells, name_col) and not any(isinstance(v, dt.date) for v in cells):
                if person_after is None:  # computed once, from the bottom up
                    person_after = [False] * (len(rows) + 1)
                    for q in range(len(rows) - 1, nxt - 1, -1):
                        person_after[q] = person_after[q + 1] or _person_like(rows[q][1], seq_col, gender_col)
                if not person_after[pos + 1]:  # nobody listed below: the signature block
                    trailer = True
                    skipped.append((rownum, SKIP_SIGNATURE))
                    continue
            dated = _has_date(cells)
            if not dated and _is_group_row(cells, seq, seq_col):
                skipped.append((rownum, SKIP_GROUP))
                continue
            if not dated and blank_run and kept and with_seq >= 3 and with_seq >= 0.9 * len(kept):
                skipped.append((rownum, SKIP_OUTSIDE))
                continue
        else:
            with_seq += 1
        blank_run = False
        kept.append((rownum, cells))

    # ---- vertical merges inside the data. Excel shows a merged cell's value once, in its first row, and
    # so does this: only a unit or department written once for several people fills down. A name cell
    # merged over rows is one person: the rows below are the rest of that person (their cells complete
    # the first row), or, when a row has an STT of its own, someone whose name the file does not give.
    merged_names: dict[int, int] = {}
    if merges and kept:
        where = {r: i for i, (r, _) in enumerate(kept)}
        continued: set[int] = set()
        for r1, c1, r2, _c2 in sorted(merges):
            if not (r2 > r1 and r1 > header_row and r1 in where and c1 <= width):
                continue
            guess = guesses[c1 - 1] if c1 - 1 < len(guesses) else None
            cells = kept[where[r1]][1]
            value = cells[c1 - 1] if c1 - 1 < len(cells) else None
            if value is None:
                continue
            for r in range(r1 + 1, r2 + 1):
                if r not in where or r in continued:
                    continue
                target = kept[where[r]][1]
                if guess == "department":
                    if len(target) < c1:
                        target.extend([None] * (c1 - len(target)))
                    if target[c1 - 1] is None:
                        target[c1 - 1] = value
                elif guess in NAME_FIELDS:
                    seq = target[seq_col] if seq_col is not None and seq_col < len(target) else None
                    if _seq_number(seq):
                        merged_names[r] = r1
                        continue
                    continued.add(r)
                    for c, v in enumerate(target):
                        if v is not None and (c >= len(cells) or cells[c] is None):
                            cells.extend([None] * (c + 1 - len(cells)))
                            cells[c] = v
        if continued:
            kept = [(r, c) for r, c in kept if r not in continued]
            skipped.extend((r, SKIP_CONTINUED) for r in sorted(continued))
            skipped.sort()

    used = max([len(c) for _, c in header] + [len(c) for _, c in kept])
    last = max((i + 1 for i, h in enumerate(headers) if h), default=0)
    width = min(MAX_COLUMNS, max(used, last))
    columns = [Column(i, headers[i] if i < len(headers) else "", guesses[i] if i < len(guesses) else None)
               for i in range(width)]  # fmt: skip
    source = [
        SourceRow(r, tuple(c[:width]) + (None,) * (width - len(c)) if len(c) < width else tuple(c[:width]))
        for r, c in kept
    ]
    rows_kept = {r for r, _ in kept}
    formulas = frozenset((r, c - 1) for r, c in raw.formulas if r in rows_kept and c <= width)
    titles = tuple(
        line
        for _r, cells in rows[:top]
        if (line := " ".join(str(v).strip() for v in cells if v not in (None, "")))
    )
    return RosterSheet(
        display, raw.name, names, header_row, columns, source, legacy, skipped, formulas, merged_names, titles
    )


def _is_sub_header(candidate, header, merges, name_col) -> bool:
    rownum, cells = candidate
    values = [v for v in cells if v is not None]
    if not values or not all(isinstance(v, str) for v in values) or _is_column_number_row(cells):
        return False
    if _has_date(values):
        return False
    prev_row, prev_cells = header[-1]
    if rownum != prev_row + 1:
        return False
    for r1, c1, r2, c2 in merges:  # a header cell merged down into this row, or across a group below it
        if r1 != prev_row:
            continue
        under = sum(1 for c in range(c1, c2 + 1) if c - 1 < len(cells) and cells[c - 1] is not None)
        if r2 >= rownum or c2 > c1 and under >= 2:
            return True
    known = [v for v in values if _header_kind(v) or _sex_word(v)]
    if name_col is not None:
        under_name = cells[name_col] if name_col < len(cells) else None
        if under_name is not None and not _header_kind(under_name):
            return False
        return bool(known)
    return len(known) == len(values)


def _person_like(cells: list, seq_col: int | None, gender_col: int | None) -> bool:
    """A row that surely lists a person: a number in STT, a real date, or Nam/Nữ in the gender column."""
    if seq_col is not None and seq_col < len(cells) and _seq_number(cells[seq_col]):
        return True
    if gender_col is not None and gender_col < len(cells) and _gender_word(cells[gender_col]):
        return True
    return any(isinstance(v, dt.date) for v in cells)


def _is_group_row(cells: list, seq: object, seq_col: int | None) -> bool:
    values = [v for v in cells if v is not None]
    if len(values) > 2:
        return False
    if isinstance(seq, str) and _ROMAN.fullmatch(seq.strip()):
        return True
    first = values[0]
    return isinstance(first, str) and bool(_GROUP_TEXT.fullmatch(first.strip()))


# ============================================================================= mapping
def guess_mapping(sheet: RosterSheet, fields: dict[str, str] = FIELDS) -> dict[int, str]:
    """Column index -> field code for the columns whose header was recognised as one of ``fields``."""
    return {c.index: c.guess for c in sheet.columns if c.guess in fields}


# ============================================================================= parsing
_MARKS = {"x", "v", "✓", "✔", "+", "*", "1", "có", "co"}
_MALE = {"nam", "m", "male", "trai", "ong"}
_FEMALE = {"nu", "f", "female", "gai", "ba"}
_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{4})")


@dataclass(frozen=True)
class _When:
    date: dt.date | None = None
    year: int | None = None
    month: int | None = None  # with year, for month/year values
    bad: bool = False


def _two_digit_year(yy: int) -> int:
    return 2000 + yy if yy <= dt.date.today().year % 100 else 1900 + yy


@functools.lru_cache(maxsize=65536)
def _when_text(text: str) -> _When:
    s = text.strip().rstrip(".")
    s = s.split(" ")[0] if re.fullmatch(r"\S+\s+\d{1,2}:\d{2}(:\d{2})?", s) else s
    try:
        if m := _DMY.fullmatch(s):
            d, mth, y = int(m.group(1)), int(m.group(3)), m.group(4)
            year = int(y) if len(y) == 4 else _two_digit_year(int(y))
            return _When(date=dt.date(year, mth, d))
        if m := _YMD.fullmatch(s):
            return _When(date=dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        if s.isdigit() and len(s) == 4:
            return _When(year=int(s))
        if s.isdigit() and len(s) in (7, 8):  # ddmmyyyy written without separators
            s = s.zfill(8)
            return _When(date=dt.date(int(s[4:]), int(s[2:4]), int(s[:2])))
        if m := _MY.fullmatch(s):
            month, year = int(m.group(1)), int(m.group(2))
            return _When(year=year, month=month) if 1 <= month <= 12 else _When(bad=True)
    except ValueError:
        return _When(bad=True)
    return _When(bad=True)


def _when(value: object) -> _When | None:
    """Parse a date cell; None when the cell is empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _When(date=value.date())
    if isinstance(value, dt.date):
        return _When(date=value)
    if isinstance(value, bool):
        return _When(bad=True)
    if isinstance(value, int | float):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return _When(year=int(value))
        if float(value).is_integer() and 1_000_000 <= value <= 31_129_999:
            return _when_text(str(int(value)))
        day = _serial_to_date(value, False) if 367 <= value <= 80_000 else None
        return _When(date=day) if day else _When(bad=True)
    return _when_text(str(value))


def read_when(value: object) -> _When | None:
    """A date cell as the lists write it (a real date, dd/mm/yyyy or dd-mm-yyyy text, a bare year); None if empty."""
    return _when(value)


def _show(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    return _show(value)


def _phone(value: object) -> str | None:
    if _is_number(value) and float(value).is_integer():
        digits = str(int(value))
        return "0" + digits if 8 <= len(digits) <= 10 else digits
    return _text(value)


def _gender_word(value: object) -> str | None | bool:
    """'MALE'/'FEMALE', None for empty, False for something unreadable."""
    if value is None or value == "":
        return None
    norm = _norm(_show(value))
    if norm in _MALE:
        return "MALE"
    if norm in _FEMALE:
        return "FEMALE"
    return False


def _is_mark(value: object) -> bool:
    if _is_number(value):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in _MARKS


_FETCH_ORDER = (
    "seq", "full_name", "family_name", "given_name", "gender", "birth_date", "birth_date_male",
    "birth_date_female", "staff_code", "position", "professional_title", "department", "ethnicity", "phone",
    "health_sector_since", "note",
)  # fmt: skip


@_without_gc
def parse_people(sheet: RosterSheet, mapping: dict[int, str]) -> list[PersonRow]:
    """Turn the rows into people using ``mapping`` (column index -> field code)."""
    width = len(sheet.columns)
    ix: dict[str, tuple[int, ...]] = {code: () for code in FIELDS}
    for index, code in sorted(mapping.items()):
        if code in FIELDS and 0 <= index < width:
            ix[code] += (index,)
    today = dt.date.today()
    has_gender = bool(ix["gender"])
    has_male, has_female = bool(ix["birth_date_male"]), bool(ix["birth_date_female"])
    split_name = bool(ix["family_name"] or ix["given_name"])
    names: dict[object, str | None] = {}
    formulas, merged_from = sheet.formulas, sheet.merged_names
    mapped = sorted((index, code) for index, code in mapping.items() if code in FIELDS and 0 <= index < width)
    genders: dict[object, str | None | bool] = {}
    whens: dict[object, _When | None] = {}
    # One C-level call fetches every field; an unmapped field reads the None added after the row.
    order = _FETCH_ORDER
    fetch = operator.itemgetter(*[ix[code][0] if ix[code] else width for code in order])
    several = [(order.index(code), indices) for code, indices in ix.items() if len(indices) > 1]
    pad = (None,)

    def pick(cells: tuple, indices: tuple[int, ...]) -> object:
        for i in indices:
            v = cells[i]
            if v is not None:
                return v
        return None

    def when_of(value: object) -> _When | None:
        w = whens.get(value, _MISSING)
        if w is _MISSING:
            w = whens[value] = _when(value)
        return w

    def text(value: object) -> str | None:
        return value if type(value) is str else _text(value)

    people = []
    for source in sheet.rows:
        cells = source.cells
        if len(cells) != width:
            cells = (cells + (None,) * width)[:width]
        values = fetch(cells + pad)
        if several:
            values = list(values)
            for position, indices in several:
                values[position] = pick(cells, indices)
        (_seq, name, family, given, word, raw_birth, male, female, code, position, title, department, ethnicity,
         phone, raw_since, note) = values  # fmt: skip
        problems: list[str] = []
        uncalculated = ()
        if formulas:
            uncalculated = [code for index, code in mapped if (source.row, index) in formulas]
            problems.extend(f"{FIELDS[code]}: {FORMULA_NO_VALUE}" for code in uncalculated)
        if name is None and split_name:
            parts = [text(family), text(given)]
            name = " ".join(p for p in parts if p) or None
        full_name = names.get(name, _MISSING)
        if full_name is _MISSING:
            full_name = names[name] = (proper_case_name(_show(name)) or None) if name is not None else None
        if not full_name:
            if source.row in merged_from:
                problems.append(
                    f"{MISSING_NAME}: ô Họ và tên gộp chung với dòng {merged_from[source.row]} "
                    "(bỏ gộp ô rồi ghi tên người này)"
                )
            elif not any(code in NAME_FIELDS for code in uncalculated):
                problems.append(MISSING_NAME)

        # ---- sex: a gender column, and/or the column the birth date (or an x) stands in
        gender = None
        parsed = genders.get(word, _MISSING)
        if parsed is _MISSING:
            parsed = genders[word] = _gender_word(word)
        if parsed is False:
            problems.append(f"Không rõ giới tính: “{_show(word)}”")
        elif parsed:
            gender = parsed
        by_column = None
        if male is not None and female is not None:
            problems.append("Có ngày sinh ở cả cột Nam và cột Nữ")
        elif male is not None:
            by_column = "MALE"
        elif female is not None:
            by_column = "FEMALE"
        elif not has_gender and has_male != has_female:  # one column of marks: empty means the other sex
            by_column = "FEMALE" if has_male else "MALE"
        if by_column and gender and by_column != gender:
            column = "Nam" if by_column == "MALE" else "Nữ"
            problems.append(f"Giới tính ghi “{_show(word)}” nhưng ngày sinh (hoặc dấu x) ở cột {column}")
        gender = gender or by_column  # may stay unknown: many lists have no sex column at all

        # ---- birth date or year
        birth_date = birth_year = None
        if raw_birth is None:
            for candidate in (male, female):
                if candidate is not None and not _is_mark(candidate):
                    raw_birth = candidate
                    break
        when = when_of(raw_birth)
        if when is not None:
            if when.date and 1900 <= when.date.year and when.date <= today:
                birth_date, birth_year = when.date, when.date.year
            elif when.year and not when.date and 1900 <= when.year <= today.year:
                birth_year = when.year
            elif when.year and not when.date:
                problems.append(f"Năm sinh không hợp lệ: {_show(raw_birth)}")
            else:
                problems.append(f"Ngày sinh không hợp lệ: {_show(raw_birth)}")

        # ---- joining the health sector (a month/year or a year is kept as its first day)
        since = None
        when = when_of(raw_since)
        if when is not None:
            year = when.date.year if when.date else when.year
            if when.bad or not year or not 1900 <= year <= today.year:
                problems.append(f"Ngày vào ngành không hợp lệ: {_show(raw_since)}")
            else:
                since = when.date or dt.date(year, when.month or 1, 1)

        people.append(
            PersonRow(
                source.row,
                full_name,
                gender,
                birth_date,
                birth_year,
                text(code),
                text(position),
                text(title),
                text(department),
                text(ethnicity),
                _phone(phone),
                since,
                text(note),
                tuple(problems),
            )
        )
    return people
