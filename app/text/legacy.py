"""Repair of pre-Unicode Vietnamese text (TCVN3/ABC and VNI-Windows) from old Excel files.

Excel keeps such text as the Windows-1252 characters that the legacy font draws as
Vietnamese letters, e.g. "Hoµng" (TCVN3) or "Hoaøng" (VNI) for "Hoàng".
"""

from __future__ import annotations

import itertools
import re

from app.text._letters import LETTERS, VIETNAMESE_LOWER
from app.text.normalize import clean, nfc

# --------------------------------------------------------------------------- TCVN3
# TCVN 5712:1993 VN3, as runs of consecutive code points. VN3 has every lowercase
# letter but only the seven uppercase letters below; uppercase toned letters exist
# only in the "H" fonts, which draw the lowercase codes as capitals.
_TCVN3_RUNS = (
    (0xA1, "ĂÂÊÔƠƯĐăâêôơưđ"),
    (0xB5, "àảãáạ"),
    (0xBB, "ằẳẵắ"),
    (0xC6, "ặầẩẫấậè"),
    (0xCE, "ẻẽéẹềểễếệìỉ"),
    (0xDC, "ĩíịò"),
    (0xE1, "ỏõóọồổỗốộờởỡớợù"),
    (0xF1, "ủũúụừửữứựỳỷỹýỵ"),
)
TCVN3_TABLE: dict[str, str] = {
    chr(start + i): letter for start, letters in _TCVN3_RUNS for i, letter in enumerate(letters)
}
_TCVN3_TRANSLATE = str.maketrans(TCVN3_TABLE)


def tcvn3_to_unicode(s: str, uppercase_font: bool = False) -> str:
    """Decode TCVN3 text; ``uppercase_font`` for .VnTimeH-style fonts (drawn as capitals)."""
    out = s.translate(_TCVN3_TRANSLATE)
    return nfc(out.upper() if uppercase_font else out)


# ----------------------------------------------------------------------------- VNI
# VNI-Windows writes a letter as its ASCII base followed by mark characters; a few
# letters (đ, ơ, ư, the i family and ỵ) have a single code. Lowercase forms only:
# the uppercase form is the same sequence upper-cased (the marks have Latin-1 capitals).
_VNI_TONES = "øûõùï"  # huyền hỏi ngã sắc nặng
_VNI_HAT_TONES = "àåãáä"  # circumflex combined with each tone (â ê ô)
_VNI_BREVE_TONES = "èúüéë"  # breve combined with each tone (ă)
_TONED = {  # base letter -> its five toned forms, same tone order
    "a": "àảãáạ", "ă": "ằẳẵắặ", "â": "ầẩẫấậ", "e": "èẻẽéẹ", "ê": "ềểễếệ",
    "i": "ìỉĩíị", "o": "òỏõóọ", "ô": "ồổỗốộ", "ơ": "ờởỡớợ", "u": "ùủũúụ",
    "ư": "ừửữứự", "y": "ỳỷỹýỵ",
}  # fmt: skip


def _vni_lower_table() -> dict[str, str]:
    """Unicode lowercase letter -> VNI sequence."""
    table = {"đ": "ñ", "ă": "aê", "â": "aâ", "ê": "eâ", "ô": "oâ", "ơ": "ô", "ư": "ö"}
    for base, toned in _TONED.items():
        if base in "âêô":
            codes = [table[base][0] + m for m in _VNI_HAT_TONES]
        elif base == "ă":
            codes = ["a" + m for m in _VNI_BREVE_TONES]
        elif base == "i":
            codes = list("ìæóíò")  # the i letters have codes of their own
        else:
            codes = [table.get(base, base) + m for m in _VNI_TONES]
            if base == "y":
                codes[4] = "î"  # ỵ has a code of its own
        table.update(zip(toned, codes, strict=True))
    return table


VNI_TABLE: dict[str, str] = _vni_lower_table()
VNI_TABLE.update({k.upper(): v.upper() for k, v in list(VNI_TABLE.items())})


def _vni_decoder() -> dict[str, str]:
    # Marks follow the case of their letter; after a capital, lowercase marks are
    # accepted as well (sloppy title case). A lowercase letter with a capital mark is
    # not decoded: in TCVN3 text such pairs are common (e.g. "yÕ" is "yế").
    decode = {}
    for letter, code in VNI_TABLE.items():
        if letter.isupper():
            for tail in itertools.product(*[(c.lower(), c) for c in code[1:]]):
                decode[code[0] + "".join(tail)] = letter
        else:
            decode[code] = letter
    return decode


_VNI_DECODE = _vni_decoder()
# Alternation tried longest first = greedy longest match at each position.
_VNI_PATTERN = re.compile("|".join(map(re.escape, sorted(_VNI_DECODE, key=len, reverse=True))))


def vni_to_unicode(s: str) -> str:
    """Decode VNI-Windows text."""
    if s.isascii():
        return s
    return nfc(_VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], s))


# ----------------------------------------------------------------------- detection
# Characters > U+00FF that only genuine Unicode Vietnamese contains (legacy text is
# confined to Latin-1): precomposed letters and combining marks.
_UNICODE_ONLY = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u0300-\u036f]"
)

