"""The audit trail's chain: each row stores the SHA-256 of its own content and of the row before it.

    row_hash(row, prev_hash)        # the one hash the writer, the verifier and the migration share
    append_rows(connection, rows)   # the writer: ids, prev_hash and row_hash set, one INSERT
    verify_chain(ctx) -> ChainReport

Rows are append-only (the database refuses UPDATE and DELETE on audit_log: triggers from migration 0006),
so a change made behind the program's back must first get past the triggers; the chain then shows where.
A row's id is taken by the writer itself, under the writer lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an
advisory lock), so that the hash is known before the INSERT and no UPDATE is ever needed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, insert, select, text
from sqlalchemy.orm import Session

from app.settings import AUDIT_HEAD
from database.engine import PG_WRITER_LOCK
from database.models import AuditEntry


class Reader(Protocol):
    """A ServiceContext, as far as verifying needs it (app.services.context imports this module)."""

    def read(self) -> AbstractContextManager[Session]: ...

    def require(self, permission: Any, what: str = "", use_case: str = "") -> None: ...


GENESIS = "0" * 64


CONTENT = ("id", "at", "actor", "action", "entity", "entity_id", "summary", "before", "after")


def _canonical_time(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="microseconds")
    return value


def row_hash(row: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) of the canonical JSON of the row's content and the previous row's hash."""
    content = {key: row.get(key) for key in CONTENT}
    content["at"] = _canonical_time(content["at"])
    content["prev_hash"] = prev_hash
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _as_stored(value: Any) -> Any:
    """A JSON column's value as it will read back (tuples become lists, keys strings), so that the hash
    taken on writing is the hash the verifier computes on reading."""
    return None if value is None else json.loads(json.dumps(value))


def utc_now() -> dt.datetime:
    """Audit times are UTC, stored naive (the window shows them in local time)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def local_time(utc: dt.datetime) -> dt.datetime:
    """A stored (UTC, naive) time in the machine's local time zone, naive: how every screen shows it."""
    return utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def local_text(utc: dt.datetime | None) -> str:
    """ "07/12/2026 14:05:09" in local time ("" for none)."""
    return "" if utc is None else f"{local_time(utc):%d/%m/%Y %H:%M:%S}"


