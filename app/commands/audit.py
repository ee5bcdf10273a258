"""`python -m app audit verify`: check the audit trail's hash chain.

Exit codes: 0 the chain holds ("Nhật ký nguyên vẹn: N dòng"), 1 a row breaks it (the first one named: id,
time in local time, account, what), 2 refused ("Lỗi: …" on stderr).
"""

from __future__ import annotations

import datetime as dt

from app.services.audit import verify_chain
from app.services.context import ServiceContext


def local_time(at: dt.datetime | None) -> str:
    """An audit time (naive UTC) as the clerk's clock shows it."""
    if at is None:
        return "?"
    return f"{at.replace(tzinfo=dt.UTC).astimezone():%d/%m/%Y %H:%M:%S}"


def run_audit(ctx: ServiceContext, args) -> int:
    report = verify_chain(ctx)
    if report.ok:
        print(f"Nhật ký nguyên vẹn: {report.rows} dòng")
        return 0
    row = report.broken
    assert row is not None
    if row.actor is None:  # rows cut from the end: nothing left to describe but where the cut begins
        print(f"Nhật ký bị can thiệp: {row.reason_text} (dòng số {row.id}). Đã kiểm tra {report.rows} dòng.")
        return 1
    print(
        f"Nhật ký bị can thiệp từ dòng số {row.id} (lúc {local_time(row.at)}, tài khoản "
        f"“{row.actor}”, thao tác “{row.action}” trên “{row.entity}”): {row.reason_text}. "
        f"Đã kiểm tra {report.rows} dòng."
    )
    return 1
