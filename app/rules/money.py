"""Bonus money (tiền thưởng): coefficient × mức lương cơ sở on the decision date, rounded up (NĐ 152/2025
Đ49–54; the step is the parameter `bonus_rounding`, 10.000 đ [P]), and amounts written in words."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from num2words import num2words


def bonus_amount(coefficient: Decimal | float | str | None, base_salary: int | None, step: int = 10_000) -> int | None:
    """roundup(coefficient × base salary) to a multiple of `step`; None when either is unknown.

    Decimal arithmetic: 0,3 × 2.340.000 is exactly 702.000 and rounds up to 710.000, never to 710.001."""
    if coefficient is None or base_salary is None:
        return None
    exact = Decimal(str(coefficient)) * base_salary
    step = max(int(step or 1), 1)
    return int((exact / step).to_integral_value(rounding=ROUND_CEILING)) * step


def amount_in_words(amount: int) -> str:
    """"Bảy trăm mười nghìn đồng": what follows "Bằng chữ:" under a total."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    words = num2words(amount, lang="vi")
    return f"{words[:1].upper()}{words[1:]} đồng"
