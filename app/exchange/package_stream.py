"""data.json of a USB package as a stream: written a record at a time, read a record at a time.

A year of the province (100,000 staff) is about 115 MB of data.json and several times that once parsed
whole; neither side holds it. Writing (`DataWriter`): a key a line, a list one record a line, each record
by json's C encoder, straight into the package's zip entry (app.exchange.package_archive.PackageWriter);
the records come from the database's cursors as they are written (app.exchange.package_data.sections).

Reading (`PackageData`): data.json is first copied out of the package while its SHA-256 is checked, then
read from that copy twice: once whole, to check the shape of every record (app.exchange.package_schema)
and gather what the merge must know of each kind before taking it (app.exchange.package_merge.Facts), and
where each kind's list starts; then each kind is read again, a record at a time, when the merge takes it.
Any JSON layout of data.json is read (the line layout above, the indented one of earlier versions, one
long line), in any order of its keys, by `JsonStream`: json's C scanner on one value at a time over a
window of the file.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from app.exchange.package_archive import PackageRefused
from app.exchange.package_data import BadPackageData
from app.exchange.package_merge import Facts, Sections
from app.exchange.package_schema import KINDS, NOT_A_PACKAGE, check_header, check_record, section

READ = 1 << 20  # bytes read from the file at a time
WRITE = 1 << 20  # characters gathered before they go to the zip entry
UNREADABLE = "data.json trong gói không đọc được; hãy xin nơi gửi xuất lại."

_SPACE = re.compile(r"[ \t\n\r]*")


class DataWriter:
    """data.json written to `out` as text a clerk can still open: a key a line, a list one record a line.

    with DataWriter(out) as data:
        data.value("schema", "tdkt-package")
        count = data.records("persons", rows)
    """

    def __init__(self, out: BinaryIO):
        self.out, self.first = out, True
        self.pending: list[str] = []
        self.size = 0

    def __enter__(self) -> DataWriter:
        self._put("{\n")
        return self

    def __exit__(self, kind, _value, _traceback) -> None:
        if kind is None:
            self._put("\n}\n")
            self._flush()

    def value(self, key: str, value: Any) -> None:
        self._key(key)
        self._put(json.dumps(value, ensure_ascii=False))

    def records(self, key: str, records: Iterable[Any]) -> int:
        """The records as a list, one a line; how many there were."""
        self._key(key)
        count = 0
        for record in records:
            self._put(",\n" if count else "[\n")
            self._put(json.dumps(record, ensure_ascii=False))
            count += 1
        self._put("\n]" if count else "[]")
        return count

    def _key(self, key: str) -> None:
        self._put(("" if self.first else ",\n") + json.dumps(key, ensure_ascii=False) + ": ")
        self.first = False

    def _put(self, text: str) -> None:
        self.pending.append(text)
        self.size += len(text)
        if self.size >= WRITE:
            self._flush()

    def _flush(self) -> None:
        self.out.write("".join(self.pending).encode("utf-8"))
        self.pending, self.size = [], 0


class JsonStream:
    """JSON read from a binary file a value at a time, from byte `offset` on: `members()` walks an object's
    keys, `items()` an array's elements, `value()` reads one value whole. Only a window of the file is held.
    It seeks before each read, so several may read one file in turn. PackageRefused for what is not JSON."""

    def __init__(self, stream: BinaryIO, offset: int = 0):
        self.stream, self.at = stream, offset  # where the next read starts
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.text, self.pos, self.base = "", 0, offset  # base: the byte offset of text[0]
        self.eof = False
        self.scan = json.JSONDecoder().scan_once

    def _more(self) -> bool:
        """Read on; False at the end of the file."""
        if self.eof:
            return False
        self.stream.seek(self.at)
        raw = self.stream.read(READ)
        self.at += len(raw)
        self.eof = not raw
        try:
            chunk = self.decoder.decode(raw, final=self.eof)
        except UnicodeDecodeError as exc:
            raise PackageRefused(UNREADABLE) from exc
        if self.pos:
            self.base += len(self.text[: self.pos].encode("utf-8"))
            self.text = self.text[self.pos :]
            self.pos = 0
        self.text += chunk
        return True

    def peek(self) -> str:
        """The next character after white space, not taken; "" at the end."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self._more():
                return ""

    def take(self, allowed: str) -> str:
        found = self.peek()
        if not found or found not in allowed:
            raise PackageRefused(UNREADABLE)
        self.pos += 1
        return found

    def offset(self) -> int:
        """The byte offset of the next value."""
        self.peek()
        return self.base + len(self.text[: self.pos].encode("utf-8"))

    def value(self) -> Any:
        if self.pos >= len(self.text) or self.text[self.pos] in " \t\n\r":
            self.peek()
        while True:
            try:
                found, end = self.scan(self.text, self.pos)
            except StopIteration as exc:  # no value where one was expected, at exc.value
                self._cut(exc.value, exc)
                found, end = None, -1
            except json.JSONDecodeError as exc:
                self._cut(len(self.text) if exc.msg.startswith("Unterminated") else exc.pos, exc)
                found, end = None, -1
            except RecursionError as exc:
                raise PackageRefused(UNREADABLE) from exc
            if end >= 0 and (end < len(self.text) or self.eof):  # a number may go on past the window
                self.pos = end
                return found
            if not self._more():
                raise PackageRefused(UNREADABLE)

    def _cut(self, where: int, exc: Exception) -> None:
        """A value that failed at `where`: cut by the window's end (read on and try again), or not JSON."""
        if self.eof or where < len(self.text) - 8:
            raise PackageRefused(UNREADABLE) from exc

    def items(self) -> Iterator[Any]:
        """The elements of the array that starts here, one at a time."""
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.pos < len(self.text) and self.text[self.pos] == ",":  # the usual case, quickly
                self.pos += 1
            elif self.take(",]") == "]":
                return

    def members(self) -> Iterator[str]:
        """The keys of the object that starts here; after each, the caller reads its value."""
        self.take("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise PackageRefused(UNREADABLE)
            self.take(":")
            yield key
            if self.take(",}") == "}":
                return

    def end(self) -> None:
        if self.peek():
            raise PackageRefused(UNREADABLE)


class PackageData(Sections):
    """data.json of a verified package (`stream`, a file of it), checked whole, then read a kind at a time.

    On creation every record's shape is checked (the same checks and the same first refusal as
    app.exchange.package_schema.validate: the package's own fields first, then the kinds in their order)
    and each kind's Facts gathered; `records(kind)` then reads the kind's records from the file again, one
    at a time. PackageRefused (BadPackageData for a record) for a data.json that cannot be imported."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.header: dict[str, Any] = {}
        self.starts: dict[str, int] = {}  # where each kind's list starts in the file
        self.known: dict[str, Facts] = {}
        reader = JsonStream(stream)
        if reader.peek() != "{":
            raise PackageRefused(NOT_A_PACKAGE if reader.peek() else UNREADABLE)
        refused: dict[str, PackageRefused] = {}  # the first bad record of each kind
        for key in reader.members():
            if key in self.header or key in self.starts:
                raise BadPackageData(f"“{key}” ghi hai lần")
            if reader.peek() != "[":
                self.header[key] = reader.value()
            elif key in KINDS:
                self.starts[key] = reader.offset()
                self.known[key] = self._checked(key, reader.items(), refused)
            else:
                for _ in reader.items():  # a list this program does not know: ignored, as json would
                    pass
        reader.end()
        check_header(self.header)
        for kind in KINDS:
            section(kind, self.header.get(kind))
            if kind in refused:
                raise refused[kind]

    @staticmethod
    def _checked(kind: str, records: Iterator[Any], refused: dict[str, PackageRefused]) -> Facts:
        facts = Facts()
        for index, record in enumerate(records):
            if kind in refused:
                continue  # read on to the end of the list: a later kind may be refused first
            try:
                check_record(kind, index, record)
            except PackageRefused as exc:
                refused[kind] = exc
                continue
            facts.add(kind, record)
        return facts

    def value(self, key: str) -> Any:
        return self.header.get(key)

    def records(self, kind: str) -> Iterable[Any]:
        start = self.starts.get(kind)
        return () if start is None else JsonStream(self.stream, start).items()

    def facts(self, kind: str) -> Facts:
        return self.known.get(kind) or Facts()
