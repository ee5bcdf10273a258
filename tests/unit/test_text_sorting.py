import random
import sqlite3
import unicodedata

import pytest

from app.text import name_sort_key, sort_key_words, vietnamese_key

# Expected order: given name first (letters of the Vietnamese alphabet, then tones),
# then middle name(s), then family name.
ORDERED_NAMES = [
    "Trần Văn An",  # "An" before "Anh": a shorter word first
    "Lê Thị Ánh",  # primary letters decide over the whole key before any tone ...
    "Trần Thị Anh",  # ... so Lê (l) beats Trần (t) although Ánh carries a tone
    "Nguyễn Văn Bình",
    "Phạm Thị Chi",
    "Lê Thị Dung",  # tone-only difference: ngang before ngã
    "Lê Thị Dũng",
    "Lê Văn Đức",  # đ comes after d
    "Phạm Thị Em",
    "Hồ Văn Hải",
    "Lê Thị Hoa",  # o < ô: "Hoa" before "Hồ"
    "Nguyễn Thị Hồ",
    "Lê Văn Hùng",  # u < ư: Hùng before Hưng despite the tone
    "Lê Văn Hưng",
    "Trần Thị Lam",  # a < ă < â
    "Trần Thị Lăng",
    "Trần Thị Lâm",
    "Võ Thị Ma",  # the six tones in order: none, huyền, hỏi, ngã, sắc, nặng
    "Võ Thị Mà",
    "Võ Thị Mả",
    "Võ Thị Mã",
    "Võ Thị Má",
    "Võ Thị Mạ",
    "Đỗ Quang Minh",  # same given name: middle name decides ...
    "Văn Minh",  # (a name that stops early comes first)
    "Bùi Văn Minh",
    "Lê Văn Minh",  # ... then the family name
    "Trần Văn Minh",
    "Đinh Thanh Uyên",  # u < ư
    "Dương Thành Ước",
    "Lê Thảo Vi",  # i < y
    "Lê Thảo Vy",
    "Đặng Thị Ỷ",  # letters equal up to the family name: đ < n decides before the tones
    "Nguyễn Thị Ỳ",
]


def test_names_sort_in_vietnamese_order():
    shuffled = ORDERED_NAMES[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == ORDERED_NAMES


def test_sort_key_words_order():
    assert sort_key_words("Nguyễn Thị Thu Hương") == ["Hương", "Thị", "Thu", "Nguyễn"]
    assert sort_key_words("  Lê   An ") == ["An", "Lê"]
    assert sort_key_words("Bình") == ["Bình"]
    assert sort_key_words("") == []


def test_key_is_ascii_and_case_space_and_normal_form_insensitive():
    key = name_sort_key("Nguyễn Văn Đức")
    assert key.isascii() and key.isprintable()
    assert name_sort_key("NGUYỄN VĂN ĐỨC") == key
    assert name_sort_key("  nguyễn  văn\u00a0đức ") == key
    assert name_sort_key(unicodedata.normalize("NFD", "Nguyễn Văn Đức")) == key


def test_tone_difference_only_in_secondary_level():
    plain, toned = name_sort_key("Lê Văn An"), name_sort_key("Lê Văn Án")
    assert plain != toned
    assert plain.split("!")[0] == toned.split("!")[0]


def test_order_holds_in_sqlite_binary_collation():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE person (name TEXT, sort_key TEXT)")
    db.executemany(
        "INSERT INTO person VALUES (?, ?)", [(n, name_sort_key(n)) for n in reversed(ORDERED_NAMES)]
    )
    rows = [r[0] for r in db.execute("SELECT name FROM person ORDER BY sort_key")]
    assert rows == ORDERED_NAMES


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Khoa Dược", "Khoa Đông y"),
        ("Khoa Nhi", "Khoa Nội tổng hợp"),
        ("Trạm Y tế xã 2", "Trạm Y tế xã 10"),
        ("Trạm Y tế xã 9", "Trạm Y tế xã An"),
        ("Bệnh viện", "Bệnh viện Đa khoa tỉnh"),
        ("Trung tâm Y tế huyện Cẩm Thủy", "Trung tâm Y tế huyện Cẩm Thuỷ Mới"),
        ("Văn phòng Sở Y tế", "Văn phòng Sở Y Tế Thanh Hóa"),
        ("Phòng Tổ chức cán bộ", "Phòng Tổ chức – Hành chính"),
    ],
)
def test_vietnamese_key_order(before, after):
    assert vietnamese_key(before) < vietnamese_key(after)


def test_vietnamese_key_keeps_word_order_and_ignores_case():
    assert vietnamese_key("Khoa Nhi") == vietnamese_key("KHOA  NHI")
    assert vietnamese_key("Khoa Nhi") != vietnamese_key("Nhi Khoa")
    assert vietnamese_key("Hồi") < vietnamese_key("Hội")  # huyền before nặng
    assert vietnamese_key("Hội đồng") < vietnamese_key("Hồi sức")  # letters first: đ < s


def test_foreign_characters_stay_ascii_and_sort_after_letters():
    assert vietnamese_key("Zürich").isascii()
    assert vietnamese_key("Khoa Z") < vietnamese_key("Khoa 中")
