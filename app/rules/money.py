"""Bonus money (tiền thưởng): coefficient × mức lương cơ sở on the decision date, rounded up (NĐ 152/2025
Đ49–54; the step is the parameter `bonus_rounding`, 10.000 đ [P]), and amounts written in words."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def bonus_amount(coefficient: Decimal | float | str | None, base_salary: int | None, step: int = 10_000) -> int | None:
    """roundup(coefficient × base salary) to a multiple of `step`; None when either is unknown.

    Decimal arithmetic: 0,3 × 2.340.000 is exactly 702.000 and rounds up to 710.000, never to 710.001."""
    if coefficient is None or base_salary is None:
        return None
    exact = Decimal(str(coefficient)) * base_salary
    step = max(int(step or 1), 1)
    return int((exact / step).to_integral_value(rounding=ROUND_CEILING)) * step


def _group(n: int, leading: bool) -> list[str]:
    """Three digits the way amounts are read: inner groups keep "không trăm" and "lẻ" (3.050.000 is
    "ba triệu không trăm năm mươi nghìn"), as accounting papers write them; the first group does not."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if ones and words:
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if ones == 1 and tens > 1:
        words.append("mốt")
    elif ones == 5 and tens > 0:
        words.append("lăm")
    elif ones:
        words.append(DIGITS[ones])
    return words


def number_in_words(n: int) -> str:
    """"ba triệu không trăm năm mươi nghìn" (lower case, without the currency)."""
    if n < 0:
        raise ValueError("the number must not be negative")
    if n == 0:
        return DIGITS[0]
    groups = []
    while n:
        n, rest = divmod(n, 1000)
        groups.append(rest)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index]:
            words += _group(groups[index], leading=not words)
            if GROUPS[index]:
                words.append(GROUPS[index])
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """"Bảy trăm mười nghìn đồng": what follows "Bằng chữ:" under a total."""
    words = number_in_words(amount)
    return f"{words[:1].upper()}{words[1:]} đồng"
