"""Vietnamese personal names for the demo roster, with believable frequencies.

Family names follow the usual national shares (Nguyễn about 38%); middle and given names depend on
sex, and "Văn"/"Thị" grow rarer with younger birth years. A few ethnic minorities carry their own
family names. Everything is drawn from one `random.Random`, so a seed gives the same names.
"""

from __future__ import annotations

import random
import unicodedata
from itertools import accumulate


def _nfc(pairs):
    return [(unicodedata.normalize("NFC", name), weight) for name, weight in pairs]


class Table:
    """A weighted list that draws with precomputed cumulative weights (fast, deterministic)."""

    def __init__(self, pairs):
        pairs = _nfc(pairs)
        self.values = [name for name, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cum)[0]


# Shares in percent, roughly as surveys of Vietnamese family names report them.
FAMILY = Table(
    [
        ("Nguyễn", 38.0),
        ("Trần", 11.0),
        ("Lê", 9.5),
        ("Phạm", 7.0),
        ("Hoàng", 4.5),
        ("Huỳnh", 1.2),
        ("Phan", 4.0),
        ("Vũ", 3.4),
        ("Võ", 1.4),
        ("Đặng", 2.1),
        ("Bùi", 2.0),
        ("Đỗ", 1.4),
        ("Hồ", 1.3),
        ("Ngô", 1.3),
        ("Dương", 1.0),
        ("Lý", 0.5),
        ("Đinh", 0.9),
        ("Trịnh", 0.8),
        ("Mai", 0.6),
        ("Đào", 0.6),
        ("Lương", 0.5),
        ("Cao", 0.5),
        ("Hà", 0.6),
        ("Tạ", 0.3),
        ("Lại", 0.2),
        ("Chu", 0.3),
        ("Lưu", 0.3),
        ("Đoàn", 0.5),
        ("Tô", 0.2),
        ("Vương", 0.2),
        ("Kiều", 0.15),
        ("Quách", 0.15),
        ("Triệu", 0.15),
        ("Thái", 0.15),
        ("Phùng", 0.2),
        ("Nghiêm", 0.1),
        ("Khúc", 0.05),
        ("La", 0.1),
        ("Mạc", 0.05),
        ("Văn", 0.1),
        ("Lâm", 0.2),
        ("Tăng", 0.05),
        ("Doãn", 0.05),
        ("Âu", 0.05),
    ]
)

ETHNIC_FAMILY = {
    "Thái": Table([("Lò", 3), ("Cầm", 2), ("Lường", 2), ("Vi", 1), ("Hà", 2), ("Lộc", 1), ("Quàng", 1)]),
    "Mường": Table([("Bùi", 4), ("Đinh", 3), ("Quách", 2), ("Hà", 2), ("Xa", 1), ("Cao", 1)]),
    "Tày": Table([("Nông", 3), ("Hoàng", 3), ("Ma", 1), ("Lục", 1), ("Hà", 1), ("Đàm", 1), ("Triệu", 1)]),
    "Nùng": Table([("Nông", 3), ("Hoàng", 2), ("Vi", 1), ("Lăng", 1), ("Lý", 1)]),
    "Dao": Table([("Triệu", 3), ("Bàn", 2), ("Đặng", 2), ("Lý", 1)]),
    "Mông": Table([("Giàng", 3), ("Vàng", 3), ("Sùng", 2), ("Thào", 2), ("Lầu", 1), ("Mùa", 1)]),
}

ETHNICITY = Table(
    [
        ("Kinh", 88.0),
        ("Thái", 3.8),
        ("Mường", 3.4),
        ("Tày", 2.0),
        ("Nùng", 1.0),
        ("Dao", 0.8),
        ("Mông", 0.5),
        ("Sán Dìu", 0.2),
        ("Khơ Mú", 0.1),
    ]
)