# A rough but strict model of one Vietnamese syllable: initial + vowel nucleus + final,
# checked together with spelling rules and where the tone mark may sit.
_INITIAL = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvxfjwz]"
_OPEN = (
    "iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyu|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|"
    "ua|ui|ưa|ưi|ưu"
)  # closed by a glide: no final consonant
_CLOSABLE = "uyê|iê|yê|oa|oă|oe|oo|uâ|uê|uô|uơ|uy|ươ|[aăâeêioôơuưy]"
_SYLLABLE = re.compile(
    f"(?P<initial>{_INITIAL})?(?:(?P<open>{_OPEN})|(?P<nucleus>{_CLOSABLE})(?P<final>ch|ng|nh|[cmnpt])?)"
)
_NEEDS_FINAL = {"ă", "â", "iê", "yê", "uô", "oă", "uâ", "uyê", "oo"}
_FRONT = ("i", "e", "ê", "y")
# Tone position inside an open nucleus when it is not the first vowel.
_OPEN_TONE = {"oa": (0, 1), "oe": (0, 1), "uy": (0, 1), "uê": (1,), "uơ": (1,), "ươ": (1,)}
# Split words on whitespace and ASCII punctuation; legacy codes stay inside words.
_WORD_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~]+")
# Letters of the Vietnamese alphabet (both cases) -> (toneless lowercase letter, tone).
_VIET = {ch: v for ch, v in LETTERS.items() if ch.isascii() or ch.lower() in VIETNAMESE_LOWER}


def _is_syllable(word: str) -> bool:
    """True if ``word`` spells one plausible Vietnamese syllable in a sane letter case."""
    if not (word.islower() or word.isupper() or word[:1].isupper() and word[1:].islower()):
        return False
    if not all(ch in _VIET for ch in word):
        return False
    bare = "".join(_VIET[ch][0] for ch in word)
    toned = [i for i, ch in enumerate(word) if _VIET[ch][1]]
    m = _SYLLABLE.fullmatch(bare)
    if m is None or len(toned) > 1:
        return False
    initial, final = m["initial"] or "", m["final"] or ""
    vowels = m["open"] or m["nucleus"]
    if m["nucleus"] and not final and vowels in _NEEDS_FINAL:
        return False
    if vowels == "y" and final and initial != "qu":  # "quýt", but never "yn" or "tỹn"
        return False
    # Spelling: ngh/gh/k only before i e ê (y), c/ng never there; g only before i.
    front = vowels.startswith(_FRONT)
    if initial in ("ngh", "gh", "k") and not front or initial in ("c", "ng") and front:
        return False
    if initial == "g" and front and not vowels.startswith("i"):
        return False
    if not toned:
        return final not in ("c", "ch", "p", "t")  # stops take sắc or nặng only
    tone = _VIET[word[toned[0]]][1]
    if final in ("c", "ch", "p", "t") and tone not in (4, 5):
        return False
    pos = toned[0] - len(initial)
    if final or len(vowels) == 1:
        allowed: tuple[int, ...] = (len(vowels) - 1,)
    else:
        allowed = _OPEN_TONE.get(vowels, (0,) if len(vowels) == 2 else (1,))
    return pos in allowed


def detect_legacy(s: str, font_name: str | None = None) -> str:
    """Guess the encoding of a cell: 'tcvn3', 'vni' or 'unicode'.

    Letters only Unicode can hold settle it first; then the cell's font; then the
    text itself: legacy wins only if decoding turns more non-ASCII words into valid
    Vietnamese syllables than the text has as it stands.
    """
    if _UNICODE_ONLY.search(s):
        return "unicode"
    font = (font_name or "").strip().lower()
    if font.startswith(".vn"):
        return "tcvn3"
    if font.startswith("vni"):
        return "vni"
    words = [w for w in _WORD_SPLIT.split(s) if w and not w.isascii()]
    if not words:
        return "unicode"
    as_is = sum(map(_is_syllable, words))
    if as_is == len(words):
        return "unicode"
    scores = {
        "tcvn3": sum(_is_syllable(tcvn3_to_unicode(w)) for w in words),
        "vni": sum(_is_syllable(vni_to_unicode(w)) for w in words),
    }
    best = max(scores, key=scores.__getitem__)
    # Require a clear gain and a plausible result (at least half the words valid).
    if scores[best] <= as_is or 2 * scores[best] < len(words):
        return "unicode"
    if scores["tcvn3"] == scores["vni"]:
        # Tie: VNI if base+mark pairs were actually consumed, else the far more
        # common TCVN3 (headers left in Calibri are the usual font-less case).
        return "vni" if len(vni_to_unicode(s)) < len(s) else "tcvn3"
    return best


def is_uppercase_font(font_name: str | None) -> bool:
    """True for TCVN3 capitals fonts such as .VnTimeH or .VnArialH."""
    name = (font_name or "").strip()
    return len(name) > 3 and name[:3].lower() == ".vn" and name.endswith("H")


def repair(s: str | None, font_name: str | None = None) -> str | None:
    """Decode legacy text if needed, then clean it (NFC, spaces). Used for every cell."""
    if s is None:
        return None
    encoding = detect_legacy(s, font_name)
    if encoding == "tcvn3":
        s = tcvn3_to_unicode(s, uppercase_font=is_uppercase_font(font_name))
    elif encoding == "vni":
        s = vni_to_unicode(s)
    return clean(s)
