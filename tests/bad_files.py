"""A corpus of bad inputs, made on the spot (nothing stored): what a clerk, a careless unit or an attacker may
hand the program instead of a staff list, a history workbook, a USB package or a database.

Each `BadInput` says which command reads it, how to build it and what must happen: REFUSED (exit 2, one
Vietnamese line on stderr), EITHER (read in a dry run: exit 0 or exit 2, never a traceback) or WORKS (exit 0).
Whatever the outcome the database must be left as it was. tests/db/test_bad_files.py runs each through the
command line in-process on SQLite and PostgreSQL; tests/benchmarks/bench_bad_files.py runs each as a fresh
process and prints its wall time and peak memory.

Large inputs (zip bombs, 200,000 rows) are built once per session into a cached folder (`Workshop`); the
bombs are small on disk. The files are written by hand (a few lines of OOXML, ODS and zip) so every byte
of a broken shape is under the test's control.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import shutil
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from tests.damage import damage_middle, fold_wal

MIB = 1 << 20
UNIT = "Bệnh viện Thử nghiệm"
FIVE = "Sẽ nhập 5 cán bộ"  # what a dry run of the five people of the good list says
SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
SECRET = "TDKT-BI-MAT-7f3a9c"  # what an external entity would leak into the program if it were resolved

REFUSED, EITHER, WORKS = "refused", "either", "works"
STAFF, HISTORY, PACKAGE, DATABASE = "staff", "history", "package", "database"

# Sizes of the large inputs: big enough to show a reader that keeps a part in memory (hundreds of MB to
# GB), small on disk.
BLANK_SHEET = 1024 * MIB  # a sheet of spaces: ~1 MB deflated
SHARED_STRINGS = 512 * MIB  # one shared string of "A"s, far past the 64 MB allowed
ZERO_PARTS = 2_000  # × 1 MiB of zeros in a package: each part just inside the ratio check
MANY_ROWS = 200_000
MANY_COLUMNS = 5_000


# ================================================================================= OOXML by hand
def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(n: int, values) -> str:
    cells = "".join(cell(f"{column_letter(i)}{n}", v) for i, v in enumerate(values, 1))
    return f'<row r="{n}">{cells}</row>'


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sheet_xml(rows, *, dimension: str | None = None, prolog: str = "", after: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(row_xml(n, values) for n, values in enumerate(rows, 1))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<worksheet {NS} {RNS}>{dim}<sheetData>{body}</sheetData>{after}</worksheet>"
    ).encode()


def workbook_parts(sheets: list[tuple[str, str]], shared: bool = False) -> dict[str, bytes]:
    """The parts around the sheets: sheets are (name, state); sheet n's XML goes in xl/worksheets/sheetN.xml."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if shared:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"'
        + ("" if state == "visible" else f' state="{state}"')
        + "/>"
        for n, (name, state) in enumerate(sheets, 1)
    )
    book = f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {RNS}><sheets>{entries}</sheets></workbook>'
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if shared:
        rels += (
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    )
    return {
        "[Content_Types].xml": types.encode(),
        "_rels/.rels": root_rels.encode(),
        "xl/workbook.xml": book.encode(),
        "xl/_rels/workbook.xml.rels": book_rels.encode(),
    }


def write_zip(path: Path, parts: dict[str, bytes], level: int = 6) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def xlsx(
    path: Path, sheets: list[tuple[str, bytes]], states: dict[str, str] | None = None, shared=None
) -> Path:
    states = states or {}
    parts = workbook_parts([(name, states.get(name, "visible")) for name, _ in sheets], shared is not None)
    for n, (_name, xml) in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{n}.xml"] = xml
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    return write_zip(path, parts)


# ================================================================================ raw zip by hand
def raw_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip from already deflated entries: (name, deflated bytes, CRC-32, declared size). Lets one
    compressed part be reused many times, or a header declare a size its data does not have."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size in entries:
        raw = name.encode()
        offset = out.tell()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0)
        )
        out.write(raw)
        out.write(data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw
        )
    start = out.tell()
    for c in central:
        out.write(c)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


