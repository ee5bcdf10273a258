"""The shape every use case follows: one unit of work, an audit row per change, NFC strings.

with ctx.write("Sửa thông tin cơ quan") as s:   # one transaction; audit rows written on flush
    ...
with ctx.read() as s:                           # no writes
    ...
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, Text, event, insert, inspect
from sqlalchemy.orm import Session

from app.text import clean
from database.engine import Database
from database.models import AuditEntry

_write_locks: dict[int, threading.RLock] = {}
_locks_guard = threading.Lock()


def _writer_lane(db: Database) -> threading.RLock:
    """One writer at a time per open database, whichever thread asks."""
    with _locks_guard:
        return _write_locks.setdefault(id(db.engine), threading.RLock())


@dataclass(frozen=True)
class ServiceContext:
    db: Database
    actor: str = "system"

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self.db.session()
        try:
            yield session
        finally:
            session.close()  # ends the transaction without expiring what was read

    @contextmanager
    def write(self, summary: str | None = None) -> Iterator[Session]:
        """A unit of work: commits on success, rolls everything back on any error."""
        with _writer_lane(self.db):
            session = self.db.session()
            session.info["actor"] = self.actor
            session.info["summary"] = summary
            event.listen(session, "before_flush", _normalise_strings)
            event.listen(session, "after_flush", _write_audit)
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()


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


def _write_audit(session: Session, _ctx) -> None:
    actor = session.info.get("actor", "system")
    summary = session.info.get("summary")
    now = dt.datetime.now()
    rows = []

    def row(action: str, obj: Any, before, after) -> None:
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
        session.connection().execute(insert(AuditEntry), rows)


def record_bulk(session: Session, actor: str, action: str, entity: str, summary: str, after: dict) -> None:
    """One audit row for a bulk operation done with Core statements (imports, demo data)."""
    session.execute(
        insert(AuditEntry),
        [
            {
                "at": dt.datetime.now(),
                "actor": actor,
                "action": action,
                "entity": entity,
                "entity_id": None,
                "summary": summary,
                "before": None,
                "after": after,
            }
        ],
    )
