"""How numbers and dates read on screen: Vietnamese style (25.000; 23/11/2025)."""

from __future__ import annotations

import datetime as dt

from app.text import birth_text, long_date, vn_date

__all__ = ["birth_text", "date", "long_date", "money", "number", "weekday_date"]


def number(n: int | None) -> str:
    """Thousands separated by dots, as Vietnamese readers expect."""
    if n is None:
        return "—"
    return f"{n:,}".replace(",", ".")


def money(amount: int | None) -> str:
    return "—" if amount is None else f"{number(amount)} đồng"


date = vn_date  # one spelling of a date for the whole program


WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def weekday_date(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {date(day)}"
