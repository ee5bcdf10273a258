"""Bonus money: rounded up to the step, exact in decimals; amounts read out as accounting papers write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.rules.money import amount_in_words, bonus_amount, number_in_words


def test_bonus_is_rounded_up_to_the_step():
    assert bonus_amount(Decimal("0.3"), 2_340_000) == 710_000  # 702.000 rounded up to the next 10.000
    assert bonus_amount(0.3, 2_340_000, step=1) == 702_000  # the raw product, when the office sets no rounding
    assert bonus_amount(Decimal("1.0"), 2_340_000) == 2_340_000  # already round: unchanged
    assert bonus_amount(Decimal("4.5"), 1_490_000) == 6_710_000
    assert bonus_amount("0.8", 1_800_000) == 1_440_000
    assert bonus_amount(None, 2_340_000) is None and bonus_amount(1, None) is None


@pytest.mark.parametrize(("n", "words"), [
    (0, "không"), (5, "năm"), (10, "mười"), (15, "mười lăm"), (21, "hai mươi mốt"), (24, "hai mươi bốn"),
    (25, "hai mươi lăm"), (101, "một trăm lẻ một"), (110, "một trăm mười"), (1_005, "một nghìn không trăm lẻ năm"),
    (702_000, "bảy trăm lẻ hai nghìn"), (3_050_000, "ba triệu không trăm năm mươi nghìn"),
    (1_000_005, "một triệu không trăm lẻ năm"), (21_060_000, "hai mươi mốt triệu không trăm sáu mươi nghìn"),
    (1_200_000_005, "một tỷ hai trăm triệu không trăm lẻ năm"),
])
def test_numbers_in_words(n, words):
    assert number_in_words(n) == words


def test_amounts_in_words():
    assert amount_in_words(4_930_000) == "Bốn triệu chín trăm ba mươi nghìn đồng"
    assert amount_in_words(0) == "Không đồng"
    with pytest.raises(ValueError):
        amount_in_words(-1)
