"""Unicode normalisation and whitespace cleaning applied to every incoming string."""

from __future__ import annotations

import re
import unicodedata

# Deleted outright: zero-width joiners and the BOM sit inside words after copy-paste; direction controls
# (LRM, RLM, LRE..RLO, LRI..PDI) and soft hyphens are invisible and would make two equal names differ.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u00ad"))
_INVISIBLE.update(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
# Other control characters (tabs, newlines, vertical tab ...) become spaces; str.split()
# then takes care of them together with NBSP and the other Unicode spaces.
_CONTROLS = {cp: " " for cp in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]}
_CLEAN_TABLE = {**_CONTROLS, **_INVISIBLE}
# Most text holds none of them: one search in C is far cheaper than translating every string.
_ODD = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_CLEAN_TABLE)) + "]")
# Whitespace that str.split() would change: at either end, two in a row, or any but a plain space.
_UNTIDY = re.compile(r"^\s|\s$|\s\s|[^\S ]")
# A zero-width space is a word break in text from web pages ("Nguyễn\u200bVăn\u200bAn"): before an upper-case
# letter, with a letter before it, it becomes a space. Anywhere else ("Ph\u200bạm", next to a space) it is
# deleted like the other zero-width characters, since names only start their words with capitals.
_WORD_BREAK = re.compile(r"(?<=[^\W\d_])\u200b+(?=[^\W\d_])")

# A name part starts at the beginning, after a space, or after ' and - as in
# minority names written like "H'Hen Niê" or "Y-Moan".
_WORD_START = re.compile(r"(?:^|(?<=[\s'\-\u2019\u02bc]))(\w)")


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC (precomposed) form."""
    return unicodedata.normalize("NFC", s)


def clean(s: str | None) -> str | None:
    """NFC, turn odd spaces/control chars into plain spaces, collapse runs, strip."""
    if s is None:
        return None
    if not unicodedata.is_normalized("NFC", s):
        s = nfc(s)
    if "\u200b" in s:
        s = _WORD_BREAK.sub(_word_break, s)
    if _ODD.search(s):
        s = s.translate(_CLEAN_TABLE)
    # Text that is tidy already (names read back from the database) is returned as it is: cheaper.
    return " ".join(s.split()) if _UNTIDY.search(s) else s


def _word_break(m: re.Match) -> str:
    return " " if m.string[m.end()].isupper() else ""


def proper_case_name(s: str) -> str:
    """Capitalise each word of a person's name: "NGÔ MINH LỰC" -> "Ngô Minh Lực"."""
    text = clean(s) or ""
    return _WORD_START.sub(lambda m: m.group(1).upper(), text.lower())