def deflated(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


# ============================================================================ good inputs to spoil
STAFF_HEADER = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Khoa, phòng"]
PEOPLE = [
    ["Nguyễn Thị Hồng Nhung", "Nữ", "12/05/1980", "Bác sĩ", "Khoa Nội"],
    ["Trần Văn Đức", "Nam", "03/11/1975", "Trưởng khoa", "Khoa Ngoại"],
    ["Lê Thị Thu Hà", "Nữ", "21/07/1990", "Điều dưỡng", "Khoa Nội"],
    ["Phạm Quốc Việt", "Nam", "09/09/1985", "Dược sĩ", "Khoa Dược"],
    ["Hoàng Minh Tâm", "Nam", "30/01/1979", "Kỹ thuật viên", "Khoa Xét nghiệm"],
]


def staff_rows(people=PEOPLE) -> list[list]:
    return [STAFF_HEADER] + [[n, *p] for n, p in enumerate(people, 1)]


def good_staff(path: Path) -> Path:
    return xlsx(path, [("Danh sách", sheet_xml(staff_rows()))])


HISTORY_SHEETS = {
    "Cán bộ": (
        ["Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị"],
        ["Nguyễn Thị Hồng Nhung", "12/05/1980", "Nữ", UNIT],
    ),
    "Xếp loại": (
        ["Họ và tên", "Ngày sinh", "Năm", "Xếp loại"],
        ["Nguyễn Thị Hồng Nhung", "12/05/1980", 2020, "Hoàn thành tốt nhiệm vụ"],
    ),
    "Sáng kiến": (
        ["Tên sáng kiến", "Tác giả", "Ngày sinh", "Năm", "Cấp"],
        ["Cải tiến quy trình", "Nguyễn Thị Hồng Nhung", "12/05/1980", 2020, "Cơ sở"],
    ),
    "Khen thưởng": (
        ["Họ và tên", "Ngày sinh", "Năm", "Danh hiệu/Hình thức"],
        ["Nguyễn Thị Hồng Nhung", "12/05/1980", 2020, "Lao động tiên tiến"],
    ),
}


def good_history(path: Path) -> Path:
    return xlsx(path, [(name, sheet_xml([head, row])) for name, (head, row) in HISTORY_SHEETS.items()])


def ods(path: Path) -> Path:
    """An OpenDocument spreadsheet holding the staff list (LibreOffice's own format)."""
    rows = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'
            for v in r
        )
        + "</table:table-row>"
        for r in staff_rows()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Danh sách">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def encrypted(path: Path, plain: Path) -> Path:
    """The workbook saved with a password to open (Excel's agile encryption, an OLE container)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    path.parent.mkdir(parents=True, exist_ok=True)
    with plain.open("rb") as src, path.open("wb") as out:
        OOXMLFile(src).encrypt("matkhau123", out)
    return path


def html_table(path: Path) -> Path:
    """What many web programs save as "Excel": an HTML table with an .xls name."""
    cells = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in r) + "</tr>" for r in staff_rows())
    path.write_text(
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head>'
        f"<body><table>{cells}</table></body></html>",
        encoding="utf-8",
    )
    return path


def csv_text(path: Path) -> Path:
    path.write_text("\n".join(",".join(str(v) for v in r) for r in staff_rows()), encoding="utf-8-sig")
    return path


def truncated(path: Path, source: Path, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def cut_xml(path: Path, sheet_name: str = "Danh sách", rows=None) -> Path:
    """A whole zip whose sheet XML stops mid-tag (a program that crashed while saving)."""
    xml = sheet_xml(rows or staff_rows())
    return xlsx(path, [(sheet_name, xml[: len(xml) * 2 // 3])])


BILLION_LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "hahahahahahahahahaha">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)  # &j; expands to 20 × 10⁹ characters


def billion_laughs(path: Path, sheet_name: str = "Danh sách") -> Path:
    rows = staff_rows()
    xml = sheet_xml(rows, prolog=BILLION_LAUGHS).replace(b"Nguy\xe1\xbb\x85n", b"&j;", 1)
    return xlsx(path, [(sheet_name, xml)])


def external_entity(path: Path, secret: Path) -> Path:
    """A shared string that is an external entity naming a file on this computer."""
    uri = secret.resolve().as_uri()
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY leak SYSTEM "{uri}">]>'
        f'<sst {NS} count="1" uniqueCount="1"><si><t>&leak;</t></si></sst>'
    ).encode()
    rows = staff_rows()
    body = "".join(
        f'<row r="{n}">'
        + "".join(
            (f'<c r="B{n}" t="s"><v>0</v></c>' if (n == 2 and i == 2) else cell(f"{column_letter(i)}{n}", v))
            for i, v in enumerate(values, 1)
        )
        + "</row>"
        for n, values in enumerate(rows, 1)
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{body}</sheetData></worksheet>'
    return xlsx(path, [("Danh sách", xml.encode())], shared=shared)


def blank_sheet_bomb(path: Path, sheet_name: str = "Danh sách", size: int = BLANK_SHEET) -> Path:
    """A 1 MB workbook whose one sheet inflates to 1 GiB (or `size`), nearly all of it spaces inside one
    cell."""
    parts = workbook_parts([(sheet_name, "visible")])
    head = sheet_xml([STAFF_HEADER]).split(b"</sheetData>")[0] + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    sheet = repeated_deflate(head, b" ", size, b"</t></is></c></row></sheetData></worksheet>")
    return raw_zip(path, [*_deflated_entries(parts), ("xl/worksheets/sheet1.xml", *sheet)])


def shared_strings_bomb(path: Path) -> Path:
    """A small workbook whose shared-strings part inflates to 512 MiB (one endless name)."""
    parts = workbook_parts([("Danh sách", "visible")], shared=True)
    body = (
        f'<row r="1">{"".join(cell(f"{column_letter(i)}1", v) for i, v in enumerate(STAFF_HEADER, 1))}</row>'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>0</v></c></row>'
    )
    parts["xl/worksheets/sheet1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{body}</sheetData></worksheet>'
    ).encode()
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="1" uniqueCount="1"><si><t>'.encode()
    strings = repeated_deflate(head, b"A", SHARED_STRINGS, b"</t></si></sst>")
    return raw_zip(path, [*_deflated_entries(parts), ("xl/sharedStrings.xml", *strings)])


def _deflated_entries(parts: dict[str, bytes]) -> list[tuple[str, bytes, int, int]]:
    return [(name, deflated(data), zlib.crc32(data), len(data)) for name, data in parts.items()]


def repeated_deflate(head: bytes, filler: bytes, size: int, tail: bytes) -> tuple[bytes, int, int]:
    """head + `size` bytes of `filler` + tail, deflated in a second: a full flush after each MiB resets the
    compressor, so every MiB after the first deflates to the same bytes, which are repeated. Returns the
    deflated bytes, the CRC-32 and the size of the whole."""
    block = filler * (MIB // len(filler))
    count = size // len(block)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    same = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return first + same * (count - 1) + end, crc, len(head) + count * len(block) + len(tail)


def lying_header(path: Path) -> Path:
    """A sheet whose zip header declares 2 KB while its data inflates to 64 MiB (headers can lie)."""
    good = sheet_xml(staff_rows())
    real = good.replace(b"</sheetData>", b"</sheetData>" + b" " * (64 * MIB))
    parts = workbook_parts([("Danh sách", "visible")])
    entries = [(name, deflated(data), zlib.crc32(data), len(data)) for name, data in parts.items()]
    entries.append(("xl/worksheets/sheet1.xml", deflated(real), zlib.crc32(good), 2048))
    return raw_zip(path, entries)


def many_rows(path: Path) -> Path:
    """200,000 people: ten times what one import takes."""
    people = (
        [
            n,
            f"Nguyễn Văn {column_letter(n % 18_000 + 1)}",
            "Nam",
            f"{n % 28 + 1:02d}/0{n % 9 + 1}/19{60 + n % 40}",
            "Bác sĩ",
            "Khoa Nội",
        ]
        for n in range(1, MANY_ROWS + 1)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = workbook_parts([("Danh sách", "visible")])
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(sheet_xml([STAFF_HEADER]).split(b"</sheetData>")[0])
            batch = []
            for n, values in enumerate(people, 2):
                batch.append(row_xml(n, values))
                if len(batch) == 5_000:
                    out.write("".join(batch).encode())
                    batch = []
            out.write("".join(batch).encode() + b"</sheetData></worksheet>")
    return path


def many_columns(path: Path) -> Path:
    """5,000 columns: the list in the first six, numbers in every other one."""
    header = STAFF_HEADER + [f"Cột {n}" for n in range(len(STAFF_HEADER) + 1, MANY_COLUMNS + 1)]
    rows = [header] + [r + list(range(len(r) + 1, MANY_COLUMNS + 1)) for r in staff_rows()[1:]]
    return xlsx(path, [("Danh sách", sheet_xml(rows))])


def claimed_dimension(path: Path) -> Path:
    """Five people on a sheet that claims to span A1:XFD1048576."""
    return xlsx(path, [("Danh sách", sheet_xml(staff_rows(), dimension="A1:XFD1048576"))])


def history_claimed_dimension(path: Path) -> Path:
    """A history workbook of 20,000 ratings whose sheet claims A1:XFD20001 (16,384 columns per row)."""
    head, _ = HISTORY_SHEETS["Xếp loại"]
    rows = [head] + [
        [
            f"Trần Văn {column_letter(n % 5_000 + 1)}",
            f"01/01/19{60 + n % 40}",
            2000 + n % 25,
            "Hoàn thành tốt nhiệm vụ",
        ]
        for n in range(20_000)
    ]
    return xlsx(path, [("Xếp loại", sheet_xml(rows, dimension="A1:XFD20001"))])


def formulas_without_values(path: Path) -> Path:
    """Names and dates computed by formulas that were never calculated (saved by a program, not Excel)."""
    rows = staff_rows()
    body = "".join(
        f'<row r="{n}">'
        + "".join(
            (
                f'<c r="{column_letter(i)}{n}"><f>CONCATENATE("Người ",{n})</f></c>'
                if n > 1 and i in (2, 4)
                else cell(f"{column_letter(i)}{n}", v)
            )
            for i, v in enumerate(values, 1)
        )
        + "</row>"
        for n, values in enumerate(rows, 1)
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{body}</sheetData></worksheet>'
    return xlsx(path, [("Danh sách", xml.encode())])


def merged_cells(path: Path) -> Path:
    """A title merged across the top, a two-row header, departments merged down their people."""
    rows = [
        ["DANH SÁCH CÁN BỘ, VIÊN CHỨC NĂM 2025"],
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Khoa, phòng"],
        [None, None, None, None, None, None],
    ] + [[n, p[0], p[1], p[2], p[3], p[4] if n in (1, 4) else None] for n, p in enumerate(PEOPLE, 1)]
    merges = "".join(
        f'<mergeCell ref="{r}"/>'
        for r in ["A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "F4:F6", "F7:F8"]
    )
    return xlsx(path, [("Danh sách", sheet_xml(rows, after=f'<mergeCells count="9">{merges}</mergeCells>'))])


def hidden_sheets(path: Path) -> Path:
    """The list only on a hidden sheet and on a very hidden one; the visible sheet holds a note."""
    note = sheet_xml([["Ghi chú: danh sách ở trang khác"]])
    return xlsx(
        path,
        [
            ("Ghi chú", note),
            ("Danh sách", sheet_xml(staff_rows())),
            ("Ẩn hẳn", sheet_xml(staff_rows(PEOPLE[:2]))),
        ],
        states={"Danh sách": "hidden", "Ẩn hẳn": "veryHidden"},
    )


def xlsb(path: Path) -> Path:
    """Excel's binary workbook (.xlsb): a zip whose workbook part is workbook.bin."""
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.bin"/></Relationships>'
    )
    return write_zip(
        path,
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            "_rels/.rels": rels.encode(),
            "xl/workbook.bin": bytes(random.Random(1).randrange(256) for _ in range(4096)),
            "xl/worksheets/sheet1.bin": bytes(random.Random(2).randrange(256) for _ in range(4096)),
        },
    )


