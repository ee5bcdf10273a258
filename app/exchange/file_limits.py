"""What any file brought in from outside may hold, checked before it is parsed.

Every reader of outside files (staff lists, registration lists, history workbooks, USB packages) shares
these limits: a zip's entries are checked from their headers before anything is decompressed (how many,
how big each part and all together, how strongly compressed) and again while the bytes come out, since
headers can lie. Sheets are read row by row with bounded rows and columns; a sheet's claimed dimension is
never trusted. A failure ends in one `FileRefused` that says, in Vietnamese, what is wrong with the file.

The pieces: `sniff` (what a file is by its first bytes; missing, folder, unreadable, empty refused) and
`spreadsheet_kind` (.xlsx or .xls, else the reason); `open_zip` (entries checked on opening) and
`open_part` (one part as a `BoundedReader`); `xml_starts` (the start tags a reader needs, through expat
without building a tree, any DOCTYPE/ENTITY refused); `reading(display)`, the one error path: whatever a
reader throws while reading a file becomes a FileRefused naming what is wrong (cut zip, malformed XML,
a password, too big, unreadable), never an exception's name. The spreadsheet readers built on these are
app.exchange.roster.open_spreadsheet / sheet_reading (staff lists, registration lists, history).
"""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers import expat

from app.errors import UserError
from app.text.numbers import int_text

MIB = 1 << 20


class FileRefused(UserError):
    """A file the program will not read (damaged, of another kind, too big, malicious); nothing changed."""


@dataclass(frozen=True)
class FileLimits:
    max_entries: int = 5_000  # parts of a zip (a package carries one PDF per decision)
    max_part: int = 256 * MIB  # one part, uncompressed: a 20,000-row sheet is ~20 MB of XML
    max_total: int = 1024 * MIB  # every part together, uncompressed
    max_ratio: int = 100  # real sheets and JSON compress 5–20 times, blanks a thousand times
    ratio_from: int = 256 * 1024  # a small part may compress as well as it likes
    max_rows: int = 50_000  # rows of one sheet (a list to import, not a database)
    max_columns: int = 256  # cells further right are ignored (an .xls holds no more)
    max_strings: int = 32 * MIB  # the shared-strings part, uncompressed
    max_string_count: int = 1_000_000  # texts in the shared-strings part
    max_cells: int = 2_000_000  # cells kept from one sheet (50,000 rows of 40 columns)
    max_cell_tags: int = 4_000_000  # cells met in one sheet, blank and far right ones included
    max_small_part: int = 16 * MIB  # workbook, relationships and styles: parsed as XML
    max_row_text: int = 16 * MIB  # the XML of one row (or one shared text) while it is parsed
    max_xls: int = 16 * MIB  # an old .xls is read whole by xlrd (a real list is a few MB)


LIMITS = FileLimits()


def _mib(n: int) -> str:
    return f"{int_text(max(1, round(n / MIB)))} MB"


def check_zip_entries(infos: Iterable[zipfile.ZipInfo], display: str, limits: FileLimits = LIMITS) -> None:
    """Refuse a zip whose headers promise too much, before any part of it is decompressed."""
    infos = list(infos)
    if len(infos) > limits.max_entries:
        raise FileRefused(
            f"Tệp “{display}” chứa {int_text(len(infos))} tệp con, vượt giới hạn "
            f"{int_text(limits.max_entries)}; có thể là tệp độc hại nên không được mở."
        )
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > limits.max_part or total > limits.max_total:
            raise FileRefused(
                f"Tệp “{display}” khi giải nén sẽ lớn hơn {_mib(min(limits.max_part, limits.max_total))} "
                f"(phần “{info.filename}”); quá lớn để nhập một lần. Hãy chia nhỏ tệp rồi nhập lại."
            )
        if size > limits.ratio_from and size > limits.max_ratio * max(info.compress_size, 1):
            raise FileRefused(
                f"Tệp “{display}” nén bất thường (phần “{info.filename}” nở ra "
                f"{int_text(size // max(info.compress_size, 1))} lần khi giải nén); có thể là tệp độc hại "
                "nên không được mở."
            )


class BoundedReader:
    """A part's stream that refuses to yield more bytes than its header declared (or `allowed`)."""

    def __init__(self, stream, name: str, display: str, allowed: int):
        self.stream, self.name, self.display, self.allowed = stream, name, display, allowed
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(n if n and n > 0 else 1 << 16)
        self.count += len(data)
        if self.count > self.allowed:
            raise FileRefused(
                f"Tệp “{self.display}”: phần “{self.name}” giải nén ra nhiều hơn khai báo; "
                "tệp hỏng hoặc độc hại nên không được mở."
            )
        return data

    def close(self) -> None:
        self.stream.close()


# ============================================================================ what a file is
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_EXCEL_AGAIN = "Hãy mở tệp bằng Excel, chọn Lưu thành → Sổ làm việc Excel (.xlsx) rồi nhập lại."


