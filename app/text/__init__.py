"""Pure-Python Vietnamese text helpers (stdlib only): cleaning, folding, sorting, legacy fonts."""

from app.text.folding import fold
from app.text.formatting import birth_text, cited_date, long_date, place_date, vn_date
from app.text.legacy import detect_legacy, is_uppercase_font, repair, tcvn3_to_unicode, vni_to_unicode
from app.text.normalize import clean, nfc, proper_case_name
from app.text.numbers import decimal_text, int_text, money_text, parse_decimal, parse_int, percent_text
from app.text.sorting import name_sort_key, sort_key_words, vietnamese_key

__all__ = [
    "birth_text",
    "cited_date",
    "clean",
    "decimal_text",
    "int_text",
    "detect_legacy",
    "fold",
    "is_uppercase_font",
    "long_date",
    "money_text",
    "name_sort_key",
    "nfc",
    "parse_decimal",
    "parse_int",
    "percent_text",
    "place_date",
    "proper_case_name",
    "repair",
    "sort_key_words",
    "tcvn3_to_unicode",
    "vietnamese_key",
    "vni_to_unicode",
    "vn_date",
]
