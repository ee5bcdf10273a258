"""Text longer than its column allows: refused with a message the clerk can act on.

SQLite stores any length; PostgreSQL refuses the whole statement with a raw error that quotes the
row's data. Every writer of free text from outside (imports, typed names) asks here first.
"""

from __future__ import annotations

from sqlalchemy.orm import InstrumentedAttribute

from app.text.numbers import int_text


def limit_of(column: InstrumentedAttribute) -> int:
    """The length a String column holds. Looked up once: the attribute's own lookup is slow in a loop."""
    return column.type.length


def too_long(
    label: str, text: str | None, limit: int, what_to_do: str = "hãy sửa lại trong tệp"
) -> str | None:
    """The message for a value longer than `limit` (limit_of a column), or None."""
    if text is None or len(text) <= limit:
        return None
    return f"{label} dài {int_text(len(text))} ký tự, quá {int_text(limit)} ký tự cho phép: {what_to_do}"