def damaged(display: str) -> FileRefused:
    return FileRefused(
        f"Tệp “{display}” bị hỏng hoặc không phải tệp Excel (.xlsx, .xls). "
        "Hãy mở tệp bằng Excel, lưu lại (Lưu thành Sổ làm việc Excel .xlsx) rồi nhập lại."
    )


def encrypted(display: str) -> FileRefused:
    return FileRefused(
        f"Tệp “{display}” đang được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu, lưu lại rồi nhập lại."
    )


def too_big(display: str, what: str) -> FileRefused:
    return FileRefused(
        f"Tệp “{display}” quá lớn để nhập một lần ({what}). Hãy chia nhỏ tệp, hoặc xóa các dòng, cột "
        "trống thừa rồi nhập lại."
    )


def _holds(path: Path, needle: bytes, limit: int) -> bool:
    """Whether the first `limit` bytes of the file hold `needle`, read in pieces."""
    tail = b""
    with path.open("rb") as fh:
        while limit > 0:
            piece = fh.read(min(limit, 1 << 20))
            if not piece:
                return False
            if needle in tail + piece:
                return True
            tail, limit = piece[-len(needle) :], limit - len(piece)
    return False


def _looks_like_text(head: bytes) -> bool:
    sample = head[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text, as Excel writes "Unicode text"
        return True
    if b"\0" in sample:
        return False
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not only a character cut at the end of the sample
            text = sample.decode("cp1258", errors="replace")
        else:
            text = sample[: exc.start].decode("utf-8")
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return printable >= 0.95 * max(len(text), 1)


def sniff(path: str | Path, display: str | None = None) -> tuple[str, int]:
    """What a file is by its first bytes (never its name) and its size: "zip", "ole" (an old Office
    file, or an encrypted new one), "html", "rtf", "pdf", "text" or "unknown". A missing path, a folder,
    an unreadable or empty file is refused here, the same way for every reader."""
    path = Path(path)
    display = display or path.name
    try:
        if path.is_dir():
            raise FileRefused(
                f"“{display}” là một thư mục, không phải tệp. Hãy chọn một tệp trong thư mục đó."
            )
        if not path.exists():
            raise FileRefused(f"Không tìm thấy tệp “{display}”. Hãy kiểm tra lại đường dẫn và chọn lại tệp.")
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise FileRefused(
            f"Không mở được tệp “{display}” ({exc.strerror or exc}). "
            "Hãy đóng tệp ở chương trình khác (hoặc kiểm tra quyền đọc tệp) rồi thử lại."
        ) from None
    if size == 0:
        raise FileRefused(f"Tệp “{display}” rỗng (0 byte), không có dữ liệu. Hãy chọn lại đúng tệp.")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        kind = "zip"
    elif head.startswith(_OLE_MAGIC):
        kind = "ole"
    elif text.startswith(
        (b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta", b"mime-version", b"<head", b"<body")
    ):
        kind = "html"
    elif head.startswith(b"{\\rtf"):
        kind = "rtf"
    elif head.startswith(b"%PDF"):
        kind = "pdf"
    elif not head.startswith(b"PK") and _looks_like_text(head):
        kind = "text"
    else:
        kind = "unknown"
    return kind, size


def spreadsheet_kind(path: str | Path, display: str | None = None, limits: FileLimits = LIMITS) -> str:
    """ "xlsx" or "xls", judged by the content (never the name); anything else refused with the reason:
    a missing path, a folder, an empty file, a web page or text/CSV renamed, a password, an .xls too big."""
    path = Path(path)
    display = display or path.name
    kind, size = sniff(path, display)
    if kind == "zip":
        return "xlsx"
    if kind == "ole":
        if _holds(path, _ENCRYPTION_INFO, 64 * MIB):  # the directory entry of an encrypted .xlsx
            raise encrypted(display)
        if size > limits.max_xls:
            raise too_big(display, f"tệp .xls {_mib(size)}, giới hạn {_mib(limits.max_xls)}")
        return "xls"
    if kind == "html":
        raise FileRefused(
            f"Tệp “{display}” không phải tệp Excel thật (có thể là trang web hoặc văn bản được đổi đuôi). "
            + _EXCEL_AGAIN
        )
    if kind == "rtf":
        raise FileRefused(
            f"Tệp “{display}” là văn bản Word (RTF) được đổi đuôi, không phải tệp Excel. " + _EXCEL_AGAIN
        )
    if kind == "pdf":
        raise FileRefused(f"Tệp “{display}” là tệp PDF, không phải tệp Excel. Hãy chọn đúng tệp danh sách.")
    if kind == "text":
        raise FileRefused(
            f"Tệp “{display}” là tệp văn bản (CSV hoặc văn bản thường) được đổi đuôi, không phải tệp Excel. "
            + _EXCEL_AGAIN
        )
    raise damaged(display)


def open_zip(path: str | Path, display: str, limits: FileLimits = LIMITS) -> zipfile.ZipFile:
    """The zip opened and its entries checked against `limits` (nothing decompressed yet)."""
    with reading(display):
        archive = zipfile.ZipFile(path)
    try:
        check_zip_entries(archive.infolist(), display, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def open_part(archive: zipfile.ZipFile, name: str, display: str, allowed: int, what: str) -> BoundedReader:
    """One part of the zip as a stream that stops at `allowed` bytes (refused when its header says more)."""
    info = archive.getinfo(name)
    if info.file_size > allowed:
        raise too_big(display, f"{what} {_mib(info.file_size)}, giới hạn {_mib(allowed)}")
    return BoundedReader(archive.open(info), name, display, min(allowed, info.file_size))


# ==================================================================================== XML
class _Starts:
    """An expat target that keeps only the start tags asked for, with their parent and grandparent."""

    def __init__(self, wanted: frozenset[str], display: str, part: str, max_items: int):
        self.wanted, self.display, self.part, self.max_items = wanted, display, part, max_items
        self.stack: list[str] = ["", ""]
        self.found: list[tuple[str, str, str, dict[str, str]]] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = tag.rsplit("}", 1)[-1]
        if local in self.wanted:
            if len(self.found) >= self.max_items:
                raise too_big(self.display, f"phần “{self.part}” có quá nhiều mục")
            self.found.append((local, self.stack[-1], self.stack[-2], attrib))
        self.stack.append(local)
        if len(self.stack) > 256:
            raise FileRefused(
                f"Tệp “{self.display}”: phần “{self.part}” lồng nhau quá sâu; tệp hỏng hoặc độc hại."
            )

    def end(self, _tag: str) -> None:
        self.stack.pop()

    def data(self, _text: str) -> None:
        pass

    def doctype(self, *_args) -> None:
        raise doctype_refused(self.display, self.part)

    def close(self) -> None:
        return None


def doctype_refused(display: str, part: str) -> FileRefused:
    return FileRefused(
        f"Tệp “{display}”: phần “{part}” có khai báo DOCTYPE/ENTITY, điều mà tệp Excel không bao giờ có; "
        "có thể là tệp độc hại nên không được mở."
    )


def xml_starts(
    stream, display: str, part: str, wanted: Iterable[str], max_items: int = 200_000
) -> list[tuple[str, str, str, dict[str, str]]]:
    """(tag, parent, grandparent, attributes) of every start tag named in `wanted` (local names), read
    from `stream` piece by piece: no tree is built, DOCTYPE and ENTITY declarations are refused. Excel
    allows 64,000 cell formats: `max_items` keeps a styles part of a few MB from holding a million dicts."""
    target = _Starts(frozenset(wanted), display, part, max_items)
    parser = ET.XMLParser(target=target)
    while True:
        piece = stream.read(1 << 16)
        if not piece:
            break
        parser.feed(piece)
    parser.close()
    return target.found


# ============================================================================ the one error path
@contextlib.contextmanager
def reading(display: str, refused: Callable[[str], FileRefused] | None = None) -> Iterator[None]:
    """Whatever reading the file throws ends here as a FileRefused saying what is wrong with the file
    (never an exception's name); UserErrors pass as they are. `refused` builds the generic one."""
    try:
        yield
    except UserError:
        raise
    except MemoryError:
        raise too_big(display, "không đủ bộ nhớ để đọc") from None
    except RecursionError:
        raise FileRefused(f"Tệp “{display}” có cấu trúc lồng nhau quá sâu; tệp hỏng hoặc độc hại.") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError) as exc:
        if "encrypted" in str(exc).lower() or "password" in str(exc).lower():
            raise encrypted(display) from exc
        raise FileRefused(
            f"Tệp “{display}” bị hỏng (tệp nén bị cắt cụt hoặc hư, có thể do sao chép chưa xong). "
            "Hãy lấy lại tệp gốc, hoặc mở bằng Excel, lưu lại rồi nhập lại."
        ) from exc
    except (ET.ParseError, expat.ExpatError, UnicodeError) as exc:
        raise FileRefused(
            f"Tệp “{display}” bị hỏng: nội dung bên trong (XML) không đúng cấu trúc. "
            "Hãy mở tệp bằng Excel, lưu lại (Lưu thành Sổ làm việc Excel .xlsx) rồi nhập lại."
        ) from exc
    except OSError as exc:
        raise FileRefused(
            f"Không đọc được tệp “{display}” ({exc.strerror or 'lỗi đọc đĩa'}). "
            "Hãy đóng tệp trong Excel, kiểm tra quyền đọc hoặc chép tệp về máy rồi thử lại."
        ) from exc
    except Exception as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise encrypted(display) from exc
        raise (refused or damaged)(display) from exc
