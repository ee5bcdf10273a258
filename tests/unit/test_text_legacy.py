import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlrd
from openpyxl.styles import Font

from app.text import (
    clean,
    detect_legacy,
    is_uppercase_font,
    proper_case_name,
    repair,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from app.text.legacy import TCVN3_TABLE, VNI_TABLE

SAMPLES = Path(__file__).parents[1] / "data" / "samples"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none huyền hỏi ngã sắc nặng
LOWER = [ch for ch in (unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES)
         if not ch.isascii()] + ["đ"]  # fmt: skip
ALL_LETTERS = LOWER + [ch.upper() for ch in LOWER]
VIETNAMESE_ALPHABET = set(ALL_LETTERS) | set("abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY")


def is_vietnamese_word(word: str) -> bool:
    return word[:1].isupper() and all(ch in VIETNAMESE_ALPHABET for ch in word)


# ------------------------------------------------------------------ test encoders
# TCVN3: the inverse of the module's table; toned capitals do not exist in VN3 and
# are written with the lowercase code (shown as capitals only by the "H" fonts).
TCVN3_ENCODE = {uni: code for code, uni in TCVN3_TABLE.items()}


def tcvn3_encode(text: str) -> str:
    return "".join(TCVN3_ENCODE.get(ch) or TCVN3_ENCODE.get(ch.lower(), ch) for ch in text)


# VNI, built here independently from the published layout: base letter, then a
# mark; a few letters have a single code.
VNI_TONE = dict(zip(TONES[1:], "øûõùï", strict=True))
VNI_HAT_TONE = dict(zip(TONES[1:], "àåãáä", strict=True))  # circumflex + tone
VNI_BREVE_TONE = dict(zip(TONES[1:], "èúüéë", strict=True))  # breve + tone
VNI_I = dict(zip(TONES[1:], "ìæóíò", strict=True))


def vni_encode_letter(ch: str) -> str:
    if ch.lower() == "đ":
        code = "ñ"
    else:
        parts = unicodedata.normalize("NFD", ch.lower())
        base, marks = parts[0], parts[1:]
        tone = next((m for m in marks if m in VNI_TONE), "")
        if "\u0302" in marks:  # circumflex: â ê ô
            code = base + (VNI_HAT_TONE[tone] if tone else "â")
        elif "\u0306" in marks:  # breve: ă
            code = base + (VNI_BREVE_TONE[tone] if tone else "ê")
        elif "\u031b" in marks:  # horn: ơ ư are single codes
            code = {"o": "ô", "u": "ö"}[base] + VNI_TONE.get(tone, "")
        elif base == "i" and tone:
            code = VNI_I[tone]
        elif base == "y" and tone == "\u0323":
            code = "î"
        else:
            code = base + VNI_TONE.get(tone, "")
    return code.upper() if ch.isupper() else code


def vni_encode(text: str) -> str:
    return "".join(
        vni_encode_letter(ch) if ch in VIETNAMESE_ALPHABET else ch
        for ch in unicodedata.normalize("NFC", text)
    )


# ------------------------------------------------------------------ conversions
@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("Hoµng C«ng TuÊn", "Hoàng Công Tuấn"),
        ("L\xad¬ng", "Lương"),
        ("§iÒu d\xadìng tr\xadëng", "Điều dưỡng trưởng"),
        ("N÷", "Nữ"),
        ("Hä vµ tªn", "Họ và tên"),
        ("Khoa Håi søc tÝch cùc - Chèng ®éc", "Khoa Hồi sức tích cực - Chống độc"),
        ("§¡NG, ¢M, £M, ¤NG, ¥N, ¦NG", "ĐĂNG, ÂM, ÊM, ÔNG, ƠN, ƯNG"),
    ],
)
def test_tcvn3_samples(legacy, expected):
    assert tcvn3_to_unicode(legacy) == expected


