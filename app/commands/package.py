"""`python -m app export package …` and `python -m app import package FILE …`: USB packages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.exchange.package import PackageScope, export_package, import_package
from app.services.context import ServiceContext

REFUSED = 2


def run_export_package(ctx: ServiceContext, args) -> int:
    scope = PackageScope(args.year, campaign_id=args.campaign, decision_id=args.decision)
    result = export_package(ctx, scope, Path(args.out), password=args.password or None)
    print(result.summary())
    for line in result.skipped:
        print(f"  không in được quyết định {line}", file=sys.stderr)
    return 0


def run_import_package(ctx: ServiceContext, args) -> int:
    """A refused package (PackageRefused, a UserError) propagates to the CLI: message on stderr, exit 2."""
    report = import_package(
        ctx,
        Path(args.file),
        password=args.password or None,
        dry_run=args.dry_run,
        accept_probable=args.accept_probable,
    )
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
    if report.errors:
        print(f"Lỗi: gói có {len(report.errors)} vấn đề; không nhập gì.", file=sys.stderr)
        for message in report.errors:
            print(f"  {message}", file=sys.stderr)
        return REFUSED
    if not args.json:
        print(f"Gói của {report.source}.")
        if report.signature is not None:
            print(f"Chữ ký: {report.signature.text}.")
        print(("Sẽ nhập. " if args.dry_run else "Đã nhập. ") + report.summary())
        for line in report.conflicts:
            print(f"  xung đột — {line.what}: {line.detail}")
        for line in report.review:
            print(f"  cần xem xét — {line.what}: {line.detail}")
    return 0
