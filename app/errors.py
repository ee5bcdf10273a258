"""Errors a clerk can cause or fix. Their messages are Vietnamese and say what to do."""


class UserError(Exception):
    """Shown to the clerk as it is; nothing was changed."""


class ValidationError(UserError):
    """Input that does not pass the checks."""


class StartupError(UserError):
    """The database cannot be opened as asked."""
