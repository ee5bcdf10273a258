"""Dates as Vietnamese readers write them, for screens, documents and reports alike."""

from __future__ import annotations

import datetime as dt


def vn_date(day: dt.date | None) -> str:
    """05/01/2025; empty when there is no date."""
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def birth_text(birth_date: dt.date | None, birth_year: int | None) -> str:
    """dd/mm/yyyy, or the year alone when only the year is known (common in old lists)."""
    if birth_date:
        return vn_date(birth_date)
    return str(birth_year) if birth_year else ""
