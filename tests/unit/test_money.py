"""Bonus money: rounded up to the step, exact in decimals; amounts read out as accounting papers write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.rules.money import (
    DIFFERENCE,
    HIGHEST_ONLY,
    PaidTitle,
    TitleBonus,
    amount_in_words,
    bonus_amount,
    number_in_words,
    one_bonus_per_achievement,
)


def test_bonus_is_rounded_up_to_the_step():
    """NĐ 152/2025 Điều 49 khoản 2 (NĐ 98/2023 Điều 53 before): the amount after multiplying the coefficient
    is rounded UP to tens of thousands of đồng, so LĐTT at 2.340.000 đ is 710.000 đ, not 702.000 đ (DOMAIN.md
    §6 says so); at 2.530.000 đ (NĐ 161/2026, from 01/07/2026) it is 760.000 đ."""
    assert bonus_amount(Decimal("0.3"), 2_340_000) == 710_000  # 702.000 rounded up to the next 10.000
    assert (
        bonus_amount(0.3, 2_340_000, step=1) == 702_000
    )  # the raw product, when the office sets no rounding
    assert bonus_amount(Decimal("1.0"), 2_340_000) == 2_340_000  # already round: unchanged
    assert bonus_amount(Decimal("4.5"), 1_490_000) == 6_710_000
    assert bonus_amount("0.8", 1_800_000) == 1_440_000
    assert bonus_amount(None, 2_340_000) is None and bonus_amount(1, None) is None
    assert bonus_amount(Decimal("0.3"), 2_530_000) == 760_000  # 759.000 rounded up
    assert bonus_amount(Decimal("1.5"), 2_530_000) == 3_800_000  # 3.795.000 rounded up


LDTT, CSTDCS, CSTD = "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Chiến sĩ thi đua cấp tỉnh"
EARLY = PaidTitle(LDTT, 710_000, "QĐ số 01/QĐ-SYT ngày 12/12/2025")


@pytest.mark.parametrize("mode", [DIFFERENCE, HIGHEST_ONLY])
def test_titles_of_one_decision_pay_only_the_highest_nd152_dieu49_khoan5(mode):
    """NĐ 152/2025 Điều 49 khoản 5: several danh hiệu for one achievement at one time pay the highest amount
    only, whatever the reading of later decisions; a title whose amount is unknown stays unknown."""
    assert one_bonus_per_achievement([(LDTT, 710_000), (CSTDCS, 2_340_000), ("Khác", None)], (), mode) == [
        TitleBonus(0, f"Không chi: cùng thành tích chỉ nhận mức cao nhất (“{CSTDCS}”)"),
        TitleBonus(2_340_000),
        TitleBonus(None),
    ]
    assert one_bonus_per_achievement([(CSTDCS, 2_340_000)], (), mode) == [TitleBonus(2_340_000)]
    assert one_bonus_per_achievement([], (), mode) == []


def test_a_later_higher_title_pays_the_difference_nd152_dieu49_khoan5():
    """NĐ 152/2025 Điều 49 khoản 5, read as "difference" (the default): what the year's titles already paid is
    taken off, so together they never pay more than the highest; a lower title after a higher pays nothing."""
    assert one_bonus_per_achievement([(CSTDCS, 2_340_000)], [EARLY]) == [
        TitleBonus(
            1_630_000, "Trừ 710.000 đ đã nhận theo QĐ số 01/QĐ-SYT ngày 12/12/2025 (“Lao động tiên tiến”)"
        )
    ]
    second = PaidTitle(CSTDCS, 1_630_000, "QĐ số 02/QĐ-SYT ngày 18/12/2025")
    [tinh] = one_bonus_per_achievement([(CSTD, 7_020_000)], [EARLY, second])
    assert tinh.amount == 7_020_000 - 2_340_000 and tinh.note.startswith(
        "Trừ 2.340.000 đ đã nhận theo QĐ số 01"
    )
    assert one_bonus_per_achievement([(LDTT, 710_000), (CSTDCS, 2_340_000)], [EARLY]) == [
        TitleBonus(0, f"Không chi: cùng thành tích chỉ nhận mức cao nhất (“{CSTDCS}”)"),
        TitleBonus(
            1_630_000, "Trừ 710.000 đ đã nhận theo QĐ số 01/QĐ-SYT ngày 12/12/2025 (“Lao động tiên tiến”)"
        ),
    ]
    higher = PaidTitle(CSTDCS, 2_340_000, "QĐ số 02/QĐ-SYT ngày 18/12/2025")
    assert one_bonus_per_achievement([(LDTT, 760_000)], [higher]) == [
        TitleBonus(
            0,
            "Không chi: đã nhận 2.340.000 đ theo QĐ số 02/QĐ-SYT ngày 18/12/2025 (“Chiến sĩ thi đua cơ sở”)",
        )
    ]
    # A title that paid nothing (it stood beside a higher one) is not named.
    assert one_bonus_per_achievement([(CSTDCS, 2_340_000)], [PaidTitle(LDTT, 0, "QĐ số 09")]) == [
        TitleBonus(2_340_000)
    ]


def test_highest_only_never_subtracts_nd152_dieu49_khoan5():
    """NĐ 152/2025 Điều 49 khoản 5, read as "highest only": a later title higher than every one already paid
    that year is paid in full (the earlier, signed one stands); one not higher pays nothing."""
    assert one_bonus_per_achievement([(CSTDCS, 2_340_000)], [EARLY], HIGHEST_ONLY) == [TitleBonus(2_340_000)]
    assert one_bonus_per_achievement([(LDTT, 710_000)], [EARLY], HIGHEST_ONLY) == [
        TitleBonus(
            0,
            "Không chi: đã nhận mức thưởng không thấp hơn theo QĐ số 01/QĐ-SYT ngày 12/12/2025 "
            "(“Lao động tiên tiến”)",
        )
    ]
    with pytest.raises(ValueError):
        one_bonus_per_achievement([(LDTT, 710_000)], [], "both")


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (101, "một trăm lẻ một"),
        (110, "một trăm mười"),
        (1_005, "một nghìn không trăm lẻ năm"),
        (702_000, "bảy trăm lẻ hai nghìn"),
        (3_050_000, "ba triệu không trăm năm mươi nghìn"),
        (1_000_005, "một triệu không trăm lẻ năm"),
        (21_060_000, "hai mươi mốt triệu không trăm sáu mươi nghìn"),
        (1_200_000_005, "một tỷ hai trăm triệu không trăm lẻ năm"),
    ],
)
def test_numbers_in_words(n, words):
    assert number_in_words(n) == words


def test_amounts_in_words():
    assert amount_in_words(4_930_000) == "Bốn triệu chín trăm ba mươi nghìn đồng"
    assert amount_in_words(0) == "Không đồng"
    with pytest.raises(ValueError):
        amount_in_words(-1)
