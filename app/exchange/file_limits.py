"""What any file brought in from outside may hold, checked before it is parsed.

Every reader of outside files (staff lists, registration lists, history workbooks, USB packages) shares
these limits: a zip's entries are checked from their headers before anything is decompressed (how many,
how big each part and all together, how strongly compressed) and again while the bytes come out, since
headers can lie. Sheets are read row by row with bounded rows and columns; a sheet's claimed dimension is
never trusted. A failure ends in one `FileRefused` that says, in Vietnamese, what is wrong with the file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

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
    max_rows: int = 20_000  # rows of one sheet (a list to import, not a database)
    max_columns: int = 256  # cells further right are ignored (an .xls holds no more)
    max_strings: int = 64 * MIB  # the shared-strings part, uncompressed


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
