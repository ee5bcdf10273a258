"""Numbers as Vietnamese clerks type and read them: a dot between thousands, a comma before the decimals.

    parse_decimal("1.234,5") == Decimal("1234.5")      decimal_text(Decimal("1234.5")) == "1.234,5"
    parse_int("1.000") == 1000                          int_text(2340000) == "2.340.000"
    parse_money("2.340.000 đ") == 2340000               money_text(2340000) == "2.340.000"
    parse_percent("81,8%") == Decimal("81.8")           percent_text(Decimal("81.8")) == "81,8%"

How a typed number is read (one rule for the whole program):
1. Spaces (also non-breaking ones) are dropped: "1 000" is 1000. A leading "-" makes it negative.
2. A comma is the decimal mark; there is at most one, and dots may come only before it, as thousands:
   "1,5" = 1.5, "1.234,5" = 1234.5, "1,000" = 1 (a decimal, never a thousand).
3. With no comma, dots in groups of exactly three digits after a first group of 1–3 digits (not "0") are
   thousands: "1.000" = 1000, "12.345.678" = 12345678.
4. Otherwise a single dot is a decimal point, as a clerk used to English spreadsheets types it:
   "1.5" = 1.5, "8.25" = 8.25, "0.500" = 0.5, "1.0000" = 1.
5. Anything else is refused with a Vietnamese ValidationError: "1.2.3", "1,2,3", "1,5.3", "1.23,4",
   "1e5", "abc", "∞", a trailing or leading mark ("5,", ",5").

The same number is written back the same way: decimal_text(parse_decimal(x)) gives the canonical form.
Values that are already numbers (int, Decimal, float) pass through the parsers as they are.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.errors import ValidationError

__all__ = [
    "decimal_text",
    "int_text",
    "money_text",
    "parse_decimal",
    "parse_int",
    "parse_money",
    "parse_percent",
    "percent_text",
    "ratio_percent_text",
    "share_text",
]

_SPACES = re.compile(r"\s+")
_MIXED = re.compile(r"(?P<whole>[1-9]\d{0,2}(?:\.\d{3})*|0),(?P<fraction>\d+)")  # 1.234,5
_COMMA = re.compile(r"(?P<whole>\d+),(?P<fraction>\d+)")  # 1234,5
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # 1.000 / 12.345.678
_POINT = re.compile(r"(?P<whole>\d+)\.(?P<fraction>\d+)")  # 8.5 (rule 4)
_DIGITS = re.compile(r"\d+")
_MONEY_UNITS = re.compile(r"(?:đồng|đ|vnđ|vnd)$", re.IGNORECASE)
_SWAP = str.maketrans({",": ".", ".": ","})

Number = int | float | Decimal


def _plain(text: str) -> str | None:
    """The digits of `text` in Python's spelling ("-1234.5"), or None when it is no number."""
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    if _DIGITS.fullmatch(text):
        return sign + text
    if (m := _MIXED.fullmatch(text)) and "." in m["whole"]:
        return f"{sign}{m['whole'].replace('.', '')}.{m['fraction']}"
    if m := _COMMA.fullmatch(text):
        return f"{sign}{m['whole']}.{m['fraction']}"
    if _THOUSANDS.fullmatch(text):
        return sign + text.replace(".", "")
    if m := _POINT.fullmatch(text):
        return f"{sign}{m['whole']}.{m['fraction']}"
    return None


def _shown(text: str) -> str:
    return " ".join(text.split())


def parse_decimal(text: str | Number | None, what: str = "Giá trị") -> Decimal | None:
    """A typed number as a Decimal (rules in the module's doc); empty is None."""
    if text is None:
        return None
    if isinstance(text, int | float | Decimal):
        value = Decimal(str(text))
        if not value.is_finite():
            raise ValidationError(f"{what} không hợp lệ.")
        return value
    compact = _SPACES.sub("", text)
    if not compact:
        return None
    plain = _plain(compact)
    if plain is None:
        raise ValidationError(
            f"{what} “{_shown(text)}” không phải là số (ví dụ: 8,5 hoặc 1.000; dấu phẩy trước phần thập phân)."
        )
    try:
        return Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the patterns admit only digits
        raise ValidationError(f"{what} “{_shown(text)}” không phải là số.") from None


def parse_int(text: str | Number | None, what: str = "Giá trị") -> int | None:
    """A whole number: "1.000" = 1000; "1,5" or "1.5" is refused (no decimals here); empty is None."""
    value = parse_decimal(text, what)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValidationError(f"{what} “{_shown(str(text))}” phải là số nguyên (ví dụ: 1.000).")
    return int(value)


def parse_percent(text: str | Number | None, what: str = "Tỷ lệ") -> Decimal | None:
    """ "81,8%", "81,8 %" or "81,8" as Decimal("81.8") (the percentage, not the fraction); empty is None."""
    if isinstance(text, str):
        text = text.strip().removesuffix("%")
    return parse_decimal(text, what)


def parse_money(text: str | Number | None, what: str = "Số tiền") -> int | None:
    """An amount of đồng: "2.340.000", "2.340.000 đ", "2340000 đồng" as 2340000; never negative, no decimals."""
    if isinstance(text, str):
        text = _MONEY_UNITS.sub("", _SPACES.sub("", text))
    value = parse_int(text, what)
    if value is not None and value < 0:
        raise ValidationError(f"{what} không được âm.")
    return value


# --- writing ---------------------------------------------------------------------------------------------


def decimal_text(value: Number | None, places: int | None = None) -> str:
    """1234.5 → "1.234,5"; 100.0000 → "100"; with `places`, exactly that many decimals ("81,0");
    empty when there is no value."""
    if value is None:
        return ""
    if places is None:
        value = Decimal(str(value)).normalize()
        if value == 0:
            value = Decimal(0)  # not "-0" nor "0E+2"
        text = f"{value:,f}"
    else:
        text = f"{value:,.{places}f}"
    return text.translate(_SWAP)


def int_text(value: int | None) -> str:
    """2340000 → "2.340.000"; empty when there is no value."""
    return "" if value is None else f"{value:,}".translate(_SWAP)


def money_text(amount: int | None) -> str:
    """1.234.000 (dots between thousands, no currency); empty when the amount is not known."""
    return int_text(amount)


def percent_text(value: Number | None, places: int | None = None) -> str:
    """A percentage: 81.8 → "81,8%", 80 → "80%"; with `places`, that many decimals; empty when none."""
    return "" if value is None else f"{decimal_text(value, places)}%"


def share_text(part: Number, whole: Number, places: int = 1) -> str:
    """part/whole as a percentage with `places` decimals: (9, 11) → "81,8%", (1, 1) → "100,0%"."""
    return f"{float(part) / float(whole):,.{places}%}".translate(_SWAP)


def ratio_percent_text(value: Number | None) -> str:
    """A share of one written as a percentage, as a rule states it: 0.8 → "80%", 0.6667 → "66,67%"
    (six significant digits at most); empty when none."""
    return "" if value is None else percent_text(Decimal(f"{float(value) * 100:g}"))


_ROMAN_DIGITS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """1 → I, 14 → XIV: the numbering of a table's groups (I. Bệnh viện …)."""
    out = ""
    for value, letters in _ROMAN_DIGITS:
        count, n = divmod(n, value)
        out += letters * count
    return out
