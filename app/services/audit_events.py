"""Events as audit rows: what leaves the office (exports), what is printed, what is backed up. Each is a read
of the data, so its row is written in a short write of its own, in the name of the account that did it.

    audited_export(ctx, "Danh sách cán bộ", path, lambda: export_staff_xlsx(path, ...), people=len(rows))
    record_export(ctx, "Gói dữ liệu năm 2025", people=312, target=path, encrypted=False)
    ctx.log_event("print", "outgoing_document", "In Quyết định số 12/QĐ-SYT", {...}, document_id)

An export of personal data needs Permission.EXPORT: `audited_export` asks before the file is written, and
writes the row once it is (and takes the file away again if the row cannot be written: no export leaves
unrecorded). A database open read-only cannot hold a row: the event is then only logged to the program's
log (the data can still be got out of a damaged database).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.domain.permissions import Permission, use_case
from app.services.context import ServiceContext
from app.text.numbers import int_text

log = logging.getLogger(__name__)


@use_case(Permission.EXPORT, "xuất dữ liệu cá nhân ra ngoài")
def record_export(
    ctx: ServiceContext,
    what: str,
    people: int,
    target: str | Path,
    *,
    entity: str = "person",
    **details: Any,
) -> bool:
    """Personal data left the office: what, how many people, where (a file, a folder, a USB stick)."""
    summary = f"Xuất {what} ({int_text(people)} người) ra “{target}”"
    after = {"what": what, "people": people, "target": str(target), **details}
    return ctx.log_event("export", entity, summary, after)


def may_export(ctx: ServiceContext, what: str) -> None:
    """Refuse (PermissionDenied, an audit row) before anything is written."""
    ctx.require(Permission.EXPORT, f"xuất {what}")


def audited_export(
    ctx: ServiceContext,
    what: str,
    target: str | Path,
    write: Callable[[], int],
    people: int | None = None,
    *,
    entity: str = "person",
    **details: Any,
) -> int:
    """Asked first, then `write()` (returns the rows written), then its row: `people` (default: the rows
    written). The file is removed again when the row cannot be written."""
    may_export(ctx, what)
    written = write()
    try:
        record_export(ctx, what, written if people is None else people, target, entity=entity, **details)
    except BaseException:
        path = Path(target)
        if path.is_file():
            path.unlink(missing_ok=True)
        raise
    return written
