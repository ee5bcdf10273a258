"""Bonus money (tiền thưởng): coefficient × mức lương cơ sở on the decision date, rounded up to tens of
thousands (NĐ 152/2025 Điều 49 khoản 2; the step is the parameter `bonus_rounding`), one bonus per
achievement among emulation titles (Điều 49 khoản 5), and amounts written in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from app.text.numbers import money_text

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def bonus_amount(
    coefficient: Decimal | float | str | None, base_salary: int | None, step: int = 10_000
) -> int | None:
    """roundup(coefficient × base salary) to a multiple of `step`; None when either is unknown.

    Decimal arithmetic: 0,3 × 2.340.000 is exactly 702.000 and rounds up to 710.000, never to 710.001."""
    if coefficient is None or base_salary is None:
        return None
    exact = Decimal(str(coefficient)) * base_salary
    step = max(int(step or 1), 1)
    return int((exact / step).to_integral_value(rounding=ROUND_CEILING)) * step


# --- one bonus per achievement ---------------------------------------------------------------------------
#
# NĐ 152/2025 Điều 49 khoản 5 (NĐ 98/2023 Điều 53 before 01/07/2025 [P]): for one achievement at one time a
# subject who reaches several danh hiệu thi đua receives only the highest amount. The titles of one subject
# for one year are one achievement. Hình thức khen thưởng are not concerned: a title and a form are both paid,
# and forms for different achievements are each paid (same article), so callers pass titles only.
#
# When the titles of a year come in several decisions, parameter `bonus_several_titles` says how:
# - DIFFERENCE: the year's titles together never pay more than the highest of them. A later, higher title
#   pays its amount less what the earlier ones of that year paid (the note names them); a later title that
#   is not higher pays nothing.
# - HIGHEST_ONLY: no subtraction, ever. A title is paid in full when it is higher than every title of that
#   year already paid, otherwise nothing. A signed decision is never reopened, so a lower title paid first
#   and a higher one later are both paid in full: "highest only" applies to what is decided at one time.
# Within one decision both modes pay only the highest title; the others get 0 with a note.

SEVERAL_TITLES_KEY = "bonus_several_titles"
DIFFERENCE, HIGHEST_ONLY = "difference", "highest_only"
SEVERAL_TITLES_MODES = (DIFFERENCE, HIGHEST_ONLY)


@dataclass(frozen=True, slots=True)
class PaidTitle:
    """A title of the same subject and year already paid by another decision."""

    name: str  # "Lao động tiên tiến"
    amount: int  # what that decision paid for it
    decision: str  # "QĐ số 12/QĐ-SYT ngày 12/12/2025"


@dataclass(frozen=True, slots=True)
class TitleBonus:
    amount: int | None
    note: str | None = None  # why the amount is not the full one (award.bonus_note)


def one_bonus_per_achievement(
    titles: Sequence[tuple[str, int | None]], paid: Sequence[PaidTitle] = (), mode: str = DIFFERENCE
) -> list[TitleBonus]:
    """What one decision pays for the titles (name, full amount) it grants one subject for one year, given
    the titles of that year already paid; in the order given. A title without a known amount stays unknown."""
    if mode not in SEVERAL_TITLES_MODES:
        raise ValueError(f"unknown mode of bonus_several_titles: {mode!r}")
    known = [n for n, (_name, full) in enumerate(titles) if full is not None]
    out = [TitleBonus(full) for _name, full in titles]
    if not known:
        return out
    top = max(known, key=lambda n: titles[n][1])  # the first of equals
    top_name, top_full = titles[top]
    for n in known:
        if n != top:
            out[n] = TitleBonus(0, f"Không chi: cùng thành tích chỉ nhận mức cao nhất (“{top_name}”)")
    earlier = [p for p in paid if p.amount > 0]
    if not earlier:
        return out
    sources = "; ".join(f"{p.decision} (“{p.name}”)" for p in earlier)
    already = sum(p.amount for p in earlier)
    if mode == DIFFERENCE:
        rest = max(top_full - already, 0)
        note = (
            f"Trừ {money_text(already)} đ đã nhận theo {sources}"
            if rest
            else f"Không chi: đã nhận {money_text(already)} đ theo {sources}"
        )
        out[top] = TitleBonus(rest, note)
    elif top_full <= max(p.amount for p in earlier):
        out[top] = TitleBonus(0, f"Không chi: đã nhận mức thưởng không thấp hơn theo {sources}")
    return out


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
    """ "ba triệu không trăm năm mươi nghìn" (lower case, without the currency)."""
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
    """ "Bảy trăm mười nghìn đồng": what follows "Bằng chữ:" under a total."""
    words = number_in_words(amount)
    return f"{words[:1].upper()}{words[1:]} đồng"