MALE_MIDDLE = Table(
    [
        ("Hữu", 5),
        ("Đức", 6),
        ("Minh", 6),
        ("Quang", 5),
        ("Công", 4),
        ("Xuân", 3),
        ("Thanh", 3),
        ("Ngọc", 3),
        ("Mạnh", 2),
        ("Tuấn", 2),
        ("Duy", 3),
        ("Trọng", 3),
        ("Đình", 4),
        ("Anh", 2),
        ("Hoàng", 2),
        ("Tiến", 2),
        ("Thế", 2),
        ("Bá", 2),
        ("Quốc", 3),
        ("Việt", 2),
        ("Thành", 2),
        ("Hải", 2),
        ("Trung", 2),
        ("Khắc", 1),
        ("Phú", 1),
        ("Huy", 1),
        ("Kim", 1),
        ("Sỹ", 1),
        ("Nam", 1),
        ("Gia", 1),
        ("Tất", 0.5),
        ("Chí", 1),
    ]
)
FEMALE_MIDDLE = Table(
    [
        ("Thu", 6),
        ("Ngọc", 6),
        ("Thanh", 5),
        ("Mỹ", 2),
        ("Hồng", 4),
        ("Phương", 3),
        ("Minh", 3),
        ("Kim", 3),
        ("Bích", 2),
        ("Thùy", 3),
        ("Hải", 2),
        ("Khánh", 2),
        ("Lan", 1),
        ("Diệu", 1),
        ("Quỳnh", 1),
        ("Hoài", 1),
        ("Mai", 1),
        ("Tuyết", 1),
        ("Thúy", 2),
        ("Lệ", 1),
        ("Vân", 1),
        ("Hà", 1),
        ("Bảo", 1),
        ("Cẩm", 1),
        ("Xuân", 1),
        ("Hương", 1),
        ("Tú", 1),
        ("Như", 1),
    ]
)
# The second middle name of women named "Thị …", as in Nguyễn Thị Thu Hà.
AFTER_THI = Table(
    [
        ("Thu", 5),
        ("Ngọc", 4),
        ("Thanh", 4),
        ("Hồng", 4),
        ("Kim", 3),
        ("Minh", 2),
        ("Phương", 2),
        ("Bích", 2),
        ("Thúy", 2),
        ("Mỹ", 2),
        ("Hải", 1),
        ("Diệu", 1),
        ("Tuyết", 1),
        ("Lan", 1),
        ("Huyền", 1),
        ("Quỳnh", 1),
    ]
)

MALE_GIVEN = Table(
    [
        ("Anh", 5),
        ("Bình", 3),
        ("Cường", 4),
        ("Dũng", 5),
        ("Đạt", 3),
        ("Đức", 4),
        ("Dương", 2),
        ("Hải", 4),
        ("Hiếu", 3),
        ("Hoàng", 3),
        ("Hùng", 5),
        ("Huy", 4),
        ("Hưng", 3),
        ("Khánh", 2),
        ("Khoa", 2),
        ("Kiên", 2),
        ("Lâm", 2),
        ("Linh", 2),
        ("Long", 4),
        ("Lợi", 1),
        ("Mạnh", 2),
        ("Minh", 5),
        ("Nam", 4),
        ("Nghĩa", 2),
        ("Phong", 2),
        ("Phúc", 2),
        ("Quân", 3),
        ("Quang", 3),
        ("Sơn", 4),
        ("Tài", 2),
        ("Thắng", 3),
        ("Thành", 4),
        ("Thịnh", 2),
        ("Toàn", 2),
        ("Trung", 4),
        ("Tú", 2),
        ("Tuấn", 5),
        ("Tùng", 3),
        ("Việt", 2),
        ("Vinh", 2),
        ("Vũ", 2),
        ("Hậu", 1),
        ("Hiệp", 2),
        ("Tâm", 2),
        ("Thanh", 2),
        ("Tiến", 2),
        ("Trường", 2),
        ("Chiến", 2),
        ("Công", 1),
        ("Định", 1),
        ("Giang", 1),
        ("Hà", 1),
        ("Hòa", 2),
        ("Huân", 1),
        ("Lực", 1),
        ("Quyết", 1),
        ("Sang", 1),
        ("Tân", 1),
        ("Thái", 1),
        ("Thuận", 1),
        ("Phương", 1),
        ("Khải", 1),
        ("Lộc", 1),
        ("Đông", 1),
        ("Bảo", 1),
        ("Duy", 2),
        ("Hào", 1),
        ("Khôi", 1),
        ("Nhật", 1),
        ("Phát", 1),
        ("Quý", 1),
        ("Thọ", 1),
    ]
)
FEMALE_GIVEN = Table(
    [
        ("Anh", 4),
        ("Ánh", 2),
        ("Bích", 1),
        ("Châm", 1),
        ("Chi", 2),
        ("Dung", 3),
        ("Duyên", 2),
        ("Giang", 3),
        ("Hà", 5),
        ("Hạnh", 3),
        ("Hằng", 4),
        ("Hiền", 4),
        ("Hoa", 4),
        ("Hồng", 3),
        ("Huệ", 2),
        ("Hương", 6),
        ("Huyền", 4),
        ("Lan", 4),
        ("Liên", 2),
        ("Linh", 5),
        ("Loan", 2),
        ("Lụa", 1),
        ("Mai", 4),
        ("My", 2),
        ("Nga", 4),
        ("Ngân", 2),
        ("Ngọc", 3),
        ("Nguyệt", 2),
        ("Nhung", 3),
        ("Oanh", 2),
        ("Phương", 4),
        ("Quỳnh", 3),
        ("Thảo", 5),
        ("Thanh", 3),
        ("Thoa", 2),
        ("Thu", 3),
        ("Thủy", 5),
        ("Thúy", 3),
        ("Trang", 6),
        ("Trinh", 2),
        ("Tuyết", 2),
        ("Uyên", 2),
        ("Vân", 3),
        ("Yến", 4),
        ("Hải", 1),
        ("Lý", 1),
        ("Thơm", 1),
        ("Tâm", 2),
        ("Lệ", 1),
        ("Hòa", 2),
        ("Xuân", 2),
        ("Diệp", 1),
        ("Nhàn", 2),
        ("Tình", 1),
        ("Hậu", 1),
        ("Luyến", 1),
        ("Nhi", 2),
        ("Vy", 1),
        ("Ly", 2),
        ("Thắm", 1),
        ("Lương", 1),
        ("Hường", 2),
        ("Quyên", 1),
        ("Trâm", 1),
    ]
)