def test_tcvn3_uppercase_font():
    assert tcvn3_to_unicode("danh s¸ch c¸n bé", uppercase_font=True) == "DANH SÁCH CÁN BỘ"
    assert tcvn3_to_unicode("ñy ban nh©n d©n tØnh", uppercase_font=True) == "ỦY BAN NHÂN DÂN TỈNH"


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("Hoï vaø teân", "Họ và tên"),
        ("Nöõ", "Nữ"),
        ("Ñinh", "Đinh"),
        ("Tröôûng khoa", "Trưởng khoa"),
        (
            "DANH SAÙCH NHAÂN SÖÏ TRUNG TAÂM Y TEÁ HUYEÄN CAÅM THUÛY",
            "DANH SÁCH NHÂN SỰ TRUNG TÂM Y TẾ HUYỆN CẨM THỦY",
        ),
        ("Baùc só tænh Thò", "Bác sĩ tỉnh Thị"),
        ("Ngaên naép, ÑAÉK LAÉK, kyø", "Ngăn nắp, ĐẮK LẮK, kỳ"),
        ("Aùnh", "Ánh"),  # a capital with a lowercase mark is still read
    ],
)
def test_vni_samples(legacy, expected):
    assert vni_to_unicode(legacy) == expected


def test_all_134_letters():
    assert len(ALL_LETTERS) == 134 == len(set(ALL_LETTERS))


def test_tcvn3_table_covers_vn3_and_round_trips():
    # VN3: all 67 lowercase letters plus the seven plain capitals Ă Â Đ Ê Ô Ơ Ư.
    assert len(TCVN3_TABLE) == len(set(TCVN3_TABLE.values())) == 74
    assert set(TCVN3_TABLE.values()) == set(LOWER) | set("ĂÂĐÊÔƠƯ")
    assert all(0xA1 <= ord(code) <= 0xFE for code in TCVN3_TABLE)
    for letter in ALL_LETTERS:
        if letter in TCVN3_ENCODE:
            assert tcvn3_to_unicode(tcvn3_encode(letter)) == letter
        else:  # toned capital: only an "H" font can show it
            assert tcvn3_to_unicode(tcvn3_encode(letter), uppercase_font=True) == letter


def test_vni_table_agrees_with_independent_encoder():
    assert VNI_TABLE == {letter: vni_encode_letter(letter) for letter in ALL_LETTERS}


def test_vni_round_trips_all_letters():
    for letter in ALL_LETTERS:
        assert vni_to_unicode(vni_encode(letter)) == letter, (letter, vni_encode(letter))


def test_round_trip_running_text():
    text = "Quyết định khen thưởng Chiến sĩ thi đua cơ sở năm 2024 – Bệnh viện Đa khoa tỉnh"
    assert vni_to_unicode(vni_encode(text)) == text
    assert tcvn3_to_unicode(tcvn3_encode(text)) == text
    assert tcvn3_to_unicode(tcvn3_encode(text), uppercase_font=True) == text.upper()


# ------------------------------------------------------------------ fonts & detection
@pytest.mark.parametrize(
    ("font", "expected"),
    [(".VnTimeH", True), (".VnArialH", True), (".VnTime", False), (".VnArial", False),
     ("VNI-Times", False), ("Calibri", False), ("Arial", False), ("", False), (None, False)],
)  # fmt: skip
def test_is_uppercase_font(font, expected):
    assert is_uppercase_font(font) is expected


