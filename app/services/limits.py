"""Text longer than its column allows: refused with a message the clerk can act on.

SQLite stores any length; PostgreSQL refuses the whole statement with a raw error that quotes the
row's data. Every writer of free text from outside (imports, typed names) asks here first.
"""

from __future__ import annotations

from sqlalchemy.orm import InstrumentedAttribute


def too_long(label: str, text: str | None, column: InstrumentedAttribute,
             what_to_do: str = "hãy sửa lại trong tệp") -> str | None:
    """The message for a value longer than `column` (a model attribute with a String length), or None."""
    limit = column.type.length
    if text is None or len(text) <= limit:
        return None
    return f"{label} dài {len(text)} ký tự, quá {limit} ký tự cho phép: {what_to_do}"
