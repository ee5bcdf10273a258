import unicodedata

import pytest

from app.text import clean, nfc, proper_case_name


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def test_nfc_composes_decomposed_text():
    assert nfc(nfd("Nguyễn Đức Việt")) == "Nguyễn Đức Việt"
    assert len(nfc(nfd("ệ"))) == 1


def test_clean_none_stays_none():
    assert clean(None) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Lý   Đức   Việt ", "Lý Đức Việt"),
        ("Nguyễn\u00a0Văn\tAn\n", "Nguyễn Văn An"),
        ("Khoa\r\nNội", "Khoa Nội"),
        ("\ufeffTrần Thị Hoa", "Trần Thị Hoa"),
        ("Ph\u200bạm Thị\u200c Lan", "Phạm Thị Lan"),  # zero-width characters are dropped
        ("Hà\u2003Nội\u3000", "Hà Nội"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_clean(raw, expected):
    assert clean(raw) == expected


def test_clean_turns_nfd_into_nfc():
    out = clean(nfd("  Hoàng   Thanh Hà "))
    assert out == "Hoàng Thanh Hà"
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NGÔ MINH LỰC", "Ngô Minh Lực"),
        ("ngô minh lực", "Ngô Minh Lực"),
        ("đinh thị đào", "Đinh Thị Đào"),
        ("ĐẶNG ĐỨC Ỷ", "Đặng Đức Ỷ"),
        ("  TRẦN   QUỐC   HẢI ", "Trần Quốc Hải"),
        ("lê thị ỳ", "Lê Thị Ỳ"),
        ("ƯNG ÁNH ƯỚC", "Ưng Ánh Ước"),
        ("h'hen niê", "H'Hen Niê"),
        ("Y-MOAN ÊNUÔL", "Y-Moan Ênuôl"),
    ],
)
def test_proper_case_name(raw, expected):
    assert proper_case_name(raw) == expected


def test_proper_case_name_accepts_nfd():
    assert proper_case_name(nfd("NGÔ MINH LỰC")) == "Ngô Minh Lực"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u202bLê Thị Hà\u202c", "Lê Thị Hà"),  # RLE ... PDF
        ("\u200eTrần\u200f Văn Tâm", "Trần Văn Tâm"),  # LRM, RLM
        ("Nguyễn \u2067Thùy\u2069 Thúy\u2066\u2068", "Nguyễn Thùy Thúy"),  # isolates
        ("\u202a\u202d\u202eĐức", "Đức"),
        ("Hoàng Thị Thu\u00adHà", "Hoàng Thị ThuHà"),  # soft hyphen: invisible, removed
        ("Ngô Min\u00adh Lực", "Ngô Minh Lực"),
    ],
)
def test_clean_removes_direction_controls_and_soft_hyphens(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn\u200bVăn\u200bAn", "Nguyễn Văn An"),  # a word break from a web page
        ("NGUYỄN\u200bVĂN\u200bAN", "NGUYỄN VĂN AN"),
        (nfd("Lê\u200bThị\u200bHạ"), "Lê Thị Hạ"),
        ("Ph\u200bạm Thị Lan", "Phạm Thị Lan"),  # inside a word: dropped
        ("Lan \u200b Anh", "Lan Anh"),
        ("\u200bLan\u200b", "Lan"),
        ("Trần\u200b\u200bVăn Tám", "Trần Văn Tám"),
    ],
)
def test_zero_width_space_between_words_becomes_a_space(raw, expected):
    assert clean(raw) == expected
    assert proper_case_name(raw) == proper_case_name(expected)
