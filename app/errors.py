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


class StaleRecord(UserError):
    """Another clerk saved the record after this form loaded it: nothing of this save was written (the
    form may reload the record, app.services.versions). `who` and `when` come from the record's newest audit
    row; `when` is already local time text. `what` names the record where a form shows many (the ratings
    grid: whose rating, which year)."""

    def __init__(
        self,
        who: str | None = None,
        when: str | None = None,
        entity: str = "",
        entity_id=None,
        what: str | None = None,
    ):
        self.who, self.when, self.entity, self.entity_id, self.what = who, when, entity, entity_id, what
        record = what or "Bản ghi"
        if who and when:
            self.fact = f"{record} đã được {who} sửa lúc {when}"
        else:
            self.fact = f"{record} đã được người khác sửa sau khi biểu mẫu được mở"
        super().__init__(f"{self.fact}; tải lại?")

    def __reduce__(self):
        return type(self), (self.who, self.when, self.entity, self.entity_id, self.what)
