"""app.exchange.file_limits: the kind of a file judged by its content, the zip limits, the bounded XML
reading and the one error path every reader of outside spreadsheets shares (issue 13, Deliver 5).

`bad_spreadsheets` makes the bad inputs of the issue's "What was seen" (small versions of the zip bombs,
a claimed A1:XFD20001, .xls/HTML/CSV renamed, cut and malformed XML, DOCTYPE, a password, .ods, .xlsb, a
folder, a missing path); the staff-list and history tests run every one of them through their readers.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from app.errors import UserError
from app.exchange.file_limits import (
    LIMITS,
    BoundedReader,
    FileLimits,
    FileRefused,
    check_zip_entries,
    reading,
    sniff,
    spreadsheet_kind,
    xml_starts,
)

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PRNS = "http://schemas.openxmlformats.org/package/2006/relationships"
MIB = 1 << 20


# ------------------------------------------------------------------------------ making files
def cells_row(r: int, values) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{r}"><v>{v}</v></c>'
        if isinstance(v, int)
        else f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{r}">{cells}</row>'


def sheet_xml(body: str, dimension: str | None = None, prolog: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{NS}">{dim}<sheetData>{body}</sheetData></worksheet>'


def workbook_parts(sheet: str = "Danh sách", shared: bool = False) -> dict[str, str]:
    strings = (
        f'<Relationship Id="rS" Type="{RNS}/sharedStrings" Target="sharedStrings.xml"/>' if shared else ""
    )
    return {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{PRNS}"><Relationship Id="r1" Type="{RNS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{RNS}"><sheets><sheet name="{sheet}" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PRNS}"><Relationship Id="rId1" '
        f'Type="{RNS}/worksheet" Target="worksheets/sheet1.xml"/>{strings}</Relationships>',
    }


def xlsx(
    path: Path, sheet: str, parts: dict[str, str | bytes] | None = None, name: str = "Danh sách"
) -> Path:
    """A minimal workbook with `sheet` as its only sheet's XML; `parts` added or replaced."""
    everything: dict[str, str | bytes] = {**workbook_parts(name), "xl/worksheets/sheet1.xml": sheet}
    everything.update(parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in everything.items():
            z.writestr(part, data)
    return path


def blank_bomb(path: Path, part: str, head: bytes, size: int, tail: bytes, name: str = "Danh sách") -> Path:
    """A workbook whose `part` is `size` bytes of blanks between `head` and `tail`: tiny compressed,
    huge decompressed (the issue's 2 GiB sheet and 1 GiB shared strings, made smaller)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for p, data in workbook_parts(name, shared=part.endswith("sharedStrings.xml")).items():
            z.writestr(p, data)
        if part != "xl/worksheets/sheet1.xml":
            z.writestr("xl/worksheets/sheet1.xml", sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))
        with z.open(part, "w", force_zip64=True) as fh:
            fh.write(head)
            blank = b" " * MIB
            for _ in range(size // MIB):
                fh.write(blank)
            fh.write(tail)
    return path


HEADER = ["Họ và tên", "Năm sinh", "Năm", "Xếp loại"]
PERSON = ["Vũ Văn An", 1990, 2024, "Hoàn thành tốt nhiệm vụ"]


def real_xls(path: Path, sheet: str = "Xếp loại") -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    for r, values in enumerate([HEADER, PERSON]):
        for c, value in enumerate(values):
            ws.write(r, c, value)
    book.save(str(path))
    return path


def encrypted_xlsx(path: Path) -> Path:
    import openpyxl
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = path.with_name("plain-" + path.name)
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.save(plain)
    out = io.BytesIO()
    with plain.open("rb") as fh:
        OOXMLFile(fh).encrypt("matkhau", out)
    path.write_bytes(out.getvalue())
    return path


def word_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", f'<Relationships xmlns="{PRNS}"><Relationship Id="r1" '
                   f'Type="{RNS}/officeDocument" Target="word/document.xml"/></Relationships>')  # fmt: skip
        z.writestr("word/document.xml", "<document/>")
    return path


def plain_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("data.json", "{}")
        z.writestr("ảnh/quyết định.pdf", b"%PDF-1.4")
    return path


def lying_header(path: Path, name: str = "Danh sách") -> Path:
    """A sheet of 16 MB of blanks whose zip header claims 100 KB: the header passes, the bytes must not."""
    head = f'<worksheet xmlns="{NS}"><sheetData><row r="1">'.encode()
    xlsx(path, head + b" " * (16 * MIB) + b"</row></sheetData></worksheet>", name=name)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")  # central directory entries: the sizes zipfile trusts
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + length]) == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, at + 24, 100_000)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def bad_spreadsheets(folder: Path, sheet: str = "Danh sách") -> dict[str, tuple[Path, str]]:
    """Every bad spreadsheet of the issue: name -> (path, what the refusal must say, a regex)."""
    folder.mkdir(parents=True, exist_ok=True)
    good = xlsx(folder / "good.xlsx", sheet_xml(cells_row(1, HEADER) + cells_row(2, PERSON)), name=sheet)
    whole = good.read_bytes()
    (folder / "cut.xlsx").write_bytes(whole[: len(whole) // 2])
    (folder / "zero.xlsx").write_bytes(b"")
    (folder / "csv.xls").write_text("Họ và tên,Năm,Xếp loại\nVũ Văn An,2024,Tốt\n", encoding="utf-8")
    (folder / "web.xls").write_text("<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>")
    (folder / "thu muc.xlsx").mkdir(exist_ok=True)
    with zipfile.ZipFile(folder / "bang.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    xlsb_parts = {
        "_rels/.rels": f'<Relationships xmlns="{PRNS}"><Relationship Id="r1" Type="{RNS}/officeDocument" '
        'Target="xl/workbook.bin"/></Relationships>',
        "xl/workbook.bin": b"\x83\x01\x00",
    }
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
    )
    external = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    sheet_start = f'<worksheet xmlns="{NS}"><sheetData>'.encode()
    sheet_end = b"</sheetData></worksheet>"
    return {
        "missing": (folder / "khong co.xlsx", "Không tìm thấy tệp “khong co.xlsx”"),
        "folder": (
            folder / "thu muc.xlsx",
            "“thu muc.xlsx” là một thư mục, không phải tệp. Hãy chọn một tệp trong thư mục đó.",
        ),
        "zero bytes": (folder / "zero.xlsx", r"Tệp “zero.xlsx” rỗng \(0 byte\)"),
        "csv renamed": (folder / "csv.xls", "là tệp văn bản \\(CSV hoặc văn bản thường\\) được đổi đuôi"),
        "html renamed": (folder / "web.xls", "không phải tệp Excel thật \\(có thể là trang web"),
        "cut zip": (folder / "cut.xlsx", r"bị hỏng \(tệp nén bị cắt cụt"),
        "encrypted": (encrypted_xlsx(folder / "khoa.xlsx"), "đang được đặt mật khẩu"),
        "ods": (folder / "bang.ods", r"OpenDocument \(.ods\)"),
        "xlsb": (xlsx(folder / "nhi phan.xlsx", "", xlsb_parts), r"Excel nhị phân \(.xlsb\)"),
        "malformed workbook xml": (
            xlsx(
                folder / "xml.xlsx",
                sheet_xml(""),
                {"xl/workbook.xml": f'<workbook xmlns="{NS}"><sheets><sheet'},
            ),
            r"nội dung bên trong \(XML\) không đúng cấu trúc",
        ),
        "cut sheet xml": (
            xlsx(folder / "cat.xlsx", sheet_xml(cells_row(1, HEADER))[:-60], name=sheet),
            "bị hỏng",
        ),
        "billion laughs in the sheet": (
            xlsx(folder / "lol.xlsx", sheet_xml(cells_row(1, ["&lol2;"]), prolog=laughs), name=sheet),
            "khai báo DOCTYPE/ENTITY",
        ),
        "external entity in the workbook": (
            xlsx(
                folder / "ext.xlsx", sheet_xml(""), {"xl/workbook.xml": external + "<workbook>&x;</workbook>"}
            ),
            "khai báo DOCTYPE/ENTITY",
        ),
        "entity in the shared strings": (
            xlsx(
                folder / "sst.xlsx",
                sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
                {
                    **workbook_parts(sheet, shared=True),
                    "xl/sharedStrings.xml": laughs.replace("lolz", "sst")
                    + f'<sst xmlns="{NS}"><si><t>&lol2;</t></si></sst>',
                },
                name=sheet,
            ),  # fmt: skip
            "khai báo DOCTYPE/ENTITY",
        ),
        "header lying about the size": (lying_header(folder / "doi.xlsx", sheet), r"bị hỏng \(tệp nén"),
        "word renamed": (
            word_docx(folder / "van ban.xlsx"),
            r"là văn bản Word \(.docx\), không phải tệp Excel",
        ),
        "plain zip": (plain_zip(folder / "nen.xlsx"), r"là một tệp nén \(.zip\) chứ không phải tệp Excel"),
        "zip bomb sheet of blanks": (
            blank_bomb(
                folder / "bom.xlsx",
                "xl/worksheets/sheet1.xml",
                sheet_start + b"<row>",
                16 * MIB,
                b"</row>" + sheet_end,
                name=sheet,
            ),  # fmt: skip
            "nén bất thường",
        ),
        "zip bomb shared strings": (
            blank_bomb(
                folder / "chuoi.xlsx",
                "xl/sharedStrings.xml",
                f'<sst xmlns="{NS}"><si><t>'.encode(),
                16 * MIB,
                b"</t></si></sst>",
                name=sheet,
            ),  # fmt: skip
            "nén bất thường",
        ),
    }


BAD_NAMES = ["missing", "folder", "zero bytes", "csv renamed", "html renamed", "cut zip", "encrypted", "ods",
             "xlsb", "malformed workbook xml", "cut sheet xml", "billion laughs in the sheet",
             "external entity in the workbook", "entity in the shared strings", "header lying about the size",
             "word renamed", "plain zip",
             "zip bomb sheet of blanks", "zip bomb shared strings"]  # fmt: skip


def test_every_bad_spreadsheet_is_made(tmp_path):
    cases = bad_spreadsheets(tmp_path)
    assert sorted(cases) == sorted(BAD_NAMES)
    assert all(path.exists() for name, (path, _message) in cases.items() if name != "missing")


# ---------------------------------------------------------------------------- the file's kind
def test_kind_is_judged_by_content_and_each_refusal_says_what_the_file_is(tmp_path):
    cases = bad_spreadsheets(tmp_path)
    kinds = ["missing", "folder", "zero bytes", "csv renamed", "html renamed", "encrypted"]
    for name in kinds:
        path, message = cases[name]
        with pytest.raises(FileRefused, match=message):
            spreadsheet_kind(path)
    assert spreadsheet_kind(tmp_path / "good.xlsx") == "xlsx"
    assert spreadsheet_kind(real_xls(tmp_path / "that.xlsx")) == "xls"  # the name does not count
    (tmp_path / "utf16.xls").write_bytes("Họ và tên\tNăm\r\n".encode("utf-16"))
    with pytest.raises(FileRefused, match="tệp văn bản"):
        spreadsheet_kind(tmp_path / "utf16.xls")
    (tmp_path / "rac.xlsx").write_bytes(bytes(range(256)) * 16)
    with pytest.raises(FileRefused, match="bị hỏng hoặc không phải tệp Excel"):
        spreadsheet_kind(tmp_path / "rac.xlsx")


def test_sniff_names_what_a_file_is_for_any_reader(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n...")
    (tmp_path / "a.rtf").write_bytes(b"{\\rtf1\\ansi Ho va ten}")
    (tmp_path / "a.json").write_text('{"manifest": 1}')
    assert sniff(tmp_path / "a.pdf") == ("pdf", 12)
    assert sniff(tmp_path / "a.rtf")[0] == "rtf" and sniff(tmp_path / "a.json")[0] == "text"
    assert sniff(plain_zip(tmp_path / "a.zip"))[0] == "zip"
    with pytest.raises(FileRefused, match="là tệp PDF, không phải tệp Excel"):
        spreadsheet_kind(tmp_path / "a.pdf")
    with pytest.raises(FileRefused, match=r"văn bản Word \(RTF\)"):
        spreadsheet_kind(tmp_path / "a.rtf")


def test_an_xls_bigger_than_its_limit_is_refused_before_xlrd_reads_it(tmp_path):
    path = real_xls(tmp_path / "lon.xls")
    with pytest.raises(FileRefused, match="quá lớn để nhập một lần"):
        spreadsheet_kind(path, limits=FileLimits(max_xls=1024))


# --------------------------------------------------------------------------------- zip entries
def infos(*sizes: tuple[int, int]) -> list[zipfile.ZipInfo]:
    out = []
    for n, (size, packed) in enumerate(sizes):
        info = zipfile.ZipInfo(f"part{n}.xml")
        info.file_size, info.compress_size = size, packed
        out.append(info)
    return out


def test_zip_entries_are_checked_from_their_headers():
    check_zip_entries(infos((200 * 1024, 100), (10 * MIB, MIB)), "a.xlsx")  # small parts compress freely
    with pytest.raises(FileRefused, match="nén bất thường"):
        check_zip_entries(infos((2048 * MIB // 8, MIB)), "a.xlsx")
    with pytest.raises(FileRefused, match="quá lớn để nhập"):
        check_zip_entries(infos((LIMITS.max_part + 1, LIMITS.max_part)), "a.xlsx")
    with pytest.raises(FileRefused, match="vượt giới hạn"):
        check_zip_entries(infos(*[(10, 10)] * 11), "a.xlsx", FileLimits(max_entries=10))
    with pytest.raises(FileRefused, match="quá lớn để nhập"):
        check_zip_entries(infos(*[(100 * MIB, 50 * MIB)] * 11), "a.xlsx")  # 1.1 GB together


def test_a_part_that_inflates_beyond_its_header_is_stopped():
    reader = BoundedReader(io.BytesIO(b"x" * 5000), "sheet1.xml", "a.xlsx", allowed=4096)
    assert reader.read(4096) == b"x" * 4096
    with pytest.raises(FileRefused, match="giải nén ra nhiều hơn khai báo"):
        reader.read(4096)


# ------------------------------------------------------------------------------------- XML
def test_xml_starts_keeps_only_the_tags_asked_for_and_refuses_any_doctype():
    xml = f'<workbook xmlns="{NS}"><sheets><sheet name="A"/><sheet name="B"/></sheets><x><sheet/></x></workbook>'
    found = xml_starts(io.BytesIO(xml.encode()), "a.xlsx", "xl/workbook.xml", ["sheet"])
    assert [(tag, parent, attrib.get("name")) for tag, parent, _grand, attrib in found] == [
        ("sheet", "sheets", "A"),
        ("sheet", "sheets", "B"),
        ("sheet", "x", None),
    ]
    for prolog in ('<!DOCTYPE w [<!ENTITY a "aaaa">]>', '<!DOCTYPE w SYSTEM "http://example.org/w.dtd">'):
        with pytest.raises(FileRefused, match="DOCTYPE/ENTITY"):
            xml_starts(io.BytesIO((prolog + "<w>&a;</w>").encode()), "a.xlsx", "xl/workbook.xml", ["w"])
    with pytest.raises(FileRefused, match="quá nhiều mục"):
        xml_starts(io.BytesIO(b"<w>" + b"<s/>" * 20 + b"</w>"), "a.xlsx", "p.xml", ["s"], max_items=10)
    with pytest.raises(FileRefused, match="lồng nhau quá sâu"):
        xml_starts(io.BytesIO(b"<a>" * 300 + b"</a>" * 300), "a.xlsx", "p.xml", ["b"])


# ---------------------------------------------------------------------------- one error path
@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            zipfile.BadZipFile("Bad CRC-32 for file 'xl/worksheets/sheet1.xml'"),
            r"bị hỏng \(tệp nén bị cắt cụt",
        ),
        (EOFError(), r"bị hỏng \(tệp nén bị cắt cụt"),
        (zlib.error("Error -3 while decompressing data"), r"bị hỏng \(tệp nén bị cắt cụt"),
        (ET.ParseError("unclosed token: line 1, column 0"), r"nội dung bên trong \(XML\) không đúng"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), r"\(XML\) không đúng"),
        (PermissionError(13, "Permission denied"), "Không đọc được tệp “a.xlsx”"),
        (MemoryError(), "quá lớn để nhập một lần"),
        (RecursionError(), "lồng nhau quá sâu"),
        (RuntimeError("File is encrypted, password required"), "đang được đặt mật khẩu"),
        (KeyError("xl/styles.xml"), "bị hỏng hoặc không phải tệp Excel"),
        (IndexError("list index out of range"), "bị hỏng hoặc không phải tệp Excel"),
        (ValueError("invalid literal for int() with base 10: 'x'"), "bị hỏng hoặc không phải tệp Excel"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else "",
)
def test_any_failure_while_reading_is_one_refusal_without_an_exception_name(error, message):
    with pytest.raises(FileRefused, match=message) as info:
        with reading("a.xlsx"):
            raise error
    assert type(error).__name__ not in str(info.value)
    assert "“a.xlsx”" in str(info.value)


def test_a_user_error_passes_as_it_is():
    with pytest.raises(UserError, match="^Không có đơn vị$"):
        with reading("a.xlsx"):
            raise UserError("Không có đơn vị")