HMONG_MALE_GIVEN = Table([("Páo", 2), ("Chứ", 2), ("Dế", 1), ("Sính", 2), ("Lử", 1), ("Pó", 1), ("Chá", 1)])
HMONG_FEMALE_GIVEN = Table([("Mỷ", 2), ("Dua", 1), ("Pà", 1), ("Chở", 1), ("Sua", 1), ("Dợ", 1)])


def _van_share(birth_year: int, female: bool) -> float:
    """How often the classic middle name is used, by generation."""
    if female:
        return (
            0.62 if birth_year < 1976 else 0.5 if birth_year < 1986 else 0.36 if birth_year < 1996 else 0.22
        )
    return 0.46 if birth_year < 1976 else 0.34 if birth_year < 1986 else 0.2 if birth_year < 1996 else 0.1


def full_name(rng: random.Random, female: bool, birth_year: int, ethnicity: str = "Kinh") -> str:
    """A full name in Vietnamese order: family, middle name(s), given name."""
    if ethnicity == "Mông":
        family = ETHNIC_FAMILY["Mông"].draw(rng)
        given = (HMONG_FEMALE_GIVEN if female else HMONG_MALE_GIVEN).draw(rng)
        return f"{family} {'Thị' if female else 'A'} {given}"
    ethnic = ETHNIC_FAMILY.get(ethnicity)
    family = ethnic.draw(rng) if ethnic is not None and rng.random() < 0.8 else FAMILY.draw(rng)
    given_table = FEMALE_GIVEN if female else MALE_GIVEN
    if ethnic is not None:
        middle = ["Thị" if female else "Văn"]  # minorities keep the classic middle names more often
    elif rng.random() < _van_share(birth_year, female):
        middle = ["Thị" if female else "Văn"]
        if female and rng.random() < 0.14:
            middle.append(AFTER_THI.draw(rng))
    else:
        middle = [(FEMALE_MIDDLE if female else MALE_MIDDLE).draw(rng)]
    given = given_table.draw(rng)
    for _ in range(5):  # avoid "Minh Minh" and "Nguyễn … Nguyễn"
        if given not in middle and given != family:
            break
        given = given_table.draw(rng)
    return " ".join([family, *middle, given])
