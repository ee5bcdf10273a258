"""One spelling of each word the clerk reads: "Xóa" (the accent on the o), never the old style (on the a)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OLD_STYLE = "xo\u00e1"  # x, o, a with acute: the accent on the a
OLD_STYLE_PATTERN = re.compile(OLD_STYLE, re.IGNORECASE)


def _old_style_lines(text: str) -> list[int]:
    """Line numbers holding the old-style spelling, written composed or decomposed."""
    return [
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if OLD_STYLE_PATTERN.search(unicodedata.normalize("NFC", line))
    ]


def test_the_pattern_finds_the_old_spelling_in_any_case_and_form():
    assert _old_style_lines("Đã xo\u00e1 “Cụm”.\nX\u00f3a") == [1]
    assert _old_style_lines("XO\u00c1 D\u00d2NG") == [1]
    assert _old_style_lines(unicodedata.normalize("NFD", "Xo\u00e1 dòng")) == [1]
    assert _old_style_lines("Xóa dòng, xóa điểm, XÓA") == []


def test_no_old_style_xoa_in_the_program_or_its_tests():
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for top in ("ui", "app", "tests")
        for path in sorted((ROOT / top).rglob("*.py"))
        for n in _old_style_lines(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "Viết “Xóa”, không viết kiểu cũ: " + ", ".join(found)
