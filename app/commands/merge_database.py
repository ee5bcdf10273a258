"""`python -m app merge-database OTHER.sqlite3 [--dry-run] [--json] [--under UNIT]`: another department's
whole database brought into this one (app.exchange.merge_database). A file that cannot be merged, or a unit
that cannot be found, is refused with exit 2 and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

from app.errors import UserError
from app.exchange.merge_database import merge_database, write_merge_report
from app.services.context import ServiceContext
from app.services.units import find_unit


def unit_named(ctx: ServiceContext, text: str) -> int:
    """The unit a clerk names by its code or its name; refused (exit 2) when there is none."""
    found = find_unit(ctx, text)  # an ambiguous name is refused there
    if found is None:
        raise UserError(f"Không có đơn vị có mã hoặc tên “{text}”. Chưa hợp nhất gì.")
    return found


def run_merge_database(ctx: ServiceContext, args) -> int:
    under = unit_named(ctx, args.under) if args.under else None
    units = {}
    for pair in args.map:
        theirs, sep, ours = pair.rpartition("=")
        if not sep or not theirs.strip() or not ours.strip():
            raise UserError(f"--map “{pair}”: hãy ghi ĐƠN_VỊ_BÊN_KIA=ĐƠN_VỊ_Ở_ĐÂY. Chưa hợp nhất gì.")
        units[theirs.strip()] = unit_named(ctx, ours)
    report = merge_database(
        ctx,
        Path(args.other),
        under=under,
        units=units,
        dry_run=args.dry_run,
        confirmed=args.join,
        accept_probable=args.accept_probable,
    )
    if args.report:
        write_merge_report(report, Path(args.report))
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
        return 0
    print(f"Dữ liệu của {report.source}; sổ văn bản của đơn vị cũ mang tên “{report.label}”.")
    print(("Chạy thử, chưa ghi gì. " if args.dry_run else "Đã hợp nhất. ") + report.summary())
    for line in report.conflicts:
        print(f"  xung đột — {line.what}: {line.detail}")
    for line in report.review:
        print(f"  cần xem xét — {line.what}: {line.detail}")
    for unit in report.suggestions:
        print(
            f"  đơn vị mới — {unit.theirs} (dưới “{unit.placed_under}”), gần giống: {'; '.join(unit.suggestions)}"
        )
    if report.backup is not None:
        print(f"Bản sao lưu trước khi hợp nhất: {report.backup}")
    if args.report:
        print(f"Danh sách đầy đủ: {args.report}")
    return 0
