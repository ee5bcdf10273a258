"""Numbers the Vietnamese way: one reading of "1.000" and "1,5" for the whole program."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

from app.errors import ValidationError
from app.text.numbers import (
    decimal_text,
    int_text,
    money_text,
    parse_decimal,
    parse_int,
    parse_money,
    parse_percent,
    percent_text,
    ratio_percent_text,
    share_text,
)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.000", D("1000")),  # rule 3: dots in groups of three are thousands
        ("12.345.678", D("12345678")),
        ("1,5", D("1.5")),  # rule 2: the comma is the decimal mark
        ("1.234,5", D("1234.5")),
        ("1.234.567,25", D("1234567.25")),
        ("1,000", D("1")),  # a comma is never a thousands separator
        ("0,5", D("0.5")),
        ("1.5", D("1.5")),  # rule 4: a lone dot not followed by exactly three digits is a decimal point
        ("8.25", D("8.25")),
        ("1.0000", D("1")),
        ("0.500", D("0.5")),  # a first group of "0" is no thousand
        ("-2,5", D("-2.5")),
        ("-1.000", D("-1000")),
        (" 1 000 ", D("1000")),  # spaces are dropped
        ("1\u00a0234,5", D("1234.5")),  # a non-breaking space too
        ("42", D("42")),
    ],
)
def test_parse_decimal(typed, value):
    assert parse_decimal(typed) == value


@pytest.mark.parametrize(
    "typed",
    ["1.2.3", "1,2,3", "1,5.3", "1.23,4", "1.2345,6", "12.34.567", "1e5", "abc", "NaN", "Infinity", "5,", ",5",
     ".5", "1..0", "--1", "+-1", "1-", "∞"],
)  # fmt: skip
def test_unreadable_numbers_are_refused_in_vietnamese(typed):
    with pytest.raises(ValidationError, match="Điểm “.*” không phải là số"):
        parse_decimal(typed, "Điểm")


def test_empty_is_none_and_numbers_pass_through():
    assert parse_decimal(None) is None and parse_decimal("") is None and parse_decimal("   ") is None
    assert parse_decimal(D("12.500")) == D("12.5")  # a Decimal is not read as text ("12.500" = 12500)
    assert parse_decimal(3) == 3 and parse_decimal(2.5) == D("2.5")
    with pytest.raises(ValidationError):
        parse_decimal(float("inf"))


def test_parse_int_refuses_decimals():
    assert parse_int("1.000") == 1000 and parse_int("2.340.000") == 2340000 and parse_int("7") == 7
    assert parse_int("") is None
    for typed in ("1,5", "1.5"):
        with pytest.raises(ValidationError, match="số nguyên"):
            parse_int(typed, "Số người")


def test_parse_money_reads_the_currency_and_refuses_the_impossible():
    for typed in ("2.340.000 đ", "2.340.000đ", "2340000 đồng", "2.340.000 VNĐ", "2.340.000"):
        assert parse_money(typed) == 2_340_000, typed
    with pytest.raises(ValidationError, match="không được âm"):
        parse_money("-5.000")
    with pytest.raises(ValidationError, match="số nguyên"):
        parse_money("1.000,5 đ")


def test_parse_percent():
    assert parse_percent("81,8%") == D("81.8") and parse_percent("100 %") == D("100")
    assert parse_percent("8.5") == D("8.5") and parse_percent("") is None


def test_writing():
    assert decimal_text(D("1234.5")) == "1.234,5"
    assert decimal_text(D("100.0000")) == "100" and decimal_text(D("1E+3")) == "1.000"
    assert decimal_text(D("-0.00")) == "0" and decimal_text(None) == ""
    assert decimal_text(8.5) == "8,5" and decimal_text(2.0, 1) == "2,0"
    assert decimal_text(D("1234.567"), 2) == "1.234,57"
    assert int_text(2_340_000) == "2.340.000" and int_text(-1000) == "-1.000" and int_text(None) == ""
    assert money_text(2_340_000) == "2.340.000" and money_text(None) == ""
    assert percent_text(D("81.8")) == "81,8%" and percent_text(80) == "80%" and percent_text(None) == ""
    assert share_text(9, 11) == "81,8%" and share_text(1, 1) == "100,0%" and share_text(1, 3, 2) == "33,33%"
    assert ratio_percent_text(D("0.8")) == "80%" and ratio_percent_text(Fraction(2, 3)) == "66,6667%"
    assert ratio_percent_text(D("0.6667")) == "66,67%"


@pytest.mark.parametrize(
    "value", [D("0"), D("1"), D("1.5"), D("1000"), D("1234.5"), D("-2.75"), D("12345678.9"), D("0.001")]
)
def test_round_trip_from_a_value(value):
    assert parse_decimal(decimal_text(value)) == value


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [("1.000", "1.000"), ("1,5", "1,5"), ("1.5", "1,5"), ("1.234,50", "1.234,5"), ("1000", "1.000")],
)
def test_round_trip_from_text(typed, canonical):
    assert decimal_text(parse_decimal(typed)) == canonical
    assert parse_decimal(canonical) == parse_decimal(typed)


def test_the_old_readers_now_agree():
    """campaigns read "1.000" as 1000 and clusters as 1,00: both read it the same way now."""
    from app.services.clusters import parse_points, points_text

    assert parse_points("1.000") == parse_percent("1.000") == D("1000")
    assert parse_points("9,5") == D("9.50") and points_text(D("9.50")) == "9,5"
    with pytest.raises(ValidationError, match="quá hai chữ số thập phân"):
        parse_points("9,125")
