"""app.text.identity: exact names, probable matches for names without marks, and narrowing twins."""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

import pytest

from app.text.identity import NameIndex, find, has_marks, name_identity, narrow, same_birth, same_words


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lê Thị Hà", "Lê Thị Hạ"),
        ("Nguyễn Thùy Thúy", "Nguyễn Thùy Thủy"),
        ("Trần Văn Tâm", "Trần Văn Tám"),
        ("Nguyễn Văn Đức", "Nguyễn Văn Dức"),
    ],
)
def test_names_one_mark_apart_are_different(a, b):
    assert name_identity(a) != name_identity(b)
    assert name_identity(nfd(a)) == name_identity(a) == name_identity(f"  {a.upper()} ")


def test_has_marks():
    assert has_marks("Lê Thị Hà") and has_marks("Nguyen Van Đuc") and has_marks(nfd("Tâm"))
    assert not has_marks("Le Thi Ha") and not has_marks("H'Hen Nie") and not has_marks(None)


def test_the_index_finds_the_same_name_and_probable_ones():
    index: NameIndex[str] = NameIndex()
    for name in ("Lê Thị Hà", "Lê Thị Hạ", "Phạm Minh Châu", "Hoang Van Nam"):
        index.add(name, name)
    assert index.same(nfd("LÊ THỊ HÀ")) == ["Lê Thị Hà"]
    assert index.same("Le Thi Ha") == [] and index.same("Lê Thị Ha") == []
    assert index.probable("Le Thi Ha") == ["Lê Thị Hà", "Lê Thị Hạ"]  # no marks: either twin
    assert index.probable("Lê Thị Ha") == []  # marks on both sides: never probably the same
    assert index.probable("Pham Minh Chau") == ["Phạm Minh Châu"]
    assert index.probable("Hoàng Văn Nam") == ["Hoang Van Nam"]  # kept without marks: the other way round
    assert index.probable("Hoang Van Nam") == [] and index.same("hoang  van nam") == ["Hoang Van Nam"]


def test_narrow_uses_each_key_only_while_it_helps():
    twins = [("A", "Bác sĩ"), ("B", "Bác sĩ"), ("B", "Điều dưỡng")]
    assert narrow(twins, lambda t: t[0] == "B", lambda t: t[1] == "Điều dưỡng") == [("B", "Điều dưỡng")]
    assert narrow(twins, lambda t: t[0] == "C", lambda t: t[1] == "Bác sĩ") == [
        ("A", "Bác sĩ"),
        ("B", "Bác sĩ"),
    ]
    assert narrow(twins[:1], lambda t: False) == twins[:1]


def test_same_words():
    assert same_words("Điều  dưỡng", nfd("điều dưỡng")) and not same_words(None, None)
    assert not same_words("Bác sĩ", "Bac si")


class _K(NamedTuple):
    id: int
    birth: str
    unit: int


def test_same_birth_falls_back_to_a_year_known_alone():
    known = [_K(1, "1980-05-01", 1), _K(2, "1980", 1)]
    assert same_birth(known, "1980-05-01", 1980) == [known[0]]
    assert same_birth(known, "1980-06-01", 1980) == [known[1]]
    assert same_birth(known, "1980-06-01") == []


def test_find_gives_the_same_name_narrowed_else_the_probable_ones():
    index: NameIndex[_K] = NameIndex()
    for k, name in (
        (_K(1, "1980", 1), "Lê Thị Hà"),
        (_K(2, "1980", 2), "Lê Thị Hà"),
        (_K(3, "1980", 1), "Lê Thị Hạ"),
    ):
        index.add(name, k)

    def born(known):
        return same_birth(known, "1980")

    assert find(index, "Lê Thị Hà", born) == ([_K(1, "1980", 1), _K(2, "1980", 2)], [])
    assert find(index, "Lê Thị Hà", born, lambda k: k.unit == 2) == ([_K(2, "1980", 2)], [])
    assert find(index, "Le Thi Ha", born) == ([], [_K(1, "1980", 1), _K(2, "1980", 2), _K(3, "1980", 1)])
    assert find(index, "Lê Thị Hà", lambda known: same_birth(known, "1981")) == ([], [])
