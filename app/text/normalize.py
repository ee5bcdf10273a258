"""Unicode normalisation and whitespace cleaning applied to every incoming string."""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters are deleted (not spaced): they sit inside words after copy-paste.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# Other control characters (tabs, newlines, vertical tab ...) become spaces; str.split()
# then takes care of them together with NBSP and the other Unicode spaces.
_CONTROLS = {cp: " " for cp in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]}
_CLEAN_TABLE = {**_CONTROLS, **_ZERO_WIDTH}

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
    return " ".join(nfc(s).translate(_CLEAN_TABLE).split())


def proper_case_name(s: str) -> str:
    """Capitalise each word of a person's name: "NGÔ MINH LỰC" -> "Ngô Minh Lực"."""
    text = clean(s) or ""
    return _WORD_START.sub(lambda m: m.group(1).upper(), text.lower())
