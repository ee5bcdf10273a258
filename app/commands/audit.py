"""`python -m app audit verify`: check the audit trail's hash chain.

Exit codes: 0 the chain holds ("Nhật ký nguyên vẹn: N dòng"), 1 a row breaks it (the first one named: id,
time in local time, account, what — the words of the page's "Kiểm tra nhật ký"), 2 refused ("Lỗi: …").
"""

from __future__ import annotations

from app.services.audit import verify_chain
from app.services.audit_view import chain_text
from app.services.context import ServiceContext


def run_audit(ctx: ServiceContext, args) -> int:
    report = verify_chain(ctx)
    print(chain_text(report))
    return 0 if report.ok else 1
