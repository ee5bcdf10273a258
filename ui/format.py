"""How numbers and dates read on screen: Vietnamese style (25.000; 23/11/2025)."""

from __future__ import annotations

import datetime as dt

from app.text import birth_text, long_date, vn_date
from app.text.numbers import int_text, money_text

__all__ = ["birth_text", "date", "long_date", "money", "number", "weekday_date"]


def number(n: int | None) -> str:
    """Thousands separated by dots (app.text.numbers); a dash when there is none."""
    return "—" if n is None else int_text(n)


def money(amount: int | None) -> str:
    return "—" if amount is None else f"{money_text(amount)} đồng"


date = vn_date  # one spelling of a date for the whole program


WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def weekday_date(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {date(day)}"