def test_detection_by_font_name():
    assert detect_legacy("Nam", ".VnTime") == "tcvn3"
    assert detect_legacy("Thò", ".vntime") == "tcvn3"
    assert detect_legacy("Thò", "VNI-Times") == "vni"
    assert detect_legacy("Thò", "vni-helve") == "vni"
    # Letters only Unicode has override a legacy font left on the cell.
    assert detect_legacy("Nguyễn Văn An", ".VnTime") == "unicode"
    assert detect_legacy("Lê Thị Hà", "VNI-Times") == "unicode"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hä vµ tªn", "tcvn3"),
        ("Giíi tÝnh", "tcvn3"),
        ("Chøc vô", "tcvn3"),
        ("Khoa, phßng", "tcvn3"),
        ("Hoï vaø teân", "vni"),
        ("Giôùi tính", "vni"),
        ("Tröôûng khoa", "vni"),
        ("Nöõ", "vni"),
        ("Họ và tên", "unicode"),
        ("Hoàng Công", "unicode"),  # Latin-1-only genuine Vietnamese
        ("Bác sĩ", "unicode"),
        ("HOÀNG VĂN Ý", "unicode"),
        ("Department of Health", "unicode"),
        ("Hôpital général", "unicode"),
        ("Müller, Zürich", "unicode"),
        ("Señor José Núñez", "unicode"),
        ("café crème", "unicode"),
        ("12/03/1985", "unicode"),
        ("", "unicode"),
    ],
)
def test_detection_by_text(text, expected):
    assert detect_legacy(text) == expected


def string_cells(path: Path):
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        yield cell.value, cell.font.name
    finally:
        wb.close()


@pytest.mark.parametrize("name", ["roster_unicode_nfd.xlsx", "history_sample.xlsx"])
def test_no_misdetection_on_genuine_unicode_files(name):
    cells = list(string_cells(SAMPLES / name))
    assert len(cells) > 50
    for value, font in cells:
        assert detect_legacy(value) == "unicode", value
        assert detect_legacy(value, font) == "unicode", value
        assert repair(value, font) == clean(value)


def test_detection_of_synthetic_legacy_copies_of_history_cells():
    # Multi-word cells re-encoded into TCVN3 / VNI must be recognised without a font.
    cells = {clean(v) for v, _ in string_cells(SAMPLES / "history_sample.xlsx")}
    texts = [t for t in cells if sum(not w.isascii() for w in re.split(r"[\s,/()-]+", t)) >= 2]
    assert len(texts) > 10
    for text in texts:
        assert detect_legacy(tcvn3_encode(text)) == "tcvn3", text
        assert detect_legacy(vni_encode(text)) == "vni", text
        assert repair(vni_encode(text)) == text