def too_many_entries(path: Path) -> Path:
    """A workbook with 6,000 tiny parts besides its sheet."""
    parts = workbook_parts([("Danh sách", "visible")])
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(staff_rows())
    parts.update({f"xl/media/image{n}.png": b"x" for n in range(6_000)})
    return write_zip(path, parts, level=1)


def not_a_workbook_zip(path: Path) -> Path:
    """A zip of photos renamed .xlsx."""
    return write_zip(path, {"anh/1.jpg": b"\xff\xd8\xff" + b"0" * 100, "ghichu.txt": "Ảnh hội nghị".encode()})


def random_bytes(path: Path, n: int = 64 * 1024) -> Path:
    path.write_bytes(random.Random(13).randbytes(n))
    return path


def text_file(path: Path) -> Path:
    path.write_text("Danh sách cán bộ\nNguyễn Văn An, Nam, 1980\n", encoding="utf-8")
    return path


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "x.xlsx").write_bytes(b"")
    return path


# ================================================================================ packages to spoil
def package_manifest(files: dict[str, bytes], version: int = 1) -> bytes:
    entries = [
        {"path": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in sorted(files.items())
    ]
    return json.dumps(
        {"schema": "tdkt-package", "version": version, "files": entries}, ensure_ascii=False
    ).encode()


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def unsigned_files(source: Path) -> dict[str, bytes]:
    """The package's files as its manifest lists them, without the manifest itself or any signature: a
    spoilt package is sent unsigned (taken by default), so its shape, not its signature, is what fails."""
    files = read_zip(source)
    listed = {e["path"] for e in json.loads(files["manifest.json"])["files"]}
    return {n: d for n, d in files.items() if n in listed}


def repack(
    path: Path,
    source: Path,
    edit: Callable[[dict], object] | None = None,
    *,
    raw: bytes | None = None,
    manifest_version: int = 1,
) -> Path:
    """The package `source` with data.json edited (or replaced by `raw`) and its manifest recomputed, so
    only the data's shape is wrong."""
    files = unsigned_files(source)
    if raw is not None:
        files["data.json"] = raw
    elif edit is not None:
        data = json.loads(files["data.json"])
        replaced = edit(data)
        files["data.json"] = json.dumps(data if replaced is None else replaced, ensure_ascii=False).encode()
    files["manifest.json"] = package_manifest(files, manifest_version)
    return write_zip(path, files)


def signed_edit(path: Path, source: Path) -> Path:
    """data.json edited after export (a name changed, a bonus raised) and the manifest recomputed; any
    signature the exporting office put in the package is left as it was, so only a signature can tell."""
    files = read_zip(source)
    data = json.loads(files["data.json"])
    data["persons"][0]["full_name"] = "Người Được Sửa Tên"
    data["awards"][0]["bonus_amount"] = 99_000_000
    files["data.json"] = json.dumps(data, ensure_ascii=False).encode()
    listed = {e["path"] for e in json.loads(files["manifest.json"])["files"]}
    extra = {n: d for n, d in files.items() if n not in listed and n != "manifest.json"}  # signature parts
    core = {n: d for n, d in files.items() if n in listed}
    files = {**core, "manifest.json": package_manifest(core), **extra}
    return write_zip(path, files)


def has_signature(package: Path) -> bool:
    """Whether the exported package carries anything beyond its data, list, PDFs and manifest."""
    return any(
        not (n in ("data.json", "manifest.json") or n.endswith((".xlsx", ".pdf"))) for n in read_zip(package)
    )


def zero_parts_package(path: Path, source: Path, parts: int = ZERO_PARTS, size: int = MIB) -> Path:
    """A real package plus 2,000 listed parts of 1 MiB of zeros each: 4 MB on disk, 2 GiB inside, every
    part just within the compression-ratio check of the program before this corpus (which started above
    1 MiB). `parts` × `size` make other shapes."""
    files = unsigned_files(source)
    zeros = bytes(size)
    packed, crc = deflated(zeros), zlib.crc32(zeros)
    listed = dict(files)
    names = [f"quyet-dinh/phu-luc-{n:04d}.pdf" for n in range(parts)]
    entries = [(n, deflated(d), zlib.crc32(d), len(d)) for n, d in files.items()]
    digest = hashlib.sha256(zeros).hexdigest()
    manifest = json.loads(package_manifest(listed))
    manifest["files"] += [{"path": n, "size": size, "sha256": digest} for n in names]
    manifest_bytes = json.dumps(manifest, ensure_ascii=False).encode()
    entries += [(n, packed, crc, size) for n in names]
    entries.append(
        ("manifest.json", deflated(manifest_bytes), zlib.crc32(manifest_bytes), len(manifest_bytes))
    )
    return raw_zip(path, entries)


def encrypted_package(path: Path, source: Path) -> Path:
    import pyzipper

    files = read_zip(source)
    with pyzipper.AESZipFile(path, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as z:
        z.setpassword(b"mat-khau-dung")
        for name, data in files.items():
            z.writestr(name, data)
    return path


def escaping_package(path: Path, source: Path) -> Path:
    files = unsigned_files(source)
    files["../../ngoai-thu-muc.txt"] = b"x"
    files["manifest.json"] = package_manifest(files)
    return write_zip(path, files)


# ======================================================================================= judging
VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)
PYTHON_WORDS = re.compile(
    r"Traceback|\b[A-Z][A-Za-z]*(?:Error|Exception|Warning)\b|\bBadZipFile\b|\bErrno\b|sqlite3\.|psycopg|"
    r"\bFile \"|\bline \d+, in\b"
)
# English words of SQLite, the OS or a library that would reach the clerk untranslated.
FOREIGN_WORDS = re.compile(
    r"attempt to write|readonly database|database is locked|disk image is malformed|file is not a database|"
    r"unable to open|no such (?:table|file|column)|Permission denied|No such file|not a zip file|"
    r"[Ii]s a directory|unsupported|does not support|unclosed token|not well-formed",
)


def judge(outcome: str, code: int | None, out: str, err: str, reads: str | None = None) -> list[str]:
    """What is wrong with how a command ended (empty when it ended as it must)."""
    problems = []
    if code is None:
        return [f"an exception escaped the command line:\n{err}"]
    allowed = {REFUSED: {2}, EITHER: {0, 2}, WORKS: {0}}[outcome]
    if code not in allowed:
        problems.append(f"exit {code}, expected {sorted(allowed)}")
    if code == 0 and reads and reads not in out:
        problems.append(f"the file was not read as it should be: no “{reads}” in {out[:500]!r}")
    if code == 2:
        first = err.strip().splitlines()[0] if err.strip() else ""
        if not first.startswith("Lỗi: ") or not VIETNAMESE.search(first):
            problems.append(f"no Vietnamese “Lỗi: …” line on stderr: {err!r}")
    words = PYTHON_WORDS.search(out + err)
    if words:
        problems.append(f"Python's words reach the clerk ({words.group(0)!r}): {err[-2000:]!r}")
    foreign = FOREIGN_WORDS.search(err)
    if foreign:
        problems.append(f"untranslated words reach the clerk ({foreign.group(0)!r}): {err[-2000:]!r}")
    return problems


# ============================================================================================ the list
@dataclass(frozen=True)
class BadInput:
    name: str  # also the file's name (its suffix is what the clerk would see)
    command: str  # STAFF, HISTORY, PACKAGE or DATABASE
    what: str
    build: Callable[[Workshop, Path], Path]  # (workshop, target path) -> the path to hand the command
    outcome: str = REFUSED
    dry_run: bool = False  # inputs that may legitimately be read are read in a dry run
    large: bool = False  # built once per session
    leak_check: bool = False  # the output must not hold SECRET
    refused_when_signed: bool = False  # must be refused once the program signs what it exports
    reads: str | None = None  # what stdout says when the input is (rightly) read

    def expected(self, workshop: Workshop) -> str:
        if self.refused_when_signed and has_signature(workshop.source_package):
            return REFUSED
        return self.outcome

    @property
    def sqlite_only(self) -> bool:
        return self.command == DATABASE

    def argv(self, path: Path) -> list[str]:
        dry = ["--dry-run"] if self.dry_run else []
        if self.command == STAFF:
            return [
                "import",
                "staff",
                str(path),
                "--unit",
                UNIT,
                "--create-unit",
                "--create-departments",
                *dry,
            ]
        if self.command == HISTORY:
            return ["import", "history", str(path), *dry]
        if self.command == PACKAGE:
            return ["import", "package", str(path), *dry]
        raise ValueError(self.command)


@dataclass
class Workshop:
    """Where inputs are built (once each) and the good files they are spoilt from live."""

    folder: Path
    source_package: Path | None = None  # a real package exported by the program
    built: dict[str, Path] = field(default_factory=dict)

    @property
    def secret(self) -> Path:
        path = self.folder / "bi-mat.txt"
        if not path.exists():
            path.write_text(SECRET, encoding="utf-8")
        return path

    def good(self, name: str) -> Path:
        path = self.folder / "good" / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            {"ds.xlsx": good_staff, "ls.xlsx": good_history}[name](path)
        return path

    def path(self, item: BadInput) -> Path:
        if item.name not in self.built:
            target = self.folder / item.command / item.name
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                shutil.rmtree(target) if target.is_dir() else target.unlink()
            self.built[item.name] = item.build(self, target)
        return self.built[item.name]


def _pkg(edit=None, **kw) -> Callable[[Workshop, Path], Path]:
    return lambda w, p: repack(p, w.source_package, edit, **kw)


def _set(path: str, value) -> Callable[[dict], None]:
    """An edit of data.json: `path` like "persons.0.ref" (a key of "*" sets every record's field)."""

    def edit(data: dict) -> None:
        *parents, last = path.split(".")
        targets = [data]
        for key in parents:
            targets = [t[int(key)] if isinstance(t, list) else t[key] for t in targets]
        for t in targets:
            if isinstance(t, list):
                t[int(last)] = value
            else:
                t[last] = value

    return edit


CORPUS: list[BadInput] = [
    # ----------------------------------------------------------------------------- staff lists
    BadInput("rong.xlsx", STAFF, "zero bytes", lambda w, p: zero_bytes(p)),
    BadInput("khong-co.xlsx", STAFF, "the path does not exist", lambda w, p: p),
    BadInput("thu-muc.xlsx", STAFF, "a folder named like a workbook", lambda w, p: folder(p)),
    BadInput(
        "cat-doi.xlsx", STAFF, "a real workbook cut in half", lambda w, p: truncated(p, w.good("ds.xlsx"))
    ),
    BadInput(
        "cat-doi.xls", STAFF, "a real .xls cut in half", lambda w, p: truncated(p, SAMPLES / "roster_vni.xls")
    ),
    BadInput("van-ban.xlsx", STAFF, "plain text renamed .xlsx", lambda w, p: text_file(p)),
    BadInput("bang.csv.xls", STAFF, "CSV renamed .xls", lambda w, p: csv_text(p)),
    BadInput("trang-web.xls", STAFF, "an HTML table renamed .xls", lambda w, p: html_table(p)),
    BadInput("ngau-nhien.xlsx", STAFF, "64 KiB of random bytes", lambda w, p: random_bytes(p)),
    BadInput(
        "mat-khau.xlsx", STAFF, "encrypted with a password", lambda w, p: encrypted(p, w.good("ds.xlsx"))
    ),
    BadInput("libre.ods", STAFF, "an OpenDocument spreadsheet", lambda w, p: ods(p)),
    BadInput("libre-doi-ten.xlsx", STAFF, "an .ods renamed .xlsx", lambda w, p: ods(p)),
    BadInput("nhi-phan.xlsb", STAFF, "Excel binary workbook", lambda w, p: xlsb(p)),
    BadInput("anh.xlsx", STAFF, "a zip of photos renamed .xlsx", lambda w, p: not_a_workbook_zip(p)),
    BadInput("xml-cat.xlsx", STAFF, "whole zip, sheet XML cut mid-tag", lambda w, p: cut_xml(p)),
    BadInput(
        "bom-trang.xlsx",
        STAFF,
        "zip bomb: 1 GiB sheet of blanks",
        lambda w, p: blank_sheet_bomb(p),
        large=True,
    ),
    BadInput(
        "bom-ti-le.xlsx",
        STAFF,
        "zip bomb within the size limit: 200 MiB of blanks deflated a thousand times",
        lambda w, p: blank_sheet_bomb(p, size=200 * MIB),
        large=True,
    ),
    BadInput(
        "bom-chuoi.xlsx",
        STAFF,
        "zip bomb: 512 MiB shared strings",
        lambda w, p: shared_strings_bomb(p),
        large=True,
    ),
    BadInput(
        "khai-gian.xlsx",
        STAFF,
        "a zip header declaring less than its data",
        lambda w, p: lying_header(p),
        large=True,
    ),
    BadInput(
        "nhieu-phan.xlsx", STAFF, "6,000 parts in the zip", lambda w, p: too_many_entries(p), large=True
    ),
    BadInput("200k-dong.xlsx", STAFF, "200,000 rows", lambda w, p: many_rows(p), large=True),
    BadInput("5000-cot.xlsx", STAFF, "5,000 columns", lambda w, p: many_columns(p), EITHER, True, large=True),
    BadInput(
        "kich-thuoc-gia.xlsx",
        STAFF,
        "claims A1:XFD1048576",
        lambda w, p: claimed_dimension(p),
        WORKS,
        True,
        reads=FIVE,
    ),
    BadInput(
        "cong-thuc.xlsx",
        STAFF,
        "formulas without cached values",
        lambda w, p: formulas_without_values(p),
        EITHER,
        True,
    ),
    BadInput(
        "gop-o.xlsx",
        STAFF,
        "merged title, header and departments",
        lambda w, p: merged_cells(p),
        EITHER,
        True,
    ),
    BadInput(
        "trang-an.xlsx", STAFF, "the list only on hidden sheets", lambda w, p: hidden_sheets(p), EITHER, True
    ),
    BadInput("ty-tieng-cuoi.xlsx", STAFF, "billion laughs entity expansion", lambda w, p: billion_laughs(p)),
    BadInput(
        "thuc-the-ngoai.xlsx",
        STAFF,
        "external entity naming a local file",
        lambda w, p: external_entity(p, w.secret),
        leak_check=True,
    ),
    # --------------------------------------------------------------------------- history workbooks
    BadInput("ls-rong.xlsx", HISTORY, "zero bytes", lambda w, p: zero_bytes(p)),
    BadInput("ls-khong-co.xlsx", HISTORY, "the path does not exist", lambda w, p: p),
    BadInput("ls-thu-muc.xlsx", HISTORY, "a folder", lambda w, p: folder(p)),
    BadInput(
        "ls-cat-doi.xlsx",
        HISTORY,
        "a real history workbook cut in half",
        lambda w, p: truncated(p, w.good("ls.xlsx")),
    ),
    BadInput(
        "ls-that.xls",
        HISTORY,
        "a real .xls (Excel 97-2003)",
        lambda w, p: shutil.copyfile(SAMPLES / "roster_vni.xls", p) and p,
    ),
    BadInput("ls-trang-web.xls", HISTORY, "an HTML table renamed .xls", lambda w, p: html_table(p)),
    BadInput("ls-bang.xls", HISTORY, "CSV renamed .xls", lambda w, p: csv_text(p)),
    BadInput(
        "ls-mat-khau.xlsx", HISTORY, "encrypted with a password", lambda w, p: encrypted(p, w.good("ls.xlsx"))
    ),
    BadInput("ls-libre.ods", HISTORY, "an OpenDocument spreadsheet", lambda w, p: ods(p)),
    BadInput(
        "ls-xml-cat.xlsx",
        HISTORY,
        "sheet XML cut mid-tag",
        lambda w, p: cut_xml(
            p, "Xếp loại", [list(HISTORY_SHEETS["Xếp loại"][0]), list(HISTORY_SHEETS["Xếp loại"][1])]
        ),
    ),
    BadInput(
        "ls-bom-trang.xlsx",
        HISTORY,
        "zip bomb: 1 GiB sheet of blanks",
        lambda w, p: blank_sheet_bomb(p, "Xếp loại"),
        large=True,
    ),
    BadInput(
        "ls-kich-thuoc-gia.xlsx",
        HISTORY,
        "20,000 rows claiming A1:XFD20001",
        lambda w, p: history_claimed_dimension(p),
        EITHER,
        True,
        large=True,
    ),
    BadInput(
        "ls-ty-tieng-cuoi.xlsx",
        HISTORY,
        "billion laughs entity expansion",
        lambda w, p: billion_laughs(p, "Xếp loại"),
    ),
    # ------------------------------------------------------------------------------------ packages
    BadInput("goi-rong.zip", PACKAGE, "zero bytes", lambda w, p: zero_bytes(p)),
    BadInput(
        "goi-cat-doi.zip", PACKAGE, "a real package cut in half", lambda w, p: truncated(p, w.source_package)
    ),
    BadInput("goi-van-ban.zip", PACKAGE, "plain text renamed .zip", lambda w, p: text_file(p)),
    BadInput(
        "goi-mat-khau.zip",
        PACKAGE,
        "AES package opened without its password",
        lambda w, p: encrypted_package(p, w.source_package),
    ),
    BadInput(
        "goi-thoat.zip", PACKAGE, "an entry named ../../", lambda w, p: escaping_package(p, w.source_package)
    ),
    BadInput(
        "goi-bom-khong.zip",
        PACKAGE,
        "2,000 listed parts × 1 MiB of zeros",
        lambda w, p: zero_parts_package(p, w.source_package),
        EITHER,
        True,
        large=True,
    ),
    BadInput(
        "goi-bom-khong-nho.zip",
        PACKAGE,
        "3,900 listed parts × 256 KiB of zeros (975 MiB, each part under any ratio check)",
        lambda w, p: zero_parts_package(p, w.source_package, parts=3_900, size=256 * 1024),
        EITHER,
        True,
        large=True,
    ),
    BadInput(
        "goi-json-hong.zip",
        PACKAGE,
        "data.json is not JSON",
        _pkg(raw=b'{"schema": "tdkt-package", "version": 2, "units": ['),
    ),
    BadInput("goi-mang.zip", PACKAGE, "data.json is a list", _pkg(lambda d: [d])),
    BadInput(
        "goi-van-ban-khong-phai-doi-tuong.zip",
        PACKAGE,
        "a document that is not an object",
        _pkg(_set("documents.0", "QĐ 01")),
    ),
    BadInput(
        "goi-ma-la-danh-sach.zip", PACKAGE, "a list as a person's ref", _pkg(_set("persons.0.ref", [1, 2]))
    ),
    BadInput(
        "goi-ten-la-doi-tuong.zip",
        PACKAGE,
        "an object as a person's name",
        _pkg(_set("persons.0.full_name", {"ho": "Nguyễn"})),
    ),
    BadInput("goi-co-quan-la-chu.zip", PACKAGE, "the agency as text", _pkg(_set("agency", "Sở Y tế"))),
    BadInput("goi-nam-la-chu.zip", PACKAGE, "the year as text", _pkg(_set("scope.year", "năm 2025"))),
    BadInput(
        "goi-nam-khen-la-chu.zip",
        PACKAGE,
        "an award's year as text",
        _pkg(_set("awards.0.year", "hai nghìn")),
    ),
    BadInput(
        "goi-ngay-sai.zip",
        PACKAGE,
        "a birth date that is no date",
        _pkg(_set("persons.0.birth_date", "31/02/1980")),
    ),
    BadInput("goi-don-vi-null.zip", PACKAGE, "units is null", _pkg(_set("units", None))),
    BadInput("goi-nguoi-la-doi-tuong.zip", PACKAGE, "persons is an object", _pkg(_set("persons", {"0": {}}))),
    BadInput(
        "goi-tham-chieu-lo.zip",
        PACKAGE,
        "an award naming a person not in the package",
        _pkg(_set("awards.0.person", 987654)),
    ),
    BadInput(
        "goi-phien-ban-moi.zip",
        PACKAGE,
        "data.json version newer than the program",
        _pkg(_set("version", 99)),
    ),
    BadInput(
        "goi-manifest-moi.zip", PACKAGE, "manifest version newer than the program", _pkg(manifest_version=99)
    ),
    BadInput(
        "goi-sua-du-lieu.zip",
        PACKAGE,
        "data edited, manifest recomputed",
        lambda w, p: signed_edit(p, w.source_package),
        EITHER,
        True,
        refused_when_signed=True,
    ),
]


# ============================================================================ damaged databases
@dataclass(frozen=True)
class BadDatabase:
    """A database the program is pointed at; the command must refuse (or only read) and leave it as it was."""

    name: str
    what: str
    prepare: Callable[[Path, Path], Path]  # (good database file, folder to work in) -> the --db path
    argv: Callable[[Workshop], list[str]]
    outcome: str = REFUSED
    permissions: bool = False  # a child without root's override of file permissions (see run_process)
    healthy: bool = False  # a good database (odd path): compared table by table, not byte by byte
    reads: str | None = None  # what stdout says when the command (rightly) works


def damaged(good: Path, folder: Path) -> Path:
    """64 KiB of random bytes written into the middle of the file."""
    path = folder / "hong.sqlite3"
    shutil.copyfile(good, path)
    damage_middle(path, seed=64)
    return path


def damaged_header(good: Path, folder: Path) -> Path:
    path = folder / "dau-hong.sqlite3"
    shutil.copyfile(good, path)
    with path.open("r+b") as f:
        f.seek(0)
        f.write(b"Day khong phai CSDL" + bytes(81))
    return path


def not_a_database(good: Path, folder: Path) -> Path:
    path = folder / "van-ban.sqlite3"
    path.write_text("Sổ tay ghi chép\n" * 500, encoding="utf-8")
    return path


def read_only_file(good: Path, folder: Path) -> Path:
    path = folder / "chi-doc.sqlite3"
    shutil.copyfile(good, path)
    path.chmod(0o444)
    return path


def read_only_folder(good: Path, folder: Path) -> Path:
    inner = folder / "thu-muc-chi-doc"
    inner.mkdir()
    path = inner / "tdkt.sqlite3"
    shutil.copyfile(good, path)
    inner.chmod(0o555)
    return path


def odd_path(good: Path, folder: Path) -> Path:
    inner = folder / "Tài liệu%20mới #1 ?"
    inner.mkdir()
    path = inner / "Cơ sở dữ liệu %41.sqlite3"
    shutil.copyfile(good, path)
    return path


def _staff_args(w: Workshop) -> list[str]:
    """A good list, imported for real: only the database can be the reason to refuse."""
    return [
        "import",
        "staff",
        str(w.good("ds.xlsx")),
        "--unit",
        UNIT,
        "--create-unit",
        "--create-departments",
    ]


def odd_named_bad_file(w: Workshop) -> Path:
    folder = w.folder / "Tài liệu%20mới #2 ?"
    folder.mkdir(exist_ok=True)
    return truncated(folder / "Danh sách cán bộ %41.xlsx", w.good("ds.xlsx"))


def odd_named_good_file(w: Workshop) -> Path:
    folder = w.folder / "Tài liệu%20mới #3 ?"
    folder.mkdir(exist_ok=True)
    path = folder / "Danh sách cán bộ %41.xlsx"
    if not path.exists():
        shutil.copyfile(w.good("ds.xlsx"), path)
    return path


DATABASES: list[BadDatabase] = [
    BadDatabase("hong-giua", "64 KiB of random bytes in the middle; an import", damaged, _staff_args),
    BadDatabase(
        "hong-giua-doc",
        "64 KiB of random bytes in the middle; eligibility",
        damaged,
        lambda w: ["eligibility", "--year", "2025"],
    ),
    BadDatabase("hong-dau", "the header overwritten; an import", damaged_header, _staff_args),
    BadDatabase("khong-phai-csdl", "a text file as the database; an import", not_a_database, _staff_args),
    BadDatabase("tep-chi-doc", "a read-only file; an import", read_only_file, _staff_args, permissions=True),
    BadDatabase(
        "thu-muc-chi-doc", "a read-only folder; an import", read_only_folder, _staff_args, permissions=True
    ),
    BadDatabase(
        "duong-dan-la-tep-hong",
        "database under “Tài liệu%20mới #1 ?”, a cut list in “Tài liệu%20mới #2 ?”",
        odd_path,
        lambda w: [
            "import",
            "staff",
            str(odd_named_bad_file(w)),
            "--unit",
            UNIT,
            "--create-unit",
            "--create-departments",
        ],
        healthy=True,
    ),
    BadDatabase(
        "duong-dan-la-tep-tot",
        "database and a good list under “%20” and Vietnamese folders, dry run",
        odd_path,
        lambda w: [
            "import",
            "staff",
            str(odd_named_good_file(w)),
            "--unit",
            UNIT,
            "--create-unit",
            "--create-departments",
            "--dry-run",
        ],
        WORKS,
        healthy=True,
        reads=FIVE,
    ),
]


def file_digest(path: Path) -> str:
    """The bytes of a database file and of any rollback journal or write-ahead log beside it that holds
    something (an empty log, or the shared-memory index a reader makes, changes nothing)."""
    h = hashlib.sha256(path.read_bytes())
    for suffix in ("-journal", "-wal"):
        side = path.with_name(path.name + suffix)
        if side.exists() and side.stat().st_size:
            h.update(suffix.encode() + side.read_bytes())
    return h.hexdigest()


# ====================================================================================== running
def build_source(folder: Path) -> tuple[Path, Path]:
    """The demo province (small) as a SQLite file, and a real package of one of its 2025 decisions (a few
    people, the unit tree, the decision's PDF): what the package inputs are spoilt from."""
    demo = folder / "demo.sqlite3"
    if not demo.exists():
        _build_demo(demo)
        fold_wal(demo)
    package = folder / "goi-goc.zip"
    if not package.exists():
        _make_signing_key(demo)
        conn = sqlite3.connect(demo)
        decision = conn.execute(
            "SELECT d.id FROM decision d JOIN award a ON a.decision_id = d.id WHERE d.year = 2025 "
            "AND d.document_id IS NOT NULL GROUP BY d.id HAVING count(a.id) BETWEEN 3 AND 30 ORDER BY d.id"
        ).fetchone()[0]
        conn.close()
        args = ["--db", str(demo), "export", "package", "--year", "2025", "--decision", str(decision)]
        args.append("--no-password")  # the inputs are spoilt from a package anyone may open
        assert _cli([*args, "--out", str(package)]) == 0
    return demo, package


def _build_demo(demo: Path) -> None:
    """The demo province without its account `admin` (what `python -m app demo` adds), so the commands run
    on it without signing in: these tests are about bad files, not about who may import them."""
    from app.demo import build_demo
    from app.startup import open_database
    from database.engine import sqlite_url

    db = open_database(sqlite_url(demo))  # as the command opens it
    try:
        build_demo(db, small=True)
    finally:
        db.dispose()


def _make_signing_key(demo: Path) -> None:
    """Once the program can sign its packages, the demo office makes its key, so the package the inputs
    are spoilt from is signed (and an edited one must be refused)."""
    try:
        from app.exchange.package_signing import make_signing_key
    except ImportError:  # a program without signed packages
        return
    from app.services.context import ServiceContext
    from app.startup import open_database
    from database.engine import sqlite_url

    db = open_database(sqlite_url(demo), backup_dir=demo.parent / "sao-luu")
    try:
        make_signing_key(ServiceContext(db, actor="tester"))
    finally:
        db.dispose()
    fold_wal(demo)


def _cli(argv: list[str]) -> int:
    from app.cli import main

    return main(argv)


ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Ran:
    code: int | None  # None: killed at the timeout or by a signal
    out: str
    err: str
    seconds: float
    peak_mb: float  # the child's peak resident memory (VmHWM; ru_maxrss when it was killed)
    timed_out: bool = False


def run_process(
    argv: list[str],
    folder: Path,
    *,
    permissions: bool = False,
    timeout: float = 120,
    memory_cap: int | None = None,
) -> Ran:
    """`python -m app ARGV` as a fresh process (no bootstrap), its output kept in `folder`; wall time, and
    peak memory as the child saw it (VmHWM at its exit; os.wait4's ru_maxrss would start from this
    process's own size at the fork). `memory_cap` (bytes of address space) and `timeout` keep a runaway
    child from taking the machine down. `permissions`: file permissions bind the child even when this
    process is root (which may write any file): it runs under setpriv without the capabilities that
    override them."""
    import resource
    import subprocess
    import sys
    import time

    data = folder / "du-lieu-chuong-trinh"
    data.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TDKT_NO_BOOTSTRAP": "1",
        "TDKT_DATA_DIR": str(data),
        "PYTHONPATH": str(ROOT),
        "HOME": str(data),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }

    def limits() -> None:
        if memory_cap:
            resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))

    prefix = []
    if permissions and os.geteuid() == 0:
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]
    out_path, err_path = folder / "stdout.txt", folder / "stderr.txt"
    peak_path = folder / "peak.txt"
    peak_path.unlink(missing_ok=True)
    env["TDKT_PEAK_FILE"] = str(peak_path)
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [*prefix, sys.executable, "-c", _AS_APP, *argv],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            preexec_fn=limits,
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                child.kill()
                timed_out = True
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    code = child.returncode if child.returncode >= 0 and not timed_out else None
    return Ran(
        code,
        out_path.read_text(encoding="utf-8", errors="replace"),
        err_path.read_text(encoding="utf-8", errors="replace"),
        seconds,
        _peak_kb(peak_path, usage.ru_maxrss) / 1024,
        timed_out,
    )


# `python -m app` that writes its own peak resident memory (kB) to $TDKT_PEAK_FILE as it exits, however it
# exits (a refusal, a traceback, a MemoryError); only a kill leaves no word.
_AS_APP = """
import atexit, os, runpy, sys

def _peak():
    try:
        with open("/proc/self/status") as status:
            kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        with open(os.environ["TDKT_PEAK_FILE"], "w") as out:
            out.write(kb)
    except (OSError, StopIteration):
        pass

atexit.register(_peak)
sys.argv = ["app", *sys.argv[1:]]
runpy.run_module("app", run_name="__main__", alter_sys=True)
"""


def _peak_kb(path: Path, maxrss_kb: int) -> int:
    try:
        return int(path.read_text())
    except (OSError, ValueError):  # killed, or no /proc: the parent's view (an upper bound)
        return maxrss_kb
