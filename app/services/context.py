"""The shape every use case follows: one unit of work, an audit row per change, NFC strings.

with ctx.write("Sửa thông tin cơ quan") as s:   # one transaction; audit rows written on flush (UTC times,
    ...                                         # appended to the hash chain of app.services.audit)
with ctx.read() as s:                           # no writes
    ...

A write begins as a writer (SQLite: BEGIN IMMEDIATE), so a second writer (another window, another PC) waits
its turn for a bounded time (database.engine.BUSY_TIMEOUT_MS) instead of failing at once. What the database
refuses is translated here, once, into a Vietnamese `UserError` (app.refusals: DatabaseBusy, DiskFull,
ReadOnlyDatabase, DatabaseDamaged, ConnectionLost, ConstraintRefused): the clerk never sees a traceback.
An UPDATE whose version condition matched no row (another clerk saved the record first, see
app.services.versions) becomes app.errors.StaleRecord, naming who saved it and when.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import errno
import hashlib
import logging
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, Text, event, inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.domain.permissions import Permission, PermissionDenied, Principal, running_use_case, trusted
from app.errors import UserError
from app.refusals import (
    ConnectionLost,
    ConstraintRefused,
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseRefused,
    DiskFull,
    ReadOnlyDatabase,
)
from app.services.audit import append_rows, utc_now
from app.services.versions import note_versioned_writes, stale_refusal, stale_suspects
from app.settings import is_secret
from app.text import clean
from database.engine import Database
from database.models import AuditEntry

log = logging.getLogger(__name__)

_write_locks: dict[int, threading.RLock] = {}
_locks_guard = threading.Lock()


def _writer_lane(db: Database) -> threading.RLock:
    """One writer at a time per open database, whichever thread asks."""
    with _locks_guard:
        return _write_locks.setdefault(id(db.engine), threading.RLock())


@dataclass(frozen=True)
class ServiceContext:
    """`actor` is the audit trail's "who"; `principal` what it may do: the signed-in account
    (`ServiceContext.signed_in`), or, when not given, the program itself (trusted: start-up, the demo, tests,
    a command on a database that has no account yet)."""

    db: Database
    actor: str = "system"
    principal: Principal | None = None

    def __post_init__(self):
        if self.principal is None:
            object.__setattr__(self, "principal", trusted(self.actor))

    @classmethod
    def signed_in(cls, db: Database, principal: Principal) -> ServiceContext:
        return cls(db, actor=principal.username, principal=principal)

    def require(self, permission: Permission, what: str = "", use_case: str = "") -> None:
        """Refuse (PermissionDenied) what the principal may not do; the refusal is an audit row."""
        if self.principal.may(permission):
            return
        denied = PermissionDenied(self.principal, permission, what)
        try:
            self.log_event(
                "deny",
                "permission",
                str(denied),
                {"permission": permission.value, "use_case": use_case or None},
            )
        except Exception:  # a busy or lost database must not turn the refusal into another error
            log.warning("the denial of %s to %s was not logged", permission, self.actor, exc_info=True)
        raise denied

    def log_event(
        self, action: str, entity: str, summary: str, after: dict | None = None, entity_id: int | None = None
    ) -> bool:
        """One event row (a refusal, a print, an export, a backup) in a short write of its own, in this
        context's name. The act was a read, or a use case already checked: the row is the program's own
        bookkeeping, written as the program. False when the database is open read-only (nothing can be
        written; the event goes to the program's log)."""
        if self.db.read_only is not None:
            log.warning(
                "not in the audit trail (read-only database): %s by %s: %s", action, self.actor, summary
            )
            return False
        with ServiceContext(self.db, actor=self.actor).write(summary) as s:
            s.info["bookkeeping"] = True
            record_bulk(s, self.actor, action, entity, summary, after, entity_id)
        return True

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read; what the database refuses here (a damaged page, a lost server) becomes its Vietnamese
        `UserError` too."""
        session = self.db.session()
        try:
            yield session
        except DBAPIError as exc:
            refused = database_refusal(exc)
            if refused is None:
                raise
            raise refused from exc
        finally:
            session.close()  # ends the transaction without expiring what was read

    @contextmanager
    def write(self, summary: str | None = None) -> Iterator[Session]:
        """A unit of work: commits on success, rolls everything back on any error. A database open read-only
        (`Database.read_only`: a read-only file or folder, a network share, another copy holding it, damage)
        refuses at once, with the reason, before anything is begun (once the integrity check still running
        behind the opening, if any, has given its verdict)."""
        self.db.settle()
        if self.db.read_only is not None:
            kind = DatabaseDamaged if self.db.read_only.damaged else ReadOnlyDatabase
            raise kind(message=f"{self.db.read_only.text} Chưa có gì được lưu.")
        if not self.principal.trusted and running_use_case() is None:
            raise RuntimeError(f"a write outside a use case: {summary!r}")  # every write is guarded
        with _writer_lane(self.db):
            session = self.db.session(write=True)
            session.info["actor"] = self.actor
            session.info["summary"] = summary
            event.listen(session, "before_flush", _normalise_strings)
            event.listen(session, "before_flush", note_versioned_writes)
            event.listen(session, "after_flush", _write_audit)
            pending = dict(self.db.pending_settings)
            try:
                yield session
                if pending and not session.info.get(
                    "bookkeeping"
                ):  # with the first write of data (Core, not audited)
                    session.execute(_UPSERT_SETTING, [{"key": k, "value": v} for k, v in pending.items()])
                session.commit()
                for key in pending:
                    self.db.pending_settings.pop(key, None)
            except BaseException as exc:
                stale = _stale_suspects(session, exc)  # read before the rollback forgets what was written
                try:
                    session.rollback()
                except Exception:  # a lost connection or a damaged file may refuse the rollback too
                    pass
                if stale is not None:  # another clerk saved the record meanwhile: a StaleRecord, once
                    raise stale_refusal(self.db, stale) from exc
                refused = database_refusal(exc)
                if refused is None:
                    raise
                log.warning("the database refused %r: %s", summary, exc)  # the driver's words, for support
                raise refused from exc
            finally:
                session.close()


_UPSERT_SETTING = text(
    "INSERT INTO app_setting (key, value) VALUES (:key, :value) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)

# SQLite's primary result codes (sqlite3 exceptions carry them since Python 3.11).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = (
    5,
    6,
    8,
    11,
    13,
    14,
)
_SQLITE_NOTADB = 26
_SQLITE_REFUSALS: dict[int, type[DatabaseRefused]] = {
    _SQLITE_BUSY: DatabaseBusy,
    _SQLITE_LOCKED: DatabaseBusy,
    _SQLITE_READONLY: ReadOnlyDatabase,
    _SQLITE_CANTOPEN: ReadOnlyDatabase,  # the -wal/-shm beside the file cannot be made: a read-only folder
    _SQLITE_FULL: DiskFull,
    _SQLITE_CORRUPT: DatabaseDamaged,
    _SQLITE_NOTADB: DatabaseDamaged,
}
_SQLITE_WORDS: tuple[tuple[str, type[DatabaseRefused]], ...] = (
    ("database is locked", DatabaseBusy),
    ("database table is locked", DatabaseBusy),
    ("database is busy", DatabaseBusy),
    ("database or disk is full", DiskFull),
    ("readonly database", ReadOnlyDatabase),
    ("unable to open database file", ReadOnlyDatabase),
    ("file is not a database", DatabaseDamaged),
    ("malformed", DatabaseDamaged),
)
# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_REFUSALS: dict[str, type[DatabaseRefused]] = {
    "55P03": DatabaseBusy,  # lock_not_available: lock_timeout ran out
    "40P01": DatabaseBusy,  # deadlock_detected
    "40001": DatabaseBusy,  # serialization_failure
    "57014": DatabaseBusy,  # query_canceled (statement_timeout)
    "53300": DatabaseBusy,  # too_many_connections
    "25006": ReadOnlyDatabase,  # read_only_sql_transaction (a standby, or default_transaction_read_only)
    "42501": ReadOnlyDatabase,  # insufficient_privilege
    "53100": DiskFull,  # disk_full
    "XX001": DatabaseDamaged,  # data_corrupted
    "XX002": DatabaseDamaged,  # index_corrupted
}
_PG_CLASSES: dict[str, type[DatabaseRefused]] = {
    "08": ConnectionLost,  # connection_exception
    "57": ConnectionLost,  # operator intervention: admin_shutdown, crash_shutdown, cannot_connect_now
    "53": DiskFull,  # insufficient resources: out of memory, disk full
    "23": ConstraintRefused,  # integrity_constraint_violation
}


def _stale_suspects(session: Session, exc: BaseException) -> list[tuple[str, int]] | None:
    """An UPDATE refused by its version condition (app.services.versions): the records it was writing."""
    if not isinstance(exc, StaleDataError):
        return None
    return stale_suspects(session, exc)


def database_refusal(exc: BaseException) -> DatabaseRefused | None:
    """The Vietnamese `UserError` for what the database (or the disk under it) refused, or None when `exc`
    is something else: a `UserError` a service raised (kept as it is) or a fault of the program."""
    if isinstance(exc, UserError):
        return None
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull(exc)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return ReadOnlyDatabase(exc)
        return None
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    kind: type[DatabaseRefused] | None = None
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            kind = _SQLITE_REFUSALS.get(code & 0xFF)
        if kind is None:
            words = str(orig).lower()
            kind = next((k for w, k in _SQLITE_WORDS if w in words), None)
    else:
        state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if state:
            kind = _PG_REFUSALS.get(state) or _PG_CLASSES.get(state[:2])
        if kind is None and exc.connection_invalidated:
            kind = ConnectionLost
    if kind is None and isinstance(exc, IntegrityError):
        kind = ConstraintRefused
    return kind(exc) if kind is not None else None


def clean_input(obj: Any) -> Any:
    """NFC and whitespace-clean every string of an incoming dataclass (recursively)."""
    if isinstance(obj, str):
        return clean(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: clean_input(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, (list, tuple)):
        return type(obj)(clean_input(x) for x in obj)
    return obj


def _normalise_strings(session: Session, _ctx, _instances) -> None:
    # A guard for every ORM write: text reaches the database in NFC, whoever built it.
    for obj in list(session.new) + list(session.dirty):
        mapper = inspect(obj).mapper
        for col in mapper.columns:
            if isinstance(col.type, (String, Text)) and col.key in mapper.attrs:
                value = getattr(obj, col.key, None)
                if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                    setattr(obj, col.key, unicodedata.normalize("NFC", value))


def to_jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return {"bytes": len(value), "sha256": hashlib.sha256(value).hexdigest()}
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    # Read the instance dict directly: loading an expired attribute mid-flush would query.
    state = inspect(obj)
    return {c.key: to_jsonable(state.dict.get(c.key)) for c in state.mapper.column_attrs}


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    before, after = {}, {}
    state = inspect(obj)
    for col_attr in state.mapper.column_attrs:
        hist = state.attrs[col_attr.key].history
        if hist.has_changes():
            before[col_attr.key] = to_jsonable(hist.deleted[0]) if hist.deleted else None
            after[col_attr.key] = to_jsonable(hist.added[0]) if hist.added else None
    return before, after


_MASKED = {"value": "(bí mật, không ghi vào nhật ký)"}
_SECRET_COLUMNS = {"account": frozenset({"password_hash"})}  # changed, never copied: a hash is still a secret


def _masked_columns(entity: str, values: dict | None) -> dict | None:
    secret = _SECRET_COLUMNS.get(entity)
    if not values or not secret:
        return values
    return {k: ("(đã thay đổi)" if k in secret and v is not None else v) for k, v in values.items()}


def _write_audit(session: Session, _ctx) -> None:
    if session.info.get(
        "bookkeeping"
    ):  # the use case writes its own audit rows (a sign-in: one row, no hash)
        return
    actor = session.info.get("actor", "system")
    summary = session.info.get("summary")
    now = utc_now()
    rows = []

    def row(action: str, obj: Any, before, after) -> None:
        if obj.__tablename__ == "app_setting" and is_secret(obj.key):
            before, after = (_MASKED if before else None), (_MASKED if after else None)
        before, after = _masked_columns(obj.__tablename__, before), _masked_columns(obj.__tablename__, after)
        rows.append(
            {
                "at": now,
                "actor": actor,
                "action": action,
                "entity": obj.__tablename__,
                "entity_id": getattr(obj, "id", None),
                "summary": summary,
                "before": before,
                "after": after,
            }
        )

    for obj in session.new:
        if not isinstance(obj, AuditEntry):
            row("create", obj, None, snapshot(obj))
    for obj in session.dirty:
        if isinstance(obj, AuditEntry) or not session.is_modified(obj, include_collections=False):
            continue
        before, after = _changes(obj)
        if after:
            row("update", obj, before, after)
    for obj in session.deleted:
        if not isinstance(obj, AuditEntry):
            row("delete", obj, snapshot(obj), None)
    if rows:
        append_rows(session.connection(), rows)


def record_bulk(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    summary: str,
    after: dict | None,
    entity_id: int | None = None,
) -> None:
    """One audit row written by hand: a bulk operation done with Core statements (imports, demo data), or an
    event that changes no record the ORM tracks (a sign-in, an export, a print, a refusal)."""
    append_rows(
        session.connection(),
        [
            {
                "at": utc_now(),
                "actor": actor,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "summary": summary,
                "before": None,
                "after": after,
            }
        ],
    )