# ------------------------------------------------------------------ sample workbooks
def test_roster_tcvn3_matches_expected():
    expected = json.loads((SAMPLES / "roster_tcvn3.expected.json").read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(SAMPLES / "roster_tcvn3.xlsx", read_only=True)
    rows = [[repair(c.value, c.font.name) if isinstance(c.value, str) else c.value for c in row]
            for row in wb.active.iter_rows()]  # fmt: skip
    wb.close()
    # The header stands in Calibri but holds TCVN3 text: found from the text alone.
    assert rows[0] == ["Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Khoa, phòng"]
    people = rows[1:]
    assert len(people) == len(expected)
    for (name, gender, born, position, unit), want in zip(people, expected, strict=True):
        # .VnTime has no toned capitals ("Lê Thị Ỳ" is stored as "...ỳ"); the importer
        # proper-cases names, which is what restores them.
        assert name.lower() == want["full_name"].lower()
        assert proper_case_name(name) == want["full_name"]
        assert gender == want["gender"]
        assert position == want["position"]
        assert datetime.strptime(born, "%d/%m/%Y").date().isoformat() == want["birth_date"]
        assert unicodedata.is_normalized("NFC", unit)
        assert all(is_vietnamese_word(w) or w.islower() or w == "-" for w in unit.split()), unit
    assert "Khoa Hồi sức tích cực - Chống độc" in {row[4] for row in people}


def test_roster_vni_xls():
    book = xlrd.open_workbook(str(SAMPLES / "roster_vni.xls"), formatting_info=True)
    sheet = book.sheet_by_index(0)

    def cell(r: int, c: int) -> str | None:
        value = sheet.cell_value(r, c)
        if not isinstance(value, str):
            return value
        font = book.font_list[book.xf_list[sheet.cell_xf_index(r, c)].font_index].name
        return repair(value, font)

    assert cell(0, 0) == "DANH SÁCH NHÂN SỰ TRUNG TÂM Y TẾ HUYỆN CẨM THỦY"
    assert [cell(2, c) for c in range(6)] == [
        "TT",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Chức danh",
        "Khoa/Phòng",
    ]
    assert [cell(3, c) for c in range(1, 6)] == ["Lê Ngọc Phương", "Nữ", "12/03/1985", "Bác sĩ",
                                                 "Phòng Kế hoạch tổng hợp"]  # fmt: skip
    names = [cell(r, 1) for r in range(3, sheet.nrows)]
    assert names == [
        "Lê Ngọc Phương", "Đinh Thanh Uyên", "Vũ Hồng Phương", "Lý Ngọc Hạnh", "Phạm Minh Quang",
        "Mai Thị Oanh", "Phan Thúy Hằng", "Lê Thu Hằng", "Hoàng Diệu Trang", "Nguyễn Thị Ỳ",
        "Phan Hồng Anh", "Bùi Ngọc Thảo", "Đinh Mỹ Phương", "Dương Đức Trung", "Phạm Kim Chi",
        "Phạm Kim Chi", "Lương Thị Dung", "Võ Thúy Phương", "Võ Kim Hạnh", "Lê Minh Phong",
    ]  # fmt: skip
    for r in range(3, sheet.nrows):
        name, sex, position, unit = cell(r, 1), cell(r, 2), cell(r, 4), cell(r, 5)
        assert unicodedata.is_normalized("NFC", name + position + unit)
        assert all(is_vietnamese_word(w) for w in name.split()), name
        assert sex in ("Nam", "Nữ")
        assert all(is_vietnamese_word(w) or w.islower() for w in (position + " " + unit).split())


def test_roster_unicode_nfd():
    wb = openpyxl.load_workbook(SAMPLES / "roster_unicode_nfd.xlsx", read_only=True)
    rows = [[repair(c.value, c.font.name) for c in row] for row in wb.active.iter_rows()]
    raw = [[c.value for c in row] for row in wb.active.iter_rows()]
    wb.close()
    assert any(v != unicodedata.normalize("NFC", v) for row in raw for v in row)  # really NFD
    for row, raw_row in zip(rows, raw, strict=True):
        for value, original in zip(row, raw_row, strict=True):
            assert unicodedata.is_normalized("NFC", value)
            assert value == " ".join(unicodedata.normalize("NFC", original).split())
    names = [row[0] for row in rows[1:]]
    assert "Lý Đức Việt" in names
    assert proper_case_name(names[names.index("NGÔ MINH LỰC")]) == "Ngô Minh Lực"
    assert [proper_case_name(n) for n in names if n.isupper()] == ["Ngô Minh Lực", "Lê Quốc An",
                                                                  "Đinh Thúy Hoa", "Trần Quốc Hải"]  # fmt: skip


def test_vntimeh_cell_comes_out_in_capitals(tmp_path):
    path = tmp_path / "capitals.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "danh s¸ch c¸n bé ®\xadîc khen th\xadëng"
    wb.active["A1"].font = Font(name=".VnTimeH")
    wb.active["A2"] = "Hoµng C«ng TuÊn"
    wb.active["A2"].font = Font(name=".VnTime")
    wb.save(path)
    wb = openpyxl.load_workbook(path, read_only=True)
    a1, a2 = (row[0] for row in wb.active.iter_rows())
    assert repair(a1.value, a1.font.name) == "DANH SÁCH CÁN BỘ ĐƯỢC KHEN THƯỞNG"
    assert repair(a2.value, a2.font.name) == "Hoàng Công Tuấn"
    wb.close()


def test_repair_passes_none_and_cleans():
    assert repair(None) is None
    assert repair(None, ".VnTime") is None
    assert repair("  Hoµng \u00a0C«ng  ", ".VnTime") == "Hoàng Công"
    nfd = unicodedata.normalize("NFD", " Nguyễn  Văn Đức ")
    assert repair(nfd) == "Nguyễn Văn Đức"
