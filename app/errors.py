"""Errors a clerk can cause or fix. Their messages are Vietnamese and say what to do."""

from __future__ import annotations


class UserError(Exception):
    """Shown to the clerk as it is; nothing was changed."""


class ValidationError(UserError):
    """Input that does not pass the checks."""


class StartupError(UserError):
    """The database cannot be opened as asked."""


# The database's refusals of a write (DatabaseBusy, DiskFull, ReadOnlyDatabase, DatabaseDamaged,
# ConnectionLost, ConstraintRefused: UserErrors too) live in app.refusals, which needs SQLAlchemy; this module
# does not, so that the window can import it before SQLAlchemy is loaded.