def local_time_text(utc: dt.datetime) -> str:
    """ "14:05 ngày 07/12/2026" in local time (a lock-out's end, a stale record's last change)."""
    local = local_time(utc)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def _tail(conn: Connection) -> tuple[int, str]:
    """The last row's id and hash, under the writer lock: no other writer can append until commit."""
    if conn.dialect.name == "postgresql":
        # (a writer of the program holds it since its transaction began; a migration or a restore takes it here)
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITER_LOCK})")
    last = conn.execute(
        select(AuditEntry.id, AuditEntry.row_hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return (0, GENESIS) if last is None else (last.id, last.row_hash)


def append_rows(conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """Append audit rows (at, actor, action, entity, entity_id, summary, before, after) to the chain."""
    last_id, prev = _tail(conn)
    chained = []
    for i, row in enumerate(rows, start=1):
        item = dict(row)
        item["id"] = last_id + i
        item["before"] = _as_stored(item.get("before"))
        item["after"] = _as_stored(item.get("after"))
        item.setdefault("entity_id", None)
        item.setdefault("summary", None)
        item["prev_hash"] = prev
        item["row_hash"] = prev = row_hash(item, prev)
        chained.append(item)
    if chained:
        conn.execute(insert(AuditEntry), chained)
        # The head, kept apart (app.settings.AUDIT_HEAD), so that `verify_chain` sees rows cut from the end.
        conn.execute(_UPSERT_HEAD, {"key": HEAD_KEY, "value": f"{prev}:{last_id + len(chained)}"})


HEAD_KEY = AUDIT_HEAD.key
_UPSERT_HEAD = text(
    "INSERT INTO app_setting (key, value) VALUES (:key, :value) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


# --- restores ------------------------------------------------------------------------------------------

# The triggers of migration 0006 that keep audit_log append-only on PostgreSQL.
PG_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete", "audit_log_no_truncate")


def suspend_append_only(conn: Connection) -> tuple[str, ...]:
    """PostgreSQL, inside a restore's transaction that empties every table and loads a backup: let it empty
    audit_log too. Triggers disabled with ALTER TABLE (the program's role owns its tables) are part of the
    transaction: a failed restore leaves them as they were; `resume_append_only` enables them again before
    the commit. Returns the triggers suspended (none on a schema from before the chain)."""
    present = conn.exec_driver_sql(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass('audit_log') AND NOT tgisinternal"
    ).scalars()
    names = tuple(n for n in present if n in PG_TRIGGERS)
    for name in names:
        conn.exec_driver_sql(f"ALTER TABLE audit_log DISABLE TRIGGER {name}")
    return names


def resume_append_only(conn: Connection, names: tuple[str, ...]) -> None:
    for name in names:
        conn.exec_driver_sql(f"ALTER TABLE audit_log ENABLE TRIGGER {name}")


# --- verification --------------------------------------------------------------------------------------

CONTENT_CHANGED = "content_changed"
ROW_MISSING = "row_missing"
REORDERED = "reordered"
TAIL_MISSING = "tail_missing"

_WHY = {
    CONTENT_CHANGED: "nội dung dòng đã bị sửa sau khi ghi",
    ROW_MISSING: "mất dòng trước nó (mã băm của dòng trước không khớp)",
    REORDERED: "thứ tự các dòng đã bị đảo",
    TAIL_MISSING: "các dòng cuối của nhật ký, từ dòng này, đã bị xóa",
}


@dataclass(frozen=True)
class BrokenRow:
    id: int
    at: dt.datetime | None
    actor: str | None
    action: str | None
    entity: str | None
    reason: str  # CONTENT_CHANGED, ROW_MISSING or REORDERED

    @property
    def reason_text(self) -> str:
        return _WHY[self.reason]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    rows: int  # rows checked (up to and including the first broken one)
    broken: BrokenRow | None = None


def verify_chain(ctx: Reader, batch: int = 5000) -> ChainReport:
    """Walk the chain in id order and stop at the first row that does not hold: its content no longer gives
    its hash (changed), or its prev_hash is not the hash of the row before it (that row deleted, or rows
    moved: the hash it names belongs to another row of the table)."""
    from app.domain.permissions import Permission  # the domain imports nothing of the services

    ctx.require(Permission.AUDIT, "kiểm tra nhật ký")
    checked = 0
    prev_hash, last_id = GENESIS, 0
    table = AuditEntry.__table__
    with ctx.read() as s:
        query = select(table).order_by(table.c.id).execution_options(yield_per=batch)
        broken = None
        result = s.execute(query)
        for row in result.mappings():
            checked += 1
            if row_hash(row, row["prev_hash"] or "") != row["row_hash"]:
                broken = (row, CONTENT_CHANGED)
                break
            if row["prev_hash"] != prev_hash:
                broken = (row, ROW_MISSING)
                break
            prev_hash, last_id = row["row_hash"], row["id"]
        result.close()
        if broken is None:
            return _checked_head(s, checked, prev_hash, last_id)
        row, reason = broken
        if reason == ROW_MISSING:
            named = s.execute(select(table.c.id).where(table.c.row_hash == row["prev_hash"])).first()
            reason = ROW_MISSING if named is None else REORDERED
    found = BrokenRow(row["id"], row["at"], row["actor"], row["action"], row["entity"], reason)
    return ChainReport(False, checked, found)


def _checked_head(s: Session, checked: int, last_hash: str, last_id: int) -> ChainReport:
    """The chain held; does it reach the head the last write recorded? (None recorded: a database from before
    the head was kept.)"""
    head = s.execute(text("SELECT value FROM app_setting WHERE key = :key"), {"key": HEAD_KEY}).scalar()
    if head is None:
        return ChainReport(True, checked)
    head_hash, _, head_id = head.partition(":")
    if head_hash == last_hash and head_id == str(last_id):
        return ChainReport(True, checked)
    cut = BrokenRow(last_id + 1, None, None, None, None, TAIL_MISSING)
    return ChainReport(False, checked, cut)
