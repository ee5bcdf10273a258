"""Dates as Vietnamese readers write them, for screens, documents and reports alike."""

from __future__ import annotations

import datetime as dt

# Width left for the day and month of a draft: they are written by hand after signing (FORMAT.md §4).
DATE_BLANK = " " * 6


def vn_date(day: dt.date | None) -> str:
    """05/01/2025; empty when there is no date."""
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def cited_date(day: dt.date | None) -> str:
    """A date as a document cites another ("ngày 29/3/2021", "ngày 08/01/2020"): days 1–9 get a zero, months
    only 1 and 2 do, as in long_date (FORMAT.md §4)."""
    if day is None:
        return ""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def birth_text(birth_date: dt.date | None, birth_year: int | None) -> str:
    """dd/mm/yyyy, or the year alone when only the year is known (common in old lists)."""
    if birth_date:
        return vn_date(birth_date)
    return str(birth_year) if birth_year else ""


def long_date(day: dt.date | None, year: int | None = None) -> str:
    """The way a document dates itself: "ngày 05 tháng 01 năm 2025". Days 1–9 get a zero, months only
    1 and 2 do (FORMAT.md §4). Without a day (a draft), day and month are left blank: the register
    fills them after signing, so the year is taken from `year` (this year when not given)."""
    if day is None:
        return f"ngày{DATE_BLANK}tháng{DATE_BLANK}năm {year or dt.date.today().year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: dt.date | None, year: int | None = None) -> str:
    """ "Thanh Hóa, ngày 01 tháng 7 năm 2020": the place, a comma, then the long date."""
    return f"{place}, {long_date(day, year)}" if place else long_date(day, year)
