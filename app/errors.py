"""Errors a clerk can cause or fix. Their messages are Vietnamese and say what to do."""

from __future__ import annotations


class UserError(Exception):
    """Shown to the clerk as it is; nothing was changed."""


class ValidationError(UserError):
    """Input that does not pass the checks."""


class StartupError(UserError):
    """The database cannot be opened as asked."""


# The database's refusals of a write (DatabaseBusy, DiskFull, ReadOnlyDatabase, DatabaseDamaged,
# ConnectionLost, ConstraintRefused) live in app.refusals, which needs SQLAlchemy; they are importable from
# here too, loaded on first use, so that the window can import this module before SQLAlchemy is loaded.
_REFUSALS = {
    "DatabaseRefused",
    "DatabaseBusy",
    "DiskFull",
    "ReadOnlyDatabase",
    "DatabaseDamaged",
    "ConnectionLost",
    "ConstraintRefused",
}


def __getattr__(name: str):
    if name in _REFUSALS:
        from app import refusals

        return getattr(refusals, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
