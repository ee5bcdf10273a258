import unicodedata

import pytest

from app.text import fold

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def all_vietnamese_letters() -> list[str]:
    lower = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES] + ["đ"]
    letters = [ch for ch in lower if not ch.isascii()]
    return letters + [ch.upper() for ch in letters]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Văn An", "nguyen van an"),
        ("Đức", "duc"),
        ("ĐẶNG THỊ YẾN", "dang thi yen"),
        ("  Trần   Thị\u00a0Thu  Hương ", "tran thi thu huong"),
        ("Khoa Hồi sức tích cực - Chống độc", "khoa hoi suc tich cuc - chong doc"),
        ("Bệnh viện Đa khoa tỉnh", "benh vien da khoa tinh"),
        ("Ưng Ước Ơn", "ung uoc on"),
        ("", ""),
    ],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


def test_fold_nfd_equals_nfc():
    for text in ("Nguyễn Văn Đức", "Lương Thị Ỳ", "Phạm Xuân Ỷ", "Quỳnh Hương"):
        assert fold(unicodedata.normalize("NFD", text)) == fold(text)


def test_every_vietnamese_letter_folds_to_one_ascii_letter():
    letters = all_vietnamese_letters()
    assert len(letters) == 134
    for ch in letters:
        folded = fold(ch)
        assert len(folded) == 1 and folded.isascii() and folded.islower(), ch
        expected = "d" if ch in "đĐ" else unicodedata.normalize("NFD", ch)[0].lower()
        assert folded == expected


def test_fold_drops_foreign_diacritics_too():
    assert fold("Müller Çelik Señor") == "muller celik senor"
