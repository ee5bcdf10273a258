"""Shared analysis of Latin letters into Vietnamese base letter + tone.

Built once at import from unicodedata, so the other modules can use plain
dict / str.translate look-ups in their hot loops.
"""

from __future__ import annotations

import unicodedata

# Tone numbers follow the traditional collation order: none, huyền, hỏi, ngã, sắc, nặng.
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Marks that turn a base vowel into a letter of its own (ă â ê ô ơ ư).
_VOWEL_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}

VOWELS = "aăâeêioôơuưy"

# Blocks holding every precomposed Latin letter we may meet in names.
_LATIN_RANGES = ((0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00))


def _analyse(ch: str) -> tuple[str, int] | None:
    """(lowercase Vietnamese-alphabet letter, tone) for a Latin letter, else None.

    Diacritics foreign to Vietnamese (ü, ç, ñ ...) are dropped, leaving the base letter.
    """
    low = ch.lower()
    if len(low) != 1:
        return None
    if low in ("đ", "ð"):  # Latin eth is a common stand-in for đ
        return "đ", 0
    decomposed = unicodedata.normalize("NFD", low)
    base = decomposed[0]
    if not ("a" <= base <= "z"):
        return None
    letter, tone = base, 0
    for mark in decomposed[1:]:
        if mark in TONE_MARKS:
            tone = TONE_MARKS[mark]
        else:
            letter = _VOWEL_MARKS.get((base, mark), letter)
    return letter, tone


def _build() -> dict[str, tuple[str, int]]:
    table = {}
    for start, stop in _LATIN_RANGES:
        for cp in range(start, stop):
            ch = chr(cp)
            if not ch.isalpha():
                continue
            found = _analyse(ch)
            if found is not None:
                table[ch] = found
    return table


# Every Latin letter (both cases) -> (lowercase Vietnamese letter, tone 0..5).
LETTERS: dict[str, tuple[str, int]] = _build()


def _vietnamese_letters() -> list[str]:
    out = []
    for base in VOWELS:
        for mark in ("", *TONE_MARKS):
            out.append(unicodedata.normalize("NFC", base + mark))
    out.append("đ")
    return out


# The 67 lowercase letters of Vietnamese that are not plain ASCII.
VIETNAMESE_LOWER = [ch for ch in _vietnamese_letters() if not ch.isascii()]
