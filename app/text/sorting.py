"""Vietnamese collation keys that are plain ASCII strings.

A key compares correctly with ordinary code-point comparison (Python ``<``,
SQLite BINARY, PostgreSQL ``COLLATE "C"``), so it can live in an indexed column.

Layout:  <primary> "!" <secondary>
  primary   – one character per letter in Vietnamese alphabet order, words joined
              by "-", numbers as a two-digit length followed by the digits;
  secondary – one tone digit per letter (0 none, 1 huyền, 2 hỏi, 3 ngã, 4 sắc,
              5 nặng), trailing zeros dropped.
Ordering of separators: "!" < "-" < digits < letters < "~" (unknown characters),
so a shorter word or name sorts before a longer one sharing its prefix.
"""

from __future__ import annotations

import re

from app.text._letters import LETTERS
from app.text.normalize import clean

# Vietnamese alphabet; f j w z only occur in foreign names and sit where Latin puts them.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_CODE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"
assert len(ALPHABET) == len(_CODE_CHARS)
_LETTER_CODE = dict(zip(ALPHABET, _CODE_CHARS, strict=True))

_LEVEL_SEP = "!"
_WORD_SEP = "-"

_TOKEN = re.compile(r"\d+|[^\W\d_]+")


class _Table(dict):
    """str.translate table that encodes characters on first sight and caches them."""

    def __init__(self, tones: bool) -> None:
        super().__init__()
        self._tones = tones

    def __missing__(self, cp: int) -> str:
        found = LETTERS.get(chr(cp))
        if found is None:  # not a Latin letter: keep order by code point, after letters
            value = "" if self._tones else f"~{cp:06X}"
        else:
            letter, tone = found
            value = str(tone) if self._tones else _LETTER_CODE[letter]
        self[cp] = value
        return value


_PRIMARY = _Table(tones=False)
_TONES = _Table(tones=True)


def _encode(words: list[str]) -> str:
    primary: list[str] = []
    tones: list[str] = []
    for word in words:
        for token in (word,) if word.isalpha() else _TOKEN.findall(word):
            if token.isdigit():
                # Numbers compare by value: "2" < "10". Leading zeros are ignored.
                digits = token.lstrip("0") or "0"
                primary.append(f"{len(digits):02d}{digits}")
            else:
                primary.append(token.translate(_PRIMARY))
                tones.append(token.translate(_TONES))
    return _WORD_SEP.join(primary) + _LEVEL_SEP + "".join(tones).rstrip("0")


def sort_key_words(full_name: str) -> list[str]:
    """Words of a name in comparison order: given name, middle name(s), family name."""
    words = (clean(full_name) or "").split()
    if len(words) < 2:
        return words
    return [words[-1], *words[1:-1], words[0]]


def name_sort_key(full_name: str) -> str:
    """Collation key for a person's full name (Vietnamese order: given name first)."""
    return _encode([w.lower() for w in sort_key_words(full_name)])


def vietnamese_key(s: str) -> str:
    """Collation key for arbitrary text (unit names ...), keeping the word order."""
    return _encode((clean(s) or "").lower().split())
