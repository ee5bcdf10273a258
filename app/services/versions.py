"""Optimistic locking: a form saves over the version of the record it loaded, or not at all.

Every record a form edits has a `version` (database.models.base.Versioned) that each ORM UPDATE checks and
raises atomically. A form's read model carries it, the update use case takes it back as `expected_version`:

    person = _person(s, person_id)
    check_version(s, person, expected_version)   # None: no check (imports, the demo)

A version that moved (another clerk saved meanwhile) is refused with `StaleRecord`, naming who saved last and
when (the record's newest audit row). A change slipping in between this check and the UPDATE is caught by the
UPDATE's own version condition (StaleDataError), which `ServiceContext.write` turns into the same refusal.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.errors import StaleRecord
from app.services.audit import local_time_text
from database.engine import Database
from database.models import Account, AuditEntry
from database.models.base import Versioned, utcnow


def check_version(s: Session, obj: Any, expected_version: int | None, what: str | None = None) -> None:
    """Refuse (StaleRecord) when the record is no longer at the version the form loaded; `what` names the
    record where the form shows many."""
    if expected_version is None or obj.version == expected_version:
        return
    raise stale_record(s, obj.__tablename__, obj.id, what)


# The expected_version of a record the form showed as not there (a year not rated yet): versions start at 1.
ABSENT = 0


def check_shown(s: Session, obj: Any | None, expected_version: int | None, entity: str, what: str) -> None:
    """check_version for a record the form may have shown as absent (ABSENT): refused too when another clerk
    made it meanwhile, or removed the one the form showed."""
    if obj is not None:
        check_version(s, obj, expected_version, what)
    elif expected_version not in (None, ABSENT):
        raise StaleRecord(entity=entity, what=what)


def version_moved(model) -> dict[str, Any]:
    """The values a Core UPDATE of `model`'s rows adds so that each row's version moves as an ORM save's
    would (a form still showing the row before is then stale); nothing for a model without versions."""
    return {"version": model.version + 1} if issubclass(model, Versioned) else {}


def bump(obj: Any) -> None:
    """An edit of a record whose version moves by hand (Versioned.version_by_hand: an account)."""
    obj.version = obj.version + 1


def touch(s: Session, obj: Any) -> None:
    """At the end of a use case: count it as a change of `obj` when only rows beside it changed (a cluster's
    members, a registration's people), so that its version moves and a form open on it elsewhere is stale.
    A save that changed nothing writes nothing; a record this unit of work made or changed moved anyway."""
    if id(obj) in s.info.get(_WRITTEN, ()) or s.is_modified(obj, include_collections=False):
        return  # written anyway: its version moved with it
    pending = s.new or s.deleted or any(s.is_modified(o, include_collections=False) for o in s.dirty)
    if pending or s.info.get(_WROTE):
        obj.updated_at = utcnow()


# Rows about a record that are no edit of it: an account's own sign-ins (its version does not move for them).
_NOT_EDITS = ("sign_in", "sign_in_failed", "lock_out", "unlock")


def stale_record(s: Session, entity: str, entity_id: int | None, what: str | None = None) -> StaleRecord:
    """The refusal naming who last saved the record and when (local time), from its newest audit row."""
    last = s.execute(
        select(AuditEntry.actor, AuditEntry.at)
        .where(
            AuditEntry.entity == entity,
            AuditEntry.entity_id == entity_id,
            AuditEntry.action.not_in(_NOT_EDITS),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is None or entity_id is None:
        return StaleRecord(entity=entity, entity_id=entity_id, what=what)
    name = s.scalar(select(Account.full_name).where(Account.username == last.actor))
    who = f"{name} ({last.actor})" if name and name != last.actor else last.actor
    return StaleRecord(who, local_time_text(last.at), entity, entity_id, what)


_TABLE = re.compile(r"on table '([^']+)'")
_WRITING = "versioned_writes"
_WROTE = "versioned_wrote"  # some flush of this unit of work wrote something (for `touch`)
_WRITTEN = "versioned_written"  # id() of the records it made or changed


def note_versioned_writes(session: Session, _flush_context, _instances) -> None:
    """before_flush: the versioned records this flush updates or deletes (a failed flush forgets them);
    whether it writes anything at all, and what it makes (for `touch`)."""
    modified = [o for o in session.dirty if session.is_modified(o, include_collections=False)]
    if session.new or session.deleted or modified:
        session.info[_WROTE] = True
    session.info.setdefault(_WRITTEN, set()).update(map(id, list(session.new) + modified))
    session.info[_WRITING] = [
        (obj.__tablename__, state.identity[0])
        for obj in list(session.dirty) + list(session.deleted)
        if (state := inspect(obj)).mapper.version_id_col is not None and state.identity
    ]


def stale_suspects(session: Session, exc: StaleDataError) -> list[tuple[str, int]]:
    """The records the failed flush was writing on the table the error names."""
    found = _TABLE.search(str(exc))
    table = found.group(1) if found else None
    return [(t, i) for t, i in session.info.get(_WRITING, ()) if t == table]


def stale_refusal(db: Database, suspects: list[tuple[str, int]]) -> StaleRecord:
    """The StaleRecord for an UPDATE the version condition refused (after the rollback, in a new read)."""
    if len(suspects) != 1:
        return StaleRecord()
    with db.session() as s:
        return stale_record(s, *suspects[0])
